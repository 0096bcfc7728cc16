// The signature stamp as an officer makes it, in Chromium at 1366×768 and 1280×720: the
// administrator sets the office seal, the officer picks their signature image and types their
// title once, signs a scanned component with the training token, and the stamp lands on the
// scan's blank paper — naming the signer and the office, the seal over the signature — without
// touching the scanned text (pdftoppm shows it), in a file pdfsig and qpdf accept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, openSettings, scanFirstComponent, signIn } from '../support/deskFlows.ts';
import { assertAccessible } from '../support/axe.ts';
import { sealPng, signerPng } from '#main/signing/test-support.ts';
import { decodeWire } from '#preload/wire.ts';
import type { StampOutcome } from '#preload/wire/signing.ts';

const ADMIN = { username: 'vanthu1', fullName: 'Lê Thị Mai', password: 'mat-khau-con-dau' };
const work = mkdtempSync(join(tmpdir(), 'desk-e2e-stamp-'));
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

interface Raster {
  width: number;
  height: number;
  rgb(x: number, y: number): [number, number, number];
}

/** Page 1 at 72 dpi: one pixel is one point. */
async function render(pdf: Uint8Array, name: string): Promise<Raster> {
  const file = join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', '-png', '-singlefile', file, join(work, name)]);
  const { data, info } = await sharp(join(work, `${name}.png`))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    rgb: (x, y) => [data[(y * info.width + x) * 3]!, data[(y * info.width + x) * 3 + 1]!, data[(y * info.width + x) * 3 + 2]!],
  };
}

test('the officer signs a scan: the stamp names them, carries the seal, and sits on blank paper', { skip: chromiumMissing }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;

  await step('a demo desk; the administrator sets the office seal in Cài đặt → Chữ ký số', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await firstRun(page, ADMIN, 'demo');
    await signIn(page, ADMIN);
    await openSettings(page, 'Chữ ký số');
    await page.locator('input[name=seal-image]').setInputFiles({ name: 'con-dau.png', mimeType: 'image/png', buffer: await sealPng() });
    await page.getByText('Ảnh con dấu (PNG nền trong suốt hoặc JPEG) ✔').waitFor();
    await page.getByRole('button', { name: 'Lưu cấu hình ký số' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();
  });

  await step('in a dossier with a scanned page, the signing panel offers the signature image, the title and the seal', async () => {
    await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
    const code = (await page.locator('.list-row .code').first().textContent()) ?? '';
    await page.locator('input[name=dossier-search]').fill(code);
    await page.getByRole('row').filter({ hasText: code }).dblclick();
    await scanFirstComponent(page, 'Tờ khai');
    await page.getByRole('button', { name: 'Ký số', exact: true }).click();
    const panel = page.getByRole('form', { name: 'Ký số hồ sơ' });
    await panel.getByTestId('pin-state').filter({ hasText: 'Còn 3 lần nhập mã PIN' }).waitFor();
    await panel.locator('input[name=signer-image]').setInputFiles({ name: 'chu-ky.png', mimeType: 'image/png', buffer: await signerPng() });
    await panel.getByText('Ảnh chữ ký của tôi (PNG nền trong suốt hoặc JPEG) ✔').waitFor();
    // By keyboard: the title box and the seal box are labelled fields in the panel's tab order.
    await panel.getByLabel('Chức vụ của tôi (in trên chữ ký)').focus();
    await page.keyboard.type('Công chức Bộ phận một cửa');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name), 'with-seal');
    assert.equal(await panel.getByLabel('Kèm con dấu cơ quan').isChecked(), true);
    assert.equal(await panel.getByLabel('Vị trí chữ ký').inputValue(), 'bottom-right');
    await panel.scrollIntoViewIfNeeded();
    for (const [width, height] of [
      [1366, 768],
      [1280, 720],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: join(work, `sign-panel-${width}.png`), fullPage: false });
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, `no horizontal overflow at ${width}`);
    }
    await assertAccessible(page, 'signing panel with the stamp options');
  });

  await step('one PIN signs; the stamp goes to blank paper, names signer, title and office, and pdfsig and qpdf accept the file', async () => {
    const panel = page.getByRole('form', { name: 'Ký số hồ sơ' });
    // Only the scan: the receipt is not what this story is about.
    for (const box of await panel.getByRole('checkbox', { name: /^receipt-/ }).all()) await box.uncheck();
    await panel.getByLabel('Mã PIN').fill('123456');
    const request = page.waitForRequest((r) => r.url().endsWith('/api/sign.files'));
    const response = page.waitForResponse((r) => r.url().endsWith('/api/sign.files'));
    await panel.getByRole('button', { name: /^Ký \d+ tệp$/ }).click();
    const sent = decodeWire((await request).postData() ?? '') as { files: Uint8Array[]; stamp: { title?: string; sealImage?: Uint8Array } };
    const envelope = decodeWire(await (await response).text()) as { ok: boolean; result: { files: { pdf: Uint8Array; stamp?: StampOutcome }[] } };
    assert.equal(envelope.ok, true);
    assert.equal(sent.stamp.title, 'Công chức Bộ phận một cửa');
    assert.ok(sent.stamp.sealImage, 'the office seal went with the request');
    await panel
      .getByRole('status')
      .filter({ hasText: /Đã ký \d+ tệp/ })
      .waitFor();

    const [original, signed] = [sent.files[0]!, envelope.result.files[0]!];
    const stamp = signed.stamp;
    assert.ok(stamp && stamp.placed === 'free-area', JSON.stringify(stamp));
    // The title typed, the certificate's holder, the office as set up (the demo office here).
    assert.deepEqual(stamp.text.slice(0, 3), ['Công chức Bộ phận một cửa', 'Nguyễn Thị Hương', 'UBND Phường Mẫu (dữ liệu thử)']);
    assert.match(stamp.text.slice(3).join(' '), /^Ký số lúc \d\d giờ \d\d phút \d\d giây ngày \d\d\/\d\d\/\d{4}/);
    const file = join(work, 'signed.pdf');
    writeFileSync(file, signed.pdf);
    execFileSync('qpdf', ['--check', file]);
    assert.match(execFileSync('pdfsig', [file], { encoding: 'utf8' }), /Signature is Valid\./);

    const [before, after] = [await render(original, 'before'), await render(signed.pdf, 'after')];
    let drawn = 0;
    let onText = 0;
    let red = 0;
    let blue = 0;
    for (let y = 0; y < before.height; y++) {
      for (let x = 0; x < before.width; x++) {
        const [b, a] = [before.rgb(x, y), after.rgb(x, y)];
        if (b.every((v, i) => Math.abs(v - a[i]!) < 8)) continue;
        drawn++;
        if (b.some((v) => v < 200)) onText++;
        if (a[0] > 150 && a[1] < 90 && a[2] < 90) red++;
        if (a[2] > 130 && a[0] < 90) blue++;
      }
    }
    assert.ok(drawn > 500 && red > 100 && blue > 100, `drawn ${drawn}, red ${red}, blue ${blue}`);
    assert.equal(onText, 0, 'no pixel of the stamp falls on the scanned text');
  });
});

