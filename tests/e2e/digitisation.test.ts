// Digitised dossiers end to end (issue 15 §2), in browser mode with Debian's Chromium: the
// officer scans a component, enters its digitisation metadata by keyboard (a future issue date
// refused beside the field), and the same citizen's next dossier is offered that paper and
// reuses it instead of a new scan; the register shows where it came from.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, labelledPagePng, openSettings, pickProcedure, registerWithProvince, signIn, syncNow } from '../support/deskFlows.ts';
import { scanWithWedge } from '../support/wedgeScanner.ts';
import { assertAccessible } from '../support/axe.ts';
import { OFFICE_SIZES, assertNoOverflow } from '../support/layout.ts';
import { deskDate, formatDeskDate } from '#domain/deskTime.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { startProvincialServer, type ProvincialServer } from '../provincial/app.ts';
import { createEnrolmentCode } from '../provincial/auth.ts';

const ADMIN = { username: 'canbo5', fullName: 'Phạm Thị Hoa', password: 'mat-khau-so-hoa' };
const QR = '001090123456|012345678|Nguyễn Văn An|01011990|Nam|Số 5, ngõ 12 phố Huế, Phường Hai Bà Trưng, Hà Nội|15042021';
const PAPER_ROW = '.component-row[data-component="ban-an-ly-hon"]';
const SHOTS = process.env.DIGITISATION_SHOTS;

let desk: DeskSession;
let province: ProvincialServer;
/** The first dossier's code, digitised in the first story and given its result in the second. */
let first = '';
before(async () => {
  if (chromiumMissing) return;
  province = await startProvincialServer({ dataDir: mkdtempSync(join(tmpdir(), 'desk-e2e-digitisation-province-')) });
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
  await province?.close();
});

