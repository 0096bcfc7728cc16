// First-run setup and office settings: validated first, written in one transaction, and a
// change of the desk partition only ever applies from the next desk day.
import { APPLICANT, OFFICE_INPUT, PROCEDURE, deskInstant, officeSettings, openTestDb, snapshot, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Catalog, ReceivedComponent } from '#domain/model.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import { OFFICE_KEY, loadOfficeSettings, validateOfficeSettings } from './officeSettings.ts';
import { completeSetup } from './setup.ts';
import { saveOfficeSettings } from './saveOfficeSettings.ts';
import { ALLOCATOR_KEY, PARTITIONS_KEY, initialPartitions } from '../reception/deskRules.ts';
import { CATALOG_VERSION_KEY } from '../catalog/installCatalog.ts';
import { authenticate } from '../officers/officers.ts';
import { PBKDF2_ITERATIONS } from '../officers/password.ts';

// recordDecision reaches main through host.ts: load it after the fake host.
const { recordDecision } = await import('../reception/recordDecision.ts');

const ADMIN = { username: 'Admin.Phuong', fullName: 'Lê Thị Quản Trị', password: 'mat-khau-quan-tri' };
const CATALOG: Catalog = {
  version: '2026.11-test',
  effectiveFrom: '2026-11-23',
  procedures: [PROCEDURE, { ...PROCEDURE, code: '1.001193', name: 'Đăng ký khai sinh', processingHours: 0 }],
};

const settingOf = async (db: DeskDb, key: string) => (await db.settings.get(key))?.value;

test('completeSetup writes the office, its partition, the administrator and the catalogue together', async () => {
  const db = openTestDb('setup', { keys: false });
  await completeSetup(db, { ...OFFICE_INPUT, deskNumber: 2, deskCount: 3 }, ADMIN, CATALOG);

  const office = await loadOfficeSettings(db);
  assert.equal(office?.agencyId, '000.17.22.H56', 'agency id upper-cased');
  assert.equal(office?.officeName, OFFICE_INPUT.officeName);
  assert.equal(office?.deskNumber, 2);
  assert.equal(office?.deskCount, 3);
  assert.deepEqual(await settingOf(db, PARTITIONS_KEY), [{ from: '2000-01-01', slots: 3, slot: 2 }]);
  assert.equal(await settingOf(db, CATALOG_VERSION_KEY), '2026.11-test');

  const officers = await db.officers.toArray();
  assert.equal(officers.length, 1);
  const admin = officers[0]!;
  assert.equal(admin.username, 'admin.phuong');
  assert.equal(admin.role, 'admin');
  assert.equal(admin.password.iterations, PBKDF2_ITERATIONS);
  assert.ok(admin.keyWrap, "the administrator holds the desk's master key under their password");
  assert.equal(await db.keyring.count(), 2, 'a data key and the marker of the current one (no OS keystore here)');
  assert.ok(db.protection.unlocked, 'the keys are open for the first session');

  assert.deepEqual((await db.procedures.toArray()).map((p) => p.code).sort(), ['1.001193', '1.004873']);
  const rules = await db.rules.toArray();
  assert.deepEqual(
    rules.map((r) => [r.kind, r.version, r.effectiveFrom, r.data]),
    [['catalog', '2026.11-test', '2026-11-23', { count: 2 }]],
  );

  const audit = await db.audit.orderBy('seq').toArray();
  assert.deepEqual(
    audit.map((a) => [a.action, a.officerId, a.detail]),
    [
      ['settings', admin.id, 'first-run'],
      ['catalog', admin.id, '2026.11-test (2)'],
    ],
  );
  assert.equal((await authenticate(db, 'admin.phuong', ADMIN.password))?.id, admin.id);
});

test('completeSetup with a bad office, desk number or administrator writes nothing', async () => {
  const db = openTestDb('setup-bad', { keys: false });
  const empty = await snapshot(db);
  await assert.rejects(completeSetup(db, { ...OFFICE_INPUT, agencyId: 'abc!' }, ADMIN, CATALOG), { code: 'bad-agency-id' });
  await assert.rejects(completeSetup(db, { ...OFFICE_INPUT, officeName: ' ' }, ADMIN, CATALOG), { code: 'bad-settings' });
  await assert.rejects(completeSetup(db, { ...OFFICE_INPUT, deskNumber: 3, deskCount: 2 }, ADMIN, CATALOG), { code: 'bad-desk-number' });
  await assert.rejects(completeSetup(db, OFFICE_INPUT, { ...ADMIN, password: 'short' }, CATALOG), { code: 'weak-password' });
  await assert.rejects(completeSetup(db, OFFICE_INPUT, { ...ADMIN, username: 'x' }, CATALOG), { code: 'bad-username' });
  assert.deepEqual(await snapshot(db), empty);
});

