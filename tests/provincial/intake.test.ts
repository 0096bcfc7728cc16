// Idempotent dossier intake: once stored, always the same answer; conflicts are explicit.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestDesk, makeDossier, randomFile, sha256, startTestServer, type TestServer } from './testDesk.ts';

describe('dossier intake', () => {
  let server: TestServer;
  let desk: TestDesk;
  before(async () => {
    server = await startTestServer();
    desk = await TestDesk.enrol(server.url, server.enrolmentCode('000.17.22.H56'));
  });
  after(() => server.close());

  const count = (id: string) => (server.db.prepare('SELECT count(*) AS n FROM dossiers WHERE id = ?').get(id) as { n: number }).n;

  test('the same dossier sent twice is stored once and answered the same way', async () => {
    const bytes = randomFile(2000);
    const hash = await desk.upload(bytes);
    const dossier = makeDossier([{ sha256: hash, size: bytes.length }]);

    const first = await desk.putDossier(dossier);
    assert.equal(first.status, 200);
    const answer = await first.json();
    assert.deepEqual(Object.keys(answer as object).sort(), ['agencyId', 'id', 'receivedAt', 'storedAt', 'version']);

    const replay = await desk.putDossier(dossier);
    assert.equal(replay.status, 200);
    assert.deepEqual(await replay.json(), answer);

    // Another attempt of the desk with a fresh key and its keys in another order.
    const reordered = Object.fromEntries(Object.entries(dossier).reverse());
    const retry = await desk.fetch(`/dossiers/${dossier.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'another-attempt' },
      body: JSON.stringify(reordered),
    });
    assert.equal(retry.status, 200);
    assert.deepEqual(await retry.json(), answer);
    assert.equal(count(dossier.id), 1);

    const stored = (await (await desk.fetch(`/dossiers/${dossier.id}`)).json()) as { dossier: { receivedAt: string }; status: number };
    assert.equal(stored.dossier.receivedAt, dossier.receivedAt);
    assert.equal(stored.status, 2);
  });

  test('a dossier naming a file not yet uploaded is refused with the missing hashes', async () => {
    const present = randomFile(1000);
    const presentHash = await desk.upload(present);
    const absent = randomFile(1000);
    const dossier = makeDossier([
      { sha256: presentHash, size: present.length },
      { sha256: sha256(absent), size: absent.length },
    ]);
    const res = await desk.putDossier(dossier);
    assert.equal(res.status, 409);
    const body = (await res.json()) as { code: string; missing: string[] };
    assert.equal(body.code, 'dossier-files-missing');
    assert.deepEqual(body.missing, [sha256(absent)]);
    assert.equal(count(dossier.id), 0);

    await desk.upload(absent);
    assert.equal((await desk.putDossier(dossier)).status, 200, 'the same request succeeds once the file is there');
  });

  test('versions: same version other body conflicts, a newer one updates, an older one is stale', async () => {
    const v1 = makeDossier();
    assert.equal((await desk.putDossier(v1)).status, 200);

    const changed = { ...v1, summary: 'Sửa trích yếu' };
    const clash = await desk.putDossier(changed, 'clash-key');
    assert.equal(clash.status, 409);
    assert.equal(((await clash.json()) as { code: string }).code, 'dossier-version-conflict');

    const reused = await desk.putDossier(changed, `${v1.id}.1`);
    assert.equal(reused.status, 422);
    assert.equal(((await reused.json()) as { code: string }).code, 'idempotency-key-reused');

    const v2 = { ...changed, version: 2 };
    const updated = await desk.putDossier(v2);
    assert.equal(updated.status, 200);
    assert.equal(((await updated.json()) as { version: number }).version, 2);
    assert.equal(count(v1.id), 1);

    const stale = await desk.putDossier(v1, 'late-retry-of-v1');
    assert.equal(stale.status, 409);
    assert.deepEqual(await stale.json(), {
      code: 'dossier-version-stale',
      message: { vi: 'Máy chủ đã có phiên bản mới hơn của hồ sơ.', en: 'The server holds a newer version of this dossier.' },
      currentVersion: 2,
    });
    const replayOfV1 = await desk.putDossier(v1);
    assert.equal(replayOfV1.status, 200, 'a replay under its own key still gets its first answer');

    const moved = await desk.putDossier({ ...v2, version: 3, receivedAt: '2026-11-23T10:00:00+07:00' });
    assert.equal(moved.status, 409);
    assert.equal(((await moved.json()) as { code: string }).code, 'received-at-immutable');
    const stored = (await (await desk.fetch(`/dossiers/${v1.id}`)).json()) as { version: number; dossier: { receivedAt: string; summary: string } };
    assert.equal(stored.version, 2);
    assert.equal(stored.dossier.receivedAt, v1.receivedAt);
    assert.equal(stored.dossier.summary, 'Sửa trích yếu');
  });

  test('malformed requests are refused with the reason', async () => {
    const dossier = makeDossier();
    const noKey = await desk.fetch(`/dossiers/${dossier.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(dossier),
    });
    assert.equal(noKey.status, 400);
    assert.equal(((await noKey.json()) as { code: string }).code, 'idempotency-key-required');

    const withSearchKeys = await desk.putDossier({ ...dossier, searchKeys: ['nguyen'] } as typeof dossier);
    assert.equal(withSearchKeys.status, 400);
    const invalid = (await withSearchKeys.json()) as { code: string; issues: string[] };
    assert.equal(invalid.code, 'dossier-invalid');
    assert.ok(invalid.issues.some((i) => i.includes('searchKeys')));

    const otherId = await desk.fetch(`/dossiers/${makeDossier().id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k' },
      body: JSON.stringify(dossier),
    });
    assert.equal(otherId.status, 400);
    assert.equal(((await otherId.json()) as { code: string }).code, 'dossier-id-mismatch');
  });

  test('a dossier filed beyond the boundary is stored with both agencies; a receiving agency not the desk’s, or a bad e-ID, is refused', async () => {
    const beyondBoundary = {
      receiving: { name: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56' },
      competent: { name: 'UBND Phường Hoàn Kiếm', agencyId: '000.17.21.H56' },
      decision: '999/QĐ-UBND',
    };
    const dossier = makeDossier([], { beyondBoundary });
    assert.equal((await desk.putDossier(dossier)).status, 200);
    const stored = (await (await desk.fetch(`/dossiers/${dossier.id}`)).json()) as { dossier: { beyondBoundary: unknown } };
    assert.deepEqual(stored.dossier.beyondBoundary, beyondBoundary);

    const refused = async (body: typeof dossier, issue: RegExp) => {
      const res = await desk.putDossier(body);
      assert.equal(res.status, 400);
      const answer = (await res.json()) as { code: string; issues: string[] };
      assert.equal(answer.code, 'dossier-invalid');
      assert.ok(
        answer.issues.some((i) => issue.test(i)),
        answer.issues.join('; '),
      );
      assert.equal(count(body.id), 0, 'nothing stored');
    };
    const elsewhere = { ...beyondBoundary, receiving: { name: 'UBND Phường Cửa Nam', agencyId: '000.17.23.H56' } };
    await refused(makeDossier([], { beyondBoundary: elsewhere }), /^beyondBoundary\.receiving\.agencyId: expected 000\.17\.22\.H56/);
    const badId = { ...beyondBoundary, competent: { name: 'UBND Phường Hoàn Kiếm', agencyId: '000.17..H56' } };
    await refused(makeDossier([], { beyondBoundary: badId }), /^beyondBoundary\.competent\.agencyId: expected an agency e-ID/);
    const noDecision = { receiving: beyondBoundary.receiving, competent: beyondBoundary.competent } as typeof beyondBoundary;
    await refused(makeDossier([], { beyondBoundary: noDecision }), /^beyondBoundary\.decision/);
  });

  test('a dossier with the case picked at the desk is stored with it; a case of another procedure, or an extra field, is refused', async () => {
    const procedureCase = { code: '1.001193.01', name: 'Trẻ có giấy chứng sinh' };
    const dossier = makeDossier([], { procedureCase });
    assert.equal((await desk.putDossier(dossier)).status, 200);
    const stored = (await (await desk.fetch(`/dossiers/${dossier.id}`)).json()) as { dossier: { procedureCase: unknown } };
    assert.deepEqual(stored.dossier.procedureCase, procedureCase);

    const refused = async (body: typeof dossier, issue: RegExp) => {
      const res = await desk.putDossier(body);
      assert.equal(res.status, 400);
      const answer = (await res.json()) as { code: string; issues: string[] };
      assert.equal(answer.code, 'dossier-invalid');
      assert.ok(
        answer.issues.some((i) => issue.test(i)),
        answer.issues.join('; '),
      );
      assert.equal(count(body.id), 0, 'nothing stored');
    };
    await refused(makeDossier([], { procedureCase: { code: '1.001234.01', name: 'X' } }), /^procedureCase\.code: expected a case of 1\.001193$/);
    await refused(makeDossier([], { procedureCase: { code: '1.001193', name: 'X' } }), /^procedureCase\.code: expected a case code like 1\.001193\.01$/);
    await refused(makeDossier([], { procedureCase: { ...procedureCase, fees: [] } as typeof procedureCase }), /^procedureCase: Unrecognized key/);
  });

  test('hand-offs (Mẫu 06) take a received dossier to 4 and a stop (Mẫu 05) to 8, each once on the feed; hand-offs out of order are refused', async () => {
    const officer = { officerId: 'o-1', officerName: 'Trần Thị Bình' };
    const handOffs = [
      { from: 'Bộ phận một cửa', to: 'Công chức Tư pháp - Hộ tịch', receiverName: 'Đỗ Thị Lan', at: '2026-11-23T10:15:00+07:00', ...officer },
      { from: 'Công chức Tư pháp - Hộ tịch', to: 'Chủ tịch UBND phường', at: '2026-11-24T08:30:00+07:00', note: 'Trình ký', ...officer },
    ];
    const dossier = makeDossier([], { handOffs: handOffs.slice(0, 1) });
    const statusOf = async () => ((await (await desk.fetch(`/dossiers/${dossier.id}`)).json()) as { status: number }).status;
    const feed = async () => {
      const page = (await (await desk.fetch('/changes?limit=500')).json()) as { changes: Array<{ dossierId?: string; status?: number; note?: string | null }> };
      return page.changes.filter((c) => c.dossierId === dossier.id).map((c) => [c.status, c.note]);
    };
    assert.equal((await desk.putDossier(dossier)).status, 200);
    assert.equal(await statusOf(), 4);
    assert.equal((await desk.putDossier({ ...dossier, version: 2, handOffs })).status, 200);
    const stop = { reason: 'Người nộp đề nghị dừng giải quyết', at: '2026-11-24T09:00:00+07:00', ...officer };
    assert.equal((await desk.putDossier({ ...dossier, version: 3, handOffs, stop })).status, 200);
    assert.equal(await statusOf(), 8);
    assert.equal((await desk.putDossier({ ...dossier, version: 4, handOffs, stop, updatedAt: '2026-11-24T09:05:00+07:00' })).status, 200);
    assert.deepEqual(await feed(), [
      [4, null],
      [8, stop.reason],
    ]);

    const res = await desk.putDossier(makeDossier([], { handOffs: [handOffs[1]!, handOffs[0]!] }));
    assert.equal(res.status, 400);
    assert.ok(((await res.json()) as { issues: string[] }).issues.some((i) => /^handOffs: hand-offs must be in time order/.test(i)));
    const noReason = await desk.putDossier(makeDossier([], { stop: { ...stop, reason: ' ' } }));
    assert.equal(noReason.status, 400);
  });
});
