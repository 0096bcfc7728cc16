// Calendar days as the office counts them: at UTC+7 (domain/deskTime.ts), never in the
// machine's own time zone, so a misconfigured desk PC cannot move midnight.

import { DeskError } from '../errors.ts';
import { deskDate } from '../deskTime.ts';

/**
 * "YYYY-MM-DD" of the instant at UTC+7. Refuses an invalid Date, which would otherwise
 * print "NaN" into a dossier code.
 */
export function deskDay(instant: Date): string {
  if (Number.isNaN(instant.getTime())) {
    throw new DeskError('time.invalid', {
      vi: 'Thời điểm không hợp lệ (đồng hồ máy trả về giá trị sai)',
      en: 'Invalid instant (the machine clock returned a bad value)',
    });
  }
  return deskDate(instant);
}

/** True for "YYYY-MM-DD" naming a day that exists (no 30 February). */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

/** The calendar day after "YYYY-MM-DD". */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
