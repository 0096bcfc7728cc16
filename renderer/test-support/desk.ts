// Shared by the renderer's data-layer tests (Node, fake-indexeddb). Import this module
// FIRST, before anything that imports renderer/app/host.ts: it installs IndexedDB and a
// `desk` global (window.desk in the app) whose calls go through the real main-side handlers (contract validation,
// the wire encoding and the real PDF renderer), as the web host does over HTTP.
// Modules that import host.ts should be loaded with a dynamic import after this one.
import 'fake-indexeddb/auto';
import { ScanService } from '#main/scan/service.ts';
import { scannersOf } from '#main/scan/registry.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeskApi, type CallName, type DeskApi } from '#preload/contract.ts';
import { decodeWire, encodeWire, unwrap, type Envelope } from '#preload/wire.ts';
import { dispatch } from '#main/api.ts';
import { CapturedConsole, openTestHost } from '#main/settings/test-support.ts';
import { createConsoleApprover } from '#main/settings/approval.ts';
import { testSpooler } from '#main/print/test-support.ts';
import { openDeskDb, type DeskDb, type Officer } from '../db/schema.ts';
import { newKeyring } from '../db/protection/keyring.ts';
import { deriveDataKey } from '../db/protection/dataKey.ts';
import { openBytes } from '../db/protection/recordCipher.ts';
import { hashPassword } from '../features/officers/password.ts';
import { defaultOfficeSettings, validateOfficeSettings, type DeskSettings } from '../features/settings/officeSettings.ts';
import type { Procedure } from '#domain/model.ts';

/** Every call the renderer made to "main", as the decoded input main received. */
export const hostCalls: { name: CallName; input: unknown }[] = [];

/** The browser host's console as the administrator would read it: the one-time codes. */
export const hostConsole = new CapturedConsole();

/** The system's printers and spooler behind main's printing: main prints as the desktop app does. */
export const hostSpooler = testSpooler(['May-in-quay-1']);

// Main's privileged settings live in a temporary data directory; approvals print to hostConsole.
// The `desk` global is installed before anything is awaited: while this module waits, modules
// that do not import it (renderer/app/host.ts) may already run, and host.ts reads the global once.
const host = openTestHost({
  scans: new ScanService(async () => scannersOf([])),
  approver: createConsoleApprover({ out: hostConsole }),
  printHost: hostSpooler,
});

export const fakeDesk: DeskApi = createDeskApi(async (name, input) => {
  const { handlers } = await host;
  // Across the same JSON wire the web host uses, both ways.
  const received = decodeWire(encodeWire(input));
  hostCalls.push({ name, input: received });
  const envelope = await dispatch(handlers, name, received);
  return unwrap(decodeWire(encodeWire(envelope)) as Envelope);
});

(globalThis as { desk?: DeskApi }).desk = fakeDesk;

const { dir } = await host;
process.once('exit', () => rmSync(dir, { recursive: true, force: true }));

// Node 20 has no `navigator` at all, and quota.ts reads `navigator.storage` unguarded: give it
// a navigator without the Storage API (as a browser without it would have), which quota.ts
// treats as "no estimate". fakeStorageEstimate() replaces it for a test.
if (!('navigator' in globalThis)) {
  Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
}

let dbCounter = 0;

/**
 * A fresh, empty desk database of its own, its keys open as after a sign-in: a new keyring,
 * written when the database is created, and installed at once. `{ keys: false }`: a desk
 * before its first-run setup, locked and without keys.
 */
export function openTestDb(label = 'desk', options: { keys?: boolean } = {}): DeskDb {
  dbCounter += 1;
  const db = openDeskDb(`test-${label}-${process.pid}-${dbCounter}-${Math.random().toString(36).slice(2)}`);
  if (options.keys === false) return db;
  const { master, rows } = newKeyring();
  db.on('populate', (tx) => void tx.table('keyring').bulkAdd(rows));
  const data = rows.find((r) => r.id.startsWith('data:'))!;
  db.protection.install([deriveDataKey(data.kid!, openBytes(master, data.wrapped!, new TextEncoder().encode(`data-key/${data.kid}`)))], data.kid!, master);
  return db;
}

