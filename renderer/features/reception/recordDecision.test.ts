// recordDecision against a real (fake-indexeddb) desk database: the code, the appointment,
// the audit and outbox entries and the allocator state are written together or not at all.
import { APPLICANT, PROCEDURE, deskInstant, fakeStorageEstimate, officeSettings, openTestDb, snapshot, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import { emptyFilter, rowsOf, viewDossiers } from '../dossiers/dossierQuery.ts';
import assert from 'node:assert/strict';
import type { ReceivedComponent } from '#domain/model.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';
import { VN_RULES } from '#domain/calendar/rules.ts';
import { ALLOCATOR_KEY, deskCalendar, PARTITIONS_KEY } from './deskRules.ts';
import { CATALOG_VERSION_KEY } from '../catalog/installCatalog.ts';
import { DeskError } from '#domain/errors.ts';
import { installNonTerritorial } from '../catalog/nonTerritorial.ts';
import Dexie from 'dexie';

// recordDecision reaches main (forms.versions) through host.ts: load it after the fake host.
const { recordDecision, missingMandatory } = await import('./recordDecision.ts');

const MONDAY = '2025-11-24';

function allReceived(): ReceivedComponent[] {
  return PROCEDURE.components.map((c) => ({ specId: c.id, name: c.name, received: true, kind: c.accepted[0]!, count: c.count }));
}

function withoutMandatory(): ReceivedComponent[] {
  return allReceived().map((c) => (c.specId === 'can-cuoc' ? { ...c, received: false } : c));
}

async function desk(settings: DeskSettings = officeSettings()) {
  const db = openTestDb('decision');
  const officer = await testOfficer();
  return { db, officer, settings };
}

type Desk = Awaited<ReturnType<typeof desk>>;

function accept(d: Desk, now: Date, extra: Partial<Parameters<typeof recordDecision>[1]> = {}) {
  return recordDecision(
    d.db,
    { procedure: PROCEDURE, applicant: APPLICANT, components: allReceived(), sets: 1, decision: 'accepted', ...extra },
    { settings: d.settings, officer: d.officer, now },
  );
}

async function allocatorState(db: DeskDb) {
  return (await db.settings.get(ALLOCATOR_KEY))?.value;
}

test('accepting writes the dossier with its national code, appointment, audit and outbox entries, in one go', async () => {
  const d = await desk();
  await d.db.settings.put({ key: CATALOG_VERSION_KEY, value: '2026.11-test' });
  const now = deskInstant(MONDAY, '09:00');
  const dossier = await accept(d, now);

  assert.equal(dossier.code, '000.17.22.H56-251124-0001');
  assert.equal(dossier.decision, 'accepted');
  assert.equal(dossier.status, 2);
  assert.equal(dossier.receivedAt, '2025-11-24T09:00:00+07:00');
  // 24 working hours from Monday 09:00 is Thursday 09:00.
  assert.equal(dossier.appointmentAt, '2025-11-27T09:00:00+07:00');
  assert.equal(dossier.applicant.fullName, 'Nguyễn Văn An', 'the name is trimmed');
  assert.equal(dossier.officerId, d.officer.id);
  assert.equal(dossier.officerName, 'Trần Thị Bình');
  assert.equal(dossier.deskId, '1');
  assert.equal(dossier.reason, undefined);
  assert.deepEqual(dossier.versions, { catalog: '2026.11-test', calendar: VN_RULES.version, forms: 'tt03-2025', codePattern: 'default-1' });
  for (const query of ['nguyen', 'Nguyễn Văn', 'van an', 'nguyen van an', '000.17.22.h56-251124-0001', '0001', '001090123456', '912345678', '0912345678']) {
    const rows = await rowsOf(await viewDossiers(d.db, { ...emptyFilter, query }, now));
    assert.ok(
      rows.some((r) => r.id === dossier.id),
      `"${query}" finds the dossier`,
    );
  }

  assert.deepEqual(await d.db.dossiers.get(dossier.id), dossier, 'the returned dossier is what was stored');
  const audit = await d.db.audit.toArray();
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.action, 'receive');
  assert.equal(audit[0]!.dossierId, dossier.id);
  assert.equal(audit[0]!.officerId, d.officer.id);
  assert.equal(audit[0]!.detail, dossier.code);
  assert.ok(!JSON.stringify(audit[0]).includes('Nguyễn'), 'no personal data in the audit trail');
  const outbox = await d.db.outbox.toArray();
  assert.equal(outbox.length, 1);
  assert.equal(outbox[0]!.dossierId, dossier.id);
  assert.equal(outbox[0]!.kind, 'dossier.upsert');
  assert.deepEqual(await allocatorState(d.db), { day: MONDAY, space: { kind: 'partition', slots: 1, slot: 1 }, lastSequence: 1 });
});

