// After the receipt, end to end in Chromium at the office PCs' sizes: the paper file is handed on
// twice and its control sheet (Mẫu 06) lists both hand-offs, from the dossier and from its row in
// the register; another dossier's processing is stopped with the notice (Mẫu 05) printed in
// Vietnamese and the status shown; the reference province receives the hand-offs and the stop and
// moves its own statuses (4 and 8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { nextFormText } from '../support/forms.ts';
import { firstRun, newDossier, openSettings, pickProcedure, registerWithProvince, signIn, syncNow } from '../support/deskFlows.ts';
import { OFFICE_SIZES, assertNoOverflow } from '../support/layout.ts';
import { assertAccessible } from '../support/axe.ts';
import { startProvincialServer, type ProvincialServer } from '../provincial/app.ts';
import { createEnrolmentCode } from '../provincial/auth.ts';

const ADMIN = { username: 'canbo9', fullName: 'Ngô Thị Mai', password: 'mat-khau-kiem-soat' };
const AGENCY = '000.17.22.H56';
/** Where this story's screenshots go, to be looked at by whoever changes these screens. */
const SHOTS = process.env.DESK_E2E_SHOTS ?? mkdtempSync(join(tmpdir(), 'desk-e2e-stop-shots-'));
let province: ProvincialServer;
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  province = await startProvincialServer({ dataDir: mkdtempSync(join(tmpdir(), 'desk-e2e-stop-province-')) });
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
  await province?.close();
});

async function receive(page: Page, fullName: string, idNumber: string, gender: 'male' | 'female'): Promise<string> {
  await page.getByRole('button', { name: 'Tiếp nhận (F2)' }).click();
  // After a receipt the screen keeps it in view until the officer starts the next dossier.
  await newDossier(page);
  await pickProcedure(page, 'dang ky khai sinh', /Đăng ký khai sinh/);
  await page.locator('input[name=fullName]').fill(fullName);
  await page.locator('input[name=idNumber]').fill(idNumber);
  await page.locator('input[name=dateOfBirth]').fill('1990-04-12');
  await page.locator('select[name=gender]').selectOption(gender);
  await page.locator('input[name=address]').fill('Số 8 phố Lò Đúc, Phường Hai Bà Trưng, Hà Nội');
  for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
  await nextFormText(page, () => page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click());
  return (await page.getByTestId('dossier-code').textContent()) ?? '';
}

async function openInRegister(page: Page, code: string): Promise<void> {
  await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
  await page.locator('input[name=dossier-search]').fill(code);
  await page.getByRole('row').filter({ hasText: code }).dblclick();
  await page.getByRole('heading', { name: new RegExp(code.replace(/\./g, '\\.')) }).waitFor();
}

/** The province's row once the condition holds: the desk's engine sends in its own time. */
async function provincialRow(code: string, until: (row: { status: number; body: string }) => boolean): Promise<{ status: number; body: string }> {
  for (;;) {
    const row = province.db.prepare('SELECT status, body FROM dossiers WHERE code = ?').get(code) as { status: number; body: string } | undefined;
    if (row && until(row)) return row;
    await new Promise((r) => setTimeout(r, 250));
  }
}

