// Resumable tus uploads with a declared SHA-256, against a real server and real files.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { blobPath, folders } from './store.ts';
import { TestDesk, randomFile, sha256, startTestServer, type TestServer } from './testDesk.ts';

describe('tus uploads', () => {
  let server: TestServer;
  let desk: TestDesk;
  before(async () => {
    server = await startTestServer();
    desk = await TestDesk.enrol(server.url, server.enrolmentCode('000.17.22.H56'));
  });
  after(() => server.close());

  test('an upload in chunks, cut off mid-chunk, resumes from the offset HEAD reports', async () => {
    const bytes = randomFile(300_000);
    const hash = sha256(bytes);
    assert.equal((await desk.fetch(`/files/${hash}`, { method: 'HEAD' })).status, 404);

    const created = await desk.createUpload(bytes.length, hash);
    assert.equal(created.status, 201);
    const url = desk.uploadUrl(created);

    assert.equal((await desk.patch(url, 0, bytes.subarray(0, 100_000))).status, 204);
    await desk.patchCutOff(url, 100_000, bytes.subarray(100_000, 200_000), 60_000);

    const head = await desk.offset(url);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('upload-length'), String(bytes.length));
    const offset = Number(head.headers.get('upload-offset'));
    assert.ok(offset >= 100_000 && offset < 200_000, `resume point ${offset} lies inside the cut chunk`);

    const stale = await desk.patch(url, 0, bytes.subarray(0, 10));
    assert.equal(stale.status, 409, 'a PATCH at the wrong offset is refused');

    const rest = await desk.patch(url, offset, bytes.subarray(offset));
    assert.equal(rest.status, 204);
    assert.equal(rest.headers.get('upload-sha256'), hash);

    const file = await desk.fetch(`/files/${hash}`);
    assert.equal(file.status, 200);
    assert.equal(sha256(Buffer.from(await file.arrayBuffer())), hash);
    assert.equal(sha256(readFileSync(blobPath(folders(server.dataDir), hash))), hash);
    const done = await desk.offset(url);
    assert.equal(done.headers.get('upload-offset'), String(bytes.length), 'a finished upload still reports its full offset');
  });

  test('bytes that do not match the declared SHA-256 are refused and deleted', async () => {
    const bytes = randomFile(50_000);
    const declared = sha256(Buffer.from('something else'));
    const created = await desk.createUpload(bytes.length, declared);
    assert.equal(created.status, 201);
    const url = desk.uploadUrl(created);
    const id = url.split('/').at(-1)!;

    const res = await desk.patch(url, 0, bytes);
    assert.equal(res.status, 422);
    const body = (await res.json()) as { code: string; message: { vi: string; en: string } };
    assert.equal(body.code, 'upload-hash-mismatch');
    assert.ok(body.message.vi && body.message.en);

    assert.equal((await desk.offset(url)).status, 404);
    assert.equal(existsSync(`${folders(server.dataDir).uploads}/${id}`), false, 'the bytes are gone from disk');
    assert.equal((await desk.fetch(`/files/${declared}`, { method: 'HEAD' })).status, 404);
    assert.equal((await desk.fetch(`/files/${sha256(bytes)}`, { method: 'HEAD' })).status, 404);
  });

  test('metadata without a hash or with a wrong size is refused before any byte is sent', async () => {
    const noHash = await desk.fetch('/uploads', { method: 'POST', headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10' } });
    assert.equal(noHash.status, 400);
    assert.equal(((await noHash.json()) as { code: string }).code, 'upload-metadata-invalid');
    const wrongSize = await desk.fetch('/uploads', {
      method: 'POST',
      headers: {
        'Tus-Resumable': '1.0.0',
        'Upload-Length': '10',
        'Upload-Metadata': `sha256 ${Buffer.from('b'.repeat(64)).toString('base64')},size ${Buffer.from('11').toString('base64')}`,
      },
    });
    assert.equal(wrongSize.status, 400);
  });

  test('the same content twice costs one lookup; lookup answers in bulk', async () => {
    const bytes = randomFile(10_000);
    const hash = await desk.upload(bytes, 4096);
    const before = server.db.prepare('SELECT count(*) AS n FROM uploads').get() as { n: number };
    assert.equal(await desk.upload(bytes), hash);
    const afterwards = server.db.prepare('SELECT count(*) AS n FROM uploads').get() as { n: number };
    assert.equal(afterwards.n, before.n, 'no second upload was created');

    const absent = sha256(Buffer.from('never uploaded'));
    const lookup = await desk.fetch('/files/lookup', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sha256: [hash, absent] }),
    });
    assert.deepEqual(await lookup.json(), { present: [hash], missing: [absent] });
  });

  test("termination deletes an unfinished upload; another desk cannot touch one's upload", async () => {
    const other = await TestDesk.enrol(server.url, server.enrolmentCode('000.17.22.H56'));
    const bytes = randomFile(20_000);
    const url = desk.uploadUrl(await desk.createUpload(bytes.length, sha256(bytes)));
    assert.equal((await desk.patch(url, 0, bytes.subarray(0, 5000))).status, 204);

    assert.equal((await other.offset(url)).status, 404);
    assert.equal((await other.patch(url, 5000, bytes.subarray(5000))).status, 404);

    const terminated = await fetch(url, { method: 'DELETE', headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${desk.token}` } });
    assert.equal(terminated.status, 204);
    assert.equal((await desk.offset(url)).status, 404);
  });
});