test('the code carries the day at UTC+7, not UTC', async () => {
  const d = await desk();
  // 18:30 UTC on the 24th is 01:30 on the 25th at the desk.
  const dossier = await accept(d, new Date('2025-11-24T18:30:00Z'));
  assert.equal(dossier.code, '000.17.22.H56-251125-0001');
  assert.equal(dossier.receivedAt, '2025-11-25T01:30:00+07:00');
});

test('consecutive accepts get consecutive codes; the sequence restarts the next day', async () => {
  const d = await desk();
  const first = await accept(d, deskInstant(MONDAY, '09:00'));
  const second = await accept(d, deskInstant(MONDAY, '09:00'));
  const third = await accept(d, deskInstant(MONDAY, '15:59'));
  assert.deepEqual([first.code, second.code, third.code], ['000.17.22.H56-251124-0001', '000.17.22.H56-251124-0002', '000.17.22.H56-251124-0003']);
  assert.notEqual(first.id, second.id);
  const tuesday = await accept(d, deskInstant('2025-11-25', '08:00'));
  assert.equal(tuesday.code, '000.17.22.H56-251125-0001');
  assert.equal(await d.db.dossiers.count(), 4);
  assert.equal(await d.db.audit.count(), 4);
  assert.equal(await d.db.outbox.count(), 4);
});

test('supplement and refusal need a reason, get no code and consume no sequence', async () => {
  const d = await desk();
  const now = deskInstant(MONDAY, '10:00');
  for (const decision of ['supplement', 'refused'] as const) {
    for (const reason of [undefined, '', '   ']) {
      await assert.rejects(
        recordDecision(
          d.db,
          { procedure: PROCEDURE, applicant: APPLICANT, components: withoutMandatory(), sets: 1, decision, ...(reason === undefined ? {} : { reason }) },
          { settings: d.settings, officer: d.officer, now },
        ),
        { code: 'reason-required' },
      );
    }
  }
  assert.deepEqual(await snapshot(d.db), await snapshot(openTestDb('empty')), 'nothing written');

  const supplement = await recordDecision(
    d.db,
    { procedure: PROCEDURE, applicant: APPLICANT, components: withoutMandatory(), sets: 1, decision: 'supplement', reason: '  Thiếu thẻ căn cước ' },
    { settings: d.settings, officer: d.officer, now },
  );
  assert.equal(supplement.code, '');
  assert.equal(supplement.status, 5);
  assert.equal(supplement.appointmentAt, null);
  assert.equal(supplement.reason, 'Thiếu thẻ căn cước');
  assert.equal(supplement.versions.codePattern, 'default-1');

  const refusal = await recordDecision(
    d.db,
    { procedure: PROCEDURE, applicant: APPLICANT, components: allReceived(), sets: 1, decision: 'refused', reason: 'Không thuộc thẩm quyền' },
    { settings: d.settings, officer: d.officer, now },
  );
  assert.equal(refusal.code, '');
  assert.equal(refusal.status, 3);
  assert.equal(refusal.appointmentAt, null);

  const audit = await d.db.audit.orderBy('seq').toArray();
  assert.deepEqual(
    audit.map((a) => [a.action, a.dossierId, a.detail]),
    [
      ['supplement', supplement.id, PROCEDURE.code],
      ['refuse', refusal.id, PROCEDURE.code],
    ],
  );
  assert.equal(await d.db.outbox.count(), 2);
  assert.equal(await allocatorState(d.db), undefined, 'no code was allocated');
  assert.equal((await accept(d, now)).code, '000.17.22.H56-251124-0001', 'the first accepted dossier still gets sequence 1');
});

