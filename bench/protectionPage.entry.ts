// Bundled by bench/pageSeed.ts and run inside the desk's page (real IndexedDB in Chromium,
// forms rendered by the web host's real main-side handler over HTTP): two databases of the
// same generated dossiers, one encrypted as the app stores them, one without encryption, and
// the production functions timed against each.
//
// The baseline ("plain") is the desk as it was before encryption (commit 2e91894^):
//   - the same openDeskDb schema, with the Protection middleware removed
//     (db.unuse({ stack: 'dbcore', name: 'Protection' })) before the database opens;
//   - a pass-through stand-in for db.protection: sealBlob/openBlob hand back their input, so
//     recordDecision/issueForm/pdfFile run unchanged and store the PDF as it is;
//   - plaintext search keys as the app kept them: domain/search/searchKeys.ts
//     dossierSearchKeys(), added to each dossier on its way into the dossiers table by a small
//     middleware of the bench's (demoDossiers and recordDecision set them themselves before
//     2e91894; the cost is the same, the place differs);
//   - the register's search as it was: a startsWith query on searchKeys, then bulkGet in
//     chunks of 200 up to 1,000 rows (viewDossiers' search branch at 2e91894^, copied below
//     as plainSearch). The encrypted side runs today's viewDossiers: blind tokens (anyOf),
//     bulkGet, each record opened and checked with matchesQuery.
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import type { Dossier, Procedure, ReceivedComponent } from '#domain/model.ts';
import { openDeskDb, type DeskDb, type Officer } from '#renderer/db/schema.ts';
import type { Protection } from '#renderer/db/protection/protection.ts';
import { installFromMaster, newKeyring } from '#renderer/db/protection/keyring.ts';
import { PROTECTED_TABLES } from '#renderer/db/protection/protectedTables.ts';
import type { SearchTerm } from '#domain/search/blindTerms.ts';
import { dossierSearchKeys, queryToPrefix } from '#domain/search/searchKeys.ts';
import { emptyFilter, rowsOf, viewDossiers, SEARCH_LIMIT } from '#renderer/features/dossiers/dossierQuery.ts';
import { recordDecision } from '#renderer/features/reception/recordDecision.ts';
import { issueForm } from '#renderer/features/reception/issueForm.ts';
import { demoDossiers } from '#renderer/features/demo/demoDossiers.ts';
import { CATALOG_VERSION_KEY } from '#renderer/features/catalog/installCatalog.ts';
import type { DeskSettings } from '#renderer/features/settings/officeSettings.ts';
import { fileThroughput, recordThroughput } from './sealing.ts';

export type Mode = 'sealed' | 'plain';

export interface ProtectionPageFacts {
  settings: DeskSettings;
  officer: Officer;
  procedures: Procedure[];
  catalogVersion: string;
  formsVersion: string;
  until: string;
  perDay: number;
  seed: number;
}

/** What the bench puts in place of db.protection on the database without encryption. */
const passThrough = {
  unlocked: true,
  sealBlob: async (plain: Blob) => plain,
  openBlob: async (stored: Blob) => stored,
  openBytes: async (stored: Blob) => new Uint8Array(await stored.arrayBuffer()),
  // Not reached by the baseline's search (plainSearch); plain terms in case anything asks.
  queryTokens: (term: SearchTerm) => [term.value],
  liveKeys: () => [],
  onChange: () => () => undefined,
};

/** The plaintext search keys the app stored before encryption, added on the way in. */
const plainSearchKeys: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'BenchPlainSearchKeys',
  level: 10,
  create(down) {
    return {
      ...down,
      table(name) {
        const table = down.table(name);
        if (name !== 'dossiers') return table;
        return {
          ...table,
          mutate(req: DBCoreMutateRequest) {
            if (req.type !== 'add' && req.type !== 'put') return table.mutate(req);
            const values = req.values.map((v) => {
              const d = v as Dossier;
              return {
                ...d,
                searchKeys: dossierSearchKeys({ code: d.code, fullName: d.applicant.fullName, idNumber: d.applicant.idNumber, phone: d.applicant.phone ?? '' }),
              };
            });
            return table.mutate({ ...req, values });
          },
        };
      },
    };
  },
};

const dbs = new Map<string, { db: DeskDb; mode: Mode }>();

async function open(name: string, mode: Mode, facts: ProtectionPageFacts): Promise<void> {
  await close(name);
  await new Promise<void>((ok, fail) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = () => ok();
    r.onerror = () => fail(r.error);
  });
  const db = openDeskDb(name);
  if (mode === 'plain') {
    db.unuse({ stack: 'dbcore', name: 'Protection' });
    db.use(plainSearchKeys);
    db.protection = passThrough as unknown as Protection;
  }
  await db.open();
  if (mode === 'sealed') {
    // As the first run does: a keyring born with the desk, its keys installed (signed in).
    const { master, rows } = newKeyring();
    await db.keyring.bulkAdd(rows);
    await installFromMaster(db, db.protection, master);
  }
  await db.settings.put({ key: CATALOG_VERSION_KEY, value: facts.catalogVersion });
  dbs.set(name, { db, mode });
}

