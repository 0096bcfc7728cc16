// The register's answer to a broad search is drawn once the rows the viewport shows are opened,
// not the whole first page (issue 17: opening sealed dossiers is most of a search's cost), and
// the rest of that page fills in just after, so scrolling down finds no row left blank.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, signIn } from '../support/deskFlows.ts';
import { assertNoOverflow, OFFICE_SIZES } from '../support/layout.ts';

const ADMIN = { username: 'canbo6', fullName: 'Phạm Văn Sơn', password: 'mat-khau-so-dang-ky' };
/** The register's page of rows read at a time (DossierListPage's PAGE). */
const PAGE = 25;

/** Counts the reads of single dossiers (Dexie's bulkGet reads each with IDBObjectStore.get). */
const COUNT_DOSSIER_READS = `
(() => {
  window.__dossierReads = 0;
  const realGet = IDBObjectStore.prototype.get;
  IDBObjectStore.prototype.get = function (...args) {
    if (this.name === 'dossiers') window.__dossierReads++;
    return realGet.apply(this, args);
  };
})();
`;

let desk: DeskSession;
before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

test(
  'a broad search is drawn after opening only the rows in view, and the first page fills in after',
  { skip: chromiumMissing, timeout: 180_000 },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;

    await step('a demo desk, signed in, on the register', async () => {
      await desk.context.addInitScript(COUNT_DOSSIER_READS);
      await page.reload();
      await firstRun(page, ADMIN, 'demo');
      await signIn(page, ADMIN);
      await page.keyboard.press('F3');
      await page.locator('.list-viewport .list-row:not(.head) .code').first().waitFor();
    });

    for (const size of OFFICE_SIZES) {
      await step(`at ${size.width}×${size.height}: the answer opens the rows in view, then the rest of the page`, async () => {
        await page.setViewportSize(size);
        const search = page.locator('input[name=dossier-search]');
        await search.fill('zzzz khong co ai');
        await page.locator('.list-viewport > p.muted').waitFor();
        // Note the reads made by the time the answer's first row is drawn.
        await page.evaluate(() => {
          const w = window as unknown as { __dossierReads: number; __readsAtAnswer: number | null };
          w.__dossierReads = 0;
          w.__readsAtAnswer = null;
          const observer = new MutationObserver(() => {
            if (!document.querySelector('.list-viewport .list-row:not(.head) .code')) return;
            w.__readsAtAnswer = w.__dossierReads;
            observer.disconnect();
          });
          observer.observe(document.body, { subtree: true, childList: true });
        });
        // Every demo dossier's code starts with the demo office's agency number.
        await search.fill('000.99');
        await page.locator('.list-viewport .list-row:not(.head) .code').first().waitFor();
        const { reads, inView, total } = await page.evaluate(() => {
          const viewport = document.querySelector<HTMLElement>('.list-viewport')!;
          return {
            reads: (window as unknown as { __readsAtAnswer: number }).__readsAtAnswer,
            inView: Math.ceil(viewport.clientHeight / 40) + 1,
            total: Number(/\d+/.exec(document.querySelector('[data-testid=dossier-count]')?.textContent ?? '')?.[0] ?? 0),
          };
        });
        assert.ok(total > PAGE, `"000.99" finds ${total} dossiers, more than a page`);
        assert.ok(inView < PAGE, `${inView} rows in view`);
        assert.ok(reads <= inView, `${reads} dossiers opened before the answer was drawn, with ${inView} rows in view`);
        // The rest of the first page follows: no row of it is left as a placeholder.
        await page.waitForFunction(
          (page) => {
            const rows = [...document.querySelectorAll<HTMLElement>('.list-viewport .list-row:not(.head)')];
            const ofFirstPage = rows.filter((r) => Number(r.getAttribute('aria-rowindex')) - 2 < page);
            return ofFirstPage.length > 0 && ofFirstPage.every((r) => r.querySelector('.code'));
          },
          PAGE,
          { polling: 50 },
        );
        await page.locator('.list-viewport').evaluate((v) => (v.scrollTop = 20 * 40));
        await page.locator('.list-viewport .list-row[aria-rowindex="25"] .code').waitFor();
        await assertNoOverflow(page, `register at ${size.width}×${size.height}`);
        await page.locator('.list-viewport').evaluate((v) => (v.scrollTop = 0));
      });
    }
  },
);
