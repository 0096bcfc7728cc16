// The fee of one dossier from decision to paper: recordDecision computes it from the fee line,
// the channel and the exemption the officer ticked and stores it with the dossier in the same
// write, and the receipt main renders (read back with poppler) prints it with its reason.
import { APPLICANT, PROCEDURE, deskInstant, officeSettings, openTestDb, pdfText, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Procedure, ReceivedComponent } from '#domain/model.ts';
import { installCatalog } from '../catalog/installCatalog.ts';

// Both reach main through host.ts: load them after the fake host.
const { recordDecision } = await import('./recordDecision.ts');
const { issueForm } = await import('./issueForm.ts');

const BASIS = 'Luật Hộ tịch 2014 Điều 11 khoản 1 điểm a';
/** The test procedure with a civil-status fee that exempts disabled applicants and is free online. */
const FEE_PROCEDURE: Procedure = {
  ...PROCEDURE,
  fees: [
    {
      amount: 8000,
      label: 'Lệ phí cấp bản sao trích lục',
      channels: ['direct', 'online', 'post'],
      exemptions: [
        { when: { applicant: 'disabled' }, basis: BASIS },
        { when: { channel: 'online' }, basis: 'NQ 23/2026/NQ-HĐND Hải Phòng' },
      ],
    },
  ],
};
const settings = officeSettings();
const NOW = deskInstant('2025-11-24', '09:00');
const received: ReceivedComponent[] = FEE_PROCEDURE.components.map((c) => ({
  specId: c.id,
  name: c.name,
  received: true,
  kind: c.accepted[0]!,
  count: c.count,
}));

async function decide(extra: Partial<Parameters<typeof recordDecision>[1]>) {
  const db = openTestDb('fee');
  const officer = await testOfficer();
  await installCatalog(db, { version: '2026.12-test', effectiveFrom: '2025-01-01', procedures: [FEE_PROCEDURE] }, officer.id);
  const dossier = await recordDecision(
    db,
    { procedure: FEE_PROCEDURE, applicant: APPLICANT, components: received, sets: 1, decision: 'accepted', ...extra },
    { settings, officer, now: NOW },
  );
  return { db, officer, dossier };
}

test('an exemption the officer ticked is stored with the dossier and printed with its basis', async () => {
  const { db, officer, dossier } = await decide({ exemptGroups: ['disabled'] });
  assert.deepEqual(dossier.fee, {
    amount: 0,
    reasons: [{ label: 'Lệ phí cấp bản sao trích lục', amount: 0, exemption: { kind: 'disabled', basis: BASIS } }],
  });
  assert.deepEqual((await db.dossiers.get(dossier.id))?.fee, dossier.fee);
  const file = await issueForm(db, dossier, settings, officer);
  const text = pdfText(await db.protection.openBytes(file.blob));
  assert.ok(text.includes(`Lệ phí cấp bản sao trích lục: 0 đồng (miễn: người khuyết tật — ${BASIS})`), text);
  assert.ok(!text.includes('8.000'), 'the exempt amount is not printed');
});

test('without an exemption the desk charges the direct-channel amount; by post the same, online nothing', async () => {
  const direct = await decide({});
  assert.equal(direct.dossier.fee?.amount, 8000);
  const file = await issueForm(direct.db, direct.dossier, settings, direct.officer);
  assert.ok(pdfText(await direct.db.protection.openBytes(file.blob)).includes('Lệ phí cấp bản sao trích lục: 8.000 đồng'));
  assert.equal((await decide({ channel: 'post' })).dossier.fee?.amount, 8000);
  assert.equal((await decide({ channel: 'online' })).dossier.fee?.amount, 0);
});

test('a refused or supplement dossier owes no fee and stores none', async () => {
  const { dossier } = await decide({ decision: 'supplement', reason: 'Thiếu tờ khai' });
  assert.equal(dossier.fee, undefined);
});
