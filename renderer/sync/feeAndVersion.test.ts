// The fee computed at the decision and the procedure version it was received under travel to the
// province: recorded by reception, picked onto the wire by name, and accepted by the reference
// province's strict schema.
import { APPLICANT, PROCEDURE, deskInstant, officeSettings, openTestDb, testOfficer } from '../test-support/desk.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dossierSchema } from '#tests/provincial/intake.ts';
import type { Procedure, ReceivedComponent } from '#domain/model.ts';
import { installCatalog } from '../features/catalog/installCatalog.ts';
import { toWireDossier } from './wire.ts';

const { recordDecision } = await import('../features/reception/recordDecision.ts');

const VERSIONED: Procedure = {
  ...PROCEDURE,
  effectiveFrom: '2016-01-01',
  effectiveTo: '2027-02-28',
  fees: [
    { amount: 8000, label: 'Phí cấp bản sao', channels: ['direct'], exemptions: [{ when: { applicant: 'disabled' }, basis: 'căn cứ miễn (dữ liệu thử)' }] },
  ],
};

async function receive(exempt: boolean) {
  const db = openTestDb('fee-version');
  const officer = await testOfficer();
  await installCatalog(db, { version: 't', effectiveFrom: '2016-01-01', procedures: [VERSIONED] }, officer.id);
  const components: ReceivedComponent[] = VERSIONED.components.map((c) => ({
    specId: c.id,
    name: c.name,
    received: true,
    kind: c.accepted[0]!,
    count: c.count,
  }));
  return recordDecision(
    db,
    { procedure: VERSIONED, applicant: APPLICANT, components, sets: 1, decision: 'accepted', ...(exempt ? { exemptGroups: ['disabled' as const] } : {}) },
    { settings: officeSettings(), officer, now: deskInstant('2026-12-07', '09:00') },
  );
}

test('reception records the version in force; the wire carries it and the fee, and the province accepts them', async () => {
  const paid = await receive(false);
  assert.deepEqual(paid.procedureVersion, { effectiveFrom: '2016-01-01', effectiveTo: '2027-02-28' });
  const wire = toWireDossier(paid, [], 1);
  assert.deepEqual(wire.fee, { amount: 8000, reasons: [{ label: 'Phí cấp bản sao', amount: 8000 }] });
  assert.deepEqual(wire.procedureVersion, { effectiveFrom: '2016-01-01', effectiveTo: '2027-02-28' });
  const parsed = dossierSchema.safeParse(wire);
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));

  const exempt = toWireDossier(await receive(true), [], 1);
  assert.deepEqual(exempt.fee, {
    amount: 0,
    reasons: [{ label: 'Phí cấp bản sao', amount: 0, exemption: { kind: 'disabled', basis: 'căn cứ miễn (dữ liệu thử)' } }],
  });
  assert.ok(dossierSchema.safeParse(exempt).success);
});

test('an open-ended version is sent with null ends; a dossier stored before either was kept sends neither', async () => {
  const dossier = await receive(false);
  const open = toWireDossier({ ...dossier, procedureVersion: { effectiveFrom: null, effectiveTo: null } }, [], 1);
  assert.deepEqual(open.procedureVersion, { effectiveFrom: null, effectiveTo: null });
  assert.ok(dossierSchema.safeParse(open).success);
  const { fee: _fee, procedureVersion: _version, ...older } = dossier;
  const wire = toWireDossier(older, [], 1);
  assert.ok(!('fee' in wire) && !('procedureVersion' in wire));
  assert.ok(dossierSchema.safeParse(wire).success);
});
