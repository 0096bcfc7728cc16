// The tracking book on real desks (fake-indexeddb, main's real form renderer through the test
// host): an accepted dossier takes its number with the decision, two desks never share one, the
// receipt and the printed book show the same number, and the label is the administrator's.
import { APPLICANT, PROCEDURE, deskInstant, officeSettings, openTestDb, pdfText, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Decision, Dossier } from '#domain/model.ts';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';
import { installCatalog } from '../catalog/installCatalog.ts';
import { saveOfficeSettings } from '../settings/saveOfficeSettings.ts';

// These reach main through host.ts: load them after the fake host.
const { recordDecision } = await import('../reception/recordDecision.ts');
const { issueForm } = await import('../reception/issueForm.ts');
const { ledgerRequest } = await import('./ledger.ts');
const { LEDGER_STATE_KEY, setBookLabel } = await import('./ledgerBook.ts');

const components = PROCEDURE.components.map((c) => ({ specId: c.id, name: c.name, received: true, kind: c.accepted[0]!, count: c.count }));

async function newDesk(label: string, settings: DeskSettings) {
  const db = openTestDb(label);
  const officer = await testOfficer();
  await installCatalog(db, { version: 't', effectiveFrom: '2025-01-01', procedures: [PROCEDURE] }, officer.id);
  return { db, officer, settings };
}

type Desk = Awaited<ReturnType<typeof newDesk>>;

function decide(desk: Desk, now: Date, decision: Decision = 'accepted', extra: object = {}): Promise<Dossier> {
  return recordDecision(
    desk.db,
    { procedure: PROCEDURE, applicant: APPLICANT, components, sets: 1, decision, ...(decision === 'accepted' ? {} : { reason: 'Thiếu giấy tờ' }), ...extra },
    { settings: desk.settings, officer: desk.officer, now },
  );
}

async function receiptText(db: DeskDb, dossier: Dossier, settings: DeskSettings, officer: Officer): Promise<string> {
  const file = await issueForm(db, dossier, settings, officer);
  return pdfText(await db.protection.openBytes(file.blob));
}

test('two desks number one book without sharing a number; the receipt and the printed book show each dossier’s own', async () => {
  const one = await newDesk('ledger-one', officeSettings({ deskNumber: 1, deskCount: 2 }));
  const two = await newDesk('ledger-two', officeSettings({ deskNumber: 2, deskCount: 2 }));
  const a1 = await decide(one, deskInstant('2025-11-24', '08:00'));
  const b1 = await decide(two, deskInstant('2025-11-24', '08:01'));
  // A supplement request and a refusal are not received: they take no number.
  const asked = await decide(one, deskInstant('2025-11-24', '08:02'), 'supplement');
  const refused = await decide(one, deskInstant('2025-11-24', '08:03'), 'refused');
  const a2 = await decide(one, deskInstant('2025-11-24', '08:04'));
  const b2 = await decide(two, deskInstant('2025-11-24', '08:05'));
  assert.deepEqual(
    [a1, a2, b1, b2].map((d) => d.ledger),
    [
      { book: '01/2025', year: 2025, number: 1 },
      { book: '01/2025', year: 2025, number: 3 },
      { book: '01/2025', year: 2025, number: 2 },
      { book: '01/2025', year: 2025, number: 4 },
    ],
  );
  assert.equal(asked.ledger, undefined);
  assert.equal(refused.ledger, undefined);
  assert.deepEqual((await one.db.dossiers.get(a2.id))?.ledger, a2.ledger, 'stored with the dossier');

  const text = await receiptText(one.db, a2, one.settings, one.officer);
  // Both copies of Mẫu 01 (the office's and the applicant's).
  assert.equal(text.split('Vào Sổ theo dõi hồ sơ, Quyển số: 01/2025 Số thứ tự: 3').length - 1, 2, text);
  const reprint = await receiptText(one.db, (await one.db.dossiers.get(a2.id))!, one.settings, one.officer);
  assert.match(reprint, /Quyển số: 01\/2025 Số thứ tự: 3/);

  const book = await ledgerRequest(one.db, one.settings, '2025-11-24', '2025-11-24', deskInstant('2025-11-24', '17:00'));
  assert.deepEqual(
    book.rows.map((r) => r.book),
    [
      { label: '01/2025', number: 1 },
      { label: '01/2025', number: 3 },
    ],
  );
});

