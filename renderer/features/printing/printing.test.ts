// The renderer's side of printing, over the real main handlers (renderer/test-support/desk.ts,
// main printing as the desktop app does to a test spooler): the form stored with the dossier is the
// one main prints, named by the hash the stored file carries; the printer is proposed, approved and
// audited; the office settings' old printer name is offered, never applied by itself, and cleared.
import { APPLICANT, PROCEDURE, hostConsole, hostSpooler, officeSettings, openTestDb, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '#domain/errors.ts';

const { printForm } = await import('./printForm.ts');
const { forgetLegacyPrinter, loadLegacyPrinter } = await import('./legacyPrinter.ts');
const { issueForm } = await import('../reception/issueForm.ts');
const { recordDecision } = await import('../reception/recordDecision.ts');
const { initialChecklist } = await import('../reception/ComponentChecklist.tsx');
const { confirmChange, proposeChange } = await import('../settings/adminChanges.ts');
const { OFFICE_KEY } = await import('../settings/officeSettings.ts');

async function acceptedReceipt(label: string) {
  const db = openTestDb(label);
  const officer = await testOfficer();
  const settings = officeSettings();
  await db.settings.put({ key: OFFICE_KEY, value: { ...settings, printer: 'Máy in cũ' } });
  const components = initialChecklist(PROCEDURE).map((c) => ({ ...c, received: true }));
  const dossier = await recordDecision(
    db,
    { procedure: PROCEDURE, applicant: APPLICANT, components, lookups: [], sets: 1, decision: 'accepted', reason: '' },
    { settings, officer },
  );
  const file = await issueForm(db, dossier, settings, officer);
  return { db, officer, file };
}

test('the stored receipt is what main prints: no printer yet opens the dialog; once approved, the same bytes go to it', async () => {
  const { db, officer, file } = await acceptedReceipt('print-receipt');
  assert.deepEqual(await printForm(file.sha256), { dialog: 'no-printer' });

  const change = { kind: 'set-printer', name: 'May-in-quay-1' } as const;
  const proposed = await proposeChange(db, change, officer.id);
  assert.equal(proposed.state, 'pending');
  await confirmChange(db, change, proposed.state === 'pending' ? proposed.pending : (null as never), hostConsole.lastCode(), officer.id);
  assert.equal((await db.audit.orderBy('seq').last())?.detail, 'admin set-printer May-in-quay-1');

  const outcome = await printForm(file.sha256);
  assert.ok('sent' in outcome && outcome.sent.printer === 'May-in-quay-1', JSON.stringify(outcome));
  assert.deepEqual(hostSpooler.jobs.at(-1)!.pdf, await db.protection.openBytes(file.blob));
});

test('a hash main never rendered is refused, and the refusal is reported as a failed print', async () => {
  const outcome = await printForm('0'.repeat(64));
  assert.ok('failed' in outcome && outcome.failed.code === 'print.unknown-form', JSON.stringify(outcome));
  assert.match(outcome.failed.text.vi, /Không có biểu mẫu/);
});

test('the old office printer name is offered, refused by main when not installed, and cleared with an audit entry', async () => {
  const { db, officer } = await acceptedReceipt('print-legacy');
  assert.equal(await loadLegacyPrinter(db), 'Máy in cũ');
  await assert.rejects(
    proposeChange(db, { kind: 'set-printer', name: 'Máy in cũ' }, officer.id),
    (e: unknown) => isDeskError(e) && e.code === 'print.printer-missing',
  );
  await forgetLegacyPrinter(db, officer.id);
  assert.equal(await loadLegacyPrinter(db), null);
  assert.equal(((await db.settings.get(OFFICE_KEY))?.value as { printer: string; officeName: string }).printer, '');
  assert.match((await db.audit.orderBy('seq').last())?.detail ?? '', /printer cleared/);
});
