// The rest of the desk end to end: the demo office, the English toggle, a supplement
// request, incomplete dossiers, catalogue replacement from a file, a calendar notice, a full
// disk, idle lock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, newDossier, openSettings, signIn } from '../support/deskFlows.ts';
import { decodeWire } from '#preload/wire.ts';
import { deskDate } from '#domain/deskTime.ts';

const ADMIN = { username: 'quantri', fullName: 'Phạm Minh Đức', password: 'mat-khau-quan-tri' };
let desk: DeskSession;
const work = mkdtempSync(join(tmpdir(), 'desk-e2e-admin-'));

before(async () => {
  if (!chromiumMissing) desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

async function waitForCount(page: Page, n: number): Promise<void> {
  await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
  await page
    .getByTestId('dossier-count')
    .filter({ hasText: new RegExp(`^${n} hồ sơ$`) })
    .waitFor();
}

async function fillApplicant(page: Page) {
  await page.locator('input[name=fullName]').fill('Hoàng Thị Lan');
  await page.locator('input[name=idNumber]').fill('079195004321');
  await page.locator('input[name=dateOfBirth]').fill('1995-07-14');
  await page.locator('select[name=gender]').selectOption('female');
  await page.locator('input[name=address]').fill('Tổ dân phố 3, Phường Mẫu');
}

async function pickProcedure(page: Page, query: string) {
  await page.getByRole('button', { name: 'Tiếp nhận (F2)' }).click();
  await page.locator('input[name=procedure-search]').fill(query);
  await page.locator('input[name=procedure-search]').press('Enter');
  await page.getByTestId('chosen-procedure').waitFor();
}

test('demo office, language, supplement, incomplete, catalogue file, idle lock', { skip: chromiumMissing }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;

  await step('the demo switch prefills the office and seeds sample dossiers', async () => {
    await page.locator('input[name=demo]').check();
    assert.equal(await page.locator('input[name=officeName]').inputValue(), 'UBND Phường Mẫu (dữ liệu thử)');
    await page.locator('input[name=demo]').uncheck();
    await firstRun(page, ADMIN, 'demo');
    await signIn(page, ADMIN);
    await waitForCount(page, 60);
  });

  await step('the interface switches to English and back', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Reception (F2)' }).waitFor();
    await page
      .getByText('Dossier register')
      .or(page.getByText('Code', { exact: true }))
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('button', { name: 'Tiếp nhận (F2)' }).waitFor();
  });

  await step('a supplement request lists what is missing', async () => {
    await pickProcedure(page, 'dang ky ket hon');
    await fillApplicant(page);
    await page.locator('table.checklist input[type=checkbox]').first().check();
    await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
    await page.locator('textarea[name=supplement-reason]').fill('Thiếu giấy xác nhận tình trạng hôn nhân.');
    const response = page.waitForResponse((r) => r.url().endsWith('/api/forms.render'));
    await page.getByRole('button', { name: 'Lập và in Mẫu 02' }).click();
    const envelope = decodeWire(await (await response).text()) as { ok: boolean; result: Uint8Array };
    assert.equal(envelope.ok, true);
    const file = join(work, 'supplement.pdf');
    writeFileSync(file, envelope.result);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    assert.ok(text.includes('PHIẾU YÊU CẦU BỔ SUNG'), 'the supplement form has its title');
    assert.ok(text.includes('Hoàng Thị Lan'));
    assert.ok(text.includes('Thiếu giấy xác nhận tình trạng hôn nhân'));
    await newDossier(page);
    await waitForCount(page, 61);
  });

  await step('an incomplete dossier is not accepted without a reason, and nothing is saved', async () => {
    await pickProcedure(page, 'dang ky ket hon');
    await fillApplicant(page);
    await page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click();
    await page.getByRole('alert').filter({ hasText: 'cần nêu lý do vẫn tiếp nhận' }).waitFor();
    await waitForCount(page, 61);
  });

  await step('a bad catalogue file is refused whole; a good one replaces the catalogue', async () => {
    await openSettings(page, 'Danh mục thủ tục');
    const before = await page.getByTestId('catalog-version').textContent();
    await page.locator('input[name=catalog-file]').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ version: 'x', effectiveFrom: '2026-13-40', procedures: [{ code: 'abc' }] })),
    });
    await page.getByRole('alert').filter({ hasText: 'procedures[0]' }).waitFor();
    assert.equal(await page.getByTestId('catalog-version').textContent(), before);

    const catalog = JSON.parse(readFileSync('domain/catalog/default-catalog.json', 'utf8'));
    catalog.version = '2026.12-tinh-thu';
    catalog.procedures = catalog.procedures.filter((p: { code: string }) => p.code === '2.000815');
    await page
      .locator('input[name=catalog-file]')
      .setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(catalog)) });
    await page.getByTestId('catalog-version').filter({ hasText: '2026.12-tinh-thu' }).waitFor();
    await page.keyboard.press('F2');
    await page.locator('input[name=procedure-search]').fill('dang ky');
    await page.locator('input[name=procedure-search]').fill('chung thuc');
    const options = page.getByRole('listbox').getByRole('option');
    await options.first().waitFor();
    const offered = await options.allTextContents();
    assert.deepEqual(offered.length, 1, `only the new catalogue is offered: ${offered.join(' | ')}`);
  });

  await step('an administrator enters a calendar notice; one that works a statutory holiday is refused', async () => {
    await openSettings(page, 'Lịch nghỉ');
    const version = page.getByTestId('calendar-version');
    const before = await version.textContent();
    assert.match(before ?? '', /kèm theo phần mềm/);
    const notices = page.getByTestId('calendar-notices');
    // The page lists the notices of the desk's year and the next: enter them in this year.
    const year = deskDate(new Date()).slice(0, 4);
    await notices.locator('select[name=notice-kind]').selectOption('make-up-workday');
    await notices.locator('input[name=notice-dates]').fill(`02/09/${year}`);
    await notices.locator('input[name=notice-source]').fill('Thông báo thử số 1/TB ngày 01/08/2026');
    await notices.locator('input[name=notice-effective]').fill('01/08/2026');
    await notices.getByRole('button', { name: 'Thêm thông báo lịch nghỉ' }).click();
    await notices
      .getByRole('alert')
      .filter({ hasText: `${year}-09-02 là ngày nghỉ lễ Quốc khánh (2/9) theo luật` })
      .waitFor();
    assert.equal(await version.textContent(), before, 'nothing is stored');

    await notices.locator('select[name=notice-kind]').selectOption('days-off');
    await notices.locator('input[name=notice-dates]').fill(`04/09/${year}`);
    await notices.getByRole('button', { name: 'Thêm thông báo lịch nghỉ' }).click();
    await version.filter({ hasText: '+desk.1' }).waitFor();
    await notices.getByText(`Nghỉ: 04/09/${year}`).waitFor();
  });

  await step('the screen locks by itself after the idle time', async () => {
    await openSettings(page, 'Cơ quan');
    await page.locator('input[name=idleLockMinutes]').fill('1');
    await page
      .locator('form')
      .filter({ has: page.locator('input[name=idleLockMinutes]') })
      .getByRole('button', { name: 'Lưu' })
      .click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    await page.clock.install();
    await page.reload();
    await signIn(page, ADMIN);
    assert.equal(await page.getByRole('dialog').count(), 0);
    await page.clock.fastForward(61_000);
    await page.getByRole('dialog', { name: 'Màn hình đã khóa' }).waitFor();
  });
});

