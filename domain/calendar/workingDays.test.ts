import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '../errors.ts';
import { parseRules, VN_RULES, type CalendarRules } from './rules.ts';
import { isWorkingDay, nonWorkingDays, type SpecialDayKind } from './workingDays.ts';

/** Dates from..to inclusive, "YYYY-MM-DD". */
function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

function assertWorking(rules: CalendarRules, working: string[], off: string[]): void {
  for (const date of working) assert.equal(isWorkingDay(date, rules), true, `${date} should be worked`);
  for (const date of off) assert.equal(isWorkingDay(date, rules), false, `${date} should be off`);
}

function kindOf(date: string, rules: CalendarRules = VN_RULES): SpecialDayKind | undefined {
  const year = Number(date.slice(0, 4));
  return nonWorkingDays(rules, year, year).find((d) => d.date === date)?.kind;
}

test('New Year 2026: off Thu 1 to Sun 4 January, Saturday 10 January worked (Công văn 12729/VPCP-KGVX)', () => {
  assertWorking(VN_RULES, ['2025-12-31', '2026-01-05', '2026-01-09', '2026-01-10'], datesBetween('2026-01-01', '2026-01-04').concat('2026-01-11'));
  assert.equal(kindOf('2026-01-01'), 'holiday');
  assert.equal(kindOf('2026-01-02'), 'notice-off');
  assert.equal(kindOf('2026-01-10'), 'makeup-workday');
  assert.equal(kindOf('2026-01-03'), undefined, 'a plain weekend day is not listed');
});

test('Tết 2026: off Saturday 14 to Sunday 22 February', () => {
  assertWorking(VN_RULES, ['2026-02-13', '2026-02-23'], datesBetween('2026-02-14', '2026-02-22'));
  const listed = nonWorkingDays(VN_RULES, 2026, 2026).filter((d) => d.holidayId === 'tet');
  assert.deepEqual(
    listed.map((d) => d.date),
    datesBetween('2026-02-16', '2026-02-20'),
  );
  assert.ok(listed.every((d) => d.kind === 'holiday' && d.source !== undefined));
});

test('Tết 2025 follows the notice: off Saturday 25 January to Sunday 2 February', () => {
  assertWorking(VN_RULES, ['2025-01-24', '2025-02-03'], datesBetween('2025-01-25', '2025-02-02'));
});

test('Tết 2027 has no notice yet: the default pattern with Art. 111(3) make-up days', () => {
  // Tết is Saturday 6 February 2027: 29 Chạp (Fri 5) + mùng 1–4 (Sat 6 – Tue 9); the
  // Saturday and Sunday holidays are made up on Wed 10 and Thu 11.
  assertWorking(VN_RULES, ['2027-02-04', '2027-02-12'], datesBetween('2027-02-05', '2027-02-11'));
  assert.equal(kindOf('2027-02-06'), 'holiday');
  assert.equal(kindOf('2027-02-10'), 'compensatory');
  assert.equal(kindOf('2027-02-11'), 'compensatory');
});

test('days from a default not yet confirmed by a notice are marked provisional', () => {
  const provisional = (date: string) => {
    const year = Number(date.slice(0, 4));
    return nonWorkingDays(VN_RULES, year, year).find((d) => d.date === date)?.provisional === true;
  };
  assert.equal(provisional('2027-02-06'), true); // Tết 2027, default pattern
  assert.equal(provisional('2027-02-10'), true); // its make-up day
  assert.equal(provisional('2026-02-17'), false); // Tết 2026, set by notice
  assert.equal(provisional('2027-09-03'), true); // adjacent day chosen by the default
  assert.equal(provisional('2025-09-01'), false); // adjacent day chosen for 2025
  assert.equal(provisional('2026-09-01'), false); // adjacent day chosen for 2026
  assert.equal(provisional('2027-04-16'), false); // Hùng Kings: fixed by law
});

test('30 April and 1 May: 2025 swaps Fri 2 May for Sat 26 April; 2026 is Thu–Fri', () => {
  assertWorking(VN_RULES, ['2025-04-26', '2025-04-29', '2025-05-05'], ['2025-04-30', '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04']);
  assertWorking(VN_RULES, ['2026-04-29', '2026-05-04'], ['2026-04-30', '2026-05-01']);
  assert.equal(kindOf('2025-05-02'), 'notice-off');
  assert.equal(kindOf('2025-04-26'), 'makeup-workday');
});

test('Art. 111(3): holidays on weekly rest days are taken on the next working days', () => {
  // Hùng Kings' day 2026 is Sunday 26 April: Monday 27 April is off instead.
  assertWorking(VN_RULES, ['2026-04-28'], ['2026-04-26', '2026-04-27']);
  assert.equal(kindOf('2026-04-27'), 'compensatory');
  // 2023: Hùng Kings (Sat 29/4) and 30/4 (Sun) → Tue 2 and Wed 3 May, after 1/5 (Mon); off 29/4–3/5.
  assertWorking(VN_RULES, ['2023-04-28', '2023-05-04'], datesBetween('2023-04-29', '2023-05-03'));
  // 1 May 2027 is a Saturday: Monday 3 May is off.
  assertWorking(VN_RULES, ['2027-05-04'], ['2027-05-03']);
});

