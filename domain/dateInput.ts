// What an officer types into a date or date-time field, read the Vietnamese way: day first,
// month second, 24-hour time, whatever the computer's own language says. The browser's own
// <input type="date"> follows the operating system's locale (an en-US Windows shows
// 05/12/1985 for 12 May 1985), so the desk reads typed text itself and stores ISO dates.
import type { Bilingual } from './errors.ts';
import { formatDeskDate } from './deskTime.ts';

export type DateReading = { kind: 'empty' } | { kind: 'date'; iso: string } | { kind: 'problem'; problem: Bilingual };

// Years a date at a reception desk can carry: the oldest citizen's birth to appointments
// within this century. Outside it the officer has almost certainly mistyped.
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;

const pad = (n: number) => String(n).padStart(2, '0');

const FORMAT_PROBLEM: Bilingual = {
  vi: 'Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 12/05/1985 hoặc 12051985.',
  en: 'Enter the date as day/month/year, e.g. 12/05/1985 or 12051985.',
};

function daysInMonth(year: number, month: number): number {
  return [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Day, month and year of a typed date, or null when its shape is not one the desk reads. */
function splitDate(text: string): { day: number; month: number; year: number; yearDigits: number } | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]), yearDigits: 4 };
  const packed = /^(\d{2})(\d{2})(\d{4}|\d{2})$/.exec(text);
  const separated = /^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4}|\d{2})$/.exec(text);
  const m = packed ?? separated;
  if (!m) return null;
  return { day: Number(m[1]), month: Number(m[2]), year: Number(m[3]), yearDigits: m[3]!.length };
}

/**
 * Reads a typed date: "12051985", "12/05/1985", "12-5-1985", "12.5.1985" or an ISO
 * "1985-05-12" (what a paste from another system carries). Only real calendar dates pass;
 * `notAfter` (an ISO date, e.g. today for a birth date) refuses later ones.
 */
export function readDate(typed: string, options: { notAfter?: string } = {}): DateReading {
  const text = typed.trim();
  if (text === '') return { kind: 'empty' };
  const parts = splitDate(text);
  if (!parts) return { kind: 'problem', problem: FORMAT_PROBLEM };
  const { day, month, year, yearDigits } = parts;
  // A two-digit year could be 19xx or 20xx: a birth date guessed wrong is worse than asking.
  if (yearDigits !== 4) {
    return { kind: 'problem', problem: { vi: 'Hãy nhập năm đủ 4 chữ số, ví dụ 1985.', en: 'Enter the year with all 4 digits, e.g. 1985.' } };
  }
  const shown = `${pad(day)}/${pad(month)}/${year}`;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { kind: 'problem', problem: { vi: `Không có ngày ${shown} trên lịch.`, en: `${shown} is not a date on the calendar.` } };
  }
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    return {
      kind: 'problem',
      problem: {
        vi: `Năm ${year} nằm ngoài ${FIRST_YEAR}–${LAST_YEAR}: hãy kiểm tra lại.`,
        en: `The year ${year} is outside ${FIRST_YEAR}–${LAST_YEAR}: check it.`,
      },
    };
  }
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  if (options.notAfter && iso > options.notAfter) {
    const limit = formatDeskDate(options.notAfter);
    return { kind: 'problem', problem: { vi: `Ngày ${shown} ở sau hôm nay (${limit}).`, en: `${shown} is after today (${limit}).` } };
  }
  return { kind: 'date', iso };
}

/**
 * Reads a typed 24-hour time of day: "7:30", "07:30", "7h30", "730", "0730", or an hour alone
 * ("16" is 16:00). The result is "HH:mm"; an <input type="time"> showed 04:00 PM on an en-US machine.
 */
export function readTime(typed: string): { kind: 'empty' } | { kind: 'time'; hhmm: string } | { kind: 'problem'; problem: Bilingual } {
  const text = typed.trim();
  if (text === '') return { kind: 'empty' };
  const m = /^(\d{1,2})(?:\s*[:hg.]\s*(\d{2})|(\d{2}))?\s*[hg]?$/i.exec(text);
  if (!m)
    return {
      kind: 'problem',
      problem: { vi: 'Hãy nhập giờ theo dạng giờ:phút (24 giờ), ví dụ 16:30.', en: 'Enter the time as hour:minute (24-hour), e.g. 16:30.' },
    };
  const hour = Number(m[1]);
  const minute = Number(m[2] ?? m[3] ?? 0);
  if (hour > 23 || minute > 59) {
    const shown = `${m[1]}:${m[2] ?? m[3] ?? '00'}`;
    return { kind: 'problem', problem: { vi: `Không có giờ ${shown} (giờ từ 00:00 đến 23:59).`, en: `${shown} is not a time (00:00 to 23:59).` } };
  }
  return { kind: 'time', hhmm: `${pad(hour)}:${pad(minute)}` };
}

const TIME_PROBLEM: Bilingual = {
  vi: 'Hãy nhập ngày và giờ theo dạng ngày/tháng/năm giờ:phút (24 giờ), ví dụ 12/05/2026 14:30.',
  en: 'Enter the date and time as day/month/year hour:minute (24-hour), e.g. 12/05/2026 14:30.',
};

/**
 * Reads a typed desk date and time: a date as `readDate` reads it, then a 24-hour time
 * ("14:30", "9:05", "14h30", "1430", "930"), or twelve digits "120520261430". The result is desk
 * time with its offset, "yyyy-mm-ddTHH:mm:00+07:00" (domain/deskTime.ts).
 */
export function readDateTime(typed: string): DateReading {
  const text = typed.trim();
  if (text === '') return { kind: 'empty' };
  if (readDate(text).kind === 'date') {
    return { kind: 'problem', problem: { vi: 'Hãy nhập cả giờ, ví dụ 12/05/2026 14:30.', en: 'Enter the time too, e.g. 12/05/2026 14:30.' } };
  }
  const m = /^(\d{12})$/.exec(text)
    ? /^(\d{8})(\d{2})(\d{2})$/.exec(text)
    : (/^(.+?)(?:\s*,\s*|\s+)(\d{1,2})\s*[:hg]\s*(\d{2})$/i.exec(text) ?? /^(.+?)\s+(\d{1,2})(\d{2})$/.exec(text));
  if (!m) return { kind: 'problem', problem: TIME_PROBLEM };
  const date = readDate(m[1]!);
  if (date.kind === 'empty') return { kind: 'problem', problem: TIME_PROBLEM };
  if (date.kind === 'problem') return date;
  const hour = Number(m[2]);
  const minute = Number(m[3]);
  if (hour > 23 || minute > 59) {
    const shown = `${m[2]}:${m[3]}`;
    return { kind: 'problem', problem: { vi: `Không có giờ ${shown} (giờ từ 00:00 đến 23:59).`, en: `${shown} is not a time (00:00 to 23:59).` } };
  }
  return { kind: 'date', iso: `${date.iso}T${pad(hour)}:${pad(minute)}:00+07:00` };
}