async function receiveMaritalStatus(page: Page, reuse: boolean): Promise<string> {
  await page.getByRole('button', { name: /Tiếp nhận \(F2\)/ }).click();
  await pickProcedure(page, 'xac nhan tinh trang hon nhan', /Cấp Giấy xác nhận tình trạng hôn nhân/);
  await page.locator('input[name=phone]').focus();
  await scanWithWedge(page, QR);
  await page.getByText('Đã điền từ mã QR thẻ căn cước').waitFor();
  for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
  if (reuse) {
    const offers = page.getByTestId('reuse-offers');
    await offers.waitFor();
    assert.match((await offers.textContent()) ?? '', /Bản án ly hôn số 125\/2019\/HNGĐ-ST, cấp ngày 01\/07\/2019/);
    for (const size of OFFICE_SIZES) {
      await page.setViewportSize(size);
      await assertNoOverflow(page, 'reception with an offer to reuse');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/reuse-${size.width}.png`, fullPage: true });
    }
    await assertAccessible(page, 'reception with an offer to reuse');
    const reuseButton = offers.getByRole('button', { name: 'Dùng lại', exact: true });
    await reuseButton.focus();
    await page.keyboard.press('Enter');
    await offers.getByRole('button', { name: '✔ Sẽ dùng lại' }).waitFor();
  } else {
    assert.equal(await page.getByTestId('reuse-offers').count(), 0, 'nothing to offer before anything was digitised');
  }
  await page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click();
  const code = (await page.getByTestId('dossier-code').textContent()) ?? '';
  assert.match(code, /^000\.17\.22\.H56-\d{6}-\d{4,}$/);
  return code;
}

async function openDossier(page: Page, code: string): Promise<void> {
  await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
  // A dossier left open shows its detail in place of the register.
  const close = page.locator('.card .chosen').getByRole('button', { name: 'Đóng', exact: true });
  if (await close.isVisible()) await close.click();
  await page.locator('input[name=dossier-search]').fill(code);
  await page.getByRole('row').filter({ hasText: code }).dblclick();
  await page.locator(PAPER_ROW).waitFor();
}

test('a component digitised with its metadata is offered for the same citizen’s next dossier and reused', { skip: chromiumMissing }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;

  await step('first run, sign in, receive a request for a marital status certificate', async () => {
    await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56', placeName: 'Hai Bà Trưng' });
    await signIn(page, ADMIN);
    first = await receiveMaritalStatus(page, false);
  });

  await step('the divorce judgement is scanned; only then can its digitisation data be entered', async () => {
    await openDossier(page, first);
    const row = page.locator(PAPER_ROW);
    assert.equal(await row.getByRole('button', { name: 'Thông tin số hóa' }).count(), 0, 'no metadata without a scan');
    await row.getByRole('button', { name: 'Quét / nhập tệp' }).click();
    await page
      .locator('input[name=scan-import]')
      .setInputFiles({ name: 'the.png', mimeType: 'image/png', buffer: await labelledPagePng('BAN AN 125/2019/HNGD-ST') });
    await page.locator('ol.thumbs li').first().waitFor();
    await page.getByRole('button', { name: 'Lưu thành PDF' }).click();
    await row.getByRole('button', { name: /Bản quét \(\d+ KB\)/ }).waitFor();
  });

  await step('by keyboard: a future issue date is refused beside its field, then the data is saved', async () => {
    const row = page.locator(PAPER_ROW);
    await row.getByRole('button', { name: 'Thông tin số hóa' }).click();
    const panel = page.getByTestId('digitisation-panel');
    await panel.waitFor();
    const tomorrow = formatDeskDate(deskDate(new Date(Date.now() + 24 * 3600 * 1000)));
    await panel.locator('input[name=digitisation-documentType]').focus();
    await page.keyboard.type('Bản án ly hôn');
    await page.keyboard.press('Tab');
    await page.keyboard.type('125/2019/HNGĐ-ST');
    await page.keyboard.press('Tab');
    await page.keyboard.type(tomorrow);
    await page.keyboard.press('Tab');
    const issuedField = panel.locator('label.field', { has: page.locator('input[name=digitisation-issuedOn]') });
    assert.match((await issuedField.locator('.field-error').textContent()) ?? '', /ở sau hôm nay/);
    await page.keyboard.type('Tòa án nhân dân quận Hai Bà Trưng');
    await page.keyboard.press('Enter');
    assert.equal(await panel.getByText('Đã lưu thông tin số hóa.').count(), 0, 'not saved with a future issue date');
    for (const size of OFFICE_SIZES) {
      await page.setViewportSize(size);
      await assertNoOverflow(page, 'digitisation data');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/metadata-${size.width}.png`, fullPage: true });
    }
    await assertAccessible(page, 'digitisation data');

    await panel.locator('input[name=digitisation-issuedOn]').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('01072019');
    await page.keyboard.press('Enter');
    await panel.getByText('Đã lưu thông tin số hóa.').waitFor();
    await row.getByRole('button', { name: '✔ Đã số hóa' }).waitFor();
  });

  await step('the same citizen comes back: the paper is offered, reused, and the new dossier says where it came from', async () => {
    const second = await receiveMaritalStatus(page, true);
    assert.notEqual(second, first);
    await openDossier(page, second);
    const row = page.locator(PAPER_ROW);
    await row.getByText(`Dùng lại từ hồ sơ ${first}`).waitFor();
    await row.getByRole('button', { name: /Bản quét \(\d+ KB\)/ }).click();
    await page.locator('.pdf-viewer canvas').first().waitFor();
  });
});

/** A one-page result PDF, unsigned, or signed PAdES with a key issued by a throwaway authority. */
async function resultPdf(signed: boolean): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText('GIAY XAC NHAN TINH TRANG HON NHAN', { x: 60, y: 760, size: 16, font });
  const bytes = await doc.save();
  if (!signed) return Buffer.from(bytes);
  const { DevAuthority } = await import('#main/signing/devPki.ts');
  const { keySigner } = await import('#main/signing/test-support.ts');
  const { sign } = await import('#main/signing/pades.ts');
  const ca = await DevAuthority.create({ commonName: 'CA Thử', country: 'VN' });
  const signer = await keySigner(await ca.issue({ commonName: 'Chủ tịch UBND Phường', organization: 'UBND Phường Hai Bà Trưng', country: 'VN' }));
  return Buffer.from((await sign(bytes, { signer })).pdf);
}

