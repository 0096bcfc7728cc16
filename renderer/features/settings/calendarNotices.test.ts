// An administrator's calendar notice against a real (fake-indexeddb) desk database: the derived
// version, its place among the province's versions, the audit, the refusal of a notice that
// contradicts the statutory holidays, and appointments already issued staying as they were.
import { APPLICANT, PROCEDURE, deskInstant, officeSettings, openTestDb, snapshot, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReceivedComponent } from '#domain/model.ts';
import { VN_RULES } from '#domain/calendar/rules.ts';
import { isWorkingDay } from '#domain/calendar/workingDays.ts';
import { DeskError } from '#domain/errors.ts';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import { compareCalendarVersions, deskCalendar } from '../reception/deskRules.ts';
import { addCalendarNotice, nextDeskVersion, noticesFor, parseDeskDate, type CalendarNoticeInput } from './calendarNotices.ts';

// recordDecision reaches main (forms.versions) through host.ts: load it after the fake host.
const { recordDecision } = await import('../reception/recordDecision.ts');

const MONDAY = '2025-11-24';
const NOW = deskInstant(MONDAY, '08:00');

const DAY_OFF_WEDNESDAY: CalendarNoticeInput = {
  kind: 'days-off',
  dates: '26/11/2025',
  holiday: 'national-day',
  source: 'Thông báo thử 1/TB-UBND ngày 20/11/2025',
  effectiveFrom: '20/11/2025',
};

async function admin(): Promise<Officer> {
  return testOfficer({ role: 'admin' });
}

function accept(db: DeskDb, officer: Officer, now: Date) {
  const components: ReceivedComponent[] = PROCEDURE.components.map((c) => ({
    specId: c.id,
    name: c.name,
    received: true,
    kind: c.accepted[0]!,
    count: c.count,
  }));
  return recordDecision(
    db,
    { procedure: PROCEDURE, applicant: APPLICANT, components, sets: 1, decision: 'accepted' },
    { settings: officeSettings(), officer, now },
  );
}

test('calendar versions: a desk notice comes after the calendar it was derived from, and any later publication after the desk notice', () => {
  assert.ok(compareCalendarVersions('vn-2026.2+desk.1', 'vn-2026.2') > 0);
  assert.ok(compareCalendarVersions('vn-2026.2+desk.10', 'vn-2026.2+desk.9') > 0);
  assert.ok(compareCalendarVersions('vn-2026.3', 'vn-2026.2+desk.4') > 0);
  assert.ok(compareCalendarVersions('vn-2026.2.1', 'vn-2026.2+desk.1') > 0, 'a plain collation puts "+" after "."');
  assert.ok(compareCalendarVersions('vn-2026.10', 'vn-2026.9') > 0);
  assert.equal(nextDeskVersion('vn-2026.2', []), 'vn-2026.2+desk.1');
  assert.equal(nextDeskVersion('vn-2026.2+desk.1', ['vn-2026.2', 'vn-2026.2+desk.1', 'vn-2025.1+desk.7']), 'vn-2026.2+desk.2');
});

test('dates are typed dd/mm/yyyy; a date that does not exist is refused in both languages', () => {
  assert.equal(parseDeskDate(' 2/9/2026 ', { vi: 'Ngày', en: 'Date' }), '2026-09-02');
  assert.throws(
    () => parseDeskDate('31/02/2026', { vi: 'Ngày', en: 'Date' }),
    (e: DeskError) => e.code === 'calendar.notice-date' && e.text.vi.includes('"31/02/2026"') && e.text.en.includes('dd/mm/yyyy'),
  );
  assert.throws(() => parseDeskDate('2026-09-02', { vi: 'Ngày', en: 'Date' }), { code: 'calendar.notice-date' });
});