test('completeSetup failing halfway (a catalogue that cannot be stored) leaves no office and no officer', async () => {
  const db = openTestDb('setup-half', { keys: false });
  const empty = await snapshot(db);
  const duplicated: Catalog = { ...CATALOG, procedures: [PROCEDURE, PROCEDURE] };
  await assert.rejects(completeSetup(db, OFFICE_INPUT, ADMIN, duplicated));
  assert.deepEqual(await snapshot(db), empty);
});

test('validateOfficeSettings names the bad fields', () => {
  assert.throws(
    () => validateOfficeSettings({ ...OFFICE_INPUT, cutoff: '25:00', deskCount: 0 }),
    (e: { code: string; text: { en: string } }) => {
      assert.equal(e.code, 'bad-settings');
      assert.equal(e.text.en, 'Invalid settings: deskCount, cutoff.');
      return true;
    },
  );
});

async function configuredDesk(deskNumber: number, deskCount: number) {
  const db = openTestDb('office');
  const settings = officeSettings({ deskNumber, deskCount });
  await db.settings.bulkPut([
    { key: OFFICE_KEY, value: settings },
    { key: PARTITIONS_KEY, value: initialPartitions(settings) },
  ]);
  return db;
}

test('saveOfficeSettings with a new desk count schedules the partition from the next desk day', async () => {
  const db = await configuredDesk(1, 2);
  // 15:00 on Monday 24 November at the desk.
  await saveOfficeSettings(db, { ...OFFICE_INPUT, deskNumber: 1, deskCount: 3 }, 'admin-1', deskInstant('2025-11-24', '15:00'));
  assert.deepEqual(await settingOf(db, PARTITIONS_KEY), [
    { from: '2000-01-01', slots: 2, slot: 1 },
    { from: '2025-11-25', slots: 3, slot: 1 },
  ]);
  assert.equal((await loadOfficeSettings(db))?.deskCount, 3);
  const audit = await db.audit.toArray();
  assert.deepEqual(
    audit.map((a) => [a.action, a.officerId, a.detail]),
    [['settings', 'admin-1', 'office']],
  );

  // A second change the same day replaces the scheduled one; the day is the desk's (UTC+7):
  // 18:00 UTC on the 24th is already the 25th at the desk.
  await saveOfficeSettings(db, { ...OFFICE_INPUT, deskNumber: 2, deskCount: 4 }, 'admin-1', new Date('2025-11-24T16:59:59Z'));
  assert.deepEqual(await settingOf(db, PARTITIONS_KEY), [
    { from: '2000-01-01', slots: 2, slot: 1 },
    { from: '2025-11-25', slots: 4, slot: 2 },
  ]);
  await saveOfficeSettings(db, { ...OFFICE_INPUT, deskNumber: 2, deskCount: 5 }, 'admin-1', new Date('2025-11-24T18:00:00Z'));
  assert.deepEqual(await settingOf(db, PARTITIONS_KEY), [
    { from: '2000-01-01', slots: 2, slot: 1 },
    { from: '2025-11-25', slots: 4, slot: 2 },
    { from: '2025-11-26', slots: 5, slot: 2 },
  ]);
});

