// The citizen's fetch slip for an electronic certified copy (issue 15 §1, delivery by printed
// QR/code), in Chromium: a desk registered with the reference province certifies an original and
// syncs it; "In phiếu nhận bản sao" prints the slip (Chromium's print job opens, only the slip is
// on the printed page). The QR read off the printed page by zbarimg is the province's address for
// the code, and fetching it gives the very PDF the desk signed, whose signature pdfsig accepts.
// The printed code matches the one the QR carries; the same slip prints again from the book row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, openSettings, registerWithProvince, signIn, syncNow } from '../support/deskFlows.ts';
import { startProvincialServer, type ProvincialServer } from '../provincial/app.ts';
import { createEnrolmentCode } from '../provincial/auth.ts';
import { assertAccessible } from '../support/axe.ts';
import { decodeWire } from '#preload/wire.ts';
import { scannedOriginal } from '#main/certification/testOriginals.ts';
import { FETCH_CODE_PATTERN } from '#domain/certification/fetchCode.ts';

const ADMIN = { username: 'chungthuc3', fullName: 'Lê Thị Lan', password: 'mat-khau-chung-thuc-3' };
const AGENCY = '000.17.22.H56';
const work = mkdtempSync(join(tmpdir(), 'desk-e2e-certify-fetch-'));
const SHOTS = process.env.SCREENSHOT_DIR ?? join(work, 'shots');
let province: ProvincialServer;
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  mkdirSync(SHOTS, { recursive: true });
  province = await startProvincialServer({ dataDir: join(work, 'province') });
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
  await province?.close();
  rmSync(work, { recursive: true, force: true });
});

const indicator = (page: Page) => page.locator('.sync-indicator');
/** What zbarimg reads in a PNG: the QR codes' texts. */
function qrTexts(png: Buffer, name: string): string[] {
  const file = join(work, name);
  writeFileSync(file, png);
  const out = execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', file], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

test('the printed slip’s QR fetches the signed copy from the province', { skip: chromiumMissing, timeout: 300_000 }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;
  await page.setViewportSize({ width: 1366, height: 768 });
  const originalFile = join(work, 'ban-chinh.pdf');
  writeFileSync(originalFile, await scannedOriginal(['text', 'seal']));
  let signed: Uint8Array = new Uint8Array();
  let address = '';
  let code = '';

  await step('a demo desk registered with the province certifies an original and syncs it', async () => {
    await firstRun(page, ADMIN, 'demo');
    await signIn(page, ADMIN);
    await openSettings(page, 'Đồng bộ');
    await registerWithProvince(desk, province.url, createEnrolmentCode(province.db, AGENCY, 'e2e').code);
    await page.getByRole('button', { name: 'Chứng thực', exact: true }).click();
    await page.getByRole('heading', { name: 'Chứng thực bản sao điện tử từ bản chính' }).waitFor();
    await page.getByLabel('Giấy tờ (tên bản chính)').fill('Giấy chứng nhận quyền sử dụng đất');
    await page.locator('input[name=certification-original]').setInputFiles(originalFile);
    await page.getByTestId('certification-fee').filter({ hasText: '4.000 đ' }).waitFor();
    await page.getByLabel('Mã PIN').fill('123456');
    const response = page.waitForResponse((r) => r.url().endsWith('/api/certify.copy'));
    await page.getByRole('button', { name: 'Chứng thực và ký số' }).click();
    const envelope = decodeWire(await (await response).text()) as { ok: boolean; result: { pdf: Uint8Array } };
    assert.equal(envelope.ok, true);
    signed = envelope.result.pdf;
    await page.getByRole('status').filter({ hasText: 'Đã chứng thực: số 1' }).waitFor();
    await syncNow(page);
    await indicator(page).and(page.locator('[data-pending="0"]')).waitFor({ timeout: 120_000 });
    await page.keyboard.press('Escape');
  });

  await step('"In phiếu nhận bản sao" prints the slip alone: office, number, document, code and QR', async () => {
    await page.getByRole('button', { name: 'In phiếu nhận bản sao' }).first().click();
    const slip = page.getByTestId('fetch-slip');
    await slip.and(page.locator('[data-ready=true]')).waitFor();
    code = (await slip.getByTestId('fetch-slip-code').textContent()) ?? '';
    assert.match(code, FETCH_CODE_PATTERN);
    for (const text of ['Phiếu nhận bản sao chứng thực điện tử', 'Giấy chứng nhận quyền sử dụng đất', '/SCT/BSĐT', 'Mã nhận bản sao']) {
      await slip.getByText(text, { exact: false }).first().waitFor();
    }
    await assert.rejects(page.pdf(), /already being printed/, 'Chromium is printing the page: its print dialog is open');
    await page.screenshot({ path: join(SHOTS, 'certify-fetch-slip-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways overflow at 1280');
    await page.screenshot({ path: join(SHOTS, 'certify-fetch-slip-1280.png') });
    await assertAccessible(page, 'certification page with the fetch slip');
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => ({
      screen: getComputedStyle(document.getElementById('root')!).display,
      slip: getComputedStyle(document.querySelector('body > .fetch-slip-print')!).display,
    }));
    assert.deepEqual(shown, { screen: 'none', slip: 'block' }, 'only the slip is printed');
    const printed = await page.screenshot({ path: join(SHOTS, 'certify-fetch-slip-printed.png') });
    await page.emulateMedia({ media: null });
    await page.setViewportSize({ width: 1366, height: 768 });
    const texts = qrTexts(printed, 'printed.png');
    assert.equal(texts.length, 1, `one QR on the printed slip: ${texts.join(', ')}`);
    address = texts[0]!;
    assert.equal(address, `${province.url}/public/certified-copies/${code}`);
  });

  await step('the QR’s address gives the signed copy: the same bytes, a signature pdfsig accepts', async () => {
    const res = await fetch(address);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual(bytes, signed);
    const file = join(work, 'fetched.pdf');
    writeFileSync(file, bytes);
    const report = execFileSync('pdfsig', [file], { encoding: 'utf8' });
    assert.match(report, /Signature Validation: Signature is Valid\./);
    const wrong = await fetch(`${province.url}/public/certified-copies/${code.replace(/^./, (c) => (c === '0' ? '1' : '0'))}`);
    assert.equal(wrong.status, 404);
  });

  await step('the slip is closed, and opens again from the copy’s row in the book with the same code', async () => {
    await page.getByRole('button', { name: 'Đóng phiếu' }).click();
    await page.getByTestId('fetch-slip').waitFor({ state: 'detached' });
    const row = page.getByTestId('certification-book').getByRole('row').filter({ hasText: 'Giấy chứng nhận quyền sử dụng đất' });
    await row.getByRole('button', { name: 'In phiếu nhận bản sao — 1' }).click();
    await page.getByTestId('fetch-slip').getByTestId('fetch-slip-code').filter({ hasText: code }).waitFor();
    await page.getByTestId('fetch-slip').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'certify-fetch-slip-from-book-1366.png') });
  });
});
