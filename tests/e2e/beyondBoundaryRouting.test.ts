// A dossier filed beyond the commune's boundary after its receipt, end to end in Chromium: the
// register and the detail name the competent agency and the control sheet (Mẫu 06) prints it;
// the reference province routes the dossier to that agency's queue, only that agency decides
// it, and the result it returns comes back to this desk — where the citizen filed — through the
// normal pull, ready to hand over.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { nextFormText } from '../support/forms.ts';
import { firstRun, openSettings, pickProcedure, registerWithProvince, signIn, syncNow } from '../support/deskFlows.ts';
import { OFFICE_SIZES, assertNoOverflow } from '../support/layout.ts';
import { assertAccessible } from '../support/axe.ts';
import { startProvincialServer, type ProvincialServer } from '../provincial/app.ts';
import { createEnrolmentCode } from '../provincial/auth.ts';
import { folders } from '../provincial/store.ts';
import { competentQueue, decide } from '../provincial/routing.ts';

const ADMIN = { username: 'canbo8', fullName: 'Trịnh Văn Khoa', password: 'mat-khau-dinh-tuyen' };
const AGENCY = '000.17.22.H56';
const COMPETENT = { name: 'UBND Phường Hoàn Kiếm', agencyId: '000.17.21.H56' };
const SHOTS = process.env.DESK_E2E_SHOTS ?? mkdtempSync(join(tmpdir(), 'desk-e2e-routing-shots-'));
let province: ProvincialServer;
let provinceDir: string;
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  provinceDir = mkdtempSync(join(tmpdir(), 'desk-e2e-routing-province-'));
  province = await startProvincialServer({ dataDir: provinceDir });
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
  await province?.close();
});

test(
  'a dossier filed beyond the boundary: competent agency shown and on Mẫu 06, routed to its queue by the province, the result back at the receiving desk',
  { skip: chromiumMissing, timeout: 300_000 },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;

    await step('the office loads the province’s list and registers with the province', async () => {
      await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: AGENCY, placeName: 'Hai Bà Trưng' });
      await signIn(page, ADMIN);
      await openSettings(page, 'Danh mục thủ tục');
      const section = page.getByTestId('non-territorial');
      const list = {
        version: 'h56-e2e.2',
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
      await section.getByRole('status').filter({ hasText: 'Đã nạp danh sách h56-e2e.2' }).waitFor();
      await page.getByRole('tab', { name: 'Đồng bộ', exact: true }).click();
      await registerWithProvince(desk, province.url, createEnrolmentCode(province.db, AGENCY, 'e2e').code);
    });

    let code = '';
    await step('a birth registration is received for another ward', async () => {
      await page.getByRole('button', { name: 'Tiếp nhận (F2)' }).click();
      await pickProcedure(page, 'dang ky khai sinh', /Đăng ký khai sinh/);
      await page.locator('input[name=beyond-boundary]').check();
      await page.locator('input[name=competent-name]').fill(COMPETENT.name);
      await page.locator('input[name=competent-id]').fill(COMPETENT.agencyId);
      await page.locator('input[name=fullName]').fill('Phan Thị Thu');
      await page.locator('input[name=idNumber]').fill('001188012345');
      await page.locator('input[name=dateOfBirth]').fill('1988-06-15');
      await page.locator('select[name=gender]').selectOption('female');
      await page.locator('input[name=address]').fill('Số 12 phố Hàng Gai, Phường Hoàn Kiếm, Hà Nội');
      for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
      await nextFormText(page, () => page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click());
      code = (await page.getByTestId('dossier-code').textContent()) ?? '';
      assert.match(code, /^000\.17\.22\.H56-/);
    });

    await step('the register and the detail name the competent agency; Mẫu 06 prints it', async () => {
      await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
      const row = page.getByRole('row').filter({ hasText: code });
      await row.getByText(`→ ${COMPETENT.name}`).waitFor();
      for (const size of OFFICE_SIZES) {
        await page.setViewportSize(size);
        await assertNoOverflow(page, 'register with a dossier filed beyond the boundary');
        await page.screenshot({ path: join(SHOTS, `register-beyond-${size.width}.png`) });
      }
      await row.dblclick();
      await page.getByTestId('competent-agency').getByText(`Cơ quan có thẩm quyền giải quyết: ${COMPETENT.name} (${COMPETENT.agencyId})`).waitFor();
      for (const size of OFFICE_SIZES) {
        await page.setViewportSize(size);
        await assertNoOverflow(page, 'detail of a dossier filed beyond the boundary');
        await page.screenshot({ path: join(SHOTS, `detail-beyond-${size.width}.png`) });
      }
      await assertAccessible(page, 'detail of a dossier filed beyond the boundary');
      const text = await nextFormText(page, () => page.getByRole('button', { name: 'In phiếu kiểm soát (Mẫu 06)' }).click());
      assert.ok(text.includes(`Cơ quan có thẩm quyền giải quyết: ${COMPETENT.name}`), text);
      assert.ok(text.includes(`Mã hồ sơ: ${code}`), text);
    });

    let id = '';
    await step('the province routes it to the competent agency’s queue, and only that agency decides it', async () => {
      await syncNow(page);
      await page.getByTestId('dossier-sync').and(page.locator('[data-state=acked]')).waitFor({ timeout: 60_000 });
      const queued = competentQueue(province.db, COMPETENT.agencyId).find((r) => r.code === code);
      assert.ok(queued, 'in the competent agency’s queue');
      assert.equal(queued.receivingAgencyId, AGENCY);
      assert.equal(queued.routed, true);
      assert.equal(
        competentQueue(province.db, AGENCY).some((r) => r.code === code),
        false,
        'not in the receiving agency’s own queue',
      );
      id = queued.id;
      await assert.rejects(decide(province.db, folders(provinceDir), AGENCY, { dossierId: id, status: 9 }));
    });

    await step('the competent agency returns the result; the receiving desk pulls it and can hand it over', async () => {
      const result = Buffer.from(
        '%PDF-1.4\n% ket qua\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
      );
      await decide(province.db, folders(provinceDir), COMPETENT.agencyId, {
        dossierId: id,
        status: 9,
        note: 'UBND Phường Hoàn Kiếm đã giải quyết',
        result: { name: 'trich-luc-khai-sinh.pdf', bytes: result },
      });
      await syncNow(page);
      const ready = page.getByRole('form', { name: 'Kết quả đã sẵn sàng — trả cho công dân' });
      await ready.waitFor({ timeout: 60_000 });
      await ready.getByRole('button', { name: /trich-luc-khai-sinh\.pdf/ }).waitFor({ timeout: 60_000 });
      await page.locator('.facts').getByText('Trạng thái: Đã xử lý xong').waitFor();
      await page.screenshot({ path: join(SHOTS, 'result-back-1280.png') });
    });
  },
);
