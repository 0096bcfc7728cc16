import { APPLICANT, PROCEDURE, officeSettings, openTestDb, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strFromU8, unzipSync } from 'fflate';
import type { Dossier, ReceivedComponent } from '#domain/model.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import { pdfFile } from '#renderer/db/pdfFile.ts';
import { applyRetention, saveRetention } from './retention.ts';
import { exportCitizen } from './citizenExport.ts';

const { recordDecision } = await import('../reception/recordDecision.ts');

const NOW = new Date('2026-11-24T03:00:00Z');
const components = (): ReceivedComponent[] =>
  PROCEDURE.components.map((c) => ({ specId: c.id, name: c.name, received: true, kind: c.accepted[0]!, count: c.count }));

async function receive(db: DeskDb, at: string, decision: Dossier['decision'] = 'accepted', applicant: Partial<Dossier['applicant']> = {}): Promise<Dossier> {
  return recordDecision(
    db,
    {
      procedure: PROCEDURE,
      applicant: { ...APPLICANT, ...applicant },
      components: components(),
      sets: 1,
      decision,
      ...(decision === 'accepted' ? {} : { reason: 'Thiếu giấy tờ' }),
    },
    { settings: officeSettings(), officer: await testOfficer(), now: new Date(at) },
  );
}

/** The province acknowledged the latest version and nothing waits to be sent. */
async function settle(db: DeskDb, d: Dossier): Promise<void> {
  await db.outbox.where('dossierId').equals(d.id).delete();
  await db.dossierSync.put({
    dossierId: d.id,
    receivedAt: d.receivedAt,
    receivedDay: d.receivedAt.slice(0, 10),
    state: 'acked',
    version: 1,
    versionSeq: 1,
    ackVersion: 1,
  });
}

async function handOver(db: DeskDb, d: Dossier, at: string, recipientIdNumber = d.applicant.idNumber): Promise<void> {
  await db.dossiers.update(d.id, {
    status: 10,
    handover: { recipientName: 'Người nhận', relation: 'self', recipientIdNumber, at, officerId: 'o', officerName: 'Cán bộ' },
  });
}

async function attach(db: DeskDb, d: Dossier, text: string): Promise<void> {
  await db.files.add(
    await pdfFile(db.protection, new TextEncoder().encode(text), {
      dossierId: d.id,
      kind: 'scan',
      specId: 'to-khai',
      name: `${d.code}-to-khai.pdf`,
      createdAt: d.receivedAt,
    }),
  );
}

test('retention removes only settled, closed dossiers older than the period, with everything they hold, and logs their codes', async () => {
  const db = openTestDb('retention');
  const returnedOld = await receive(db, '2023-03-01T02:00:00Z');
  await handOver(db, returnedOld, '2023-03-10T09:00:00+07:00');
  await attach(db, returnedOld, '%PDF old');
  await settle(db, returnedOld);
  const refusedOld = await receive(db, '2023-04-01T02:00:00Z', 'refused');
  await settle(db, refusedOld);
  const unsent = await receive(db, '2023-05-01T02:00:00Z');
  await handOver(db, unsent, '2023-05-10T09:00:00+07:00');
  const openOld = await receive(db, '2023-06-01T02:00:00Z');
  await settle(db, openOld);
  const returnedRecently = await receive(db, '2023-07-01T02:00:00Z');
  await handOver(db, returnedRecently, '2025-12-01T09:00:00+07:00');
  await settle(db, returnedRecently);

  assert.equal(await applyRetention(db, 'admin', NOW), 0, 'no period set: nothing is removed');
  await assert.rejects(saveRetention(db, { months: 0 }, 'admin'), { code: 'bad-retention' });
  await saveRetention(db, { months: 24 }, 'admin');
  assert.equal(await applyRetention(db, 'admin', NOW), 2);

  const left = (await db.dossiers.toArray()).map((d) => d.id).sort();
  assert.deepEqual(left, [unsent.id, openOld.id, returnedRecently.id].sort(), 'unsent, still open and recently closed dossiers stay');
  assert.equal(await db.files.where('dossierId').equals(returnedOld.id).count(), 0, 'its files went with it');
  assert.equal(await db.dossierSync.get(returnedOld.id), undefined);
  const log = (await db.audit.toArray()).filter((a) => a.action === 'retention');
  assert.equal(log.length, 1);
  assert.match(log[0]!.detail!, new RegExp(`2 removed \\(24 months\\): .*${returnedOld.code.replace(/\./g, '\\.')}`));
  assert.ok(!log[0]!.detail!.includes('Nguyễn'), 'codes only in the log');
  assert.equal(await applyRetention(db, 'admin', NOW), 0, 'a second run finds nothing more');
});

