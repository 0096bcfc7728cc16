// A look-up left pending at the counter, resolved later, end to end in Chromium with the
// reference province on loopback: with the province down, a birth registration received with
// the identity look-up pending (the receipt says so, Mẫu 02 does not ask for it); later the
// officer records it as found from the dossier, by keyboard, and it reaches the province once
// the link is back; on a second dossier the province's feed says "not found", the paper becomes
// owed and Mẫu 02 asks for it. At 1366×768 and 1280×720.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { nextFormText } from '../support/forms.ts';
import { firstRun, newDossier, openSettings, pickProcedure, registerWithProvince, signIn, syncNow } from '../support/deskFlows.ts';
import { OFFICE_SIZES, assertNoOverflow } from '../support/layout.ts';
import { assertAccessible } from '../support/axe.ts';
import { startProvincialServer, type ProvincialServer } from '../provincial/app.ts';
import { createEnrolmentCode } from '../provincial/auth.ts';
import { publishLookupResult } from '../provincial/lookups.ts';

const ADMIN = { username: 'canbo9', fullName: 'Vũ Thị Hạnh', password: 'mat-khau-tra-cuu-sau' };
const AGENCY = '000.17.22.H56';
const IDENTITY = 'Hộ chiếu/thẻ căn cước hoặc giấy tờ tùy thân có ảnh của người yêu cầu';
const SHOTS = process.env.E2E_SHOTS ?? '';
const dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-lookup-province-'));
let province: ProvincialServer;
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  province = await startProvincialServer({ dataDir });
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
  await province?.close();
});

async function birthRegistration(page: Page, fullName: string, idNumber: string): Promise<void> {
  await page.getByRole('button', { name: 'Tiếp nhận (F2)' }).click();
  await pickProcedure(page, 'dang ky khai sinh', /Đăng ký khai sinh/);
  await page.locator('input[name=fullName]').fill(fullName);
  await page.locator('input[name=idNumber]').fill(idNumber);
  await page.locator('input[name=dateOfBirth]').fill('1985-03-02');
  await page.locator('select[name=gender]').selectOption('female');
  await page.locator('input[name=address]').fill('Số 3 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội');
  assert.equal(await page.locator('[data-lookup=giay-to-tuy-than]').getByRole('combobox', { name: 'Kết quả tra cứu' }).inputValue(), 'pending');
}

/** Accepts the open birth registration with its papers; returns the dossier code. */
async function acceptWithPendingLookup(page: Page): Promise<{ code: string; receipt: string }> {
  for (const id of ['to-khai', 'giay-chung-sinh']) await page.locator(`[data-component=${id}] input[type=checkbox]`).check();
  const receipt = await nextFormText(page, () => page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click());
  const code = (await page.getByTestId('dossier-code').textContent()) ?? '';
  assert.match(code, /^000\.17\.22\.H56-/);
  return { code, receipt };
}

async function openDossier(page: Page, code: string): Promise<void> {
  await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
  await page.locator('input[name=dossier-search]').fill(code);
  await page.getByRole('row').filter({ hasText: code }).dblclick();
  await page.getByRole('heading', { name: 'Tra cứu dữ liệu thay giấy tờ' }).waitFor();
}

/** Tabs from where the focus is until `selector` has it: the control is reachable by keyboard alone. */
async function tabTo(page: Page, selector: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    if (await page.locator(selector).evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`${selector} is not reached by Tab`);
}

type StoredLookup = { outcome: string; reference?: string } | undefined;

/** The identity look-up as the province stores the dossier, once it holds it. */
function provincialLookup(code: string): { id: string; lookup: StoredLookup } | undefined {
  const row = province.db.prepare('SELECT id, body FROM dossiers WHERE code = ?').get(code) as { id: string; body: string } | undefined;
  if (!row) return undefined;
  const body = JSON.parse(row.body) as { components: Array<{ specId: string; lookup?: StoredLookup }> };
  return { id: row.id, lookup: body.components.find((c) => c.specId === 'giay-to-tuy-than')?.lookup };
}

