// Proleptic Gregorian dates as integer day numbers (days since 1970-01-01).
// The calendar code works on day numbers so it never touches Date or the
// machine's time zone: a desk date is a date in Asia/Ho_Chi_Minh, full stop.

export interface CivilDate {
  y: number;
  m: number;
  d: number;
}

/** Julian Day Number of 1970-01-01 (the JD at its noon UT is 2440588.0). */
export const JDN_OF_DAY_ZERO = 2440588;

/** Day number of a Gregorian date (Hinnant's days_from_civil, valid for any year). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12; // March = 0 … February = 11
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Gregorian date of a day number (inverse of daysFromCivil). */
export function civilFromDays(n: number): CivilDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(n: number): number {
  return (((n + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function daysInMonth(y: number, m: number): number {
  return daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - daysFromCivil(y, m, 1);
}

export function isRealDate(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of "YYYY-MM-DD", or null if the text is not a real date in that form. */
export function parseIsoDate(text: string): number | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isRealDate(y, m, d) ? daysFromCivil(y, m, d) : null;
}

export function formatIsoDate(n: number): string {
  const { y, m, d } = civilFromDays(n);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
