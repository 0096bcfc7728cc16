// Printing at the counter, in browser mode at 1366×768: accepting a dossier opens the print
// dialog by itself with the receipt's pages (both copies) — caught through Chromium's own
// beforeprint event, and what Chromium prints read back with page.pdf() and compared with the
// receipt main rendered — a reprint from the register does the same, and the printer is main's
// privileged setting, changed by a proposal confirmed with the code on main's console.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { nextFormPdf, pdfText } from '../support/forms.ts';
import { firstRun, openSettings, pickProcedure, signIn } from '../support/deskFlows.ts';
import { assertAccessible } from '../support/axe.ts';
import { decodeWire } from '#preload/wire.ts';

const ADMIN = { username: 'canbo7', fullName: 'Phạm Thị Hoa', password: 'mat-khau-may-in-tang-1' };
const work = mkdtempSync(join(tmpdir(), 'desk-e2e-print-'));
let desk: DeskSession;

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
  await desk.page.setViewportSize({ width: 1366, height: 768 });
});
after(async () => {
  await desk?.close();
});

/** Counts the times Chromium starts printing the page: its own event, nothing of the app's replaced. */
async function watchPrinting(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { printsStarted: number };
    w.printsStarted = 0;
    window.addEventListener('beforeprint', () => (w.printsStarted += 1));
  });
}

function printsStarted(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { printsStarted: number }).printsStarted);
}

/** What main answered to print.form while `action` ran. */
async function printAnswer(page: Page, action: () => Promise<void>): Promise<unknown> {
  const response = page.waitForResponse((r) => r.url().endsWith('/api/print.form'));
  await action();
  const envelope = decodeWire(await (await response).text()) as { ok: boolean; result: unknown };
  assert.equal(envelope.ok, true);
  return envelope.result;
}

/** The printer in main's privileged settings file; null when none (or no file yet). */
function mainPrinter(): string | null {
  const file = join(desk.dataDir, 'privileged-settings.json');
  return existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { printer: string | null }).printer ?? null) : null;
}

const W = 175;
const H = 248;

/** Grey levels of a PDF's pages, each drawn W×H by pdftoppm. */
function greyPages(pdf: Uint8Array, name: string): Buffer[] {
  const file = join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-gray', '-scale-to-x', String(W), '-scale-to-y', String(H), file, join(work, name)]);
  const pages: Buffer[] = [];
  for (let n = 1; existsSync(join(work, `${name}-${n}.pgm`)); n++) {
    const pgm = readFileSync(join(work, `${name}-${n}.pgm`));
    pages.push(pgm.subarray(pgm.length - W * H));
  }
  return pages;
}

const CELL = 7;

/** Mean grey of each CELL×CELL block: how ink lies on the page, whatever drew it. */
function ink(page: Uint8Array): number[] {
  const cells: number[] = [];
  for (let y = 0; y + CELL <= H; y += CELL)
    for (let x = 0; x + CELL <= W; x += CELL) {
      let sum = 0;
      for (let dy = 0; dy < CELL; dy++) for (let dx = 0; dx < CELL; dx++) sum += page[(y + dy) * W + x + dx]!;
      cells.push(sum / (CELL * CELL));
    }
  return cells;
}

/**
 * How alike two pages' ink is laid out: the correlation of their blocks, 1 for the same layout.
 * pdftoppm and a canvas draw the same page with a different weight of ink, so levels are not compared.
 */
function likeness(a: Uint8Array, b: Uint8Array): number {
  const [p, q] = [ink(a), ink(b)];
  const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
  const [mp, mq] = [mean(p), mean(q)];
  let [pq, pp, qq] = [0, 0, 0];
  for (let i = 0; i < p.length; i++) {
    pq += (p[i]! - mp) * (q[i]! - mq);
    pp += (p[i]! - mp) ** 2;
    qq += (q[i]! - mq) ** 2;
  }
  return pq / Math.sqrt(pp * qq);
}

/**
 * What Chromium is printing: it has a print job open on the page (a second one is refused), the
 * print media shows the print area and hides the screen, and the print area's pages, drawn W×H,
 * are the form's pages in order.
 */
async function assertPrintsForm(page: Page, form: Buffer, name: string): Promise<void> {
  await assert.rejects(page.pdf(), /already being printed/, 'Chromium is printing the page: its print dialog is open');
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() => ({
    screen: getComputedStyle(document.getElementById('root')!).display,
    area: getComputedStyle(document.querySelector('body > .print-area')!).display,
  }));
  await page.emulateMedia({ media: null });
  assert.deepEqual(shown, { screen: 'none', area: 'block' }, 'only the form’s pages are printed, nothing of the screen');
  const printed = await page.evaluate(
    ({ w, h }) =>
      [...document.querySelectorAll<HTMLImageElement>('body > .print-area img')].map((img) => {
        const canvas = document.createElement('canvas');
        canvas.width = w;
        canvas.height = h;
        const g = canvas.getContext('2d')!;
        g.imageSmoothingQuality = 'high';
        g.drawImage(img, 0, 0, w, h);
        const rgba = g.getImageData(0, 0, w, h).data;
        return Array.from({ length: w * h }, (_, i) => Math.round(0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!));
      }),
    { w: W, h: H },
  );
  const want = greyPages(form, name);
  assert.equal(want.length, (await PDFDocument.load(form)).getPageCount());
  assert.equal(printed.length, want.length, 'every page of the form, once');
  for (let i = 0; i < want.length; i++) {
    const got = Uint8Array.from(printed[i]!);
    const r = likeness(want[i]!, got);
    assert.ok(r > 0.7, `printed page ${i + 1} is the form’s page ${i + 1} (likeness ${r.toFixed(2)})`);
    // The measure tells pages apart: the same page upside down is not alike.
    assert.ok(likeness(want[i]!, got.reverse()) < 0.5);
  }
}

