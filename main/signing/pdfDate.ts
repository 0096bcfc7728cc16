// PDF dates (ISO 32000 §7.9.4). The desk writes Vietnam time, +07'00', so that /M reads the
// same as the time on the stamp.
import { toDeskIso } from '#domain/deskTime.ts';

export function toPdfDate(instant: Date): string {
  const iso = toDeskIso(instant);
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+07'00'`;
}

/** Parses D:YYYY[MM[DD[HH[mm[SS]]]]][Z|±HH'mm'] (a missing offset is read as UTC); null when malformed. */
export function parsePdfDate(text: string): Date | null {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?$/.exec(text.trim());
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', , sign, oh = '00', om = '00'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0;
  const date = new Date(utc - offset);
  return Number.isNaN(date.getTime()) ? null : date;
}
