import { APPLICANT, openTestDb } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strFromU8, unzipSync } from 'fflate';
import { EMPTY_FORM, saveDraft, type ReceptionForm } from '../reception/receptionDraft.ts';
import { DRAFT_DAYS, applyRetention, purgeStaleDrafts, saveRetention } from './retention.ts';
import { exportCitizen } from './citizenExport.ts';

const NOW = new Date('2026-12-07T03:00:00Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const form = (applicant: Partial<ReceptionForm['applicant']>): ReceptionForm => ({ ...EMPTY_FORM, applicant: { ...APPLICANT, ...applicant } });

test('reception drafts older than the draft limit go, period or not, and the run is logged without a name', async () => {
  const db = openTestDb('draft-retention');
  await saveDraft(db, 'old', form({ fullName: 'Nguyễn Văn Cũ' }), daysBefore(DRAFT_DAYS + 1));
  await saveDraft(db, 'recent', form({ fullName: 'Trần Thị Mới' }), daysBefore(DRAFT_DAYS - 1));

  assert.equal(await applyRetention(db, 'admin', NOW), 0, 'no dossier period: no dossier goes');
  assert.deepEqual(await db.receptionDrafts.toCollection().primaryKeys(), ['recent'], 'the stale draft went with no dossier period set');
  const log = (await db.audit.toArray()).filter((a) => a.action === 'retention');
  assert.equal(log.length, 1);
  assert.match(log[0]!.detail!, /^1 reception drafts removed/);
  assert.ok(!log[0]!.detail!.includes('Nguyễn'), 'nothing personal in the log');
  assert.equal(await purgeStaleDrafts(db, 'admin', NOW), 0, 'a second run finds nothing more');
});

test('the draft limit is data the administrator sets; a shorter dossier period bounds drafts too', async () => {
  const db = openTestDb('draft-limit');
  await saveDraft(db, 'ten-days', form({}), daysBefore(10));
  await saveDraft(db, 'fifty-days', form({}), daysBefore(50));
  await assert.rejects(saveRetention(db, { months: null, draftDays: 0 }, 'admin'), { code: 'bad-retention' });
  await saveRetention(db, { months: null, draftDays: 7 }, 'admin');
  assert.equal(await purgeStaleDrafts(db, 'admin', NOW), 2, 'both are older than a week');

  await saveDraft(db, 'forty-days', form({}), daysBefore(40));
  await saveRetention(db, { months: 1, draftDays: 365 }, 'admin');
  assert.equal(await purgeStaleDrafts(db, 'admin', NOW), 1, 'a one-month period is shorter than a year of drafts');
});

test("a citizen's export includes the drafts naming their ID number, and no one else's", async () => {
  const db = openTestDb('draft-export');
  const ID = '001190234567';
  await saveDraft(db, 'as-applicant', form({ fullName: 'Nguyễn Thị Hương Giang', idNumber: ID }), NOW);
  await saveDraft(
    db,
    'as-representative',
    form({ fullName: 'Trần Văn Bình', idNumber: '079085111222', representative: { fullName: 'Giang', idNumber: ID } }),
    NOW,
  );
  await saveDraft(
    db,
    'looked-up',
    { ...form({ fullName: 'Lê Thị Cúc', idNumber: '036180999888' }), lookups: [{ specId: 'giay-to', numberGiven: ID, outcome: 'pending' }] },
    NOW,
  );
  await saveDraft(db, 'unrelated', form({ fullName: 'Phạm Văn Dũng', idNumber: '001085777666' }), NOW);

  const result = await exportCitizen(db, ID, 'admin', NOW);
  assert.equal(result.drafts, 3);
  const body = JSON.parse(strFromU8(unzipSync(result.zip)['ho-so.json']!)) as {
    drafts: Array<{ officerId: string; form: { applicant: { fullName: string } } }>;
  };
  assert.deepEqual(body.drafts.map((d) => d.officerId).sort(), ['as-applicant', 'as-representative', 'looked-up']);
  assert.equal(body.drafts.find((d) => d.officerId === 'as-applicant')?.form.applicant.fullName, 'Nguyễn Thị Hương Giang', 'opened, in the clear');
  assert.ok(!JSON.stringify(body).includes('Phạm Văn Dũng'), "no one else's draft");
  assert.equal((await db.audit.toArray()).find((a) => a.action === 'export')?.detail, '0 dossiers, 0 files, 3 drafts');
});
