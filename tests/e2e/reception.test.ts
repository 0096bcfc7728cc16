// The reception desk end to end, in browser mode: the real renderer, real IndexedDB in
// Debian's Chromium, the real main-side handlers over HTTP on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { nextFormPdf, pdfText } from '../support/forms.ts';
import { firstRun, newDossier, pickProcedure, signIn } from '../support/deskFlows.ts';
import { scanWithWedge } from '../support/wedgeScanner.ts';

const ADMIN = { username: 'canbo1', fullName: 'Trần Thị Bình', password: 'mat-khau-an-toan' };
const QR = '001090123456|012345678|Nguyễn Văn An|01011990|Nam|Số 5, ngõ 12 phố Huế, Phường Hai Bà Trưng, Hà Nội|15042021';

let desk: DeskSession;

before(async () => {
  if (!chromiumMissing) desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

/** Captures the next form PDF main renders, as bytes. */

test('first run, sign-in, QR autofill, accept with receipt, reload and find, refuse, lock', { skip: chromiumMissing }, async (t) => {
  const step = storySteps(t);
  let page = desk.page;

  await step('first-run setup creates the office and its administrator', async () => {
    await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56', placeName: 'Hai Bà Trưng' });
  });

  await step('a wrong password is refused', async () => {
    await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').filter({ hasText: 'Sai tên đăng nhập hoặc mật khẩu' }).waitFor();
  });

  await step('sign in', async () => {
    await signIn(page, ADMIN);
  });

  let code = '';
  await step('receive a dossier through the QR autofill path and print the receipt', async () => {
    await pickProcedure(page, 'dang ky khai sinh', /Đăng ký khai sinh/);
    // A same-day procedure: never "0 ngày làm việc".
    assert.match((await page.getByTestId('chosen-procedure').textContent()) ?? '', /Thời hạn giải quyết: Trong ngày/);

    // The phone field has focus and holds what the officer typed; the scanner's burst must
    // fill the applicant without leaving QR text in it.
    await page.locator('input[name=phone]').fill('0912345678');
    await page.locator('input[name=phone]').focus();
    await scanWithWedge(page, QR);
    await page.getByText('Đã điền từ mã QR thẻ căn cước').waitFor();
    assert.equal(await page.locator('input[name=fullName]').inputValue(), 'Nguyễn Văn An');
    assert.equal(await page.locator('input[name=idNumber]').inputValue(), '001090123456');
    assert.equal(await page.locator('input[name=dateOfBirth]').inputValue(), '01/01/1990');
    assert.equal(await page.locator('input[name=phone]').inputValue(), '0912345678');

    for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
    const pdf = await nextFormPdf(page, () => page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click());
    code = (await page.getByTestId('dossier-code').textContent()) ?? '';
    assert.match(code, /^000\.17\.22\.H56-\d{6}-\d{4,}$/);
    await page.locator('.pdf-viewer canvas').first().waitFor();

    const text = pdfText(pdf, 'receipt.pdf');
    assert.ok(text.includes(code), 'the receipt carries the dossier code');
    assert.ok(text.includes('Nguyễn Văn An'), 'the receipt names the applicant');
    assert.ok(text.includes('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ'), 'the receipt has its title');
    assert.ok(/Liên 1/.test(text) && /Liên 2/.test(text), 'both copies are printed');
    assert.match(text, /Thời gian giải quyết hồ sơ theo quy định: trong ngày/);
    assert.doesNotMatch(text, /0 ngày làm việc/);
  });

  await step('a malformed ID number is refused with a clear message', async () => {
    await newDossier(page);
    await page.locator('input[name=procedure-search]').fill('chung thuc ban sao');
    await page.locator('input[name=procedure-search]').press('Enter');
    await page.locator('input[name=fullName]').fill('Lê Thị Cúc');
    await page.locator('input[name=idNumber]').fill('12345');
    await page.locator('input[name=dateOfBirth]').fill('1985-03-02');
    await page.locator('select[name=gender]').selectOption('female');
    await page.locator('input[name=address]').fill('Thôn Đông, Xã Yên Thịnh');
    await page.getByRole('button', { name: 'Từ chối tiếp nhận' }).click();
    await page.locator('textarea[name=refuse-reason]').fill('Thủ tục không thuộc thẩm quyền của UBND phường.');
    await page.getByRole('button', { name: 'Lập và in Mẫu 03' }).click();
    await page.getByText('Hãy sửa các ô báo lỗi').waitFor();
    assert.ok(await page.locator('.field.invalid input[name=idNumber]').count(), 'the ID field is marked');
  });

  await step('refuse a dossier with a reason and print the refusal', async () => {
    await page.locator('input[name=idNumber]').fill('001185012345');
    const pdf = await nextFormPdf(page, () => page.getByRole('button', { name: 'Lập và in Mẫu 03' }).click());
    await page.getByText('Đã lập phiếu từ chối tiếp nhận').waitFor();
    const text = pdfText(pdf, 'refusal.pdf');
    assert.ok(text.includes('Lê Thị Cúc'));
    assert.ok(text.includes('không thuộc thẩm quyền'));
  });

  await step('after a browser restart the dossier is found by a name without diacritics', async () => {
    page = await desk.restartBrowser();
    await signIn(page, ADMIN);
    await page.keyboard.press('F3');
    await page.locator('input[name=dossier-search]').fill('nguyen van an');
    const row = page.getByRole('row').filter({ hasText: code });
    await row.waitFor();
    assert.ok((await row.textContent())?.includes('Nguyễn Văn An'));
    await page.locator('input[name=dossier-search]').fill('001090123456');
    await row.waitFor();
    await page.locator('input[name=dossier-search]').fill('le thi cuc');
    await page.getByRole('row').filter({ hasText: 'Lê Thị Cúc' }).waitFor();
  });

  await step('the screen locks and unlocks with the password', async () => {
    await page.getByRole('button', { name: 'Khóa màn hình' }).click();
    const dialog = page.getByRole('dialog', { name: 'Màn hình đã khóa' });
    await dialog.waitFor();
    await page.locator('input[name=unlock-password]').fill('khong-dung');
    await page.getByRole('button', { name: 'Mở khóa' }).click();
    await dialog.getByRole('alert').waitFor();
    await page.locator('input[name=unlock-password]').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Mở khóa' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
