// The fee at the counter end to end: for a late birth registration the officer picks the fee
// line, ticks the disability exemption that line lists, sees the fee fall to 0 đ with its basis,
// and the receipt main prints says the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { nextFormText } from '../support/forms.ts';
import { firstRun, pickProcedure, signIn } from '../support/deskFlows.ts';

const ADMIN = { username: 'canbo8', fullName: 'Trần Thị Lan', password: 'mat-khau-le-phi-mien' };
const BASIS = 'Luật Hộ tịch 2014 Điều 11 khoản 1 điểm a';
const LATE = 'Lệ phí khai sinh không đúng hạn, mức HĐND tỉnh (nguồn: 8.000 đ)';
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

test(
  'a late birth registration for a disabled applicant: the exemption the line lists is ticked and the receipt prints 0 đồng with its basis',
  { skip: chromiumMissing, timeout: 240_000 },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;

    await step('the office is set up and the officer opens reception', async () => {
      await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56', placeName: 'Hai Bà Trưng' });
      await signIn(page, ADMIN);
      await page.getByRole('button', { name: 'Tiếp nhận (F2)' }).click();
      await pickProcedure(page, 'dang ky khai sinh', /Đăng ký khai sinh/);
    });

    await step('the late-registration line costs 8.000 đồng; ticking the exemption it lists makes it 0 đồng with the basis', async () => {
      await page.getByTestId('fee-due').filter({ hasText: ': 0 đồng' }).waitFor();
      await page.locator('select[name=fee-line]').selectOption({ label: LATE });
      await page
        .getByTestId('fee-due')
        .filter({ hasText: `${LATE}: 8.000 đồng` })
        .waitFor();
      await page.locator('input[name=exempt-disabled]').check();
      await page
        .getByTestId('fee-due')
        .filter({ hasText: `${LATE}: 0 đồng (miễn: người khuyết tật — ${BASIS})` })
        .waitFor();
    });

    await step('the receipt prints the fee of this dossier, not the line’s amount', async () => {
      await page.locator('input[name=fullName]').fill('Lê Văn Bình');
      await page.locator('input[name=idNumber]').fill('001085012346');
      await page.locator('input[name=dateOfBirth]').fill('1985-03-02');
      await page.locator('select[name=gender]').selectOption('male');
      await page.locator('input[name=address]').fill('Số 5 phố Hàng Bạc, Hà Nội');
      for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
      const text = await nextFormText(page, () => page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click());
      assert.ok(text.includes(`${LATE}: 0 đồng (miễn: người khuyết tật — ${BASIS})`), text);
      assert.ok(!text.includes('người khuyết tật: 8.000'), 'no exemption prose with the full amount');
    });
  },
);
