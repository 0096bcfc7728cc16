// A returning citizen's earlier paper chosen for reuse is part of the officer's draft (issue 15
// §2), end to end in Chromium: the choice survives F3, a reload, signing out and in, and a
// browser restart, and is linked when the dossier is accepted; a choice whose paper stopped being
// reusable while the officer was away is dropped when the draft comes back, its box unticked,
// with a notice in both languages, never linked unseen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, labelledPagePng, pickProcedure, signIn } from '../support/deskFlows.ts';
import { scanWithWedge } from '../support/wedgeScanner.ts';
import { assertAccessible } from '../support/axe.ts';
import { OFFICE_SIZES, assertNoOverflow } from '../support/layout.ts';

const ADMIN = { username: 'canbo12', fullName: 'Trịnh Thu Trang', password: 'mat-khau-dung-lai-ban-nhap' };
const QR = '001090123456|012345678|Nguyễn Văn An|01011990|Nam|Số 5, ngõ 12 phố Huế, Phường Hai Bà Trưng, Hà Nội|15042021';
const PAPER_ROW = '.component-row[data-component="ban-an-ly-hon"]';
const PAPER_BOX = '[data-component="ban-an-ly-hon"] input[type=checkbox]';
const RESTORED = /Đã khôi phục hồ sơ đang nhập dở lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\./;
const SHOTS = process.env.REUSE_DRAFT_SHOTS;

let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
  await desk.page.setViewportSize({ width: 1366, height: 768 });
});
after(async () => {
  await desk?.close();
});

/** A marital status request for the citizen on the card, every paper ticked; the earlier paper chosen for reuse if asked. */
async function startRequest(page: Page, reuse: boolean): Promise<void> {
  await page.getByRole('button', { name: /Tiếp nhận \(F2\)/ }).click();
  await pickProcedure(page, 'xac nhan tinh trang hon nhan', /Cấp Giấy xác nhận tình trạng hôn nhân/);
  await page.locator('input[name=phone]').focus();
  await scanWithWedge(page, QR);
  await page.getByText('Đã điền từ mã QR thẻ căn cước').waitFor();
  for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
  if (!reuse) return;
  const offers = page.getByTestId('reuse-offers');
  await offers.getByRole('button', { name: 'Dùng lại', exact: true }).focus();
  await page.keyboard.press('Enter');
  await offers.getByRole('button', { name: '✔ Sẽ dùng lại' }).waitFor();
}

async function accept(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click();
  const code = (await page.getByTestId('dossier-code').textContent()) ?? '';
  assert.match(code, /^000\.17\.22\.H56-\d{6}-\d{4,}$/);
  return code;
}

/** Opens a dossier from the register by keyboard, once the search for its code has answered. */
async function openDossier(page: Page, code: string): Promise<void> {
  await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
  const close = page.locator('.card .chosen').getByRole('button', { name: 'Đóng', exact: true });
  if (await close.isVisible()) await close.click();
  await page.locator('input[name=dossier-search]').fill(code);
  await page
    .getByTestId('dossier-count')
    .filter({ hasText: /^1 hồ sơ$/ })
    .waitFor();
  await page.getByRole('row').filter({ hasText: code }).press('Enter');
  await page.locator(PAPER_ROW).waitFor();
}

/** The reception screen, back from elsewhere: the draft restored with the paper still chosen. */
async function expectChoiceRestored(page: Page): Promise<void> {
  await page.getByText(RESTORED).waitFor();
  await page.getByTestId('reuse-offers').getByRole('button', { name: '✔ Sẽ dùng lại' }).waitFor();
  assert.equal(await page.getByTestId('reuse-offers').getByRole('button', { name: '✔ Sẽ dùng lại' }).getAttribute('aria-pressed'), 'true');
  assert.ok(await page.locator(PAPER_BOX).isChecked());
}

async function signOutAndIn(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await signIn(page, ADMIN);
}

