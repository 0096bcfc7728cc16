// A dossier filed beyond the boundary goes to the competent agency's queue, only that agency
// moves it, and its result reaches the receiving desk's feed, which the competent agency's own
// desks never see.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestDesk, makeDossier, randomFile, startTestServer, type TestServer } from './testDesk.ts';
import { folders } from './store.ts';
import { competentQueue, decide } from './routing.ts';
import { listDossiers } from './operator.ts';

const RECEIVING = { name: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56' };
const COMPETENT = { name: 'UBND Phường Hoàn Kiếm', agencyId: '000.17.21.H56' };

describe('routing a dossier filed beyond the boundary', () => {
  let server: TestServer;
  let receivingDesk: TestDesk;
  let competentDesk: TestDesk;
  before(async () => {
    server = await startTestServer();
    receivingDesk = await TestDesk.enrol(server.url, server.enrolmentCode(RECEIVING.agencyId));
    competentDesk = await TestDesk.enrol(server.url, server.enrolmentCode(COMPETENT.agencyId));
  });
  after(() => server.close());

  const feed = async (desk: TestDesk, id: string) => {
    const page = (await (await desk.fetch('/changes?limit=500')).json()) as { changes: Array<{ dossierId?: string; status?: number; results?: unknown[] }> };
    return page.changes.filter((c) => c.dossierId === id);
  };

  test('the competent agency’s queue holds it, only that agency decides it, and the result goes back to the receiving desk', async () => {
    const beyond = makeDossier([], { beyondBoundary: { receiving: RECEIVING, competent: COMPETENT, decision: '999/QĐ-UBND' } });
    const own = makeDossier();
    for (const d of [beyond, own]) assert.equal((await receivingDesk.putDossier(d)).status, 200);

    const competentIds = competentQueue(server.db, COMPETENT.agencyId).map((r) => [r.id, r.receivingAgencyId, r.routed]);
    assert.deepEqual(competentIds, [[beyond.id, RECEIVING.agencyId, true]]);
    assert.deepEqual(
      competentQueue(server.db, RECEIVING.agencyId).map((r) => r.id),
      [own.id],
      'the receiving agency does not decide what it received for another',
    );

    const f = folders(server.dataDir);
    await assert.rejects(
      decide(server.db, f, RECEIVING.agencyId, { dossierId: beyond.id, status: 9 }),
      (e: Error & { body?: { code: string } }) => e.body?.code === 'not-competent-agency',
    );
    await assert.rejects(
      decide(server.db, f, COMPETENT.agencyId, { dossierId: own.id, status: 9 }),
      (e: Error & { body?: { code: string } }) => e.body?.code === 'not-competent-agency',
    );
    assert.deepEqual(await feed(receivingDesk, beyond.id), [], 'a refused move writes nothing');

    const result = randomFile(1500);
    await decide(server.db, f, COMPETENT.agencyId, {
      dossierId: beyond.id,
      status: 9,
      result: { name: 'trich-luc-khai-sinh.pdf', bytes: Buffer.from(result) },
    });
    const back = await feed(receivingDesk, beyond.id);
    assert.deepEqual(
      back.map((c) => [c.status, c.results?.length]),
      [[9, 1]],
    );
    assert.deepEqual(await feed(competentDesk, beyond.id), [], 'the receiving agency’s feed, not the competent one’s');
    assert.equal(competentQueue(server.db, COMPETENT.agencyId)[0]?.status, 9);
  });
});

describe('the operator’s list', () => {
  test('names the agency that decides each dossier beside the one that received it', async () => {
    const server = await startTestServer();
    try {
      const desk = await TestDesk.enrol(server.url, server.enrolmentCode(RECEIVING.agencyId));
      const beyond = makeDossier([], { beyondBoundary: { receiving: RECEIVING, competent: COMPETENT, decision: '999/QĐ-UBND' } });
      const own = makeDossier();
      for (const d of [beyond, own]) assert.equal((await desk.putDossier(d)).status, 200);
      const rows = listDossiers(server.db, {}) as unknown as Array<{ id: string; agencyId: string; decidingAgencyId: string }>;
      const of = (id: string) => rows.find((r) => r.id === id);
      assert.deepEqual([of(beyond.id)?.agencyId, of(beyond.id)?.decidingAgencyId], [RECEIVING.agencyId, COMPETENT.agencyId]);
      assert.deepEqual([of(own.id)?.agencyId, of(own.id)?.decidingAgencyId], [RECEIVING.agencyId, RECEIVING.agencyId]);
    } finally {
      await server.close();
    }
  });
});
