// The update service end to end against the local update server: check → download → apply, and
// every refusal with its reason. The AppImage path replaces a real file in a temp folder.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, access, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateService, type UpdateServiceOptions } from '#main/update/updateService.ts';
import { rolloutBucket } from '#main/update/rollout.ts';
import { feedBytes } from '#scripts/sign-update-feed.ts';
import { UpdateServer, installerBytes, makeSigner, type Release } from './updateServer.ts';
import type { Activity } from '#preload/wire/updates.ts';

const signer = makeSigner('tinh-2026');
const otherSigner = makeSigner('unknown-2026');
const IMAGE_0_2 = installerBytes(2 * 1024 * 1024, 'AppImage 0.2.0');
const EXE_0_2 = installerBytes(1024 * 1024, 'setup 0.2.0');
const DEB_0_2 = installerBytes(512 * 1024, 'deb 0.2.0');
const release = (over: Partial<Release> = {}): Release => ({
  version: '0.2.0',
  installers: [
    { kind: 'appimage', bytes: IMAGE_0_2 },
    { kind: 'nsis', bytes: EXE_0_2 },
    { kind: 'deb', bytes: DEB_0_2 },
  ],
  ...over,
});
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

let server: UpdateServer;
let root: string;
let image: string;
let host: { quits: number; relaunched: string[]; quit(): void; relaunch(p: string): void };
let busy: Activity[];
const services: UpdateService[] = [];

before(async () => {
  server = new UpdateServer();
  await server.start();
});
after(async () => {
  for (const s of services) s.close();
  await server.stop();
});
beforeEach(async () => {
  server.seen.length = 0;
  server.behaviour.clear();
  server.redirectTo = null;
  server.publish(release(), signer);
  root = await mkdtemp(join(tmpdir(), 'desk-update-'));
  image = join(root, 'Mot-Cua-Desk.AppImage');
  await writeFile(image, 'installed 0.1.0', { mode: 0o755 });
  busy = [];
  host = {
    quits: 0,
    relaunched: [],
    quit() {
      this.quits++;
    },
    relaunch(p) {
      this.relaunched.push(p);
    },
  };
});

afterEach(async () => {
  for (const s of services) s.close();
  await rm(root, { recursive: true, force: true });
});

function service(over: Partial<UpdateServiceOptions> = {}): UpdateService {
  const s = new UpdateService({
    currentVersion: '0.1.0',
    dir: join(root, 'updates'),
    target: { platform: 'linux', arch: 'x64', kind: 'appimage' },
    host,
    busy: () => busy,
    trust: { keys: [signer.trustEntry], windowsPublishers: ['Trung tâm Chuyển đổi số tỉnh Hà Tĩnh'] },
    env: { APPIMAGE: image },
    platform: 'linux',
    download: { retryDelayMs: 10, idleTimeoutMs: 2000 },
    retryApplyMs: 20,
    ...over,
  });
  services.push(s);
  s.configure({ feedUrl: server.feedUrl, deskId: 'desk-1' });
  return s;
}

async function downloaded(s: UpdateService) {
  assert.equal((await s.check()).state, 'available');
  assert.equal(s.download().state, 'downloading');
  await s.settled();
  return s.status();
}

test('a good update: checked, downloaded, verified, then the AppImage is replaced and the app relaunched from it', async () => {
  const s = service();
  const checked = await s.check();
  assert.equal(checked.state, 'available');
  assert.deepEqual(checked.update, { version: '0.2.0', releaseDate: '2026-11-22T09:00:00+07:00', size: IMAGE_0_2.length, required: false });
  assert.deepEqual(checked.message, { vi: 'Có bản cập nhật 0.2.0.', en: 'Update 0.2.0 is available.' });
  s.download();
  await s.settled();
  const ready = s.status();
  assert.equal(ready.state, 'downloaded');
  assert.deepEqual(ready.progress, { received: IMAGE_0_2.length, total: IMAGE_0_2.length });
  assert.match(ready.message!.vi, /^Có bản cập nhật 0\.2\.0 — sẽ cài khi không có hồ sơ đang tiếp nhận\.$/);
  // Nothing touched the installed app until now.
  assert.equal((await readFile(image)).toString(), 'installed 0.1.0');
  const applied = await s.apply();
  assert.equal(applied.state, 'applying');
  assert.deepEqual(await readFile(image), IMAGE_0_2);
  assert.equal((await readFile(`${image}.old`)).toString(), 'installed 0.1.0');
  assert.deepEqual(host.relaunched, [image]);
  // The new version starts: the old image goes.
  await service({ currentVersion: '0.2.0' }).startedUp();
  assert.equal(await exists(`${image}.old`), false);
});

