// Printing through the handler table with real settings, approvals and forms: only a form main
// rendered is printed, only on the printer an administrator approved, and browser mode leaves it
// to the browser's dialog. The spooler is the one stand-in (test-support.ts).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { DeskError } from '#domain/errors.ts';
import { dispatch } from '../api.ts';
import type { CallName } from '#preload/contract.ts';
import { receiptRequest, supplementRequest } from '../pdf/samples.ts';
import { renderForm } from '../pdf/forms.ts';
import { openTestHost, type TestHost } from '../settings/test-support.ts';
import { settingsPath } from '../settings/store.ts';
import { sha256Hex } from './printService.ts';
import { testSpooler } from './test-support.ts';

async function call<T>(host: TestHost, name: CallName, input: unknown): Promise<T> {
  const envelope = await dispatch(host.handlers, name, input);
  if (!envelope.ok) throw new DeskError(envelope.error.code, envelope.error.text);
  return envelope.result as T;
}

async function hostWith(installed: string[]) {
  const spooler = testSpooler(installed);
  const host = await openTestHost({ printHost: spooler });
  after(() => host.close());
  return { host, spooler };
}

async function approvePrinter(host: TestHost, name: string) {
  const proposed = await call<{ pending?: { id: string } }>(host, 'admin.propose', { kind: 'set-printer', name });
  assert.ok(proposed.pending, JSON.stringify(proposed));
  return call<{ printer: string | null }>(host, 'admin.confirm', { id: proposed.pending.id, code: host.console.lastCode() });
}

test('browser mode: printing is the browser dialog’s, and main lists no printers', async () => {
  const host = await openTestHost();
  after(() => host.close());
  const pdf = await call<Uint8Array>(host, 'forms.render', receiptRequest());
  assert.deepEqual(await call(host, 'print.form', { sha256: sha256Hex(pdf) }), { dialog: 'browser' });
  assert.deepEqual(await call(host, 'print.printers', {}), { mode: 'browser', printers: [] });
});

test('the receipt main rendered goes, byte for byte and both copies at once, to the approved printer', async () => {
  const { host, spooler } = await hostWith(['HP-LaserJet-M404', 'Brother-HL-L2321D']);
  const printers = await call<{ mode: string; printers: Array<{ name: string }> }>(host, 'print.printers', {});
  assert.equal(printers.mode, 'silent');
  assert.deepEqual(
    printers.printers.map((p) => p.name),
    ['HP-LaserJet-M404', 'Brother-HL-L2321D'],
  );
  assert.equal((await approvePrinter(host, 'Brother-HL-L2321D')).printer, 'Brother-HL-L2321D');
  assert.match(host.console.text, /In giấy tiếp nhận và các biểu mẫu ra máy in: Brother-HL-L2321D/);

  const pdf = await call<Uint8Array>(host, 'forms.render', receiptRequest());
  const pages = (await PDFDocument.load(pdf)).getPageCount();
  const outcome = await call(host, 'print.form', { sha256: sha256Hex(pdf) });
  assert.deepEqual(outcome, { sent: { printer: 'Brother-HL-L2321D', pages } });
  assert.equal(spooler.jobs.length, 1, 'one job: Mẫu 01 holds both copies (Liên 1: Lưu, Liên 2: Giao người nộp hồ sơ)');
  assert.equal(pages % 2, 0);
  assert.equal(spooler.jobs[0]!.printer, 'Brother-HL-L2321D');
  assert.deepEqual(spooler.jobs[0]!.pdf, pdf);
});

test('a PDF main did not render is never printed, whatever hash the renderer names', async () => {
  const { host, spooler } = await hostWith(['HP-LaserJet-M404']);
  await approvePrinter(host, 'HP-LaserJet-M404');
  const foreign = await PDFDocument.create();
  foreign.addPage();
  const bytes = await foreign.save();
  await assert.rejects(
    call(host, 'print.form', { sha256: sha256Hex(bytes) }),
    (e: DeskError) => e.code === 'print.unknown-form' && /Không có biểu mẫu/.test(e.text.vi),
  );
  // The call takes a hash only: a PDF sent along is not even read.
  await assert.rejects(call(host, 'print.form', { sha256: sha256Hex(bytes), pdf: bytes }), (e: DeskError) => e.code === 'print.unknown-form');
  await assert.rejects(call(host, 'print.form', { sha256: 'C:\\\\share\\printer' }), (e: DeskError) => e.code === 'invalid-input');
  assert.equal(spooler.jobs.length, 0);
});

