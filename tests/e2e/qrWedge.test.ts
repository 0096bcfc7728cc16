// The citizen-ID QR read by a keyboard-wedge scanner, in Chromium at the two small office
// screens: it fills the reception form whatever has focus (nothing right after the procedure
// is picked with Enter, a text field, the phone, a select, a button), at 4, 35 and 80 ms per
// key, with Vietnamese letters sent as key events, as Windows Unicode packets (no character
// on the keydown), as Alt codes and as text input only. Bad input — an old card, a foreign
// card, a link, a burst cut short, a burst into a password box or behind the lock screen, a
// pasted QR — is named in Vietnamese and English and leaves the form exactly as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, pickProcedure, signIn } from '../support/deskFlows.ts';
import { scanWithWedge, type WedgeOptions } from '../support/wedgeScanner.ts';

const ADMIN = { username: 'canbo1', fullName: 'Trần Thị Bình', password: 'mat-khau-an-toan' };

interface Card {
  id: string;
  name: string;
  address: string;
  gender: 'male' | 'female';
}

// Fake cards: province 001 (Hà Nội), born 1990 (century-and-sex digit 0 for a man, 1 for a woman).
const CARDS: Card[] = [
  { id: '001090000101', name: 'Nguyễn Văn An', address: 'Số 5, ngõ 12 phố Huế, Phường Hai Bà Trưng, Hà Nội', gender: 'male' },
  { id: '001190000102', name: 'Trần Thị Ánh Tuyết', address: 'Thôn Đông, Xã Yên Thịnh, Tỉnh Ninh Bình', gender: 'female' },
  { id: '001090000103', name: 'Lê Đức Thắng', address: 'Tổ 3, Phường Ngọc Hà, Hà Nội', gender: 'male' },
  { id: '001190000104', name: 'Phạm Thị Hồng Nhung', address: 'Số 18 đường Lạc Long Quân, Phường Tây Hồ, Hà Nội', gender: 'female' },
  { id: '001090000105', name: 'Đỗ Quốc Việt', address: 'Xóm Chợ, Xã Ứng Hòa, Hà Nội', gender: 'male' },
  { id: '001190000106', name: 'Vũ Ngọc Diễm Hương', address: 'Ấp Mỹ Lợi, Xã Phước Hưng, Tỉnh Đồng Nai', gender: 'female' },
  { id: '001090000107', name: 'Hoàng Bảo Khánh', address: 'Số 2 ngách 4 phố Kim Mã, Phường Giảng Võ, Hà Nội', gender: 'male' },
];

const qrOf = (c: Card) => `${c.id}||${c.name}|01011990|${c.gender === 'male' ? 'Nam' : 'Nữ'}|${c.address}|15042021`;

let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
  await firstRun(desk.page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56', placeName: 'Hai Bà Trưng' });
  await signIn(desk.page, ADMIN);
});
after(async () => {
  await desk?.close();
});

/** Every named field of the reception form and its value: what "left as it was" compares. */
async function formState(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const state: Record<string, string> = {};
    for (const el of document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
      'main input[name], main select[name], main textarea[name]',
    )) {
      state[el.name] = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? String(el.checked) : el.value;
    }
    return state;
  });
}

async function pickBirthRegistrationWithEnter(page: Page): Promise<void> {
  await page.keyboard.press('F2');
  if ((await page.getByTestId('chosen-procedure').count()) > 0) await page.getByRole('button', { name: 'Quay lại' }).click();
  await pickProcedure(page, 'dang ky khai sinh', /Đăng ký khai sinh/);
}