test(
  'a signed result PDF is attached, handed over by QR code and synced with the digitisation data',
  { skip: chromiumMissing, timeout: 240_000 },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;
    assert.ok(first, 'runs after the digitisation story');

    await step('an unsigned result is refused; a signed one is attached after the verifier checked it', async () => {
      await openDossier(page, first);
      const panel = page.getByTestId('eresult-panel');
      await panel.locator('input[name=result-file]').setInputFiles({ name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: await resultPdf(false) });
      await panel.getByRole('alert').filter({ hasText: 'không có chữ ký số' }).waitFor();
      await panel.locator('input[name=result-file]').setInputFiles({ name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: await resultPdf(true) });
      await panel.getByRole('button', { name: /Kết quả điện tử: ket-qua\.pdf — ký bởi Chủ tịch UBND Phường/ }).waitFor();
    });

    await step('handed over by a QR code, recorded with who and when: the dossier is returned (status 10)', async () => {
      const panel = page.getByTestId('eresult-panel');
      await panel.locator('select[name=eresult-channel]').selectOption('qr');
      await panel.locator('.eresult-qr img').waitFor();
      for (const size of OFFICE_SIZES) {
        await page.setViewportSize(size);
        await assertNoOverflow(page, 'electronic result');
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/eresult-${size.width}.png`, fullPage: true });
      }
      await assertAccessible(page, 'electronic result');
      await panel.getByRole('button', { name: 'Ghi nhận đã trả kết quả điện tử' }).click();
      assert.match(
        (await panel.getByTestId('eresult-delivered').textContent()) ?? '',
        /Đã trả kết quả điện tử \(Mã QR để tải\) lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}, cán bộ Phạm Thị Hoa/,
      );
      await page
        .locator('.facts')
        .getByText(/Trạng thái: Đã trả kết quả$/)
        .waitFor();
    });

    await step('the desk is registered with the province and sends the dossier: the result file, its record and the metadata arrive', async () => {
      await openSettings(page, 'Đồng bộ');
      await registerWithProvince(desk, province.url, createEnrolmentCode(province.db, '000.17.22.H56', 'e2e').code);
      await openDossier(page, first);
      await syncNow(page);
      await page.getByTestId('dossier-sync').and(page.locator('[data-state=acked]')).waitFor({ timeout: 60_000 });
      const row = province.db.prepare('SELECT body FROM dossiers WHERE code = ?').get(first) as { body: string };
      const body = JSON.parse(row.body) as {
        electronicResult: { sha256: string; signer: string; delivery: { channel: string } };
        files: Array<{ kind: string; sha256: string }>;
        components: Array<{ specId: string; digitisation?: { number: string; issuedOn: string; reusable: boolean } }>;
      };
      assert.equal(body.electronicResult.delivery.channel, 'qr');
      const stored = province.db.prepare('SELECT status FROM dossiers WHERE code = ?').get(first) as { status: number };
      assert.equal(stored.status, 10, 'the province has the dossier returned');
      assert.equal(body.electronicResult.signer, 'Chủ tịch UBND Phường');
      assert.ok(
        body.files.some((f) => f.kind === 'result' && f.sha256 === body.electronicResult.sha256),
        'the result file went with it',
      );
      const held = province.db.prepare('SELECT count(*) AS n FROM files WHERE sha256 = ?').get(body.electronicResult.sha256) as { n: number };
      assert.equal(held.n, 1, 'the province holds the file');
      assert.deepEqual(body.components.find((c) => c.specId === 'ban-an-ly-hon')?.digitisation?.number, '125/2019/HNGĐ-ST');
    });
  },
);
