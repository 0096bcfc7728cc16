// First run, Settings and the officer's guide at an office PC's 1366×768, in Chromium through
// browser mode: the demo box keeps what was typed, each page is checked before moving on with
// the problem beside its field, the password rule is shown before typing, browser mode says
// the password also protects the data; Settings is a list of sections walked by keyboard that
// warns before leaving unsaved changes (main's propose/confirm flow unchanged inside it); the
// guide opens with F1 and from the top bar.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { openSettings, signIn } from '../support/deskFlows.ts';
import { assertAccessible } from '../support/axe.ts';

const ADMIN = { username: 'quantri', fullName: 'Lê Thị Quản Trị', password: 'mat-khau-quan-tri' };
const SHOTS = process.env.DESK_SCREENSHOTS;

let desk: DeskSession;

before(async () => {
  if (!chromiumMissing) desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

/** The field (label, control, message) that holds the named control. */
const field = (page: Page, name: string) => page.locator('label.field').filter({ has: page.locator(`[name="${name}"]`) });

const noHorizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/**
 * At both office sizes: nothing overflows sideways and axe-core finds no serious or critical
 * WCAG 2.1 AA violation; a screenshot for a person to look at when asked for.
 */
async function atOfficeSizes(page: Page, name: string) {
  for (const [width, height] of [
    [1280, 720],
    [1366, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    assert.ok(await noHorizontalOverflow(page), `${name}: no horizontal overflow at ${width}×${height}`);
    await assertAccessible(page, `${name} at ${width}×${height}`);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/${name}-${width}x${height}.png` });
    }
  }
}

test('first run checks each page beside its fields; Settings in sections; the guide on F1', { skip: chromiumMissing, timeout: 180_000 }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;
  await page.setViewportSize({ width: 1366, height: 768 });

  await step('ticking the demo box keeps what was typed, and unticking gives it back', async () => {
    await page.getByRole('heading', { name: 'Thiết lập lần đầu' }).waitFor();
    await page.locator('input[name=officeName]').fill('UBND Xã Thử Nghiệm');
    await page.locator('input[name=agencyId]').fill('abc');
    await page.locator('input[name=demo]').check();
    assert.equal(await page.locator('input[name=officeName]').inputValue(), 'UBND Phường Mẫu (dữ liệu thử)');
    await page.getByText('Bỏ chọn ô này để lấy lại những gì bạn đã nhập').waitFor();
    await page.locator('input[name=demo]').uncheck();
    assert.equal(await page.locator('input[name=officeName]').inputValue(), 'UBND Xã Thử Nghiệm');
    assert.equal(await page.locator('input[name=agencyId]').inputValue(), 'abc');
    assert.equal(await page.locator('input[name=placeName]').inputValue(), '');
  });

  await step("the first page's problems show on the first page, beside their fields; 'abc' is refused in both languages", async () => {
    await page.getByRole('button', { name: 'Tiếp' }).click();
    const agency = field(page, 'agencyId');
    await agency.locator('.field-error').filter({ hasText: 'mã cấp 1' }).waitFor();
    assert.match((await agency.locator('.field-error').textContent()) ?? '', /mã cấp 1.* \/ .*level-1/);
    await field(page, 'placeName').locator('.field-error').filter({ hasText: 'Chưa nhập địa danh' }).waitFor();
    assert.equal(await page.locator('input[name=admin-username]').count(), 0, 'still on the first page');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name), 'agencyId', 'focus on the first field to fix');
    await atOfficeSizes(page, 'first-run-office-errors');
    await page.locator('input[name=agencyId]').fill('000.17.22.h56');
    assert.equal(await agency.locator('.field-error').count(), 0, 'the message goes as the field is fixed');
    await page.locator('input[name=placeName]').fill('Xã Thử Nghiệm');
    await page.getByRole('button', { name: 'Tiếp' }).click();
    await page.locator('input[name=admin-username]').waitFor();
  });

  await step('the password rule shows before typing and is ticked as it is met; browser mode says the password protects the data', async () => {
    const rule = page.locator('#password-rules li').first();
    assert.match((await rule.textContent()) ?? '', /Ít nhất 8 ký tự.*At least 8 characters/);
    assert.equal(await rule.getAttribute('data-met'), 'false');
    await page.getByRole('status').filter({ hasText: 'Chế độ trình duyệt' }).filter({ hasText: 'Browser mode' }).waitFor();
    await page.locator('input[name=admin-password]').fill('ngan');
    assert.equal(await rule.getAttribute('data-met'), 'false');
    await page.locator('input[name=admin-password]').fill(ADMIN.password);
    assert.equal(await rule.getAttribute('data-met'), 'true');
    await atOfficeSizes(page, 'first-run-admin');
  });

  await step('a mismatched repeat is named beside its field, and the desk is set up once it matches', async () => {
    await page.locator('input[name=admin-username]').fill(ADMIN.username);
    await page.locator('input[name=admin-fullname]').fill(ADMIN.fullName);
    await page.locator('input[name=admin-password-again]').fill('mat-khau-khac');
    await page.getByRole('button', { name: 'Hoàn tất' }).click();
    await field(page, 'admin-password-again').locator('.field-error').filter({ hasText: 'không khớp' }).waitFor();
    await page.locator('input[name=admin-password-again]').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Hoàn tất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor({ timeout: 60_000 });
    await signIn(page, ADMIN);
  });

  await step('Settings is a list of sections walked with the arrow keys, Home and End, named in the address', async () => {
    await openSettings(page, 'Cơ quan');
    const selected = page.getByRole('tab', { selected: true });
    await selected.focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await selected.textContent(), 'Danh mục thủ tục');
    await page.getByTestId('catalog-version').waitFor();
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).textContent), 'Danh mục thủ tục', 'focus follows');
    await page.keyboard.press('End');
    assert.equal(await selected.textContent(), 'Nhật ký thao tác');
    assert.equal(await page.evaluate(() => location.hash), '#settings/audit');
    await page.keyboard.press('Home');
    assert.equal(await selected.textContent(), 'Cơ quan');
    await atOfficeSizes(page, 'settings-office');
  });

  await step('leaving a section with unsaved changes asks first; staying keeps them; saving clears the warning', async () => {
    await page.locator('input[name=officeName]').fill('UBND Xã Thử Nghiệm Mới');
    await page.getByTestId('unsaved').filter({ hasText: 'Tên cơ quan (UBND)' }).waitFor();
    await page.getByRole('tab', { name: 'Máy quét', exact: true }).click();
    const warning = page.getByRole('alertdialog');
    await warning.filter({ hasText: 'thay đổi chưa lưu' }).waitFor();
    await atOfficeSizes(page, 'settings-leave-warning');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).textContent), 'Ở lại để lưu', 'staying is the default');
    await page.keyboard.press('Enter');
    await warning.waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('tab', { selected: true }).textContent(), 'Cơ quan');
    assert.equal(await page.locator('input[name=officeName]').inputValue(), 'UBND Xã Thử Nghiệm Mới', 'nothing lost by staying');
    await page.getByRole('form', { name: 'Cơ quan' }).getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    await page.getByTestId('unsaved').waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'Máy quét', exact: true }).click();
    assert.equal(await page.getByRole('alertdialog').count(), 0);
    await page.getByRole('region', { name: 'Máy quét', exact: true }).waitFor();
  });

  await step('discarding leaves the saved value; main still approves a privileged change inside its section', async () => {
    await page.getByRole('tab', { name: 'Cơ quan', exact: true }).click();
    await page.locator('input[name=placeName]').fill('Bỏ đi');
    await page.getByRole('tab', { name: 'Cập nhật', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Bỏ thay đổi và chuyển mục' }).click();
    const form = page.getByRole('form', { name: 'Cập nhật phần mềm' });
    await form.locator('input[name=update-feed-url]').fill('https://capnhat.example.vn/mot-cua-desk/update.json');
    await page.getByTestId('unsaved').filter({ hasText: 'Địa chỉ thông tin cập nhật' }).waitFor();
    await form.getByRole('button', { name: 'Lưu cấu hình cập nhật' }).click();
    await desk.confirmOnConsole(page);
    await form.getByRole('status').filter({ hasText: 'Đã áp dụng' }).waitFor();
    assert.equal(await page.getByTestId('unsaved').count(), 0, 'the approval code is not a setting left unsaved');
    await page.getByRole('tab', { name: 'Cơ quan', exact: true }).click();
    assert.equal(await page.locator('input[name=placeName]').inputValue(), 'Xã Thử Nghiệm');
  });

  await step('F2 or a top-bar screen with unsaved changes asks first too; discarding then goes there', async () => {
    await page.locator('input[name=officeName]').fill('Chưa lưu');
    await page.getByTestId('unsaved').waitFor();
    await page.keyboard.press('F2');
    const warning = page.getByRole('alertdialog');
    await warning.filter({ hasText: 'Tiếp nhận' }).waitFor();
    await page.keyboard.press('Enter');
    await warning.waitFor({ state: 'detached' });
    assert.equal(await page.locator('input[name=officeName]').inputValue(), 'Chưa lưu', 'still in Settings with the change');
    await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
    await warning.getByRole('button', { name: 'Bỏ thay đổi và chuyển mục' }).click();
    await page.locator('input[name=officeName]').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Cài đặt' }).click();
    assert.equal(await page.locator('input[name=officeName]').inputValue(), 'UBND Xã Thử Nghiệm Mới', 'the saved name, not the discarded one');
  });

  await step('Settings opens again at the section left, and at the one the address names', async () => {
    await page.getByRole('tab', { name: 'Đồng bộ', exact: true }).click();
    await page.keyboard.press('F2');
    await page.getByRole('button', { name: 'Cài đặt' }).click();
    assert.equal(await page.getByRole('tab', { selected: true }).textContent(), 'Đồng bộ');
    await page.keyboard.press('F2');
    await page.evaluate(() => (location.hash = '#settings/protection'));
    await page.getByRole('button', { name: 'Cài đặt' }).click();
    assert.equal(await page.getByRole('tab', { selected: true }).textContent(), 'Bảo vệ dữ liệu');
  });

  await step('the guide opens with F1 and from the top bar, illustrated, in Vietnamese then English, and closes with Esc', async () => {
    await page.keyboard.press('F2');
    await page.keyboard.press('F1');
    const guide = page.getByRole('dialog', { name: /Hướng dẫn cho cán bộ một cửa/ });
    await guide.waitFor();
    for (const topic of ['Tiếp nhận hồ sơ', 'Quét giấy tờ', 'Ký số', 'Trả kết quả', 'Khi mất mạng', 'Phím tắt']) {
      await guide.getByRole('heading', { name: new RegExp(topic) }).waitFor();
    }
    await guide.getByRole('img', { name: /Receiving a dossier in five steps/ }).waitFor();
    await guide.getByText('Press F2 to open Reception.').waitFor();
    await atOfficeSizes(page, 'guide');
    await page.keyboard.press('Shift+Tab');
    assert.match((await page.evaluate(() => (document.activeElement as HTMLElement).textContent)) ?? '', /^Phím tắt/, 'focus stays in the guide');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).textContent), 'Đóng hướng dẫn (Esc)', 'and goes round');
    await page.keyboard.press('Escape');
    await guide.waitFor({ state: 'detached' });
    const button = page.getByRole('button', { name: 'Hướng dẫn (F1)' });
    await button.click();
    await guide.getByRole('link', { name: /Khi mất mạng/ }).click();
    await guide.getByRole('button', { name: /Đóng hướng dẫn/ }).click();
    await guide.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).textContent), 'Hướng dẫn (F1)', 'focus goes back to the button');
  });
});
