// Stopping a dossier (Mẫu 05) and the hand-offs of its paper file (Mẫu 06) through the real form
// renderer and a real IndexedDB: each action is one transaction with its audit and outbox
// entries; a refused action writes nothing.
import { APPLICANT, PROCEDURE, deskInstant, officeSettings, openTestDb, pdfText, snapshot, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Dossier, ReceivedComponent } from '#domain/model.ts';
import { installCatalog } from '../catalog/installCatalog.ts';
import { ulid } from 'ulid';

const { recordDecision } = await import('../reception/recordDecision.ts');
const { stopDossier, recordHandOff, issueControlSheet, controlSheetRequest, nextGiver, STOPPED, IN_PROCESSING } = await import('./processing.ts');
const { isOverdue } = await import('../dossiers/dossierQuery.ts');
const { toWireDossier } = await import('#renderer/sync/wire.ts');

async function received(label: string, extra: Partial<Parameters<typeof recordDecision>[1]> = {}, time = '09:00:00') {
  const db = openTestDb(label);
  await installCatalog(db, { version: 't', effectiveFrom: '2025-01-01', procedures: [PROCEDURE] }, 'admin');
  const officer = await testOfficer();
  const components: ReceivedComponent[] = PROCEDURE.components.map((c) => ({
    specId: c.id,
    name: c.name,
    received: true,
    kind: c.accepted[0]!,
    count: c.count,
  }));
  const dossier = await recordDecision(
    db,
    { procedure: PROCEDURE, applicant: APPLICANT, components, sets: 1, decision: 'accepted', ...extra },
    { settings: officeSettings(), officer, now: new Date(`2025-11-24T${time}+07:00`) },
  );
  return { db, officer, dossier };
}

test('stopping a received dossier files Mẫu 05 with the reason, makes it 8 and no longer overdue, in one transaction', async () => {
  const { db, officer, dossier } = await received('stop');
  const late = deskInstant('2025-12-20', '08:00');
  assert.equal(isOverdue(dossier, late), true);
  const outbox = await db.outbox.count();
  const { dossier: stopped, file } = await stopDossier(
    db,
    dossier,
    { reason: 'Người nộp có văn bản đề nghị dừng giải quyết', guidance: 'Nhận lại hồ sơ tại Bộ phận một cửa', leaderName: 'Lê Văn Cường' },
    officeSettings(),
    officer,
    deskInstant('2025-11-25', '10:00'),
  );
  assert.equal(stopped.status, STOPPED);
  assert.equal(stopped.stop?.reason, 'Người nộp có văn bản đề nghị dừng giải quyết');
  assert.equal(stopped.stop?.at, '2025-11-25T10:00:00+07:00');
  assert.equal(isOverdue(stopped, late), false);
  assert.equal(file.kind, 'stop');
  const text = pdfText(await db.protection.openBytes(file.blob));
  for (const expected of ['THÔNG BÁO', 'DỪNG GIẢI QUYẾT HỒ SƠ', 'Lý do: Người nộp có văn bản đề nghị dừng giải quyết', dossier.code, 'Lê Văn Cường']) {
    assert.ok(text.includes(expected), `${expected} in ${text}`);
  }
  assert.deepEqual(await db.dossiers.get(dossier.id), stopped);
  assert.equal(await db.outbox.count(), outbox + 1);
  const entry = await db.audit.orderBy('seq').last();
  assert.deepEqual([entry?.action, entry?.detail], ['stop', 'mau-05']);
  // The province learns the stop with the dossier's body.
  assert.deepEqual(toWireDossier(stopped, [], 2).stop, stopped.stop);
});

test('a stop without a reason, or of a dossier already stopped, is refused and writes nothing', async () => {
  const { db, officer, dossier } = await received('stop-refused');
  const before = await snapshot(db);
  await assert.rejects(stopDossier(db, dossier, { reason: '   ' }, officeSettings(), officer), /stop\.no-reason|lý do/);
  assert.deepEqual(await snapshot(db), before);
  const { dossier: stopped } = await stopDossier(db, dossier, { reason: 'Lý do' }, officeSettings(), officer);
  const after = await snapshot(db);
  await assert.rejects(
    stopDossier(db, stopped, { reason: 'Lần nữa' }, officeSettings(), officer),
    (e: Error & { code?: string }) => e.code === 'stop.not-applicable',
  );
  assert.deepEqual(await snapshot(db), after);
  // Nor is there a late result to apologise for (Mẫu 04) once the processing stopped.
  const { issueApology } = await import('../results/issueApology.ts');
  await assert.rejects(
    issueApology(db, stopped, { reason: 'Chậm', newAppointmentAt: '2025-12-30T10:00:00+07:00' }, officeSettings(), officer),
    (e: Error & { code?: string }) => e.code === 'apology.not-applicable',
  );
  assert.deepEqual(await snapshot(db), after);
});