test('accepting with a mandatory component missing needs a reason, and writes nothing without one', async () => {
  const d = await desk();
  await accept(d, deskInstant(MONDAY, '09:00'));
  assert.deepEqual(missingMandatory(PROCEDURE, withoutMandatory(), { representative: false }), ['Thẻ căn cước']);
  assert.deepEqual(missingMandatory(PROCEDURE, allReceived(), { representative: false }), []);
  const before = await snapshot(d.db);
  await assert.rejects(accept(d, deskInstant(MONDAY, '09:30'), { components: withoutMandatory() }), { code: 'incomplete-without-reason' });
  await assert.rejects(accept(d, deskInstant(MONDAY, '09:30'), { components: withoutMandatory(), reason: ' ' }), { code: 'incomplete-without-reason' });
  assert.deepEqual(await snapshot(d.db), before);

  const accepted = await accept(d, deskInstant(MONDAY, '09:30'), { components: withoutMandatory(), reason: 'Căn cước xuất trình bản điện tử VNeID' });
  assert.equal(accepted.code, '000.17.22.H56-251124-0002');
  assert.equal(accepted.reason, 'Căn cước xuất trình bản điện tử VNeID');
  assert.equal(accepted.status, 2);
});

test('an agency id the allocator rejects fails the decision and writes nothing', async () => {
  // Settings that skipped validation (e.g. an old profile): the allocator is the last guard.
  const d = await desk({ ...officeSettings(), agencyId: 'abc!' });
  const before = await snapshot(d.db);
  await assert.rejects(accept(d, deskInstant(MONDAY, '09:00')), { code: 'dossierCode.config' });
  assert.deepEqual(await snapshot(d.db), before);
  assert.equal(before.dossiers + before.audit + before.outbox + before.settings.length, 0);
});

test('a clock moved back to an earlier day is refused and writes nothing', async () => {
  const d = await desk();
  await accept(d, deskInstant('2025-11-25', '09:00'));
  const before = await snapshot(d.db);
  await assert.rejects(accept(d, deskInstant(MONDAY, '16:00')), { code: 'dossierCode.clockBehind' });
  assert.deepEqual(await snapshot(d.db), before);
});

test('a failure after the code was allocated rolls the allocator back with the rest', async () => {
  const d = await desk();
  await accept(d, deskInstant(MONDAY, '09:00'));
  const before = await snapshot(d.db);
  // A value IndexedDB cannot store: dossiers.add fails after the allocator state was put.
  const unstorable = { ...APPLICANT, representative: { fullName: 'x', idNumber: '001090123457', sign: () => 'not cloneable' } };
  await assert.rejects(accept(d, deskInstant(MONDAY, '10:00'), { applicant: unstorable }), { name: 'DataCloneError' });
  assert.deepEqual(await snapshot(d.db), before);
  assert.equal((await accept(d, deskInstant(MONDAY, '10:01'))).code, '000.17.22.H56-251124-0002', 'no sequence was lost');
});

test('the storage quota check refuses before anything is written', async (t) => {
  const d = await desk();
  await accept(d, deskInstant(MONDAY, '09:00'));
  const before = await snapshot(d.db);
  const MB = 1024 * 1024;
  const restore = fakeStorageEstimate(1000 * MB, 990 * MB);
  t.after(restore);
  await assert.rejects(accept(d, deskInstant(MONDAY, '09:05')), { code: 'storage-full' });
  assert.deepEqual(await snapshot(d.db), before);
  restore();
  const roomy = fakeStorageEstimate(1000 * MB, 100 * MB);
  t.after(roomy);
  assert.equal((await accept(d, deskInstant(MONDAY, '09:06'))).code, '000.17.22.H56-251124-0002');
});

test('two desks of one office, accepting interleaved on the same day, never issue the same code', async () => {
  const one = await desk(officeSettings({ deskNumber: 1, deskCount: 2 }));
  const two = await desk(officeSettings({ deskNumber: 2, deskCount: 2 }));
  // Desk two was set up the way completeSetup does it; desk one relies on the fallback.
  await two.db.settings.put({ key: PARTITIONS_KEY, value: [{ from: '2000-01-01', slots: 2, slot: 2 }] });
  const codes: string[] = [];
  const start = deskInstant(MONDAY, '08:00').getTime();
  for (let i = 0; i < 12; i++) {
    const at = new Date(start + i * 60_000);
    // Uneven load: desk one takes two dossiers for each one of desk two.
    codes.push((await accept(one, at)).code, (await accept(one, at)).code);
    if (i % 2 === 0) codes.push((await accept(two, at)).code);
  }
  codes.push((await accept(two, deskInstant('2025-11-25', '08:00'))).code, (await accept(one, deskInstant('2025-11-25', '08:00'))).code);
  assert.equal(new Set(codes).size, codes.length, `duplicates in ${codes.join(' ')}`);
  const monday = codes.filter((c) => c.includes('-251124-'));
  const seqOf = (c: string) => Number(c.slice(c.lastIndexOf('-') + 1));
  const deskOne = (await one.db.dossiers.toArray())
    .filter((x) => x.code.includes('-251124-'))
    .map((x) => seqOf(x.code))
    .sort((a, b) => a - b);
  const deskTwo = (await two.db.dossiers.toArray())
    .filter((x) => x.code.includes('-251124-'))
    .map((x) => seqOf(x.code))
    .sort((a, b) => a - b);
  assert.equal(monday.length, 30);
  assert.deepEqual(
    deskOne,
    Array.from({ length: 24 }, (_, i) => 2 * i + 1),
    'desk one: odd sequences',
  );
  assert.deepEqual(deskTwo, [2, 4, 6, 8, 10, 12], 'desk two: even sequences');
  assert.ok(codes.includes('000.17.22.H56-251125-0002') && codes.includes('000.17.22.H56-251125-0001'));
});

