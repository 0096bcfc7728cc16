// Dates on a desk whose computer speaks American English and keeps New York time: Chromium
// started with --lang=en-US, locale en-US, time zone America/New_York, at 1280×720. The birth
// date typed as digits, the receipt notice, the register, the detail and a new appointment all
// read dd/mm/yyyy and 24-hour time in desk time (Asia/Ho_Chi_Minh), never 5/12/1985 or PM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, openSettings, signIn } from '../support/deskFlows.ts';
import { deskDate, formatDeskDate, formatDeskDateTime } from '#domain/deskTime.ts';

const ADMIN = { username: 'canbo8', fullName: 'Lý Thị Mai', password: 'mat-khau-ngay-thang' };
const US_MACHINE = { locale: 'en-US', timezoneId: 'America/New_York', args: ['--lang=en-US'] };
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk(undefined, US_MACHINE);
  await desk.page.setViewportSize({ width: 1280, height: 720 });
});
after(async () => {
  await desk?.close();
});

const birthDate = (page: Page) => page.locator('input[name=dateOfBirth]');
/** The error shown beside a field, in the field's own label. */
const fieldError = (page: Page, name: string) => page.locator('.field', { has: page.locator(`input[name=${name}]`) }).locator('.field-error');

/** Every desk-time minute from `from` to `to`: what the screen may show for a moment in between. */
function minutesBetween(from: Date, to: Date): string[] {
  const out: string[] = [];
  for (let t = Math.floor(from.getTime() / 60_000) * 60_000; t <= to.getTime(); t += 60_000) out.push(formatDeskDateTime(new Date(t).toISOString()));
  return out;
}