async function close(name: string): Promise<void> {
  dbs.get(name)?.db.close();
  dbs.delete(name);
}

function get(name: string) {
  const entry = dbs.get(name);
  if (!entry) throw new Error(`database ${name} not open`);
  return entry;
}

function generate(facts: ProtectionPageFacts, count: number, seed = facts.seed): Dossier[] {
  return [...demoDossiers({ ...facts, until: new Date(facts.until), count, seed })];
}

/** Stores `count` generated dossiers through the database's own Dexie stack, 5,000 a bulkPut. */
async function seed(name: string, facts: ProtectionPageFacts, count: number): Promise<{ stored: number; generateMs: number; writeMs: number }> {
  const { db } = get(name);
  const t0 = performance.now();
  const rows = generate(facts, count);
  const t1 = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < rows.length; i += 5000) pending.push(db.dossiers.bulkPut(rows.slice(i, i + 5000)));
  await Promise.all(pending);
  const t2 = performance.now();
  return { stored: await db.dossiers.count(), generateMs: t1 - t0, writeMs: t2 - t1 };
}

/**
 * How a register is written in the restore figure (issue 17): `queued` is the app's path as the
 * bench seeding takes it (bulkPuts of 5,000 through the protection middleware, which seals each
 * record inside its transaction, all queued at once); `sealedRows` seals every record first (the
 * same sealRecord, timed alone) and writes the stored rows with plain IndexedDB puts, so the
 * write is timed without any sealing: the floor IndexedDB sets for this register;
 * `withoutSearchKeys` writes the same sealed rows less their multi-entry blind index.
 */
export type RestorePath = 'queued' | 'sealedRows' | 'withoutSearchKeys';

export interface RestoreRun {
  path: RestorePath;
  stored: number;
  /** Sealing alone (sealedRows, withoutSearchKeys): every record through sealRecord, no database. */
  sealMs: number | null;
  /** The write, from the first put to the last transaction's completion. */
  writeMs: number;
  /** Milliseconds each transaction of RESTORE_CHUNK dossiers took, in order (completion to completion). */
  chunkMs: number[];
  searchKeysPerDossier: number;
}

/** Dossiers a transaction in the restore figure, as the bench seeding and bench/desk.ts seedRegister write them. */
export const RESTORE_CHUNK = 5000;

async function restore(name: string, facts: ProtectionPageFacts, count: number, path: RestorePath): Promise<RestoreRun> {
  const { db } = get(name);
  const rows = generate(facts, count);
  const spec = PROTECTED_TABLES.dossiers!;
  let sealMs: number | null = null;
  let stored: Record<string, unknown>[] = [];
  const throughMiddleware = path === 'queued';
  if (!throughMiddleware) {
    const t = performance.now();
    stored = rows.map((r) => db.protection.sealRecord('dossiers', spec, r as unknown as Record<string, unknown>));
    sealMs = performance.now() - t;
    if (path === 'withoutSearchKeys') for (const row of stored) delete row[spec.index!.field];
  }
  const entries = (
    throughMiddleware ? rows.slice(0, 200).map((r) => db.protection.sealRecord('dossiers', spec, r as unknown as Record<string, unknown>)) : stored
  ).reduce((n, row) => n + ((row[spec.index!.field] as unknown[] | undefined)?.length ?? 0), 0);
  const sampled = throughMiddleware ? Math.min(200, rows.length) : stored.length;
  // Every transaction queued at once, as the bench seeding does.
  const done: number[] = [];
  const t0 = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i += RESTORE_CHUNK) {
    const written =
      path === 'queued'
        ? db.dossiers.bulkPut(rows.slice(i, i + RESTORE_CHUNK)).then(() => undefined)
        : new Promise<void>((ok, fail) => {
            const tx = db.backendDB().transaction('dossiers', 'readwrite');
            const store = tx.objectStore('dossiers');
            for (const row of stored.slice(i, i + RESTORE_CHUNK)) store.put(row);
            tx.oncomplete = () => ok();
            tx.onerror = tx.onabort = () => fail(tx.error);
          });
    pending.push(written.then(() => void done.push(performance.now() - t0)));
  }
  await Promise.all(pending);
  const writeMs = performance.now() - t0;
  return {
    path,
    stored: await db.dossiers.count(),
    sealMs,
    writeMs,
    chunkMs: done.map((t, i) => Math.round(t - (i ? done[i - 1]! : 0))),
    searchKeysPerDossier: Math.round((entries / sampled) * 10) / 10,
  };
}

const LOAD_CHUNK = 200;