/** Scans a card and checks that the form now holds it, with nothing else changed and no QR text left anywhere. */
async function scanAndCheckFilled(page: Page, card: Card, options: WedgeOptions): Promise<void> {
  const before = await formState(page);
  await scanWithWedge(page, qrOf(card), options);
  // Cards follow one another with different names: the new name is the sign the scan was read.
  await page
    .waitForFunction((name) => document.querySelector<HTMLInputElement>('input[name=fullName]')?.value === name, card.name)
    .catch(async (e: unknown) => {
      const notice = await page.locator('.page [role=alert], .page [role=status]').allTextContents();
      throw new Error(`${card.name} not filled in: ${JSON.stringify({ form: await formState(page), notice })}`, { cause: e });
    });
  await page.getByRole('status').filter({ hasText: 'Đã điền từ mã QR thẻ căn cước' }).waitFor();
  const after = await formState(page);
  assert.equal(after.fullName, card.name);
  assert.equal(after.idNumber, card.id);
  assert.equal(after.address, card.address);
  assert.equal(after.gender, card.gender);
  const { fullName, idNumber, address, gender, dateOfBirth, ...rest } = after;
  const { fullName: _n, idNumber: _i, address: _a, gender: _g, dateOfBirth: _d, ...restBefore } = before;
  assert.deepEqual(rest, restBefore, 'fields the card does not carry are as they were');
  for (const [name, value] of Object.entries(after)) assert.ok(!value.includes('|'), `no QR text left in ${name}: ${value}`);
  assert.ok(fullName && idNumber && address && gender && dateOfBirth);
}

/** Sends bad input and checks the message in both languages and that the form did not change. */
async function badInputLeavesForm(page: Page, send: () => Promise<void>, vi: RegExp, en: RegExp): Promise<void> {
  const before = await formState(page);
  await send();
  const notice = page.locator('.page').getByText(vi);
  await notice.first().waitFor();
  const text = (await page.locator('.page').textContent()) ?? '';
  assert.match(text, en);
  assert.deepEqual(await formState(page), before, 'the form is exactly as it was');
}

