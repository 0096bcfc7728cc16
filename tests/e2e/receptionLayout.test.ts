// The reception screen on the office PCs the issue names, 1366×768 and 1280×720, in Chromium:
// after a QR fill of a birth registration the three decisions are on screen and not covered;
// no screen scrolls sideways; a component's name ticks its box; the copy-kind choice reads in
// full; each decision asks for what it needs beside its own box; and Mẫu 02 asks a citizen who
// came in person for no authorisation letter and leaves out what the officer unticked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { nextFormPdf, pdfText } from '../support/forms.ts';
import { newDossier, signIn } from '../support/deskFlows.ts';
import { scanWithWedge } from '../support/wedgeScanner.ts';
import { assertAccessible } from '../support/axe.ts';
import { assertNoOverflow } from '../support/layout.ts';

const ADMIN = { username: 'canbo1', fullName: 'Trần Thị Bình', password: 'mat-khau-an-toan' };
const QR = '001090123456|012345678|Nguyễn Văn An|01011990|Nam|Số 5, ngõ 12 phố Huế, Phường Hai Bà Trưng, Hà Nội|15042021';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1280, height: 720 },
] as const;
const DECISIONS = ['Từ chối tiếp nhận', 'Yêu cầu bổ sung', 'Tiếp nhận & in giấy hẹn'];

let desk: DeskSession;

before(async () => {
  if (!chromiumMissing) desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

async function atBothSizes(page: Page, screen: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await assertNoOverflow(page, screen);
  }
}

/** Each decision button lies wholly inside the window and is what a click at its centre reaches. */
async function assertDecisionsInView(page: Page): Promise<void> {
  const size = page.viewportSize()!;
  for (const name of DECISIONS) {
    const button = page.getByRole('button', { name, exact: true });
    const box = await button.boundingBox();
    assert.ok(box, `${name} is rendered`);
    assert.ok(
      box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width,
      `${name} inside ${size.width}×${size.height}: ${JSON.stringify(box)}`,
    );
    const hit = await button.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return top !== null && el.contains(top);
    });
    assert.ok(hit, `${name} is not covered`);
  }
}

/** Deciding needs no scroll: every box of the checklist and each look-up outcome is inside the window and not under the decision bar. */
async function assertChecklistInView(page: Page): Promise<void> {
  const hidden = await page.locator('table.checklist input[type=checkbox], table.checklist [data-lookup] select').evaluateAll((els) =>
    els.flatMap((el) => {
      const r = el.getBoundingClientRect();
      const inside = r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return inside && top !== null && el.contains(top)
        ? []
        : [`${el.closest('tr')?.getAttribute('data-component')} ${el.tagName.toLowerCase()} bottom=${Math.round(r.bottom)}`];
    }),
  );
  assert.deepEqual(hidden, [], `checklist controls out of view at ${page.viewportSize()?.width}×${page.viewportSize()?.height}`);
}

/** The whole reception fits the window: no scroll at all to read, tick and decide. */
async function assertFitsWindow(page: Page): Promise<void> {
  const { scrollHeight, innerHeight } = await page.evaluate(() => ({ scrollHeight: document.documentElement.scrollHeight, innerHeight: window.innerHeight }));
  assert.ok(scrollHeight <= innerHeight, `the reception is ${scrollHeight - innerHeight} px taller than ${page.viewportSize()?.width}×${innerHeight}`);
}

/** Every copy-kind choice's longest option fits the select's text area, arrow left aside. */
async function assertKindsReadable(page: Page): Promise<void> {
  const cut = await page.locator('table.checklist select[aria-label^="Loại bản"]').evaluateAll((selects) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    return (selects as HTMLSelectElement[]).flatMap((sel) => {
      const cs = getComputedStyle(sel);
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      // Chromium draws the arrow inside the content box: about 20 px of it is not text.
      const room = sel.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
      return [...sel.options].filter((o) => ctx.measureText(o.text).width > room).map((o) => `${o.text} (${Math.round(room)} px)`);
    });
  });
  assert.ok((await page.locator('table.checklist select[aria-label^="Loại bản"]').count()) > 0, 'the checklist has its copy kinds');
  assert.deepEqual(cut, [], 'copy kinds cut short');
}

/** The box is marked invalid, names its error, has the focus, and the error sits right beneath it. */
async function assertErrorBeside(page: Page, boxSelector: string, text: string): Promise<void> {
  const box = page.locator(boxSelector);
  const errorId = await box.getAttribute('aria-describedby');
  assert.ok(errorId, `${boxSelector} names its error`);
  const error = page.locator(`[id="${errorId}"]`);
  assert.match((await error.textContent()) ?? '', new RegExp(text));
  assert.equal(await box.getAttribute('aria-invalid'), 'true');
  const [b, e] = [await box.boundingBox(), await error.boundingBox()];
  assert.ok(b && e, 'both are shown');
  assert.ok(e.y >= b.y && e.y - (b.y + b.height) < 40, `the error is beneath its box: box ${JSON.stringify(b)}, error ${JSON.stringify(e)}`);
}