export const OFFICE_INPUT = {
  ...defaultOfficeSettings,
  officeName: 'UBND Phường Hai Bà Trưng',
  agencyId: '000.17.22.h56',
  placeName: 'Phường Hai Bà Trưng',
};

export function officeSettings(overrides: Partial<DeskSettings> = {}): DeskSettings {
  return validateOfficeSettings({ ...OFFICE_INPUT, ...overrides });
}

/** Three working days, the desk's default cut-off; two mandatory components of three. */
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
    { id: 'uy-quyen', name: 'Văn bản ủy quyền', accepted: ['original'], count: 1, mandatory: false },
  ],
  source: { url: 'https://example.invalid/test', retrieved: '2025-11-01' },
};

export const APPLICANT = {
  fullName: '  Nguyễn Văn An ',
  idNumber: '001090123456',
  dateOfBirth: '1990-01-01',
  gender: 'male' as const,
  address: 'Số 5, ngõ 12 phố Huế, Phường Hai Bà Trưng, Hà Nội',
  phone: '0912345678',
};

export const FAST_ITERATIONS = 1000;

/** An officer record with a cheap password hash (for tests only). */
export async function testOfficer(overrides: Partial<Officer> = {}, password = 'mat-khau-an-toan'): Promise<Officer> {
  return {
    id: `officer-${Math.random().toString(36).slice(2)}`,
    username: 'canbo1',
    fullName: 'Trần Thị Bình',
    role: 'officer',
    password: await hashPassword(password, FAST_ITERATIONS),
    active: true,
    createdAt: '2025-11-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A fresh desk database holding one accepted dossier of PROCEDURE, every component received. */
export async function acceptedTestDossier(label: string) {
  // Loaded here, after fake-indexeddb: both reach renderer/app/host.ts.
  const { installCatalog } = await import('../features/catalog/installCatalog.ts');
  const { recordDecision } = await import('../features/reception/recordDecision.ts');
  const db = openTestDb(label);
  const officer = await testOfficer();
  await installCatalog(db, { version: 't', effectiveFrom: '2025-01-01', procedures: [PROCEDURE] }, officer.id);
  const components = PROCEDURE.components.map((c) => ({ specId: c.id, name: c.name, received: true, kind: c.accepted[0]!, count: c.count }));
  const dossier = await recordDecision(
    db,
    { procedure: PROCEDURE, applicant: APPLICANT, components, sets: 1, decision: 'accepted' },
    { settings: officeSettings(), officer, now: deskInstant('2025-11-24', '09:00') },
  );
  return { db, officer, dossier };
}

/** Row counts of every table, and the whole settings table, to compare before/after. */
export async function snapshot(db: DeskDb) {
  return {
    procedures: await db.procedures.count(),
    dossiers: await db.dossiers.count(),
    officers: await db.officers.count(),
    audit: await db.audit.count(),
    files: await db.files.count(),
    outbox: await db.outbox.count(),
    rules: await db.rules.count(),
    settings: await db.settings.toArray(),
  };
}

/** Desk time "YYYY-MM-DD HH:mm" at UTC+7 as an instant. */
export function deskInstant(day: string, hhmm: string): Date {
  return new Date(`${day}T${hhmm}:00+07:00`);
}

/** Makes navigator.storage report this quota and usage until the returned undo is called. */
export function fakeStorageEstimate(quota: number, usage: number): () => void {
  const g = globalThis as unknown as { navigator?: unknown };
  const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', {
    value: { storage: { estimate: async () => ({ quota, usage }) } },
    configurable: true,
    writable: true,
  });
  return () => {
    if (had) Object.defineProperty(globalThis, 'navigator', had);
    else delete g.navigator;
  };
}

/** The PDF's text as poppler reads it, whitespace collapsed (lines wrap where layout decides). */
export function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'desk-pdf-'));
  try {
    const file = join(dir, 'form.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
