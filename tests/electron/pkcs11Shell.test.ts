// PKCS#11 in the Electron shell, with the fake electron: the packaged app's runAsNode fuse is
// off, so the shell runs each module in a utility process (utilityProcess.fork of
// dist/main/pkcs11-worker.cjs), never in main. The fake's utility process is a real child
// process with Electron's process.parentPort, so listing, login and signing below cross real
// IPC to a real SoftHSM2 token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { PDFDocument } from 'pdf-lib';
import { createFakeElectron, type FakeElectron } from './fakeElectron.ts';
import { IPC_CHANNEL } from '#preload/channel.ts';
import { createSoftHsmToken, type SoftHsmFixture } from '#main/token/pkcs11/softhsmFixture.ts';
import type { TokenList } from '#preload/wire/tokens.ts';
import type { SignFilesResult, VerifyReport } from '#preload/wire/signing.ts';
import type { ProposeResult } from '#preload/wire/settings.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SHELL_FILE = join(REPO, 'dist/main/electron.pkcs11-test.cjs');
const EXTERNAL = ['electron', 'node-hid', '@pdf-lib/fontkit', 'pdf-lib', '@expo-google-fonts/tinos', 'sharp', 'bonjour-service', 'pkcs11js'];

let fx: SoftHsmFixture;
let appPath = '';
let shell: Script;

before(async () => {
  fx = await createSoftHsmToken();
  appPath = await mkdtemp(join(tmpdir(), 'desk-pkcs11-shell-'));
  // The app directory as electron-builder lays it out: dist/main beside node_modules.
  await mkdir(join(appPath, 'dist', 'main'), { recursive: true });
  await symlink(join(REPO, 'node_modules'), join(appPath, 'node_modules'), 'dir');
  const shared = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent', absWorkingDir: REPO } as const;
  // Both bundles with scripts/build.mjs's options.
  await build({
    ...shared,
    entryPoints: [join(REPO, 'main/token/pkcs11/pkcs11Worker.ts')],
    outfile: join(appPath, 'dist/main/pkcs11-worker.cjs'),
    external: EXTERNAL,
  });
  const bundled = await build({
    ...shared,
    entryPoints: [join(REPO, 'main/electron.ts')],
    outfile: SHELL_FILE,
    write: false,
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
    external: EXTERNAL,
  });
  shell = new Script(Module.wrap(bundled.outputFiles[0]!.text), { filename: SHELL_FILE });
});

after(async () => {
  try {
    await fx?.cleanup();
  } finally {
    if (appPath) await rm(appPath, { recursive: true, force: true });
  }
});

async function boot(): Promise<{ fake: FakeElectron; required: string[] }> {
  const fake = createFakeElectron({ appPath, version: '9.9.9' });
  const realRequire = createRequire(SHELL_FILE);
  const required: string[] = [];
  const fakeRequire = (id: string) => (required.push(id), id === 'electron' ? fake.module : realRequire(id));
  const module = { exports: {} };
  (shell.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, fakeRequire, module, SHELL_FILE, dirname(SHELL_FILE));
  await fake.becomeReady();
  return { fake, required };
}

async function call<T>(fake: FakeElectron, name: string, input: unknown): Promise<T> {
  const answer = (await fake.state.ipcHandlers.get(IPC_CHANNEL)!({ senderFrame: { url: 'app://desk/index.html' } }, name, input)) as {
    ok: boolean;
    result?: T;
    error?: unknown;
  };
  assert.equal(answer.ok, true, JSON.stringify(answer.error));
  return answer.result as T;
}

async function samplePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText('Ho so 000.00.12.H29-241123-0003', { x: 50, y: 780, size: 12 });
  return pdf.save();
}

test('over IPC: the SoftHSM token is listed, logged in to and signs, all in a utility process; main never loads pkcs11js', { timeout: 120_000 }, async () => {
  const { fake, required } = await boot();
  assert.ok(!required.includes('pkcs11js'), 'the shell itself does not load the PKCS#11 binding');
  // The administrator picks the module in main's own dialog; the desk then selects it by id.
  fake.state.dialogAnswers.open = { canceled: false, filePaths: [fx.modulePath] };
  const added = await call<ProposeResult>(fake, 'admin.propose', { kind: 'add-pkcs11-module', vendor: 'SoftHSM2' });
  assert.ok('applied' in added, JSON.stringify(added));
  const [module] = added.applied.pkcs11Modules;
  await call(fake, 'sign.configure', { moduleIds: [module!.id], emulator: false, trustAnchors: [fx.authority.certificate] });

  const { tokens, problems } = await call<TokenList>(fake, 'sign.tokens', {});
  const token = tokens.find((t) => t.kind === 'pkcs11' && t.label.startsWith(fx.tokenLabel));
  assert.ok(token, JSON.stringify({ tokens, problems }));
  assert.ok(token.certificates.some((c) => c.id === fx.rsa.id));
  const forks = fake.called('utilityProcess.fork');
  assert.equal(forks.length, 1, 'one utility process for the module');
  assert.equal(forks[0]!.args[0], join(appPath, 'dist', 'main', 'pkcs11-worker.cjs'));

  const signed = await call<SignFilesResult>(fake, 'sign.files', {
    tokenId: token.id,
    certificateId: fx.rsa.id,
    pin: fx.userPin,
    files: [await samplePdf()],
    stamp: null,
  });
  const report = await call<VerifyReport>(fake, 'sign.verify', { pdf: signed.files[0]!.pdf });
  assert.equal(report.signatures[0]!.verdict, 'valid');

  // The PIN went in one IPC message: it is on no command line and in no environment.
  const [child] = fake.state.utilityProcesses;
  assert.ok(child?.pid, 'the module process is running');
  assert.ok(!JSON.stringify(forks).includes(fx.userPin));
  if (existsSync(`/proc/${child.pid}/environ`)) {
    for (const file of ['cmdline', 'environ']) {
      assert.ok(!readFileSync(`/proc/${child.pid}/${file}`).includes(fx.userPin), `the PIN is not in the child's ${file}`);
    }
  }

  // Quitting finalizes the module and ends its process. Electron's own loop runs until then;
  // here an interval stands in for it, as the fake's child does not hold the test's loop.
  const alive = setInterval(() => undefined, 1_000);
  try {
    const exited = new Promise<number>((resolve) => child.once('exit', resolve));
    fake.state.app.emit('will-quit');
    assert.equal(await exited, 0);
  } finally {
    clearInterval(alive);
  }
});
