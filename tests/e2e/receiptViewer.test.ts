// Issue 17, accept → receipt visible: every PDF the desk shows opens in one pdf.js worker, started
// while the officer signs in, instead of a worker (and a 1.2 MB script compiled) per document.
// Two receptions in a row each show their receipt, and the page has started one pdf.js worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, newDossier, signIn } from '../support/deskFlows.ts';

const ADMIN = { username: 'canbo1', fullName: 'Trần Thị Bình', password: 'mat-khau-an-toan' };
const ACCEPT = 'Tiếp nhận & in giấy hẹn';

/** Installed before the app's scripts: counts the Web Workers started from pdf.js's worker script. */
const COUNT_PDF_WORKERS = `
(() => {
  const Original = window.Worker;
  window.__pdfWorkers = 0;
  window.Worker = class extends Original {
    constructor(url, options) {
      if (String(url).includes('pdf.worker')) window.__pdfWorkers += 1;
      super(url, options);
    }
  };
})();
`;

let desk: DeskSession;

before(async () => {
  if (!chromiumMissing) desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

const pdfWorkers = (page: DeskSession['page']) => page.evaluate(() => (window as unknown as { __pdfWorkers: number }).__pdfWorkers);

test('two receptions in a row each show their receipt, both through the one pdf.js worker started at sign-in', { skip: chromiumMissing }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;
  await desk.context.addInitScript(COUNT_PDF_WORKERS);
  await page.setViewportSize({ width: 1366, height: 768 });

  await step('first run, then sign-in: the worker is started while the sign-in form is up', async () => {
    await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56', placeName: 'Hai Bà Trưng' });
    await page.reload();
    await page.locator('input[name=username]').waitFor();
    await page.waitForFunction(() => (window as unknown as { __pdfWorkers: number }).__pdfWorkers === 1);
    await signIn(page, ADMIN);
  });

  for (const [n, applicant] of [
    [1, { fullName: 'Nguyễn Văn An', idNumber: '001090123456' }],
    [2, { fullName: 'Lê Thị Hoa', idNumber: '001190654321' }],
  ] as const) {
    await step(`reception ${n}: accepted, its receipt drawn in the viewer`, async () => {
      await page.locator('input[name=procedure-search]').fill('khai sinh');
      await page.getByRole('option').first().waitFor();
      await page.locator('input[name=procedure-search]').press('Enter');
      await page.getByTestId('chosen-procedure').waitFor();
      await page.locator('input[name=fullName]').fill(applicant.fullName);
      await page.locator('input[name=idNumber]').fill(applicant.idNumber);
      await page.locator('input[name=dateOfBirth]').fill('01/01/1990');
      await page.locator('select[name=gender]').selectOption(n === 1 ? 'male' : 'female');
      await page.locator('input[name=address]').fill('Số 5, ngõ 12 phố Huế, Hà Nội');
      for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
      await page.getByRole('button', { name: ACCEPT }).click();
      await page.locator('.pdf-viewer canvas').first().waitFor();
      const code = (await page.getByTestId('dossier-code').textContent()) ?? '';
      assert.match(code, /^000\.17\.22\.H56-\d{6}-\d{4,}$/);
      assert.match((await page.locator('.pdf-viewer canvas').first().getAttribute('aria-label')) ?? '', / — 1\/\d+$/, 'page 1 of the receipt');
      await newDossier(page);
    });
  }

  await step('the page started one pdf.js worker for both receipts', async () => {
    assert.equal(await pdfWorkers(page), 1);
  });
});