test('a dossier returned by an electronic hand-over (file or QR) closes then, and goes once the period has passed since', async () => {
  const db = openTestDb('retention-electronic');
  const returned = async (receivedAt: string, deliveredAt: string) => {
    const d = await receive(db, receivedAt);
    const delivery = { channel: 'qr' as const, at: deliveredAt, officerId: 'o', officerName: 'Cán bộ' };
    await db.dossiers.update(d.id, {
      status: 10,
      electronicResult: {
        fileId: 'f',
        sha256: 'a'.repeat(64),
        name: 'kq.pdf',
        signer: 'UBND',
        verdict: 'valid',
        attachedAt: deliveredAt,
        officerId: 'o',
        delivery,
      },
    });
    await settle(db, d);
    return d;
  };
  const old = await returned('2023-03-01T02:00:00Z', '2023-03-10T09:00:00+07:00');
  const recent = await returned('2023-04-01T02:00:00Z', '2025-12-01T09:00:00+07:00');
  await saveRetention(db, { months: 24 }, 'admin');
  assert.equal(await applyRetention(db, 'admin', NOW), 1);
  assert.deepEqual(
    (await db.dossiers.toArray()).map((d) => d.id),
    [recent.id],
  );
  assert.equal(await db.dossiers.get(old.id), undefined);
});

test("a citizen's export holds every dossier naming their ID number, its files in the clear, and no one else's", async () => {
  const db = openTestDb('export');
  const ID = '001190234567';
  const asApplicant = await receive(db, '2026-11-02T02:00:00Z', 'accepted', { fullName: 'Nguyễn Thị Hương Giang', idNumber: ID });
  await attach(db, asApplicant, '%PDF giấy tờ của Giang');
  const asRepresentative = await receive(db, '2026-11-03T02:00:00Z', 'accepted', {
    fullName: 'Trần Văn Bình',
    idNumber: '079085111222',
    representative: { fullName: 'Nguyễn Thị Hương Giang', idNumber: ID },
  });
  const collected = await receive(db, '2026-11-04T02:00:00Z', 'accepted', { fullName: 'Lê Thị Cúc', idNumber: '036180999888' });
  await handOver(db, collected, '2026-11-10T09:00:00+07:00', ID);
  const unrelated = await receive(db, '2026-11-05T02:00:00Z', 'accepted', { fullName: 'Phạm Văn Dũng', idNumber: '001085777666' });
  await attach(db, unrelated, '%PDF của người khác');

  await assert.rejects(exportCitizen(db, '12345', 'admin', NOW), { code: 'bad-id-number' });
  const result = await exportCitizen(db, '0011 9023 4567', 'admin', NOW);
  assert.equal(result.dossiers, 3);
  assert.equal(result.files, 1);
  const zip = unzipSync(result.zip);
  const body = JSON.parse(strFromU8(zip['ho-so.json']!)) as { idNumber: string; dossiers: Array<{ dossier: Dossier; audit: unknown[] }> };
  assert.equal(body.idNumber, ID);
  assert.deepEqual(body.dossiers.map((r) => r.dossier.id).sort(), [asApplicant.id, asRepresentative.id, collected.id].sort());
  assert.ok(
    body.dossiers.every((r) => r.audit.length > 0),
    "each dossier's audit trail is included",
  );
  assert.equal(strFromU8(zip[`tep/${asApplicant.code}/${asApplicant.code}-to-khai.pdf`]!), '%PDF giấy tờ của Giang');
  assert.ok(!Object.keys(zip).some((k) => k.includes(unrelated.code)), "no one else's files");
  assert.ok(!strFromU8(zip['ho-so.json']!).includes('Phạm Văn Dũng'));
  const logged = (await db.audit.toArray()).find((a) => a.action === 'export');
  assert.equal(logged?.detail, '3 dossiers, 1 files, 0 drafts');
  assert.ok(!JSON.stringify(logged).includes(ID), 'the request is logged without the ID number');
});
