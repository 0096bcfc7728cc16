// The days the statutory holidays fall on in a solar year, before Art. 111(3) make-up days
// and before the yearly notices' own days. Apart from workingDays.ts so that rules.ts can
// check a notice against them: it imports rules.ts for types only, so there is no cycle.

import { civilFromDays, daysFromCivil, formatIsoDate, weekday } from './civilDate.ts';
import { lunarToSolar } from './lunar.ts';
import type { CalendarRules, HolidayRule } from './rules.ts';

interface Occurrence {
  day: number;
  holiday: HolidayRule;
  provisional: boolean;
}

function isEffective(holiday: HolidayRule, day: number): boolean {
  const date = formatIsoDate(day);
  return (!holiday.from || date >= holiday.from) && (!holiday.until || date <= holiday.until);
}

/** Days a holiday with its own date falls on in a solar year, before notices. */
function occurrencesOf(holiday: HolidayRule, year: number): number[] {
  const d = holiday.date;
  const inYear = (day: number) => civilFromDays(day).y === year;
  const lunarDay = (ly: number, m: number, day: number) => {
    const s = lunarToSolar(ly, m, day);
    return daysFromCivil(s.y, s.m, s.d);
  };
  switch (d.type) {
    case 'solar':
      return [daysFromCivil(year, d.month, d.day)];
    // A lunar date of lunar year Y can fall in solar year Y or Y+1, so look at both neighbours.
    case 'lunar':
      return [year - 1, year].map((ly) => lunarDay(ly, d.month, d.day)).filter(inYear);
    case 'lunar-new-year':
      return [year, year + 1].flatMap((ly) => d.dayOffsets.map((o) => lunarDay(ly, 1, 1) + o)).filter(inYear);
    case 'adjacent':
      return []; // resolved against its target in adjacentDays
  }
}

type AdjacentRule = Extract<HolidayRule['date'], { type: 'adjacent' }>;

/** The adjacent day for each day of its target holiday in the year. */
function adjacentDays(rule: AdjacentRule, target: number[], year: number, restDays: Set<number>): number[] {
  const isRest = (n: number) => restDays.has(weekday(n));
  return target.map((day) => {
    const side = rule.byYear[String(year)] ?? rule.default;
    if (side === 'before') return day - 1;
    if (side === 'after') return day + 1;
    // 'toward-weekend': prefer the working neighbour whose other side is a weekly rest
    // day, so the break is unbroken (this reproduces the choices of 2021–2025).
    const neighbours = [
      { day: day + 1, beyond: day + 2 },
      { day: day - 1, beyond: day - 2 },
    ];
    const working = neighbours.filter((n) => !isRest(n.day));
    return (working.find((n) => isRest(n.beyond)) ?? working[0] ?? neighbours[0]!).day;
  });
}

/** Statutory holiday days of a solar year, minus the holidays a notice of that year replaces. */
export function statutoryOccurrences(rules: CalendarRules, restDays: Set<number>, year: number): Occurrence[] {
  const daysById = new Map<string, number[]>();
  const effective = (holiday: HolidayRule, days: number[]) => {
    daysById.set(
      holiday.id,
      days.filter((day) => isEffective(holiday, day)),
    );
  };
  for (const holiday of rules.holidays) if (holiday.date.type !== 'adjacent') effective(holiday, occurrencesOf(holiday, year));
  for (const holiday of rules.holidays) {
    if (holiday.date.type === 'adjacent') {
      effective(holiday, adjacentDays(holiday.date, daysById.get(holiday.date.to) ?? [], year, restDays));
    }
  }
  const replaced = new Set(rules.notices.filter((n) => n.year === year).flatMap((n) => n.replaces));
  const provisional = (holiday: HolidayRule) => holiday.defaultPattern === true || (holiday.date.type === 'adjacent' && !(String(year) in holiday.date.byYear));
  return rules.holidays
    .filter((holiday) => !replaced.has(holiday.id))
    .flatMap((holiday) => (daysById.get(holiday.id) ?? []).map((day) => ({ day, holiday, provisional: provisional(holiday) })));
}
