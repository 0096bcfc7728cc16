// Reception beyond the commune's boundary end to end: the administrator loads the province's
// list, the officer marks a birth registration as filed for another ward, the receipt names
// that ward, and the dossier reaches the reference province with both agencies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { nextFormText } from '../support/forms.ts';
import { firstRun, openSettings, pickProcedure, registerWithProvince, signIn, syncNow } from '../support/deskFlows.ts';
import { startProvincialServer, type ProvincialServer } from '../provincial/app.ts';
import { createEnrolmentCode } from '../provincial/auth.ts';

const ADMIN = { username: 'canbo7', fullName: 'Phạm Văn Hùng', password: 'mat-khau-phi-dia-gioi' };
const AGENCY = '000.17.22.H56';
const COMPETENT = { name: 'UBND Phường Hoàn Kiếm', agencyId: '000.17.21.H56' };
let province: ProvincialServer;
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  province = await startProvincialServer({ dataDir: mkdtempSync(join(tmpdir(), 'desk-e2e-beyond-province-')) });
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
  await province?.close();
});

test(
  'a dossier filed beyond the boundary: list loaded, both agencies recorded, the receipt names the competent one, the province holds both',
  { skip: chromiumMissing, timeout: 240_000 },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;

    await step('the administrator sets up the office and loads the province’s list of procedures filed beyond the boundary', async () => {
      await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: AGENCY, placeName: 'Hai Bà Trưng' });
      await signIn(page, ADMIN);
      await openSettings(page, 'Danh mục thủ tục');
      const section = page.getByTestId('non-territorial');
      await section.getByText('Chưa có danh sách của tỉnh').waitFor();
      const list = {
        version: 'h56-e2e.1',
        province: 'Thành phố Hà Nội',
        decisions: [
          {
            number: '999/QĐ-UBND',
            date: '2025-08-20',
            effectiveFrom: '2025-08-25',
            source: { url: 'https://example.gov.vn/999', retrieved: '2026-12-07' },
            procedures: ['1.001193'],
          },
        ],
      };
      await section
        .locator('input[name=non-territorial-file]')
        .setInputFiles({ name: 'phi-dia-gioi.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(list)) });
      await section.getByRole('status').filter({ hasText: 'Đã nạp danh sách h56-e2e.1 (1 thủ tục)' }).waitFor();
      await section.getByText('999/QĐ-UBND, áp dụng từ 25/08/2025').waitFor();
    });

    await step('the desk registers with the province', async () => {
      await page.getByRole('tab', { name: 'Đồng bộ', exact: true }).click();
      await registerWithProvince(desk, province.url, createEnrolmentCode(province.db, AGENCY, 'e2e').code);
    });

    let code = '';
    await step('a birth registration filed for another ward: the receipt names the competent agency', async () => {
      await page.getByRole('button', { name: 'Tiếp nhận (F2)' }).click();
      await pickProcedure(page, 'dang ky khai sinh', /Đăng ký khai sinh/);
      await page.getByText('Tiếp nhận không phụ thuộc địa giới hành chính (theo 999/QĐ-UBND)').waitFor();
      await page.locator('input[name=beyond-boundary]').check();
      await page.locator('input[name=competent-name]').fill(COMPETENT.name);
      await page.locator('input[name=competent-id]').fill(COMPETENT.agencyId);
      await page.locator('input[name=fullName]').fill('Lê Thị Cúc');
      await page.locator('input[name=idNumber]').fill('001185012345');
      await page.locator('input[name=dateOfBirth]').fill('1985-03-02');
      await page.locator('select[name=gender]').selectOption('female');
      await page.locator('input[name=address]').fill('Số 3 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội');
      for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
      const text = await nextFormText(page, () => page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click());
      code = (await page.getByTestId('dossier-code').textContent()) ?? '';
      assert.match(code, /^000\.17\.22\.H56-\d{6}-\d{4,}$/, 'the receiving office issues the code');
      assert.ok(text.includes(`Cơ quan có thẩm quyền giải quyết: ${COMPETENT.name}`), 'the receipt names the competent agency');
    });

    await step('the dossier reaches the province with both agencies and the decision', async () => {
      await syncNow(page);
      await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
      await page.locator('input[name=dossier-search]').fill(code);
      await page.getByRole('row').filter({ hasText: code }).dblclick();
      await page.getByTestId('dossier-sync').and(page.locator('[data-state=acked]')).waitFor({ timeout: 60_000 });
      const row = province.db.prepare('SELECT body FROM dossiers WHERE code = ?').get(code) as { body: string } | undefined;
      assert.ok(row, 'stored at the province');
      assert.deepEqual((JSON.parse(row.body) as { beyondBoundary: unknown }).beyondBoundary, {
        receiving: { name: 'UBND Phường Hai Bà Trưng', agencyId: AGENCY },
        competent: COMPETENT,
        decision: '999/QĐ-UBND',
      });
    });
  },
);