test('saveOfficeSettings leaves the partition alone when the desks do not change, and writes nothing when invalid', async () => {
  const db = await configuredDesk(1, 2);
  await saveOfficeSettings(db, { ...OFFICE_INPUT, deskNumber: 1, deskCount: 2, officeName: 'UBND Phường Mới' }, 'admin-1', deskInstant('2025-11-24', '15:00'));
  assert.deepEqual(await settingOf(db, PARTITIONS_KEY), [{ from: '2000-01-01', slots: 2, slot: 1 }]);
  assert.equal((await loadOfficeSettings(db))?.officeName, 'UBND Phường Mới');

  const before = await snapshot(db);
  await assert.rejects(saveOfficeSettings(db, { ...OFFICE_INPUT, agencyId: 'abc!' }, 'admin-1'), { code: 'bad-agency-id' });
  await assert.rejects(saveOfficeSettings(db, { ...OFFICE_INPUT, deskNumber: 4, deskCount: 3 }, 'admin-1'), { code: 'bad-desk-number' });
  assert.deepEqual(await snapshot(db), before);

  // An older profile without a stored partition: the old settings' partition is kept for today.
  const legacy = openTestDb('legacy');
  await legacy.settings.put({ key: OFFICE_KEY, value: officeSettings({ deskNumber: 1, deskCount: 2 }) });
  await saveOfficeSettings(legacy, { ...OFFICE_INPUT, deskNumber: 1, deskCount: 3 }, 'admin-1', deskInstant('2025-11-24', '15:00'));
  assert.deepEqual(await settingOf(legacy, PARTITIONS_KEY), [
    { from: '2000-01-01', slots: 2, slot: 1 },
    { from: '2025-11-25', slots: 3, slot: 1 },
  ]);
});

const components = (): ReceivedComponent[] =>
  PROCEDURE.components.map((c) => ({ specId: c.id, name: c.name, received: true, kind: c.accepted[0]!, count: c.count }));

async function acceptOn(db: DeskDb, now: Date) {
  const settings = (await loadOfficeSettings(db))!;
  const officer = await testOfficer();
  const dossier = await recordDecision(
    db,
    { procedure: PROCEDURE, applicant: APPLICANT, components: components(), sets: 1, decision: 'accepted' },
    { settings, officer, now },
  );
  return Number(dossier.code.slice(-4));
}

test("after a re-partition the desk keeps today's numbering and switches the next day", async () => {
  const db = await configuredDesk(1, 2);
  assert.equal(await acceptOn(db, deskInstant('2025-11-24', '09:00')), 1);
  await saveOfficeSettings(db, { ...OFFICE_INPUT, deskNumber: 2, deskCount: 3 }, 'admin-1', deskInstant('2025-11-24', '10:00'));
  assert.equal(await acceptOn(db, deskInstant('2025-11-24', '10:30')), 3, 'still slot 1 of 2 today');
  assert.equal(await acceptOn(db, deskInstant('2025-11-25', '08:00')), 2, 'slot 2 of 3 from tomorrow');
  assert.equal(await acceptOn(db, deskInstant('2025-11-25', '08:05')), 5);
  assert.deepEqual(await settingOf(db, ALLOCATOR_KEY), { day: '2025-11-25', space: { kind: 'partition', slots: 3, slot: 2 }, lastSequence: 5 });
});

test('a desk set up in the middle of a day never repeats a code another desk issued that day', async () => {
  const one = await configuredDesk(1, 2);
  const issuedByOne: number[] = [];
  for (let i = 0; i < 3; i++) issuedByOne.push(await acceptOn(one, deskInstant('2025-11-24', `09:0${i}`)));
  assert.deepEqual(issuedByOne, [1, 3, 5]);
  // The office adds a third desk: desk one re-partitions (from tomorrow), desk three is set up.
  await saveOfficeSettings(one, { ...OFFICE_INPUT, deskNumber: 1, deskCount: 3 }, 'admin-1', deskInstant('2025-11-24', '10:00'));
  const three = openTestDb('desk-three', { keys: false });
  await completeSetup(three, { ...OFFICE_INPUT, deskNumber: 3, deskCount: 3 }, ADMIN, CATALOG, {
    othersNumberingToday: true,
    now: deskInstant('2025-11-24', '10:00'),
  });
  const issuedByThree: number[] = [];
  for (let i = 0; i < 2; i++) {
    try {
      issuedByThree.push(await acceptOn(three, deskInstant('2025-11-24', `10:3${i}`)));
    } catch {
      // Refusing to number until tomorrow would be safe too.
    }
  }
  issuedByOne.push(await acceptOn(one, deskInstant('2025-11-24', '11:00')));
  const repeated = issuedByThree.filter((s) => issuedByOne.includes(s));
  assert.deepEqual(repeated, [], `desk one issued ${issuedByOne.join(', ')}; desk three issued ${issuedByThree.join(', ')}`);
});