test('a check after the download keeps it: the verified file is not fetched again', async () => {
  const s = service();
  await downloaded(s);
  server.seen.length = 0;
  assert.equal((await s.check()).state, 'downloaded');
  assert.equal(server.seen.filter((r) => r.path.endsWith('.AppImage')).length, 0);
});

test('a tampered installer is refused with the reason, deleted, and the installed app untouched', async () => {
  const evil = Buffer.from(IMAGE_0_2);
  evil[12345]! ^= 1;
  server.behaviour.set('mot-cua-desk-0.2.0-x64.AppImage', { replaceWith: evil });
  const s = service();
  const status = await downloaded(s);
  assert.equal(status.state, 'refused');
  assert.equal(status.message?.vi.startsWith('Bộ cài tải về không đúng với thông tin đã ký'), true);
  assert.deepEqual(await readdir(join(root, 'updates', '0.2.0')), []);
  await assert.rejects(s.apply(), { code: 'update.not-ready' });
  assert.equal((await readFile(image)).toString(), 'installed 0.1.0');
});

test('an installer changed on disk after verification is caught at apply, deleted, nothing replaced', async () => {
  const s = service();
  await downloaded(s);
  const file = join(root, 'updates', '0.2.0', 'mot-cua-desk-0.2.0-x64.AppImage');
  await writeFile(file, Buffer.alloc(IMAGE_0_2.length, 1));
  const status = await s.apply();
  assert.equal(status.state, 'refused');
  assert.match(status.message!.en, /changed on this computer after it was checked/);
  assert.equal(await exists(file), false);
  assert.equal((await readFile(image)).toString(), 'installed 0.1.0');
  assert.deepEqual(host.relaunched, []);
});

test('a truncated download that cannot complete is refused; the installed version stays', async () => {
  server.behaviour.set('mot-cua-desk-0.2.0-x64.AppImage', { truncateTo: 700_000 });
  const status = await downloaded(service());
  assert.equal(status.state, 'refused');
  assert.match(status.message!.en, /the server has 700000 bytes, the feed says 2097152/);
  assert.equal((await readFile(image)).toString(), 'installed 0.1.0');
});

test('a cut download resumes by itself from its offset', async () => {
  server.behaviour.set('mot-cua-desk-0.2.0-x64.AppImage', { cutAfter: { bytes: 600_000, times: 1 } });
  const status = await downloaded(service());
  assert.equal(status.state, 'downloaded');
  const requests = server.seen.filter((r) => r.path.endsWith('.AppImage'));
  assert.equal(requests.length, 2);
  assert.equal(requests[0]!.range, null);
  // From what reached the disk: at most the 600,000 bytes sent before the cut, some still in buffers when it came.
  const offset = Number(/^bytes=(\d+)-$/.exec(requests[1]!.range ?? '')?.[1]);
  assert.ok(offset > 0 && offset <= 600_000, `resumed at ${offset}`);
  assert.equal(server.sentFor('mot-cua-desk-0.2.0-x64.AppImage'), IMAGE_0_2.length + 600_000 - offset);
});

test('a downgrade is refused with the reason, the same version is up to date', async () => {
  const down = await service({ currentVersion: '0.3.0' }).check();
  assert.equal(down.state, 'refused');
  assert.match(down.message!.vi, /Không hạ cấp: .*0\.2\.0.*0\.3\.0/);
  assert.equal(down.update, null);
  const same = await service({ currentVersion: '0.2.0' }).check();
  assert.equal(same.state, 'up-to-date');
});

