// The changes feed, the operator command that feeds it, and day reconciliation.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { moveStatus, publishCalendar, publishCatalog } from './changes.ts';
import { dayDigest } from './reconcile.ts';
import { folders } from './store.ts';
import { TestDesk, makeDossier, randomFile, sha256, startTestServer, type TestServer } from './testDesk.ts';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

interface Feed {
  changes: Array<{
    cursor: string;
    type: string;
    dossierId?: string;
    status?: number;
    label?: unknown;
    note?: string;
    results?: Array<{ sha256: string; size: number; name: string }>;
    version?: string;
    catalog?: { procedures: unknown[] };
    rules?: unknown;
  }>;
  cursor: string;
  hasMore: boolean;
}

describe('changes feed, operator and reconciliation', () => {
  let server: TestServer;
  let desk: TestDesk;
  before(async () => {
    server = await startTestServer();
    desk = await TestDesk.enrol(server.url, server.enrolmentCode('000.17.22.H56'));
  });
  after(() => server.close());

  const feed = async (since: string, limit: number): Promise<Feed> => {
    const res = await desk.fetch(`/changes?since=${since}&limit=${limit}`);
    assert.equal(res.status, 200);
    return (await res.json()) as Feed;
  };

  test('the operator command moves a dossier; the desk reads it in the feed with its result file', async () => {
    const dossier = makeDossier();
    assert.equal((await desk.putDossier(dossier)).status, 200);
    const start = (await feed('', 500)).cursor;

    const pdf = Buffer.from('%PDF-1.4\n% kết quả\n');
    const pdfPath = join(server.dataDir, 'ket-qua.pdf');
    writeFileSync(pdfPath, pdf);
    const operator = ['--import', 'tsx', 'tests/provincial/operator.ts'];
    await run(process.execPath, [...operator, 'status', '--data', server.dataDir, '--dossier', dossier.id, '--to', '4'], { cwd: root });
    await run(
      process.execPath,
      [...operator, 'status', '--data', server.dataDir, '--dossier', dossier.id, '--to', '9', '--note', 'Đã ký', '--result', pdfPath],
      { cwd: root },
    );
    const listed = await run(process.execPath, [...operator, 'dossiers', '--data', server.dataDir], { cwd: root });
    assert.ok(!listed.stdout.includes('Nguyễn'), 'the operator listing shows no applicant name');

    const page = await feed(start, 10);
    assert.deepEqual(
      page.changes.map((c) => [c.type, c.dossierId, c.status]),
      [
        ['dossier.status', dossier.id, 4],
        ['dossier.status', dossier.id, 9],
      ],
    );
    const done = page.changes[1]!;
    assert.deepEqual(done.label, { vi: 'Đã xử lý xong', en: 'Processed' });
    assert.equal(done.note, 'Đã ký');
    assert.deepEqual(done.results, [{ sha256: sha256(pdf), size: pdf.length, name: 'ket-qua.pdf' }]);
    const file = await desk.fetch(`/files/${sha256(pdf)}`);
    assert.equal(sha256(Buffer.from(await file.arrayBuffer())), sha256(pdf));
    assert.equal(((await (await desk.fetch(`/dossiers/${dossier.id}`)).json()) as { status: number }).status, 9);
  });

  test("the operator page's calls need its key and reach the feed like the command's", async () => {
    const api = (path: string, body?: unknown, key = new URL(server.operatorUrl).searchParams.get('key')!) =>
      fetch(`${server.url}/operator/api/${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'X-Operator-Key': key, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const forged = await api('state', undefined, 'guess');
    assert.equal(forged.status, 403);
    assert.equal(forged.headers.get('access-control-allow-origin'), null, 'no other origin may read operator answers');
    assert.equal((await fetch(`${server.url}/operator`)).status, 200);

    const code = ((await (await api('enrol', { agencyId: 'H15.50.05.13' })).json()) as { code: string }).code;
    const other = await TestDesk.enrol(server.url, code);
    assert.equal(other.agencyId, 'H15.50.05.13');
    const dossier = makeDossier();
    assert.equal((await other.putDossier(dossier)).status, 200);
    const start = ((await (await other.fetch('/changes?limit=500')).json()) as Feed).cursor;
    const pdf = Buffer.from('%PDF-1.4 giấy khai sinh');
    const moved = await api('status', { dossierId: dossier.id, status: 10, result: { name: 'kq.pdf', base64: pdf.toString('base64') } });
    assert.equal(moved.status, 200);
    const page = (await (await other.fetch(`/changes?since=${start}`)).json()) as Feed;
    assert.deepEqual(
      page.changes.map((c) => [c.dossierId, c.status, c.results?.[0]?.sha256]),
      [[dossier.id, 10, sha256(pdf)]],
    );
    const state = (await (await api('state')).json()) as { dossiers: Array<{ id: string; status: number }> };
    assert.equal(state.dossiers.find((d) => d.id === dossier.id)?.status, 10);
    assert.ok(!JSON.stringify(state).includes('Nguyễn'), 'no applicant names on the operator page');
  });

  test('paging with the cursor returns every change once, in order, across catalogue and calendar updates', async () => {
    const dossier = makeDossier();
    assert.equal((await desk.putDossier(dossier)).status, 200);
    const start = (await feed('', 500)).cursor;
    const f = folders(server.dataDir);
    for (const status of [4, 5, 4, 9, 10]) await moveStatus(server.db, f, { dossierId: dossier.id, status });
    const catalog = JSON.parse(readFileSync(join(root, 'domain/catalog/default-catalog.json'), 'utf8')) as { version: string };
    publishCatalog(server.db, JSON.stringify({ ...catalog, version: 'test-catalog-2' }));
    const rules = JSON.parse(readFileSync(join(root, 'domain/calendar/rules-vn.json'), 'utf8')) as { version: string };
    publishCalendar(server.db, JSON.stringify({ ...rules, version: 'test-calendar-2' }));
    await moveStatus(server.db, f, { dossierId: dossier.id, status: 42, note: 'mã lạ từ tỉnh' });

    const seen: Feed['changes'] = [];
    let cursor = start;
    let pages = 0;
    for (;;) {
      const page = await feed(cursor, 3);
      pages += 1;
      seen.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    assert.equal(pages, 3);
    assert.deepEqual(
      seen.map((c) => c.status ?? c.type),
      [4, 5, 4, 9, 10, 'catalog', 'calendar', 42],
    );
    assert.deepEqual(
      seen.map((c) => Number(c.cursor)),
      [...seen.map((c) => Number(c.cursor))].sort((a, b) => a - b),
    );
    assert.equal(seen[5]!.version, 'test-catalog-2');
    assert.ok((seen[5]!.catalog?.procedures.length ?? 0) > 0, 'the full catalogue travels in the feed');
    assert.equal(seen[6]!.version, 'test-calendar-2');
    assert.equal(seen[7]!.label, null, 'an unknown status code passes with no label');

    const empty = await feed(cursor, 3);
    assert.deepEqual(empty, { changes: [], cursor, hasMore: false });
    assert.equal((await desk.fetch('/changes?since=abc')).status, 400);

    assert.throws(() => publishCatalog(server.db, JSON.stringify({ ...catalog, version: 'test-catalog-2' })), /catalog-version-exists/);
    assert.throws(() => publishCatalog(server.db, JSON.stringify({ version: 'x', procedures: [] })), /catalog-invalid/);
  });

  test("another agency's status changes never reach the desk", async () => {
    const other = await TestDesk.enrol(server.url, server.enrolmentCode('H15.50.05.13'));
    const theirs = makeDossier();
    assert.equal((await other.putDossier(theirs)).status, 200);
    const start = (await feed('', 500)).cursor;
    await moveStatus(server.db, folders(server.dataDir), { dossierId: theirs.id, status: 4 });
    assert.deepEqual((await feed(start, 10)).changes, []);
  });

  test('the day digest changes when a dossier is added or updated, and the list lets a desk recompute it', async () => {
    const day = '2026-11-20';
    const reconcile = async (list = false) =>
      (await (await desk.fetch(`/reconcile?day=${day}${list ? '&list=1' : ''}`)).json()) as {
        count: number;
        digest: string;
        dossiers?: Array<{ id: string; version: number; files: string[] }>;
      };
    const before = await reconcile();
    assert.equal(before.count, 0);
    assert.equal(before.digest, sha256(Buffer.alloc(0)));

    const bytes = randomFile(500);
    const hash = await desk.upload(bytes);
    // 23:30 UTC on the 19th is 06:30 on the 20th in Hà Nội: days are desk days.
    const dossier = makeDossier([{ sha256: hash, size: bytes.length }], { receivedAt: '2026-11-19T23:30:00Z' });
    assert.equal((await desk.putDossier(dossier)).status, 200);
    const added = await reconcile(true);
    assert.equal(added.count, 1);
    assert.notEqual(added.digest, before.digest);
    assert.deepEqual(added.dossiers, [{ id: dossier.id, version: 1, files: [hash] }]);
    assert.equal(dayDigest([{ id: dossier.id, version: 1, files: [hash] }]), added.digest);

    assert.equal((await desk.putDossier({ ...dossier, version: 2 })).status, 200);
    assert.notEqual((await reconcile()).digest, added.digest);
    assert.equal((await desk.fetch('/reconcile?day=20-11-2026')).status, 400);
  });
});