test("National Day's adjacent day: 2025 by notice, other years by the default that matches 2021–2024", () => {
  assertWorking(VN_RULES, ['2025-09-03'], ['2025-09-01', '2025-09-02']); // Mon 1 + Tue 2 (TB 6150)
  assertWorking(VN_RULES, ['2024-09-04'], ['2024-09-02', '2024-09-03']); // Mon 2 + Tue 3
  assertWorking(VN_RULES, ['2023-08-31', '2023-09-05'], ['2023-09-01', '2023-09-04']); // Fri 1 + Sat 2 → Mon 4
  assertWorking(VN_RULES, ['2022-08-31', '2022-09-05'], ['2022-09-01', '2022-09-02']); // Thu 1 + Fri 2
  assertWorking(VN_RULES, ['2021-09-01', '2021-09-06'], ['2021-09-02', '2021-09-03']); // Thu 2 + Fri 3
  // 2027 has no notice: Thu 2 and Fri 3 September, next to the weekend.
  assertWorking(VN_RULES, ['2027-09-01', '2027-09-06'], ['2027-09-02', '2027-09-03']);
});

test('National Day 2026: off Sat 29 August to Wed 2 September, Mon 31 August made up on Sat 22 August', () => {
  assertWorking(VN_RULES, ['2026-08-22', '2026-08-28', '2026-09-03', '2026-09-04'], datesBetween('2026-08-29', '2026-09-02'));
  assert.equal(kindOf('2026-08-22'), 'makeup-workday');
  assert.equal(kindOf('2026-08-31'), 'notice-off');
  assert.equal(kindOf('2026-09-01'), 'holiday');
  assert.equal(kindOf('2026-09-02'), 'holiday');
  assert.equal(kindOf('2026-09-03'), undefined, 'the day after is a plain working day');
  const notice = VN_RULES.notices.find((n) => n.year === 2026 && n.workdays.some((w) => w.date === '2026-08-22'));
  assert.match(notice?.source ?? '', /07\/12\/2026/, 'the notice records when it was checked');
});

test('Vietnam Culture Day 24/11 applies from 1 July 2026 and is not made up on a weekend', () => {
  assertWorking(VN_RULES, ['2025-11-24', '2026-11-25'], ['2026-11-24']);
  assert.equal(kindOf('2024-11-24'), undefined);
  assert.equal(kindOf('2026-11-24'), 'holiday');
  // 24/11/2029 is a Saturday: no day off in lieu.
  assert.equal(kindOf('2029-11-24'), 'holiday');
  assertWorking(VN_RULES, ['2029-11-26'], []);
});

test('nonWorkingDays lists years in date order with bilingual names', () => {
  const days = nonWorkingDays(VN_RULES, 2025, 2027);
  const dates = days.map((d) => d.date);
  assert.deepEqual(dates, [...dates].sort());
  assert.equal(new Set(dates).size, dates.length);
  assert.equal(dates[0], '2025-01-01');
  assert.ok(days.every((d) => d.name.vi.length > 0 && d.name.en.length > 0));
  assert.deepEqual(
    days.find((d) => d.date === '2026-01-10'),
    {
      date: '2026-01-10',
      name: { vi: 'Làm bù (ngày làm việc)', en: 'make-up working day' },
      kind: 'makeup-workday',
      holidayId: 'new-year',
      source: 'Công văn 12729/VPCP-KGVX ngày 25/12/2025',
    },
  );
});

test('a make-up day pushed across New Year lands in the next year', () => {
  // A made-up holiday on Saturday 31 Dec 2022; New Year's Day 2023 is a Sunday as well.
  const rules = structuredClone(VN_RULES);
  rules.version = 'test-year-end';
  rules.holidays.push({
    id: 'year-end',
    name: { vi: 'Cuối năm', en: 'Year end' },
    date: { type: 'solar', month: 12, day: 31 },
    makeUpOnRestDay: true,
    source: 'test',
  });
  const parsed = parseRules(rules);
  assert.equal(kindOf('2023-01-02', parsed), 'compensatory');
  assert.equal(nonWorkingDays(parsed, 2023, 2023).find((d) => d.date === '2023-01-02')?.holidayId, 'year-end');
  assert.equal(nonWorkingDays(parsed, 2023, 2023).find((d) => d.date === '2023-01-03')?.holidayId, 'new-year');
  assertWorking(parsed, ['2023-01-04'], ['2023-01-02', '2023-01-03']);
});

test('rules with another version are computed on their own', () => {
  const noNotices = parseRules({ ...structuredClone(VN_RULES), version: 'test-no-notices', notices: [] });
  assert.equal(isWorkingDay('2026-01-10', noNotices), false);
  assert.equal(isWorkingDay('2026-01-10', VN_RULES), true);
});

test('isWorkingDay refuses text that is not a date', () => {
  assert.throws(
    () => isWorkingDay('2026-02-30', VN_RULES),
    (e) => isDeskError(e) && e.code === 'calendar.bad-date',
  );
});
