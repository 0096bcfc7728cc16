// "Run OCR again" end to end (issue 15 §3): a scan whose text recognition the officer cancelled
// offers to run it again, by keyboard, from the same scan panel; it goes through main's same
// worker, and the saved file then carries a text layer pdftotext reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, signIn } from '../support/deskFlows.ts';
import { assertAccessible } from '../support/axe.ts';
import { OFFICE_SIZES, assertNoOverflow } from '../support/layout.ts';
import { decodeWire } from '#preload/wire.ts';
import type { OcrJobStatus } from '#preload/wire/ocr.ts';
import { makeTestPage } from '#main/scan/pipeline/testPages.ts';

const ADMIN = { username: 'canbo-ocr-lai', fullName: 'Lý Thị Hạnh', password: 'mat-khau-nhan-dang-lai' };
const SHOTS = process.env.OCR_AGAIN_SHOTS;
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

async function ocrResult(response: Response): Promise<OcrJobStatus | null> {
  const envelope = decodeWire(await response.text()) as { ok: boolean; result?: OcrJobStatus };
  return envelope.ok && envelope.result ? envelope.result : null;
}

test('a cancelled text recognition is run again by keyboard and the scan becomes searchable', { skip: chromiumMissing, timeout: 300_000 }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;

  await step('a page of Vietnamese print is saved into a demo dossier and its recognition cancelled at once', async () => {
    await firstRun(page, ADMIN, 'demo');
    await signIn(page, ADMIN);
    await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
    const code = (await page.locator('.list-row .code').first().textContent()) ?? '';
    await page.locator('input[name=dossier-search]').fill(code);
    await page
      .getByTestId('dossier-count')
      .filter({ hasText: /^1 hồ sơ$/ })
      .waitFor();
    await page.getByRole('row').filter({ hasText: code }).press('Enter');
    await page.locator('.component-row').first().getByRole('button', { name: 'Quét / nhập tệp' }).click();
    await page.getByTestId('scan-panel').waitFor();
    const png = await makeTestPage('text', { dpi: 200, seed: 3 });
    await page.locator('input[name=scan-import]').setInputFiles({ name: 'to-khai.png', mimeType: 'image/png', buffer: png });
    await page.locator('ol.thumbs li').first().waitFor();
    await page.getByRole('button', { name: 'Lưu thành PDF' }).click();
    const task = page.getByTestId('ocr-task');
    await task.getByRole('button', { name: 'Hủy nhận dạng chữ' }).click();
    await task.and(page.locator('[data-state=cancelled]')).getByText('Text recognition stopped; the scan is unchanged, without a text layer.').waitFor();
  });

  await step('the cancelled task offers "Nhận dạng lại", on screens of 1366×768 and 1280×720', async () => {
    const again = page.getByTestId('ocr-task').getByRole('button', { name: 'Nhận dạng lại' });
    await again.waitFor();
    for (const size of OFFICE_SIZES) {
      await page.setViewportSize(size);
      await again.scrollIntoViewIfNeeded();
      await assertNoOverflow(page, 'a cancelled text recognition');
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `ocr-again-${size.width}.png`) });
    }
    await assertAccessible(page, 'a cancelled text recognition');
  });

  await step('Enter on it runs the recognition again, page by page; the saved file takes the text layer', async () => {
    const done = page.waitForResponse(async (r) => r.url().endsWith('/api/ocr.next') && (await ocrResult(r))?.state === 'done', { timeout: 240_000 });
    done.catch(() => undefined);
    await page.getByTestId('ocr-task').getByRole('button', { name: 'Nhận dạng lại' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('ocr-task').and(page.locator('[data-state=running], [data-state=queued], [data-state=saved]')).waitFor();
    const status = await ocrResult(await done);
    assert.ok(status?.pdf);
    const file = join(mkdtempSync(join(tmpdir(), 'desk-e2e-ocr-again-')), 'ocr.pdf');
    writeFileSync(file, status.pdf);
    execFileSync('qpdf', ['--check', file]);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC');
    assert.ok(text.includes('Nguyễn Thị Thu Hương'), `the name is not in:\n${text}`);
    const saved = page.getByTestId('ocr-task').and(page.locator('[data-state=saved]'));
    await saved.getByText('Đã thêm lớp chữ vào tệp PDF').waitFor();
    assert.equal(await saved.getByRole('button', { name: 'Nhận dạng lại' }).count(), 0, 'nothing to run again once saved');
  });
});
