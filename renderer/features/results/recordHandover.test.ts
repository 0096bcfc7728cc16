// The hand-over of a result: only for a dossier whose result is ready, one transaction with
// its audit and outbox entries, and an authorised person must give a valid ID number.
import { APPLICANT, acceptedTestDossier, deskInstant, snapshot } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const { recordHandover, RETURNED } = await import('./recordHandover.ts');

async function receivedDossier() {
  const { db, officer, dossier } = await acceptedTestDossier('handover');
  return { db, officer, dossier };
}

test('a ready result is handed over: status 10, who and when, audit and outbox together', async () => {
  const { db, officer, dossier } = await receivedDossier();
  await db.dossiers.update(dossier.id, { status: 9 });
  const outbox = await db.outbox.count();
  const done = await recordHandover(
    db,
    dossier.id,
    { recipientName: ' Nguyễn Văn An ', relation: 'self', recipientIdNumber: APPLICANT.idNumber },
    officer,
    deskInstant('2025-12-01', '14:30'),
  );
  assert.equal(done.status, RETURNED);
  assert.equal(done.handover?.recipientName, 'Nguyễn Văn An');
  assert.equal(done.handover?.at, '2025-12-01T14:30:00+07:00');
  assert.deepEqual(await db.dossiers.get(dossier.id), done);
  assert.equal(await db.outbox.count(), outbox + 1);
  assert.equal((await db.audit.where('dossierId').equals(dossier.id).toArray()).at(-1)?.action, 'handover');
});

test('no result yet, a second hand-over, or an authorised person without a valid ID: refused, nothing written', async () => {
  const { db, officer, dossier } = await receivedDossier();
  const before = await snapshot(db);
  await assert.rejects(recordHandover(db, dossier.id, { recipientName: 'An', relation: 'self', recipientIdNumber: '' }, officer), {
    code: 'handover.not-ready',
  });
  await db.dossiers.update(dossier.id, { status: 9 });
  await assert.rejects(recordHandover(db, dossier.id, { recipientName: 'Trần Thị Bình', relation: 'authorised', recipientIdNumber: '12345' }, officer), {
    code: 'handover.id',
  });
  await assert.rejects(recordHandover(db, dossier.id, { recipientName: '  ', relation: 'self', recipientIdNumber: '' }, officer), { code: 'handover.no-name' });
  assert.deepEqual(await snapshot(db), before);
  await recordHandover(db, dossier.id, { recipientName: 'An', relation: 'self', recipientIdNumber: '' }, officer);
  await assert.rejects(recordHandover(db, dossier.id, { recipientName: 'An', relation: 'self', recipientIdNumber: '' }, officer), {
    code: 'handover.not-ready',
  });
});