test(
  'printing at 1366×768 in browser mode: accept opens the dialog with both copies, the register reprints, the printer is main’s approved setting',
  { skip: chromiumMissing, timeout: 300_000 },
  async (t) => {
    const step = storySteps(t);
    let page = desk.page;
    let receipt: Buffer = Buffer.alloc(0);
    let code = '';

    await step('the office is set up and the officer fills a birth registration', async () => {
      await firstRun(page, ADMIN, { officeName: 'UBND Phường Cửa Nam', agencyId: '000.17.22.H56', placeName: 'Cửa Nam' });
      await signIn(page, ADMIN);
      await watchPrinting(page);
      await page.getByRole('button', { name: 'Tiếp nhận (F2)' }).click();
      await pickProcedure(page, 'khai sinh', /Đăng ký khai sinh/);
      await page.locator('input[name=fullName]').fill('Nguyễn Thị Mai');
      await page.locator('input[name=idNumber]').fill('001190012345');
      await page.locator('input[name=dateOfBirth]').fill('12/05/1990');
      await page.locator('select[name=gender]').selectOption('female');
      await page.locator('input[name=address]').fill('Số 3 phố Hàng Bông, Hà Nội');
      for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
      assert.equal(await printsStarted(page), 0);
    });

    await step('one click on accept: main says the browser prints, and the print dialog opens by itself with the receipt', async () => {
      let answer: unknown;
      receipt = await nextFormPdf(page, async () => {
        answer = await printAnswer(page, () => page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click());
      });
      assert.deepEqual(answer, { dialog: 'browser' });
      code = (await page.getByTestId('dossier-code').textContent()) ?? '';
      await page.waitForFunction(() => (window as unknown as { printsStarted: number }).printsStarted === 1);
      await page.getByRole('status').filter({ hasText: 'Hộp thoại in đã mở' }).waitFor();
      await page.getByRole('status').filter({ hasText: 'hai liên' }).waitFor();
      const text = pdfText(receipt, 'receipt.pdf');
      assert.match(text, /Liên 1: Lưu/);
      assert.match(text, /Liên 2: Giao người nộp hồ sơ/);
      await assertPrintsForm(page, receipt, 'accept');
      await page.screenshot({ path: join(work, 'outcome-1366.png') });
      await assertAccessible(page, 'the printed receipt');
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.screenshot({ path: join(work, 'outcome-1280.png') });
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true, 'no sideways scroll');
      await page.setViewportSize({ width: 1366, height: 768 });
    });

    await step('the register reprints: the stored dossier is rendered again and the dialog opens with it', async () => {
      // Headless Chromium keeps a page's print dialog open for the page's life: the desk restarts, as at the next morning.
      page = await desk.restartBrowser();
      await page.setViewportSize({ width: 1366, height: 768 });
      await signIn(page, ADMIN);
      await watchPrinting(page);
      await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
      await page.getByRole('row').filter({ hasText: code }).dblclick();
      let answer: unknown;
      const again = await nextFormPdf(page, async () => {
        answer = await printAnswer(page, () => page.getByRole('button', { name: 'In', exact: true }).first().click());
      });
      assert.deepEqual(answer, { dialog: 'browser' });
      await page.waitForFunction(() => (window as unknown as { printsStarted: number }).printsStarted === 1);
      assert.match(pdfText(again, 'reprint.pdf'), new RegExp(code.replace(/\./g, '\\.')));
      await assertPrintsForm(page, again, 'reprint');
    });

    await step('the printer is a privileged proposal: shown on main’s console, applied only with its code, stored by main', async () => {
      await openSettings(page, 'Máy in');
      const section = page.getByRole('form', { name: 'Máy in' });
      await section.getByTestId('printer-current').filter({ hasText: 'Chưa chọn' }).waitFor();
      await section.locator('input[name=printer]').fill('HP-LaserJet-Tang-1');
      await section.getByRole('button', { name: 'Dùng máy in này' }).click();
      await page.getByRole('group', { name: 'Xác nhận thay đổi cài đặt' }).waitFor();
      assert.match(desk.console.text, /In giấy tiếp nhận và các biểu mẫu ra máy in: HP-LaserJet-Tang-1/);
      assert.equal(mainPrinter(), null, 'nothing applied before the code');
      await page.screenshot({ path: join(work, 'printer-pending-1366.png') });
      await desk.confirmOnConsole();
      await section.getByTestId('printer-current').filter({ hasText: 'HP-LaserJet-Tang-1' }).waitFor();
      await assertAccessible(page, 'Settings → Máy in');
      assert.equal(mainPrinter(), 'HP-LaserJet-Tang-1');
    });

    await step('at 1280×720 the printer section does not overflow sideways', async () => {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.getByRole('form', { name: 'Máy in' }).waitFor();
      await page.screenshot({ path: join(work, 'printer-1280.png') });
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);
    });
  },
);