test('a decision that fails inside its transaction takes no number: the next dossier gets it', async () => {
  const desk = await newDesk('ledger-rollback', officeSettings());
  // No beyond-boundary list is installed, so this is refused inside the decision's transaction.
  await assert.rejects(
    decide(desk, deskInstant('2025-11-24', '08:00'), 'accepted', { competentAgency: { name: 'UBND Phường Hoàn Kiếm', agencyId: '000.17.21.H56' } }),
    { code: 'beyond-boundary-not-allowed' },
  );
  assert.equal(await desk.db.settings.get(LEDGER_STATE_KEY), undefined);
  assert.equal((await decide(desk, deskInstant('2025-11-24', '08:01'))).ledger?.number, 1);
});

test('the book label is the administrator’s, audited; a dossier keeps the label it was numbered under', async () => {
  const desk = await newDesk('ledger-label', officeSettings());
  const before = await decide(desk, deskInstant('2025-11-24', '08:00'));
  await assert.rejects(setBookLabel(desk.db, 2025, '02/2025', desk.officer, deskInstant('2025-11-24', '09:00')), { code: 'ledger.bookLabelNotAdmin' });
  const admin = await testOfficer({ role: 'admin' });
  await assert.rejects(setBookLabel(desk.db, 2025, ' ', admin, deskInstant('2025-11-24', '09:00')), { code: 'ledger.bookLabel' });
  await setBookLabel(desk.db, 2025, '02/2025', admin, deskInstant('2025-11-24', '09:00'));
  const entry = (await desk.db.audit.toArray()).filter((a) => a.action === 'settings').at(-1);
  assert.equal(entry?.detail, 'ledger-book 2025: 01/2025 → 02/2025');
  const after = await decide(desk, deskInstant('2025-11-24', '10:00'));
  assert.deepEqual(after.ledger, { book: '02/2025', year: 2025, number: 2 }, 'the numbers go on in the year; the label is what the receipt prints');
  assert.equal((await desk.db.dossiers.get(before.id))?.ledger?.book, '01/2025');
});

test('a dossier accepted before the book was numbered prints the blanks and no number in the book, never a wrong one', async () => {
  const desk = await newDesk('ledger-old', officeSettings());
  const numbered = await decide(desk, deskInstant('2025-11-24', '08:00'));
  const { ledger: _dropped, ...old } = numbered;
  await desk.db.dossiers.put(old);
  const text = await receiptText(desk.db, old, desk.settings, desk.officer);
  assert.match(text, /Quyển số: …………… Số thứ tự: ……………/);
  const book = await ledgerRequest(desk.db, desk.settings, '2025-11-24', '2025-11-24', deskInstant('2025-11-24', '17:00'));
  assert.equal(book.rows[0]?.book, undefined);
});

test('a new book at midnight of 31 December desk time, under the label set for it; a desk renumbered mid-year keeps its share until then', async () => {
  const desk = await newDesk('ledger-year', officeSettings({ deskNumber: 1, deskCount: 2 }));
  const admin = await testOfficer({ role: 'admin' });
  await setBookLabel(desk.db, 2026, 'A/2026', admin, deskInstant('2025-12-31', '10:00'));
  await saveOfficeSettings(desk.db, desk.settings, admin.id, deskInstant('2025-12-30', '10:00'));
  const late = await decide(desk, deskInstant('2025-12-31', '23:59'));
  assert.deepEqual(late.ledger, { book: '01/2025', year: 2025, number: 1 });
  // Settings now say desk 2 of 3: within 2025 the desk goes on as 1 of 2, which no other desk can be given this year.
  const renumbered = { ...desk, settings: officeSettings({ deskNumber: 2, deskCount: 3 }) };
  await saveOfficeSettings(desk.db, renumbered.settings, admin.id, deskInstant('2025-12-31', '23:59'));
  assert.deepEqual((await decide(renumbered, new Date('2025-12-31T16:59:59Z'))).ledger, { book: '01/2025', year: 2025, number: 3 });
  // 17:00Z is 00:00 on 1 January at UTC+7: the 2026 book, in the new share.
  assert.deepEqual((await decide(renumbered, new Date('2025-12-31T17:00:00Z'))).ledger, { book: 'A/2026', year: 2026, number: 2 });
  assert.deepEqual((await decide(renumbered, deskInstant('2026-01-02', '08:00'))).ledger, { book: 'A/2026', year: 2026, number: 5 });
});
