// Forms show the desk's legal time, Asia/Ho_Chi_Minh, whatever the machine's TZ is.
// Vietnam has had a fixed UTC+7 offset without daylight saving since 1975, so plain
// arithmetic is exact and needs no ICU time-zone data (not always present in Electron builds).
import { DeskError } from '../../domain/errors.ts';

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

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

const pad2 = (n: number) => String(n).padStart(2, '0');

export function vietnamTimeFields(iso: string): VietnamTimeFields {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) {
    throw new DeskError('form.bad-time', {
      vi: `Thời gian không hợp lệ: "${iso}".`,
      en: `Invalid time: "${iso}".`,
    });
  }
  const wall = new Date(instant + VIETNAM_OFFSET_MS);
  const month = wall.getUTCMonth() + 1;
  const fields = {
    HH: pad2(wall.getUTCHours()),
    mm: pad2(wall.getUTCMinutes()),
    dd: pad2(wall.getUTCDate()),
    MM: pad2(month),
    yyyy: String(wall.getUTCFullYear()),
    month: month <= 2 ? pad2(month) : String(month),
  };
  return { ...fields, isoDate: `${fields.yyyy}-${fields.MM}-${fields.dd}` };
}
