// Shared by the migration tests (Node, fake-indexeddb): a desk database opened at one version
// of the chain, the raw IndexedDB view of it, and records as desks of that time stored them.
// The records are written out by hand, not built by today's code: they are what an old
// profile holds, whatever the app does now.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import type { Dossier, Procedure } from '#domain/model.ts';
import { declareVersions, type Officer } from '../schema.ts';
import { hashPassword } from '#renderer/features/officers/password.ts';
import { MIGRATIONS } from './index.ts';

let counter = 0;

export function freshName(label: string): string {
  counter += 1;
  return `migration-${label}-${process.pid}-${counter}-${Math.random().toString(36).slice(2)}`;
}

/** The database as the app of that version opened it: versions 1..version, no later code. */
export async function openAtVersion(name: string, version: number): Promise<Dexie> {
  const db = new Dexie(name);
  declareVersions(
    db,
    MIGRATIONS.filter((m) => m.version <= version),
  );
  await db.open();
  return db;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export interface RawStore {
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: Record<string, { keyPath: string | string[]; unique: boolean; multiEntry: boolean }>;
}

/** The stores and indexes IndexedDB itself holds, read without Dexie. */
export async function rawSchema(name: string): Promise<{ version: number; stores: Record<string, RawStore> }> {
  const idb = await request(indexedDB.open(name));
  const stores: Record<string, RawStore> = {};
  const names = Array.from(idb.objectStoreNames);
  const tx = idb.transaction(names);
  for (const storeName of names) {
    const store = tx.objectStore(storeName);
    const indexes: RawStore['indexes'] = {};
    for (const indexName of Array.from(store.indexNames)) {
      const index = store.index(indexName);
      indexes[indexName] = { keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
    }
    stores[storeName] = { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes };
  }
  const version = idb.version;
  idb.close();
  return { version, stores };
}

/** Every row of one store as it is on disk. */
export async function rawRows(name: string, store: string): Promise<Record<string, unknown>[]> {
  const idb = await request(indexedDB.open(name));
  const rows = await request(idb.transaction(store).objectStore(store).getAll());
  idb.close();
  return rows as Record<string, unknown>[];
}

export async function textOf(blob: unknown): Promise<string> {
  assertBlob(blob);
  return blob.text();
}

function assertBlob(value: unknown): asserts value is Blob {
  if (!(value instanceof Blob)) throw new Error(`expected a Blob, got ${typeof value}`);
}

export const PROCEDURE: Procedure = {
  code: '1.004873',
  name: 'Cấp bản sao trích lục hộ tịch',
  field: 'Hộ tịch',
  level: 'commune',
  processingHours: 24,
  cutoff: null,
  fees: [{ amount: 8000, label: 'Phí cấp bản sao', channels: ['direct'] }],
  components: [
    { id: 'to-khai', name: 'Tờ khai theo mẫu', accepted: ['original'], count: 1, mandatory: true },
    { id: 'can-cuoc', name: 'Thẻ căn cước', accepted: ['certified', 'original'], count: 1, mandatory: true },
  ],
  source: { url: 'https://example.invalid/test', retrieved: '2025-11-01' },
};

/** An officer of a desk from before encryption: no copy of the desk's key yet (cheap hash, tests only). */
export async function oldOfficer(password: string): Promise<Officer> {
  return {
    id: 'officer-binh',
    username: 'canbo1',
    fullName: 'Trần Thị Bình',
    role: 'officer',
    password: await hashPassword(password, 1000),
    active: true,
    createdAt: '2025-11-01T00:00:00.000Z',
  };
}

const PEOPLE = [
  { fullName: 'Nguyễn Thị Hương Giang', idNumber: '001190234567', phone: '0987654321', address: 'Số 5, ngõ 12 phố Huế, Phường Hai Bà Trưng, Hà Nội' },
  { fullName: 'Trần Văn Bình', idNumber: '079085111222', phone: '0911222333', address: '18 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh' },
  { fullName: 'Lê Thị Ánh Tuyết', idNumber: '038192000777', phone: '0903444555', address: 'Thôn Đông, Xã Quảng Phú, Thanh Hoá' },
];

/**
 * The i-th dossier received on 24 November 2025 (i = 0, 1, 2), with the plain search keys
 * desks stored before encryption (folded words and tails, code, ID, phone).
 */
export function oldDossier(i: number, status: Dossier['status'] = 2): Dossier & { searchKeys: string[] } {
  const person = PEOPLE[i]!;
  const seq = String(i + 1).padStart(4, '0');
  const code = `000.17.22.H56-251124-${seq}`;
  const words = person.fullName.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().split(' ');
  const receivedAt = `2025-11-24T0${8 + i}:15:00+07:00`;
  return {
    id: `01KAT${i}Z8M5Q7R3W2X9YV4N6B1C`,
    code,
    decision: 'accepted',
    status,
    procedureCode: PROCEDURE.code,
    procedureName: PROCEDURE.name,
    processingHours: PROCEDURE.processingHours,
    fees: PROCEDURE.fees,
    sets: 1,
    applicant: { ...person, dateOfBirth: '1990-01-01', gender: i === 1 ? 'male' : 'female' },
    components: PROCEDURE.components.map((c) => ({ specId: c.id, name: c.name, received: true, kind: c.accepted[0]!, count: c.count })),
    receivedAt,
    appointmentAt: `2025-11-2${7 + i}T15:00:00+07:00`,
    officerId: 'officer-binh',
    officerName: 'Trần Thị Bình',
    deskId: 'desk-1',
    versions: { catalog: '2025.11', calendar: 'vn-2025', forms: 'tt03-2025', codePattern: 'qd20-2020' },
    updatedAt: receivedAt,
    searchKeys: [...words, ...words.map((_, k) => words.slice(k).join(' ')), code.toLowerCase(), seq, person.idNumber, person.phone, person.phone.slice(1)],
  };
}

/** A scanned component of a dossier as stored before encryption: the PDF in the clear. */
export function oldScan(dossier: Dossier, specId: string) {
  const text = `%PDF-1.7 ${specId} của ${dossier.applicant.fullName}`;
  return {
    id: `file-${dossier.id}-${specId}`,
    dossierId: dossier.id,
    kind: 'scan' as const,
    specId,
    name: `${dossier.code}-${specId}.pdf`,
    sha256: specId === 'to-khai' ? 'a'.repeat(64) : 'b'.repeat(64),
    size: new TextEncoder().encode(text).length,
    blob: new Blob([text], { type: 'application/pdf' }),
    createdAt: dossier.receivedAt,
  };
}

/** The receipt (Mẫu 01) printed for a dossier. */
export function oldReceipt(dossier: Dossier) {
  const text = `%PDF-1.7 Giấy tiếp nhận hồ sơ ${dossier.code} — ${dossier.applicant.fullName}`;
  return {
    id: `file-${dossier.id}-receipt`,
    dossierId: dossier.id,
    kind: 'receipt' as const,
    name: `${dossier.code}-mau-01.pdf`,
    sha256: 'c'.repeat(64),
    size: new TextEncoder().encode(text).length,
    blob: new Blob([text], { type: 'application/pdf' }),
    createdAt: dossier.receivedAt,
  };
}

/** A page scanned for a component and not yet saved as its PDF. */
export function oldScanPage(dossier: Dossier, specId: string, position: number) {
  return {
    id: `page-${dossier.id}-${specId}-${position}`,
    dossierId: dossier.id,
    specId,
    position,
    kind: 'gray' as const,
    blank: false,
    rotation: 0 as const,
    widthPt: 595,
    heightPt: 842,
    pdf: new Blob([`%PDF-1.7 trang ${position + 1} của ${dossier.applicant.fullName}`], { type: 'application/pdf' }),
    thumbnail: new Blob([`JPEG trang ${position + 1}`], { type: 'image/jpeg' }),
    createdAt: dossier.receivedAt,
  };
}
