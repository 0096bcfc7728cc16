// Signing a dossier end to end in browser mode: the demo desk's training token (a PIV token
// emulated at the HID-report level behind the real node-hid framing and card client), a
// wrong PIN, then one PIN for the dossier's files; pdfsig checks what the desk stored and the
// desk's own verifier reports on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, scanFirstComponent, signIn } from '../support/deskFlows.ts';
import { decodeWire } from '#preload/wire.ts';

const ADMIN = { username: 'canbo3', fullName: 'Phạm Minh Anh', password: 'mat-khau-ky-so' };
const work = mkdtempSync(join(tmpdir(), 'desk-e2e-sign-'));
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

test('the officer signs a dossier with the training token: a wrong PIN first, then valid PAdES', { skip: chromiumMissing }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;
  let signed: Uint8Array = new Uint8Array();

  await step('a demo desk: a dossier with one scanned component and its receipt', async () => {
    await firstRun(page, ADMIN, 'demo');
    await signIn(page, ADMIN);
    await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
    const code = (await page.locator('.list-row .code').first().textContent()) ?? '';
    await page.locator('input[name=dossier-search]').fill(code);
    await page.getByRole('row').filter({ hasText: code }).dblclick();
    await scanFirstComponent(page, 'Tờ khai');
    await page.getByRole('button', { name: 'In', exact: true }).click();
    await page.locator('.pdf-viewer canvas').first().waitFor();
  });

  await step('the Sign panel shows the training token and its PIN tries before the PIN is typed', async () => {
    await page.getByRole('button', { name: 'Ký số', exact: true }).click();
    const panel = page.getByRole('form', { name: 'Ký số hồ sơ' });
    await panel.getByTestId('pin-state').filter({ hasText: 'Còn 3 lần nhập mã PIN' }).waitFor();
    assert.match((await panel.locator('select').first().textContent()) ?? '', /Token mô phỏng/);
    assert.match((await panel.locator('select').nth(1).textContent()) ?? '', /Nguyễn Thị Hương/);
  });

  await step('a wrong PIN signs nothing and the tries left go down', async () => {
    const panel = page.getByRole('form', { name: 'Ký số hồ sơ' });
    await panel.getByLabel('Mã PIN').fill('999999');
    await panel.getByRole('button', { name: 'Ký 2 tệp' }).click();
    await panel.getByRole('alert').filter({ hasText: 'PIN' }).waitFor();
    await panel.getByTestId('pin-state').filter({ hasText: 'Còn 2 lần nhập mã PIN' }).waitFor();
    assert.equal(await panel.getByLabel('Mã PIN').inputValue(), '', 'the PIN box is cleared');
  });

  await step('the right PIN signs the file; pdfsig calls the stored signature valid', async () => {
    const panel = page.getByRole('form', { name: 'Ký số hồ sơ' });
    await panel.getByLabel('Mã PIN').fill('123456');
    const response = page.waitForResponse((r) => r.url().endsWith('/api/sign.files'));
    await panel.getByRole('button', { name: 'Ký 2 tệp' }).click();
    const envelope = decodeWire(await (await response).text()) as { ok: boolean; result: { files: { pdf: Uint8Array }[]; manifest: Uint8Array | null } };
    assert.equal(envelope.ok, true);
    assert.equal(envelope.result.files.length, 2);
    assert.ok(envelope.result.manifest, 'a signed manifest comes with the files');
    signed = envelope.result.files[0]!.pdf;
    await panel.getByRole('status').filter({ hasText: 'Đã ký 2 tệp' }).waitFor();
    await page.getByTestId('manifest').waitFor();
    await panel.getByTestId('pin-state').filter({ hasText: 'Còn 3 lần nhập mã PIN' }).waitFor();
    const file = join(work, 'signed.pdf');
    writeFileSync(file, signed);
    execFileSync('qpdf', ['--check', file]);
    const out = execFileSync('pdfsig', [file], { encoding: 'utf8' });
    assert.match(out, /Signature is Valid\./);
    assert.match(out, /Nguyễn Thị Hương/);
  });

  await step('the stored scan is the signed one, and the desk verifies it as valid', async () => {
    await page.getByRole('button', { name: /Bản quét \(\d+ KB\)/ }).click();
    await page.getByRole('button', { name: 'Kiểm tra chữ ký' }).click();
    const verdict = page.locator('.verdict').first();
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-verdict'), 'valid', (await verdict.textContent()) ?? '');
    assert.match((await verdict.textContent()) ?? '', /Hợp lệ — Nguyễn Thị Hương/);
  });

  await step('the signed receipt verifies as valid and prints', async () => {
    await page.getByRole('button', { name: /^receipt-/ }).click();
    // The receipt has two copies (Liên 1, Liên 2): wait until the viewer shows it, not the scan.
    await page.locator('.pdf-viewer[data-pages="2"] canvas').nth(1).waitFor();
    await page.getByRole('button', { name: 'Kiểm tra chữ ký' }).click();
    await page.locator('.verdict[data-verdict=valid]').first().waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { printed: number; print: () => void };
      w.printed = 0;
      w.print = () => (w.printed += 1);
    });
    await page.locator('.pdf-block').getByRole('button', { name: 'In', exact: true }).click();
    const printed = () => page.evaluate(() => (window as unknown as { printed: number }).printed);
    for (let waited = 0; (await printed()) === 0 && waited < 15_000; waited += 100) await page.waitForTimeout(100);
    assert.equal(await printed(), 1, 'the browser was asked to print once');
    assert.equal(await page.locator('.print-area img').count(), 2, 'both copies of the receipt are in the print area');
  });

  await step('signed a second time, the first signature offers the version it signed, which verifies on its own', async () => {
    const panel = page.getByRole('form', { name: 'Ký số hồ sơ' });
    const scan = page.getByRole('button', { name: /Bản quét \(\d+ KB\)/ });
    const onceSigned = (await scan.textContent()) ?? '';
    await panel.getByLabel('Mã PIN').fill('123456');
    const response = page.waitForResponse((r) => r.url().endsWith('/api/sign.files'));
    await panel.getByRole('button', { name: 'Ký 2 tệp' }).click();
    const envelope = decodeWire(await (await response).text()) as { ok: boolean; result: { files: { pdf: Uint8Array }[] } };
    assert.equal(envelope.ok, true);
    // The answer comes before the desk has stored the twice-signed file: open it once its size shows.
    await scan.filter({ hasNotText: onceSigned }).click();
    await page.getByRole('button', { name: 'Kiểm tra chữ ký' }).click();
    await page.locator('.verdict[data-verdict=valid]').nth(1).waitFor();
    assert.equal(await page.locator('.verdict').count(), 2);
    await page.locator('.verdict').first().getByRole('button', { name: 'Xem bản đã ký' }).click();
    const note = (await page.getByTestId('signed-version').textContent()) ?? '';
    assert.equal(note, `bản đã ký, ${signed.length} byte`, 'the first signature covers the file as first signed');
    await page.locator('.pdf-viewer canvas').first().waitFor();
    await page.getByRole('button', { name: 'Kiểm tra chữ ký' }).click();
    await page.locator('.verdict').nth(1).waitFor({ state: 'detached' });
    assert.equal(await page.locator('.verdict[data-verdict=valid]').count(), 1);
  });
});