test('hand-offs: the first makes the dossier 4, each is kept in order and Mẫu 06 lists them with the receiver', async () => {
  const { db, officer, dossier } = await received('hand-off');
  const settings = officeSettings();
  assert.equal(nextGiver(dossier, settings), settings.unitName.trim() || settings.officeName);
  const first = await recordHandOff(
    db,
    dossier.id,
    { from: nextGiver(dossier, settings), to: 'Công chức Tư pháp - Hộ tịch', receiverName: 'Đỗ Thị Lan', at: '2025-11-24T10:15:00+07:00' },
    officer,
    deskInstant('2025-11-24', '10:20'),
  );
  assert.equal(first.status, IN_PROCESSING);
  assert.equal(nextGiver(first, settings), 'Công chức Tư pháp - Hộ tịch');
  const second = await recordHandOff(
    db,
    dossier.id,
    { from: nextGiver(first, settings), to: 'Chủ tịch UBND phường', at: '2025-11-25T08:30:00+07:00', note: 'Trình ký' },
    officer,
    deskInstant('2025-11-25', '09:00'),
  );
  assert.deepEqual(
    second.handOffs?.map((h) => [h.from, h.to, h.at]),
    [
      [nextGiver(dossier, settings), 'Công chức Tư pháp - Hộ tịch', '2025-11-24T10:15:00+07:00'],
      ['Công chức Tư pháp - Hộ tịch', 'Chủ tịch UBND phường', '2025-11-25T08:30:00+07:00'],
    ],
  );
  assert.equal(second.status, IN_PROCESSING);
  assert.deepEqual(await db.dossiers.get(dossier.id), second);
  assert.equal((await db.audit.filter((e) => e.action === 'hand-off').toArray()).length, 2);

  const file = await issueControlSheet(db, second, settings, officer, deskInstant('2025-11-25', '09:05'));
  assert.equal(file.kind, 'control');
  const text = pdfText(await db.protection.openBytes(file.blob));
  for (const expected of [
    'PHIẾU KIỂM SOÁT',
    'Công chức Tư pháp - Hộ tịch',
    'Chủ tịch UBND phường',
    'Người nhận: Đỗ Thị Lan',
    'Trình ký',
    '10 giờ 15 phút, ngày 24/11/2025',
  ]) {
    assert.ok(text.includes(expected), `${expected} in ${text}`);
  }
  assert.deepEqual(toWireDossier(second, [], 3).handOffs, second.handOffs);
});

test('a hand-off in the future, before the previous one or without a receiving unit is refused and writes nothing', async () => {
  const { db, officer, dossier } = await received('hand-off-refused');
  const now = deskInstant('2025-11-24', '11:00');
  const before = await snapshot(db);
  const at = (hhmm: string) => `2025-11-24T${hhmm}:00+07:00`;
  await assert.rejects(recordHandOff(db, dossier.id, { from: 'Một cửa', to: ' ', at: at('10:00') }, officer, now), /hand-off\.no-unit|đơn vị/);
  await assert.rejects(recordHandOff(db, dossier.id, { from: 'Một cửa', to: 'Tư pháp', at: at('11:30') }, officer, now), /đã qua|already past/);
  await assert.rejects(recordHandOff(db, dossier.id, { from: 'Một cửa', to: 'Tư pháp', at: at('08:00') }, officer, now), /trước|earlier/);
  assert.deepEqual(await snapshot(db), before);
  // Typed to the minute: the minute of the receipt itself (09:00:00 here, 09:00:40 below) is allowed.
  const { db: db2, officer: officer2, dossier: second } = await received('hand-off-same-minute', {}, '09:00:40');
  const same = await recordHandOff(db2, second.id, { from: 'Một cửa', to: 'Tư pháp', at: at('09:00') }, officer2, now);
  assert.equal(same.handOffs?.length, 1);
});

test('the control sheet of a dossier filed beyond the boundary names the competent agency', async () => {
  const beyondBoundary: Dossier['beyondBoundary'] = {
    receiving: { name: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56' },
    competent: { name: 'UBND Phường Hoàn Kiếm', agencyId: '000.17.21.H56' },
    decision: '999/QĐ-UBND',
  };
  const { dossier } = await received('control-beyond');
  const request = controlSheetRequest({ ...dossier, beyondBoundary }, officeSettings());
  assert.equal(request.competentAgency, 'UBND Phường Hoàn Kiếm');
  assert.equal(controlSheetRequest(dossier, officeSettings()).competentAgency, undefined);
});

test('the tracking book (Mẫu 07) gives a stopped dossier its stop date and a dossier filed beyond the boundary its competent agency as lead', async () => {
  const { ledgerRequest } = await import('../dossiers/ledger.ts');
  const { db, officer, dossier } = await received('ledger-stop');
  const { dossier: stopped } = await stopDossier(db, dossier, { reason: 'Rút hồ sơ' }, officeSettings(), officer, deskInstant('2025-11-24', '10:00'));
  const beyondBoundary = {
    receiving: { name: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56' },
    competent: { name: 'UBND Phường Hoàn Kiếm', agencyId: '000.17.21.H56' },
    decision: '999/QĐ-UBND',
  };
  await db.dossiers.put({ ...stopped, id: ulid(), code: `${stopped.code}9`, stop: undefined, status: 2, beyondBoundary });
  const request = await ledgerRequest(db, officeSettings(), '2025-11-01', '2025-11-30', deskInstant('2025-12-05', '08:00'));
  const byCode = new Map(request.rows.map((r) => [r.code, r]));
  assert.equal(byCode.get(stopped.code)?.stoppedAt, '2025-11-24T10:00:00+07:00');
  assert.equal(byCode.get(stopped.code)?.leadAgency, officeSettings().officeName);
  assert.equal(byCode.get(`${stopped.code}9`)?.leadAgency, 'UBND Phường Hoàn Kiếm');
  assert.equal(byCode.get(`${stopped.code}9`)?.stoppedAt, undefined);
});
