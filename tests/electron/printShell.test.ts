// Printing in the Electron shell, with the fake electron: the shell bundled as scripts/build.mjs
// bundles it and driven over IPC like the renderer. What this shows is the shell's side — the
// printer approved in main's message box, the hidden window it prints from, the job's options and
// bytes — not that Electron's PDF viewer puts pages on paper, which only a real Electron and a
// real printer can show (main/print/README.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { createFakeElectron, type FakeElectron } from './fakeElectron.ts';
import { IPC_CHANNEL } from '#preload/channel.ts';
import type { ProposeResult } from '#preload/wire/settings.ts';
import type { PrintersView, PrintOutcome } from '#preload/wire/printing.ts';
import { receiptRequest } from '#main/pdf/samples.ts';
import { sha256Hex } from '#main/print/printService.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FILENAME = join(REPO, 'dist/main/electron.print-test.cjs');
let appPath = '';
let shell: Script;

before(async () => {
  appPath = await mkdtemp(join(tmpdir(), 'desk-print-shell-'));
  const bundled = await build({
    entryPoints: [join(REPO, 'main/electron.ts')],
    outfile: FILENAME,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
    absWorkingDir: REPO,
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
    external: ['electron', 'node-hid', '@pdf-lib/fontkit', 'pdf-lib', '@expo-google-fonts/tinos', 'sharp', 'bonjour-service', 'pkcs11js'],
  });
  shell = new Script(Module.wrap(bundled.outputFiles[0]!.text), { filename: FILENAME });
});

after(() => rm(appPath, { recursive: true, force: true }));

async function boot(): Promise<FakeElectron> {
  const fake = createFakeElectron({ appPath, version: '9.9.9' });
  const realRequire = createRequire(FILENAME);
  const module = { exports: {} };
  (shell.runInThisContext() as (...args: unknown[]) => void).call(
    module.exports,
    module.exports,
    (id: string) => (id === 'electron' ? fake.module : realRequire(id)),
    module,
    FILENAME,
    dirname(FILENAME),
  );
  await fake.becomeReady();
  fake.state.printing.printers = [
    { name: 'HP_LaserJet_M404', displayName: 'HP LaserJet M404 — Tầng 1', description: 'HP LaserJet Pro M404n', options: {} },
    { name: 'Microsoft_Print_to_PDF', displayName: 'Microsoft Print to PDF', description: '', options: {} },
  ];
  return fake;
}

async function ok<T>(fake: FakeElectron, name: string, input: unknown): Promise<T> {
  const answer = (await fake.state.ipcHandlers.get(IPC_CHANNEL)!({ senderFrame: { url: 'app://desk/index.html' } }, name, input)) as
    { ok: true; result: T } | { ok: false; error: unknown };
  assert.ok(answer.ok, JSON.stringify(answer));
  return answer.result;
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
  const answer = (await fake.state.ipcHandlers.get(IPC_CHANNEL)!({ senderFrame: { url: 'app://desk/index.html' } }, 'admin.propose', {
    kind: 'set-printer',
    name: '\\\\attacker\\share',
  })) as { ok: boolean; error?: { code: string } };
  assert.equal(answer.ok, false);
  assert.equal(answer.error?.code, 'print.printer-missing');
  assert.deepEqual(fake.state.dialogs, []);
});
