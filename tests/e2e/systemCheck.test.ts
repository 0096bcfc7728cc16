// Settings → Kiểm tra hệ thống in browser mode, by keyboard, at 1366×768 and 1280×720: main runs
// desk doctor's checks (doctor.run) and every one is listed with its status, the problems and
// warnings with their fix, beside the renderer's own IndexedDB usage; the section does not
// overflow sideways and axe-core finds nothing serious.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, signIn } from '../support/deskFlows.ts';
import { assertAccessible } from '../support/axe.ts';
import { DOCTOR_CHECK_IDS } from '#preload/wire/doctor.ts';

const ADMIN = { username: 'hotro1', fullName: 'Lê Văn Hỗ', password: 'mat-khau-kiem-tra-1' };
const work = mkdtempSync(join(tmpdir(), 'desk-e2e-doctor-'));
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
  await desk.page.setViewportSize({ width: 1366, height: 768 });
});
after(async () => {
  await desk?.close();
});

test('Settings → Kiểm tra hệ thống lists every check main ran, by keyboard, at both sizes', { skip: chromiumMissing, timeout: 300_000 }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;

  await step('the administrator reaches the section by keyboard from the settings list', async () => {
    await firstRun(page, ADMIN, 'demo');
    await signIn(page, ADMIN);
    await page.getByRole('button', { name: 'Cài đặt' }).click();
    const first = page.getByRole('tab', { selected: true });
    await first.focus();
    // End goes to the last section; the system check is reached with the arrows from there.
    await page.keyboard.press('End');
    for (let i = 0; i < 3 && !(await page.getByRole('tab', { name: 'Kiểm tra hệ thống', selected: true }).count()); i++) await page.keyboard.press('ArrowUp');
    await page.getByRole('tab', { name: 'Kiểm tra hệ thống', selected: true }).waitFor();
  });

  await step('every check is listed with a status; problems and warnings say what to do', async () => {
    const panel = page.getByRole('tabpanel');
    await panel.getByTestId('system-check-summary').waitFor({ timeout: 60_000 });
    const items = panel.locator('li[data-check]');
    const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-check')));
    assert.deepEqual(
      ids.filter((id) => id !== 'indexeddb'),
      [...DOCTOR_CHECK_IDS],
    );
    assert.ok(ids.includes('indexeddb'), 'the renderer adds its own IndexedDB usage');
    for (const li of await items.all()) {
      const status = await li.getAttribute('data-status');
      if (status === 'warning' || status === 'problem') assert.match(await li.innerText(), /Cách xử lý/);
    }
    // A fresh browser-mode desk: no province set, so that check warns and names the setting.
    assert.match(await panel.locator('li[data-check=provincial]').innerText(), /Chưa cấu hình địa chỉ hệ thống của tỉnh/);
    await page.screenshot({ path: join(work, 'system-check-1366.png'), fullPage: true });
    await assertAccessible(page, 'Settings → Kiểm tra hệ thống');
  });

  await step('"Kiểm tra lại" runs the checks again, from the keyboard', async () => {
    const again = page.getByRole('button', { name: 'Kiểm tra lại' });
    await again.focus();
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/doctor.run'));
    await page.keyboard.press('Enter');
    assert.equal((await answered).status(), 200);
    await again.waitFor();
  });

  await step('at 1280×720 the section does not overflow sideways', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('system-check-summary').waitFor();
    await page.screenshot({ path: join(work, 'system-check-1280.png') });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);
    t.diagnostic(`screenshots in ${work}`);
  });
});
