// Every screen of the desk checked with axe-core at 1366×768, the office PC the issue names:
// no serious or critical WCAG 2.1 AA violation (contrast, names, labels, roles). The screens
// are reached as an officer reaches them, in Debian's Chromium against the real browser host,
// and the sync details are opened against the reference provincial server on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { openSettings, signIn } from '../support/deskFlows.ts';
import { assertAccessible } from '../support/axe.ts';
import { startProvincialServer, type ProvincialServer } from '../provincial/app.ts';

const ADMIN = { username: 'canbo7', fullName: 'Vũ Thị Hạnh', password: 'mat-khau-tiep-can' };
let desk: DeskSession;
let province: ProvincialServer;

before(async () => {
  if (chromiumMissing) return;
  province = await startProvincialServer({ dataDir: mkdtempSync(join(tmpdir(), 'desk-e2e-a11y-province-')) });
  desk = await openDesk();
  await desk.page.setViewportSize({ width: 1366, height: 768 });
});
after(async () => {
  await desk?.close();
  await province?.close();
});

test('every screen has no serious or critical axe-core violation at 1366×768', { skip: chromiumMissing, timeout: 240_000 }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;

  await step('first run, office step: empty, then with its errors', async () => {
    await page.getByRole('heading', { name: 'Thiết lập lần đầu' }).waitFor();
    await assertAccessible(page, 'first run, office step');
    await page.locator('input[name=agencyId]').fill('abc');
    await page.getByRole('button', { name: 'Tiếp' }).click();
    await assertAccessible(page, 'first run, office step with errors');
  });

  await step('first run, administrator step', async () => {
    await page.locator('input[name=demo]').check();
    await page.getByRole('button', { name: 'Tiếp' }).click();
    await page.locator('input[name=admin-username]').waitFor();
    await assertAccessible(page, 'first run, administrator step');
    await page.locator('input[name=admin-username]').fill(ADMIN.username);
    await page.locator('input[name=admin-fullname]').fill(ADMIN.fullName);
    await page.locator('input[name=admin-password]').fill(ADMIN.password);
    await page.locator('input[name=admin-password-again]').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Hoàn tất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor({ timeout: 60_000 });
  });

  await step('sign-in, and sign-in refused', async () => {
    await assertAccessible(page, 'sign-in');
    await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').waitFor();
    await assertAccessible(page, 'sign-in refused');
    await signIn(page, ADMIN);
  });

  await step('reception, empty', async () => {
    await page.locator('input[name=procedure-search]').waitFor();
    await assertAccessible(page, 'reception, empty');
  });

  await step('reception, filled, with a field error and the components of a procedure', async () => {
    await page.locator('input[name=procedure-search]').fill('dang ky khai sinh');
    await page.locator('input[name=procedure-search]').press('Enter');
    await page.getByTestId('chosen-procedure').waitFor();
    await page.locator('input[name=fullName]').fill('Nguyễn Văn An');
    await page.locator('input[name=idNumber]').fill('001090123456');
    await page.locator('input[name=dateOfBirth]').fill('31/02/1990');
    await page.locator('input[name=address]').fill('Số 5, ngõ 12 phố Huế, Hà Nội');
    await page.locator('input[name=phone]').focus();
    await page.getByText('Không có ngày 31/02/1990 trên lịch').waitFor();
    await assertAccessible(page, 'reception, filled with an error');
    await page.locator('input[name=dateOfBirth]').fill('01/01/1990');
    for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
    await assertAccessible(page, 'reception, filled');
    await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
    await assertAccessible(page, 'reception, supplement request open');
    await page.getByRole('button', { name: 'Từ chối tiếp nhận' }).click();
    await assertAccessible(page, 'reception, refusal open');
  });

  await step("the officer's guide (F1)", async () => {
    await page.keyboard.press('F1');
    await page.getByRole('dialog').waitFor();
    await assertAccessible(page, 'guide');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  await step('reception, the receipt after accepting', async () => {
    await page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click();
    await page.getByTestId('dossier-code').waitFor();
    await page.locator('.pdf-viewer canvas').first().waitFor();
    await assertAccessible(page, 'reception, receipt');
  });

  await step('dossier register', async () => {
    await page.keyboard.press('F3');
    await page.locator('.list-row .code').first().waitFor();
    await assertAccessible(page, 'dossier register');
  });

  await step('dossier detail, with the apology letter form open', async () => {
    await page.locator('input[name=dossier-search]').fill('nguyen van an');
    await page.getByRole('row').filter({ hasText: 'Nguyễn Văn An' }).dblclick();
    await page.getByRole('button', { name: 'Đóng' }).waitFor();
    await assertAccessible(page, 'dossier detail');
    await page.getByRole('button', { name: /Thư xin lỗi/ }).click();
    await page.locator('input[name=new-appointment]').waitFor();
    await assertAccessible(page, 'dossier detail, apology form');
    await page.locator('.component-row').first().getByRole('button', { name: 'Quét / nhập tệp' }).click();
    await page.locator('input[name=scan-import]').waitFor({ state: 'attached' });
    await assertAccessible(page, 'dossier detail, scan panel');
  });

  await step('the scorecard (F4)', async () => {
    await page.keyboard.press('F4');
    await page.locator('table.scorecard-summary').waitFor();
    await assertAccessible(page, 'scorecard');
  });

  await step('settings, every section', async () => {
    await page.getByRole('button', { name: 'Cài đặt' }).click();
    await page.getByRole('tabpanel').waitFor();
    for (const tab of await page.getByRole('tab').all()) {
      const name = (await tab.textContent()) ?? '';
      await tab.click();
      await page.getByRole('tabpanel').waitFor();
      await assertAccessible(page, `settings, ${name}`);
    }
  });

  await step('the sync details, open, do not cover the page and close on Escape, outside click and F2/F3', async () => {
    await openSettings(page, 'Đồng bộ');
    const form = page.getByRole('form', { name: 'Đồng bộ với hệ thống của tỉnh' });
    await form.locator('input[name=sync-endpoint]').fill(province.url);
    await form.getByRole('button', { name: 'Lưu cấu hình đồng bộ' }).click();
    await desk.confirmOnConsole(page);
    const toggle = page.locator('.sync-indicator > button');
    const details = page.getByRole('region', { name: 'Tình trạng đồng bộ' });

    await page.keyboard.press('F3');
    await toggle.click();
    await details.waitFor();
    await assertAccessible(page, 'sync details open');
    // In the flow, under the top bar: the register's toolbar starts below it, not under it.
    const strip = (await details.boundingBox())!;
    const toolbar = (await page.locator('.list-toolbar').boundingBox())!;
    assert.ok(toolbar.y >= strip.y + strip.height, `the page starts below the sync details (${toolbar.y} < ${strip.y + strip.height})`);

    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    assert.equal(await toggle.evaluate((b) => b === document.activeElement), true, 'Escape gives focus back to the sync button');

    await toggle.click();
    await details.waitFor();
    await page.locator('input[name=dossier-search]').click();
    await details.waitFor({ state: 'detached' });

    await toggle.click();
    await details.waitFor();
    await page.keyboard.press('F2');
    await page.locator('input[name=procedure-search]').waitFor();
    await details.waitFor({ state: 'detached' });

    await toggle.click();
    await details.waitFor();
    await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
    await details.waitFor({ state: 'detached' });

    // A click on the page while they are open does what it says: the strip leaves after the
    // click, not on the press, which moved the button from under the pointer.
    await page.locator('input[name=dossier-search]').fill('nguyen van an');
    await page.getByRole('row').filter({ hasText: 'Nguyễn Văn An' }).dblclick();
    await toggle.click();
    await details.waitFor();
    await page.getByRole('button', { name: /Thư xin lỗi/ }).click();
    await page.locator('input[name=new-appointment]').waitFor();
    await details.waitFor({ state: 'detached' });
  });

  await step('lock screen', async () => {
    await page.keyboard.press('Control+l');
    await page.getByRole('dialog', { name: 'Màn hình đã khóa' }).waitFor();
    await assertAccessible(page, 'lock screen');
    await page.locator('input[name=unlock-password]').fill('khong-dung');
    await page.getByRole('button', { name: 'Mở khóa' }).click();
    await page.getByRole('dialog').getByRole('alert').waitFor();
    await assertAccessible(page, 'lock screen, wrong password');
  });

  await step('the desk in English', async () => {
    await page.locator('input[name=unlock-password]').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Mở khóa' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'English' }).click();
    await page.keyboard.press('F2');
    await page.locator('input[name=procedure-search]').waitFor();
    await assertAccessible(page, 'reception in English');
  });
});