test('a name typed in NFD with doubled blanks is stored NFC and single-spaced; a bidi override refuses the draft with nothing written', async () => {
  const d = await desk();
  const nfd = { ...APPLICANT, fullName: ' Nguyễn  Văn\u00a0An '.normalize('NFD'), address: 'Số 5,  phố Huế'.normalize('NFD') };
  const dossier = await accept(d, deskInstant(MONDAY, '09:00'), { applicant: nfd });
  assert.equal(dossier.applicant.fullName, 'Nguyễn Văn An'.normalize('NFC'));
  assert.equal(dossier.applicant.address, 'Số 5, phố Huế'.normalize('NFC'));

  const before = await snapshot(d.db);
  await assert.rejects(accept(d, deskInstant(MONDAY, '10:00'), { applicant: { ...APPLICANT, fullName: 'Nguyễn \u202enA năV' } }), (e: unknown) => {
    assert.ok(e instanceof DeskError && e.code === 'text.bidi', String(e));
    assert.match(e.text.vi, /Họ và tên chứa .* U\+202E/);
    return true;
  });
  await assert.rejects(accept(d, deskInstant(MONDAY, '10:01'), { applicant: { ...APPLICANT, fullName: '\u200b' } }), { code: 'text.invisible' });
  assert.deepEqual(await snapshot(d.db), before);
});

test('reception computes with the newest valid calendar the desk holds, and a dossier keeps the one it was given', async () => {
  const d = await desk();
  const first = await accept(d, deskInstant(MONDAY, '09:00'));
  assert.equal(first.appointmentAt, '2025-11-27T09:00:00+07:00');
  assert.equal(first.versions.calendar, VN_RULES.version);

  // A calendar from the province that makes Wednesday 26 November 2025 a day off.
  const received = structuredClone(VN_RULES);
  received.version = 'vn-2099.1';
  received.notices.push({
    year: 2025,
    source: 'test',
    replaces: [],
    daysOff: [{ date: '2025-11-26', kind: 'notice-off', holiday: 'national-day' }],
    workdays: [],
  });
  await d.db.rules.put({
    kind: 'calendar',
    version: received.version,
    effectiveFrom: received.effectiveFrom,
    data: received,
    installedAt: '2025-11-24T01:00:00Z',
  });
  // A newer stored one that works 2 September is not valid, whatever its version.
  const contradicting = structuredClone(VN_RULES);
  contradicting.version = 'vn-2999.1';
  contradicting.notices.push({ year: 2025, source: 'test', replaces: [], daysOff: [], workdays: [{ date: '2025-09-02', holiday: 'national-day' }] });
  await d.db.rules.put({
    kind: 'calendar',
    version: contradicting.version,
    effectiveFrom: contradicting.effectiveFrom,
    data: contradicting,
    installedAt: '2025-11-24T01:00:00Z',
  });

  const calendar = await deskCalendar(d.db);
  assert.equal(calendar.rules.version, 'vn-2099.1');
  assert.equal(calendar.ignored.length, 1);
  assert.match(calendar.ignored[0]!.vi, /^Lịch làm việc vn-2999\.1 đã nhận không được dùng\..*2025-09-02/);
  assert.match(calendar.ignored[0]!.en, /^The received calendar vn-2999\.1 is not used\..*2025-09-02/);

  const second = await accept(d, deskInstant(MONDAY, '09:05'));
  assert.equal(second.appointmentAt, '2025-11-28T09:05:00+07:00', 'Wednesday is off under the received calendar');
  assert.equal(second.versions.calendar, 'vn-2099.1');
  const kept = await d.db.dossiers.get(first.id);
  assert.equal(kept?.appointmentAt, '2025-11-27T09:00:00+07:00');
  assert.equal(kept?.versions.calendar, VN_RULES.version);
});