/** "Sync now" until the province holds the dossier as `done` wants it (the engine also syncs by itself). */
async function syncUntil(page: Page, code: string, done: (stored: ReturnType<typeof provincialLookup>) => boolean): Promise<void> {
  for (let tries = 0; !done(provincialLookup(code)); tries += 1) {
    assert.ok(tries < 30, `the province never held ${code} as expected: ${JSON.stringify(provincialLookup(code))}`);
    await syncNow(page);
    await page.waitForTimeout(1000);
  }
}

/** The dossier screen at both office sizes: no sideways overflow, nothing serious for axe, a picture to look at. */
async function checkScreen(page: Page, name: string): Promise<void> {
  for (const size of OFFICE_SIZES) {
    await page.setViewportSize(size);
    await page.locator('.lookup-panel').scrollIntoViewIfNeeded();
    await assertNoOverflow(page, name);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}.png`) });
  }
  await assertAccessible(page, name);
}

test(
  'a pending look-up is resolved later: found at the desk, not found from the province (the paper owed, Mẫu 02)',
  { skip: chromiumMissing, timeout: 300_000 },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;
    await page.setViewportSize(OFFICE_SIZES[0]);

    await step('the administrator sets up the office and registers the desk with the province', async () => {
      await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: AGENCY, placeName: 'Hai Bà Trưng' });
      await signIn(page, ADMIN);
      await openSettings(page, 'Đồng bộ');
      await registerWithProvince(desk, province.url, createEnrolmentCode(province.db, AGENCY, 'e2e').code);
    });

    let first = '';
    const port = Number(new URL(province.url).port);
    await step('offline, a birth registration with the identity look-up pending: the receipt says so', async () => {
      await province.close();
      await birthRegistration(page, 'Lê Thị Cúc', '001185012345');
      const { code, receipt } = await acceptWithPendingLookup(page);
      first = code;
      assert.ok(receipt.includes('Tra cứu Cơ sở dữ liệu quốc gia về dân cư — chờ tra cứu'), receipt);
    });

    await step('a supplement request (Mẫu 02) for a pending look-up does not ask for the identity paper', async () => {
      await newDossier(page);
      await birthRegistration(page, 'Đặng Thị Đào', '001185054321');
      await page.locator('[data-component=to-khai] input[type=checkbox]').check();
      await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
      await page.locator('textarea[name=supplement-reason]').fill('Thiếu giấy chứng sinh.');
      assert.equal(await page.locator('form:has(textarea[name=supplement-reason])').getByText(IDENTITY).count(), 0, 'not offered on the list');
      const text = await nextFormText(page, () => page.getByRole('button', { name: 'Lập và in Mẫu 02' }).click());
      assert.ok(text.includes('Giấy chứng sinh'), text);
      assert.ok(!text.includes(IDENTITY), 'a pending look-up is not asked for');
      await newDossier(page);
    });

    await step('later the officer looks it up and records it as found from the dossier, by keyboard alone', async () => {
      await openDossier(page, first);
      const row = page.locator('[data-lookup-later=giay-to-tuy-than]');
      await row.getByText('Chờ tra cứu').waitFor();
      await checkScreen(page, 'lookup-pending');
      await page.getByRole('button', { name: 'Đóng' }).first().focus();
      await tabTo(page, 'select[name=lookup-outcome-giay-to-tuy-than]');
      assert.equal(await page.locator('select[name=lookup-outcome-giay-to-tuy-than]').inputValue(), 'found');
      await page.keyboard.press('Tab');
      await page.keyboard.type('001185012345');
      await page.keyboard.press('Enter');
      await row.and(page.locator('[data-outcome=found]')).waitFor();
      assert.match(
        (await row.getByTestId('lookup-outcome').textContent()) ?? '',
        /Đã tra cứu, có dữ liệu · Số\/mã bản ghi tìm thấy: 001185012345 · \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/,
      );
      assert.equal(await page.locator('select[name=lookup-outcome-giay-to-tuy-than]').count(), 0, 'settled: no form any more');
      // Still offline: the desk keeps the result and says it has not reached the province.
      await syncNow(page);
      await page.locator('.sync-indicator[data-state=offline]').waitFor({ timeout: 30_000 });
      province = await startProvincialServer({ dataDir, port });
      await syncUntil(page, first, (stored) => stored?.lookup?.outcome === 'found');
      assert.equal(provincialLookup(first)?.lookup?.reference, '001185012345', 'the province holds the result');
      await page.getByRole('button', { name: 'Đóng' }).first().click();
    });

    let second = '';
    await step('on a second dossier the province looks it up, finds nothing, and its feed says so', async () => {
      await birthRegistration(page, 'Ngô Thị Mai', '001185067890');
      second = (await acceptWithPendingLookup(page)).code;
      await syncUntil(page, second, (stored) => stored?.lookup?.outcome === 'pending');
      publishLookupResult(province.db, provincialLookup(second)!.id, { specId: 'giay-to-tuy-than', outcome: 'not-found' });
      // Applied, the result goes back to the province as the dossier's next version.
      await syncUntil(page, second, (stored) => stored?.lookup?.outcome === 'not-found');
      await openDossier(page, second);
      const lookup = page.locator('[data-lookup-later=giay-to-tuy-than]');
      await lookup.and(page.locator('[data-outcome=not-found]')).waitFor();
      assert.match((await lookup.getByTestId('lookup-outcome').textContent()) ?? '', /Không tìm thấy — nộp giấy.*\(tỉnh gửi về\)/);
      await lookup.getByText('công dân còn phải nộp giấy tờ này').waitFor();
      await checkScreen(page, 'lookup-owed');
    });

    await step('a result for a paper that is not looked up is refused, its reason shown in both languages', async () => {
      // A province that did not check what it sent: the declaration form is a paper, not a look-up.
      province.db
        .prepare("INSERT INTO changes (agency_id, type, payload) VALUES (?, 'dossier.lookup', ?)")
        .run(
          AGENCY,
          JSON.stringify({ at: new Date().toISOString(), dossierId: provincialLookup(second)!.id, specId: 'to-khai', outcome: 'found', reference: '1' }),
        );
      await syncNow(page);
      const refused = page.getByTestId('sync-refused');
      await refused.filter({ hasText: 'không được tra cứu trong cơ sở dữ liệu' }).waitFor({ timeout: 60_000 });
      assert.match((await refused.textContent()) ?? '', /Máy không nhận 1 nội dung tỉnh gửi về[\s\S]*dossier\.lookup[\s\S]*not looked up in a database/);
      for (const size of OFFICE_SIZES) {
        await page.setViewportSize(size);
        await assertNoOverflow(page, 'sync-refused');
        if (SHOTS) await page.screenshot({ path: join(SHOTS, `sync-refused-${size.width}x${size.height}.png`) });
      }
      await page.keyboard.press('Escape');
      assert.match(
        (await page.locator('[data-lookup-later=giay-to-tuy-than]').getByTestId('lookup-outcome').textContent()) ?? '',
        /Không tìm thấy/,
        'nothing changed',
      );
    });

    await step('the officer prints Mẫu 02 for the owed paper, by keyboard', async () => {
      await page.getByRole('button', { name: 'Đóng' }).first().focus();
      await tabTo(page, 'form[aria-label="Yêu cầu nộp giấy tờ còn thiếu (Mẫu 02)"] button[type=submit]');
      const text = await nextFormText(page, () => page.keyboard.press('Enter'));
      assert.ok(text.includes('PHIẾU YÊU CẦU BỔ SUNG'), text);
      assert.ok(text.includes(IDENTITY), 'the owed paper is asked for');
      assert.ok(!text.includes('Giấy chứng sinh'), 'only what the look-up left owed');
      assert.ok(text.includes('không tìm thấy dữ liệu'), text);
      await page.getByRole('button', { name: /^supplement-/ }).waitFor();
    });
  },
);