test(
  'a paper chosen for reuse is kept in the draft through F3, reload, sign-out and restart, and dropped with a notice once it may no longer be reused',
  { skip: chromiumMissing, timeout: 300_000 },
  async (t) => {
    const step = storySteps(t);
    let page = desk.page;
    let first = '';

    await step('a first dossier: its divorce judgement is scanned and digitised as reusable', async () => {
      await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56', placeName: 'Hai Bà Trưng' });
      await signIn(page, ADMIN);
      await startRequest(page, false);
      first = await accept(page);
      await openDossier(page, first);
      const row = page.locator(PAPER_ROW);
      await row.getByRole('button', { name: 'Quét / nhập tệp' }).click();
      await page
        .locator('input[name=scan-import]')
        .setInputFiles({ name: 'ban-an.png', mimeType: 'image/png', buffer: await labelledPagePng('BAN AN 125/2019/HNGD-ST') });
      await page.locator('ol.thumbs li').first().waitFor();
      await page.getByRole('button', { name: 'Lưu thành PDF' }).click();
      await row.getByRole('button', { name: /Bản quét \(\d+ KB\)/ }).waitFor();
      await row.getByRole('button', { name: 'Thông tin số hóa' }).click();
      const panel = page.getByTestId('digitisation-panel');
      await panel.locator('input[name=digitisation-documentType]').fill('Bản án ly hôn');
      await panel.locator('input[name=digitisation-number]').fill('125/2019/HNGĐ-ST');
      await panel.locator('input[name=digitisation-issuedOn]').focus();
      await page.keyboard.type('01072019');
      await panel.locator('input[name=digitisation-issuer]').fill('Tòa án nhân dân quận Hai Bà Trưng');
      await panel.locator('input[name=digitisation-issuer]').press('Enter');
      await panel.getByText('Đã lưu thông tin số hóa.').waitFor();
    });

    await step('the citizen comes back: the paper is chosen for reuse and the draft is saved', async () => {
      await startRequest(page, true);
      await page.getByText(/^Đã lưu nháp lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/).waitFor();
    });

    await step('F3 and F2 back: the paper is still chosen', async () => {
      await page.keyboard.press('F3');
      await page.locator('input[name=fullName]').waitFor({ state: 'detached' });
      await page.keyboard.press('F2');
      await expectChoiceRestored(page);
    });

    await step('a reload, then signing out and in: still chosen', async () => {
      await page.reload();
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      await signIn(page, ADMIN);
      await expectChoiceRestored(page);
      await signOutAndIn(page);
      await expectChoiceRestored(page);
    });

    await step('the browser restarts: still chosen, and accepting links the paper to the new dossier', async () => {
      page = await desk.restartBrowser();
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      await signIn(page, ADMIN);
      await expectChoiceRestored(page);
      const second = await accept(page);
      await openDossier(page, second);
      await page.locator(PAPER_ROW).getByText(`Dùng lại từ hồ sơ ${first}`).waitFor();
    });

    await step('a third request chooses the paper; meanwhile the first dossier’s paper is marked not reusable', async () => {
      await startRequest(page, true);
      await page.keyboard.press('F3');
      await page.locator('input[name=fullName]').waitFor({ state: 'detached' });
      await openDossier(page, first);
      await page
        .locator(PAPER_ROW)
        .getByRole('button', { name: /Đã số hóa/ })
        .click();
      const panel = page.getByTestId('digitisation-panel');
      await panel.locator('input[name=digitisation-reusable]').uncheck();
      await panel.locator('input[name=digitisation-issuer]').press('Enter');
      await panel.getByText('Đã lưu thông tin số hóa.').waitFor();
    });

    await step('back at reception the choice is dropped, its box unticked, with a notice in both languages', async () => {
      await page.keyboard.press('F2');
      await page.getByText(RESTORED).waitFor();
      const notice = page.getByText(/^Đã bỏ chọn dùng lại giấy tờ đã số hóa cho «Bản án/);
      await notice.waitFor();
      assert.match((await page.getByTestId('draft-bar').textContent()) ?? '', /The choice to reuse a digitised paper for «.+» was dropped/);
      assert.equal(await page.getByTestId('reuse-offers').count(), 0, 'nothing is offered any more');
      assert.equal(await page.locator(PAPER_BOX).isChecked(), false, 'the box ticked for the reuse is unticked');
      for (const size of OFFICE_SIZES) {
        await page.setViewportSize(size);
        await assertNoOverflow(page, 'reception with a reuse dropped');
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/reuse-dropped-${size.width}.png`, fullPage: true });
      }
      await assertAccessible(page, 'reception with a reuse dropped');
    });

    await step('the draft was saved without it: a reload restores the form with no choice and no second notice', async () => {
      await page.getByText(/^Đã lưu nháp lúc /).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      await signIn(page, ADMIN);
      await page.getByText(RESTORED).waitFor();
      assert.equal(await page.getByText(/Đã bỏ chọn dùng lại/).count(), 0);
      assert.equal(await page.locator(PAPER_BOX).isChecked(), false);
    });
  },
);
