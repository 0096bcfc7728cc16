// Searchable scans end to end: pages of Vietnamese print imported into a dossier component,
// saved as its PDF, recognised by main in its worker thread while the officer goes on with
// reception; the PDF main hands back carries a text layer pdftotext reads, and a cancelled
// recognition leaves the saved file as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, signIn } from '../support/deskFlows.ts';
import { assertAccessible } from '../support/axe.ts';
import { decodeWire } from '#preload/wire.ts';
import type { OcrJobStatus } from '#preload/wire/ocr.ts';
import { makeTestPage } from '#main/scan/pipeline/testPages.ts';

const ADMIN = { username: 'canbo-ocr', fullName: 'Trần Thị Mai', password: 'mat-khau-nhan-dang' };
const work = mkdtempSync(join(tmpdir(), 'desk-e2e-ocr-'));
const SHOTS = process.env.OCR_SCREENSHOTS;
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

async function openScanPanel(page: Page, code: string): Promise<void> {
  await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
  await page.locator('input[name=dossier-search]').fill(code);
  await page.getByRole('row').filter({ hasText: code }).dblclick();
  await page.locator('.component-row').first().getByRole('button', { name: 'Quét / nhập tệp' }).click();
  await page.getByTestId('scan-panel').waitFor();
}

async function importPages(page: Page, count: number): Promise<void> {
  for (let seed = 1; seed <= count; seed++) {
    const png = await makeTestPage('text', { dpi: 200, seed });
    await page.locator('input[name=scan-import]').setInputFiles({ name: `to-khai-${seed}.png`, mimeType: 'image/png', buffer: png });
    await page
      .locator('ol.thumbs li')
      .nth(seed - 1)
      .waitFor();
  }
}

test('a saved scan is recognised in the background, becomes searchable, and a cancel leaves the file as it was', { skip: chromiumMissing }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;
  let code = '';
  let done: Promise<Response> | undefined;

  await step('the officer imports two pages of Vietnamese print into a dossier component', async () => {
    await firstRun(page, ADMIN, 'demo');
    await signIn(page, ADMIN);
    await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
    code = (await page.locator('.list-row .code').first().textContent()) ?? '';
    await openScanPanel(page, code);
    await importPages(page, 2);
  });

  await step('saving shows the recognition page by page, with a cancel, on screens of 1366×768 and 1280×720', async () => {
    done = page.waitForResponse(async (r) => r.url().endsWith('/api/ocr.next') && (await ocrResult(r))?.state === 'done', { timeout: 240_000 });
    // Awaited in a later step; a failure before then must not surface as an unhandled rejection.
    done.catch(() => undefined);
    await page.getByRole('button', { name: 'Lưu thành PDF' }).click();
    const task = page.getByTestId('ocr-task');
    await task.and(page.locator('[data-state=running]')).waitFor({ timeout: 60_000 });
    await task.getByRole('progressbar', { name: 'Nhận dạng chữ (OCR): tệp quét tìm kiếm được' }).waitFor();
    await task.getByText(/Đang nhận dạng chữ: trang \d\/2/).waitFor();
    await task.getByRole('button', { name: 'Hủy nhận dạng chữ' }).waitFor();
    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 1280, height: 720 },
    ]) {
      await page.setViewportSize(viewport);
      await task.scrollIntoViewIfNeeded();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no sideways scrolling at ${viewport.width}×${viewport.height} (${overflow}px)`);
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `ocr-progress-${viewport.width}x${viewport.height}.png`) });
    }
    await assertAccessible(page, 'scan panel with text recognition');
    // Keyboard only: the cancel is reachable by Tab from the save button.
    await page.getByRole('button', { name: 'Lưu thành PDF' }).focus();
    let reached = false;
    for (let i = 0; i < 5 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.textContent === 'Hủy nhận dạng chữ');
    }
    assert.ok(reached, 'Tab reaches the cancel');
  });

  await step('meanwhile the officer goes on with reception', async () => {
    await page.keyboard.press('F2');
    await page.locator('input[name=procedure-search]').fill('khai sinh');
    await page.getByRole('option').filter({ hasText: 'khai sinh' }).first().waitFor();
  });

  await step('main hands back the PDF with a text layer: pdftotext finds the words, qpdf finds it sound, and the panel says so', async () => {
    const status = await ocrResult(await done!);
    assert.ok(status?.pdf);
    const file = join(work, 'ocr.pdf');
    writeFileSync(file, status.pdf);
    execFileSync('qpdf', ['--check', file]);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC');
    for (const words of ['Tân Phước', 'Nguyễn Thị Thu Hương', 'ĐĂNG KÝ KHAI SINH']) assert.ok(text.includes(words), `«${words}» not in:\n${text}`);
    await openScanPanel(page, code);
    const task = page.getByTestId('ocr-task').and(page.locator('[data-state=saved]'));
    await task.getByText('Đã thêm lớp chữ vào tệp PDF').waitFor();
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'ocr-saved-1280x720.png') });
    await task.getByRole('button', { name: 'Đóng thông báo' }).click();
    assert.equal(await page.getByTestId('ocr-task').count(), 0);
  });

  await step('a recognition cancelled at once ends with a message in both languages; the saved file is not replaced', async () => {
    await importPages(page, 1);
    await page.getByRole('button', { name: 'Lưu thành PDF' }).click();
    const task = page.getByTestId('ocr-task');
    await task.getByRole('button', { name: 'Hủy nhận dạng chữ' }).click();
    await task.and(page.locator('[data-state=cancelled]')).getByText('Đã dừng nhận dạng chữ; tệp quét giữ nguyên, chưa có lớp chữ.').waitFor();
    await task.getByText('Text recognition stopped; the scan is unchanged, without a text layer.').waitFor();
  });
});
