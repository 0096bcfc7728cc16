// Issue 17, accept → receipt visible: the receipt's first page is drawn without waiting for main's
// answer to the print request, from the very bytes the desk stored (same SHA-256 as the stored
// file, which stays sealed on disk), and the receipt is still printed once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Route } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, pickProcedure, signIn } from '../support/deskFlows.ts';
import { nextFormPdf } from '../support/forms.ts';
import { openRawReader, type Tagged, type TaggedBlob } from '../support/rawIndexedDb.ts';
import { renderForm } from '#main/pdf/forms.ts';
import { receiptRequest } from '#main/pdf/samples.ts';

const ADMIN = { username: 'canbo9', fullName: 'Đỗ Văn Thành', password: 'mat-khau-giay-hen-9' };
const ACCEPT = 'Tiếp nhận & in giấy hẹn';

/**
 * Installed before the app's scripts: the SHA-256 of every document handed to the pdf.js worker
 * (its GetDocRequest message carries the bytes, transferred, so they are copied first), and the
 * times Chromium starts printing the page.
 */
const WATCH_PDFS_AND_PRINTS = `
(() => {
  window.__shown = [];
  window.__printsStarted = 0;
  window.addEventListener('beforeprint', () => (window.__printsStarted += 1));
  const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, transfer) {
    const bytes = message && message.action === 'GetDocRequest' && message.data && message.data.data;
    if (bytes instanceof Uint8Array) window.__shown.push(crypto.subtle.digest('SHA-256', bytes.slice()).then(hex));
    return post.call(this, message, transfer);
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

test('accept: the receipt shows before main answers the print request, from the stored bytes, and prints once', { skip: chromiumMissing }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;
  await desk.context.addInitScript(WATCH_PDFS_AND_PRINTS);
  await page.setViewportSize({ width: 1366, height: 768 });
  let rendered: Buffer = Buffer.alloc(0);
  let code = '';

  await step('first run, sign-in, and a birth registration filled in', async () => {
    await firstRun(page, ADMIN, { officeName: 'UBND Phường Láng Hạ', agencyId: '000.17.22.H56', placeName: 'Láng Hạ' });
    await page.reload();
    await signIn(page, ADMIN);
    await page.getByRole('button', { name: 'Tiếp nhận (F2)' }).click();
    await pickProcedure(page, 'khai sinh', /Đăng ký khai sinh/);
    await page.locator('input[name=fullName]').fill('Vũ Thị Lan');
    await page.locator('input[name=idNumber]').fill('001191765432');
    await page.locator('input[name=dateOfBirth]').fill('03/04/1991');
    await page.locator('select[name=gender]').selectOption('female');
    await page.locator('input[name=address]').fill('Số 8 phố Láng Hạ, Hà Nội');
    for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
  });

  const printRequests: Route[] = [];
  await step('main’s answer to print.form is held back: the receipt’s first page is drawn all the same', async () => {
    await page.route('**/api/print.form', (route) => void printRequests.push(route));
    rendered = await nextFormPdf(page, () => page.getByRole('button', { name: ACCEPT }).click());
    code = (await page.getByTestId('dossier-code').textContent()) ?? '';
    assert.match((await page.locator('.pdf-viewer canvas').first().getAttribute('aria-label')) ?? '', / — 1\/\d+$/, 'page 1 of the receipt');
    assert.equal(printRequests.length, 1, 'the print request was sent, and is still unanswered');
    assert.equal(await page.evaluate(() => (window as unknown as { __printsStarted: number }).__printsStarted), 0);
  });

  await step('once main answers, the print dialog opens, once, with the receipt', async () => {
    await printRequests[0]!.continue();
    await page.unroute('**/api/print.form');
    await page.getByRole('status').filter({ hasText: 'Hộp thoại in đã mở' }).waitFor();
    await page.waitForFunction(() => (window as unknown as { __printsStarted: number }).__printsStarted === 1);
    assert.equal(printRequests.length, 1, 'one print request for one acceptance');
  });

  await step('what pdf.js was given is the stored file (same SHA-256), and the stored copy is sealed', async () => {
    const shown = await page.evaluate(() => Promise.all((window as unknown as { __shown: Promise<string>[] }).__shown));
    const reader = await openRawReader(desk.context, new URL(desk.host.url).origin);
    try {
      const { stores } = await reader.dump();
      const rows = (name: string) => (stores[name] ?? []).map((r) => r.value as Record<string, Tagged>);
      const dossier = rows('dossiers').find((d) => d.code === code);
      assert.ok(dossier, `dossier ${code} is stored`);
      const receipts = rows('files').filter((f) => f.kind === 'receipt' && f.dossierId === dossier.id);
      assert.equal(receipts.length, 1, `one stored receipt for ${code}`);
      const stored = receipts[0]!;
      // Besides the sample receipt the page draws off screen once after start (renderer/app/lazyPages.ts).
      const sample = createHash('sha256')
        .update(await renderForm(receiptRequest()))
        .digest('hex');
      assert.deepEqual(
        shown.filter((sha) => sha !== sample),
        [stored.sha256],
        'the preview is the stored receipt',
      );
      assert.equal(stored.sha256, createHash('sha256').update(rendered).digest('hex'), 'the receipt main rendered');
      const sealed = Buffer.from((stored.blob as TaggedBlob).$blob, 'base64');
      assert.ok(sealed.length > 0 && !sealed.subarray(0, 5).equals(Buffer.from('%PDF-')), 'stored sealed, not as a plain PDF');
    } finally {
      await reader.close();
    }
  });
});
