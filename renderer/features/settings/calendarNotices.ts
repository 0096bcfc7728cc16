// Cài đặt → Lịch nghỉ: an administrator enters a calendar notice (a holiday swap, a make-up
// Saturday) on the desk, between the province's publications. The notice becomes a new
// calendar version derived from the one in use ("<current>+desk.N"), validated whole by
// parseRules, stored where the synced calendars are (db.rules) and audited, in one
// transaction. Dossiers keep the calendar version they were computed with (their
// `versions.calendar`), so nothing already issued moves.
import { parseRules, type CalendarRules } from '#domain/calendar/rules.ts';
import { isRealDate, pad2 } from '#domain/calendar/civilDate.ts';
import { DeskError } from '#domain/errors.ts';
import { audit } from '#renderer/db/audit.ts';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import { deskCalendar, DESK_VERSION_MARK, splitCalendarVersion } from '../reception/deskRules.ts';

export type NoticeKind = 'days-off' | 'make-up-workday';

/** What the administrator types; dates as dd/mm/yyyy, as a Vietnamese notice writes them. */
export interface CalendarNoticeInput {
  kind: NoticeKind;
  /** One or more dd/mm/yyyy dates, separated by commas, semicolons or spaces. */
  dates: string;
  /** The id of the holiday the notice arranges days around (a holiday of the calendar in use). */
  holiday: string;
  /** Number and date of the notice, e.g. "Công văn 12729/VPCP-KGVX ngày 25/12/2025". */
  source: string;
  /** dd/mm/yyyy: the date the notice takes effect. */
  effectiveFrom: string;
}

function refuse(code: string, vi: string, en: string): never {
  throw new DeskError(code, { vi, en });
}

/** "dd/mm/yyyy" → "yyyy-mm-dd"; a date that does not exist is refused, naming what was typed. */
export function parseDeskDate(text: string, what: { vi: string; en: string }): string {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  const [d, m, y] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  if (!match || !isRealDate(y, m, d)) {
    refuse(
      'calendar.notice-date',
      `${what.vi}: "${text.trim()}" không phải ngày có thật dạng dd/mm/yyyy.`,
      `${what.en}: "${text.trim()}" is not a real date written dd/mm/yyyy.`,
    );
  }
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** The version after `current` among those stored: the desk's own count continues, it does not nest. */
export function nextDeskVersion(current: string, stored: readonly string[]): string {
  const { base } = splitCalendarVersion(current);
  const taken = stored.map(splitCalendarVersion).filter((v) => v.base === base);
  const n = Math.max(0, ...taken.map((v) => v.desk)) + 1;
  return `${base}${DESK_VERSION_MARK}${n}`;
}

/** The calendar in use with the notice added; parseRules refuses it whole (e.g. a statutory holiday worked). */
export function withNotice(current: CalendarRules, input: CalendarNoticeInput, version: string): CalendarRules {
  const words = input.dates.split(/[\s,;]+/).filter((w) => w !== '');
  if (words.length === 0) refuse('calendar.notice-date', 'Chưa nhập ngày nào của thông báo.', 'No date of the notice was entered.');
  const dates = [...new Set(words.map((w) => parseDeskDate(w, { vi: 'Ngày', en: 'Date' })))].sort();
  const source = input.source.trim();
  if (source === '') {
    refuse('calendar.notice-source', 'Cần ghi số và ngày của văn bản thông báo.', 'The number and date of the notice are required.');
  }
  const effectiveFrom = parseDeskDate(input.effectiveFrom, { vi: 'Ngày hiệu lực', en: 'Effective date' });
  const year = Number(dates[0]!.slice(0, 4));
  if (dates.some((d) => Number(d.slice(0, 4)) !== year)) {
    refuse(
      'calendar.notice-date',
      'Các ngày của một thông báo phải cùng một năm; hãy nhập mỗi năm một thông báo.',
      "A notice's dates must be in one year; enter one notice per year.",
    );
  }
  const next = structuredClone(current);
  next.version = version;
  next.effectiveFrom = effectiveFrom;
  next.notices.push({
    year,
    source,
    replaces: [],
    daysOff: input.kind === 'days-off' ? dates.map((date) => ({ date, kind: 'notice-off' as const, holiday: input.holiday })) : [],
    workdays: input.kind === 'make-up-workday' ? dates.map((date) => ({ date, holiday: input.holiday })) : [],
  });
  return parseRules(next);
}

/**
 * Adds the notice as a new calendar version. Only an administrator may; the stored row and its
 * audit entry are written together or not at all, and a refused notice stores nothing.
 */
export async function addCalendarNotice(db: DeskDb, input: CalendarNoticeInput, officer: Officer, now = new Date()): Promise<CalendarRules> {
  if (officer.role !== 'admin') {
    refuse('calendar.notice-not-admin', 'Chỉ quản trị viên được nhập thông báo lịch nghỉ.', 'Only an administrator may enter a calendar notice.');
  }
  return db.transaction('rw', [db.rules, db.audit], async () => {
    const { rules: current } = await deskCalendar(db);
    const stored = await db.rules.where('kind').equals('calendar').primaryKeys();
    const rules = withNotice(current, input, nextDeskVersion(current.version, stored));
    await db.rules.put({ kind: 'calendar', version: rules.version, effectiveFrom: rules.effectiveFrom, data: rules, installedAt: now.toISOString() });
    const notice = rules.notices.at(-1)!;
    await audit(
      db,
      {
        officerId: officer.id,
        action: 'settings',
        detail: `calendar-notice ${rules.version} from ${current.version}: ${input.kind} ${[...notice.daysOff, ...notice.workdays].map((d) => d.date).join(',')}`,
      },
      now,
    );
    return rules;
  });
}

export interface NoticeLine {
  year: number;
  source: string;
  daysOff: string[];
  workdays: string[];
}

/** The notices of the calendar in use for `year` and the year after, as the settings page lists them. */
export function noticesFor(rules: CalendarRules, year: number): NoticeLine[] {
  return rules.notices
    .filter((n) => n.year === year || n.year === year + 1)
    .map((n) => ({ year: n.year, source: n.source, daysOff: n.daysOff.map((d) => d.date), workdays: n.workdays.map((w) => w.date) }));
}
