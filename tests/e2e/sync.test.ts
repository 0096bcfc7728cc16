// Sync end to end: the desk in browser mode, the reference provincial server on 127.0.0.1,
// the province's operator command as a separate process. The desk registers with a one-time
// code, sends a scanned dossier (file first, then the record), keeps working while the
// province is down, catches up when it is back, and learns that the result is ready.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, openSettings, scanFirstComponent, signIn, syncNow } from '../support/deskFlows.ts';
import { startProvincialServer, type ProvincialServer } from '../provincial/app.ts';
import { createEnrolmentCode } from '../provincial/auth.ts';

const ADMIN = { username: 'canbo4', fullName: 'Đỗ Thị Lan', password: 'mat-khau-dong-bo' };
const OPERATOR = fileURLToPath(new URL('../provincial/operator.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-province-'));
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

const operator = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', OPERATOR, ...args, '--data', dataDir], { encoding: 'utf8' });

/** Scans a page into the open dossier and closes the scan panel again. */
async function importPageAndSave(page: Page, label: string): Promise<void> {
  await scanFirstComponent(page, label);
  await page.locator('.component-row').first().getByRole('button', { name: 'Quét / nhập tệp' }).click();
}

async function openDossier(page: Page, code: string): Promise<void> {
  await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
  await page.locator('input[name=dossier-search]').fill(code);
  await page.getByRole('row').filter({ hasText: code }).dblclick();
}

const indicator = (page: Page) => page.locator('.sync-indicator');
test('register the desk, send a dossier, work offline, catch up, learn the result is ready', { skip: chromiumMissing, timeout: 240_000 }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;
  let code = '';
  let dossierId = '';

  await step('the administrator sets the provincial address and registers the desk with a one-time code', async () => {
    await firstRun(page, ADMIN, 'demo');
    await signIn(page, ADMIN);
    await openSettings(page, 'Đồng bộ');
    const form = page.getByRole('form', { name: 'Đồng bộ với hệ thống của tỉnh' });
    await form.locator('input[name=sync-endpoint]').fill('http://tinh.example.vn/api');
    await form.getByRole('button', { name: 'Lưu cấu hình đồng bộ' }).click();
    await form.getByRole('alert').filter({ hasText: 'https://' }).waitFor();
    await form.locator('input[name=sync-endpoint]').fill(province.url);
    await form.getByRole('button', { name: 'Lưu cấu hình đồng bộ' }).click();
    // Main shows the address and a one-time code on the host's console; the administrator types it in.
    await desk.confirmOnConsole(page);
    await form.getByRole('status').filter({ hasText: 'Đã áp dụng' }).waitFor();
    await form.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
    await form.getByRole('status').filter({ hasText: 'thành công' }).waitFor();
    const agency =
      (await page
        .locator('input[name=agencyId]')
        .inputValue()
        .catch(() => '')) || '000.99.99.H99';
    await form.locator('input[name=enrolment-code]').fill(createEnrolmentCode(province.db, agency, 'e2e').code);
    await form.getByRole('button', { name: 'Đăng ký máy' }).click();
    await form.getByTestId('sync-identity').waitFor();
  });

  await step('a scanned dossier reaches the province: the file first, then the record, once', async () => {
    await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
    // A dossier still "Được tiếp nhận" (2): the demo register also holds returned ones.
    await page.locator('select[name=status-filter]').selectOption('2');
    await page.locator('.list-row .code').first().waitFor();
    code = (await page.locator('.list-row .code').first().textContent()) ?? '';
    await page.locator('select[name=status-filter]').selectOption('');
    await openDossier(page, code);
    await importPageAndSave(page, 'To khai');
    await syncNow(page);
    await page.getByTestId('dossier-sync').and(page.locator('[data-state=acked]')).waitFor({ timeout: 60_000 });
    assert.match((await page.getByTestId('dossier-sync').textContent()) ?? '', /tỉnh đã nhận · trễ/);
    const rows = JSON.parse(operator('dossiers')) as Array<{ id: string; code: string }>;
    const stored = rows.filter((r) => r.code === code);
    assert.equal(stored.length, 1, 'stored once');
    dossierId = stored[0]!.id;
  });

  await step('with the province down the desk keeps working and says it is offline; back up, it catches up', async () => {
    const port = new URL(province.url).port;
    await province.close();
    await importPageAndSave(page, 'Ban sao');
    await syncNow(page);
    await indicator(page).and(page.locator('[data-state=offline][data-pending="1"]')).waitFor({ timeout: 30_000 });
    province = await startProvincialServer({ dataDir, port: Number(port) });
    await syncNow(page);
    await indicator(page).and(page.locator('[data-pending="0"]')).waitFor({ timeout: 60_000 });
    const rows = JSON.parse(operator('dossiers')) as Array<{ id: string; version: number }>;
    assert.equal(rows.filter((r) => r.id === dossierId).length, 1, 'still one record, now at a newer version');
  });

  await step('the province marks the result ready; the desk shows it and counts it among results to hand over', async () => {
    const waiting = async () =>
      Number(
        /(\d+) kết quả chờ trả/.exec(
          (await page
            .getByTestId('results-waiting')
            .textContent({ timeout: 2000 })
            .catch(() => '')) ?? '',
        )?.[1] ?? 0,
      );
    const before = await waiting();
    const result = join(dataDir, 'ket-qua.pdf');
    writeFileSync(result, '%PDF-1.4\n%%EOF\n');
    operator('status', '--dossier', dossierId, '--to', '9', '--note', 'Đã có kết quả', '--result', result);
    await syncNow(page);
    await page.getByTestId('dossier-sync').filter({ hasText: 'Đã xử lý xong' }).waitFor({ timeout: 60_000 });
    await page
      .getByTestId('results-waiting')
      .filter({ hasText: `${before + 1} kết quả chờ trả` })
      .waitFor();
  });

  await step('the citizen comes back: the officer sees the result file and records the hand-over', async () => {
    await page.getByRole('button', { name: 'Đóng' }).click();
    await openDossier(page, code);
    const panel = page.getByRole('form', { name: 'Kết quả đã sẵn sàng — trả cho công dân' });
    await panel.getByRole('button', { name: /ket-qua\.pdf/ }).waitFor({ timeout: 30_000 });
    await panel.locator('select[name=recipient-relation]').selectOption('authorised');
    await panel.locator('input[name=recipient-name]').fill('Trần Thị Bình');
    await panel.locator('input[name=recipient-id]').fill('12345');
    await panel.getByRole('button', { name: 'Ghi nhận đã trả kết quả' }).click();
    await panel.getByRole('alert').filter({ hasText: 'uỷ quyền' }).waitFor();
    await panel.locator('input[name=recipient-id]').fill('001190012345');
    await panel.getByRole('button', { name: 'Ghi nhận đã trả kết quả' }).click();
    await page.getByTestId('handover').filter({ hasText: 'Đã trả kết quả cho Trần Thị Bình' }).waitFor();
  });

  await step('the hand-over reaches the province: the dossier is "Đã trả kết quả" (10) there too', async () => {
    await syncNow(page);
    const returned = async () => (JSON.parse(operator('dossiers')) as Array<{ id: string; status: number }>).find((r) => r.id === dossierId)?.status;
    for (let waited = 0; (await returned()) !== 10 && waited < 30_000; waited += 1000) await page.waitForTimeout(1000);
    assert.equal(await returned(), 10);
  });
});
