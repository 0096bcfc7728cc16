// Main's privileged settings in the Electron shell, with the fake electron: the shell bundled as
// scripts/build.mjs bundles it and driven over IPC like the renderer. A folder or library is the
// one picked in main's own open dialog (modal to the desk's window), whatever the renderer sent;
// an address is shown in a message box whose default button refuses; the approved settings are in
// userData and read back by the next start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeElectron } from './fakeElectron.ts';
import { bundleShell, ipcCall as call, ipcOk as ok, type BundledShell } from './bundledShell.ts';
import type { AdminSettingsView, ProposeResult } from '#preload/wire/settings.ts';

let appPath = '';
let shell: BundledShell;

before(async () => {
  appPath = await mkdtemp(join(tmpdir(), 'desk-admin-shell-'));
  shell = await bundleShell('admin');
});

after(() => rm(appPath, { recursive: true, force: true }));

const boot = (): Promise<FakeElectron> => shell.boot(appPath);

test("a scan folder and a PKCS#11 library are the ones picked in main's dialog; the renderer's path is never used", async () => {
  const fake = await boot();
  const picked = join(appPath, 'picked-scans');
  await mkdir(picked);
  fake.state.dialogAnswers.open = { canceled: false, filePaths: [picked] };
  const result = await ok<ProposeResult>(fake, 'admin.propose', { kind: 'add-scan-folder', path: '/etc' });
  assert.ok('applied' in result);
  assert.deepEqual(result.applied.scanFolders, [picked]);
  const [folderDialog] = fake.state.dialogs;
  assert.equal(folderDialog!.api, 'showOpenDialog');
  assert.equal(folderDialog!.parent, fake.state.windows[0], 'modal to the desk window');
  assert.deepEqual(folderDialog!.options.properties, ['openDirectory', 'dontAddToRecent']);

  const library = join(appPath, 'libcatinh.so');
  await writeFile(library, 'ELF');
  fake.state.dialogAnswers.open = { canceled: false, filePaths: [library] };
  const added = await ok<ProposeResult>(fake, 'admin.propose', { kind: 'add-pkcs11-module', vendor: 'CA Tỉnh', path: '/tmp/evil.so' });
  assert.ok('applied' in added);
  assert.deepEqual(added.applied.pkcs11Modules, [{ id: 'custom-ca-tinh', vendor: 'CA Tỉnh', path: library }]);
  const modules = await ok<Array<{ id: string; path: string }>>(fake, 'sign.modules', {});
  assert.ok(modules.some((m) => m.id === 'custom-ca-tinh' && m.path === library));
  assert.equal(await ok<null>(fake, 'sign.configure', { moduleIds: ['custom-ca-tinh'], emulator: false, trustAnchors: [] }), null);
  const unknown = await call(fake, 'sign.configure', { moduleIds: ['custom-elsewhere'], emulator: false, trustAnchors: [] });
  assert.ok(!unknown.ok && unknown.error.code === 'signing.unknown-module');

  fake.state.dialogAnswers.open = { canceled: true, filePaths: [] };
  const cancelled = await ok<ProposeResult>(fake, 'admin.propose', { kind: 'add-scan-folder' });
  assert.ok('refused' in cancelled);
});

test("an address is approved only with the message box's approve button; the default refuses", async () => {
  const fake = await boot();
  fake.state.dialogAnswers.response = 0;
  const refused = await ok<ProposeResult>(fake, 'admin.propose', { kind: 'set-tsa', url: 'http://tsa.example.vn/rfc3161' });
  assert.ok('refused' in refused);
  const box = fake.state.dialogs.at(-1)!;
  assert.equal(box.api, 'showMessageBox');
  assert.equal(box.parent, fake.state.windows[0]);
  assert.match(String(box.options.message), /http:\/\/tsa\.example\.vn\/rfc3161/);
  assert.equal(box.options.defaultId, 0);
  assert.equal(box.options.cancelId, 0);
  assert.equal((await ok<AdminSettingsView>(fake, 'admin.settings', {})).tsaUrl, null);

  fake.state.dialogAnswers.response = 1;
  const approved = await ok<ProposeResult>(fake, 'admin.propose', { kind: 'set-tsa', url: 'http://tsa.example.vn/rfc3161' });
  assert.ok('applied' in approved && approved.applied.tsaUrl === 'http://tsa.example.vn/rfc3161');
  assert.equal(approved.applied.approval, 'dialog');
  const code = await call(fake, 'admin.confirm', { id: '00000000-0000-4000-8000-000000000000', code: '123456' });
  assert.ok(!code.ok && code.error.code === 'admin.no-pending', 'no console codes in the desktop app');
});

test('the approved settings are in userData and a restarted shell runs with them', async () => {
  const stored = JSON.parse(await readFile(join(appPath, 'paths', 'userData', 'privileged-settings.json'), 'utf8')) as {
    tsaUrl: string;
    scanFolders: string[];
  };
  assert.equal(stored.tsaUrl, 'http://tsa.example.vn/rfc3161');
  const fake = await boot();
  const view = await ok<AdminSettingsView>(fake, 'admin.settings', {});
  assert.equal(view.tsaUrl, 'http://tsa.example.vn/rfc3161');
  assert.deepEqual(view.scanFolders, stored.scanFolders);
  assert.deepEqual(fake.state.dialogs, []);
});

test("the renderer's old ways to configure main are gone", async () => {
  const fake = await boot();
  for (const name of ['scan.configure', 'sync.configure']) {
    const answer = await call(fake, name, { escl: [], folders: ['/'], endpoint: 'https://example.com', ca: [] });
    assert.ok(!answer.ok && answer.error.code === 'unknown-call', name);
  }
  const modulePath = await call(fake, 'sign.configure', { pkcs11Modules: ['\\\\server\\share\\x.dll'], emulator: false, tsaUrl: null, trustAnchors: [] });
  assert.ok(!modulePath.ok && modulePath.error.code === 'invalid-input');
});