for (const [width, height] of [
  [1366, 768],
  [1280, 720],
] as const) {
  test(`QR wedge at ${width}×${height}: any focus, 4–80 ms per key, text-only and Alt-code letters, bad input`, { skip: chromiumMissing }, async (t) => {
    const step = storySteps(t);
    const page = desk.page;
    await page.setViewportSize({ width, height });
    const cards = width === 1366 ? CARDS : [...CARDS].reverse();

    await step('right after the procedure is picked with Enter, Unicode-packet letters at 35 ms are not lost', async () => {
      await pickBirthRegistrationWithEnter(page);
      await scanAndCheckFilled(page, cards[0]!, { msPerKey: 35, nonAscii: 'packet' });
    });

    await step('after the pick again, with no element focused at all, Alt-code letters at 80 ms per key', async () => {
      await pickBirthRegistrationWithEnter(page);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'BODY');
      await scanAndCheckFilled(page, cards[1]!, { msPerKey: 80, nonAscii: 'altCodes' });
    });

    await step('a search typed fast and a procedure picked with the mouse: the scan right after is read on its own', async () => {
      await page.keyboard.press('F2');
      if ((await page.getByTestId('chosen-procedure').count()) > 0) await page.getByRole('button', { name: 'Quay lại' }).click();
      await page.locator('input[name=procedure-search]').click();
      await page.keyboard.type('khai sinh');
      await page.getByRole('option').filter({ hasText: '1.001193' }).first().click();
      await page.getByTestId('chosen-procedure').waitFor();
      await scanAndCheckFilled(page, cards[0]!, { msPerKey: 4 });
    });

    await step('focus in a text field the card does not fill (email), key events at 4 ms', async () => {
      await page.locator('input[name=email]').fill('cong.dan@example.vn');
      await scanAndCheckFilled(page, cards[2]!, { msPerKey: 4 });
      assert.equal(await page.locator('input[name=email]').inputValue(), 'cong.dan@example.vn');
    });

    await step('focus in the phone field, text-input-only letters at 35 ms', async () => {
      await page.locator('input[name=phone]').fill('0912345678');
      await scanAndCheckFilled(page, cards[3]!, { msPerKey: 35, nonAscii: 'insertText' });
      assert.equal(await page.locator('input[name=phone]').inputValue(), '0912345678');
    });

    await step('focus in the name field, text-input-only letters at 80 ms: the slow burst is pulled back out of it', async () => {
      await page.locator('input[name=fullName]').focus();
      await scanAndCheckFilled(page, cards[4]!, { msPerKey: 80, nonAscii: 'insertText' });
    });

    await step('focus on a select (gender), Alt codes at 4 ms and Unicode packets at 80 ms', async () => {
      await page.locator('select[name=gender]').focus();
      await scanAndCheckFilled(page, cards[5]!, { msPerKey: 4, nonAscii: 'altCodes' });
      await page.locator('select[name=gender]').focus();
      await scanAndCheckFilled(page, cards[6]!, { msPerKey: 80, nonAscii: 'packet' });
    });

    await step('focus on a decision button: the closing Enter decides nothing', async () => {
      await page.getByRole('button', { name: 'Từ chối tiếp nhận' }).focus();
      await scanAndCheckFilled(page, cards[0]!, { msPerKey: 35 });
      assert.equal(await page.getByText('Đã lập phiếu từ chối tiếp nhận').count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Từ chối tiếp nhận' }).count(), 1, 'still on the form');
    });

    await step('an old card (9-digit CMND) at 80 ms, into the name field', async () => {
      await page.locator('input[name=fullName]').focus();
      await badInputLeavesForm(
        page,
        () => scanWithWedge(page, '012345678|Nguyễn Văn Bình|01011970|Nam|Hà Nội', { msPerKey: 80 }),
        /số CMND 9 số cũ/,
        /old 9-digit CMND/,
      );
    });

    await step('a foreign card at 80 ms is pulled back out of the address field once it ends', async () => {
      await page.locator('input[name=address]').focus();
      await badInputLeavesForm(
        page,
        () => scanWithWedge(page, 'P<UTOERIKSSON<<ANNA<MARIA|L898902C3|UTO', { msPerKey: 80 }),
        /giấy tờ nước ngoài/,
        /foreign document/,
      );
    });

    await step('a web-link QR at 4 ms, with nothing focused', async () => {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await badInputLeavesForm(page, () => scanWithWedge(page, 'https://dichvucong.gov.vn/p/home/dvc-trang-chu.html'), /đường liên kết/, /web link/);
    });

    await step('a burst cut short, without Enter, at 35 ms into the phone field', async () => {
      await page.locator('input[name=phone]').focus();
      const qr = qrOf(cards[2]!);
      await badInputLeavesForm(page, () => scanWithWedge(page, qr.slice(0, qr.indexOf('|Nam|')), { msPerKey: 35, enter: false }), /bị cắt ngắn/, /cut short/);
    });

    await step('a whole QR pasted into the name field', async () => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await page.evaluate((text) => navigator.clipboard.writeText(text), qrOf(cards[3]!));
      await page.locator('input[name=fullName]').focus();
      await badInputLeavesForm(page, () => page.keyboard.press('Control+V'), /Không dán nội dung mã QR/, /not pasted/);
    });

    await step('a burst while the screen is locked, with focus off the password box, fills nothing behind the lock', async () => {
      const form = await formState(page);
      await page.keyboard.press('Control+L');
      await page.locator('input[name=unlock-password]').waitFor();
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await scanWithWedge(page, qrOf(cards[5]!), { msPerKey: 4 });
      await page.waitForFunction(() => document.querySelector('.page')?.textContent?.includes('màn hình đang khoá'));
      assert.match((await page.locator('.page').textContent()) ?? '', /the screen was locked or a dialog was open/);
      assert.deepEqual(await formState(page), form, 'the form behind the lock is as it was');
      await page.locator('input[name=unlock-password]').fill(ADMIN.password);
      await page.locator('input[name=unlock-password]').press('Enter');
      await page.locator('input[name=unlock-password]').waitFor({ state: 'detached' });
    });

    await step("a burst into the lock screen's password box fills nothing and does not stay in the box", async () => {
      const form = await formState(page);
      await page.keyboard.press('Control+L');
      const box = page.locator('input[name=unlock-password]');
      await box.waitFor();
      assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name), 'unlock-password');
      await scanWithWedge(page, qrOf(cards[4]!), { msPerKey: 35, nonAscii: 'altCodes' });
      // The box is emptied at the burst's end: wait for that, then for nothing to have been typed in.
      await page.waitForFunction(
        () =>
          (document.querySelector('input[name=unlock-password]') as HTMLInputElement).value === '' &&
          document.querySelector('.page')?.textContent?.includes('ô mật khẩu'),
      );
      await box.fill(ADMIN.password);
      await box.press('Enter');
      await box.waitFor({ state: 'detached' });
      const text = (await page.locator('.page').textContent()) ?? '';
      assert.match(text, /Mã QR được quét khi con trỏ đang ở ô mật khẩu/);
      assert.match(text, /scanned while the cursor was in a password box/);
      assert.deepEqual(await formState(page), form, 'the form behind the lock is as it was');
    });
  });
}
