// The desk's frame around every screen, as an officer of a demo office with sync set up sees it:
// the top bar with the sync pill and results waiting fits 1366×768 and 1280×720 in both
// languages (details open or closed), a double-click in the register opens the row the officer
// pointed at even when the sync details close under the first click, and signing out — from
// the top bar or the lock screen's 'switch account' — asks before it drops unsaved Settings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, openSettings, signIn } from '../support/deskFlows.ts';
import { assertNoOverflow, assertWhollyInView, OFFICE_SIZES } from '../support/layout.ts';
import { startProvincialServer, type ProvincialServer } from '../provincial/app.ts';

const ADMIN = { username: 'canbo9', fullName: 'Nguyễn Thị Phương Thảo', password: 'mat-khau-khung-quay' };
let province: ProvincialServer;
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  province = await startProvincialServer({ dataDir: mkdtempSync(join(tmpdir(), 'desk-e2e-frame-province-')) });
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
  await province?.close();
});

/** The top bar at both office sizes, sync details closed and open: nothing past the edge, every button whole and clickable. */
async function assertTopBarFits(page: Page, language: string): Promise<void> {
  const toggle = page.locator('.sync-indicator > button');
  for (const size of OFFICE_SIZES) {
    await page.setViewportSize(size);
    await assertNoOverflow(page, `top bar (${language})`);
    await assertWhollyInView(page, '.topbar button, .topbar [data-testid=results-waiting]', `top bar (${language})`);
    await toggle.click();
    await page.locator('.sync-details').waitFor();
    await assertNoOverflow(page, `top bar with sync details (${language})`);
    await assertWhollyInView(page, '.topbar button', `top bar with sync details (${language})`);
    await page.keyboard.press('Escape');
    await page.locator('.sync-details').waitFor({ state: 'detached' });
  }
}

test(
  'the desk frame: top bar fits, a double-click opens its row, sign-out asks before dropping settings',
  { skip: chromiumMissing, timeout: 240_000 },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;

    await step('a demo office with sync set up: the pill and the results to hand over show', async () => {
      await firstRun(page, ADMIN, 'demo');
      await signIn(page, ADMIN);
      await openSettings(page, 'Đồng bộ');
      const form = page.getByRole('form', { name: 'Đồng bộ với hệ thống của tỉnh' });
      await form.locator('input[name=sync-endpoint]').fill(province.url);
      await form.getByRole('button', { name: 'Lưu cấu hình đồng bộ' }).click();
      await desk.confirmOnConsole(page);
      await page.keyboard.press('F2');
      await page.locator('.sync-indicator > button').waitFor();
      await page.getByTestId('results-waiting').waitFor();
    });

    await step('the top bar fits 1366×768 and 1280×720 in Vietnamese and in English', async () => {
      await assertTopBarFits(page, 'vi');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await assertTopBarFits(page, 'en');
      await page.getByRole('button', { name: 'Tiếng Việt' }).click();
      await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    });

    await step('a double-click on a register row with the sync details open opens that row', async () => {
      for (const size of OFFICE_SIZES) {
        await page.setViewportSize(size);
        await page.keyboard.press('F3');
        const row = page.locator('.list-row:not(.head)').nth(3);
        await row.locator('.code').waitFor();
        const code = (await row.locator('.code').textContent()) ?? '';
        await page.locator('.sync-indicator > button').click();
        await page.locator('.sync-details').waitFor();
        await row.dblclick();
        const title = page.locator('.card .chosen h2');
        await title.waitFor();
        assert.match(
          (await title.textContent()) ?? '',
          new RegExp(`^${code.replace(/\./g, '\\.')} `),
          `the row pointed at opens at ${size.width}×${size.height}`,
        );
        await page.getByRole('button', { name: 'Đóng', exact: true }).click();
      }
    });

    await step('the administrator sets how long reception drafts are kept, checked in both languages', async () => {
      await page.setViewportSize(OFFICE_SIZES[0]);
      await openSettings(page, 'Bảo vệ dữ liệu');
      const rule = page.getByRole('form', { name: 'Thời hạn lưu hồ sơ trên quầy' });
      const days = rule.locator('input[name=retention-draft-days]');
      assert.equal(await days.inputValue(), '30', 'a month unless set');
      await days.fill('0');
      await rule.getByRole('button', { name: 'Lưu thời hạn' }).click();
      await page.getByRole('alert').filter({ hasText: 'số ngày nguyên từ 1 đến 3650' }).filter({ hasText: 'whole number of days' }).waitFor();
      await days.fill('7');
      await rule.getByRole('button', { name: 'Lưu thời hạn' }).click();
      await page.getByText('Đã lưu thời hạn lưu trữ.').waitFor();
      await page.keyboard.press('F2');
      await openSettings(page, 'Bảo vệ dữ liệu');
      assert.equal(await page.locator('input[name=retention-draft-days]').inputValue(), '7', 'kept');
    });

    await step('signing out with unsaved settings asks; staying keeps the edit, discarding signs out', async () => {
      await page.setViewportSize(OFFICE_SIZES[0]);
      await openSettings(page, 'Cơ quan');
      const office = page.locator('input[name=officeName]');
      await office.fill('UBND Phường Đã Sửa');
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      const question = page.getByRole('alertdialog').filter({ hasText: 'Đăng xuất sẽ bỏ các thay đổi đó' });
      await question.waitFor();
      assert.match((await question.textContent()) ?? '', /Signing out discards them/);
      await question.getByRole('button', { name: 'Ở lại để lưu' }).click();
      assert.equal(await office.inputValue(), 'UBND Phường Đã Sửa', 'staying keeps the edit');
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await question.getByRole('button', { name: 'Bỏ thay đổi và đăng xuất' }).click();
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    });

    await step('the lock screen’s switch of account asks too; Escape stays on the lock', async () => {
      await signIn(page, ADMIN);
      await openSettings(page, 'Cơ quan');
      await page.locator('input[name=officeName]').fill('UBND Phường Đã Sửa');
      await page.getByRole('button', { name: 'Khóa màn hình' }).click();
      const lock = page.getByRole('dialog', { name: 'Màn hình đã khóa' });
      await lock.getByRole('button', { name: 'Đăng nhập tài khoản khác' }).click();
      const question = lock.getByRole('alertdialog');
      await question.filter({ hasText: 'Đăng nhập tài khoản khác sẽ bỏ các thay đổi đó' }).waitFor();
      await page.keyboard.press('Escape');
      await question.waitFor({ state: 'detached' });
      await lock.locator('input[name=unlock-password]').waitFor();
      await lock.getByRole('button', { name: 'Đăng nhập tài khoản khác' }).click();
      await lock.getByRole('button', { name: 'Bỏ thay đổi và đổi tài khoản' }).click();
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      await signIn(page, ADMIN);
      await openSettings(page, 'Cơ quan');
      assert.notEqual(await page.locator('input[name=officeName]').inputValue(), 'UBND Phường Đã Sửa', 'the discarded edit was not saved');
    });
  },
);
