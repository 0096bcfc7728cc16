// The update wiring in the Electron shell, with the fake electron: the shell bundled as
// scripts/build.mjs bundles it (with a test key in update-keys.json, as a release manager would
// add one), driven over IPC like the renderer, against the local update server. An AppImage
// update ends with app.relaunch on the replaced image and app.quit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { createFakeElectron, type FakeElectron } from './fakeElectron.ts';
import { IPC_CHANNEL } from '#preload/channel.ts';
import { UpdateServer, installerBytes, makeSigner } from '../update/updateServer.ts';
import type { UpdateStatus } from '#preload/wire/updates.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const signer = makeSigner('shell-test');
const IMAGE = installerBytes(1024 * 1024, 'AppImage 9.9.10');

let appPath = '';
let server: UpdateServer;
let shell: Script;
const savedAppImage = process.env.APPIMAGE;

before(async () => {
  appPath = await mkdtemp(join(tmpdir(), 'desk-update-shell-'));
  server = new UpdateServer();
  await server.start();
  server.publish({ version: '9.9.10', installers: [{ kind: 'appimage', bytes: IMAGE }] }, signer);
  const trust = JSON.stringify({ keys: [signer.trustEntry], windowsPublishers: ['Test'] });
  const bundled = await build({
    entryPoints: [join(REPO, 'main/electron.ts')],
    outfile: join(REPO, 'dist/main/electron.update-test.cjs'),
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
    plugins: [{ name: 'test-trust', setup: (b) => b.onLoad({ filter: /update-keys\.json$/ }, () => ({ contents: trust, loader: 'json' })) }],
  });
  shell = new Script(Module.wrap(bundled.outputFiles[0]!.text), { filename: join(REPO, 'dist/main/electron.update-test.cjs') });
});

after(async () => {
  if (savedAppImage === undefined) delete process.env.APPIMAGE;
  else process.env.APPIMAGE = savedAppImage;
  await server.stop();
  await rm(appPath, { recursive: true, force: true });
});

async function boot(): Promise<FakeElectron> {
  const fake = createFakeElectron({ appPath, version: '9.9.9' });
  const filename = join(REPO, 'dist/main/electron.update-test.cjs');
  const realRequire = createRequire(filename);
  const module = { exports: {} };
  (shell.runInThisContext() as (...args: unknown[]) => void).call(
    module.exports,
    module.exports,
    (id: string) => (id === 'electron' ? fake.module : realRequire(id)),
    module,
    filename,
    dirname(filename),
  );
  await fake.becomeReady();
  return fake;
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

test('over IPC: the feed approved in a dialog, check, download, a deferred apply while receiving, then the AppImage is replaced and relaunched', async () => {
  const image = join(appPath, 'Mot-Cua-Desk.AppImage');
  await writeFile(image, 'installed 9.9.9', { mode: 0o755 });
  process.env.APPIMAGE = image;
  const fake = await boot();

  assert.equal((await call<UpdateStatus>(fake, 'update.configure', { deskId: 'desk-1' })).state, 'not-configured');
  // The administrator approves the feed address in main's message box.
  fake.state.dialogAnswers.response = 1;
  await call(fake, 'admin.propose', { kind: 'set-update-feed', url: server.feedUrl });
  assert.equal(fake.state.dialogs.at(-1)!.api, 'showMessageBox');
  const configured = await call<UpdateStatus>(fake, 'update.status', {});
  assert.equal(configured.state, 'idle');
  assert.equal(configured.feedUrl, server.feedUrl);
  assert.equal(configured.canApply, true);
  assert.equal((await call<UpdateStatus>(fake, 'update.check', {})).state, 'available');
  await call(fake, 'update.download', {});
  let status: UpdateStatus;
  for (
    status = await call<UpdateStatus>(fake, 'update.status', {});
    status.state === 'downloading';
    status = await call<UpdateStatus>(fake, 'update.status', {})
  ) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(status.state, 'downloaded');
  assert.deepEqual([...new Set(fake.called('app.getPath').map((c) => c.args[0]))], ['userData']);

  await call(fake, 'update.busy', { activity: 'reception', busy: true });
  const deferred = await call<UpdateStatus>(fake, 'update.apply', {});
  assert.equal(deferred.state, 'waiting-idle');
  assert.match(deferred.message!.vi, /đang tiếp nhận hồ sơ/);
  assert.equal(fake.state.quitCount, 0);

  await call(fake, 'update.busy', { activity: 'reception', busy: false });
  for (let i = 0; i < 250 && fake.state.quitCount === 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(fake.state.relaunches, [{ execPath: image }]);
  assert.equal(fake.state.quitCount, 1);
  assert.deepEqual(await readFile(image), IMAGE);
  // Quitting closes the update service with the others (its retry timer must not keep the app alive).
  fake.state.app.emit('will-quit');
});

test('over IPC: invalid input is refused by the contract; apply with nothing downloaded says why', async () => {
  const fake = await boot();
  const handler = fake.state.ipcHandlers.get(IPC_CHANNEL)!;
  const bad = (await handler({ senderFrame: { url: 'app://desk/index.html' } }, 'update.busy', { activity: 'lunch', busy: true })) as {
    ok: boolean;
    error: { code: string };
  };
  assert.equal(bad.error.code, 'invalid-input');
  const insecure = (await handler({ senderFrame: { url: 'app://desk/index.html' } }, 'admin.propose', {
    kind: 'set-update-feed',
    url: 'http://example.com/update.json',
  })) as { ok: boolean; error: { code: string } };
  assert.equal(insecure.error.code, 'update.insecure-feed-url');
  assert.deepEqual(fake.state.dialogs, [], 'refused before any dialog opens');
  const early = (await handler({ senderFrame: { url: 'app://desk/index.html' } }, 'update.apply', {})) as {
    ok: boolean;
    error: { code: string; text: { vi: string } };
  };
  assert.equal(early.error.code, 'update.not-ready');
});
