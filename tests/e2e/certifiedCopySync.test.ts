// A certified copy reaches the province once, after an offline period (issue 15 §1), in
// Chromium: the desk registers with the reference province, the province is stopped for real,
// the officer certifies a 200 dpi colour original (the training token holds the office's
// certificate), the top bar says the copy waits while offline; the province comes back on the
// same port and data, "sync now" delivers the entry and its signed PDF, and a later cycle sends
// nothing again. The province's copy is the one the desk signed (same SHA-256 and certificate).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, openSettings, registerWithProvince, signIn, syncNow } from '../support/deskFlows.ts';
import { startProvincialServer, type ProvincialServer } from '../provincial/app.ts';
import { createEnrolmentCode } from '../provincial/auth.ts';
import { certifiedCopies } from '../provincial/certifiedCopies.ts';
import { ulid } from 'ulid';
import { assertAccessible } from '../support/axe.ts';
import { decodeWire } from '#preload/wire.ts';
import { scannedOriginal } from '#main/certification/testOriginals.ts';
import { deskDate } from '#domain/deskTime.ts';

const ADMIN = { username: 'chungthuc2', fullName: 'Phạm Văn Minh', password: 'mat-khau-chung-thuc-2' };
const AGENCY = '000.17.22.H56';
const work = mkdtempSync(join(tmpdir(), 'desk-e2e-certify-sync-'));
const dataDir = join(work, 'province');
const SHOTS = process.env.SCREENSHOT_DIR ?? join(work, 'shots');
let province: ProvincialServer;
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  mkdirSync(SHOTS, { recursive: true });
  province = await startProvincialServer({ dataDir });
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
  await province?.close();
  rmSync(work, { recursive: true, force: true });
});

const indicator = (page: Page) => page.locator('.sync-indicator');
test('a copy certified while the province is down arrives there once when it is back', { skip: chromiumMissing, timeout: 300_000 }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;
  await page.setViewportSize({ width: 1366, height: 768 });
  const year = Number(deskDate(new Date()).slice(0, 4));
  const originalFile = join(work, 'ban-chinh.pdf');
  writeFileSync(originalFile, await scannedOriginal(['text', 'seal', 'sparse']));
  let signed: Uint8Array = new Uint8Array();

  await step('a demo desk registers with the province and sends what it already holds', async () => {
    await firstRun(page, ADMIN, 'demo');
    await signIn(page, ADMIN);
    await openSettings(page, 'Đồng bộ');
    await registerWithProvince(desk, province.url, createEnrolmentCode(province.db, AGENCY, 'e2e').code);
    await syncNow(page);
    await indicator(page).and(page.locator('[data-pending="0"]')).waitFor({ timeout: 120_000 });
  });

  await step('the province is down: a copy is certified and entered in the book all the same', async () => {
    const port = Number(new URL(province.url).port);
    await province.close();
    await page.getByRole('button', { name: 'Chứng thực', exact: true }).click();
    await page.getByRole('heading', { name: 'Chứng thực bản sao điện tử từ bản chính' }).waitFor();
    await page.getByLabel('Giấy tờ (tên bản chính)').fill('Bằng tốt nghiệp đại học');
    await page.locator('input[name=certification-original]').setInputFiles(originalFile);
    await page.getByTestId('certification-fee').filter({ hasText: '5.000 đ' }).waitFor();
    await page.getByLabel('Mã PIN').fill('123456');
    const response = page.waitForResponse((r) => r.url().endsWith('/api/certify.copy'));
    await page.getByRole('button', { name: 'Chứng thực và ký số' }).click();
    const envelope = decodeWire(await (await response).text()) as { ok: boolean; result: { pdf: Uint8Array; certificateSha256: string } };
    assert.equal(envelope.ok, true);
    signed = envelope.result.pdf;
    await page
      .getByRole('status')
      .filter({ hasText: `Đã chứng thực: số 1, quyển ${year}/SCT/BSĐT.` })
      .waitFor();
    await syncNow(page);
    await indicator(page).and(page.locator('[data-state=offline][data-pending="1"]')).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(SHOTS, 'certify-sync-offline-1366.png'), fullPage: true });
    province = await startProvincialServer({ dataDir, port });
  });

  await step('back up: the entry and its signed PDF reach the province once; another cycle sends nothing again', async () => {
    await syncNow(page);
    await indicator(page).and(page.locator('[data-pending="0"]')).waitFor({ timeout: 120_000 });
    const book = certifiedCopies(province.db, AGENCY, year);
    assert.equal(book.length, 1, 'one entry in the office’s book');
    const entry = book[0]!;
    assert.equal(entry.book.number, 1);
    assert.equal(entry.document, 'Bằng tốt nghiệp đại học');
    assert.deepEqual(entry.fee, { amount: 5000, tariff: 5000 });
    assert.equal(entry.file.sha256, createHash('sha256').update(signed).digest('hex'), 'the PDF the desk signed');
    const stored = province.db.prepare('SELECT size FROM files WHERE sha256 = ?').get(entry.file.sha256) as { size: number } | undefined;
    assert.equal(stored?.size, signed.length);
    await syncNow(page);
    await indicator(page).and(page.locator('[data-state=ok]')).waitFor({ timeout: 60_000 });
    assert.equal(certifiedCopies(province.db, AGENCY, year).length, 1, 'still one entry');
    await page.screenshot({ path: join(SHOTS, 'certify-sync-back-1366.png'), fullPage: true });
  });

  await step('a number another desk of the office already gave is refused: the sync details say why, in both languages', async () => {
    // Another desk set up with this desk's share took number 3 (the demo desk is 1 of 2: 1, 3, 5…).
    const taken = certifiedCopies(province.db, AGENCY, year)[0]!;
    province.db
      .prepare(
        `INSERT INTO certified_copies (id, agency_id, desk_id, year, number, day, sha256, body_hash, body, stored_at) VALUES (?, ?, 'other-desk', ?, 3, ?, ?, 'x', '{}', ?)`,
      )
      .run(ulid(), AGENCY, year, taken.day, taken.file.sha256, taken.at);
    await page.getByLabel('Giấy tờ (tên bản chính)').fill('Giấy khai sinh');
    // Another file: the same one chosen again would not change the file input.
    const second = join(work, 'ban-chinh-2.pdf');
    writeFileSync(second, await scannedOriginal(['sparse', 'text']));
    await page.locator('input[name=certification-original]').setInputFiles(second);
    await page
      .getByTestId('certification-number')
      .filter({ hasText: `3 — ${year}/SCT/BSĐT` })
      .waitFor();
    await page.getByLabel('Mã PIN').fill('123456');
    await page.getByRole('button', { name: 'Chứng thực và ký số' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Đã chứng thực: số 3, quyển ${year}/SCT/BSĐT.` })
      .waitFor();
    await syncNow(page);
    const refused = page.getByTestId('sync-refused-copies');
    await refused.filter({ hasText: 'Tỉnh không nhận 1 bản sao chứng thực điện tử' }).waitFor({ timeout: 60_000 });
    await refused.filter({ hasText: `Số chứng thực 3 quyển ${year}/SCT/BSĐT đã được cấp cho bản sao khác của cơ quan.` }).waitFor();
    await refused.filter({ hasText: `Certification number 3 of book ${year}/SCT/BSĐT was already given to another copy of this office.` }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'certify-sync-refused-1366.png') });
    await assertAccessible(page, 'sync details with a refused certified copy');
  });
});
