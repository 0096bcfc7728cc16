import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile, access, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appImagePaths, copyAndSync, forgetPreviousAppImage, installerTarget, replaceAppImage } from './apply.ts';

async function fixture() {
  const dir = await mkdtemp(join(tmpdir(), 'desk-apply-'));
  const image = join(dir, 'Mot-Cua-Desk.AppImage');
  const verified = join(dir, 'downloaded.AppImage');
  await writeFile(image, 'old version', { mode: 0o755 });
  await writeFile(verified, Buffer.alloc(256 * 1024, 7));
  return { dir, image, verified, done: () => rm(dir, { recursive: true, force: true }) };
}
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

test('which installer this copy updates from', () => {
  assert.deepEqual(installerTarget('win32', 'x64', {}), { platform: 'win32', arch: 'x64', kind: 'nsis' });
  assert.deepEqual(installerTarget('linux', 'x64', { APPIMAGE: '/opt/desk.AppImage' }), { platform: 'linux', arch: 'x64', kind: 'appimage' });
  assert.deepEqual(installerTarget('linux', 'x64', {}), { platform: 'linux', arch: 'x64', kind: 'deb' });
  assert.equal(installerTarget('darwin', 'arm64', {}), null);
  assert.equal(installerTarget('win32', 'ia32', {}), null);
});

test('AppImage: the new image replaces the running one, executable, and the old one is kept until the new one starts', async () => {
  const f = await fixture();
  try {
    // The running process keeps its open file: the rename must not change what it reads.
    const running = await open(f.image, 'r');
    await replaceAppImage(f.verified, f.image);
    assert.deepEqual(await readFile(f.image), await readFile(f.verified));
    assert.ok(((await stat(f.image)).mode & 0o111) !== 0, 'executable');
    assert.equal((await readFile(appImagePaths(f.image).previous)).toString(), 'old version');
    assert.equal(await exists(appImagePaths(f.image).next), false);
    const buffer = Buffer.alloc(11);
    await running.read(buffer, 0, 11, 0);
    assert.equal(buffer.toString(), 'old version');
    await running.close();
    await forgetPreviousAppImage(f.image);
    assert.equal(await exists(appImagePaths(f.image).previous), false);
  } finally {
    await f.done();
  }
});

test('AppImage: a failure in the middle of writing the copy leaves the running image intact and no .new behind', async () => {
  const f = await fixture();
  try {
    const halfThenFail = async (from: string, to: string) => {
      const whole = await readFile(from);
      await writeFile(to, whole.subarray(0, whole.length / 2));
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    };
    await assert.rejects(replaceAppImage(f.verified, f.image, { copy: halfThenFail }), (e: { code: string; text: { vi: string; en: string } }) => {
      assert.equal(e.code, 'update.apply-failed');
      assert.match(e.text.vi, /ENOSPC.*phiên bản đang dùng vẫn giữ nguyên/);
      assert.match(e.text.en, /installed version is unchanged/);
      return true;
    });
    assert.equal((await readFile(f.image)).toString(), 'old version');
    assert.equal(await exists(appImagePaths(f.image).next), false);
  } finally {
    await f.done();
  }
});

test('AppImage: a verified file that vanished before the copy fails cleanly too', async () => {
  const f = await fixture();
  try {
    await rm(f.verified);
    await assert.rejects(replaceAppImage(f.verified, f.image), { code: 'update.apply-failed' });
    assert.equal((await readFile(f.image)).toString(), 'old version');
    assert.equal(await exists(appImagePaths(f.image).next), false);
  } finally {
    await f.done();
  }
});

test('copyAndSync copies byte for byte and never overwrites an existing file', async () => {
  const f = await fixture();
  try {
    const to = join(f.dir, 'copy');
    await copyAndSync(f.verified, to);
    assert.deepEqual(await readFile(to), await readFile(f.verified));
    await assert.rejects(copyAndSync(f.verified, to), { code: 'EEXIST' });
  } finally {
    await f.done();
  }
});
