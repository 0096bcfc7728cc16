// Printing in the Electron shell, with the fake electron: the shell bundled as scripts/build.mjs
// bundles it and driven over IPC like the renderer. What this shows is the shell's side — the
// printer approved in main's message box, the hidden window it prints from, the job's options and
// bytes — not that Electron's PDF viewer puts pages on paper, which only a real Electron and a
// real printer can show (main/print/README.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeElectron } from './fakeElectron.ts';
import { bundleShell, ipcCall, ipcOk as ok, type BundledShell } from './bundledShell.ts';
import type { ProposeResult } from '#preload/wire/settings.ts';
import type { PrintersView, PrintOutcome } from '#preload/wire/printing.ts';
import { receiptRequest } from '#main/pdf/samples.ts';
import { sha256Hex } from '#main/print/printService.ts';

let appPath = '';
let shell: BundledShell;

before(async () => {
  appPath = await mkdtemp(join(tmpdir(), 'desk-print-shell-'));
  shell = await bundleShell('print');
});

after(() => rm(appPath, { recursive: true, force: true }));

async function boot(): Promise<FakeElectron> {
  const fake = await shell.boot(appPath);
  fake.state.printing.printers = [
    { name: 'HP_LaserJet_M404', displayName: 'HP LaserJet M404 — Tầng 1', description: 'HP LaserJet Pro M404n', options: {} },
    { name: 'Microsoft_Print_to_PDF', displayName: 'Microsoft Print to PDF', description: '', options: {} },
  ];
  return fake;
}

test('the pick-list is the system’s printers, read from a hidden window that is destroyed after', async () => {
  const fake = await boot();
  const view = await ok<PrintersView>(fake, 'print.printers', {});
  assert.equal(view.mode, 'silent');
  assert.deepEqual(
    view.printers.map((p) => p.name),
    ['HP_LaserJet_M404', 'Microsoft_Print_to_PDF'],
  );
  const hidden = fake.state.destroyed.at(-1)!;
  assert.equal(hidden.options.show, false);
  assert.equal(hidden.options.webPreferences?.preload, undefined, 'no bridge into the print window');
  assert.equal(hidden.options.webPreferences?.sandbox, true);
  assert.equal(hidden.options.webPreferences?.contextIsolation, true);
  assert.equal(hidden.options.webPreferences?.nodeIntegration, false);
  assert.equal(hidden.options.webPreferences?.plugins, true, 'the PDF viewer prints the form');
  assert.equal(fake.state.windows.length, 1, 'only the desk window stays');
});

test('an approved printer gets the receipt main rendered, silently, once; refused in the message box, nothing changes', async () => {
  const fake = await boot();
  fake.state.dialogAnswers.response = 0;
  const refused = await ok<ProposeResult>(fake, 'admin.propose', { kind: 'set-printer', name: 'HP_LaserJet_M404' });
  assert.ok('refused' in refused);
  const box = fake.state.dialogs.at(-1)!;
  assert.equal(box.api, 'showMessageBox');
  assert.match(String(box.options.message), /máy in: HP_LaserJet_M404/);

  fake.state.dialogAnswers.response = 1;
  const approved = await ok<ProposeResult>(fake, 'admin.propose', { kind: 'set-printer', name: 'HP_LaserJet_M404' });
  assert.ok('applied' in approved && approved.applied.printer === 'HP_LaserJet_M404');

  const pdf = await ok<Uint8Array>(fake, 'forms.render', receiptRequest());
  const outcome = await ok<PrintOutcome>(fake, 'print.form', { sha256: sha256Hex(pdf) });
  assert.ok('sent' in outcome && outcome.sent.printer === 'HP_LaserJet_M404', JSON.stringify(outcome));
  const [job] = fake.state.printing.jobs;
  assert.deepEqual(job!.options, { silent: true, deviceName: 'HP_LaserJet_M404', copies: 1, printBackground: true });
  assert.deepEqual(new Uint8Array(job!.bytes!), pdf, 'the very PDF main rendered');
  assert.equal(fake.state.windows.length, 1, 'the print window is gone');

  fake.state.printing.answer = { success: false, failureReason: 'Printer is out of paper' };
  const failed = await ok<PrintOutcome>(fake, 'print.form', { sha256: sha256Hex(pdf) });
  assert.ok('failed' in failed && /out of paper/.test(failed.failed.text.en));
});

test('a name that is not an installed printer never reaches the message box', async () => {
  const fake = await boot();
  const answer = await ipcCall(fake, 'admin.propose', { kind: 'set-printer', name: '\\\\attacker\\share' });
  assert.equal(answer.ok, false);
  assert.equal(!answer.ok && answer.error.code, 'print.printer-missing');
  assert.deepEqual(fake.state.dialogs, []);
});
