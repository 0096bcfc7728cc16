// Working-day calendar rules as versioned data. An administrator can replace the
// bundled file; each dossier records `version`, so an appointment can always be
// recomputed with the rules that were in force when it was given.
//
// A rules file is accepted whole or refused whole, with the first reason in
// Vietnamese and English: a half-applied calendar would give wrong appointments
// without anyone noticing.

import { z } from 'zod';
import { vi as zodVietnamese } from 'zod/locales';
import { DeskError } from '../errors.ts';
import { civilFromDays, isRealDate, parseIsoDate, weekday } from './civilDate.ts';
import { SUPPORTED_YEARS } from './lunar.ts';
import { statutoryOccurrences } from './statutory.ts';
import bundledRules from './rules-vn.json' with { type: 'json' };

const bilingualText = z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict();
// Shape only; whether the date exists is checked afterwards with a bilingual reason.
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const weekdayName = z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']);

const holidayDate = z.discriminatedUnion('type', [
  z.object({ type: z.literal('solar'), month: z.int().min(1).max(12), day: z.int().min(1).max(31) }).strict(),
  // Day 30 is missing in short lunar months, so a lunar holiday is at most day 29;
  // "the last day of the year" is expressed as an offset from lunar New Year instead.
  z.object({ type: z.literal('lunar'), month: z.int().min(1).max(12), day: z.int().min(1).max(29) }).strict(),
  /** Days relative to lunar New Year's day (0 = mùng 1, −1 = the last day of the old year). */
  z.object({ type: z.literal('lunar-new-year'), dayOffsets: z.array(z.int().min(-29).max(29)).min(1) }).strict(),
  /** A day next to another holiday, the side chosen per year by the Prime Minister (Art. 112(1)(đ)). */
  z
    .object({
      type: z.literal('adjacent'),
      to: z.string().min(1),
      default: z.enum(['before', 'after', 'toward-weekend']),
      byYear: z.record(z.string().regex(/^\d{4}$/), z.enum(['before', 'after'])),
    })
    .strict(),
]);

const holidayRule = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: bilingualText,
    date: holidayDate,
    /** Labour Code Art. 111(3): taken on the next working day when it falls on a weekly rest day. */
    makeUpOnRestDay: z.boolean(),
    /** True when the days are a default pattern that a yearly notice normally decides (Tết). */
    defaultPattern: z.boolean().optional(),
    /** First and last dates on which the rule applies (inclusive); absent = unbounded. */
    from: isoDate.optional(),
    until: isoDate.optional(),
    source: z.string().min(1),
    note: z.string().optional(),
  })
  .strict();

const noticeDayOff = z.object({ date: isoDate, kind: z.enum(['holiday', 'compensatory', 'notice-off']), holiday: z.string().min(1) }).strict();

const yearlyNotice = z
  .object({
    year: z.int(),
    source: z.string().min(1),
    summary: bilingualText.optional(),
    /** Holidays whose computed days (and make-up days) this notice replaces for `year`. */
    replaces: z.array(z.string().min(1)),
    daysOff: z.array(noticeDayOff),
    /** Weekly rest days worked instead (make-up working days). */
    workdays: z.array(z.object({ date: isoDate, holiday: z.string().min(1) }).strict()),
  })
  .strict();

const calendarRulesSchema = z
  .object({
    $comment: z.string().optional(),
    /** Identifies the content: change it whenever anything else changes (caches key on it). */
    version: z.string().min(1),
    effectiveFrom: isoDate,
    weeklyRestDays: z.array(weekdayName).min(1).max(6),
    holidays: z.array(holidayRule),
    notices: z.array(yearlyNotice),
  })
  .strict();

export type CalendarRules = z.infer<typeof calendarRulesSchema>;
export type HolidayRule = z.infer<typeof holidayRule>;
export type WeekdayName = z.infer<typeof weekdayName>;

export const WEEKDAY_NUMBER: Record<WeekdayName, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

function refuse(vi: string, en: string): never {
  throw new DeskError('calendar.rules-invalid', {
    vi: `Tệp quy tắc lịch làm việc bị từ chối: ${vi}`,
    en: `Calendar rules file refused: ${en}`,
  });
}

