// The scan panel with a large dossier component: how long 300 stored pages take to appear
// as thumbnails, and how long moving one page takes (every move rewrites the order in one
// transaction), against the same with 10 pages, in the real renderer over IndexedDB.
import { fileURLToPath } from 'node:url';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { defaultRendererDir } from '#main/web.ts';
import { firstRun, launch, newProfile, removeProfile, signIn, startBenchHost } from './desk.ts';
import { median, round } from './stats.ts';

const LARGE = 300;
const SMALL = 10;
const RUNS = 3;

/** Fills the first dossier's first component with `count` copies of one imported page, straight into IndexedDB. */
async function seedPages(page: Page, count: number): Promise<void> {
  await page.evaluate(async (n) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open('mot-cua-desk');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const tx = db.transaction('scanPages', 'readwrite');
    const store = tx.objectStore('scanPages');
    const all = await new Promise<{ id: string; position: number }[]>((ok) => {
      const r = store.getAll();
      r.onsuccess = () => ok(r.result as { id: string; position: number }[]);
    });
    const template = all[0]!;
    for (let i = 1; i < n; i++) store.put({ ...template, id: `${template.id}-${String(i).padStart(4, '0')}`, position: i });
    await new Promise<void>((ok) => (tx.oncomplete = () => ok()));
    db.close();
  }, count);
}

async function openPanel(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
  await page.locator('.list-row .code').first().waitFor();
  await page.getByRole('row').nth(1).dblclick();
  await page.locator('.component-row').first().getByRole('button', { name: 'Quét / nhập tệp' }).click();
  await page.getByTestId('scan-panel').waitFor();
}

async function measure(count: number, rendererDir: string): Promise<{ showMs: number; moveMs: number }> {
  const host = await startBenchHost(rendererDir);
  const profile = await newProfile(`scan-ui-${count}`);
  const { context, page } = await launch(profile);
  try {
    await page.goto(host.openUrl);
    await firstRun(page);
    await signIn(page);
    await openPanel(page);
    const png = Buffer.from(
      await (
        await import('sharp')
      )
        .default({ create: { width: 1240, height: 1754, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
    );
    await page.locator('input[name=scan-import]').setInputFiles({ name: 'p.png', mimeType: 'image/png', buffer: png });
    await page.locator('ol.thumbs li').first().waitFor();
    await seedPages(page, count);
    const shows: number[] = [];
    const moves: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await page.getByRole('button', { name: 'Đóng' }).click();
      const t0 = Date.now();
      await openPanel(page);
      await page
        .locator('ol.thumbs li')
        .nth(count - 1)
        .waitFor();
      await page.waitForFunction((n) => [...document.querySelectorAll('ol.thumbs img')].filter((i) => (i as HTMLImageElement).complete).length >= n, count);
      shows.push(Date.now() - t0);
      const first = await page.locator('ol.thumbs li').first().getAttribute('data-page-id');
      const t1 = Date.now();
      await page.locator('ol.thumbs li').first().getByRole('button', { name: 'Xuống sau' }).click();
      await page.waitForFunction((id) => document.querySelector('ol.thumbs li')?.getAttribute('data-page-id') !== id, first);
      moves.push(Date.now() - t1);
    }
    return { showMs: median(shows), moveMs: median(moves) };
  } finally {
    await context.close();
    await host.close();
    await removeProfile(profile);
  }
}

export async function benchScanUi(rendererDir: string): Promise<Record<string, unknown>> {
  const small = await measure(SMALL, rendererDir);
  const large = await measure(LARGE, rendererDir);
  return {
    what: `open the scan panel until every thumbnail has loaded, and move one page (median of ${RUNS}); ${LARGE} pages against ${SMALL}`,
    pages: LARGE,
    showMs: round(large.showMs),
    moveMs: round(large.moveMs),
    baseline: { pages: SMALL, showMs: round(small.showMs), moveMs: round(small.moveMs) },
    showRatio: round(large.showMs / small.showMs, 2),
    moveRatio: round(large.moveMs / small.moveMs, 2),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ui = await benchScanUi(process.env.BENCH_RENDERER_DIR ?? defaultRendererDir);
  const file = fileURLToPath(new URL('./results.json', import.meta.url));
  const results = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, unknown>>;
  results.scanning = { ...results.scanning, ui };
  await writeFile(`${file}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  process.stdout.write(`${JSON.stringify(ui, null, 2)}\n`);
}
