// Forms show the desk's legal time, Asia/Ho_Chi_Minh, whatever the machine's TZ is.
// Vietnam has had a fixed UTC+7 offset without daylight saving since 1975, so plain
// arithmetic is exact and needs no ICU time-zone data (not always present in Electron builds).
import { DeskError } from '#domain/errors.ts';
import { toDeskIso } from '#domain/deskTime.ts';

/** Placeholder values for the templates' time and date patterns (a type alias, so it fits fill()'s record). */
export type VietnamTimeFields = {
  HH: string;
  mm: string;
  dd: string;
  MM: string;
  yyyy: string;
  /** Month as NĐ 30/2020 writes it in a date line: a leading zero only for January and February. */
  month: string;
  /** Calendar date YYYY-MM-DD in Vietnam. */
  isoDate: string;
};

export function vietnamTimeFields(iso: string): VietnamTimeFields {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) {
    throw new DeskError('form.bad-time', {
      vi: `Thời gian không hợp lệ: "${iso}".`,
      en: `Invalid time: "${iso}".`,
    });
  }
  const wall = toDeskIso(new Date(instant));
  const MM = wall.slice(5, 7);
  return {
    HH: wall.slice(11, 13),
    mm: wall.slice(14, 16),
    dd: wall.slice(8, 10),
    MM,
    yyyy: wall.slice(0, 4),
    month: Number(MM) <= 2 ? MM : String(Number(MM)),
    isoDate: wall.slice(0, 10),
  };
}
