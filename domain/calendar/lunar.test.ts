import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '../errors.ts';
import { civilFromDays, daysFromCivil } from './civilDate.ts';
import { apparentSolarLongitude, leapMonthOf, lunarToSolar, newMoonJde, solarToLunar } from './lunar.ts';

const iso = ({ y, m, d }: { y: number; m: number; d: number }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

test('new moon of 1977 February matches Meeus example 49.a', () => {
  // k = −283, JDE = 2443192.65118 (1977 Feb 18, 3h37m42s TD).
  assert.ok(Math.abs(newMoonJde(-283) - 2443192.65118) < 0.00001);
});

test("Sun's apparent longitude on 1992 October 13.0 TD matches Meeus example 25.a", () => {
  assert.ok(Math.abs(apparentSolarLongitude(2448908.5) - 199.90895) < 0.0001);
});

// Published dates of Tết (mùng 1 tháng Giêng) in Vietnam.
const TET: Record<number, string> = {
  1968: '1968-01-29', // first Tết at UTC+7 in the North; the South, still on UTC+8, had 30 Jan
  1970: '1970-02-06',
  1975: '1975-02-11',
  1980: '1980-02-16',
  1984: '1984-02-02',
  1985: '1985-01-21', // China: 1985-02-20 — month 11 of 1984 differs at UTC+7
  1990: '1990-01-27',
  1995: '1995-01-31',
  2000: '2000-02-05',
  2004: '2004-01-22',
  2007: '2007-02-17', // China: 2007-02-18
  2008: '2008-02-07',
  2010: '2010-02-14',
  2012: '2012-01-23',
  2015: '2015-02-19',
  2016: '2016-02-08',
  2017: '2017-01-28',
  2018: '2018-02-16',
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  // New moon 2030-02-02 16:07 UT: 23:07 in Hà Nội, 00:07 on the 3rd in Beijing. Vietnam
  // has Tết a day before China in 2030 and 2053 (Vietnam Space Center, via scienceinfo.net);
  // China's date for 2030 is 3 February.
  2030: '2030-02-02',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2053: '2053-02-18',
};

test('Tết falls on the published Vietnamese dates, 1968–2053', () => {
  for (const [year, date] of Object.entries(TET)) {
    assert.equal(iso(lunarToSolar(Number(year), 1, 1)), date, `Tết ${year}`);
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    assert.deepEqual(solarToLunar(y, m, d), { year: Number(year), month: 1, day: 1, leap: false });
  }
});

test('the eve of Tết is the 30th only in 2024 and 2033 between them (Vietnam Space Center)', () => {
  // Month 12 of lunar year Y ends the day before Tết of Y+1.
  const lastDayOfYear = (lunarYear: number) => {
    const tet = lunarToSolar(lunarYear + 1, 1, 1);
    const eve = civilFromDays(daysFromCivil(tet.y, tet.m, tet.d) - 1);
    return solarToLunar(eve.y, eve.m, eve.d).day;
  };
  assert.equal(lastDayOfYear(2023), 30); // eve of Tết 2024
  for (let y = 2024; y <= 2031; y++) assert.equal(lastDayOfYear(y), 29, `eve of Tết ${y + 1}`);
  assert.equal(lastDayOfYear(2032), 30); // eve of Tết 2033
});

test('leap months are the published ones', () => {
  const expected: Record<number, number | null> = {
    2001: 4,
    2004: 2,
    2006: 7,
    2009: 5,
    2012: 4,
    2014: 9,
    2017: 6,
    2020: 4,
    2023: 2,
    2025: 6,
    2028: 5,
    2031: 3,
    2033: 11,
    2019: null,
    2021: null,
    2022: null,
    2024: null,
    2026: null,
    2027: null,
  };
  for (const [year, month] of Object.entries(expected)) assert.equal(leapMonthOf(Number(year)), month, `leap month of ${year}`);
});

test('a leap month follows the ordinary month of the same number', () => {
  assert.equal(iso(lunarToSolar(2020, 4, 1)), '2020-04-23');
  assert.equal(iso(lunarToSolar(2020, 4, 1, true)), '2020-05-23');
  assert.equal(iso(lunarToSolar(2023, 2, 1, true)), '2023-03-22');
  assert.equal(iso(lunarToSolar(2025, 6, 1)), '2025-06-25');
  assert.equal(iso(lunarToSolar(2025, 6, 1, true)), '2025-07-25');
  assert.deepEqual(solarToLunar(2025, 8, 1), { year: 2025, month: 6, day: 8, leap: true });
  assert.deepEqual(solarToLunar(2025, 8, 23), { year: 2025, month: 7, day: 1, leap: false });
});

test("Hùng Kings' day (10/3 lunar) falls on the published dates", () => {
  const expected = ['2019-04-14', '2020-04-02', '2021-04-21', '2022-04-10', '2023-04-29', '2024-04-18', '2025-04-07', '2026-04-26'];
  expected.forEach((date, i) => assert.equal(iso(lunarToSolar(2019 + i, 3, 10)), date));
});

test('every day 1900–2100 converts to lunar and back, and lunar days run on without gaps', () => {
  let previous = solarToLunar(1899, 12, 31);
  for (let n = daysFromCivil(1900, 1, 1); n <= daysFromCivil(2100, 12, 31); n++) {
    const { y, m, d } = civilFromDays(n);
    const lunar = solarToLunar(y, m, d);
    assert.deepEqual(lunarToSolar(lunar.year, lunar.month, lunar.day, lunar.leap), { y, m, d });
    if (lunar.day === 1) {
      assert.ok(previous.day === 29 || previous.day === 30, `month before ${y}-${m}-${d} has ${previous.day} days`);
    } else {
      assert.equal(lunar.day, previous.day + 1);
      assert.equal(lunar.month, previous.month);
      assert.equal(lunar.leap, previous.leap);
    }
    previous = lunar;
  }
});

test('refuses a lunar date that does not exist, and years outside the supported range', () => {
  const refused = (f: () => unknown) => assert.throws(f, (e) => isDeskError(e) && e.text.vi.length > 0 && e.text.en.length > 0);
  refused(() => lunarToSolar(2024, 4, 1, true)); // 2024 has no leap month
  refused(() => lunarToSolar(2024, 12, 30)); // month 12 of 2024 has 29 days
  refused(() => solarToLunar(2025, 2, 29));
  refused(() => solarToLunar(1700, 1, 1));
});
