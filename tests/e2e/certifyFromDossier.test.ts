// A certified copy started from a 2.000815 dossier (issue 15 §1), in Chromium at 1366×768: the
// citizen's request is received as a dossier of "chứng thực bản sao từ bản chính", the original is
// scanned into it (colour, 200 dpi); from the dossier, by keyboard, the certification screen opens
// with the applicant and that scan preselected; the copy signed there is entered in the book with
// the dossier's code, which the dossier then lists. Screens looked at, axe, no sideways scroll.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, pickProcedure, signIn } from '../support/deskFlows.ts';
import { assertAccessible } from '../support/axe.ts';
import { scannedOriginal } from '#main/certification/testOriginals.ts';
import { deskDate } from '#domain/deskTime.ts';

const ADMIN = { username: 'chungthuc3', fullName: 'Vũ Thị Ngọc', password: 'mat-khau-chung-thuc-3' };
const APPLICANT = 'Hoàng Văn Nam';
const work = mkdtempSync(join(tmpdir(), 'desk-e2e-certify-dossier-'));
const SHOTS = process.env.SCREENSHOT_DIR ?? join(work, 'shots');
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  mkdirSync(SHOTS, { recursive: true });
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
  rmSync(work, { recursive: true, force: true });
});

async function assertNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(scroll <= client, `${screen}: the page scrolls sideways (${scroll} > ${client})`);
}

test(
  'a copy certified from a 2.000815 dossier: applicant and scanned original preselected, the book entry carries the dossier code',
  { skip: chromiumMissing, timeout: 300_000 },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    const year = deskDate(new Date()).slice(0, 4);
    let code = '';

    await step('the request is received as a 2.000815 dossier', async () => {
      await firstRun(page, ADMIN, 'demo');
      await signIn(page, ADMIN);
      await pickProcedure(page, '2.000815', /Chứng thực bản sao từ bản chính/);
      await page.locator('input[name=fullName]').fill(APPLICANT);
      await page.locator('input[name=idNumber]').fill('001085012345');
      await page.locator('input[name=dateOfBirth]').fill('1985-06-15');
      await page.locator('select[name=gender]').selectOption('male');
      await page.locator('input[name=address]').fill('Số 12 đường Trần Phú, Tân Phú');
      for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
      await page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click();
      code = (await page.getByTestId('dossier-code').textContent()) ?? '';
      assert.ok(code, 'the dossier has its code');
    });

    await step('the original is scanned into the dossier in colour at 200 dpi', async () => {
      await page.keyboard.press('F3');
      const row = page.getByRole('row').filter({ hasText: code });
      await row.waitFor();
      await row.press('Enter');
      const original = page.locator('.component-row').filter({ hasText: 'Bản chính giấy tờ' });
      await original.getByRole('button', { name: 'Quét / nhập tệp' }).click();
      await page
        .locator('input[name=scan-import]')
        .setInputFiles({ name: 'ban-chinh.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await scannedOriginal(['text', 'seal', 'sparse'])) });
      await page.locator('ol.thumbs li').nth(2).waitFor();
      await page.getByRole('button', { name: 'Lưu thành PDF' }).click();
      await original.getByRole('button', { name: /Bản quét \(\d+ KB\)/ }).waitFor();
      await original.getByRole('button', { name: 'Quét / nhập tệp' }).click();
    });

    await step('from the dossier, by keyboard, the certification screen opens on its applicant and original', async () => {
      const panel = page.getByRole('region', { name: 'Chứng thực bản sao điện tử' });
      await panel.waitFor();
      await assertNoSidewaysScroll(page, 'the 2.000815 dossier');
      await panel.screenshot({ path: join(SHOTS, 'certify-from-dossier-panel-1366.png') });
      await assertAccessible(page, 'the 2.000815 dossier with its certification panel');
      const open = panel.getByRole('button', { name: 'Chứng thực bản sao từ bản chính này' });
      await open.focus();
      assert.equal(await open.evaluate((b) => b === document.activeElement && b.tabIndex >= 0), true, 'reachable by Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Chứng thực bản sao điện tử từ bản chính' }).waitFor();
      await page
        .getByTestId('certification-from-dossier')
        .filter({ hasText: `Từ hồ sơ ${code} — người yêu cầu: ${APPLICANT}` })
        .waitFor();
      // The dossier's scan is the original: its 3 pages priced by TT 226/2016.
      await page.getByTestId('certification-fee').filter({ hasText: '5.000 đ' }).waitFor();
      await page.getByTestId('certification-original-chosen').filter({ hasText: '(3 trang)' }).waitFor();
      await page.locator('select[name=certification-token] option').first().waitFor({ state: 'attached' });
      await assertNoSidewaysScroll(page, 'certification from a dossier');
      await page.screenshot({ path: join(SHOTS, 'certify-from-dossier-1366.png'), fullPage: true });
      await assertAccessible(page, 'certification from a dossier');
      await page.setViewportSize({ width: 1280, height: 720 });
      await assertNoSidewaysScroll(page, 'certification from a dossier at 1280×720');
      await page.screenshot({ path: join(SHOTS, 'certify-from-dossier-1280.png'), fullPage: true });
      await page.setViewportSize({ width: 1366, height: 768 });
    });

    await step('signed by keyboard: the book entry names the dossier, and the dossier lists its copy', async () => {
      await page.getByLabel('Giấy tờ (tên bản chính)').focus();
      await page.keyboard.type('Giấy chứng nhận quyền sử dụng đất');
      await page.getByLabel('Mã PIN').focus();
      await page.keyboard.type('123456');
      await page.keyboard.press('Enter');
      await page
        .getByRole('status')
        .filter({ hasText: `Đã chứng thực: số 1, quyển ${year}/SCT/BSĐT.` })
        .waitFor();
      const row = page.getByTestId('certification-book').getByRole('row').filter({ hasText: 'Giấy chứng nhận quyền sử dụng đất' });
      await row.filter({ hasText: `Hồ sơ ${code}` }).waitFor();
      await page.keyboard.press('F3');
      const found = page.getByRole('row').filter({ hasText: code });
      await found.waitFor();
      await found.press('Enter');
      await page
        .getByTestId('dossier-certified-copies')
        .filter({ hasText: `Bản sao số 1, quyển ${year}/SCT/BSĐT: Giấy chứng nhận quyền sử dụng đất` })
        .waitFor();
    });
  },
);
