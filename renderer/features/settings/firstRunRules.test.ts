// The checks behind the first run's and the office section's field messages: each page is
// checked before the officer leaves it, with the problem named beside its field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultOfficeSettings, officeFieldProblems } from './officeSettings.ts';
import { adminFieldProblems } from './setup.ts';
import { PASSWORD_RULES, passwordProblems } from '../officers/password.ts';
import { SETTINGS_SECTIONS, initialSection, rememberSection, sectionAfterKey, sectionFromHash, sectionHash } from './sections.ts';

const OFFICE = { ...defaultOfficeSettings, officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.h56', placeName: 'Hai Bà Trưng' };

test('a filled office page has no problem; an empty one names each missing field', () => {
  assert.deepEqual(officeFieldProblems(OFFICE), {});
  assert.deepEqual(Object.keys(officeFieldProblems(defaultOfficeSettings)).sort(), ['agencyId', 'officeName', 'placeName']);
});

test("'abc' is refused as the office's e-ID in both languages, naming the level-1 code", () => {
  const problem = officeFieldProblems({ ...OFFICE, agencyId: 'abc' }).agencyId;
  assert.ok(problem);
  assert.match(problem.vi, /cấp 1/);
  assert.match(problem.en, /level-1/);
  assert.equal(officeFieldProblems({ ...OFFICE, agencyId: ' h15.50.05.13 ' }).agencyId, undefined, 'typed in lower case with spaces: accepted');
});

test('desk numbers, times and the idle lock are checked on the office page', () => {
  const problems = officeFieldProblems({
    ...OFFICE,
    deskNumber: 3,
    deskCount: 2,
    cutoff: '25:00',
    idleLockMinutes: 0,
    morning: { start: '7:30', end: '11:30' },
  });
  assert.deepEqual(Object.keys(problems).sort(), ['cutoff', 'deskNumber', 'idleLockMinutes', 'morning']);
  assert.match(problems.deskNumber!.en, /cannot exceed/);
});

test('the password rule is stated before anything is typed and met as the officer types', () => {
  assert.ok(PASSWORD_RULES.length > 0);
  for (const rule of PASSWORD_RULES) {
    assert.ok(rule.rule.vi && rule.rule.en);
    assert.equal(rule.met(''), false);
  }
  assert.equal(PASSWORD_RULES[0]!.met('1234567'), false);
  assert.equal(PASSWORD_RULES[0]!.met('12345678'), true);
  assert.deepEqual(passwordProblems('1234567'), [PASSWORD_RULES[0]!.problem]);
});

test("the administrator's page names each problem by field", () => {
  assert.deepEqual(Object.keys(adminFieldProblems({ username: '', fullName: ' ', password: 'short', again: 'short' })).sort(), [
    'fullName',
    'password',
    'username',
  ]);
  assert.deepEqual(Object.keys(adminFieldProblems({ username: 'admin', fullName: 'Lê Thị A', password: 'mat-khau-1', again: 'mat-khau-2' })), ['again']);
  assert.deepEqual(adminFieldProblems({ username: 'admin', fullName: 'Lê Thị A', password: 'mat-khau-1', again: 'mat-khau-1' }), {});
});

test('settings sections: named in the address, remembered while the app runs, walked with the arrow keys', () => {
  assert.equal(sectionFromHash(sectionHash('sync')), 'sync');
  assert.equal(sectionFromHash('#settings/nothing'), null);
  assert.equal(initialSection(''), 'office');
  rememberSection('officers');
  assert.equal(initialSection(''), 'officers');
  assert.equal(initialSection('#settings/audit'), 'audit');
  assert.equal(sectionAfterKey('office', 'ArrowDown'), SETTINGS_SECTIONS[1]);
  assert.equal(sectionAfterKey('office', 'ArrowUp'), 'audit');
  assert.equal(sectionAfterKey('audit', 'ArrowDown'), 'office');
  assert.equal(sectionAfterKey('sync', 'Home'), 'office');
  assert.equal(sectionAfterKey('sync', 'End'), 'audit');
  assert.equal(sectionAfterKey('sync', 'a'), null);
});