async function receiveBirthRegistrationByQr(page: Page): Promise<void> {
  await page.locator('input[name=procedure-search]').fill('1.001193');
  await page
    .getByRole('option', { name: /Đăng ký khai sinh/ })
    .first()
    .waitFor();
  await page.locator('input[name=procedure-search]').press('Enter');
  assert.match((await page.getByTestId('chosen-procedure').textContent()) ?? '', /1\.001193/);
  await scanWithWedge(page, QR);
  await page.getByText('Đã điền từ mã QR thẻ căn cước').waitFor();
  assert.equal(await page.locator('input[name=fullName]').inputValue(), 'Nguyễn Văn An');
}

test(
  'reception at 1366×768 and 1280×720: fits the window, decisions in view, no sideways scroll, readable checklist, a box per decision',
  { skip: chromiumMissing },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;

    await step('the first-run wizard fits both sizes, both pages', async () => {
      await page.getByRole('heading', { name: 'Thiết lập lần đầu' }).waitFor();
      await atBothSizes(page, 'first run, office');
      await page.locator('input[name=officeName]').fill('UBND Phường Hai Bà Trưng');
      await page.locator('input[name=agencyId]').fill('000.17.22.H56');
      await page.locator('input[name=placeName]').fill('Hai Bà Trưng');
      await page.getByRole('button', { name: 'Tiếp' }).click();
      await page.locator('input[name=admin-username]').waitFor();
      await atBothSizes(page, 'first run, administrator');
      await page.locator('input[name=admin-username]').fill(ADMIN.username);
      await page.locator('input[name=admin-fullname]').fill(ADMIN.fullName);
      await page.locator('input[name=admin-password]').fill(ADMIN.password);
      await page.locator('input[name=admin-password-again]').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Hoàn tất' }).click();
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor({ timeout: 60_000 });
      await atBothSizes(page, 'sign-in');
      await page.setViewportSize(SIZES[0]);
      await signIn(page, ADMIN);
    });

    await step('1366×768: after a QR fill the decisions are in view; a name ticks its box; copy kinds read in full', async () => {
      await page.setViewportSize(SIZES[0]);
      await receiveBirthRegistrationByQr(page);
      await assertFitsWindow(page);
      await assertDecisionsInView(page);
      await assertChecklistInView(page);
      await assertNoOverflow(page, 'reception');
      await assertKindsReadable(page);

      const box = page.locator('[data-component=giay-chung-sinh] input[type=checkbox]');
      assert.equal(await box.isChecked(), false);
      await page.locator('[data-component=giay-chung-sinh] label', { hasText: 'Giấy chứng sinh' }).click();
      assert.equal(await box.isChecked(), true, 'clicking the name ticks the box');
      assert.equal(await page.getByRole('checkbox', { name: /Giấy chứng sinh/ }).count(), 1, 'the box is named by its component');
      await page.locator('[data-component=giay-chung-sinh] td.tick').click({ position: { x: 3, y: 3 } });
      assert.equal(await box.isChecked(), false, 'the whole cell is the box’s target');
    });

    await step('accepting an incomplete dossier asks for its reason beside its own box', async () => {
      await page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click();
      await assertErrorBeside(page, 'textarea[name=accept-reason]', 'Cần nêu lý do vẫn tiếp nhận');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'accept-reason', 'the focus moves to the box');
      assert.match((await page.locator('label[for=accept-reason]').textContent()) ?? '', /Tờ khai đăng ký khai sinh theo mẫu/, 'the box names what is missing');
      await assertAccessible(page, 'reception, accept reason reported');
      await assertDecisionsInView(page);
      await assertChecklistInView(page);
    });

    await step('a refusal asks for the refusal reason beside its box; Escape closes it', async () => {
      await page.getByRole('button', { name: 'Từ chối tiếp nhận' }).click();
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'refuse-reason', 'the box takes the focus when it opens');
      await page.getByRole('button', { name: 'Lập và in Mẫu 03' }).click();
      await assertErrorBeside(page, 'textarea[name=refuse-reason]', 'Cần nêu lý do từ chối tiếp nhận');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'refuse-reason');
      assert.equal(await page.locator('textarea[name=accept-reason]').count(), 0, 'one reason box at a time');
      await assertAccessible(page, 'reception, refusal reason reported');
      await assertNoOverflow(page, 'reception, refusal box');
      await page.keyboard.press('Escape');
      await page.locator('textarea[name=refuse-reason]').waitFor({ state: 'detached' });
    });

    await step('Mẫu 02 to a citizen in person: no authorisation letter, and what the officer unticks is left out', async () => {
      // Representative fields typed into and emptied again: the citizen still came in person.
      await page.locator('input[name=representativeName]').fill('Trần Văn Bình');
      await page.locator('[data-component=van-ban-uy-quyen]').waitFor();
      await page.locator('input[name=representativeName]').fill('');
      await page.locator('[data-component=van-ban-uy-quyen]').waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
      const items = page.getByRole('group', { name: /Mẫu 02/ });
      await items.locator('input[name=supplement-to-khai]').waitFor();
      assert.equal(await items.locator('input[name=supplement-van-ban-uy-quyen]').count(), 0, 'no letter offered');
      assert.equal(await items.locator('input[name=supplement-giay-to-tuy-than]').count(), 0, 'no paper for a pending look-up');
      assert.equal(await items.locator('input[name=supplement-giay-chung-sinh]').isChecked(), true, 'the mandatory papers missing are prefilled');
      assert.match(await page.locator('textarea[name=supplement-reason]').inputValue(), /Giấy chứng sinh/);
      await assertNoOverflow(page, 'reception, supplement box');
      await assertDecisionsInView(page);

      await items.locator('input[name=supplement-giay-chung-sinh]').uncheck();
      assert.doesNotMatch(await page.locator('textarea[name=supplement-reason]').inputValue(), /Giấy chứng sinh/, 'the prefilled reason follows the ticks');
      const text = pdfText(await nextFormPdf(page, () => page.getByRole('button', { name: 'Lập và in Mẫu 02' }).click()), 'supplement.pdf');
      await page.getByText('Đã lập phiếu yêu cầu bổ sung').waitFor();
      assert.ok(text.includes('PHIẾU YÊU CẦU BỔ SUNG'), text.slice(0, 300));
      assert.ok(text.includes('Tờ khai đăng ký khai sinh'), 'the item kept is asked for');
      assert.ok(!text.includes('ủy quyền'), `no authorisation letter from a citizen in person: ${text}`);
      assert.ok(!text.includes('Giấy chứng sinh'), 'the item left out is not asked for');
      await newDossier(page);
    });

    await step(
      '1280×720: the reception fits after a QR fill, the accept error covers nothing; the supplement list reports an empty list beside it',
      async () => {
        await page.setViewportSize(SIZES[1]);
        await receiveBirthRegistrationByQr(page);
        await assertFitsWindow(page);
        await assertDecisionsInView(page);
        await assertChecklistInView(page);
        await assertNoOverflow(page, 'reception');
        await assertKindsReadable(page);

        // The bar grows with the accept reason's error: the page makes room, nothing goes under it.
        await page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click();
        await assertErrorBeside(page, 'textarea[name=accept-reason]', 'Cần nêu lý do vẫn tiếp nhận');
        await assertChecklistInView(page);
        await assertDecisionsInView(page);

        await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
        const items = page.getByRole('group', { name: /Mẫu 02/ });
        for (const box of await items.locator('input[type=checkbox]').all()) await box.uncheck();
        await page.getByRole('button', { name: 'Lập và in Mẫu 02' }).click();
        await assertErrorBeside(page, 'fieldset.supplement-items', 'Chọn ít nhất một thành phần');
        await assertAccessible(page, 'reception, empty supplement list reported');
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'supplement-to-khai', 'the focus moves to the list');
        await items.locator('input[name=supplement-to-khai]').check();
        await page.locator('textarea[name=supplement-reason]').fill('');
        await page.getByRole('button', { name: 'Lập và in Mẫu 02' }).click();
        await assertErrorBeside(page, 'textarea[name=supplement-reason]', 'Cần nêu lý do yêu cầu bổ sung');
        await assertDecisionsInView(page);
        await page.getByRole('button', { name: 'Đóng', exact: true }).click();
        // The trigger gets the focus back, so the keyboard goes on from where it was.
        assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Yêu cầu bổ sung');
      },
    );

    await step('the register, a dossier, settings and the lock screen do not scroll sideways', async () => {
      await page.keyboard.press('F3');
      await page.locator('input[name=dossier-search]').waitFor();
      await atBothSizes(page, 'dossier register');
      await page.getByRole('row').filter({ hasText: 'Nguyễn Văn An' }).first().dblclick();
      await page.getByRole('heading', { name: /Đăng ký khai sinh/ }).waitFor();
      await atBothSizes(page, 'dossier detail');
      await page.getByRole('button', { name: 'Cài đặt' }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      // Every section of Settings, each as the administrator opens it.
      const tabs = page.getByRole('tablist', { name: 'Các mục cài đặt' }).getByRole('tab');
      const sections = await tabs.allTextContents();
      assert.ok(sections.length > 3, `Settings has its sections: ${sections.join(', ')}`);
      for (let i = 0; i < sections.length; i++) {
        await tabs.nth(i).click();
        await page.getByRole('tabpanel').waitFor();
        await atBothSizes(page, `settings, ${sections[i]}`);
      }
      await page.getByRole('button', { name: 'Khóa màn hình' }).click();
      await page.getByRole('dialog', { name: 'Màn hình đã khóa' }).waitFor();
      await atBothSizes(page, 'lock screen');
    });
  },
);
