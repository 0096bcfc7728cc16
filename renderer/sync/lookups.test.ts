// The province resolves a look-up the desk left pending, through the changes feed, against the
// reference province on loopback: applied like the desk's own (audited, queued, sent back as
// the next version); a result for a component without a look-up or an unknown dossier is
// refused with its reason in both languages, and nothing else of that pull is lost.
import { openTestDb } from '../test-support/desk.ts';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { moveStatus } from '#tests/provincial/changes.ts';
import { publishLookupResult } from '#tests/provincial/lookups.ts';
import { folders } from '#tests/provincial/store.ts';
import type { Dossier } from '#domain/model.ts';
import { createSyncEngine } from './engine.ts';
import { readState } from './state.ts';
import { receiveDossier, startProvince, type Province } from './testKit.ts';
import { SYNC_ACTOR } from './changes.ts';

let province: Province;
before(async () => {
  province = await startProvince();
});
after(() => province.close());

const PENDING_ID = {
  specId: 'giay-to-tuy-than',
  name: 'Thẻ căn cước của người yêu cầu',
  received: false,
  kind: 'original',
  count: 1,
  lookup: {
    database: 'population',
    databaseName: 'Cơ sở dữ liệu quốc gia về dân cư',
    numberGiven: '001099000000',
    outcome: 'pending',
    at: '2026-12-07T07:42:00+07:00',
    officerId: 'officer-1',
  },
} as const satisfies Dossier['components'][number];

async function desk() {
  const db = openTestDb('sync-lookups');
  const engine = createSyncEngine({ db, serverUrl: province.url, backoff: { baseMs: 50, capMs: 400 }, idleMs: 60_000 });
  await engine.enrol(province.code(), 'Quầy 1');
  /** A dossier received offline with its identity look-up pending, delivered to the province. */
  const pending = async () => {
    const d = await receiveDossier(db);
    const withLookup = { ...d, components: [...d.components, structuredClone(PENDING_ID) as Dossier['components'][number]] };
    await db.dossiers.put(withLookup);
    return withLookup;
  };
  return { db, engine, pending };
}

const storedBody = (id: string) =>
  JSON.parse((province.server.db.prepare('SELECT body FROM dossiers WHERE id = ?').get(id) as { body: string }).body) as { components: Dossier['components'] };

test("the province's result resolves the pending look-up like the desk's own, and goes back as the next version", async () => {
  const { db, engine, pending } = await desk();
  const found = await pending();
  const notFound = await pending();
  await engine.syncNow();
  assert.equal(storedBody(found.id).components[1]?.lookup?.outcome, 'pending');

  publishLookupResult(province.server.db, found.id, { specId: 'giay-to-tuy-than', outcome: 'found', reference: 'DC-001099000000' });
  publishLookupResult(province.server.db, notFound.id, { specId: 'giay-to-tuy-than', outcome: 'not-found' });
  assert.equal((await engine.syncNow()).lastError, null);

  const a = (await db.dossiers.get(found.id))!.components[1]!.lookup!;
  assert.deepEqual([a.outcome, a.reference, a.officerId, a.numberGiven], ['found', 'DC-001099000000', SYNC_ACTOR, '001099000000']);
  assert.match(a.at, /\+07:00$/, 'desk time');
  const b = (await db.dossiers.get(notFound.id))!.components[1]!;
  assert.deepEqual([b.lookup?.outcome, b.received], ['not-found', false], 'a paper the citizen owes');
  const audit = (await db.audit.toArray()).filter((e) => e.action === 'lookup');
  assert.deepEqual(audit.map((e) => [e.officerId, e.detail]).sort(), [
    [SYNC_ACTOR, 'giay-to-tuy-than:found'],
    [SYNC_ACTOR, 'giay-to-tuy-than:not-found'],
  ]);
  // The same cycle sent the resolved dossiers back: the province now holds the result too.
  await engine.syncNow();
  assert.equal(await db.outbox.count(), 0);
  assert.equal(storedBody(found.id).components[1]?.lookup?.reference, 'DC-001099000000');
  assert.equal(storedBody(notFound.id).components[1]?.lookup?.outcome, 'not-found');
  await engine.stop();
});

test('the reference province refuses to publish a result for a component without a look-up', async () => {
  const { engine, pending } = await desk();
  const d = await pending();
  await engine.syncNow();
  assert.throws(
    () => publishLookupResult(province.server.db, d.id, { specId: 'to-khai', outcome: 'found', reference: '1' }),
    (e: { body?: { code: string; message: { vi: string; en: string } } }) => {
      assert.equal(e.body?.code, 'lookup-result-invalid');
      assert.match(e.body.message.vi, /Tờ khai.*không được tra cứu/);
      assert.match(e.body.message.en, /Tờ khai.*not looked up/);
      return true;
    },
  );
  await engine.stop();
});

test("a bad result on the feed is refused in both languages; the page's other changes are applied; another desk's is skipped", async () => {
  const { db, engine, pending } = await desk();
  const d = await pending();
  await engine.syncNow();
  const identity = (await readState(db, 'identity'))!;
  const insert = (payload: object) =>
    province.server.db
      .prepare("INSERT INTO changes (agency_id, type, payload) VALUES (?, 'dossier.lookup', ?)")
      .run(identity.agencyId, JSON.stringify({ at: new Date().toISOString(), deskId: identity.deskId, ...payload }));
  // A province that did not check: a result for a paper that is not looked up, one for a dossier
  // this desk never had, one for another desk; then a status move on the same page.
  insert({ dossierId: d.id, specId: 'to-khai', outcome: 'found', reference: '1' });
  insert({ dossierId: '01KZZZZZZZZZZZZZZZZZZZZZZZ', specId: 'giay-to-tuy-than', outcome: 'found', reference: '1' });
  insert({ dossierId: d.id, specId: 'giay-to-tuy-than', outcome: 'found', reference: '2', deskId: 'another-desk' });
  await moveStatus(province.server.db, folders(province.dataDir), { dossierId: d.id, status: 4 });
  const before = await db.dossiers.get(d.id);

  const status = await engine.syncNow();
  assert.equal(status.lastError, null, 'a refused result does not stop the sync');
  const after = (await db.dossiers.get(d.id))!;
  assert.equal(after.status, 4, 'the status move on the same page is applied');
  assert.deepEqual(after.components, before?.components, 'nothing written for the refused or skipped results');
  const rejected = ((await readState(db, 'rejectedPublications')) ?? []).filter((r) => r.type === 'dossier.lookup');
  assert.deepEqual(
    rejected.map((r) => [r.code, r.version]),
    [
      ['lookup.not-lookup', `${d.id}/to-khai`],
      ['lookup.unknown-dossier', '01KZZZZZZZZZZZZZZZZZZZZZZZ/giay-to-tuy-than'],
    ],
  );
  assert.match(rejected[0]!.message.vi, /Tờ khai.*không được tra cứu/);
  assert.match(rejected[0]!.message.en, /not looked up/);
  assert.match(rejected[1]!.message.vi, /Không có hồ sơ/);
  assert.equal((await db.audit.toArray()).filter((e) => e.action === 'lookup').length, 0);
  await engine.stop();
});
