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

test('refuses a notice that contradicts the statutory holidays, naming the date', () => {
  const withNotice = (notice: Partial<(typeof VN_RULES.notices)[number]>) => {
    const rules = copy();
    rules.notices.push({ year: 2026, source: 'test', replaces: [], daysOff: [], workdays: [], ...notice });
    return rules;
  };
  // 2 September 2026 is a Wednesday: it is refused as a holiday, not as a weekday.
  refusedWith(
    withNotice({ workdays: [{ date: '2026-09-02', holiday: 'national-day' }] }),
    /2026-09-02 là ngày nghỉ lễ Quốc khánh \(2\/9\) theo luật, thông báo không thể biến nó thành ngày làm việc/,
    /2026-09-02 is a statutory holiday \(National Day\), so a notice cannot make it a working day/,
  );
  // 2 September 2029 is a Sunday, so the weekday check alone would let it through.
  refusedWith(
    withNotice({ year: 2029, workdays: [{ date: '2029-09-02', holiday: 'national-day' }] }),
    /2029-09-02 là ngày nghỉ lễ/,
    /2029-09-02 is a statutory holiday/,
  );
  refusedWith(
    withNotice({ daysOff: [{ date: '2026-04-30', kind: 'compensatory', holiday: 'labour-day' }] }),
    /2026-04-30 đã là ngày nghỉ lễ Ngày Chiến thắng \(30\/4\) theo luật, không thể là ngày nghỉ bù/,
    /2026-04-30 is already a statutory holiday \(Reunification Day\), so it cannot be a day off in lieu/,
  );
  refusedWith(
    withNotice({ year: 2027, daysOff: [{ date: '2027-02-06', kind: 'notice-off', holiday: 'tet' }] }),
    /2027-02-06 đã là ngày nghỉ lễ/,
    /2027-02-06 is already/,
  );
});

test('a notice may rearrange the days of a holiday it replaces', () => {
  const rules = copy();
  rules.version = 'test-replaced-tet';
  // Tết 2027 by a notice that moves a default day (Fri 5 February) and works a Saturday.
  rules.notices.push({
    year: 2027,
    source: 'test',
    replaces: ['tet'],
    daysOff: [{ date: '2027-02-05', kind: 'notice-off', holiday: 'tet' }],
    workdays: [{ date: '2027-02-06', holiday: 'tet' }],
  });
  assert.equal(parseRules(rules).version, 'test-replaced-tet');
});

test('refuses a notice dated outside the years the calendar can compute', () => {
  const rules = copy();
  rules.notices.push({ year: 2300, source: 'test', replaces: [], daysOff: [], workdays: [{ date: '2300-01-06', holiday: 'new-year' }] });
  refusedWith(rules, /năm 2300 nằm ngoài khoảng lịch hỗ trợ/, /year 2300 is outside the supported calendar range/);
});