test(
  'hand-offs listed on Mẫu 06 from the detail and the register, a stop printed on Mẫu 05 with its status, both at the province',
  { skip: chromiumMissing, timeout: 300_000 },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;

    await step('the office is set up and registered with the province', async () => {
      await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: AGENCY, placeName: 'Hai Bà Trưng' });
      await signIn(page, ADMIN);
      await openSettings(page, 'Đồng bộ');
      await registerWithProvince(desk, province.url, createEnrolmentCode(province.db, AGENCY, 'e2e').code);
    });

    let handed = '';
    let stopped = '';
    await step('two birth registrations are received', async () => {
      handed = await receive(page, 'Vũ Thị Hạnh', '001190004321', 'female');
      stopped = await receive(page, 'Đặng Văn Phúc', '001090007654', 'male');
      assert.match(handed, /^000\.17\.22\.H56-/);
    });

    await step('the paper file is handed on twice, the second by keyboard only; the dossier is in processing', async () => {
      await openInRegister(page, handed);
      await page.getByRole('button', { name: 'Ghi giao nhận hồ sơ' }).click();
      const form = page.getByRole('form', { name: /Giao nhận hồ sơ giấy/ });
      assert.equal(await form.locator('input[name=hand-off-from]').inputValue(), 'Bộ phận Tiếp nhận và Trả kết quả');
      await form.locator('input[name=hand-off-to]').fill('Công chức Tư pháp - Hộ tịch');
      await form.locator('input[name=hand-off-receiver]').fill('Lý Văn Toàn');
      await form.getByRole('button', { name: 'Lưu giao nhận' }).click();
      await page.getByRole('table').filter({ hasText: 'Quá trình giao nhận hồ sơ' }).getByText('Lý Văn Toàn').waitFor();
      await page.getByText('Đang xử lý').first().waitFor();

      // Keyboard only: focus the button, Enter opens the form with the receiving unit focused, Enter saves.
      await page.getByRole('button', { name: 'Ghi giao nhận hồ sơ' }).focus();
      await page.keyboard.press('Enter');
      assert.equal(await form.locator('input[name=hand-off-from]').inputValue(), 'Công chức Tư pháp - Hộ tịch', 'the file goes on from where it was');
      await page.keyboard.type('Chủ tịch UBND phường');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Hoàng Minh Đức');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Trình ký');
      await page.keyboard.press('Enter');
      await page.getByRole('table').filter({ hasText: 'Quá trình giao nhận hồ sơ' }).getByText('Trình ký').waitFor();
      for (const size of OFFICE_SIZES) {
        await page.setViewportSize(size);
        await assertNoOverflow(page, 'dossier detail with hand-offs');
        await page.screenshot({ path: join(SHOTS, `detail-hand-offs-${size.width}.png`), fullPage: true });
      }
      await assertAccessible(page, 'dossier detail with hand-offs');
    });

    await step('Mẫu 06 from the detail lists both hand-offs with the receivers', async () => {
      const text = await nextFormText(page, () => page.getByRole('button', { name: 'In phiếu kiểm soát (Mẫu 06)' }).click());
      for (const expected of [
        'PHIẾU KIỂM SOÁT QUÁ TRÌNH',
        `Mã hồ sơ: ${handed}`,
        'Người nộp hồ sơ: Vũ Thị Hạnh',
        '1. Giao: Bộ phận Tiếp nhận và Trả kết quả',
        '2. Nhận: Công chức Tư pháp - Hộ tịch',
        'Người nhận: Lý Văn Toàn',
        '2. Nhận: Chủ tịch UBND phường',
        'Người nhận: Hoàng Minh Đức',
        'Trình ký',
      ]) {
        assert.ok(text.includes(expected), `${expected} in ${text}`);
      }
    });

    await step('the register prints the same sheet from the dossier’s row', async () => {
      await page.getByRole('button', { name: 'Đóng' }).click();
      await page.locator('input[name=dossier-search]').fill('');
      const row = page.getByRole('row').filter({ hasText: handed });
      await row.waitFor();
      for (const size of OFFICE_SIZES) {
        await page.setViewportSize(size);
        await assertNoOverflow(page, 'register with the control sheet column');
        await page.screenshot({ path: join(SHOTS, `register-${size.width}.png`) });
      }
      await assertAccessible(page, 'register with the control sheet column');
      const text = await nextFormText(page, () => row.getByRole('button', { name: `Mẫu 06 — in phiếu kiểm soát của hồ sơ ${handed}` }).click());
      assert.ok(text.includes('Người nhận: Hoàng Minh Đức') && text.includes(`Mã hồ sơ: ${handed}`), text);
      await page.getByText('Hộp thoại in đã mở').waitFor();
      await assertNoOverflow(page, 'register with a control sheet printed from a row');
      await page.screenshot({ path: join(SHOTS, 'register-printed-1280.png') });
      await page.getByRole('button', { name: 'Đóng phiếu kiểm soát, về danh sách' }).click();
      await page.getByText('Hộp thoại in đã mở').waitFor({ state: 'detached' });
      await row.waitFor();
    });

    await step('another dossier is stopped: Mẫu 05 printed in Vietnamese with the reason, the status shown', async () => {
      await openInRegister(page, stopped);
      await page.getByRole('button', { name: 'Dừng giải quyết (Mẫu 05)' }).click();
      const form = page.getByRole('form', { name: /Thông báo dừng giải quyết hồ sơ/ });
      await form.locator('textarea[name=stop-reason]').fill('Người nộp có văn bản đề nghị dừng giải quyết hồ sơ ngày 07/12/2026.');
      await form.locator('textarea[name=stop-guidance]').fill('Nhận lại hồ sơ tại Bộ phận một cửa phường Hai Bà Trưng.');
      for (const size of OFFICE_SIZES) {
        await page.setViewportSize(size);
        await assertNoOverflow(page, 'stop form');
        await page.screenshot({ path: join(SHOTS, `stop-form-${size.width}.png`), fullPage: true });
      }
      await assertAccessible(page, 'stop form');
      const text = await nextFormText(page, () => form.getByRole('button', { name: 'In thông báo và dừng giải quyết' }).click());
      for (const expected of [
        'THÔNG BÁO',
        'DỪNG GIẢI QUYẾT HỒ SƠ',
        `Mã hồ sơ: ${stopped}`,
        'Kính gửi: Đặng Văn Phúc',
        'Lý do: Người nộp có văn bản đề nghị dừng giải quyết hồ sơ ngày 07/12/2026.',
        'Nhận lại hồ sơ tại Bộ phận một cửa phường Hai Bà Trưng.',
      ]) {
        assert.ok(text.includes(expected), `${expected} in ${text}`);
      }
      await page
        .getByTestId('stopped')
        .getByText(/Đã dừng giải quyết lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/)
        .waitFor();
      await page.locator('.facts').getByText('Trạng thái: Dừng xử lý').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Dừng giải quyết (Mẫu 05)' }).count(), 0, 'a stopped dossier cannot be stopped again');
      await page.screenshot({ path: join(SHOTS, 'stopped-1280.png'), fullPage: true });
    });

    await step('the province receives the hand-offs and the stop, and moves its statuses to 4 and 8', async () => {
      await syncNow(page);
      const handedRow = await provincialRow(handed, (r) => r.status === 4 && (JSON.parse(r.body) as { handOffs?: unknown[] }).handOffs?.length === 2);
      const body = JSON.parse(handedRow.body) as { handOffs: Array<{ to: string; receiverName?: string }> };
      assert.deepEqual(
        body.handOffs.map((h) => [h.to, h.receiverName]),
        [
          ['Công chức Tư pháp - Hộ tịch', 'Lý Văn Toàn'],
          ['Chủ tịch UBND phường', 'Hoàng Minh Đức'],
        ],
      );
      const stoppedRow = await provincialRow(stopped, (r) => r.status === 8);
      assert.equal(
        (JSON.parse(stoppedRow.body) as { stop: { reason: string } }).stop.reason,
        'Người nộp có văn bản đề nghị dừng giải quyết hồ sơ ngày 07/12/2026.',
      );
    });
  },
);