test('an administrator adds a day off: a derived version, stored with the synced calendars and audited; a dossier issued before keeps its appointment', async () => {
  const db = openTestDb('calendar-notice');
  const officer = await admin();
  const before = await accept(db, officer, deskInstant(MONDAY, '09:00'));
  assert.equal(before.appointmentAt, '2025-11-27T09:00:00+07:00');

  const rules = await addCalendarNotice(db, DAY_OFF_WEDNESDAY, officer, NOW);
  assert.equal(rules.version, `${VN_RULES.version}+desk.1`);
  assert.equal(rules.effectiveFrom, '2025-11-20');
  assert.equal(isWorkingDay('2025-11-26', rules), false);
  const row = await db.rules.get(rules.version);
  assert.equal(row?.kind, 'calendar');
  assert.deepEqual(row?.data, rules);
  assert.equal((await deskCalendar(db)).rules.version, rules.version);
  const [entry] = (await db.audit.toArray()).filter((e) => e.action === 'settings');
  assert.equal(entry?.officerId, officer.id);
  assert.equal(entry?.detail, `calendar-notice ${rules.version} from ${VN_RULES.version}: days-off 2025-11-26`);
  assert.deepEqual(noticesFor(rules, 2025).at(-1), { year: 2025, source: DAY_OFF_WEDNESDAY.source, daysOff: ['2025-11-26'], workdays: [] });

  const after = await accept(db, officer, deskInstant(MONDAY, '09:05'));
  assert.equal(after.appointmentAt, '2025-11-28T09:05:00+07:00', 'Wednesday is off under the notice');
  assert.equal(after.versions.calendar, rules.version);
  const kept = await db.dossiers.get(before.id);
  assert.equal(kept?.appointmentAt, '2025-11-27T09:00:00+07:00');
  assert.equal(kept?.versions.calendar, VN_RULES.version);
});

test('a second notice builds on the first, and a later publication of the province wins over both', async () => {
  const db = openTestDb('calendar-notice-chain');
  const officer = await admin();
  await addCalendarNotice(db, DAY_OFF_WEDNESDAY, officer, NOW);
  const second = await addCalendarNotice(
    db,
    { kind: 'make-up-workday', dates: '29/11/2025', holiday: 'national-day', source: 'Thông báo thử 2/TB-UBND ngày 21/11/2025', effectiveFrom: '21/11/2025' },
    officer,
    NOW,
  );
  assert.equal(second.version, `${VN_RULES.version}+desk.2`);
  assert.equal(isWorkingDay('2025-11-26', second), false, 'the first notice is kept');
  assert.equal(isWorkingDay('2025-11-29', second), true, 'Saturday is worked');

  const published = structuredClone(VN_RULES);
  published.version = `${VN_RULES.version}.1`;
  await db.rules.put({ kind: 'calendar', version: published.version, effectiveFrom: published.effectiveFrom, data: published, installedAt: NOW.toISOString() });
  assert.equal((await deskCalendar(db)).rules.version, published.version);
});

test('a notice that works a statutory holiday is refused with its reason in both languages, and nothing is stored', async () => {
  const db = openTestDb('calendar-notice-refused');
  const officer = await admin();
  const before = await snapshot(db);
  await assert.rejects(
    addCalendarNotice(
      db,
      { kind: 'make-up-workday', dates: '02/09/2026', holiday: 'national-day', source: 'Thông báo sai', effectiveFrom: '01/08/2026' },
      officer,
      NOW,
    ),
    (e: DeskError) => e.code === 'calendar.rules-invalid' && /2026-09-02.*theo luật/.test(e.text.vi) && /2026-09-02 is a statutory holiday/.test(e.text.en),
  );
  assert.deepEqual(await snapshot(db), before);
  assert.equal((await deskCalendar(db)).rules.version, VN_RULES.version);
});

test('only an administrator may enter a notice, and one without its source is refused', async () => {
  const db = openTestDb('calendar-notice-officer');
  const before = await snapshot(db);
  await assert.rejects(addCalendarNotice(db, DAY_OFF_WEDNESDAY, await testOfficer(), NOW), { code: 'calendar.notice-not-admin' });
  await assert.rejects(addCalendarNotice(db, { ...DAY_OFF_WEDNESDAY, source: '  ' }, await admin(), NOW), { code: 'calendar.notice-source' });
  assert.deepEqual(await snapshot(db), before);
});
