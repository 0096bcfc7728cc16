// The benchmark's desk: the real browser host (main/web.ts) and Debian's Chromium on a
// persistent profile, as in tests/support/browser.ts, plus the first run and the seeding of
// large registers straight into the app's IndexedDB database.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, DESK_BROWSER } from '#tests/support/browser.ts';
import { startWebHost, type WebHost } from '#main/web.ts';
import type { Dossier, Procedure } from '#domain/model.ts';
import type { Officer } from '#renderer/db/schema.ts';
import type { DeskSettings } from '#renderer/features/settings/officeSettings.ts';
import { demoDossiers } from '#renderer/features/demo/demoDossiers.ts';
import { firstRun as firstRunAs, signIn as signInAs } from '#tests/support/deskFlows.ts';
import { pageSeedScript } from './pageSeed.ts';
import type { PageSeedOptions } from './pageSeed.entry.ts';

export { CHROMIUM };

export const ADMIN = { username: 'canbo1', fullName: 'Trần Thị Bình', password: 'mat-khau-an-toan' };

/**
 * tsx compiles with esbuild's keepNames, which wraps named inner functions in `__name(...)`;
 * functions handed to page.evaluate carry those calls into the page, so define it there.
 */
const NAME_SHIM = 'globalThis.__name ??= (f) => f;';

/** A benchmark may be slow on a loaded machine, but it must not fail for it: steps wait this long. */
const BENCH_STEP_TIMEOUT_MS = 10 * 60_000;

/** The browser host as the benchmarks use it: main's privileged settings in a folder of its own, never the user's. */
export async function startBenchHost(rendererDir: string): Promise<WebHost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'desk-bench-data-'));
  const host = await startWebHost({ rendererDir, dataDir });
  return {
    ...host,
    close: async () => {
      await host.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launch(profile: string, initScripts: string[] = []): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, DESK_BROWSER);
  context.setDefaultTimeout(BENCH_STEP_TIMEOUT_MS);
  await context.addInitScript(NAME_SHIM);
  for (const script of initScripts) await context.addInitScript(script);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.evaluate(NAME_SHIM).catch(() => undefined);
  return { context, page };
}

export async function newProfile(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `desk-bench-${label}-`));
}

export async function removeProfile(profile: string): Promise<void> {
  await rm(profile, { recursive: true, force: true });
}

/** First run with the demo office (the wizard's demo box): office, administrator, 60 sample dossiers. */
export const firstRun = (page: Page) => firstRunAs(page, ADMIN, 'demo');

export const signIn = (page: Page) => signInAs(page, ADMIN);

/** What the generator needs, read from the desk the wizard just set up. */
export interface DeskFacts {
  settings: DeskSettings;
  officer: Officer;
  procedures: Procedure[];
  catalogVersion: string;
  formsVersion: string;
}

// Raw IndexedDB in the page: the bundle's modules cannot be imported from page.evaluate.
const IDB_HELPERS = `
  window.__benchIdb ??= {
    open: () => new Promise((ok, fail) => {
      const r = indexedDB.open('mot-cua-desk');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    }),
    req: (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); }),
    done: (tx) => new Promise((ok, fail) => { tx.oncomplete = () => ok(); tx.onerror = () => fail(tx.error); tx.onabort = () => fail(tx.error); }),
  };
`;

/** Loads the seeding bundle and opens the desk's keys in the page with the administrator's password. */
async function unlockInPage(page: Page): Promise<void> {
  await page.evaluate(await pageSeedScript());
  await page.evaluate(
    ({ username, password }) => (window as unknown as { __benchUnlock(u: string, p: string): Promise<void> }).__benchUnlock(username, password),
    {
      username: ADMIN.username,
      password: ADMIN.password,
    },
  );
}

export async function readDeskFacts(page: Page): Promise<DeskFacts> {
  await page.evaluate(IDB_HELPERS);
  const facts = await page.evaluate(async () => {
    const h = (window as unknown as { __benchIdb: BenchIdb }).__benchIdb;
    const db = await h.open();
    const tx = db.transaction(['settings', 'officers', 'procedures'], 'readonly');
    const settings = tx.objectStore('settings');
    const office = (await h.req(settings.get('office'))) as { value: unknown };
    const catalog = (await h.req(settings.get('catalogVersion'))) as { value: string } | undefined;
    const officers = (await h.req(tx.objectStore('officers').getAll())) as Officer[];
    const procedures = (await h.req(tx.objectStore('procedures').getAll())) as Procedure[];
    db.close();
    return {
      settings: office.value as DeskSettings,
      officer: officers.sort((a, b) => (a.username < b.username ? -1 : 1))[0]!,
      procedures,
      catalogVersion: catalog?.value ?? '',
    };
  });
  // The demo dossiers' versions are sealed now: read one through the unlocked Dexie.
  await unlockInPage(page);
  const formsVersion = await page.evaluate(() => (window as unknown as { __benchFormsVersion(): Promise<string> }).__benchFormsVersion());
  return { ...facts, formsVersion };
}

