// Certified copies through the sync (issue 15 §1), against the reference province on loopback
// (real HTTP, fake-indexeddb, real signed PDFs): a copy entered while the province is down
// reaches it once when it returns, its PDF by the resumable upload; a lost answer resends the
// same body and the province keeps one entry; a refused entry keeps the province's reason in
// both languages for the sync details, and its outbox entry stays.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { certificationFee } from '#domain/certification/fee.ts';
import { signedCopy } from '#tests/provincial/certifiedCopyFixture.ts';
import { officeSettings, openTestDb } from '../test-support/desk.ts';
import type { DeskDb } from '../db/schema.ts';
import { peekBookNumber } from '../features/certification/certificationBook.ts';
import { recordCertifiedCopy } from '../features/certification/certifiedCopyRecord.ts';
import type { FetchLike } from './auth.ts';
import { createSyncEngine, type SyncEngine } from './engine.ts';
import { refusedCertifiedCopies } from './sendCertifiedCopy.ts';
import { countingFetch, sha256, startProvince, type Province } from './testKit.ts';

// 2.000815's per-page line in the bundled catalogue (TT 226/2016/TT-BTC).
const RULE = {
  tiers: [
    { fromPage: 1, amount: 2000 },
    { fromPage: 3, amount: 1000 },
  ],
  maxPerCopy: 200_000,
};

const plainFetch: FetchLike = (i, init) => fetch(i, init);

describe('certified copies through the sync', () => {
  let province: Province;
  before(async () => {
    province = await startProvince();
  });
  after(() => province.close());

  async function newDesk(fetchFn: FetchLike = plainFetch): Promise<{ db: DeskDb; engine: SyncEngine }> {
    const db = openTestDb('copy-sync');
    const engine = createSyncEngine({ db, serverUrl: province.url, fetch: fetchFn, backoff: { baseMs: 50, capMs: 400 }, idleMs: 60_000 });
    await engine.enrol(province.code(), 'Quầy 1');
    return { db, engine };
  }

  let desks = 0;
  /** Certifies a 3-page original on a desk of its own share of the office's book (the province holds one book for all). */
  async function certify(db: DeskDb, document = 'Bằng tốt nghiệp trung học phổ thông', dossier?: { dossierId: string; dossierCode: string }) {
    desks += 1;
    const settings = officeSettings({ deskCount: 9, deskNumber: desks });
    const peeked = await peekBookNumber(db, settings);
    const copy = await signedCopy(peeked.number);
    const fee = certificationFee({ pages: copy.pages.length, province: '', day: peeked.day }, RULE);
    const row = await recordCertifiedCopy(db, settings, peeked, { document, fee, copy, ...(dossier ? { dossier } : {}) }, 'officer-1');
    return { row, copy };
  }

  const stored = (id: string) => province.count('SELECT count(*) AS n FROM certified_copies WHERE id = ?', id);

  test('a copy certified while the province is down is queued with its PDF in the same transaction, and arrives once when it returns', async () => {
    const { db, engine } = await newDesk();
    await province.down();
    let row;
    let copy;
    try {
      // Started from a 2.000815 dossier: the entry carries its code to the province.
      ({ row, copy } = await certify(db, undefined, { dossierId: '01KC0000000000000000000000', dossierCode: '000.17.22.H56-261207-0001' }));
      const queued = await db.outbox.toArray();
      assert.deepEqual(
        queued.map((e) => [e.kind, e.dossierId]),
        [['certification.upsert', row.id]],
      );
      const file = await db.files.get(row.fileId!);
      assert.equal(file?.kind, 'certified-copy');
      assert.equal(file?.sha256, sha256(copy.pdf));
      const down = await engine.syncNow();
      assert.equal(down.lastError?.code, 'network');
      assert.equal((await db.certifications.get(row.id))?.sync?.state, 'pending');
    } finally {
      await province.up();
    }
    const status = await engine.syncNow();
    assert.equal(status.lastError, null);
    assert.equal(await db.outbox.count(), 0);
    assert.equal(stored(row.id), 1);
    const acked = await db.certifications.get(row.id);
    assert.equal(acked?.sync?.state, 'acked');
    const body = JSON.parse((province.server.db.prepare('SELECT body FROM certified_copies WHERE id = ?').get(row.id) as { body: string }).body) as Record<
      string,
      any
    >;
    assert.deepEqual(body.book, { year: row.year, label: `${row.year}/SCT/BSĐT`, number: row.number });
    assert.deepEqual(body.fee, { amount: 5000, tariff: 5000 });
    assert.equal(body.signer.certificateSha256, copy.certificateSha256);
    assert.equal(body.file.sha256, sha256(copy.pdf));
    assert.equal(body.dossierCode, '000.17.22.H56-261207-0001');
    assert.equal(province.count('SELECT count(*) AS n FROM files WHERE sha256 = ?', sha256(copy.pdf)), 1, 'the PDF is stored with the province');
    // The code on the citizen's slip went with the entry: the province hands the copy to it.
    const fetched = await fetch(`${province.url}/public/certified-copies/${row.fetchCode}`);
    assert.equal(fetched.status, 200);
    assert.deepEqual(new Uint8Array(await fetched.arrayBuffer()), copy.pdf);
    await engine.syncNow();
    assert.equal(stored(row.id), 1, 'a later cycle sends nothing again');
  });

  test('the province stored the entry but its answer was lost: the same body again, one entry', async () => {
    let dropped = 0;
    const { fetch: counted, traffic } = countingFetch(async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method === 'PUT' && String(input).includes('/certified-copies/') && dropped === 0) {
        dropped += 1;
        throw new TypeError('connection reset after the province answered');
      }
      return res;
    });
    const { db, engine } = await newDesk(counted);
    const { row } = await certify(db, 'Giấy khai sinh');
    assert.equal((await engine.syncNow()).lastError?.code, 'network');
    assert.equal(stored(row.id), 1, 'the province stored it before the answer was lost');
    assert.equal((await db.certifications.get(row.id))?.sync?.state, 'pending');
    assert.equal((await engine.syncNow()).lastError, null);
    assert.equal(stored(row.id), 1);
    assert.equal((await db.certifications.get(row.id))?.sync?.state, 'acked');
    const puts = traffic.requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/certified-copies/'));
    assert.equal(puts.length, 2);
  });

  test('a refused entry keeps the province’s reason in both languages, stays queued, and is listed for the sync details', async () => {
    const { db, engine } = await newDesk();
    const { row } = await certify(db, 'Sổ hộ khẩu');
    // As a desk with a mistaken tariff would have written it.
    await db.certifications.update(row.id, { fee: 4000, tariff: 4000 });
    const status = await engine.syncNow();
    assert.equal(status.lastError, null, 'a refusal is about one entry, not the link');
    assert.equal(stored(row.id), 0);
    const refused = await db.certifications.get(row.id);
    assert.equal(refused?.sync?.state, 'error');
    assert.equal(refused?.sync?.error?.code, 'certified-copy-invalid');
    assert.equal(await db.outbox.count(), 1);
    const listed = await refusedCertifiedCopies(db);
    assert.equal(listed.length, 1);
    assert.match(listed[0]!.message.vi, /Lệ phí không đúng TT 226\/2016\/TT-BTC/);
    assert.match(listed[0]!.message.en, /does not follow TT 226\/2016\/TT-BTC/);
    assert.equal(listed[0]!.number, row.number);
  });
});
