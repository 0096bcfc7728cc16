// The letter of apology through the real form renderer: the new appointment replaces the old
// one (kept in the extension), the letter is filed, all in one transaction; a new date that is
// not later is refused with nothing written. The ledger lists the period's dossiers.
import { APPLICANT, PROCEDURE, deskInstant, officeSettings, openTestDb, pdfText, snapshot, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReceivedComponent } from '#domain/model.ts';
import { installCatalog } from '../catalog/installCatalog.ts';

const { recordDecision } = await import('../reception/recordDecision.ts');
const { issueApology } = await import('./issueApology.ts');
const { ledgerRequest } = await import('../dossiers/ledger.ts');
const { fakeDesk } = await import('#renderer/test-support/desk.ts');

async function received(db: ReturnType<typeof openTestDb>, day: string) {
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
    { procedure: PROCEDURE, applicant: APPLICANT, components, sets: 1, decision: 'accepted' },
    { settings: officeSettings(), officer, now: deskInstant(day, '09:00') },
  );
  return { officer, dossier };
}

test('the apology letter moves the appointment, keeps the old one, and is filed with the dossier', async () => {
  const db = openTestDb('apology');
  await installCatalog(db, { version: 't', effectiveFrom: '2025-01-01', procedures: [PROCEDURE] }, 'admin');
  const { officer, dossier } = await received(db, '2025-11-24');
  const later = '2025-12-15T10:00:00+07:00';
  const outbox = await db.outbox.count();
  const { dossier: updated, file } = await issueApology(
    db,
    dossier,
    { reason: 'Chờ xác minh thông tin hộ tịch', newAppointmentAt: later },
    officeSettings(),
    officer,
    deskInstant('2025-11-28', '08:00'),
  );
  assert.equal(updated.appointmentAt, later);
  assert.deepEqual(
    updated.extensions?.map((e) => [e.previousAppointmentAt, e.newAppointmentAt]),
    [[dossier.appointmentAt, later]],
  );
  assert.equal(file.kind, 'apology');
  const text = pdfText(await db.protection.openBytes(file.blob));
  assert.ok(text.includes('Chờ xác minh thông tin hộ tịch') && text.includes(dossier.code), text);
  assert.deepEqual(await db.dossiers.get(dossier.id), updated);
  assert.equal(await db.outbox.count(), outbox + 1);
});

test('a new date that is not later than the appointment is refused, nothing written', async () => {
  const db = openTestDb('apology-refused');
  await installCatalog(db, { version: 't', effectiveFrom: '2025-01-01', procedures: [PROCEDURE] }, 'admin');
  const { officer, dossier } = await received(db, '2025-11-24');
  const before = await snapshot(db);
  await assert.rejects(issueApology(db, dossier, { reason: 'Lý do', newAppointmentAt: dossier.appointmentAt! }, officeSettings(), officer), /newAppointmentAt/);
  assert.deepEqual(await snapshot(db), before);
  assert.deepEqual(await db.dossiers.get(dossier.id), dossier);
});

test('the ledger lists the accepted dossiers of the period and renders as Mẫu 07', async () => {
  const db = openTestDb('ledger');
  await installCatalog(db, { version: 't', effectiveFrom: '2025-01-01', procedures: [PROCEDURE] }, 'admin');
  const { dossier: inside } = await received(db, '2025-11-24');
  const { dossier: outside } = await received(db, '2025-12-02');
  const request = await ledgerRequest(db, officeSettings(), '2025-11-01', '2025-11-30', deskInstant('2025-12-05', '08:00'));
  assert.deepEqual(
    request.rows.map((r) => r.code),
    [inside.code],
  );
  // The book breaks long codes after '-' (pdftotext drops it there): compare without breaks and dashes.
  const flat = (s: string) => s.replace(/[\s-]+/g, '');
  const text = flat(pdfText(await fakeDesk['forms.render'](request)));
  assert.ok(text.includes(flat(inside.code)) && !text.includes(flat(outside.code)), text.slice(0, 400));
});
