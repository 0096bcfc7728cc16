// Reconciliation lets a desk find drift on its own: for one receipt day it compares a
// digest of what it believes it sent with what the province holds, and asks for the list
// only when they differ. The digest is defined in README.md so the desk computes the same.

import { isCalendarDay } from '#domain/dossierCode/calendarDay.ts';
import type { Desk } from './auth.ts';
import { badRequest } from './errors.ts';
import { type Db, sha256Hex } from './store.ts';

export interface DayEntry {
  id: string;
  version: number;
  files: string[];
}

/** One line per dossier, sorted by id: "<id> <version> <sha256,sha256,…>\n" (hashes sorted). */
export function dayDigest(entries: DayEntry[]): string {
  const lines = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((e) => `${e.id} ${e.version} ${[...e.files].sort().join(',')}\n`);
  return sha256Hex(lines.join(''));
}

export function reconcileDay(db: Db, desk: Desk, day: string | null, withList: boolean) {
  // `format: date` in the spec: 2026-13-01 is as wrong as "yesterday".
  if (day === null || !isCalendarDay(day)) {
    throw badRequest('day-invalid', 'Tham số day phải là một ngày có thật dạng YYYY-MM-DD.', 'The day parameter must be a real date, YYYY-MM-DD.');
  }
  const rows = db
    .prepare(
      `SELECT d.id, d.version, group_concat(f.sha256) AS files
       FROM dossiers d LEFT JOIN dossier_files f ON f.dossier_id = d.id
       WHERE d.agency_id = ? AND d.received_day = ?
       GROUP BY d.id ORDER BY d.id`,
    )
    .all(desk.agencyId, day) as Array<{ id: string; version: number; files: string | null }>;
  const entries: DayEntry[] = rows.map((r) => ({ id: r.id, version: r.version, files: r.files ? r.files.split(',').sort() : [] }));
  return { day, count: entries.length, digest: dayDigest(entries), ...(withList ? { dossiers: entries } : {}) };
}
