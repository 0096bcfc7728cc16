// Digitisation metadata saved on a scanned component, and a returning citizen's paper reused:
// real IndexedDB (fake-indexeddb) with the desk's keys, the decision's own transaction.
import { APPLICANT, PROCEDURE, deskInstant, officeSettings, openTestDb, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReceivedComponent } from '#domain/model.ts';
import type { DigitisationInput } from '#domain/digitisation/metadata.ts';
import { isDeskError } from '#domain/errors.ts';
import { pdfFile } from '#renderer/db/pdfFile.ts';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import { installCatalog } from '../catalog/installCatalog.ts';

const { recordDecision } = await import('../reception/recordDecision.ts');
const { saveDigitisation } = await import('./saveDigitisation.ts');
const { recheckReuse, reuseOffers } = await import('./reuse.ts');

const CARD: DigitisationInput = {
  documentType: 'Thẻ căn cước',
  number: '001090123456',
  issuedOn: '2024-07-01',
  issuer: 'Cục Cảnh sát QLHC về TTXH',
  summary: '',
  validUntil: '2030-01-01',
  reusable: true,
  owner: 'applicant',
};
const SCAN = new TextEncoder().encode('%PDF-1.7 the card, scanned\n%%EOF');

const checklist = (): ReceivedComponent[] =>
  PROCEDURE.components.map((c) => ({ specId: c.id, name: c.name, received: true, kind: c.accepted[0]!, count: c.count }));

async function accept(db: DeskDb, officer: Officer, day: string, extra: { reuse?: Array<{ specId: string; fromDossierId: string; fileId: string }> } = {}) {
  return recordDecision(
    db,
    { procedure: PROCEDURE, applicant: APPLICANT, components: checklist(), sets: 1, decision: 'accepted', ...extra },
    { settings: officeSettings(), officer, now: deskInstant(day, '09:00') },
  );
}

async function desk() {
  const db = openTestDb('digitisation');
  const officer = await testOfficer();
  await installCatalog(db, { version: 't', effectiveFrom: '2025-01-01', procedures: [PROCEDURE] }, officer.id);
  return { db, officer };
}

async function scanned(db: DeskDb, dossierId: string) {
  const file = await pdfFile(db.protection, SCAN, { dossierId, kind: 'scan', specId: 'can-cuoc', name: 'card.pdf', createdAt: '2026-12-01T09:05:00+07:00' });
  await db.files.add(file);
  return file;
}

test('metadata needs a scan, is refused with a future issue date, and once saved goes with the dossier, its log row and its outbox entry', async () => {
  const { db, officer } = await desk();
  const first = await accept(db, officer, '2026-12-01');
  await assert.rejects(
    saveDigitisation(db, first.id, 'can-cuoc', CARD, officer, deskInstant('2026-12-01', '09:10')),
    (e) => isDeskError(e) && e.code === 'digitisation-no-scan',
  );
  await scanned(db, first.id);
  const outbox = await db.outbox.count();
  await assert.rejects(
    saveDigitisation(db, first.id, 'can-cuoc', { ...CARD, issuedOn: '2026-12-02' }, officer, deskInstant('2026-12-01', '09:10')),
    (e) => isDeskError(e) && e.code === 'digitisation-invalid' && /sau hôm nay/.test(e.text.vi),
  );
  assert.equal(await db.outbox.count(), outbox, 'a refused entry writes nothing');
  assert.equal(await db.digitisationLog.count(), 0);

  const saved = await saveDigitisation(db, first.id, 'can-cuoc', CARD, officer, deskInstant('2026-12-01', '09:10'));
  const meta = saved.components.find((c) => c.specId === 'can-cuoc')?.digitisation;
  assert.equal(meta?.number, '001090123456');
  assert.equal(meta?.owner.idNumber, APPLICANT.idNumber);
  assert.deepEqual((await db.dossiers.get(first.id))?.components, saved.components);
  assert.equal(await db.outbox.count(), outbox + 1);
  // Corrected later: still one digitised component for the scorecard.
  await saveDigitisation(db, first.id, 'can-cuoc', { ...CARD, issuer: 'Bộ Công an' }, officer, deskInstant('2026-12-01', '09:20'));
  const log = await db.digitisationLog.toArray();
  assert.deepEqual(
    log.map((r) => [r.kind, r.dossierId, r.specId]),
    [['digitised', first.id, 'can-cuoc']],
  );
});

