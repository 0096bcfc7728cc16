// A procedure priced and timed per case (trường hợp) end to end: the administrator installs a
// catalogue whose birth registration has two cases, the officer picks one at the counter with the
// keyboard, that case's own paper joins the checklist, and the receipt main prints names the case.
// The cases are test data: no national record with case codes could be confirmed on 2026-12-07.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { nextFormText } from '../support/forms.ts';
import { firstRun, openSettings, pickProcedure, signIn } from '../support/deskFlows.ts';

const ADMIN = { username: 'canbo9', fullName: 'Phạm Thị Hoa', password: 'mat-khau-truong-hop' };
const ABANDONED = 'Trẻ bị bỏ rơi (dữ liệu thử)';
const REPORT = 'Biên bản xác nhận trẻ bị bỏ rơi';
let desk: DeskSession;

/** The bundled catalogue with test cases on 1.001193 and a paper only case 02 asks for. */
function catalogWithCases(): Buffer {
  const catalog = JSON.parse(readFileSync('domain/catalog/default-catalog.json', 'utf8')) as {
    version: string;
    procedures: Array<{ code: string; components: unknown[]; cases?: unknown[] }>;
  };
  catalog.version = '2026.12-truong-hop-thu';
  const birth = catalog.procedures.find((p) => p.code === '1.001193')!;
  birth.components.push({ id: 'bien-ban-bo-roi', name: REPORT, accepted: ['original'], count: 1, mandatory: true, condition: { when: 'case', cases: ['02'] } });
  birth.cases = [
    { suffix: '01', name: 'Trẻ có giấy chứng sinh (dữ liệu thử)' },
    { suffix: '02', name: ABANDONED, processingHours: 8 },
  ];
  return Buffer.from(JSON.stringify(catalog));
}

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

test(
  'the officer picks a case of a procedure; its paper is asked for and the receipt names the case',
  { skip: chromiumMissing, timeout: 240_000 },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;

    await step('the administrator installs a catalogue whose birth registration has cases', async () => {
      await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56', placeName: 'Hai Bà Trưng' });
      await signIn(page, ADMIN);
      await openSettings(page, 'Danh mục thủ tục');
      await page.locator('input[name=catalog-file]').setInputFiles({ name: 'cases.json', mimeType: 'application/json', buffer: catalogWithCases() });
      await page.getByTestId('catalog-version').filter({ hasText: '2026.12-truong-hop-thu' }).waitFor();
    });

    await step('searching a case code picks the procedure with that case chosen', async () => {
      await page.keyboard.press('F2');
      await pickProcedure(page, '1.001193.01', /Đăng ký khai sinh/);
      assert.equal(await page.locator('select[name=procedure-case]').inputValue(), '01');
      assert.equal(await page.getByText(REPORT).count(), 0, "case 01 does not ask for case 02's paper");
    });

    await step('with the keyboard the officer switches to case 02, whose paper joins the checklist', async () => {
      await page.locator('select[name=procedure-case]').focus();
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.locator('select[name=procedure-case]').inputValue(), '02');
      await page.locator('table.checklist').getByText(REPORT).waitFor();
      for (const size of [
        { width: 1366, height: 768 },
        { width: 1280, height: 720 },
      ]) {
        await page.setViewportSize(size);
        await page.screenshot({ path: `/tmp/procedure-cases-${size.width}.png` });
        const box = await page.locator('select[name=procedure-case]').boundingBox();
        assert.ok(box && box.x + box.width <= size.width, `the case select fits ${size.width} px`);
      }
    });

    await step('the receipt names the procedure with its case', async () => {
      await page.locator('input[name=fullName]').fill('Lê Thị Mai');
      await page.locator('input[name=idNumber]').fill('001185012347');
      await page.locator('input[name=dateOfBirth]').fill('1985-03-02');
      await page.locator('select[name=gender]').selectOption('female');
      await page.locator('input[name=address]').fill('Số 7 phố Hàng Bạc, Hà Nội');
      for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
      const text = await nextFormText(page, () => page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click());
      assert.ok(text.replace(/\s+/g, ' ').includes(`Đăng ký khai sinh (trường hợp 1.001193.02: ${ABANDONED})`), text);
    });
  },
);