/**
 * A small tmpfs for a browser profile, which the test can fill to the brim: a disk that
 * really is full, rather than a mocked storage API.
 */
function smallDisk(megabytes: number): { dir: string; fill(): void; free(): void; release(): void } | string {
  const dir = mkdtempSync(join(tmpdir(), 'desk-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch {
    return 'mounting a small tmpfs needs root (CI runs as root)';
  }
  const filler = join(dir, 'filler');
  return {
    dir,
    // dd stops with "No space left on device": that is the point.
    fill: () => void spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' }),
    free: () => rmSync(filler, { force: true }),
    release: () => execFileSync('umount', ['-l', dir]),
  };
}

test('a nearly full disk is reported in both languages and nothing is half-saved', { skip: chromiumMissing }, async (t) => {
  const disk = smallDisk(48);
  if (typeof disk === 'string') {
    t.skip(disk);
    return;
  }
  const small = await openDesk(disk.dir);
  try {
    const page = small.page;
    await firstRun(page, ADMIN, 'demo');
    await signIn(page, ADMIN);
    await waitForCount(page, 60);
    await pickProcedure(page, 'chung thuc ban sao');
    await fillApplicant(page);
    for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
    disk.fill();
    await page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Bộ nhớ của máy' });
    await alert.waitFor();
    assert.ok((await alert.textContent())?.includes('storage'), 'the English text follows');
    disk.free();
    await waitForCount(page, 60);
  } finally {
    await small.close();
    disk.release();
  }
});