test('the officer places the stamp by hand: a click or the arrow keys move the box, and the stamp lands there', { skip: chromiumMissing }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;
  const panel = page.getByRole('form', { name: 'Ký số hồ sơ' });
  let sentArea: { page: number; x: number; y: number; width: number; height: number } | undefined;

  await step('choosing "Tự chọn trên trang" shows the page with the stamp box at the bottom right', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await panel.getByLabel('Vị trí chữ ký').selectOption('manual');
    const box = panel.getByTestId('stamp-box');
    await box.waitFor();
    assert.match((await box.getAttribute('aria-label')) ?? '', /^Khung chữ ký: trang 1, cách lề trái \d+ điểm, cách mép dưới 28 điểm$/);
    await box.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(work, 'stamp-placer-1366.png') });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: join(work, 'stamp-placer-1280.png') });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    await assertAccessible(page, 'signing panel placing the stamp by hand');
    // A click puts the box there (kept on the page): the top-left corner, then the bottom-right one.
    const canvas = panel.locator('.stamp-placer canvas');
    await canvas.click({ position: { x: 5, y: 5 } });
    assert.match((await box.getAttribute('aria-label')) ?? '', /cách lề trái 0 điểm, cách mép dưới 672 điểm$/);
    const size = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: size.width - 2, y: size.height - 2 } });
    assert.match((await box.getAttribute('aria-label')) ?? '', /cách mép dưới 0 điểm$/);
  });

  await step('over the earlier stamp the desk refuses, naming why; moved clear by keyboard, one PIN signs and the stamp is where the box was', async () => {
    const box = panel.getByTestId('stamp-box');
    // The page shown is the one signed in the first story: its stamp is where the box starts.
    await panel.getByLabel('Mã PIN').fill('123456');
    await panel.getByRole('button', { name: /^Ký \d+ tệp$/ }).click();
    await panel.getByRole('alert').filter({ hasText: 'đè lên nội dung của trang 1' }).waitFor();
    await box.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowUp');
    await page.keyboard.press('Shift+ArrowLeft');
    assert.match((await box.getAttribute('aria-label')) ?? '', /cách mép dưới 200 điểm$/);
    await panel.getByLabel('Mã PIN').fill('123456');
    const request = page.waitForRequest((r) => r.url().endsWith('/api/sign.files'));
    const response = page.waitForResponse((r) => r.url().endsWith('/api/sign.files'));
    await panel.getByRole('button', { name: /^Ký \d+ tệp$/ }).click();
    sentArea = (decodeWire((await request).postData() ?? '') as { stamp: { area?: typeof sentArea } }).stamp.area;
    const envelope = decodeWire(await (await response).text()) as { ok: boolean; result: { files: { stamp?: StampOutcome }[] } };
    assert.equal(envelope.ok, true);
    assert.ok(sentArea, 'the area went with the request');
    assert.equal(sentArea.page, 0);
    assert.equal(Math.round(sentArea.y), 200);
    assert.equal(Math.round(sentArea.width), 200);
    const stamp = envelope.result.files[0]!.stamp;
    assert.ok(stamp?.placed === 'officer', JSON.stringify(stamp));
    const { page: pageIndex, ...rect } = sentArea;
    assert.equal(stamp.page, pageIndex);
    assert.deepEqual(stamp.rect, rect);
    await panel
      .getByRole('status')
      .filter({ hasText: /Đã ký \d+ tệp/ })
      .waitFor();
  });
});
