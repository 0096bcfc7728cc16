// The appointment for returning a result (ngày hẹn trả kết quả).
//
// Semantics, exactly:
//  - All desk times are Asia/Ho_Chi_Minh: UTC+7 with no daylight saving, so the code
//    shifts by a constant 7 h and never asks the machine for its time zone.
//  - Processing time is in working hours; 8 working hours = 1 working day, which is how
//    half days are written (4 h). When the office day is not 8 h long, a working hour is
//    1/8 of the office day, so "1 day" always spans exactly one working day.
//  - Counting starts at the start instant: the receipt instant, moved to the next office
//    period if received outside one, or to the next working day's opening if received on a
//    non-working day, at or after closing, or after the cut-off (strictly later than it).
//  - 0 hours is a same-day procedure ("ngay trong ngày tiếp nhận; nếu tiếp nhận sau 15 giờ
//    ... trong ngày làm việc tiếp theo"): due at the closing time of the working day the
//    count starts on. A deadline is what makes a dossier overdue, so it is the end of that
//    day, never the receipt instant itself.
//  - Working time accrues only inside the morning and afternoon periods of working days.
//    The appointment is the first instant at which the count is complete; so when the
//    count ends exactly at a period boundary, the answer is the end of the earlier period:
//    8 h from Monday's opening is Monday 17:30, never Tuesday 07:30, while 8 h from
//    Monday 09:00 is Tuesday 09:00.

import { DeskError } from '../errors.ts';
import { daysFromCivil, isRealDate } from './civilDate.ts';
import { DESK_OFFSET_MS, toDeskIso } from '../deskTime.ts';
import type { CalendarRules } from './rules.ts';
import { isWorkingDayNumber } from './workingDays.ts';

export interface OfficePeriod {
  start: string;
  end: string;
}

export interface OfficeHours {
  morning: OfficePeriod;
  afternoon: OfficePeriod;
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  morning: { start: '07:30', end: '11:30' },
  afternoon: { start: '13:30', end: '17:30' },
};

export interface AppointmentRequest {
  /** ISO 8601 date-time with an offset (Z or ±HH:mm). */
  receivedAt: string;
  /** Working hours; 8 = one working day. */
  processingHours: number;
  rules: CalendarRules;
  officeHours?: OfficeHours;
  /** "HH:mm"; receipt after it counts from the next working day. null = only closing time. */
  cutoff?: string | null;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
export const HOURS_PER_WORKING_DAY = 8;

function badInput(vi: string, en: string): never {
  throw new DeskError('appointment.bad-input', { vi, en });
}

/** Milliseconds after midnight of an "HH:mm" time. */
function parseClockTime(text: string, what: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59) {
    badInput(`${what}: "${text}" không phải giờ dạng HH:mm.`, `${what}: "${text}" is not an HH:mm time.`);
  }
  return hours * HOUR_MS + minutes * MINUTE_MS;
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of an ISO 8601 date-time that carries its offset. */
export function parseIsoDateTime(text: string): number {
  const match = ISO_DATE_TIME.exec(text);
  const refuse = () =>
    badInput(
      `"${text}" không phải thời điểm ISO 8601 có múi giờ (ví dụ 2026-03-02T09:00:00+07:00).`,
      `"${text}" is not an ISO 8601 date-time with an offset (e.g. 2026-03-02T09:00:00+07:00).`,
    );
  if (!match) refuse();
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone] = match!;
  const [hours, minutes, seconds] = [Number(h), Number(mi), Number(s)];
  if (!isRealDate(Number(y), Number(mo), Number(d)) || hours > 23 || minutes > 59 || seconds > 59) refuse();
  let offsetMs = 0;
  if (zone !== 'Z') {
    const [oh, om] = zone!.slice(1).split(':').map(Number) as [number, number];
    if (oh > 23 || om > 59) refuse();
    offsetMs = (zone!.startsWith('-') ? -1 : 1) * (oh * HOUR_MS + om * MINUTE_MS);
  }
  const ms = fraction ? Math.round(Number(fraction) * 1000) : 0;
  return daysFromCivil(Number(y), Number(mo), Number(d)) * DAY_MS + hours * HOUR_MS + minutes * MINUTE_MS + seconds * 1000 + ms - offsetMs;
}

/** The two office periods as [start, end) offsets into a day, checked to be in order. */
function officePeriods(hours: OfficeHours): [number, number][] {
  const periods: [number, number][] = [
    [parseClockTime(hours.morning.start, 'morning.start'), parseClockTime(hours.morning.end, 'morning.end')],
    [parseClockTime(hours.afternoon.start, 'afternoon.start'), parseClockTime(hours.afternoon.end, 'afternoon.end')],
  ];
  const [[ms, me], [as, ae]] = periods as [[number, number], [number, number]];
  if (!(ms < me && me <= as && as < ae)) {
    badInput(
      'Giờ làm việc phải theo thứ tự: sáng bắt đầu < sáng kết thúc ≤ chiều bắt đầu < chiều kết thúc.',
      'Office hours must be ordered: morning start < morning end ≤ afternoon start < afternoon end.',
    );
  }
  return periods;
}

function nextWorkingDay(day: number, rules: CalendarRules): number {
  let next = day + 1;
  while (!isWorkingDayNumber(next, rules)) next += 1;
  return next;
}

/** The appointment instant as "YYYY-MM-DDTHH:mm:ss+07:00"; see the semantics above. */
export function computeAppointment(request: AppointmentRequest): string {
  const { processingHours, rules } = request;
  const periods = officePeriods(request.officeHours ?? DEFAULT_OFFICE_HOURS);
  const cutoff = request.cutoff == null ? null : parseClockTime(request.cutoff, 'cutoff');
  if (!Number.isFinite(processingHours) || processingHours < 0) {
    badInput(`Thời gian xử lý "${processingHours}" phải là số giờ không âm.`, `Processing time "${processingHours}" must be a non-negative number of hours.`);
  }
  const received = parseIsoDateTime(request.receivedAt);

  const officeDayMs = periods.reduce((sum, [start, end]) => sum + end - start, 0);
  let remaining = Math.round((processingHours * officeDayMs) / HOURS_PER_WORKING_DAY);
  const local = received + DESK_OFFSET_MS;
  let day = Math.floor(local / DAY_MS);
  let from = local - day * DAY_MS;
  const closing = periods[1]![1];
  if (!isWorkingDayNumber(day, rules) || (cutoff !== null && from > cutoff) || from >= closing) {
    day = nextWorkingDay(day, rules);
    from = 0;
  }
  if (processingHours === 0) return toDeskIso(new Date(day * DAY_MS + closing - DESK_OFFSET_MS));
  for (;;) {
    for (const [start, end] of periods) {
      const begin = Math.max(start, from);
      if (begin >= end) continue;
      if (remaining <= end - begin) return toDeskIso(new Date(day * DAY_MS + begin + remaining - DESK_OFFSET_MS));
      remaining -= end - begin;
    }
    day = nextWorkingDay(day, rules);
    from = 0;
  }
}
