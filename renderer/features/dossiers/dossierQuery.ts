// The dossier register's queries. Every path starts from an index and is bounded, so
// the register stays quick with a hundred thousand dossiers on the desk.
import type { Dossier, StatusCode } from '#domain/model.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import { indexQuery, matchesQuery } from '#domain/search/blindTerms.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import { isDeskError, type Bilingual, type DeskError } from '#domain/errors.ts';

export interface DossierFilter {
  query: string;
  /** A status code, 'overdue', or '' for all. */
  status: StatusCode | 'overdue' | '';
  /** Inclusive local dates YYYY-MM-DD, or ''. */
  from: string;
  to: string;
}

export const emptyFilter: DossierFilter = { query: '', status: '', from: '', to: '' };

/** A search matches at most this many dossiers: enough to scroll, small enough to hold. */
export const SEARCH_LIMIT = 1000;
const LOAD_CHUNK = 200;

/** A stopped dossier (8, Mẫu 05) has no result due any more, so it is never overdue. */
export function isOverdue(d: Dossier, now: Date): boolean {
  return d.decision === 'accepted' && d.status < 8 && d.appointmentAt !== null && Date.parse(d.appointmentAt) < now.getTime();
}

function inDateRange(d: Dossier, f: DossierFilter): boolean {
  const day = d.receivedAt.slice(0, 10);
  return (!f.from || day >= f.from) && (!f.to || day <= f.to);
}

function matchesStatus(d: Dossier, f: DossierFilter, now: Date): boolean {
  if (f.status === '') return true;
  if (f.status === 'overdue') return isOverdue(d, now);
  return d.status === f.status;
}

/** The register's rows for a filter: either a bounded list, or a paged view over an index. */
export type DossierView = { kind: 'list'; rows: Dossier[] } | { kind: 'paged'; total: number; page(offset: number, limit: number): Promise<Dossier[]> };

// receivedAt is stored as "YYYY-MM-DDTHH:mm:ss+07:00", so string bounds on the date work.
const lower = (from: string) => from || '';
const upper = (to: string) => (to ? `${to}\uffff` : '\uffff');

/**
 * Ids that may match: codes by plain prefix, personal fields by their blind tokens (one per
 * live data key while a rotation runs). A superset: tokens are 64-bit and name prefixes are
 * indexed to 14 characters, so each candidate is checked once decrypted.
 */
async function searchCandidates(db: DeskDb, query: string): Promise<Set<string>> {
  const { clearPrefix, terms } = indexQuery(query);
  const ids = new Set<string>();
  if (clearPrefix) for (const id of await db.dossiers.where('searchKeys').startsWith(clearPrefix).primaryKeys()) ids.add(id);
  const tokens = terms.flatMap((term) => db.protection.queryTokens(term));
  // One token (the usual case, outside a rotation) is a plain key range: anyOf walks a cursor.
  const hits = tokens.length === 1 ? db.dossiers.where('searchKeys').equals(tokens[0]!) : tokens.length ? db.dossiers.where('searchKeys').anyOf(tokens) : null;
  if (hits) for (const id of await hits.primaryKeys()) ids.add(id);
  return ids;
}

function matchesDossier(d: Dossier, query: string): boolean {
  return matchesQuery({ code: d.code, fullName: d.applicant.fullName, idNumber: d.applicant.idNumber, phone: d.applicant.phone }, query);
}

/** A stored dossier that does not open (changed on disk, or sealed with a key this desk lacks). */
export interface Unreadable {
  id: string;
  error: Bilingual;
}

const isUnreadable = (e: unknown): e is DeskError => isDeskError(e) && (e.code === 'data-tampered' || e.code === 'data-key-missing');

/**
 * The dossiers of `ids`, in order. One damaged record must not blank the register: when a
 * batch fails to open, its records are read one by one and the damaged ones are reported to
 * `onUnreadable` (without it, the error stands).
 */
async function readDossiers(db: DeskDb, ids: string[], onUnreadable?: (u: Unreadable) => void): Promise<Dossier[]> {
  try {
    return (await db.dossiers.bulkGet(ids)).filter((d): d is Dossier => d !== undefined);
  } catch (e) {
    if (!onUnreadable || !isUnreadable(e)) throw e;
  }
  const rows: Dossier[] = [];
  for (const id of ids) {
    try {
      const d = await db.dossiers.get(id);
      if (d) rows.push(d);
    } catch (e) {
      if (!isUnreadable(e)) throw e;
      onUnreadable({ id, error: e.text });
    }
  }
  return rows;
}

export async function viewDossiers(db: DeskDb, f: DossierFilter, now = new Date(), onUnreadable?: (u: Unreadable) => void): Promise<DossierView> {
  const trimmed = f.query.trim();
  if (trimmed) {
    // Keys only first (cheap even for a broad prefix); ids are ULIDs of the receipt instant,
    // so sorting them puts the newest dossiers first before any record is loaded.
    const newestFirst = [...(await searchCandidates(db, trimmed))].sort().reverse();
    const rows: Dossier[] = [];
    for (let i = 0; i < newestFirst.length && rows.length < SEARCH_LIMIT; i += LOAD_CHUNK) {
      for (const d of await readDossiers(db, newestFirst.slice(i, i + LOAD_CHUNK), onUnreadable)) {
        if (rows.length < SEARCH_LIMIT && matchesStatus(d, f, now) && inDateRange(d, f) && matchesDossier(d, trimmed)) rows.push(d);
      }
    }
    return { kind: 'list', rows };
  }
  if (f.status === 'overdue') {
    const rows = await db.dossiers
      .where('appointmentAt')
      .below(toDeskIso(now))
      .reverse()
      .filter((d) => isOverdue(d, now) && inDateRange(d, f))
      .limit(SEARCH_LIMIT)
      .toArray();
    return { kind: 'list', rows };
  }
  const collection =
    f.status === ''
      ? db.dossiers.where('receivedAt').between(lower(f.from), upper(f.to), true, true).reverse()
      : db.dossiers
          .where('[status+receivedAt]')
          .between([f.status, lower(f.from)], [f.status, upper(f.to)], true, true)
          .reverse();
  // The keys of the whole range once (a few MB for 100,000), then any page is a bulkGet:
  // offset() would walk the index from the start on every page, seconds deep in the list.
  const ids = await collection.primaryKeys();
  return {
    kind: 'paged',
    total: ids.length,
    page: (offset, limit) => readDossiers(db, ids.slice(offset, offset + limit), onUnreadable),
  };
}