test('dates read dd/mm/yyyy and 24-hour desk time on an en-US computer in another time zone', { skip: chromiumMissing, timeout: 180_000 }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;
  let code = '';
  let appointment = '';
  let receivedWindow: string[] = [];

  await step('the browser really is en-US in New York (its own date input would show 05/12/1985)', async () => {
    const machine = await page.evaluate(() => ({
      language: navigator.language,
      date: new Date(Date.UTC(1985, 4, 12, 12)).toLocaleDateString(),
      zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    }));
    assert.deepEqual(machine, { language: 'en-US', date: '5/12/1985', zone: 'America/New_York' });
    await firstRun(page, ADMIN, { officeName: 'UBND Phường Bến Thành', agencyId: '000.31.25.H29', placeName: 'Bến Thành' });
    await signIn(page, ADMIN);
  });

  await step('the birth date field takes digits, shows dd/mm/yyyy and says what is wrong beside it', async () => {
    await page.locator('input[name=procedure-search]').fill('dang ky khai sinh');
    await page.locator('input[name=procedure-search]').press('Enter');
    await page.getByTestId('chosen-procedure').waitFor();
    assert.equal(await birthDate(page).getAttribute('placeholder'), 'dd/mm/yyyy');

    for (const typed of ['31021985', '12/05/85']) {
      await birthDate(page).fill('');
      await birthDate(page).pressSequentially(typed);
      await birthDate(page).press('Tab');
      await fieldError(page, 'dateOfBirth').waitFor();
    }
    assert.match((await fieldError(page, 'dateOfBirth').textContent()) ?? '', /^Hãy nhập năm đủ 4 chữ số.* \/ Enter the year with all 4 digits/);
    await birthDate(page).fill('31021985');
    await birthDate(page).press('Tab');
    assert.match(
      (await fieldError(page, 'dateOfBirth').textContent()) ?? '',
      /Không có ngày 31\/02\/1985 trên lịch\. \/ 31\/02\/1985 is not a date on the calendar\./,
    );

    const tomorrow = formatDeskDate(deskDate(new Date(Date.now() + 86_400_000)));
    await birthDate(page).fill(tomorrow);
    await birthDate(page).press('Tab');
    assert.match((await fieldError(page, 'dateOfBirth').textContent()) ?? '', /ở sau hôm nay/);

    for (const typed of ['12-5-1985', '12/05/1985', '12051985']) {
      await birthDate(page).fill('');
      await birthDate(page).pressSequentially(typed);
      await birthDate(page).press('Tab');
      assert.equal(await birthDate(page).inputValue(), '12/05/1985', typed);
      assert.equal(await fieldError(page, 'dateOfBirth').count(), 0, `${typed} is accepted`);
    }
  });

  await step('accepting: the receipt notice gives the appointment as dd/mm/yyyy HH:mm', async () => {
    await page.locator('input[name=fullName]').fill('Trương Văn Hùng');
    await page.locator('input[name=idNumber]').fill('079085012345');
    await page.locator('select[name=gender]').selectOption('male');
    await page.locator('input[name=address]').fill('12 Lê Lợi, Phường Bến Thành');
    for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
    const before = new Date();
    await page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click();
    code = (await page.getByTestId('dossier-code').textContent()) ?? '';
    receivedWindow = minutesBetween(before, new Date());
    const notice = (await page.getByRole('status').filter({ hasText: 'Đã tiếp nhận hồ sơ' }).textContent()) ?? '';
    const m = /Hẹn trả: (\d{2}\/\d{2}\/\d{4} \d{2}:\d{2})\./.exec(notice);
    assert.ok(m, `the notice gives dd/mm/yyyy HH:mm: ${notice}`);
    appointment = m[1]!;
    assert.doesNotMatch(notice, /AM|PM|giờ .* phút/);
  });

  await step('the register lists the dossier received today as dd/mm/yyyy, and filters by typed dates', async () => {
    await page.keyboard.press('F3');
    const row = page.getByRole('row').filter({ hasText: code });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    const today = formatDeskDate(deskDate(new Date()));
    assert.ok(
      receivedWindow.some((minute) => minute.startsWith(cells[3]!)),
      `received ${cells[3]} is today in desk time (${today})`,
    );
    assert.equal(cells[4], appointment.slice(0, 10), 'the appointment date as in the notice');

    await page.locator('input[name=from]').fill(today.replaceAll('/', ''));
    await page.locator('input[name=to]').fill(today);
    await page.locator('input[name=to]').press('Tab');
    assert.equal(await page.locator('input[name=from]').inputValue(), today, 'typed digits are shown dd/mm/yyyy');
    await row.waitFor();
    const tomorrow = formatDeskDate(deskDate(new Date(Date.now() + 86_400_000)));
    await page.locator('input[name=from]').fill(tomorrow);
    await page
      .getByTestId('dossier-count')
      .filter({ hasText: /^0 hồ sơ$/ })
      .waitFor();
    await page.locator('input[name=from]').fill('32/13/2026');
    await page.locator('input[name=from]').press('Tab');
    await fieldError(page, 'from').filter({ hasText: 'Không có ngày 32/13/2026 trên lịch' }).waitFor();
    await page.locator('input[name=from]').fill('');
    await page.locator('input[name=to]').fill('');
    // The search for the cleared dates has answered: the row is the one it drew, not the one it replaces.
    await page
      .getByTestId('dossier-count')
      .filter({ hasText: /^1 hồ sơ$/ })
      .waitFor();
    await row.waitFor();
  });

  await step('the detail shows the birth date, the reception and the appointment as dd/mm/yyyy (HH:mm)', async () => {
    // Opened from the keyboard, as an officer does between searches (the row's double-click has its own test in deskFrame).
    await page.getByRole('row').filter({ hasText: code }).press('Enter');
    const facts = (await page.locator('.facts').first().textContent()) ?? '';
    const received = /Ngày nhận: (\d{2}\/\d{2}\/\d{4} \d{2}:\d{2})/.exec(facts)?.[1] ?? '';
    assert.ok(receivedWindow.includes(received), `received at ${received}, desk time, one of ${receivedWindow.join(', ')}`);
    assert.ok(facts.includes(`Hẹn trả: ${appointment}`), facts);
    await page.locator('p').filter({ hasText: 'Trương Văn Hùng' }).filter({ hasText: '12/05/1985' }).waitFor();
  });

  await step('a new appointment is typed dd/mm/yyyy HH:mm (24-hour) and shown the same way', async () => {
    const year = Number(deskDate(new Date()).slice(0, 4)) + 1;
    await page.getByRole('button', { name: /Thư xin lỗi/ }).click();
    await page.locator('textarea[name=apology-reason]').fill('Cần xác minh thêm với cơ quan khác.');
    const when = page.locator('input[name=new-appointment]');
    assert.equal(await when.getAttribute('placeholder'), 'dd/mm/yyyy HH:mm');
    await when.pressSequentially(`1501${year} 1630`);
    await when.press('Tab');
    assert.equal(await when.inputValue(), `15/01/${year} 16:30`);
    await page.getByRole('button', { name: 'In thư và lưu ngày hẹn mới' }).click();
    await page
      .locator('.facts')
      .filter({ hasText: `Hẹn trả: 15/01/${year} 16:30` })
      .waitFor();
  });

  await step("the office's hours are typed and shown 24-hour (a time input showed 04:00 PM here)", async () => {
    await openSettings(page, 'Cơ quan');
    const cutoff = page.locator('input[name=cutoff]');
    assert.equal(await page.locator('input[name=morningStart]').inputValue(), '07:30');
    assert.equal(await cutoff.inputValue(), '16:00');
    // A time input drew its value with the OS locale (04:00 PM); a text field shows what it holds.
    assert.equal(await cutoff.getAttribute('placeholder'), 'HH:mm');
    for (const [typed, shown] of [
      ['1630', '16:30'],
      ['16h', '16:00'],
      ['7h30', '07:30'],
    ] as const) {
      await cutoff.fill('');
      await cutoff.pressSequentially(typed);
      await cutoff.press('Tab');
      assert.equal(await cutoff.inputValue(), shown, typed);
    }
  });
});
