import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '../errors.ts';
import { parseRules, VN_RULES } from './rules.ts';

const copy = () => structuredClone(VN_RULES);

function refusedWith(input: unknown, vi: RegExp, en: RegExp): void {
  assert.throws(
    () => parseRules(input),
    (e) => isDeskError(e) && e.code === 'calendar.rules-invalid' && vi.test(e.text.vi) && en.test(e.text.en),
  );
}

test('the bundled rules are valid and versioned', () => {
  assert.equal(parseRules(structuredClone(VN_RULES)).version, VN_RULES.version);
  assert.ok(VN_RULES.version.length > 0);
  assert.deepEqual(VN_RULES.weeklyRestDays, ['sat', 'sun']);
});

test('refuses a file with the wrong shape, saying where in both languages', () => {
  refusedWith(
    { ...copy(), version: 3 },
    /^Tệp quy tắc lịch làm việc bị từ chối: version: .*string/,
    /^Calendar rules file refused: version: .*expected string/,
  );
  refusedWith({ ...copy(), surprise: true }, /bị từ chối/, /surprise/);
  const lunarDay30 = copy();
  lunarDay30.holidays[2] = { ...lunarDay30.holidays[2]!, date: { type: 'lunar', month: 3, day: 30 } };
  refusedWith(lunarDay30, /holidays\.2\.date\.day/, /holidays\.2\.date\.day/);
});

test('refuses dates that do not exist and references that do not resolve', () => {
  const badDate = copy();
  badDate.notices[0]!.daysOff[0]!.date = '2025-02-30';
  refusedWith(badDate, /"2025-02-30" không phải ngày có thật/, /"2025-02-30" is not a real date/);

  const unknownHoliday = copy();
  unknownHoliday.notices[0]!.replaces = ['tet-typo'];
  refusedWith(unknownHoliday, /không có ngày lễ mã "tet-typo"/, /no holiday has id "tet-typo"/);

  const duplicate = copy();
  duplicate.holidays.push(structuredClone(duplicate.holidays[0]!));
  refusedWith(duplicate, /bị trùng/, /used twice/);

  const feb29 = copy();
  feb29.holidays[0] = { ...feb29.holidays[0]!, date: { type: 'solar', month: 2, day: 29 } };
  refusedWith(feb29, /không có trong mọi năm/, /does not exist every year/);
});

test('refuses a make-up working day that is already a working day', () => {
  const weekday = copy();
  weekday.notices[1]!.workdays[0]!.date = '2025-04-25'; // a Friday
  refusedWith(weekday, /vốn đã là ngày làm việc/, /already a working day/);
});
