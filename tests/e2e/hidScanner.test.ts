// A barcode scanner in HID POS mode, end to end in Chromium: the browser host reads an
// emulated scanner at the HID-report level (main/barcode/emulator.ts), main pushes each scan
// through the contract (barcode.next), and the reception form fills with "Nguyễn Văn Ấn"
// intact whatever has focus — nothing, a text field, a password box (nothing is typed into
// it) — since nothing goes through the keyboard. A receipt's QR opens its dossier; a link, a
// payment QR, invalid UTF-8 and unplugging mid-scan say why and fill nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, newDossier, openSettings, pickProcedure, signIn } from '../support/deskFlows.ts';
import { EmulatedBarcodeScanner, EmulatedScannerBus } from '#main/barcode/emulator.ts';

const ADMIN = { username: 'canbo1', fullName: 'Trần Thị Bình', password: 'mat-khau-an-toan' };
const QR = '001090000111||Nguyễn Văn Ấn|01011990|Nam|Số 5, ngõ 12 phố Huế, Phường Hai Bà Trưng, Hà Nội|15042021';

let desk: DeskSession;
/** The renderer's barcode.next calls: the first asks where main's scans stand, the second is the waiting one. */
let barcodeCalls = 0;
const bus = new EmulatedScannerBus();
const scanner = bus.add(new EmulatedBarcodeScanner('hid-pos'));

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk(undefined, {}, { barcodeTransport: bus, barcodeDemo: scanner });
  desk.page.on('request', (r) => {
    if (r.url().endsWith('/api/barcode.next')) barcodeCalls++;
  });
  await firstRun(desk.page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56', placeName: 'Hai Bà Trưng' });
  await signIn(desk.page, ADMIN);
});
after(async () => {
  await desk?.close();
});

async function pickBirthRegistration(page: Page): Promise<void> {
  if ((await page.getByTestId('chosen-procedure').count()) > 0) await page.getByRole('button', { name: 'Quay lại' }).click();
  await pickProcedure(page, 'dang ky khai sinh', /Đăng ký khai sinh/);
}

async function clearApplicant(page: Page): Promise<void> {
  for (const name of ['fullName', 'idNumber', 'address']) await page.locator(`input[name=${name}], textarea[name=${name}]`).first().fill('');
}

/** Waits until the form holds the card's name: the scan arrives through main's push, not the keyboard. */
async function waitForName(page: Page, name: string): Promise<void> {
  await page.waitForFunction((n) => document.querySelector<HTMLInputElement>('input[name=fullName]')?.value === n, name);
}

test('a HID POS scan fills the reception form whatever has focus and a receipt QR opens its dossier', { skip: chromiumMissing }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;

  await step('the listener is in place before the first scan (reception asks main for scans)', async () => {
    await pickBirthRegistration(page);
    for (let calls = barcodeCalls; calls < 2; calls = barcodeCalls) await page.waitForRequest((r) => r.url().endsWith('/api/barcode.next'));
  });

  await step('with no element focused, the scan fills the form, "Nguyễn Văn Ấn" intact', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    assert.equal(await page.evaluate(() => document.activeElement === document.body), true);
    scanner.scan(QR);
    await waitForName(page, 'Nguyễn Văn Ấn');
    assert.equal(await page.locator('input[name=idNumber]').inputValue(), '001090000111');
    await page.getByText('Đã điền từ mã QR thẻ căn cước').waitFor();
  });

  await step('with the phone field focused, the form fills and the phone keeps what was typed', async () => {
    await clearApplicant(page);
    await page.locator('input[name=phone]').fill('0912345678');
    await page.locator('input[name=phone]').focus();
    scanner.scan(QR);
    await waitForName(page, 'Nguyễn Văn Ấn');
    assert.equal(await page.locator('input[name=phone]').inputValue(), '0912345678');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name), 'phone');
  });

  await step('with a password box focused (one put on the page: reception has none), the form fills and nothing is typed into it', async () => {
    await clearApplicant(page);
    await page.evaluate(() => {
      const box = document.createElement('input');
      box.type = 'password';
      box.name = 'some-password';
      document.querySelector('main')?.prepend(box);
      box.focus();
    });
    scanner.scan(QR);
    await waitForName(page, 'Nguyễn Văn Ấn');
    assert.equal(await page.locator('input[name=some-password]').inputValue(), '');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name), 'some-password');
    await page.evaluate(() => document.querySelector('input[name=some-password]')?.remove());
  });

  await step('a link, a payment QR, bytes that are not UTF-8 and a scanner unplugged mid-scan each say why and fill nothing', async () => {
    await clearApplicant(page);
    const cases: [() => void, RegExp][] = [
      [() => scanner.scan('https://example.vn/?q=1'), /địa chỉ web/],
      [() => scanner.scan('00020101021238570010A00000072701270006970422011300000000000000208QRIBFTTA53037045802VN6304ABCD'), /mã thanh toán/],
      [() => scanner.scan(Uint8Array.of(0x4e, 0xc3, 0x28)), /UTF-8/],
      [() => scanner.unplugMidScan(QR), /rút ra giữa lúc gửi mã/],
    ];
    for (const [scan, message] of cases) {
      scan();
      await page.getByText(message).first().waitFor();
      assert.equal(await page.locator('input[name=fullName]').inputValue(), '');
    }
    scanner.plugIn();
  });

  let code = '';
  await step('a dossier is received from a scanned card', async () => {
    // The replugged scanner is found by main's next poll: scan until the form fills.
    await page.locator('input[name=phone]').fill('');
    await clearApplicant(page);
    for (let filled = false; !filled;) {
      scanner.scan(QR);
      filled = await page
        .waitForFunction(() => document.querySelector<HTMLInputElement>('input[name=fullName]')?.value === 'Nguyễn Văn Ấn', undefined, { timeout: 3000 })
        .then(
          () => true,
          () => false,
        );
    }
    for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
    await page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click();
    code = (await page.getByTestId('dossier-code').textContent()) ?? '';
    assert.match(code, /^000\.17\.22\.H56-\d{6}-\d{4,}$/);
  });

  await step("back on an empty reception screen, scanning the receipt's QR opens that dossier in the register", async () => {
    await newDossier(page);
    scanner.scan(code, ']Q1');
    await page.getByText(code).first().waitFor();
    await page.getByText('Nguyễn Văn Ấn').first().waitFor();
    assert.equal(await page.locator('input[name=dossier-search]').count(), 0, 'the dossier itself is open, not just the list');
  });
});

