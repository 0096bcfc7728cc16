// Main's privileged settings through the real handler table: what the renderer may propose, what
// main refuses before anyone is asked, how an approved change reaches the services and the file,
// and that the renderer can no longer name a library, a folder or a host by itself.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeskError, isDeskError } from '#domain/errors.ts';
import { createHandlers, dispatch } from '../api.ts';
import type { CallName, SettingsChange } from '#preload/contract.ts';
import { DevAuthority, toPem } from '../signing/devPki.ts';
import { AdminSettings, type AdminTargets, type CheckedChange } from './adminSettings.ts';
import { createConsoleApprover, createDialogApprover } from './approval.ts';
import { settingsPath } from './store.ts';
import { CapturedConsole, openTestHost, type TestHost } from './test-support.ts';
import type { ProposeResult } from '#preload/wire/settings.ts';
import { PrintService } from '../print/printService.ts';
import { browserPrintHost } from '../print/printHost.ts';

const work = mkdtempSync(join(tmpdir(), 'desk-admin-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function call<T>(host: { handlers: TestHost['handlers'] }, name: CallName, input: unknown): Promise<T> {
  const envelope = await dispatch(host.handlers, name, input);
  if (!envelope.ok) throw new DeskError(envelope.error.code, envelope.error.text);
  return envelope.result as T;
}

/** A file of its own for each case, so one test cannot see another's. */
function file(name: string, content = 'ELF'): string {
  const dir = mkdtempSync(join(work, 'f-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Targets that record what main tells them, with a scans target that can be made to refuse. */
function recordingTargets() {
  const seen = {
    scans: [] as Array<{ escl: string[]; folders: string[] }>,
    signing: [] as Array<{ pkcs11Modules: string[]; emulator: boolean; tsaUrl: string | null }>,
    link: [] as Array<{ endpoint: string | null; ca: string[] }>,
    updates: [] as Array<{ feedUrl: string | null; deskId: string }>,
  };
  let scanRefusal: DeskError | null = null;
  const targets: AdminTargets = {
    scans: { configure: async (c) => (seen.scans.push(c), scanRefusal ? Promise.reject(scanRefusal) : undefined), check: async (c) => c },
    signing: { configure: (c) => void seen.signing.push(c) },
    link: { configure: (c) => void seen.link.push(c) },
    updates: { configure: (c) => (seen.updates.push(c), { feedUrl: c.feedUrl } as never) },
    printing: new PrintService(browserPrintHost),
  };
  return { seen, targets, refuseScans: (e: DeskError | null) => (scanRefusal = e) };
}

async function recordingAdmin(options: { dir?: string; platform?: NodeJS.Platform } = {}) {
  const out = new CapturedConsole();
  const recorded = recordingTargets();
  const dir = options.dir ?? mkdtempSync(join(work, 'data-'));
  const admin = await AdminSettings.open({
    dir,
    approver: createConsoleApprover<CheckedChange>({ out }),
    ...recorded.targets,
    ...(options.platform ? { platform: options.platform } : {}),
  });
  return { admin, out, dir, ...recorded };
}

async function approve(admin: AdminSettings, out: CapturedConsole, result: ProposeResult) {
  assert.ok('pending' in result, JSON.stringify(result));
  return admin.confirm(result.pending.id, out.lastCode());
}

const refusedWith = (pattern: RegExp) => (e: unknown) => isDeskError(e) && pattern.test(e.code) && Boolean(e.text.vi) && Boolean(e.text.en);

test('browser mode: a proposal waits for the console code; confirmed, it is in main, in the file, and read back at the next start', async () => {
  const host = await openTestHost();
  after(() => host.close());
  const before = await call<{ tsaUrl: string | null; approval: string }>(host, 'admin.settings', {});
  assert.equal(before.tsaUrl, null);
  assert.equal(before.approval, 'console');

  const proposed = await call<ProposeResult>(host, 'admin.propose', { kind: 'set-tsa', url: 'http://tsa.example.vn/rfc3161' });
  assert.ok('pending' in proposed);
  assert.match(proposed.pending.summary.vi, /http:\/\/tsa\.example\.vn\/rfc3161/);
  assert.match(host.console.text, /Set the timestamp server \(TSA\): http:\/\/tsa\.example\.vn\/rfc3161/);
  assert.equal((await call<{ tsaUrl: string | null }>(host, 'admin.settings', {})).tsaUrl, null, 'nothing changes before the code');

  const after1 = await call<{ tsaUrl: string | null }>(host, 'admin.confirm', { id: proposed.pending.id, code: host.console.lastCode() });
  assert.equal(after1.tsaUrl, 'http://tsa.example.vn/rfc3161');
  assert.equal(JSON.parse(readFileSync(settingsPath(host.dir), 'utf8')).tsaUrl, 'http://tsa.example.vn/rfc3161');
  const restarted = await openTestHost({ dir: host.dir });
  after(() => restarted.close());
  assert.equal((await call<{ tsaUrl: string | null }>(restarted, 'admin.settings', {})).tsaUrl, 'http://tsa.example.vn/rfc3161');

  // Removing needs no code.
  const cleared = await call<ProposeResult>(host, 'admin.propose', { kind: 'clear-tsa' });
  assert.ok('applied' in cleared && cleared.applied.tsaUrl === null);
});

test('the renderer can no longer configure privileged things itself', async () => {
  const host = await openTestHost();
  after(() => host.close());
  for (const name of ['scan.configure', 'sync.configure']) {
    const envelope = await dispatch(host.handlers, name, { escl: ['http://10.0.0.5/'], folders: ['/'], endpoint: 'https://example.com', ca: [] });
    assert.ok(!envelope.ok && envelope.error.code === 'unknown-call', name);
  }
  const status = await call<{ feedUrl: string | null }>(host, 'update.configure', { feedUrl: 'https://evil.example/update.json', deskId: 'desk-1' });
  assert.equal(status.feedUrl, null, 'a feed address sent with the desk id is ignored');
  const modules = await dispatch(host.handlers, 'sign.configure', { pkcs11Modules: ['/tmp/evil.so'], emulator: false, trustAnchors: [] });
  assert.ok(!modules.ok && modules.error.code === 'invalid-input', 'a module path is not a selection');
});

test('refused before anyone is asked: PKCS#11 modules that are not an absolute local library file', async () => {
  const { admin, out } = await recordingAdmin();
  const fifo = join(mkdtempSync(join(work, 'fifo-')), 'libtoken.so');
  execFileSync('mkfifo', [fifo]);
  const directory = join(mkdtempSync(join(work, 'dir-')), 'libdir.so');
  mkdirSync(directory);
  const linkToPasswd = join(mkdtempSync(join(work, 'link-')), 'libpasswd.so');
  symlinkSync('/etc/passwd', linkToPasswd);
  for (const path of [
    '//server/share/libtoken.so',
    'lib/libtoken.so',
    'libtoken.so',
    file('token.txt'),
    fifo,
    directory,
    linkToPasswd,
    join(work, 'missing', 'libtoken.so'),
  ]) {
    await assert.rejects(admin.propose({ kind: 'add-pkcs11-module', vendor: 'CA', path }), refusedWith(/^settings\.pkcs11-module$/), path);
  }
  const windows = await recordingAdmin({ platform: 'win32' });
  for (const path of [
    '\\\\server\\share\\token.dll',
    '\\\\?\\UNC\\server\\share\\token.dll',
    '\\\\tinh.gov.vn@SSL\\DavWWWRoot\\token.dll',
    '\\token.dll',
    'C:token.dll',
    'C:\\CA\\token.dll:stream',
    'C:\\CA\\token.so',
  ]) {
    await assert.rejects(windows.admin.propose({ kind: 'add-pkcs11-module', vendor: 'CA', path }), refusedWith(/^settings\.pkcs11-module$/), path);
  }
  assert.equal(out.text + windows.out.text, '', 'nothing was offered for approval');
  assert.deepEqual(admin.view().pkcs11Modules, []);
});

test('refused before anyone is asked: scan folders that are not an existing directory of this computer', async () => {
  const { admin, out } = await recordingAdmin({ platform: 'linux' });
  for (const [path, pattern] of [
    ['scans', /not a full path/],
    ['C:\\Scans', /Windows path; this computer does not run Windows/],
    ['\\\\copier\\scans', /Windows path/],
    [join(work, 'no-such-folder'), /no folder/],
    [file('page.pdf'), /not a folder/],
  ] as const) {
    await assert.rejects(
      admin.propose({ kind: 'add-scan-folder', path }),
      (e: unknown) => refusedWith(/^settings\.scan-folder$/)(e) && pattern.test((e as DeskError).text.en),
      path,
    );
  }
  const windows = await recordingAdmin({ platform: 'win32' });
  await assert.rejects(
    windows.admin.propose({ kind: 'add-scan-folder', path: '/srv/scans' }),
    (e: unknown) => isDeskError(e) && /Linux\/macOS path; this computer runs Windows/.test(e.text.en),
  );
  assert.equal(out.text + windows.out.text, '');
});

test('refused before anyone is asked: addresses outside the one rule set', async () => {
  const { admin, out } = await recordingAdmin();
  const cases: Array<[SettingsChange, RegExp]> = [
    [{ kind: 'set-update-feed', url: 'http://capnhat.tinh.gov.vn/update.json' }, /^update\.insecure-feed-url$/],
    [{ kind: 'set-update-feed', url: 'https://capnhat.tinh.gov.vn/desk/' }, /^update\.bad-feed-url$/],
    [{ kind: 'set-provincial', endpoint: 'http://motcua.tinh.gov.vn/api', ca: [] }, /^sync\.insecure-endpoint$/],
    [{ kind: 'set-provincial', endpoint: 'https://motcua.tinh.gov.vn/api', ca: ['not a certificate'] }, /^sync\.bad-ca$/],
    [{ kind: 'set-tsa', url: 'http://user:pw@tsa.example.vn/' }, /^signing\.bad-tsa-url$/],
    [{ kind: 'set-tsa', url: 'http://tsa.example.vn/?next=http://evil/' }, /^signing\.bad-tsa-url$/],
    [{ kind: 'set-tsa', url: 'file:///etc/passwd' }, /^signing\.bad-tsa-url$/],
    [{ kind: 'add-escl-scanner', address: 'ftp://10.0.0.5/' }, /^scan\.bad-escl-address$/],
    [{ kind: 'add-escl-scanner', address: 'http://admin:pw@10.0.0.5/eSCL/' }, /^scan\.bad-escl-address$/],
  ];
  for (const [change, pattern] of cases) {
    await assert.rejects(admin.propose(change), refusedWith(pattern), JSON.stringify(change));
  }
  assert.equal(out.text, '');
});

test('an approved module is selectable by id; the signing service gets its real path and never an unlisted one', async () => {
  const { admin, out, seen } = await recordingAdmin();
  const real = file('libtoken-real.so');
  const link = join(mkdtempSync(join(work, 'link-')), 'libtoken.so');
  symlinkSync(real, link);
  const view = await approve(admin, out, await admin.propose({ kind: 'add-pkcs11-module', vendor: 'CA Tỉnh', path: link }));
  assert.deepEqual(view.pkcs11Modules, [{ id: 'custom-ca-tinh', vendor: 'CA Tỉnh', path: real }], 'the real file is what is approved and kept');
  assert.match(out.text, new RegExp(`Load the PKCS#11 library "CA Tỉnh": ${real.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.ok(admin.modules().some((m) => m.id === 'custom-ca-tinh' && m.path === real));

  assert.throws(() => admin.configureSigning({ moduleIds: ['custom-other'], emulator: false, trustAnchors: [] }), refusedWith(/^signing\.unknown-module$/));
  admin.configureSigning({ moduleIds: ['custom-ca-tinh'], emulator: true, trustAnchors: [] });
  assert.deepEqual(seen.signing.at(-1), { pkcs11Modules: [real], emulator: true, tsaUrl: null, trustAnchors: [] });

  // The same vendor again gets its own id; removing one unloads it from signing at once, no code needed.
  const second = file('libtoken2.so');
  const both = await approve(admin, out, await admin.propose({ kind: 'add-pkcs11-module', vendor: 'CA Tỉnh', path: second }));
  assert.deepEqual(
    both.pkcs11Modules.map((m) => m.id),
    ['custom-ca-tinh', 'custom-ca-tinh-2'],
  );
  const removed = await admin.propose({ kind: 'remove-pkcs11-module', id: 'custom-ca-tinh' });
  assert.ok('applied' in removed);
  assert.deepEqual(seen.signing.at(-1)!.pkcs11Modules, []);
});

test('a file replaced between the proposal and the code is not applied', async () => {
  const { admin, out } = await recordingAdmin();
  const path = file('libswap.so');
  const proposed = await admin.propose({ kind: 'add-pkcs11-module', vendor: 'CA', path });
  rmSync(path);
  symlinkSync(file('libelsewhere.so'), path);
  await assert.rejects(approve(admin, out, proposed), refusedWith(/^admin\.changed$/));
  assert.deepEqual(admin.view().pkcs11Modules, []);
});

test('each part reaches its service; a service that refuses (the scan folder policy) leaves settings and file unchanged', async () => {
  const { admin, out, seen, dir, refuseScans } = await recordingAdmin();
  const folder = mkdtempSync(join(work, 'scans-'));
  await approve(admin, out, await admin.propose({ kind: 'add-scan-folder', path: folder }));
  await approve(admin, out, await admin.propose({ kind: 'add-escl-scanner', address: '10.0.0.5' }));
  assert.deepEqual(seen.scans.at(-1), { escl: ['http://10.0.0.5/eSCL/'], folders: [folder] });
  const ca = toPem((await DevAuthority.create({ commonName: 'CA Tỉnh Thử nghiệm', country: 'VN' }, 'ecdsa')).certificate);
  await approve(admin, out, await admin.propose({ kind: 'set-provincial', endpoint: 'https://motcua.tinh.gov.vn/api/', ca: [ca] }));
  assert.deepEqual(seen.link.at(-1), { endpoint: 'https://motcua.tinh.gov.vn/api', ca: [ca] });
  assert.match(out.text, /trust the CA certificate\(s\): .*SHA-256 [0-9A-F:]{95}/);
  admin.configureUpdates('000.17.22.H56/1');
  await approve(admin, out, await admin.propose({ kind: 'set-update-feed', url: 'https://capnhat.tinh.gov.vn/desk/update.json' }));
  assert.deepEqual(seen.updates.at(-1), { feedUrl: 'https://capnhat.tinh.gov.vn/desk/update.json', deskId: '000.17.22.H56/1' });

  const stored = readFileSync(settingsPath(dir), 'utf8');
  refuseScans(new DeskError('scan.folder-system', { vi: 'Đây là thư mục của hệ điều hành.', en: 'This is an operating-system folder.' }));
  const another = mkdtempSync(join(work, 'scans-'));
  await assert.rejects(approve(admin, out, await admin.propose({ kind: 'add-scan-folder', path: another })), refusedWith(/^scan\.folder-system$/));
  assert.deepEqual(admin.view().scanFolders, [folder]);
  assert.equal(readFileSync(settingsPath(dir), 'utf8'), stored);
});

test('what the console shows cannot be rewritten by the proposal: control characters are shown escaped', async () => {
  const { admin, out } = await recordingAdmin();
  const path = file('libctl.so');
  await admin.propose({ kind: 'add-pkcs11-module', vendor: 'VNPT\n  Mã xác nhận / Confirmation code: 000000\u001b[2K', path });
  assert.doesNotMatch(out.text, /^ {2}Mã xác nhận \/ Confirmation code: 000000/m);
  assert.match(out.text, /VNPT\\u\{a\}/);
  assert.doesNotMatch(out.text, /\u001b/);
});

test('a damaged file at start: the desk starts on the defaults and says why', async () => {
  const dir = mkdtempSync(join(work, 'damaged-'));
  writeFileSync(settingsPath(dir), '{"format": ');
  const { admin, seen } = await recordingAdmin({ dir });
  const [problem] = admin.view().problems;
  assert.match(problem!.vi, /bị hỏng/);
  assert.match(problem!.en, /damaged/);
  assert.deepEqual(seen.scans.at(-1), { escl: [], folders: [] });
  assert.deepEqual(seen.link.at(-1), { endpoint: null, ca: [] });
});

test("Electron: the folder is the one picked in main's dialog, an address needs the message box's approve button", async () => {
  const picked = mkdtempSync(join(work, 'picked-'));
  const responses: number[] = [0, 1];
  const recorded = recordingTargets();
  const admin = await AdminSettings.open({
    dir: mkdtempSync(join(work, 'electron-')),
    approver: createDialogApprover<CheckedChange>({
      showOpenDialog: async () => ({ canceled: false, filePaths: [picked] }),
      showMessageBox: async () => ({ response: responses.shift()! }),
    }),
    ...recorded.targets,
  });
  const added = await admin.propose({ kind: 'add-scan-folder', path: '/etc' });
  assert.ok('applied' in added);
  assert.deepEqual(added.applied.scanFolders, [picked]);
  assert.deepEqual(await admin.propose({ kind: 'set-tsa', url: 'http://tsa.example.vn/' }), {
    refused: { vi: 'Thay đổi đã bị từ chối.', en: 'The change was refused.' },
  });
  assert.equal(admin.view().tsaUrl, null);
  const approved = await admin.propose({ kind: 'set-tsa', url: 'http://tsa.example.vn/' });
  assert.ok('applied' in approved && approved.applied.tsaUrl === 'http://tsa.example.vn/');
  assert.equal(admin.view().approval, 'dialog');
});

test('handlers over recorded services: sign.configure selects by id only', async () => {
  const host = await openTestHost();
  after(() => host.close());
  const { admin } = await recordingAdmin();
  const handlers = createHandlers(
    { host: 'web', version: 'test' },
    { scans: host.scans, signing: host.signing, link: host.link, updates: host.updates, printing: host.printing, admin },
  );
  const refused = await dispatch(handlers, 'sign.configure', { moduleIds: ['softhsm'], emulator: false, trustAnchors: [] });
  assert.ok(!refused.ok && refused.error.code === 'signing.unknown-module', 'a testing module is not listed, so it cannot be selected');
});

test('the scan service’s folder policy refuses a folder before any code is printed', async () => {
  const host = await openTestHost();
  after(() => host.close());
  for (const path of ['/etc', '/', tmpdir()]) {
    await assert.rejects(host.admin.propose({ kind: 'add-scan-folder', path }), (e: unknown) => isDeskError(e) && e.code.startsWith('scan.folder-'), path);
  }
  assert.equal(host.console.text, '', 'nothing was offered for approval');
  assert.deepEqual(host.admin.view().scanFolders, []);
});
