// Desk time is Asia/Ho_Chi_Minh: UTC+7 all year, no daylight saving. Records store it as
// "YYYY-MM-DDTHH:mm:ss+07:00" so that string order is time order and the date prefix is
// the legal date, whatever the machine's own time zone says.

export const DESK_OFFSET_MS = 7 * 60 * 60 * 1000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant written as desk wall time with its +07:00 offset. */
export function toDeskIso(instant: Date): string {
  const t = new Date(instant.getTime() + DESK_OFFSET_MS);
  return (
    `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}` +
    `T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}+07:00`
  );
}

/** The desk's calendar date (YYYY-MM-DD) of an instant. */
export function deskDate(instant: Date): string {
  return toDeskIso(instant).slice(0, 10);
}

/** "dd/MM/yyyy" of a desk time or date. */
export function formatDeskDate(iso: string): string {
  const s = iso.length === 10 ? iso : toDeskIso(new Date(iso));
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
}

/** "dd/MM/yyyy HH:mm" (24-hour) of a desk time: how the screen shows a moment in either language. */
export function formatDeskDateTime(iso: string): string {
  const s = toDeskIso(new Date(iso));
  return `${formatDeskDate(s)} ${s.slice(11, 16)}`;
}