test('Settings → Thiết bị lists the scanner in HID POS mode, and a test scan says what came without showing the card', { skip: chromiumMissing }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;
  for (const [width, height] of [
    [1366, 768],
    [1280, 720],
  ] as const) {
    await step(`at ${width}×${height}: the scanner is listed with its mode, the test scan names a card's QR without its content`, async () => {
      await page.setViewportSize({ width, height });
      await openSettings(page, 'Thiết bị');
      const panel = page.getByRole('tabpanel');
      await panel.getByRole('cell', { name: 'HID POS', exact: true }).waitFor();
      await panel.getByRole('button', { name: 'Quét thử' }).click();
      await panel.getByText('Đang chờ: hãy quét một mã bất kỳ').waitFor();
      // The listener may be starting: a scan before it asks main where scans stand is not replayed, so scan until one lands.
      for (let got = false; !got;) {
        scanner.scan(QR);
        got = await panel
          .getByText('Đã nhận mã QR thẻ căn cước qua HID')
          .waitFor({ timeout: 3000 })
          .then(
            () => true,
            () => false,
          );
      }
      assert.equal(await panel.getByText('Nguyễn Văn Ấn').count(), 0, 'the card is not shown');
      if (process.env.HID_SHOTS) await page.screenshot({ path: `${process.env.HID_SHOTS}/devices-${width}.png` });
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scroll');
      await panel.getByRole('button', { name: 'Dừng quét thử' }).press('Enter');
      await panel.getByText('Đã nhận mã QR thẻ căn cước qua HID').waitFor({ state: 'detached' });
    });
  }
});

test('demo mode: Settings → Thiết bị scans the sample card with the emulated scanner, keyboard only', { skip: chromiumMissing }, async () => {
  const page = desk.page;
  await openSettings(page, 'Thiết bị');
  const panel = page.getByRole('tabpanel');
  await panel.getByRole('button', { name: 'Quét thử' }).focus();
  await page.keyboard.press('Enter');
  const demo = panel.getByRole('button', { name: 'Quét thẻ mẫu bằng máy quét giả lập' });
  // The listener may be starting (a scan before it is ready is not replayed): press until one lands.
  for (let got = false; !got;) {
    await demo.focus();
    await page.keyboard.press('Enter');
    got = await panel
      .getByText('Đã nhận mã QR thẻ căn cước qua HID')
      .waitFor({ timeout: 3000 })
      .then(
        () => true,
        () => false,
      );
  }
  assert.equal(await panel.getByText('Nguyễn Văn Ấn').count(), 0, 'the card is not shown');
});
