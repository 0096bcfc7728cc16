// The receipt's "Quyển số … Số thứ tự …" and the printed tracking book are one book (issue 13
// §4), end to end in Chromium at 1366×768: the administrator sets this year's book label in
// Settings, two receptions print receipts numbered N and N+1 in that book, the dossier detail
// shows the same, and the book printed for the day lists each dossier under its own number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { nextFormText } from '../support/forms.ts';
import { assertAccessible } from '../support/axe.ts';
import { firstRun, newDossier, openSettings, pickProcedure, signIn } from '../support/deskFlows.ts';
import { deskDate, formatDeskDate } from '#domain/deskTime.ts';
import type { Page } from 'playwright-core';

const ADMIN = { username: 'canbo13', fullName: 'Phạm Thị Hoa', password: 'mat-khau-so-theo-doi' };
const APPLICANTS = [
  { fullName: 'Đỗ Văn Minh', idNumber: '001090123457' },
  { fullName: 'Ngô Thị Lan', idNumber: '001190123458' },
];
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
  await desk.page.setViewportSize({ width: 1366, height: 768 });
});
after(async () => {
  await desk?.close();
});

async function assertNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  assert.ok(scrollWidth <= innerWidth, `${screen}: ${scrollWidth - innerWidth} px of sideways scroll`);
}

test(
  'two receptions print receipts numbered N and N+1 in the book the administrator labelled, and the book printed for the day shows the same numbers',
  { skip: chromiumMissing, timeout: 300_000 },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;
    // The desk's year (UTC+7), as the book's.
    const year = deskDate(new Date()).slice(0, 4);
    const label = `A1/${year}`;

    await step('the office is set up and the administrator signs in', async () => {
      await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56', placeName: 'Hai Bà Trưng' });
      await signIn(page, ADMIN);
    });

    await step('Settings → Cơ quan: the book is "01/<year>" until the administrator labels it, by keyboard', async () => {
      await openSettings(page, 'Cơ quan');
      const section = page.getByTestId('ledger-book');
      await section.getByText(`Năm ${year}: quyển số 01/${year}`).waitFor();
      await section.locator('select[name=ledger-year]').focus();
      await page.keyboard.press('Tab');
      await page.keyboard.type(label);
      await page.keyboard.press('Enter');
      await section
        .getByRole('status')
        .filter({ hasText: `Đã lưu quyển số ${label} cho năm ${year}.` })
        .waitFor();
      await section.getByText(`Năm ${year}: quyển số ${label}`).waitFor();
      await assertAccessible(page, 'settings, office section with the tracking book');
      await assertNoSidewaysScroll(page, 'settings, office section');
    });

    const numbers: number[] = [];
    const codes: string[] = [];
    for (const [i, applicant] of APPLICANTS.entries()) {
      await step(`reception ${i + 1}: the receipt is entered in book ${label} under the next number`, async () => {
        await page.getByRole('button', { name: 'Tiếp nhận (F2)' }).click();
        if (i > 0) await newDossier(page);
        await pickProcedure(page, 'dang ky khai sinh', /Đăng ký khai sinh/);
        await page.locator('input[name=fullName]').fill(applicant.fullName);
        await page.locator('input[name=idNumber]').fill(applicant.idNumber);
        await page.locator('input[name=dateOfBirth]').fill('1990-01-01');
        await page.locator('select[name=gender]').selectOption(i === 0 ? 'male' : 'female');
        await page.locator('input[name=address]').fill('Số 5 phố Huế, Hà Nội');
        for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
        const text = await nextFormText(page, () => page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click());
        codes.push((await page.getByTestId('dossier-code').textContent()) ?? '');
        const book = [...text.matchAll(/Vào Sổ theo dõi hồ sơ, Quyển số: (\S+) Số thứ tự: (\d+)/g)];
        assert.equal(book.length, 2, `both copies carry the book line: ${text}`);
        for (const m of book) assert.equal(m[1], label);
        assert.equal(book[0]![2], book[1]![2], 'both copies carry the same number');
        numbers.push(Number(book[0]![2]));
        // The officer sees the same book and number on the screen, to write in a paper book if the office keeps one.
        await page
          .getByTestId('ledger-entry')
          .filter({ hasText: `Sổ theo dõi hồ sơ: quyển số ${label}, số thứ tự ${book[0]![2]}` })
          .waitFor();
      });
    }
    assert.deepEqual(numbers, [numbers[0], numbers[0]! + 1], 'desk 1 of 1 numbers N, N+1');

    await step('the dossier detail shows its book and number', async () => {
      await page.keyboard.press('F3');
      const row = page.getByRole('row').filter({ hasText: codes[1]! });
      await row.waitFor();
      await row.press('Enter');
      await page
        .getByTestId('ledger-entry')
        .filter({ hasText: `Sổ theo dõi hồ sơ: quyển số ${label}, số thứ tự ${numbers[1]}` })
        .waitFor();
      await assertAccessible(page, 'dossier detail with its book number');
      await assertNoSidewaysScroll(page, 'dossier detail');
      await page.getByRole('button', { name: 'Đóng' }).first().click();
    });

    await step('the book printed for the day lists each dossier under the number its receipt printed', async () => {
      const today = formatDeskDate(deskDate(new Date()));
      await page.locator('input[name=from]').fill(today);
      await page.locator('input[name=to]').fill(today);
      await page.locator('input[name=to]').press('Tab');
      const text = await nextFormText(page, () => page.getByRole('button', { name: 'In sổ theo dõi hồ sơ (Mẫu 07)' }).click());
      assert.ok(text.includes(`Quyển số: ${label}`), text);
      for (const [i, applicant] of APPLICANTS.entries()) {
        // A row reads "<STT> <code, wrapped after a dash> <procedure> <sets> <applicant>".
        const row = new RegExp(`(\\d+) 000\\.17\\.22\\.H56-? ?${codes[i]!.split('-').slice(1).join('-')} Đăng ký khai sinh \\d+ ${applicant.fullName}`).exec(
          text,
        );
        assert.ok(row, `the row of ${applicant.fullName}: ${text}`);
        assert.equal(Number(row[1]), numbers[i]);
      }
    });
  },
);
