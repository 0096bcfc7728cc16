// Finding the procedure at the counter, end to end in Chromium at 1366×768: "khai sinh" and
// Enter picks Đăng ký khai sinh even on a desk that has received the longer variant; part of a
// code and the desk's shorthand find it; an empty search offers what this desk received and
// the fields to browse, by keyboard alone; the list is a combobox a screen reader can follow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, newDossier, signIn } from '../support/deskFlows.ts';
import { scanWithWedge } from '../support/wedgeScanner.ts';

const ADMIN = { username: 'canbo7', fullName: 'Phạm Thị Hoa', password: 'mat-khau-tim-thu-tuc-1' };
const QR = '001090123456|012345678|Nguyễn Văn An|01011990|Nam|Số 5, ngõ 12 phố Huế, Phường Hai Bà Trưng, Hà Nội|15042021';
const BIRTH = '1.001193';
const BIRTH_WITH_PARENTS = '1.000689';
/** The field's size as the bundled catalogue has it: it grows each time a procedure is sourced. */
const CERTIFICATION = (
  JSON.parse(readFileSync(new URL('../../domain/catalog/default-catalog.json', import.meta.url), 'utf8')) as { procedures: Array<{ field: string }> }
).procedures.filter((p) => p.field === 'Chứng thực').length;
const CERTIFICATION_FIELD = `Chứng thực (${CERTIFICATION} thủ tục)`;

let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
  await desk.page.setViewportSize({ width: 1366, height: 768 });
});
after(async () => {
  await desk?.close();
});

const search = (page: Page) => page.getByRole('combobox', { name: 'Thủ tục hành chính' });
const options = (page: Page) => page.getByRole('listbox').getByRole('option');

/** The options' texts, and which one Enter would pick (aria-selected, the combobox's active descendant). */
async function listed(page: Page) {
  const all = options(page);
  await all.first().waitFor();
  const texts = (await all.allTextContents()).map((s) => s.trim());
  const selected = await all.evaluateAll((els) => els.findIndex((el) => el.getAttribute('aria-selected') === 'true'));
  const active = await search(page).getAttribute('aria-activedescendant');
  assert.equal(active, await all.nth(selected).getAttribute('id'), 'the combobox points at the selected option');
  return { texts, selected: texts[selected] ?? '' };
}

async function chosenCode(page: Page): Promise<string> {
  const chosen = page.getByTestId('chosen-procedure');
  await chosen.waitFor();
  return (await chosen.locator('.code').textContent()) ?? '';
}

async function back(page: Page) {
  await page.getByTestId('chosen-procedure').getByRole('button', { name: 'Quay lại' }).click();
  await search(page).waitFor();
}

/** Presses ArrowDown or ArrowUp until the selected option is the one named, as an officer would. */
async function moveTo(page: Page, name: string) {
  const { texts, selected } = await listed(page);
  const from = texts.indexOf(selected);
  const to = texts.findIndex((t) => t.startsWith(name));
  assert.ok(to >= 0, `"${name}" is offered: ${texts.join(' | ')}`);
  for (let i = from; i < to; i++) await page.keyboard.press('ArrowDown');
  for (let i = from; i > to; i--) await page.keyboard.press('ArrowUp');
  assert.ok((await listed(page)).selected.startsWith(name));
}

async function noHorizontalOverflow(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(scroll <= client, `no horizontal scroll: ${scroll} > ${client}`);
}

