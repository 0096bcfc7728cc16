// The benchmark's desk: the real browser host (main/web.ts) and Debian's Chromium on a
// persistent profile, as in tests/support/browser.ts, plus the first run and the seeding of
// large registers straight into the app's IndexedDB database.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, DESK_BROWSER } from '../tests/support/browser.ts';
import type { Dossier, Procedure } from '../domain/model.ts';
import type { Officer } from '../renderer/db/schema.ts';
import type { DeskSettings } from '../renderer/features/settings/officeSettings.ts';
import { demoDossiers } from '../renderer/features/demo/demoDossiers.ts';
import { firstRun as firstRunAs, signIn as signInAs } from '../tests/support/deskFlows.ts';
import { pageSeedScript } from './pageSeed.ts';
import type { PageSeedOptions } from './pageSeed.entry.ts';

export { CHROMIUM };


export const ADMIN = { username: 'canbo1', fullName: 'Trần Thị Bình', password: 'mat-khau-an-toan' };

/**
 * tsx compiles with esbuild's keepNames, which wraps named inner functions in `__name(...)`;
 * functions handed to page.evaluate carry those calls into the page, so define it there.
 */
const NAME_SHIM = 'globalThis.__name ??= (f) => f;';

export async function launch(profile: string, initScripts: string[] = []): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, DESK_BROWSER);
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

export async function readDeskFacts(page: Page): Promise<DeskFacts> {
  await page.evaluate(IDB_HELPERS);
  return page.evaluate(async () => {
    const h = (window as unknown as { __benchIdb: BenchIdb }).__benchIdb;
    const db = await h.open();
    const tx = db.transaction(['settings', 'officers', 'procedures', 'dossiers'], 'readonly');
    const settings = tx.objectStore('settings');
    const office = (await h.req(settings.get('office'))) as { value: unknown };
    const catalog = (await h.req(settings.get('catalogVersion'))) as { value: string } | undefined;
    const officers = (await h.req(tx.objectStore('officers').getAll())) as Officer[];
    const procedures = (await h.req(tx.objectStore('procedures').getAll())) as Procedure[];
    const sample = (await h.req(tx.objectStore('dossiers').getAll(null, 1))) as Dossier[];
    db.close();
    return {
      settings: office.value as DeskSettings,
      officer: officers.sort((a, b) => (a.username < b.username ? -1 : 1))[0]!,
      procedures,
      catalogVersion: catalog?.value ?? '',
      formsVersion: sample[0]?.versions.forms ?? '',
    };
  });
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
 * with the same inputs (bundled by pageSeed.ts) and writes 5,000 a transaction.
 */
export async function seedRegister(page: Page, facts: DeskFacts, count: number, until: Date): Promise<{ stored: number; generateMs: number; writeMs: number }> {
  await page.evaluate(await pageSeedScript());
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
  return page.evaluate((o) => (window as unknown as { __benchSeed(o: PageSeedOptions): Promise<{ stored: number; generateMs: number; writeMs: number }> }).__benchSeed(o), options);
}

/**
 * Reads some stored dossiers back by code; apart from the id (a ULID with random bits) they
 * must equal what Node generated (same generator, same inputs).
 */
export async function sameAsGenerated(page: Page, dossiers: Dossier[]): Promise<boolean> {
  if (dossiers.length === 0) return true;
  const picks = [0, Math.floor(dossiers.length / 2), dossiers.length - 1].map((i) => dossiers[i]!);
  await page.evaluate(IDB_HELPERS);
  const stored = await page.evaluate(async (codes) => {
    const h = (window as unknown as { __benchIdb: BenchIdb }).__benchIdb;
    const db = await h.open();
    const index = db.transaction('dossiers').objectStore('dossiers').index('code');
    const rows = await Promise.all(codes.map((code) => h.req(index.getAll(code))));
    db.close();
    return rows;
  }, picks.map((d) => d.code));
  const withoutId = (d: unknown) => JSON.stringify({ ...(d as Dossier), id: '' });
  return picks.every((d, i) => stored[i]!.length === 1 && withoutId(d) === withoutId(stored[i]![0]));
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
