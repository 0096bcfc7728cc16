// The commune's scorecard end to end (issue 15 §4), keyboard only, in Chromium: three dossiers
// received at the counter (two birth registrations, one marriage registration) appear in this
// month's scorecard with the right figures (the certification book's a recorded 0, not a
// missing figure), the screen fits 1366×768 and 1280×720 and passes axe, the month picker
// changes the figures, and the CSV export downloads with the same figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, signIn } from '../support/deskFlows.ts';
import { scanWithWedge } from '../support/wedgeScanner.ts';
import { assertAccessible } from '../support/axe.ts';
import { assertNoOverflow, OFFICE_SIZES } from '../support/layout.ts';

const ADMIN = { username: 'canbo6', fullName: 'Phạm Thị Hoa', password: 'mat-khau-bao-cao' };
const CARDS = [
  '001090123456|012345678|Nguyễn Văn An|01011990|Nam|Số 5, ngõ 12 phố Huế, Phường Hai Bà Trưng, Hà Nội|15042021',
  '001185004321|012345679|Trần Thị Bích|02021985|Nữ|Số 9 phố Lò Đúc, Phường Hai Bà Trưng, Hà Nội|15042021',
  '001092007777|012345670|Lê Văn Cường|03031992|Nam|Số 1 phố Bạch Mai, Phường Hai Bà Trưng, Hà Nội|15042021',
];

let desk: DeskSession;

before(async () => {
  if (!chromiumMissing) desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

/** The figure in the summary table's row for `label`. */
const total = (page: DeskSession['page'], figure: string) => page.locator(`table.scorecard-summary tr[data-figure=${figure}] td.num`);
const cell = (page: DeskSession['page'], procedure: string, figure: string) =>
  page.locator(`table.scorecard-procedures tr[data-procedure="${procedure}"] td[data-figure=${figure}]`);

test(
  'keyboard only: dossiers received today are in this month’s scorecard, figure by figure, and its CSV downloads',
  { skip: chromiumMissing, timeout: 300_000 },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;
    await page.setViewportSize(OFFICE_SIZES[0]);

    await step('first run and sign-in', async () => {
      await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56', placeName: 'Hai Bà Trưng' });
      await signIn(page, ADMIN);
    });

    for (const [i, search] of ['khai sinh', 'khai sinh', 'ket hon'].entries()) {
      await step(`dossier ${i + 1} (${search}) is received by keyboard`, async () => {
        await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.name === 'procedure-search');
        await page.keyboard.type(search);
        await page.getByRole('option').first().waitFor();
        await page.keyboard.press('Enter');
        await page.getByTestId('chosen-procedure').waitFor();
        await scanWithWedge(page, CARDS[i]!, 20);
        await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.name === 'phone');
        const boxes = page.locator('table.checklist td.tick input[type=checkbox]');
        await boxes.first().focus();
        for (let n = await boxes.count(); n > 0; n--) {
          await page.keyboard.press('Space');
          await page.keyboard.press('ArrowDown');
        }
        await page.keyboard.press('Control+Enter');
        await page.getByTestId('dossier-code').waitFor();
        // 'Hồ sơ mới' has the focus once the receipt is issued.
        await page.keyboard.press('Enter');
      });
    }

    await step('F4 opens the scorecard of this month with the three dossiers, per procedure and in total', async () => {
      await page.keyboard.press('F4');
      await page.locator('table.scorecard-summary').waitFor();
      assert.equal(await total(page, 'received').textContent(), '3');
      assert.equal(await cell(page, '1.001193', 'received').textContent(), '2');
      assert.equal(await page.locator('table.scorecard-procedures tbody tr').count(), 2);
      for (const figure of ['decidedOnTime', 'decidedLate', 'overdueNow', 'apologies']) assert.equal(await total(page, figure).textContent(), '0', figure);
      // Every definition is beside its figure.
      assert.match((await page.locator('table.scorecard-summary tr[data-figure=decidedLate]').textContent()) ?? '', /Mẫu 04/);
      assert.equal(await page.locator('.scorecard-chart canvas[role=img]').count(), 2);
    });

    await step('every figure is recorded on this desk: the certification book has no copy yet, a real 0', async () => {
      assert.equal(await page.locator('table.scorecard-summary .not-recorded').count(), 0);
      assert.equal(await total(page, 'certifiedCopies').textContent(), '0');
    });

    for (const size of OFFICE_SIZES) {
      await step(`the scorecard fits ${size.width}×${size.height} and passes axe`, async () => {
        await page.setViewportSize(size);
        // Chart.js redraws its canvases at the new width on its resize observer's next frame.
        await page.waitForFunction(() => [...document.querySelectorAll('canvas')].every((c) => c.getBoundingClientRect().right <= window.innerWidth));
        await assertNoOverflow(page, 'scorecard');
        await assertAccessible(page, `scorecard ${size.width}×${size.height}`);
      });
    }

    await step('the CSV export downloads, Excel-ready, with the same figures', async () => {
      // The month picker has the focus; Tab reaches Print, then the export.
      assert.equal(await page.evaluate(() => (document.activeElement as HTMLSelectElement | null)?.name), 'scorecard-month');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => (document.activeElement as HTMLButtonElement | null)?.name), 'scorecard-csv');
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      assert.match(download.suggestedFilename(), /^bao-cao-chi-so-\d{4}-\d{2}\.csv$/);
      const csv = await readFile(await download.path(), 'utf8');
      assert.ok(csv.startsWith('\uFEFF'), 'a byte-order mark for Excel');
      assert.match(csv, /"1\.001193","[^"]*","2"/);
      assert.match(csv, /"","Tổng cộng \/ Total","3"/);
    });

    await step('the month before has none of them', async () => {
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('ArrowDown');
      await page.locator('table.scorecard-procedures').waitFor({ state: 'detached' });
      assert.equal(await total(page, 'received').textContent(), '0');
    });
  },
);