test('procedure search: ranking, code, shorthand, recent and frequent, browsing by field', { skip: chromiumMissing }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;

  await step('first run and sign-in on a desk with no dossiers', async () => {
    await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56', placeName: 'Hai Bà Trưng' });
    await signIn(page, ADMIN);
  });

  await step('with nothing typed, a new desk offers the fields to browse, and says so to a screen reader', async () => {
    await search(page).waitFor();
    assert.ok(await search(page).evaluate((el) => el === document.activeElement), 'the search has the focus');
    assert.equal(await search(page).getAttribute('aria-expanded'), 'true');
    const { texts, selected } = await listed(page);
    // The larger fields first: civil status, then residence (ten procedures since 2026-12-07).
    assert.deepEqual(
      texts.slice(0, 2).map((s) => s.replace(/ \(.*/, '')),
      ['Hộ tịch', 'Đăng ký, quản lý cư trú'],
    );
    assert.equal(selected, texts[0]);
    assert.equal(await page.getByRole('group', { name: 'Dùng gần đây' }).count(), 0, 'nothing received yet');
    await page.getByRole('status').filter({ hasText: 'các lĩnh vực' }).waitFor();
    await noHorizontalOverflow(page);
  });

  await step('part of a code finds the longer variant, which this desk then receives', async () => {
    await search(page).fill('000689');
    assert.equal((await listed(page)).selected, `${BIRTH_WITH_PARENTS}Đăng ký khai sinh kết hợp nhận cha, mẹ, con`);
    await page.keyboard.press('Enter');
    assert.equal(await chosenCode(page), BIRTH_WITH_PARENTS);
    await scanWithWedge(page, QR);
    await page.getByText('Đã điền từ mã QR thẻ căn cước').waitFor();
    const unticked = page.locator('.checklist input[type=checkbox]:not(:checked):not(:disabled)');
    while ((await unticked.count()) > 0) await unticked.first().check();
    await page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click();
    await page.getByTestId('dossier-code').waitFor();
    await newDossier(page);
  });

  await step('the empty search now offers the procedure just received first, and Enter would pick it', async () => {
    await search(page).waitFor();
    const recent = page.getByRole('group', { name: 'Dùng gần đây' });
    await recent.waitFor();
    assert.deepEqual(
      (await recent.getByRole('option').allTextContents()).map((s) => s.trim()),
      [`${BIRTH_WITH_PARENTS}Đăng ký khai sinh kết hợp nhận cha, mẹ, con`],
    );
    const { texts, selected } = await listed(page);
    assert.equal(selected, texts[0]);
    assert.ok(selected.startsWith(BIRTH_WITH_PARENTS));
    assert.ok(
      texts.some((s) => /^Hộ tịch \(\d+ thủ tục\)/.test(s)),
      'the fields follow',
    );
  });

  await step('"khai sinh" and Enter picks Đăng ký khai sinh, not the variant this desk just used', async () => {
    await search(page).fill('khai sinh');
    const { texts, selected } = await listed(page);
    assert.equal(selected, `${BIRTH}Đăng ký khai sinh`);
    assert.ok(texts.indexOf(`${BIRTH_WITH_PARENTS}Đăng ký khai sinh kết hợp nhận cha, mẹ, con`) > 0);
    await page.getByRole('status').filter({ hasText: 'thủ tục phù hợp; đầu tiên: Đăng ký khai sinh.' }).waitFor();
    await page.keyboard.press('Enter');
    assert.equal(await chosenCode(page), BIRTH);
    assert.match((await page.getByTestId('chosen-procedure').textContent()) ?? '', /Đăng ký khai sinh(?! kết hợp)/);
    await back(page);
  });

  await step('part of the code, with or without dots, and the shorthand "dkks" find it; Escape clears', async () => {
    for (const q of ['001193', '1001193', '1.001193']) {
      await search(page).fill(q);
      assert.equal((await listed(page)).selected, `${BIRTH}Đăng ký khai sinh`, q);
    }
    await page.keyboard.press('Escape');
    assert.equal(await search(page).inputValue(), '');
    await page.getByRole('group', { name: 'Dùng gần đây' }).waitFor();
    await page.keyboard.type('dkks');
    assert.equal((await listed(page)).selected, `${BIRTH}Đăng ký khai sinh`);
    await search(page).fill('khong co thu tuc nay');
    await page.getByText('Không có thủ tục nào khớp "khong co thu tuc nay".').first().waitFor();
    assert.equal(await search(page).getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('Escape');
    await page.keyboard.type('dkks');
    await page.keyboard.press('Enter');
    assert.equal(await chosenCode(page), BIRTH);
    await back(page);
  });

  await step('browsing by field with the keyboard alone: into Chứng thực, out with Escape, in again and pick', async () => {
    await moveTo(page, CERTIFICATION_FIELD);
    await page.keyboard.press('Enter');
    await page.getByText('Lĩnh vực: Chứng thực').waitFor();
    let { texts, selected } = await listed(page);
    assert.equal(texts.length, CERTIFICATION, texts.join(' | '));
    assert.ok(texts.every((s) => /^2\.\d{6}/.test(s)));
    assert.equal(selected, texts[0]);

    await page.keyboard.type('di chuc');
    assert.deepEqual((await listed(page)).texts, ['2.001019Chứng thực di chúc'], 'typing searches within the field');
    await page.keyboard.press('Escape');
    assert.equal((await listed(page)).texts.length, CERTIFICATION, 'Escape clears the text and stays in the field');
    await page.keyboard.press('Escape');
    await page.getByText('Lĩnh vực: Chứng thực').waitFor({ state: 'detached' });
    assert.ok(
      (await listed(page)).texts.some((s) => s.startsWith(CERTIFICATION_FIELD)),
      'a second Escape leaves the field',
    );

    await moveTo(page, CERTIFICATION_FIELD);
    await page.keyboard.press('Enter');
    ({ texts, selected } = await listed(page));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    const target = texts[1]!;
    assert.equal((await listed(page)).selected, target);
    await page.keyboard.press('Enter');
    assert.equal(await chosenCode(page), target.slice(0, 8));
  });

  await step('at 1280×720 the open list fits the window', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await back(page);
    await listed(page);
    await noHorizontalOverflow(page);
    const box = await page.getByRole('listbox').boundingBox();
    assert.ok(box && box.y + box.height <= 720, `the list ends inside the window: ${JSON.stringify(box)}`);
  });

  await step('by mouse too: a field opens with a click, «Tất cả lĩnh vực» goes back to typing', async () => {
    // The count grows as procedures are sourced: the field lists as many as its label says.
    const option = page.getByRole('option', { name: /^Hộ tịch \(\d+ thủ tục\)/ });
    const count = Number(/\((\d+) thủ tục\)/.exec((await option.textContent()) ?? '')?.[1]);
    assert.ok(count >= 12, `Hộ tịch lists ${count}`);
    await option.click();
    await page.getByText('Lĩnh vực: Hộ tịch').waitFor();
    const field = await listed(page);
    assert.equal(field.texts.length, count);
    await page.keyboard.press('PageDown');
    assert.equal((await listed(page)).selected, field.texts[5], 'PageDown moves five');
    await page.keyboard.press('PageUp');
    assert.equal((await listed(page)).selected, field.texts[0]);
    await page.getByRole('button', { name: 'Tất cả lĩnh vực' }).click();
    await page.getByRole('group', { name: 'Duyệt theo lĩnh vực' }).waitFor();
    assert.ok(await search(page).evaluate((el) => el === document.activeElement), 'the search has the focus again');
    await page.keyboard.type('ket hon');
    await page.getByRole('option', { name: /Đăng ký kết hôn lưu động/ }).click();
    assert.equal(await chosenCode(page), '1.000593');
  });
});
