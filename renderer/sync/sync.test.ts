// The sync engine against the reference province on loopback, real HTTP, fake-indexeddb.
import { PROCEDURE, officeSettings, openTestDb, testOfficer } from '../test-support/desk.ts';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { moveStatus } from '#tests/provincial/changes.ts';
import { expireDeskKey } from '#tests/provincial/auth.ts';
import { folders } from '#tests/provincial/store.ts';
import type { DeskDb } from '../db/schema.ts';
import { VN_RULES } from '#domain/calendar/rules.ts';
import type { FetchLike } from './auth.ts';
import { createSyncEngine, type SyncEngine } from './engine.ts';
import { readState, writeState } from './state.ts';
import { drainBacklog } from './drainBacklog.ts';
import { AGENCY, changeDossier, countingFetch, cutPatch, randomBytes, receiveDossier, sha256, startProvince, type Province } from './testKit.ts';
import { currentNonTerritorial } from '../features/catalog/nonTerritorial.ts';
import { installCatalog } from '../features/catalog/installCatalog.ts';

const plainFetch: FetchLike = (i, init) => fetch(i, init);

describe('sync engine', () => {
  let province: Province;
  before(async () => {
    province = await startProvince();
  });
  after(() => province.close());

  async function newDesk(
    fetchFn: FetchLike = plainFetch,
    extra: Partial<Parameters<typeof createSyncEngine>[0]> = {},
  ): Promise<{ db: DeskDb; engine: SyncEngine }> {
    const db = openTestDb('sync');
    const engine = createSyncEngine({ db, serverUrl: province.url, fetch: fetchFn, backoff: { baseMs: 50, capMs: 400 }, idleMs: 60_000, ...extra });
    await engine.enrol(province.code(), 'Quầy 1');
    return { db, engine };
  }

  const stored = (id: string) => province.count('SELECT count(*) AS n FROM dossiers WHERE id = ?', id);

  test('twenty dossiers with files reach the province once each; a file shared by dossiers is uploaded once', async () => {
    const { fetch: counted, traffic } = countingFetch();
    const { db, engine } = await newDesk(counted);
    const shared = randomBytes(30_000, 1);
    const dossiers = [];
    for (let i = 0; i < 20; i += 1) {
      dossiers.push(await receiveDossier(db, [{ bytes: randomBytes(10_000 + i * 100, 100 + i) }, { bytes: shared, name: 'can-cuoc.pdf', specId: 'can-cuoc' }]));
    }
    const status = await engine.syncNow();
    assert.equal(status.lastError, null);
    assert.equal(status.pendingDossiers, 0);
    assert.equal(status.pendingBytes, 0);
    assert.equal(await db.outbox.count(), 0);
    for (const d of dossiers) {
      assert.equal(stored(d.id), 1);
      const files = (province.server.db.prepare('SELECT sha256 FROM dossier_files WHERE dossier_id = ?').all(d.id) as Array<{ sha256: string }>)
        .map((r) => r.sha256)
        .sort();
      const local = (await db.files.where('dossierId').equals(d.id).toArray()).map((f) => f.sha256).sort();
      assert.deepEqual(files, local);
      const row = await db.dossierSync.get(d.id);
      assert.equal(row?.state, 'acked');
      assert.equal(row?.ackVersion, 1);
      assert.ok((row?.lagMs ?? -1) >= 0, 'the lag is ackAt − receivedAt');
    }
    assert.equal(traffic.requests.filter((r) => r.method === 'POST' && r.path === '/uploads').length, 21, '20 own files and the shared one once');
    assert.equal(traffic.requests.filter((r) => r.method === 'PUT').length, 20);
    assert.equal(await readState(db, 'lastError'), null);
    // A later change is a new version of the same record.
    await changeDossier(db, dossiers[0]!.id, { updatedAt: '2026-11-23T10:00:00+07:00' });
    await engine.syncNow();
    assert.equal((await db.dossierSync.get(dossiers[0]!.id))?.ackVersion, 2);
    assert.equal((province.server.db.prepare('SELECT version FROM dossiers WHERE id = ?').get(dossiers[0]!.id) as { version: number }).version, 2);
  });

  test('an answer lost after the province stored the dossier: the retry is answered the same, no duplicate', async () => {
    let dropped = 0;
    const dropping: FetchLike = async (input, init = {}) => {
      const res = await fetch(input, init);
      if (init.method === 'PUT' && dropped === 0) {
        dropped += 1;
        throw new TypeError('fetch failed');
      }
      return res;
    };
    const { db, engine } = await newDesk(dropping);
    const d = await receiveDossier(db, [{ bytes: randomBytes(5000, 7) }]);
    const first = await engine.syncNow();
    assert.equal(first.lastError?.code, 'network');
    assert.equal(stored(d.id), 1, 'the province stored it');
    assert.equal(await db.outbox.count(), 1, 'the entry stays until acknowledged');
    const second = await engine.syncNow();
    assert.equal(second.lastError, null);
    assert.equal(await db.outbox.count(), 0);
    assert.equal(stored(d.id), 1);
    assert.equal((await db.dossierSync.get(d.id))?.ackVersion, 1, 'the same version was sent again');
  });

  test('an upload cut mid-file resumes from the offset the province holds', async () => {
    const size = 3 * 1024 * 1024;
    let cuts = 0;
    const { fetch: counted, traffic } = countingFetch(async (input, init = {}) => {
      if (init.method === 'PATCH' && cuts === 0) {
        cuts += 1;
        return cutPatch(input, init, 1024 * 1024 + 17);
      }
      return fetch(input, init);
    });
    const { db, engine } = await newDesk(counted, { chunkBytes: 2 * 1024 * 1024 });
    const bytes = randomBytes(size, 42);
    const d = await receiveDossier(db, [{ bytes }]);
    const first = await engine.syncNow();
    assert.equal(first.lastError?.code, 'network');
    assert.ok((await db.syncUploads.get(sha256(bytes)))?.url, 'the upload URL is kept for a restart');
    const restarted = createSyncEngine({ db, serverUrl: province.url, fetch: counted, idleMs: 60_000 });
    const second = await restarted.syncNow();
    assert.equal(second.lastError, null);
    assert.equal(stored(d.id), 1);
    assert.equal(traffic.requests.filter((r) => r.method === 'POST' && r.path === '/uploads').length, 1, 'no second upload was created');
    // First PATCH: 2 MiB handed over (1 MiB arrived); then the rest from the kept offset.
    assert.ok(traffic.patchBytes < size + 2 * 1024 * 1024 - 1024 * 1024 + 1, `sent ${traffic.patchBytes} bytes for a ${size}-byte file`);
    assert.ok(
      traffic.requests.some((r) => r.method === 'HEAD' && r.path.startsWith('/uploads/')),
      'asked the offset',
    );
  });

  test('province down: backoff without a busy loop, then success when it returns', async () => {
    const { fetch: counted, traffic } = countingFetch();
    const { db, engine } = await newDesk(counted, { backoff: { baseMs: 100, capMs: 800 } });
    const d = await receiveDossier(db, [{ bytes: randomBytes(2000, 3) }]);
    await province.down();
    try {
      const before = traffic.requests.length;
      engine.start();
      await new Promise((r) => setTimeout(r, 2000));
      const during = traffic.requests.length - before;
      assert.ok(during >= 2 && during <= 15, `${during} requests in 2 s while down`);
      assert.equal(engine.status().online, false);
      assert.ok(['waiting', 'syncing'].includes(engine.status().phase), 'between probes, or probing');
      assert.equal(engine.status().lastError?.code, 'network');
    } finally {
      await province.up();
    }
    for (let i = 0; i < 50 && (await db.outbox.count()) > 0; i += 1) await new Promise((r) => setTimeout(r, 100));
    await engine.stop();
    assert.equal(await db.outbox.count(), 0);
    assert.equal(stored(d.id), 1);
    assert.equal(engine.status().online, true);
  });

  test('409 dossier-files-missing: the named files are uploaded and the same request succeeds', async () => {
    let lied = false;
    const lying: FetchLike = async (input, init = {}) => {
      if (!lied && new URL(input).pathname === '/files/lookup') {
        lied = true;
        return new Response(JSON.stringify({ present: JSON.parse(String(init.body)).sha256, missing: [] }), { status: 200 });
      }
      return fetch(input, init);
    };
    const { fetch: counted, traffic } = countingFetch(lying);
    const { db, engine } = await newDesk(counted);
    const d = await receiveDossier(db, [{ bytes: randomBytes(4000, 11) }]);
    const status = await engine.syncNow();
    assert.equal(status.lastError, null);
    assert.deepEqual(
      traffic.requests.filter((r) => r.method === 'PUT').map((r) => r.status),
      [409, 200],
    );
    assert.equal(stored(d.id), 1);
  });

  test('dossier-version-stale: the entry is dropped and later versions go past it', async () => {
    const { db, engine } = await newDesk();
    const d = await receiveDossier(db);
    await engine.syncNow();
    province.server.db.prepare('UPDATE dossiers SET version = 7 WHERE id = ?').run(d.id);
    await changeDossier(db, d.id, { updatedAt: '2026-11-23T11:00:00+07:00' });
    const status = await engine.syncNow();
    assert.equal(status.lastError, null);
    assert.equal(await db.outbox.count(), 0);
    assert.equal((await db.dossierSync.get(d.id))?.state, 'superseded');
    await changeDossier(db, d.id, { updatedAt: '2026-11-23T12:00:00+07:00' });
    await engine.syncNow();
    assert.equal((await db.dossierSync.get(d.id))?.ackVersion, 8);
    assert.ok(await db.dossiers.get(d.id), 'nothing local deleted');
  });

  test('a local file that no longer matches its hash is marked corrupt and reported, without looping', async () => {
    const { fetch: counted, traffic } = countingFetch();
    const { db, engine } = await newDesk(counted);
    const good = await receiveDossier(db, [{ bytes: randomBytes(3000, 21) }]);
    const bad = await receiveDossier(db, [{ bytes: randomBytes(3000, 22) }]);
    const damaged = randomBytes(3000, 23);
    await db.files.update(`${bad.id}-0`, { blob: await db.protection.sealBlob(new Blob([damaged as Uint8Array<ArrayBuffer>])) });
    const status = await engine.syncNow();
    const row = await db.dossierSync.get(bad.id);
    assert.equal(row?.state, 'error');
    assert.equal(row?.error?.code, 'file-corrupt');
    assert.match(row.error.message.vi, /quét lại/);
    const file = await db.files.get(`${bad.id}-0`);
    assert.equal((await db.syncUploads.get(file!.sha256))?.corrupt?.actualSha256, sha256(damaged));
    assert.equal(status.erroredDossiers, 1);
    assert.equal(stored(good.id), 1, 'the other dossier went through');
    assert.equal(await db.outbox.where('dossierId').equals(bad.id).count(), 1, 'the entry is kept');
    const patches = traffic.requests.filter((r) => r.method === 'PATCH').length;
    await engine.syncNow();
    assert.equal(traffic.requests.filter((r) => r.method === 'PATCH').length, patches, 'a corrupt file is not sent again');
  });

  test('a stored file that no longer opens (changed on disk) is marked corrupt before a byte is sent', async () => {
    const { fetch: counted, traffic } = countingFetch();
    const { db, engine } = await newDesk(counted);
    const bad = await receiveDossier(db, [{ bytes: randomBytes(3000, 24) }]);
    const sealed = new Uint8Array(await (await db.files.get(`${bad.id}-0`))!.blob.arrayBuffer());
    sealed[sealed.length - 20]! ^= 1;
    await db.files.update(`${bad.id}-0`, { blob: new Blob([sealed], { type: (await db.files.get(`${bad.id}-0`))!.blob.type }) });
    const status = await engine.syncNow();
    const row = await db.dossierSync.get(bad.id);
    assert.equal(row?.error?.code, 'file-corrupt');
    assert.equal((await db.syncUploads.get((await db.files.get(`${bad.id}-0`))!.sha256))?.corrupt?.actualSha256, 'unreadable');
    assert.equal(status.erroredDossiers, 1);
    assert.deepEqual(
      traffic.requests.filter((r) => r.path.startsWith('/uploads')),
      [],
      'no upload was even started',
    );
    assert.equal(stored(bad.id), 0);
  });

  test('desk-key-expired: the engine stops with a clear state and makes no more requests', async () => {
    const { fetch: counted, traffic } = countingFetch();
    const { db, engine } = await newDesk(counted, { backoff: { baseMs: 20, capMs: 50 } });
    await receiveDossier(db);
    await engine.syncNow();
    const identity = await readState(db, 'identity');
    expireDeskKey(province.server.db, identity!.deskId, new Date(Date.now() - 1000));
    await receiveDossier(db);
    engine.start();
    await new Promise((r) => setTimeout(r, 400));
    const status = engine.status();
    assert.equal(status.phase, 'enrolment-required');
    assert.equal(status.lastError?.code, 'desk-key-expired');
    assert.match(status.lastError.message.vi, /đăng ký lại/);
    const count = traffic.requests.length;
    await new Promise((r) => setTimeout(r, 300));
    await engine.syncNow();
    const restarted = createSyncEngine({ db, serverUrl: province.url, fetch: counted });
    await restarted.syncNow();
    assert.equal(traffic.requests.length, count, 'no request after desk-key-expired, even after a restart');
    await engine.stop();
    assert.equal(await db.outbox.count(), 1, 'the unsent dossier waits');
    // A new code from the province: the desk carries on.
    await engine.enrol(province.code(), 'Quầy 1');
    assert.equal((await engine.syncNow()).lastError, null);
    assert.equal(await db.outbox.count(), 0);
  });

  test('changes feed: a status move shows on the dossier, an unknown code is kept, a bad catalogue is refused', async () => {
    const { db, engine } = await newDesk();
    const d = await receiveDossier(db);
    await engine.syncNow();
    const f = folders(province.dataDir);
    await moveStatus(province.server.db, f, {
      dossierId: d.id,
      status: 9,
      note: 'Có kết quả',
      result: { name: 'ket-qua.pdf', bytes: Buffer.from('%PDF-1.7 kết quả') },
    });
    await engine.syncNow();
    assert.equal((await db.dossiers.get(d.id))?.status, 9);
    const row = await db.dossierSync.get(d.id);
    assert.equal(row?.provincial?.status, 9);
    assert.equal(row?.provincial?.results[0]?.name, 'ket-qua.pdf');
    const [result] = await db.syncResults.where('dossierId').equals(d.id).toArray();
    assert.equal(result?.pending, 0);
    assert.equal(result?.blob && (await (await db.protection.openBlob(result.blob)).text()), '%PDF-1.7 kết quả', 'the result file is on the desk, verified');

    await moveStatus(province.server.db, f, { dossierId: d.id, status: 42 });
    const bad = { version: 'bad-2026', effectiveFrom: '2026-12-01', procedures: [{ code: '' }] };
    province.server.db
      .prepare("INSERT INTO changes (agency_id, type, payload) VALUES (NULL, 'catalog', ?)")
      .run(JSON.stringify({ at: new Date().toISOString(), version: bad.version, catalog: bad }));
    const procedures = await db.procedures.count();
    const status = await engine.syncNow();
    assert.equal(status.lastError, null);
    assert.equal((await db.dossierSync.get(d.id))?.provincial?.status, 42, 'the unknown code is kept raw');
    assert.equal((await db.dossiers.get(d.id))?.status, 9, 'the dossier keeps the last code it understands');
    assert.equal(await db.procedures.count(), procedures, 'the bad catalogue is not installed');
    const rejected = await readState(db, 'rejectedPublications');
    assert.equal(rejected?.at(-1)?.version, 'bad-2026');
    assert.equal(rejected?.at(-1)?.code, 'catalog.invalid');
    // A calendar whose notice works National Day is refused whole: no calendar row is stored.
    const contradicting = structuredClone(VN_RULES);
    contradicting.version = 'vn-2099.1';
    contradicting.notices.push({ year: 2026, source: 'test', replaces: [], daysOff: [], workdays: [{ date: '2026-09-02', holiday: 'national-day' }] });
    province.server.db
      .prepare("INSERT INTO changes (agency_id, type, payload) VALUES (NULL, 'calendar', ?)")
      .run(JSON.stringify({ at: new Date().toISOString(), version: contradicting.version, rules: contradicting }));
    assert.equal((await engine.syncNow()).lastError, null);
    assert.equal(await db.rules.where('kind').equals('calendar').count(), 0, 'the contradicting calendar is not installed');
    const calendarRejected = (await readState(db, 'rejectedPublications'))?.at(-1);
    assert.equal(calendarRejected?.version, 'vn-2099.1');
    assert.equal(calendarRejected?.code, 'calendar.rules-invalid');
    assert.match(calendarRejected?.message.vi ?? '', /2026-09-02 là ngày nghỉ lễ/);
    assert.match(calendarRejected?.message.en ?? '', /2026-09-02 is a statutory holiday/);
    // A cursor the province does not know (it was restored, say): the feed is read again.
    await writeState(db, 'changesCursor', 'not-a-cursor');
    assert.equal((await engine.syncNow()).lastError, null);
    assert.match((await readState(db, 'changesCursor')) ?? '', /^\d+$/);
    assert.equal((await db.dossierSync.get(d.id))?.provincial?.status, 42);
    // The dossier body the province holds was not touched by the status moves.
    await changeDossier(db, d.id, { updatedAt: '2026-11-23T13:00:00+07:00' });
    assert.equal((await engine.syncNow()).lastError, null);
    assert.equal((await db.dossierSync.get(d.id))?.ackVersion, 2);
  });

  test('beyond the boundary: the province’s list arrives on the feed (a bad one is refused whole), and a dossier filed under it reaches the province with both agencies', async () => {
    const { db, engine } = await newDesk();
    await installCatalog(db, { version: '2026.11-test', effectiveFrom: '2025-01-01', procedures: [PROCEDURE] }, 'admin-1');
    const list = {
      version: 'h56-feed.1',
      province: 'Thành phố Hà Nội',
      decisions: [
        {
          number: '999/QĐ-UBND',
          date: '2025-11-20',
          effectiveFrom: '2025-11-24',
          source: { url: 'https://example.gov.vn/999', retrieved: '2026-12-07' },
          procedures: [PROCEDURE.code],
        },
      ],
    };
    const bad = { ...list, version: 'h56-feed.2', decisions: [{ ...list.decisions[0]!, procedures: [PROCEDURE.code, '1.999999'] }] };
    const publish = (l: typeof list) =>
      province.server.db
        .prepare("INSERT INTO changes (agency_id, type, payload) VALUES (NULL, 'nonTerritorial', ?)")
        .run(JSON.stringify({ at: new Date().toISOString(), version: l.version, list: l }));
    publish(list);
    publish(bad);
    assert.equal((await engine.syncNow()).lastError, null);
    assert.deepEqual(await currentNonTerritorial(db), list, 'the good list is in force, the bad one did not replace it');
    const rejected = (await readState(db, 'rejectedPublications'))?.at(-1);
    assert.equal(rejected?.type, 'nonTerritorial');
    assert.equal(rejected?.version, 'h56-feed.2');
    assert.match(rejected?.message.vi ?? '', /1\.999999 không có trong danh mục/);

    const { recordDecision } = await import('../features/reception/recordDecision.ts');
    const competent = { name: 'UBND Phường Hoàn Kiếm', agencyId: '000.17.21.H56' };
    const settings = officeSettings({ agencyId: AGENCY });
    const components = PROCEDURE.components.map((c) => ({ specId: c.id, name: c.name, received: true, kind: c.accepted[0]!, count: c.count }));
    const applicant = {
      fullName: 'Nguyễn Văn Thử',
      idNumber: '001099000000',
      dateOfBirth: '1990-01-01',
      gender: 'male' as const,
      address: 'Số 1 Phố Thử, Hà Nội',
    };
    const dossier = await recordDecision(
      db,
      { procedure: PROCEDURE, applicant, components, sets: 1, decision: 'accepted', competentAgency: competent },
      { settings, officer: await testOfficer() },
    );
    assert.equal((await engine.syncNow()).lastError, null);
    const row = province.server.db.prepare('SELECT body FROM dossiers WHERE id = ?').get(dossier.id) as { body: string } | undefined;
    assert.deepEqual((JSON.parse(row?.body ?? '{}') as { beyondBoundary?: unknown }).beyondBoundary, {
      receiving: { name: settings.officeName, agencyId: AGENCY },
      competent,
      decision: '999/QĐ-UBND',
    });
  });

  test('a look-up recorded at the counter reaches the province with the dossier, pending or not', async () => {
    const { db, engine } = await newDesk();
    const dossier = await receiveDossier(db);
    const lookup = {
      database: 'population',
      databaseName: 'Cơ sở dữ liệu quốc gia về dân cư',
      numberGiven: '001099000000',
      outcome: 'pending' as const,
      at: dossier.receivedAt,
      officerId: 'officer-1',
    };
    const components = [
      ...dossier.components,
      { specId: 'giay-to-tuy-than', name: 'Thẻ căn cước', received: false, kind: 'original' as const, count: 1, lookup },
    ];
    await changeDossier(db, dossier.id, { components });
    assert.equal((await engine.syncNow()).lastError, null);
    const row = province.server.db.prepare('SELECT body FROM dossiers WHERE id = ?').get(dossier.id) as { body: string } | undefined;
    const sent = (JSON.parse(row?.body ?? '{}') as { components?: Array<{ specId: string; lookup?: unknown }> }).components;
    assert.deepEqual(sent?.find((c) => c.specId === 'giay-to-tuy-than')?.lookup, lookup);
  });

  test('reconciliation repairs a dossier the province lost, and deletes nothing local', async () => {
    const { db, engine } = await newDesk(plainFetch, { reconcileEveryMs: 0 });
    const kept = await receiveDossier(db, [{ bytes: randomBytes(1500, 31) }]);
    const lost = await receiveDossier(db, [{ bytes: randomBytes(1500, 32) }]);
    await engine.syncNow();
    province.server.db.prepare('DELETE FROM dossier_files WHERE dossier_id = ?').run(lost.id);
    province.server.db.prepare('DELETE FROM dossiers WHERE id = ?').run(lost.id);
    assert.equal(stored(lost.id), 0);
    const status = await engine.syncNow();
    assert.equal(status.lastError, null);
    assert.equal(stored(lost.id), 1, 'sent again');
    assert.equal(stored(kept.id), 1);
    assert.equal((await db.dossierSync.get(lost.id))?.ackVersion, 2);
    assert.ok(await db.dossiers.get(lost.id));
    assert.equal(await db.files.count(), 2);
    assert.equal(await db.outbox.count(), 0);
  });

  test('garbage or the wrong dossier in answer: nothing is acknowledged, the engine retries later', async () => {
    let lies = 0;
    const liar: FetchLike = async (input, init = {}) => {
      const res = await fetch(input, init);
      if (init.method === 'PUT' && lies < 2) {
        lies += 1;
        const body = lies === 1 ? '<html>proxy</html>' : JSON.stringify({ ...(await res.json()), id: '01JB0000000000000000000000' });
        return new Response(body, { status: 200 });
      }
      return res;
    };
    const { db, engine } = await newDesk(liar);
    const d = await receiveDossier(db);
    assert.equal((await engine.syncNow()).lastError?.code, 'bad-answer');
    assert.equal((await engine.syncNow()).lastError?.code, 'bad-answer');
    assert.equal(await db.outbox.count(), 1, 'kept until a real acknowledgement');
    assert.equal((await engine.syncNow()).lastError, null);
    assert.equal(await db.outbox.count(), 0);
    assert.equal(stored(d.id), 1);
  });

  test('a desk clock days off still signs in once and keeps its token', async () => {
    const { fetch: counted, traffic } = countingFetch();
    const skew = 3 * 86_400_000;
    const { db, engine } = await newDesk(counted, { now: () => new Date(Date.now() + skew) });
    for (let i = 0; i < 3; i += 1) {
      await receiveDossier(db);
      assert.equal((await engine.syncNow()).lastError, null);
    }
    assert.equal(traffic.requests.filter((r) => r.path === '/auth/token').length, 1);
  });

  test('drainBacklog reports the bytes it sent and the time it took', async () => {
    const { db } = await newDesk();
    const sizes = [12_000, 34_000, 56_000];
    for (const [i, size] of sizes.entries()) await receiveDossier(db, [{ bytes: randomBytes(size, 500 + i) }]);
    const report = await drainBacklog({ db, serverUrl: province.url });
    assert.equal(report.dossiers, 3);
    assert.equal(report.bytesSent, 12_000 + 34_000 + 56_000);
    assert.equal(report.left, 0);
    assert.ok(report.elapsedMs > 0);
  });
});