interface BenchIdb {
  open(): Promise<IDBDatabase>;
  req<T>(r: IDBRequest<T>): Promise<T>;
  done(tx: IDBTransaction): Promise<void>;
}

export const SEED = 20261123;
/**
 * The generator's default 40 a day reaches back past the first code pattern's effective
 * date (2020-09-15) at 100k, so the benchmark seeds 80 a day (≈ 3.4 years for 100k).
 */
export const PER_DAY = 80;

/** The seeded register as the generator makes it (fixed seed): what the page stores. */
export function generateDossiers(facts: DeskFacts, count: number, until: Date, seed = SEED): Dossier[] {
  if (!facts.formsVersion) throw new Error('no forms version found on the seeded demo dossiers');
  return [
    ...demoDossiers({
      count,
      settings: facts.settings,
      procedures: facts.procedures,
      officer: facts.officer,
      catalogVersion: facts.catalogVersion,
      formsVersion: facts.formsVersion,
      until,
      perDay: PER_DAY,
      seed,
    }),
  ];
}

/**
 * Replaces the register with `count` generated dossiers: the page runs the same generator
 * with the same inputs (bundled by pageSeed.ts) and stores them through the app's unlocked,
 * encrypting Dexie database, 5,000 a transaction.
 */
export async function seedRegister(page: Page, facts: DeskFacts, count: number, until: Date): Promise<{ stored: number; generateMs: number; writeMs: number }> {
  await unlockInPage(page);
  const options: PageSeedOptions = {
    count,
    settings: facts.settings,
    procedures: facts.procedures,
    officer: facts.officer,
    catalogVersion: facts.catalogVersion,
    formsVersion: facts.formsVersion,
    until: until.toISOString(),
    perDay: PER_DAY,
    seed: SEED,
    chunk: 5000,
  };
  return page.evaluate(
    (o) => (window as unknown as { __benchSeed(o: PageSeedOptions): Promise<{ stored: number; generateMs: number; writeMs: number }> }).__benchSeed(o),
    options,
  );
}

/**
 * Reads some stored dossiers back by code, opened through the page's unlocked Dexie (they are
 * sealed on disk); apart from the id (a ULID with random bits) they must equal what Node
 * generated (same generator, same inputs). Closes the page's extra connection afterwards.
 */
export async function sameAsGenerated(page: Page, dossiers: Dossier[]): Promise<boolean> {
  if (dossiers.length === 0) return true;
  const picks = [0, Math.floor(dossiers.length / 2), dossiers.length - 1].map((i) => dossiers[i]!);
  await unlockInPage(page);
  const stored = await page.evaluate(
    (codes) => (window as unknown as { __benchRead(c: string[]): Promise<Dossier[][]> }).__benchRead(codes),
    picks.map((d) => d.code),
  );
  await page.evaluate(() => (window as unknown as { __benchClose(): void }).__benchClose());
  // Opened records list the sealed fields first, the clear ones after: compare with sorted keys.
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  const withoutId = (d: unknown) => JSON.stringify(canonical({ ...(d as Dossier), id: '' }));
  const same = picks.every((d, i) => stored[i]!.length === 1 && withoutId(d) === withoutId(stored[i]![0]));
  if (!same) process.stderr.write(`generated: ${withoutId(picks[0])}\nstored:    ${stored[0]?.[0] ? withoutId(stored[0][0]) : 'none'}\n`);
  return same;
}

/** The raw stored record of one dossier (as on disk), to show the register really is sealed. */
export async function rawStoredDossier(page: Page, code: string): Promise<Record<string, unknown> | null> {
  await page.evaluate(IDB_HELPERS);
  return page.evaluate(async (code) => {
    const h = (window as unknown as { __benchIdb: BenchIdb }).__benchIdb;
    const db = await h.open();
    const rows = (await h.req(db.transaction('dossiers').objectStore('dossiers').index('code').getAll(code))) as Record<string, unknown>[];
    db.close();
    const row = rows[0];
    if (!row) return null;
    return Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        v instanceof Uint8Array ? `<${v.length} bytes>` : Array.isArray(v) ? `<${v.length} keys, e.g. ${String(v.at(-1))}>` : v,
      ]),
    );
  }, code);
}

export async function countDossiers(page: Page): Promise<number> {
  await page.evaluate(IDB_HELPERS);
  return page.evaluate(async () => {
    const h = (window as unknown as { __benchIdb: BenchIdb }).__benchIdb;
    const db = await h.open();
    const n = await h.req(db.transaction('dossiers').objectStore('dossiers').count());
    db.close();
    return n;
  });
}
