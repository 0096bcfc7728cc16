// Calendar days as the office counts them. Vietnam has kept UTC+7 without daylight
// saving since 1975, so a fixed offset is exact and, unlike the machine's time zone,
// cannot be changed by a misconfigured desk PC.

import { DeskError } from '../errors.ts';

const UTC_PLUS_7_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** "YYYY-MM-DD" of the instant at UTC+7, whatever the machine's time zone. */
export function vietnamDay(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) {
    throw new DeskError('time.invalid', {
      vi: 'Thời điểm không hợp lệ (đồng hồ máy trả về giá trị sai)',
      en: 'Invalid instant (the machine clock returned a bad value)',
    });
  }
  return new Date(ms + UTC_PLUS_7_MS).toISOString().slice(0, 10);
}

/** True for "YYYY-MM-DD" naming a day that exists (no 30 February). */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

/** The calendar day after "YYYY-MM-DD". */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}
