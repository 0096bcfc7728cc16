// What flows from the province to the desks is one append-only list: status changes of a
// dossier (seen only by its agency) and catalogue or calendar publications (seen by all).
// SQLite's AUTOINCREMENT gives each entry a sequence number in commit order, and a cursor
// is the last number a desk has applied, so paging can neither skip nor repeat.

import { parseRules } from '#domain/calendar/rules.ts';
import { parseCatalog } from '#domain/catalog/validate.ts';
import { DeskError } from '#domain/errors.ts';
import type { Desk } from './auth.ts';
import { ApiError, badRequest, conflict, notFound } from './errors.ts';
import { type Db, type Folders, now, recordFile, writeBlob } from './store.ts';
import { statusLabel } from './statuses.ts';

export interface ResultFile {
  sha256: string;
  size: number;
  name: string;
}

export type Change =
  | {
      cursor: string;
      type: 'dossier.status';
      at: string;
      dossierId: string;
      code: string;
      status: number;
      label: { vi: string; en: string } | null;
      note: string | null;
      results: ResultFile[];
    }
  | { cursor: string; type: 'catalog'; at: string; version: string; catalog: unknown }
  | { cursor: string; type: 'calendar'; at: string; version: string; rules: unknown };

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

function parseCursor(since: string | null): number {
  if (since === null || since === '') return 0;
  if (!/^\d{1,15}$/.test(since)) {
    throw badRequest('cursor-invalid', 'Con trỏ không hợp lệ.', 'The cursor is not valid; send back one this server gave.');
  }
  return Number(since);
}

function parseLimit(limit: string | null): number {
  if (limit === null || limit === '') return DEFAULT_LIMIT;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw badRequest('limit-invalid', `limit phải từ 1 đến ${MAX_LIMIT}.`, `limit must be between 1 and ${MAX_LIMIT}.`);
  }
  return n;
}

export function readChanges(db: Db, desk: Desk, since: string | null, limit: string | null): { changes: Change[]; cursor: string; hasMore: boolean } {
  const after = parseCursor(since);
  const max = parseLimit(limit);
  const rows = db
    .prepare('SELECT seq, type, payload FROM changes WHERE seq > ? AND (agency_id IS NULL OR agency_id = ?) ORDER BY seq LIMIT ?')
    .all(after, desk.agencyId, max + 1) as Array<{ seq: number; type: string; payload: string }>;
  const page = rows.slice(0, max);
  const changes = page.map((r) => ({ cursor: String(r.seq), type: r.type, ...(JSON.parse(r.payload) as object) }) as Change);
  return { changes, cursor: String(page.at(-1)?.seq ?? after), hasMore: rows.length > max };
}

export function append(db: Db, agencyId: string | null, type: string, payload: object): number {
  return Number(db.prepare('INSERT INTO changes (agency_id, type, payload) VALUES (?, ?, ?)').run(agencyId, type, JSON.stringify(payload)).lastInsertRowid);
}

export interface StatusMove {
  dossierId: string;
  status: number;
  note?: string;
  result?: { name: string; bytes: Buffer };
}

/** The province processed a dossier: its status moves, optionally with a result file. */
export async function moveStatus(db: Db, f: Folders, move: StatusMove): Promise<{ cursor: string }> {
  if (!Number.isInteger(move.status) || move.status < 1) {
    throw badRequest('status-invalid', 'Mã trạng thái phải là số nguyên dương.', 'A status code is a positive integer.');
  }
  const row = db.prepare('SELECT agency_id, code FROM dossiers WHERE id = ?').get(move.dossierId) as { agency_id: string; code: string } | undefined;
  if (!row) throw notFound('dossier-not-found', 'Không tìm thấy hồ sơ.', 'The dossier was not found.');
  const sha256 = move.result ? await writeBlob(f, move.result.bytes) : null;
  const seq = db.transaction(() => {
    const results: ResultFile[] = [];
    if (move.result && sha256) {
      recordFile(db, sha256, move.result.bytes.length, row.agency_id);
      db.prepare('INSERT OR REPLACE INTO dossier_results (dossier_id, sha256, name) VALUES (?, ?, ?)').run(move.dossierId, sha256, move.result.name);
      results.push({ sha256, size: move.result.bytes.length, name: move.result.name });
    }
    const note = move.note ?? null;
    db.prepare('UPDATE dossiers SET status = ?, status_note = ? WHERE id = ?').run(move.status, note, move.dossierId);
    return append(db, row.agency_id, 'dossier.status', {
      at: now(),
      dossierId: move.dossierId,
      code: row.code,
      status: move.status,
      label: statusLabel(move.status),
      note,
      results,
    });
  })();
  return { cursor: String(seq) };
}

function publishedBefore(db: Db, type: 'catalog' | 'calendar', version: string): boolean {
  return db.prepare("SELECT 1 FROM changes WHERE type = ? AND json_extract(payload, '$.version') = ?").get(type, version) !== undefined;
}

function refuseInvalid(e: unknown, code: string): never {
  if (e instanceof DeskError) throw new ApiError(400, code, e.text);
  throw e;
}

/** A catalogue in the desk's own format (domain/catalog), checked by the desk's own parser. */
export function publishCatalog(db: Db, jsonText: string): { version: string; cursor: string } {
  let catalog;
  try {
    catalog = parseCatalog(jsonText);
  } catch (e) {
    refuseInvalid(e, 'catalog-invalid');
  }
  return db.transaction(() => {
    if (publishedBefore(db, 'catalog', catalog.version)) {
      throw conflict('catalog-version-exists', 'Phiên bản danh mục này đã được phát hành.', 'This catalogue version has already been published.');
    }
    const seq = append(db, null, 'catalog', { at: now(), version: catalog.version, catalog });
    return { version: catalog.version, cursor: String(seq) };
  })();
}

/** Holiday calendar rules in the desk's format (domain/calendar/rules-vn.json). */
export function publishCalendar(db: Db, jsonText: string): { version: string; cursor: string } {
  let rules;
  try {
    rules = parseRules(JSON.parse(jsonText));
  } catch (e) {
    if (e instanceof SyntaxError) throw badRequest('calendar-invalid', 'Tệp lịch không phải JSON.', 'The calendar file is not JSON.');
    refuseInvalid(e, 'calendar-invalid');
  }
  return db.transaction(() => {
    if (publishedBefore(db, 'calendar', rules.version)) {
      throw conflict('calendar-version-exists', 'Phiên bản lịch này đã được phát hành.', 'This calendar version has already been published.');
    }
    const seq = append(db, null, 'calendar', { at: now(), version: rules.version, rules });
    return { version: rules.version, cursor: String(seq) };
  })();
}
