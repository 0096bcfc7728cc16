// An electronic result: taken only on a signature the verifier did not find broken, stored with
// its dossier in one transaction (file, dossier, scorecard row, outbox), and its hand-over recorded.
import { APPLICANT, PROCEDURE, deskInstant, officeSettings, openTestDb, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '#domain/errors.ts';
import { returnedAt } from '#domain/digitisation/resultDelivery.ts';
import type { SignatureReport, VerifyReport } from '#preload/wire/signing.ts';
import { installCatalog } from '../catalog/installCatalog.ts';

const { recordDecision } = await import('../reception/recordDecision.ts');
const { attachResult, recordResultDelivery } = await import('./electronicResult.ts');
const { toWireDossier } = await import('#renderer/sync/wire.ts');

const PDF = new TextEncoder().encode('%PDF-1.7 the signed decision\n%%EOF');

function report(verdict: SignatureReport['verdict'] | null): VerifyReport {
  if (verdict === null) return { signatures: [] };
  const signature = {
    field: 'Sig1',
    kind: 'signature',
    verdict,
    reasons: verdict === 'invalid' ? [{ vi: 'Nội dung đã bị sửa sau khi ký.', en: 'The content was changed after signing.' }] : [],
    warnings: [],
    signer: 'Chủ tịch UBND phường',
    organisation: 'UBND Phường Hai Bà Trưng',
    signingTime: '2026-12-05T10:00:00+07:00',
    timeSource: 'claimed',
    level: 'B-B',
    format: 'PAdES B-B',
    subFilter: 'ETSI.CAdES.detached',
    signedRevision: { verdict, length: PDF.length },
    laterRevisions: 0,
    changes: [],
    permission: 2,
  } as SignatureReport;
  return { signatures: [signature] };
}

async function received() {
  const db = openTestDb('eresult');
  const officer = await testOfficer();
  await installCatalog(db, { version: 't', effectiveFrom: '2025-01-01', procedures: [PROCEDURE] }, officer.id);
  const components = PROCEDURE.components.map((c) => ({ specId: c.id, name: c.name, received: true, kind: c.accepted[0]!, count: c.count }));
  const dossier = await recordDecision(
    db,
    { procedure: PROCEDURE, applicant: APPLICANT, components, sets: 1, decision: 'accepted' },
    { settings: officeSettings(), officer, now: deskInstant('2026-12-01', '09:00') },
  );
  return { db, officer, dossier };
}

test('an unsigned or broken result file is refused and nothing is written', async () => {
  const { db, officer, dossier } = await received();
  const before = { files: await db.files.count(), outbox: await db.outbox.count() };
  await assert.rejects(attachResult(db, dossier.id, PDF, 'kq.pdf', report(null), officer), (e) => isDeskError(e) && e.code === 'result-unsigned');
  await assert.rejects(
    attachResult(db, dossier.id, PDF, 'kq.pdf', report('invalid'), officer),
    (e) => isDeskError(e) && e.code === 'result-signature-invalid' && /đã bị sửa/.test(e.text.vi),
  );
  assert.deepEqual({ files: await db.files.count(), outbox: await db.outbox.count() }, before);
  assert.equal(await db.digitisationLog.count(), 0);
});

test('a signed result is attached, counted once, handed over, and carried on the wire with its file', async () => {
  const { db, officer, dossier } = await received();
  const attached = await attachResult(db, dossier.id, PDF, 'ket/qua.pdf', report('indeterminate'), officer, deskInstant('2026-12-05', '10:30'));
  const r = attached.electronicResult!;
  assert.equal(r.verdict, 'indeterminate');
  assert.equal(r.signer, 'Chủ tịch UBND phường');
  assert.equal(r.name, 'ket_qua.pdf');
  const file = await db.files.get(r.fileId);
  assert.equal(file?.kind, 'result');
  assert.deepEqual(await db.protection.openBytes(file.blob), PDF);
  // A corrected file before hand-over replaces the first; the dossier is still one electronic result.
  const again = await attachResult(db, dossier.id, PDF.slice(0, -1), 'ket-qua-2.pdf', report('valid'), officer, deskInstant('2026-12-05', '10:40'));
  assert.equal(
    await db.files
      .where('dossierId')
      .equals(dossier.id)
      .filter((f) => f.kind === 'result')
      .count(),
    1,
  );
  assert.deepEqual(
    (await db.digitisationLog.toArray()).map((row) => [row.kind, row.dossierId]),
    [['electronic-result', dossier.id]],
  );

  const delivered = await recordResultDelivery(db, dossier.id, 'qr', officer, deskInstant('2026-12-05', '11:00'));
  assert.deepEqual(delivered.electronicResult?.delivery, {
    channel: 'qr',
    at: '2026-12-05T11:00:00+07:00',
    officerId: officer.id,
    officerName: officer.fullName,
  });
  await assert.rejects(attachResult(db, dossier.id, PDF, 'x.pdf', report('valid'), officer), (e) => isDeskError(e) && e.code === 'result-delivered');

  const files = await db.files.where('dossierId').equals(dossier.id).toArray();
  const wire = toWireDossier(delivered, files, 3);
  assert.equal(wire.electronicResult?.sha256, again.electronicResult?.sha256);
  assert.equal(wire.electronicResult?.delivery?.channel, 'qr');
  assert.ok(wire.files.some((f) => f.kind === 'result' && f.sha256 === wire.electronicResult?.sha256));
});

test('a hand-over by file or QR code returns the dossier (status 10) with its audit and outbox entries; printing leaves the status; a closed dossier is refused and nothing is written', async () => {
  const { db, officer, dossier } = await received();
  await attachResult(db, dossier.id, PDF, 'kq.pdf', report('valid'), officer, deskInstant('2026-12-05', '10:30'));
  const outbox = await db.outbox.count();

  const printed = await recordResultDelivery(db, dossier.id, 'print', officer, deskInstant('2026-12-05', '10:50'));
  assert.equal(printed.status, 2, 'printed: the paper hand-over returns it, as before');
  const handed = await recordResultDelivery(db, dossier.id, 'file', officer, deskInstant('2026-12-05', '11:00'));
  assert.equal(handed.status, 10);
  assert.deepEqual(await db.dossiers.get(dossier.id), handed, 'stored with the delivery');
  assert.equal(await db.outbox.count(), outbox + 2, 'each hand-over goes to the province');
  const entries = await db.audit.where('dossierId').equals(dossier.id).toArray();
  assert.deepEqual(
    entries.filter((e) => e.action === 'handover').map((e) => e.detail),
    ['electronic print', 'electronic file, status 10'],
  );
  assert.equal(returnedAt(handed), '2026-12-05T11:00:00+07:00');
  assert.equal(returnedAt(printed), undefined);
  const { ledgerRequest } = await import('../dossiers/ledger.ts');
  const book = await ledgerRequest(db, officeSettings(), '2026-12-01', '2026-12-31', deskInstant('2026-12-05', '12:00'));
  assert.equal(book.rows.find((r) => r.code === dossier.code)?.returnedAt, '2026-12-05T11:00:00+07:00', 'the tracking book dates the electronic return');

  await assert.rejects(
    recordResultDelivery(db, dossier.id, 'qr', officer),
    (e) => isDeskError(e) && e.code === 'result-returned' && /đã được trả/.test(e.text.vi),
  );
  // Stopped meanwhile (TrangThaiHoSo 8): there is no result to return.
  await db.dossiers.put({ ...handed, status: 8 });
  const before = { outbox: await db.outbox.count(), audit: await db.audit.count() };
  await assert.rejects(recordResultDelivery(db, dossier.id, 'qr', officer), (e) => isDeskError(e) && e.code === 'result-not-returnable');
  assert.deepEqual({ outbox: await db.outbox.count(), audit: await db.audit.count() }, before);
  assert.equal((await db.dossiers.get(dossier.id))?.status, 8);
});