test('the sample receipt the page draws at idle is the invented one, never kept for printing', async () => {
  const { host, spooler } = await hostWith(['HP-LaserJet-M404']);
  await approvePrinter(host, 'HP-LaserJet-M404');
  const sample = await call<Uint8Array>(host, 'forms.sample', {});
  assert.deepEqual(sample, await renderForm(receiptRequest()));
  await assert.rejects(call(host, 'print.form', { sha256: sha256Hex(sample) }), (e: DeskError) => e.code === 'print.unknown-form');
  assert.equal(spooler.jobs.length, 0);
});

test('without an approved printer the renderer is told to open the dialog; a printer gone or refusing is reported, not thrown', async () => {
  const { host, spooler } = await hostWith(['HP-LaserJet-M404']);
  const pdf = await call<Uint8Array>(host, 'forms.render', supplementRequest());
  const sha256 = sha256Hex(pdf);
  assert.deepEqual(await call(host, 'print.form', { sha256 }), { dialog: 'no-printer' });

  await approvePrinter(host, 'HP-LaserJet-M404');
  spooler.refuseNext = true;
  const refused = await call<{ failed?: { code: string; text: { vi: string; en: string } } }>(host, 'print.form', { sha256 });
  assert.equal(refused.failed?.code, 'print.failed');
  assert.match(refused.failed.text.en, /out of paper/);

  spooler.installed = [];
  const gone = await call<{ failed?: { code: string; text: { vi: string } } }>(host, 'print.form', { sha256 });
  assert.equal(gone.failed?.code, 'print.printer-missing');
  assert.match(gone.failed.text.vi, /không có trên máy này/);
  assert.equal(spooler.jobs.length, 0);
});

test('a printer is proposed and approved like any privileged setting: only an installed one, stored in main’s file, cleared at once', async () => {
  const { host } = await hostWith(['HP-LaserJet-M404']);
  for (const name of ['\\\\attacker\\share', '/tmp/out.pdf', 'FILE:', 'HP-LaserJet-M405']) {
    await assert.rejects(call(host, 'admin.propose', { kind: 'set-printer', name }), (e: DeskError) => e.code === 'print.printer-missing', name);
  }
  await assert.rejects(
    call(host, 'admin.propose', { kind: 'set-printer', name: 'HP-LaserJet-M404\u202e' }),
    (e: DeskError) => e.code === 'print.bad-printer-name',
  );
  assert.equal(host.console.text, '', 'nothing refused reached the console');

  await approvePrinter(host, 'HP-LaserJet-M404');
  assert.equal(JSON.parse(readFileSync(settingsPath(host.dir), 'utf8')).printer, 'HP-LaserJet-M404');
  const cleared = await call<{ applied?: { printer: string | null } }>(host, 'admin.propose', { kind: 'clear-printer' });
  assert.equal(cleared.applied?.printer, null);
  assert.equal(JSON.parse(readFileSync(settingsPath(host.dir), 'utf8')).printer, null);
});

test('the printer in main’s file is applied at start; a file from before printers were main’s reads as none, a disguised name as damaged', async () => {
  const first = await hostWith(['HP-LaserJet-M404']);
  await approvePrinter(first.host, 'HP-LaserJet-M404');
  const dir = first.host.dir;

  const spooler = testSpooler(['HP-LaserJet-M404']);
  const again = await openTestHost({ dir, printHost: spooler });
  after(() => again.close());
  const pdf = await call<Uint8Array>(again, 'forms.render', receiptRequest());
  assert.deepEqual(await call(again, 'print.form', { sha256: sha256Hex(pdf) }), {
    sent: { printer: 'HP-LaserJet-M404', pages: (await PDFDocument.load(pdf)).getPageCount() },
  });

  const file = JSON.parse(readFileSync(settingsPath(dir), 'utf8'));
  delete file.printer;
  writeFileSync(settingsPath(dir), JSON.stringify(file));
  const older = await openTestHost({ dir, printHost: testSpooler(['HP-LaserJet-M404']) });
  after(() => older.close());
  assert.equal(older.admin.view().printer, null);
  assert.deepEqual(older.admin.view().problems, []);

  writeFileSync(settingsPath(dir), JSON.stringify({ ...file, printer: 'HP\nMã xác nhận: 123456' }));
  const damaged = await openTestHost({ dir, printHost: testSpooler(['HP-LaserJet-M404']) });
  after(() => damaged.close());
  assert.equal(damaged.admin.view().printer, null);
  assert.match(damaged.admin.view().problems[0]?.en ?? '', /printer/);
});