function pathText(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/** Validates a parsed rules file; throws DeskError('calendar.rules-invalid') with the reason. */
export function parseRules(input: unknown): CalendarRules {
  const english = calendarRulesSchema.safeParse(input);
  if (!english.success) {
    const vietnamese = calendarRulesSchema.safeParse(input, { error: zodVietnamese().localeError });
    const [en] = english.error.issues;
    const vi = vietnamese.success ? en : vietnamese.error.issues[0];
    refuse(`${pathText(vi!.path)}: ${vi!.message}`, `${pathText(en!.path)}: ${en!.message}`);
  }
  checkMeaning(english.data);
  return english.data;
}

/** What a schema cannot say: dates that exist, references that resolve, ranges in order. */
function checkMeaning(rules: CalendarRules): void {
  const realDate = (text: string, where: string) => {
    if (parseIsoDate(text) === null) refuse(`${where}: "${text}" không phải ngày có thật.`, `${where}: "${text}" is not a real date.`);
  };
  realDate(rules.effectiveFrom, 'effectiveFrom');
  if (new Set(rules.weeklyRestDays).size !== rules.weeklyRestDays.length) {
    refuse('weeklyRestDays: có ngày bị lặp.', 'weeklyRestDays: a day is listed twice.');
  }

  const ids = new Map<string, HolidayRule>();
  rules.holidays.forEach((h, i) => {
    const where = `holidays.${i}`;
    if (ids.has(h.id)) refuse(`${where}: mã ngày lễ "${h.id}" bị trùng.`, `${where}: holiday id "${h.id}" is used twice.`);
    ids.set(h.id, h);
    if (h.from) realDate(h.from, `${where}.from`);
    if (h.until) realDate(h.until, `${where}.until`);
    if (h.from && h.until && h.from > h.until) refuse(`${where}: "from" sau "until".`, `${where}: "from" is after "until".`);
    // 2001 is not a leap year: a fixed holiday must exist every year, so 29/2 is refused.
    if (h.date.type === 'solar' && !isRealDate(2001, h.date.month, h.date.day)) {
      refuse(`${where}: ngày ${h.date.day}/${h.date.month} không có trong mọi năm.`, `${where}: ${h.date.month}/${h.date.day} does not exist every year.`);
    }
  });
  rules.holidays.forEach((h, i) => {
    if (h.date.type !== 'adjacent') return;
    const target = ids.get(h.date.to);
    if (!target || target.date.type === 'adjacent') {
      refuse(
        `holidays.${i}.date.to: "${h.date.to}" không phải ngày lễ cố định đã khai báo.`,
        `holidays.${i}.date.to: "${h.date.to}" is not a declared non-adjacent holiday.`,
      );
    }
  });

  const knownHoliday = (id: string, where: string) => {
    if (!ids.has(id)) refuse(`${where}: không có ngày lễ mã "${id}".`, `${where}: no holiday has id "${id}".`);
  };
  const statutoryHolidayOn = statutoryHolidays(rules);
  rules.notices.forEach((n, i) => {
    const where = `notices.${i}`;
    n.replaces.forEach((id, j) => knownHoliday(id, `${where}.replaces.${j}`));
    n.daysOff.forEach((d, j) => {
      realDate(d.date, `${where}.daysOff.${j}.date`);
      knownHoliday(d.holiday, `${where}.daysOff.${j}.holiday`);
      const statutory = d.kind === 'holiday' ? undefined : statutoryHolidayOn(d.date, `${where}.daysOff.${j}`);
      if (statutory) {
        refuse(
          `${where}.daysOff.${j}: ${d.date} đã là ngày nghỉ lễ ${statutory.name.vi} theo luật, không thể là ngày nghỉ bù hay nghỉ theo thông báo.`,
          `${where}.daysOff.${j}: ${d.date} is already a statutory holiday (${statutory.name.en}), so it cannot be a day off in lieu or by notice.`,
        );
      }
    });
    n.workdays.forEach((w, j) => {
      realDate(w.date, `${where}.workdays.${j}.date`);
      knownHoliday(w.holiday, `${where}.workdays.${j}.holiday`);
      const statutory = statutoryHolidayOn(w.date, `${where}.workdays.${j}`);
      if (statutory) {
        refuse(
          `${where}.workdays.${j}: ${w.date} là ngày nghỉ lễ ${statutory.name.vi} theo luật, thông báo không thể biến nó thành ngày làm việc.`,
          `${where}.workdays.${j}: ${w.date} is a statutory holiday (${statutory.name.en}), so a notice cannot make it a working day.`,
        );
      }
      const day = weekday(parseIsoDate(w.date)!);
      if (!rules.weeklyRestDays.some((name) => WEEKDAY_NUMBER[name] === day)) {
        refuse(
          `${where}.workdays.${j}: ${w.date} vốn đã là ngày làm việc, không thể là ngày làm bù.`,
          `${where}.workdays.${j}: ${w.date} is already a working day, so it cannot be a make-up working day.`,
        );
      }
    });
  });
}

/**
 * The statutory holiday a date is, if any, for checking notices: a notice arranges the days
 * around the holidays (or replaces a holiday's days it names), it cannot work one or give it
 * again in lieu.
 */
function statutoryHolidays(rules: CalendarRules): (date: string, where: string) => HolidayRule | undefined {
  const restDays = new Set(rules.weeklyRestDays.map((name) => WEEKDAY_NUMBER[name]));
  const byYear = new Map<number, Map<number, HolidayRule>>();
  return (date, where) => {
    const day = parseIsoDate(date)!;
    const { y } = civilFromDays(day);
    // A solar year's lunar holidays come from the lunar years on either side of it.
    const [first, last] = [SUPPORTED_YEARS.from + 1, SUPPORTED_YEARS.to - 1];
    if (y < first || y > last) {
      refuse(
        `${where}: năm ${y} nằm ngoài khoảng lịch hỗ trợ (${first}–${last}).`,
        `${where}: year ${y} is outside the supported calendar range (${first}–${last}).`,
      );
    }
    let holidays = byYear.get(y);
    if (!holidays) {
      holidays = new Map(statutoryOccurrences(rules, restDays, y).map((o) => [o.day, o.holiday]));
      byYear.set(y, holidays);
    }
    return holidays.get(day);
  };
}

/** The bundled Vietnamese rules (Labour Code 2019 and the yearly notices known at release). */
export const VN_RULES: CalendarRules = parseRules(bundledRules);
