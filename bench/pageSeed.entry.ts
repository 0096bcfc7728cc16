// Bundled by bench/pageSeed.ts and run inside the desk's page: generates the sample register
// with the app's own generator and stores it through the app's own Dexie database
// (openDeskDb), unlocked with the administrator's password as a sign-in would, so every
// dossier goes through the protection middleware: personal fields sealed, blind-index search
// keys computed by the middleware. Generated in the page, so 100,000 dossiers need not cross
// Playwright's protocol (≈ 2.5 MB/s for large arguments).
import { demoDossiers, type DemoOptions } from '#renderer/features/demo/demoDossiers.ts';
import { openDeskDb, type DeskDb } from '#renderer/db/schema.ts';
import { unlockForOfficer } from '#renderer/db/protection/keyring.ts';
import type { Dossier } from '#domain/model.ts';

export interface PageSeedOptions extends Omit<DemoOptions, 'until'> {
  until: string;
  chunk: number;
}

let opened: DeskDb | null = null;

/** The desk's database in this page, its keys opened with the officer's password (as at sign-in). */
async function unlock(username: string, password: string): Promise<void> {
  if (opened?.protection.unlocked) return;
  const db = openDeskDb();
  const officer = await db.officers.where('username').equals(username).first();
  if (!officer) throw new Error(`no officer ${username}`);
  await unlockForOfficer(db, db.protection, officer, password);
  opened = db;
}

function desk(): DeskDb {
  if (!opened) throw new Error('__benchUnlock first');
  return opened;
}

/** The forms version the first-run demo dossiers recorded (a sealed field: read through the key). */
async function formsVersion(): Promise<string> {
  const first = await desk().dossiers.orderBy('receivedAt').first();
  return first?.versions.forms ?? '';
}

async function seed(o: PageSeedOptions): Promise<{ stored: number; generateMs: number; writeMs: number }> {
  const db = desk();
  await db.dossiers.clear();
  const t0 = performance.now();
  const rows = [...demoDossiers({ ...o, until: new Date(o.until) })];
  const t1 = performance.now();
  // One Dexie transaction a chunk, all queued at once (the browser commits one while the next
  // is sealed): the middleware seals each record and computes its blind search keys
  // synchronously inside the transaction, as it does for the app's own writes.
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < rows.length; i += o.chunk) pending.push(db.dossiers.bulkPut(rows.slice(i, i + o.chunk)));
  await Promise.all(pending);
  const t2 = performance.now();
  return { stored: await db.dossiers.count(), generateMs: t1 - t0, writeMs: t2 - t1 };
}

/** Stored dossiers by code, opened by the middleware (as the app reads them). */
async function read(codes: string[]): Promise<Dossier[][]> {
  const db = desk();
  return Promise.all(codes.map((code) => db.dossiers.where('code').equals(code).toArray()));
}

function close(): void {
  opened?.close();
  opened = null;
}

Object.assign(window, { __benchUnlock: unlock, __benchFormsVersion: formsVersion, __benchSeed: seed, __benchRead: read, __benchClose: close });
