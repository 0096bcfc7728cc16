// Which days are worked, from the calendar rules: weekly rest days, statutory
// holidays (solar and lunar), Art. 111(3) make-up days, and the yearly notices
// that override the computed days of the holidays they name.

import type { Bilingual } from '../errors.ts';
import { DeskError } from '../errors.ts';
import { civilFromDays, formatIsoDate, parseIsoDate, weekday } from './civilDate.ts';
import { WEEKDAY_NUMBER, type CalendarRules, type HolidayRule } from './rules.ts';
import { statutoryOccurrences } from './statutory.ts';

export type SpecialDayKind = 'holiday' | 'compensatory' | 'notice-off' | 'makeup-workday';

/** A day that is not a plain weekday or a plain weekly rest day. */
export interface SpecialDay {
  date: string;
  name: Bilingual;
  kind: SpecialDayKind;
  /** The holiday rule the day belongs to. */
  holidayId: string;
  /** The yearly notice that set the day, when one did. */
  source?: string;
  /** A default the Prime Minister has not yet confirmed for the year (Tết pattern, adjacent day). */
  provisional?: true;
}

interface RulesIndex {
  restDays: Set<number>;
  /** Special days of one solar year, by day number. */
  years: Map<number, Map<number, SpecialDay>>;
}

// Keyed by version, not by object: callers that re-read the same rules for every
// dossier still hit the cache. A version names its content (see rules.ts).
const indexByVersion = new Map<string, RulesIndex>();

function indexOf(rules: CalendarRules): RulesIndex {
  let index = indexByVersion.get(rules.version);
  if (!index) {
    index = { restDays: new Set(rules.weeklyRestDays.map((d) => WEEKDAY_NUMBER[d])), years: new Map() };
    indexByVersion.set(rules.version, index);
  }
  return index;
}

function specialDaysOfYear(rules: CalendarRules, year: number): Map<number, SpecialDay> {
  const index = indexOf(rules);
  let days = index.years.get(year);
  if (!days) {
    days = computeYear(rules, index.restDays, year);
    index.years.set(year, days);
  }
  return days;
}

const MAKEUP_WORKDAY_NAME: Bilingual = { vi: 'Làm bù (ngày làm việc)', en: 'make-up working day' };

function compensatoryName(h: HolidayRule): Bilingual {
  return { vi: `Nghỉ bù ${h.name.vi}`, en: `compensatory day off for ${h.name.en}` };
}

function noticeOffName(h: HolidayRule): Bilingual {
  return { vi: `Nghỉ theo thông báo dịp ${h.name.vi}`, en: `day off by official notice (${h.name.en})` };
}

/**
 * Special days falling in `year`. The computation covers the year before as well,
 * so that a make-up day pushed across New Year is not lost.
 */
function computeYear(rules: CalendarRules, restDays: Set<number>, year: number): Map<number, SpecialDay> {
  const holidayById = new Map(rules.holidays.map((h) => [h.id, h]));
  const years = [year - 1, year];
  const statutory = years.flatMap((y) => statutoryOccurrences(rules, restDays, y)).sort((a, b) => a.day - b.day);
  const notices = rules.notices.filter((n) => years.includes(n.year));
  const noticeOff = notices.flatMap((n) => n.daysOff.map((d) => ({ ...d, day: parseIsoDate(d.date)!, source: n.source })));
  const noticeWork = notices.flatMap((n) => n.workdays.map((w) => ({ ...w, day: parseIsoDate(w.date)!, source: n.source })));

  const result = new Map<number, SpecialDay>();
  const put = (day: number, entry: Omit<SpecialDay, 'date'>) => result.set(day, { date: formatIsoDate(day), ...entry });

  const taken = new Set<number>([...statutory.map((o) => o.day), ...noticeOff.map((d) => d.day), ...noticeWork.map((w) => w.day)]);
  const isPlainWorkday = (day: number) => !restDays.has(weekday(day)) && !taken.has(day);

  for (const { day, holiday, provisional } of statutory) {
    const mark = provisional ? { provisional: true as const } : {};
    if (!result.has(day)) put(day, { name: holiday.name, kind: 'holiday', holidayId: holiday.id, ...mark });
    // Art. 111(3): a holiday on a weekly rest day is taken on the next working day.
    if (holiday.makeUpOnRestDay && restDays.has(weekday(day))) {
      let makeUp = day + 1;
      while (!isPlainWorkday(makeUp)) makeUp += 1;
      taken.add(makeUp);
      put(makeUp, { name: compensatoryName(holiday), kind: 'compensatory', holidayId: holiday.id, ...mark });
    }
  }
  // Notices come last: they override whatever was computed for their days.
  for (const d of noticeOff) {
    const holiday = holidayById.get(d.holiday)!;
    const name = d.kind === 'holiday' ? holiday.name : d.kind === 'compensatory' ? compensatoryName(holiday) : noticeOffName(holiday);
    put(d.day, { name, kind: d.kind, holidayId: d.holiday, source: d.source });
  }
  for (const w of noticeWork) put(w.day, { name: MAKEUP_WORKDAY_NAME, kind: 'makeup-workday', holidayId: w.holiday, source: w.source });

  for (const day of result.keys()) if (civilFromDays(day).y !== year) result.delete(day);
  return result;
}

/** Every special day of the solar years fromYear…toYear, by date. */
export function nonWorkingDays(rules: CalendarRules, fromYear: number, toYear: number): SpecialDay[] {
  const days: SpecialDay[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    days.push(...[...specialDaysOfYear(rules, year).values()].sort((a, b) => (a.date < b.date ? -1 : 1)));
  }
  return days;
}

/** Whether a day number (days since 1970-01-01, desk time) is worked. */
export function isWorkingDayNumber(day: number, rules: CalendarRules): boolean {
  const special = specialDaysOfYear(rules, civilFromDays(day).y).get(day);
  if (special) return special.kind === 'makeup-workday';
  return !indexOf(rules).restDays.has(weekday(day));
}

/** Whether "YYYY-MM-DD" is a working day at the desk. */
export function isWorkingDay(date: string, rules: CalendarRules): boolean {
  const day = parseIsoDate(date);
  if (day === null) {
    throw new DeskError('calendar.bad-date', { vi: `"${date}" không phải ngày dạng YYYY-MM-DD.`, en: `"${date}" is not a YYYY-MM-DD date.` });
  }
  return isWorkingDayNumber(day, rules);
}
