// The update wiring in the Electron shell, with the fake electron: the shell bundled as
// scripts/build.mjs bundles it (with a test key in update-keys.json, as a release manager would
// add one), driven over IPC like the renderer, against the local update server. An AppImage
// update ends with app.relaunch on the replaced image and app.quit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeElectron } from './fakeElectron.ts';
import { bundleShell, ipcCall, ipcOk as call, type BundledShell } from './bundledShell.ts';
import { UpdateServer, installerBytes, makeSigner } from '../update/updateServer.ts';
import type { UpdateStatus } from '#preload/wire/updates.ts';

const signer = makeSigner('shell-test');
const IMAGE = installerBytes(1024 * 1024, 'AppImage 9.9.10');

let appPath = '';
let server: UpdateServer;
let shell: BundledShell;
const savedAppImage = process.env.APPIMAGE;

before(async () => {
  appPath = await mkdtemp(join(tmpdir(), 'desk-update-shell-'));
  server = new UpdateServer();
  await server.start();
  server.publish({ version: '9.9.10', installers: [{ kind: 'appimage', bytes: IMAGE }] }, signer);
  const trust = JSON.stringify({ keys: [signer.trustEntry], windowsPublishers: ['Test'] });
  shell = await bundleShell('update', [
    { name: 'test-trust', setup: (b) => b.onLoad({ filter: /update-keys\.json$/ }, () => ({ contents: trust, loader: 'json' })) },
  ]);
});

after(async () => {
  if (savedAppImage === undefined) delete process.env.APPIMAGE;
  else process.env.APPIMAGE = savedAppImage;
  await server.stop();
  await rm(appPath, { recursive: true, force: true });
});

const boot = (): Promise<FakeElectron> => shell.boot(appPath);

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
  const bad = await ipcCall(fake, 'update.busy', { activity: 'lunch', busy: true });
  assert.equal(!bad.ok && bad.error.code, 'invalid-input');
  const insecure = await ipcCall(fake, 'admin.propose', { kind: 'set-update-feed', url: 'http://example.com/update.json' });
  assert.equal(!insecure.ok && insecure.error.code, 'update.insecure-feed-url');
  assert.deepEqual(fake.state.dialogs, [], 'refused before any dialog opens');
  const early = await ipcCall(fake, 'update.apply', {});
  assert.equal(!early.ok && early.error.code, 'update.not-ready');
});