/** A provincial list letting PROCEDURE be filed beyond the boundary from Monday 24 November 2025. */
async function allowBeyondBoundary(db: DeskDb) {
  await db.procedures.put(PROCEDURE);
  await installNonTerritorial(
    db,
    {
      version: 'h56-test.1',
      province: 'Thành phố Hà Nội',
      decisions: [
        {
          number: '999/QĐ-UBND',
          date: '2025-11-20',
          effectiveFrom: MONDAY,
          source: { url: 'https://example.gov.vn/999', retrieved: '2026-12-07' },
          procedures: [PROCEDURE.code],
        },
      ],
    },
    'admin-1',
  );
}

const COMPETENT = { name: 'UBND Phường Hoàn Kiếm', agencyId: '000.17.21.H56' };
const OWN_AGENCY = '000.17.22.H56';

test('a dossier filed beyond the boundary records the receiving office and the competent agency, with the decision, in the same write', async () => {
  const d = await desk(officeSettings({ agencyId: OWN_AGENCY }));
  await allowBeyondBoundary(d.db);
  const dossier = await accept(d, deskInstant(MONDAY, '09:00'), { competentAgency: { name: ` ${COMPETENT.name} `, agencyId: COMPETENT.agencyId } });
  const expected = { receiving: { name: 'UBND Phường Hai Bà Trưng', agencyId: OWN_AGENCY }, competent: COMPETENT, decision: '999/QĐ-UBND' };
  assert.deepEqual(dossier.beyondBoundary, expected);
  assert.deepEqual((await d.db.dossiers.get(dossier.id))?.beyondBoundary, expected);
  assert.equal(await d.db.outbox.count(), 1);
  const plain = await accept(d, deskInstant(MONDAY, '09:01'));
  assert.equal(plain.beyondBoundary, undefined, 'a dossier of this commune carries no second agency');
});

test('beyond the boundary is refused, with nothing written, without a list, before it is in force, or with a bad competent agency', async () => {
  const d = await desk(officeSettings({ agencyId: OWN_AGENCY }));
  const refused = async (now: Date, competentAgency: { name: string; agencyId: string }, code: string) => {
    const before = await snapshot(d.db);
    await assert.rejects(accept(d, now, { competentAgency }), (e: unknown) => e instanceof DeskError && e.code === code && e.text.vi !== e.text.en);
    assert.deepEqual(await snapshot(d.db), before, 'nothing half-written');
  };
  await refused(deskInstant(MONDAY, '09:00'), COMPETENT, 'beyond-boundary-not-allowed');
  await allowBeyondBoundary(d.db);
  await refused(deskInstant('2025-11-21', '09:00'), COMPETENT, 'beyond-boundary-not-allowed');
  await refused(deskInstant(MONDAY, '09:00'), { ...COMPETENT, agencyId: '000.17..H56' }, 'competentAgency.id');
  await refused(deskInstant(MONDAY, '09:00'), { ...COMPETENT, name: ' ' }, 'competentAgency.name');
  await refused(deskInstant(MONDAY, '09:00'), { ...COMPETENT, agencyId: OWN_AGENCY }, 'competentAgency.self');
  assert.equal(await d.db.dossiers.count(), 0);
});

test('onDecided sees the dossier exactly as stored, once, inside the decision’s transaction before anything is written', async () => {
  const d = await desk();
  const seen: Array<{ dossier: unknown; inTransaction: boolean; storedYet: boolean }> = [];
  const dossier = await recordDecision(
    d.db,
    { procedure: PROCEDURE, applicant: APPLICANT, components: allReceived(), sets: 1, decision: 'accepted' },
    {
      settings: d.settings,
      officer: d.officer,
      now: deskInstant(MONDAY, '09:00'),
      onDecided: (decided) => {
        seen.push({ dossier: structuredClone(decided), inTransaction: Dexie.currentTransaction !== null, storedYet: false });
        // Not awaited, as reception's render is not: the transaction must still commit everything.
        void d.db.dossiers.count().then((n) => (seen[0]!.storedYet = n > 0));
      },
    },
  );
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0]!.dossier, dossier);
  assert.deepEqual(await d.db.dossiers.get(dossier.id), dossier);
  assert.equal(seen[0]!.inTransaction, true);
  assert.equal(seen[0]!.storedYet, false, 'called before the dossier is written');
  assert.equal(await d.db.outbox.count(), 1, 'the rest of the decision still committed');
});
