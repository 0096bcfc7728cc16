// The resumable download against the local update server: cuts, restarts, truncation, tampering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile, access, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadResumable, sha512OfFile } from '#main/update/download.ts';
import { UpdateServer, installerBytes } from './updateServer.ts';

const FILE = 'mot-cua-desk-0.2.0-x86_64.AppImage';
const BYTES = installerBytes(3 * 1024 * 1024 + 123, 'appimage 0.2.0');
const expected = (server: UpdateServer) => ({
  url: `${server.origin}/desk/${FILE}`,
  size: BYTES.length,
  sha512: createHash('sha512').update(BYTES).digest('base64'),
});
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );
const fast = { retryDelayMs: 10, idleTimeoutMs: 2000 };

let server: UpdateServer;
let root: string;
before(async () => {
  server = new UpdateServer();
  await server.start();
  root = await mkdtemp(join(tmpdir(), 'desk-download-'));
});
after(async () => {
  await server.stop();
  await rm(root, { recursive: true, force: true });
});

function fresh(name: string) {
  server.seen.length = 0;
  server.files.set(FILE, BYTES);
  server.behaviour.clear();
  return join(root, name);
}

test('a whole download lands as the file, hashed, with no .partial or state left', async () => {
  const dir = fresh('whole');
  const progress: number[] = [];
  const path = await downloadResumable({ dir, file: FILE, expected: expected(server), ...fast, onProgress: (n) => progress.push(n) });
  assert.equal(path, join(dir, FILE));
  assert.deepEqual(await readFile(path), BYTES);
  assert.equal(await exists(`${path}.partial`), false);
  assert.equal(await exists(`${path}.partial.json`), false);
  assert.equal(progress.at(-1), BYTES.length);
  assert.equal(await sha512OfFile(path), expected(server).sha512);
});

test('a connection cut mid-file resumes from its offset with Range and If-Range; less than the whole is sent again', async () => {
  const dir = fresh('cut');
  server.behaviour.set(FILE, { cutAfter: { bytes: 1024 * 1024, times: 2 } });
  const path = await downloadResumable({ dir, file: FILE, expected: expected(server), ...fast });
  assert.deepEqual(await readFile(path), BYTES);
  const requests = server.seen.filter((r) => r.path === `/desk/${FILE}`);
  assert.equal(requests.length, 3);
  assert.equal(requests[0]!.range, null);
  assert.match(requests[1]!.range ?? '', /^bytes=\d+-$/);
  assert.ok(Number(/=(\d+)-/.exec(requests[1]!.range!)![1]) > 0, 'resumed past 0');
  assert.match(requests[1]!.ifRange ?? '', /^"[0-9a-f]+"$/, 'If-Range carries the ETag');
  assert.equal(requests[1]!.status, 206);
  // Two cuts of 1 MiB each, then the rest: the server sent the file once, not three times.
  assert.ok(server.sentFor(FILE) < 2 * BYTES.length, `sent ${server.sentFor(FILE)} for ${BYTES.length}`);
  assert.ok(server.sentFor(FILE) >= BYTES.length);
});

test('a half-written .partial from a previous run (the app was closed) resumes from where it stopped', async () => {
  const dir = fresh('restart');
  await mkdir(dir, { recursive: true });
  const half = 1_500_000;
  await writeFile(join(dir, `${FILE}.partial`), BYTES.subarray(0, half));
  await writeFile(join(dir, `${FILE}.partial.json`), JSON.stringify({ ...expected(server), etag: null }));
  const path = await downloadResumable({ dir, file: FILE, expected: expected(server), ...fast });
  assert.deepEqual(await readFile(path), BYTES);
  assert.equal(server.seen[0]!.range, `bytes=${half}-`);
  assert.equal(server.sentFor(FILE), BYTES.length - half);
});

test('a .partial left by another file or version is not resumed into this one', async () => {
  const dir = fresh('stale');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${FILE}.partial`), Buffer.alloc(1000, 1));
  await writeFile(join(dir, `${FILE}.partial.json`), JSON.stringify({ ...expected(server), sha512: 'x'.repeat(86) + '==', etag: null }));
  const path = await downloadResumable({ dir, file: FILE, expected: expected(server), ...fast });
  assert.deepEqual(await readFile(path), BYTES);
  assert.equal(server.seen[0]!.range, null);
});

test('the file changed on the server since the part we hold: If-Range fails, the whole file comes again and is right', async () => {
  const dir = fresh('changed');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${FILE}.partial`), Buffer.alloc(1000, 9));
  await writeFile(join(dir, `${FILE}.partial.json`), JSON.stringify({ ...expected(server), etag: '"stale-etag"' }));
  const path = await downloadResumable({ dir, file: FILE, expected: expected(server), ...fast });
  assert.deepEqual(await readFile(path), BYTES);
  assert.equal(server.seen[0]!.status, 200);
});

test('tampered bytes of the right size: the hash differs, the file is deleted, the reason says so', async () => {
  const dir = fresh('tampered');
  const evil = Buffer.from(BYTES);
  evil[1000]! ^= 0xff;
  server.behaviour.set(FILE, { replaceWith: evil });
  await assert.rejects(downloadResumable({ dir, file: FILE, expected: expected(server), ...fast }), (e: { code: string; text: { vi: string; en: string } }) => {
    assert.equal(e.code, 'update.tampered');
    assert.match(e.text.vi, /SHA-512.*đã xoá tệp/);
    assert.match(e.text.en, /does not match the signed feed \(SHA-512 differs\): the file was deleted/);
    return true;
  });
  assert.equal(await exists(join(dir, FILE)), false);
  assert.equal(await exists(join(dir, `${FILE}.partial`)), false);
  assert.equal(await exists(join(dir, `${FILE}.partial.json`)), false);
});

test('a server whose file is shorter than the feed says: refused as tampered, partial deleted', async () => {
  const dir = fresh('truncated');
  server.behaviour.set(FILE, { truncateTo: 1_000_000 });
  await assert.rejects(downloadResumable({ dir, file: FILE, expected: expected(server), ...fast }), { code: 'update.tampered' });
  assert.equal(await exists(join(dir, `${FILE}.partial`)), false);
});

test('a download cut every time cannot complete: the reason says it resumes later, and the bytes so far are kept', async () => {
  const dir = fresh('unfinished');
  server.behaviour.set(FILE, { cutAfter: { bytes: 0, times: 1000 } });
  await assert.rejects(
    downloadResumable({ dir, file: FILE, expected: expected(server), attempts: 3, ...fast }),
    (e: { code: string; text: { vi: string } }) => {
      assert.equal(e.code, 'update.interrupted');
      assert.match(e.text.vi, /tải tiếp từ chỗ dừng/);
      return true;
    },
  );
  assert.equal(await exists(join(dir, `${FILE}.partial.json`)), true);
  assert.equal(await exists(join(dir, FILE)), false);
});

test('a server sending more bytes than signed is cut off as tampered', async () => {
  const dir = fresh('longer');
  server.files.set(FILE, Buffer.concat([BYTES, Buffer.alloc(10)]));
  await assert.rejects(downloadResumable({ dir, file: FILE, expected: expected(server), ...fast }), { code: 'update.tampered' });
});

test('an already downloaded, matching file is not fetched again', async () => {
  const dir = fresh('again');
  await downloadResumable({ dir, file: FILE, expected: expected(server), ...fast });
  server.seen.length = 0;
  await downloadResumable({ dir, file: FILE, expected: expected(server), ...fast });
  assert.equal(server.seen.length, 0);
});
