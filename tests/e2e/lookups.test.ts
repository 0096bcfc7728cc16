// Data instead of papers at the counter, end to end in Chromium: a birth registration whose
// identity paper is looked up, offline, stays "look-up pending" without blocking the receipt, the
// receipt prints it as a look-up, and the authorisation letter is not asked for without a representative.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { nextFormText } from '../support/forms.ts';
import { firstRun, pickProcedure, signIn } from '../support/deskFlows.ts';

const ADMIN = { username: 'canbo8', fullName: 'Đỗ Thị Lan', password: 'mat-khau-tra-cuu-du-lieu' };
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

test(
  'a looked-up identity paper is pending offline, does not block the receipt, and the receipt prints it as a look-up',
  { skip: chromiumMissing, timeout: 240_000 },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;

    await step('the administrator sets up the office and opens reception', async () => {
      await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56', placeName: 'Hai Bà Trưng' });
      await signIn(page, ADMIN);
      await page.getByRole('button', { name: 'Tiếp nhận (F2)' }).click();
    });

    await step('a birth registration: the identity paper is a look-up, the authorisation letter is not shown', async () => {
      await pickProcedure(page, 'dang ky khai sinh', /Đăng ký khai sinh/);
      await page.locator('input[name=fullName]').fill('Lê Thị Cúc');
      await page.locator('input[name=idNumber]').fill('001185012345');
      await page.locator('input[name=dateOfBirth]').fill('1985-03-02');
      await page.locator('select[name=gender]').selectOption('female');
      await page.locator('input[name=address]').fill('Số 3 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội');
      const lookup = page.locator('[data-lookup=giay-to-tuy-than]');
      assert.equal(await lookup.getByRole('combobox', { name: 'Kết quả tra cứu' }).inputValue(), 'pending');
      assert.equal(await lookup.getByRole('textbox', { name: 'Số đã cung cấp để tra cứu' }).inputValue(), '001185012345');
      assert.equal(await page.locator('[data-component=van-ban-uy-quyen]').count(), 0, 'no representative: no letter');
    });

    await step('only the papers are ticked; the receipt lists the pending look-up', async () => {
      for (const id of ['to-khai', 'giay-chung-sinh']) await page.locator(`[data-component=${id}] input[type=checkbox]`).check();
      const text = await nextFormText(page, () => page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click());
      assert.match((await page.getByTestId('dossier-code').textContent()) ?? '', /^000\.17\.22\.H56-/);
      assert.ok(text.includes('Tra cứu Cơ sở dữ liệu quốc gia về dân cư — chờ tra cứu'), text);
      assert.ok(!text.includes('Văn bản ủy quyền'), 'the letter is not on the receipt');
    });
  },
);