test('a feed signed by an unknown key, a forged signature, a malformed feed: refused with the reason', async () => {
  server.publish(release(), otherSigner);
  assert.equal((await service().check()).message?.en, 'The update is signed with key "unknown-2026", which this desk does not trust: the update is refused.');
  server.publish(release(), signer);
  server.feed = Buffer.from(server.feed.toString().replace('"rolloutPercent": 100', '"rolloutPercent": 99'));
  const forged = await service().check();
  assert.equal(forged.state, 'refused');
  assert.match(forged.message!.vi, /Chữ ký của bản cập nhật không khớp/);
  server.setFeed(Buffer.from('{"format":"mot-cua-desk-update/1"}'), signer);
  const malformed = await service().check();
  assert.equal(malformed.state, 'refused');
  assert.match(malformed.message!.en, /^The update feed is malformed \(/);
});

test('a feed from the wrong server (a redirect elsewhere) is not followed', async () => {
  server.redirectTo = 'https://evil.example/update.json';
  const status = await service().check();
  assert.equal(status.state, 'refused');
  assert.match(status.message!.vi, /chuyển hướng sang địa chỉ khác \(https:\/\/evil\.example\/update\.json\)/);
});

test('an unreachable server is an error to retry, not a refusal', async () => {
  const s = service();
  s.configure({ feedUrl: 'http://127.0.0.1:9/update.json', deskId: 'desk-1' });
  const status = await s.check();
  assert.equal(status.state, 'error');
  assert.match(status.message!.en, /Cannot fetch update\.json from the update server \(ECONNREFUSED\)/);
});

test('staged roll-out: a desk outside the stage is told so and not updated; a desk below the minimum updates anyway', async () => {
  const outside = Array.from({ length: 200 }, (_, i) => `desk-${i}`).find((d) => rolloutBucket(d, '0.2.0') >= 30)!;
  const inside = Array.from({ length: 200 }, (_, i) => `desk-${i}`).find((d) => rolloutBucket(d, '0.2.0') < 30)!;
  server.publish(release({ rolloutPercent: 30 }), signer);
  const s = service();
  s.configure({ feedUrl: server.feedUrl, deskId: outside });
  const status = await s.check();
  assert.equal(status.state, 'not-in-stage');
  assert.match(status.message!.vi, new RegExp(`phát hành dần \\(30% số máy\\); máy này \\(nhóm ${rolloutBucket(outside, '0.2.0')}\\)`));
  assert.throws(() => s.download(), { code: 'update.nothing-to-download' });
  s.configure({ feedUrl: server.feedUrl, deskId: inside });
  assert.equal((await s.check()).state, 'available');
  server.publish(release({ rolloutPercent: 30, minimumVersion: '0.1.5' }), signer);
  s.configure({ feedUrl: server.feedUrl, deskId: outside });
  const required = await s.check();
  assert.equal(required.state, 'available');
  assert.equal(required.update?.required, true);
  assert.match(required.message!.vi, /bắt buộc: phiên bản 0\.1\.0 không còn được hỗ trợ \(tối thiểu 0\.1\.5\)/);
});

test('apply while a reception, a scan or a signature is in progress is deferred with the reason, then installs when idle', async () => {
  const s = service();
  await downloaded(s);
  s.setBusy('reception', true);
  busy = ['scan'];
  const deferred = await s.apply();
  assert.equal(deferred.state, 'waiting-idle');
  assert.deepEqual(deferred.busy, ['reception', 'scan']);
  assert.equal(deferred.message!.vi, 'Chưa cài bản 0.2.0: đang tiếp nhận hồ sơ, đang quét. Sẽ tự cài khi xong.');
  assert.equal((await readFile(image)).toString(), 'installed 0.1.0');
  s.setBusy('reception', false);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(s.status().state, 'waiting-idle', 'the scan still runs');
  assert.deepEqual(host.relaunched, []);
  busy = [];
  for (let i = 0; i < 500 && s.status().state === 'waiting-idle'; i++) await new Promise((r) => setTimeout(r, 20));
  await s.settled();
  assert.equal(s.status().state, 'applying');
  assert.deepEqual(await readFile(image), IMAGE_0_2);
  assert.deepEqual(host.relaunched, [image]);
});

test("Windows: the installer's signature is checked against the configured publisher, then it runs silently and the app quits", async () => {
  const launched: { file: string; args: readonly string[] }[] = [];
  const checked: { path: string; publishers: readonly string[] }[] = [];
  const s = service({
    target: { platform: 'win32', arch: 'x64', kind: 'nsis' },
    platform: 'win32',
    launch: (file, args) => launched.push({ file, args }),
    checkSignature: async (path, publishers) => void checked.push({ path, publishers }),
  });
  await downloaded(s);
  assert.equal((await s.apply()).state, 'applying');
  const file = join(root, 'updates', '0.2.0', 'mot-cua-desk-0.2.0-x64.exe');
  assert.deepEqual(checked, [{ path: file, publishers: ['Trung tâm Chuyển đổi số tỉnh Hà Tĩnh'] }]);
  assert.deepEqual(launched, [{ file, args: ['/S', '--updated', '--force-run'] }]);
  assert.equal(host.quits, 1);
});

test('Windows: an installer signed by someone else is refused and nothing runs', async () => {
  const launched: string[] = [];
  const s = service({
    target: { platform: 'win32', arch: 'x64', kind: 'nsis' },
    platform: 'win32',
    launch: (file) => launched.push(file),
    checkSignature: async () => {
      const { judgeAuthenticode } = await import('#main/update/installerCheck.ts');
      judgeAuthenticode(JSON.stringify({ Status: 'Valid', Subject: 'CN=Someone Else' }), ['Trung tâm Chuyển đổi số tỉnh Hà Tĩnh']);
    },
  });
  await downloaded(s);
  const status = await s.apply();
  assert.equal(status.state, 'refused');
  assert.match(status.message!.en, /signed by "Someone Else"/);
  assert.deepEqual(launched, []);
  assert.equal(host.quits, 0);
});

test('deb: the officer is told how the administrator installs it; nothing quits', async () => {
  const s = service({ target: { platform: 'linux', arch: 'x64', kind: 'deb' }, env: {} });
  await downloaded(s);
  const status = await s.apply();
  assert.equal(status.state, 'manual');
  assert.match(status.message!.vi, /sudo apt install .*mot-cua-desk-0\.2\.0-x64\.deb/);
  assert.equal(host.quits, 0);
});

test('browser mode: check and download work, apply says it is not possible here', async () => {
  const s = service({ host: null });
  const status = await downloaded(s);
  assert.equal(status.state, 'downloaded');
  assert.equal(status.canApply, false);
  await assert.rejects(s.apply(), (e: { code: string; text: { vi: string } }) => e.code === 'update.browser-mode' && /chế độ trình duyệt/.test(e.text.vi));
});

test('a reception report expires if the page stops repeating it', async (t) => {
  const s = service();
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
  s.setBusy('reception', true);
  assert.deepEqual(s.status().busy, ['reception']);
  t.mock.timers.tick(3 * 60_000 + 1);
  assert.deepEqual(s.status().busy, []);
});

test('not configured, or a plain-http remote address: clear refusals', async () => {
  const s = service();
  s.configure({ feedUrl: null, deskId: 'desk-1' });
  assert.equal(s.status().state, 'not-configured');
  await assert.rejects(s.check(), { code: 'update.not-configured' });
  assert.throws(() => s.configure({ feedUrl: 'http://capnhat.tinh.gov.vn/update.json', deskId: 'd' }), { code: 'update.insecure-feed-url' });
});

test('the feed bytes served are exactly what was signed (the helper used by the release script)', () => {
  const feed = server.publish(release(), signer);
  assert.deepEqual(server.feed, feedBytes(feed));
});