/** The register's search before encryption (viewDossiers at 2e91894^, with an empty filter). */
async function plainSearch(db: DeskDb, query: string): Promise<Dossier[]> {
  const { prefix } = queryToPrefix(query.trim());
  const ids = await db.dossiers.where('searchKeys').startsWith(prefix).primaryKeys();
  const newestFirst = [...new Set(ids)].sort().reverse();
  const rows: Dossier[] = [];
  for (let i = 0; i < newestFirst.length && rows.length < SEARCH_LIMIT; i += LOAD_CHUNK) {
    for (const d of await db.dossiers.bulkGet(newestFirst.slice(i, i + LOAD_CHUNK))) {
      if (d && rows.length < SEARCH_LIMIT) rows.push(d);
    }
  }
  return rows;
}

async function sealedSearch(db: DeskDb, query: string): Promise<Dossier[]> {
  // Every row, opened: the plain side reads them all too.
  return rowsOf(await viewDossiers(db, { ...emptyFilter, query }));
}

export interface SearchRun {
  query: string;
  ms: number;
  count: number;
  /** The newest match's code and a digest of all matched codes, to compare both databases. */
  first: string;
  codes: string;
}

const digest = (codes: string[]) => {
  let h = 0;
  for (const c of [...codes].sort()) for (let i = 0; i < c.length; i++) h = (Math.imul(h, 31) + c.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
};

async function search(name: string, queries: string[]): Promise<SearchRun[]> {
  const { db, mode } = get(name);
  const out: SearchRun[] = [];
  for (const query of queries) {
    const t0 = performance.now();
    const rows = mode === 'sealed' ? await sealedSearch(db, query) : await plainSearch(db, query);
    const ms = performance.now() - t0;
    out.push({ query, ms, count: rows.length, first: rows[0]?.code ?? '', codes: digest(rows.map((r) => r.code)) });
    // Let the page breathe between queries, as between an officer's keystrokes.
    await new Promise((ok) => setTimeout(ok, 0));
  }
  return out;
}

export interface ReceiveRun {
  procedure: string;
  recordMs: number;
  issueMs: number;
  totalMs: number;
  pdfBytes: number;
  code: string;
}

/** recordDecision + issueForm for walk-in applicants (accepted, every component received). */
async function receive(name: string, facts: ProtectionPageFacts, count: number, offset: number): Promise<ReceiveRun[]> {
  const { db } = get(name);
  const walkIns = generate(facts, offset + count, 424242)
    .slice(offset)
    .map((d) => d.applicant);
  const out: ReceiveRun[] = [];
  for (let i = 0; i < walkIns.length; i++) {
    const procedure = facts.procedures[(offset + i) % facts.procedures.length]!;
    const components: ReceivedComponent[] = procedure.components.map((c) => ({
      specId: c.id,
      name: c.name,
      received: true,
      kind: c.accepted[0]!,
      count: c.count,
    }));
    const t0 = performance.now();
    const dossier = await recordDecision(
      db,
      { procedure, applicant: walkIns[i]!, components, sets: 1, decision: 'accepted' },
      { settings: facts.settings, officer: facts.officer },
    );
    const t1 = performance.now();
    const file = await issueForm(db, dossier, facts.settings, facts.officer);
    const t2 = performance.now();
    out.push({ procedure: procedure.code, recordMs: t1 - t0, issueMs: t2 - t1, totalMs: t2 - t0, pdfBytes: file.size, code: dossier.code });
  }
  return out;
}

/** One stored dossier and file as on disk (raw IndexedDB), to show what each database holds. */
async function rawSample(name: string): Promise<{ dossier: Record<string, unknown> | null; fileType: string | null }> {
  const idb = await new Promise<IDBDatabase>((ok, fail) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
  const req = <T>(r: IDBRequest<T>) => new Promise<T>((ok, fail) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => fail(r.error))));
  const tx = idb.transaction(['dossiers', 'files']);
  const [dossier] = (await req(tx.objectStore('dossiers').getAll(null, 1))) as Record<string, unknown>[];
  const [file] = (await req(tx.objectStore('files').getAll(null, 1))) as { blob: Blob }[];
  idb.close();
  const shown = dossier
    ? Object.fromEntries(
        Object.entries(dossier).map(([k, v]) => [
          k,
          v instanceof Uint8Array
            ? `<${v.length} bytes>`
            : Array.isArray(v)
              ? `<${v.length} keys, e.g. ${String(v.at(-1))}>`
              : typeof v === 'object'
                ? '<object>'
                : v,
        ]),
      )
    : null;
  return { dossier: shown, fileType: file?.blob.type ?? null };
}

async function micro(facts: ProtectionPageFacts, records: number, fileBytes: number) {
  const db = openDeskDb(`bench-micro-${Date.now()}`);
  const { master, rows } = newKeyring();
  await db.keyring.bulkAdd(rows);
  await installFromMaster(db, db.protection, master);
  const dossiers = generate(facts, records, 99);
  const result = { records: await recordThroughput(db.protection, dossiers), file: await fileThroughput(db.protection, fileBytes) };
  db.close();
  await Dexie_delete(db.name);
  return result;
}

function Dexie_delete(name: string): Promise<void> {
  return new Promise((ok) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = r.onerror = r.onblocked = () => ok();
  });
}

Object.assign(window, {
  __prot: { open, close, seed, search, receive, rawSample, micro, restore },
});
