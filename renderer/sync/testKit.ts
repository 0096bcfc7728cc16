// Shared by the sync tests: a reference province on loopback, local dossiers with files
// written as reception writes them (record, files and outbox entry in one transaction),
// and fetch wrappers that count and break requests. All personal data here is invented.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { toDeskIso } from '#domain/deskTime.ts';
import type { Dossier } from '#domain/model.ts';
import { startProvincialServer, type ProvincialServer } from '#tests/provincial/app.ts';
import { createEnrolmentCode } from '#tests/provincial/auth.ts';
import type { DeskDb, StoredFile } from '../db/schema.ts';
import type { FetchLike } from './auth.ts';

export const AGENCY = '000.17.22.H56';

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export interface Province {
  server: ProvincialServer;
  url: string;
  dataDir: string;
  port: number;
  code(): string;
  /** Stops the server, keeping its data. */
  down(): Promise<void>;
  /** Starts it again on the same port and data. */
  up(): Promise<void>;
  close(): Promise<void>;
  count(sql: string, ...args: unknown[]): number;
}

export async function startProvince(): Promise<Province> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sync-province-'));
  let server = await startProvincialServer({ dataDir });
  const port = Number(new URL(server.url).port);
  let up = true;
  const province: Province = {
    get server() {
      return server;
    },
    url: server.url,
    dataDir,
    port,
    code: () => createEnrolmentCode(server.db, AGENCY, 'test').code,
    async down() {
      if (up) await server.close();
      up = false;
    },
    async up() {
      server = await startProvincialServer({ dataDir, port });
      up = true;
    },
    async close() {
      await province.down();
      rmSync(dataDir, { recursive: true, force: true });
    },
    count: (sql, ...args) => (server.db.prepare(sql).get(...args) as { n: number }).n,
  };
  return province;
}

let sequence = 0;

export interface LocalFile {
  bytes: Uint8Array;
  name?: string;
  specId?: string;
}

/** A dossier with its files and its outbox entry, as one reception transaction writes them. */
export async function receiveDossier(db: DeskDb, files: LocalFile[] = [], at = new Date()): Promise<Dossier> {
  sequence += 1;
  const receivedAt = toDeskIso(at);
  const dossier: Dossier = {
    id: ulid(at.getTime()),
    code: `${AGENCY}-261123-${String(sequence).padStart(4, '0')}`,
    decision: 'accepted',
    status: 2,
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    processingHours: 0,
    fees: [{ amount: 0, label: 'Miễn lệ phí' }],
    sets: 1,
    applicant: { fullName: 'Nguyễn Văn Thử', idNumber: '001099000000', dateOfBirth: '1990-01-01', gender: 'male', address: 'Số 1 Phố Thử, Hà Nội' },
    components: [{ specId: 'to-khai', name: 'Tờ khai', received: true, kind: 'original', count: 1 }],
    receivedAt,
    appointmentAt: receivedAt,
    officerId: 'officer-1',
    officerName: 'Cán bộ Thử',
    deskId: '1',
    versions: { catalog: '2026.11-default', calendar: 'vn-2026.1', forms: 'tt03-2025', codePattern: 'default' },
    updatedAt: receivedAt,
  };
  const records: StoredFile[] = await Promise.all(
    files.map(async (f, i) => ({
      id: `${dossier.id}-${i}`,
      dossierId: dossier.id,
      kind: 'scan',
      specId: f.specId ?? 'to-khai',
      name: f.name ?? `to-khai-${i}.pdf`,
      sha256: sha256(f.bytes),
      size: f.bytes.length,
      blob: await db.protection.sealBlob(new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' })),
      createdAt: receivedAt,
    })),
  );
  await db.transaction('rw', [db.dossiers, db.files, db.outbox], async () => {
    await db.dossiers.add(dossier);
    if (records.length > 0) await db.files.bulkAdd(records);
    await db.outbox.add({ dossierId: dossier.id, kind: 'dossier.upsert', createdAt: receivedAt });
  });
  return dossier;
}

/** A local change to a dossier, written with its outbox entry as the features do. */
export async function changeDossier(db: DeskDb, id: string, patch: Partial<Dossier>): Promise<void> {
  await db.transaction('rw', [db.dossiers, db.outbox], async () => {
    await db.dossiers.update(id, patch);
    await db.outbox.add({ dossierId: id, kind: 'dossier.upsert', createdAt: new Date().toISOString() });
  });
}

export interface Traffic {
  requests: Array<{ method: string; path: string; status: number | 'failed' }>;
  patchBytes: number;
}

/** Counts every request and the PATCH body bytes that left the desk. */
export function countingFetch(inner: FetchLike = (i, init) => fetch(i, init)): { fetch: FetchLike; traffic: Traffic } {
  const traffic: Traffic = { requests: [], patchBytes: 0 };
  return {
    traffic,
    fetch: async (input, init = {}) => {
      const method = init.method ?? 'GET';
      const path = new URL(input).pathname;
      if (method === 'PATCH' && init.body instanceof Blob) traffic.patchBytes += init.body.size;
      try {
        const res = await inner(input, init);
        traffic.requests.push({ method, path, status: res.status });
        return res;
      } catch (e) {
        traffic.requests.push({ method, path, status: 'failed' });
        throw e;
      }
    },
  };
}

/** Sends only the first `keep` bytes of a PATCH body, then cuts the connection. */
export async function cutPatch(input: string, init: RequestInit, keep: number): Promise<never> {
  const bytes = new Uint8Array(await (init.body as Blob).arrayBuffer()).subarray(0, keep);
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(bytes);
        return;
      }
      // Let the bytes reach the server before the link drops.
      await new Promise((r) => setTimeout(r, 150));
      controller.error(new Error('link cut'));
    },
  });
  await fetch(input, { ...init, body, duplex: 'half' } as RequestInit);
  throw new TypeError('fetch failed');
}

export function randomBytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let a = seed >>> 0;
  for (let i = 0; i < size; i += 1) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = a >>> 24;
  }
  return out;
}