test('the same citizen coming back is offered the paper, and reusing it links the same sealed PDF to the new dossier with where it came from', async () => {
  const { db, officer } = await desk();
  const first = await accept(db, officer, '2026-12-01');
  const file = await scanned(db, first.id);
  await saveDigitisation(db, first.id, 'can-cuoc', CARD, officer, deskInstant('2026-12-01', '09:10'));

  const offers = await reuseOffers(db, ' 001 090 123 456 ', '2026-12-07');
  assert.deepEqual(
    offers.map((o) => [o.fromDossierId, o.fileId, o.digitisation.documentType]),
    [[first.id, file.id, 'Thẻ căn cước']],
  );
  assert.deepEqual(await reuseOffers(db, '001090999999', '2026-12-07'), [], 'another citizen is offered nothing');
  assert.deepEqual(await reuseOffers(db, APPLICANT.idNumber, '2030-01-02'), [], 'nothing once its validity has ended');

  const second = await accept(db, officer, '2026-12-07', { reuse: [{ specId: 'can-cuoc', fromDossierId: first.id, fileId: file.id }] });
  const reused = second.components.find((c) => c.specId === 'can-cuoc')?.digitisation;
  assert.deepEqual(reused?.reusedFrom, {
    fromDossierId: first.id,
    fromCode: first.code,
    sha256: file.sha256,
    at: '2026-12-07T09:00:00+07:00',
    officerId: officer.id,
  });
  assert.deepEqual((await db.dossiers.get(second.id))?.components, second.components, 'stored with the decision');
  const linked = await db.files.where('dossierId').equals(second.id).toArray();
  assert.deepEqual(
    linked.map((f) => [f.kind, f.specId, f.sha256]),
    [['scan', 'can-cuoc', file.sha256]],
  );
  assert.deepEqual(await db.protection.openBytes(linked[0]!.blob), SCAN);
  const reuses = await db.digitisationLog.where('[kind+at]').between(['reused', '2026-12-01'], ['reused', '2027-01-01']).toArray();
  assert.deepEqual(
    reuses.map((r) => [r.dossierId, r.fromDossierId, r.officerId]),
    [[second.id, first.id, officer.id]],
  );
  assert.equal((await reuseOffers(db, APPLICANT.idNumber, '2026-12-07')).length, 1, 'the reused copy is not offered a second time');
});

test('a paper that is not reusable cannot be linked, and the decision then writes nothing', async () => {
  const { db, officer } = await desk();
  const first = await accept(db, officer, '2026-12-01');
  const file = await scanned(db, first.id);
  await saveDigitisation(db, first.id, 'can-cuoc', { ...CARD, reusable: false }, officer, deskInstant('2026-12-01', '09:10'));
  assert.deepEqual(await reuseOffers(db, APPLICANT.idNumber, '2026-12-07'), []);
  const dossiers = await db.dossiers.count();
  await assert.rejects(
    accept(db, officer, '2026-12-07', { reuse: [{ specId: 'can-cuoc', fromDossierId: first.id, fileId: file.id }] }),
    (e) => isDeskError(e) && e.code === 'reuse-refused',
  );
  assert.equal(await db.dossiers.count(), dossiers);
  assert.equal(await db.digitisationLog.where('[kind+at]').between(['reused', ''], ['reused', '\uffff']).count(), 0);
});

test('a choice restored with the draft is kept while its paper may be reused, and dropped with its component unticked once it may not or is gone', async () => {
  const { db, officer } = await desk();
  const first = await accept(db, officer, '2026-12-01');
  const file = await scanned(db, first.id);
  await saveDigitisation(db, first.id, 'can-cuoc', CARD, officer, deskInstant('2026-12-01', '09:10'));
  const choice = { specId: 'can-cuoc', fromDossierId: first.id, fileId: file.id };
  const form = { applicant: APPLICANT, components: checklist(), reuse: [choice] };

  assert.deepEqual(await recheckReuse(db, form, '2026-12-07'), { reuse: [choice], components: form.components, notice: null });
  // Filed by a representative: the paper is still the citizen's, reached through the representative's dossier.
  const forRepresentative = {
    ...form,
    applicant: { ...APPLICANT, idNumber: '001088004321', representative: { fullName: 'Người nộp thay', idNumber: APPLICANT.idNumber } },
  };
  assert.equal((await recheckReuse(db, forRepresentative, '2026-12-07')).notice, null);

  const expired = await recheckReuse(db, form, '2030-01-02');
  assert.deepEqual(expired.reuse, []);
  assert.deepEqual(
    expired.components.map((c) => [c.specId, c.received]),
    form.components.map((c) => [c.specId, c.specId !== 'can-cuoc']),
    'only the component the paper was chosen for is unticked',
  );
  const name = PROCEDURE.components.find((c) => c.id === 'can-cuoc')!.name;
  assert.equal(
    expired.notice?.vi,
    `Đã bỏ chọn dùng lại giấy tờ đã số hóa cho «${name}»: giấy tờ đó không còn dùng lại được (hết hiệu lực, đã thay đổi hoặc không còn trên quầy). Hãy nhận giấy tờ hoặc quét bản mới.`,
  );
  assert.match(expired.notice?.en ?? '', /^The choice to reuse a digitised paper for «.+» was dropped/);

  assert.deepEqual((await recheckReuse(db, { ...form, applicant: { ...APPLICANT, idNumber: '001090999999' } }, '2026-12-07')).reuse, [], 'another citizen');
  await saveDigitisation(db, first.id, 'can-cuoc', { ...CARD, reusable: false }, officer, deskInstant('2026-12-02', '09:10'));
  assert.deepEqual((await recheckReuse(db, form, '2026-12-07')).reuse, [], 'marked not reusable meanwhile');
  await saveDigitisation(db, first.id, 'can-cuoc', CARD, officer, deskInstant('2026-12-03', '09:10'));
  await db.files.delete(file.id);
  assert.deepEqual((await recheckReuse(db, form, '2026-12-07')).reuse, [], 'the scan is no longer there');
});
