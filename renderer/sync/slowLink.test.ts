// A slow link that drops in the middle of a large upload: a 20 MB scan goes through a
// bandwidth-limited relay (tests/support/throttle.ts, one pipe for all connections), the link
// is cut while the first chunks are on their way, and the engine resumes from the offset the
// province holds: at most one chunk is sent again, and the file arrives intact.
import { openTestDb } from '../test-support/desk.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startThrottle } from '#tests/support/throttle.ts';
import { enrol } from './auth.ts';
import { createSyncEngine } from './engine.ts';
import { CHUNK_BYTES } from './tus.ts';
import { countingFetch, randomBytes, receiveDossier, sha256, startProvince } from './testKit.ts';

const FILE_BYTES = 20 * 1024 * 1024;
/** Fast enough for CI, slow enough that the cut lands mid-upload. */
const LINK_BITS = 40_000_000;

test('a 20 MB upload cut mid-way on a slow link resumes and sends at most one chunk again', { timeout: 120_000 }, async () => {
  const province = await startProvince();
  const relay = await startThrottle(province.url, LINK_BITS);
  const db = openTestDb('slow-link');
  try {
    await enrol(db, relay.url, province.code(), 'Quầy đường truyền chậm');
    const bytes = randomBytes(FILE_BYTES, 42);
    const dossier = await receiveDossier(db, [{ bytes, name: 'ho-so-lon.pdf' }]);
    const { fetch, traffic } = countingFetch();
    const engine = createSyncEngine({ db, serverUrl: relay.url, fetch, backoff: { baseMs: 50, capMs: 200 }, idleMs: 100, reconcileEveryMs: 0 });
    engine.start();
    // Cut once the province holds part of the file but not all of it.
    const held = () => province.count('SELECT count(*) AS n FROM dossiers WHERE id = ?', dossier.id);
    for (let waited = 0; traffic.patchBytes < 2 * CHUNK_BYTES && waited < 60_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    relay.cut();
    for (let waited = 0; held() === 0 && waited < 90_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    await engine.stop();
    assert.equal(held(), 1, 'the dossier arrived');
    assert.ok(
      traffic.requests.some((r) => r.method === 'PATCH' && r.status === 'failed'),
      'the cut interrupted an upload',
    );
    const resent = traffic.patchBytes - FILE_BYTES;
    assert.ok(resent >= 0 && resent <= CHUNK_BYTES, `${resent} bytes sent again (one chunk is ${CHUNK_BYTES})`);
    const stored = province.server.db.prepare('SELECT sha256 FROM dossier_files WHERE dossier_id = ?').all(dossier.id) as Array<{ sha256: string }>;
    assert.deepEqual(
      stored.map((r) => r.sha256),
      [sha256(bytes)],
    );
  } finally {
    db.close();
    await relay.close();
    await province.close();
  }
});
