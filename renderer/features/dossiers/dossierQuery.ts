// The dossier register's queries. Every path starts from an index and is bounded, so
// the register stays quick with a hundred thousand dossiers on the desk.
import type { Dossier, StatusCode } from '#domain/model.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import { indexIsExact, indexQuery, matchesQuery, narrowingTerms } from '#domain/search/blindTerms.ts';
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
/**
 * Ids a search the index answers reads before its first answer: the screenful and a few pages
 * more. Reading all SEARCH_LIMIT of a common name's ids took most of a search at 100,000
 * dossiers (10-30 ms of IndexedDB, issue 17); the view's `rest` reads the others.
 */
export const FIRST_IDS = 100;
/**
 * Rows a search that opens its candidates shows first: a screenful at 1366×768 and a few more.
 * Opening all of a long name's candidates was a third of its search (issue 17); the view's
 * `rest` opens the others.
 */
export const FIRST_ROWS = 24;
const LOAD_CHUNK = 200;
/**
 * The register's pause after a keystroke before it searches: short enough not to be felt (the
 * issue's bound is 60 ms), long enough that a pasted or fast-typed query runs once.
 */
export const SEARCH_DEBOUNCE_MS = 40;

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

/**
 * The register's rows for a filter: either a bounded list, or a paged view over an index. A
 * paged view with `rest` holds only its first rows (its total is a lower bound); `rest()` reads
 * the whole view, whose first rows are the same. It is read when asked for, so that it does not
 * hold up the IndexedDB reads of the rows shown first.
 */
export type DossierView =
  | { kind: 'list'; rows: Dossier[] }
  | { kind: 'paged'; total: number; page(offset: number, limit: number): Promise<Dossier[]>; rest?: () => Promise<DossierView> };

// receivedAt is stored as "YYYY-MM-DDTHH:mm:ss+07:00", so string bounds on the date work.
const lower = (from: string) => from || '';
const upper = (to: string) => (to ? `${to}\uffff` : '\uffff');

/** The ids under one index key, newest first: IndexedDB orders equal keys by primary key, and ids are ULIDs of the receipt instant. */
const newestUnder = (db: DeskDb, key: string, limit: number) => db.dossiers.where('searchKeys').equals(key).reverse().limit(limit).primaryKeys();

/** The ids holding any of `tokens` (one per live data key), newest first; at most `limit` of them. */
async function idsWithTokens(db: DeskDb, tokens: string[], limit = Infinity): Promise<string[]> {
  const lists = await Promise.all(tokens.map((t) => newestUnder(db, t, limit)));
  return lists.length === 1 ? lists[0]! : newestFirst(new Set(lists.flat())).slice(0, limit);
}

const newestFirst = (ids: Iterable<string>) => [...ids].sort().reverse();

/**
 * Ids that may match, newest first: codes by plain prefix, personal fields by their blind
 * tokens (one per live data key while a rotation runs). With `limit`, only the newest `limit`
 * (each list under one key is read newest first up to it, so their union holds the newest
 * overall). A superset unless the query is `indexIsExact`: tokens are 64-bit and name prefixes
 * are indexed to 14 characters, so a longer name takes the ids holding all its narrowing terms.
 */
async function searchCandidates(db: DeskDb, query: string, limit = Infinity): Promise<string[]> {
  const { clearPrefix, terms } = indexQuery(query);
  const narrowing = narrowingTerms(query);
  if (narrowing.length > 1) {
    const sets = await Promise.all(narrowing.map((term) => idsWithTokens(db, db.protection.queryTokens(term))));
    sets.sort((a, b) => a.length - b.length);
    const others = sets.slice(1).map((ids) => new Set(ids));
    return sets[0]!.filter((id) => others.every((s) => s.has(id))).slice(0, limit);
  }
  const lists = await Promise.all(terms.map((term) => idsWithTokens(db, db.protection.queryTokens(term), limit)));
  // A broad code prefix is a range of keys, not ordered by time: its ids are all read and sorted.
  if (clearPrefix) lists.push(newestFirst(await db.dossiers.where('searchKeys').startsWith(clearPrefix).primaryKeys()));
  return lists.length === 1 ? lists[0]!.slice(0, limit) : newestFirst(new Set(lists.flat())).slice(0, limit);
}

/** The ids the status filter and the date range allow, from their indexes alone; null when neither is set. */
async function idsInFilter(db: DeskDb, f: DossierFilter): Promise<Set<string> | null> {
  if (f.status === '' && !f.from && !f.to) return null;
  const collection =
    f.status === ''
      ? db.dossiers.where('receivedAt').between(lower(f.from), upper(f.to), true, true)
      : db.dossiers.where('[status+receivedAt]').between([f.status, lower(f.from)], [f.status, upper(f.to)], true, true);
  return new Set(await collection.primaryKeys());
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

/**
 * The register's rows for a filter. A search the index answers is a paged view too, newest
 * first, so a broad name opens no more dossiers than the screen shows. `signal` stops a search
 * the officer has typed past (it rejects with the signal's reason).
 */
export async function viewDossiers(
  db: DeskDb,
  f: DossierFilter,
  now = new Date(),
  onUnreadable?: (u: Unreadable) => void,
  signal?: AbortSignal,
): Promise<DossierView> {
  const trimmed = f.query.trim();
  if (trimmed && f.status !== 'overdue' && indexIsExact(trimmed)) {
    // The index answers the query and the filters: the newest SEARCH_LIMIT ids are the rows, and
    // only the ones scrolled into view are opened (opening is most of a search's cost).
    const allowed = await idsInFilter(db, f);
    const paged = (ids: string[]): Extract<DossierView, { kind: 'paged' }> => ({
      kind: 'paged',
      total: ids.length,
      page: (offset, limit) => readDossiers(db, ids.slice(offset, offset + limit), onUnreadable),
    });
    if (allowed) {
      const candidates = await searchCandidates(db, trimmed);
      signal?.throwIfAborted();
      return paged(candidates.filter((id) => allowed.has(id)).slice(0, SEARCH_LIMIT));
    }
    // Each token's ids are read newest first up to the limit, so the first FIRST_IDS of the
    // whole answer are these: the answer shows at once and the rest only lengthens it.
    const first = await searchCandidates(db, trimmed, FIRST_IDS);
    signal?.throwIfAborted();
    if (first.length < FIRST_IDS) return paged(first);
    return { ...paged(first), rest: () => searchCandidates(db, trimmed, SEARCH_LIMIT).then(paged) };
  }
  if (trimmed) {
    // Candidates are opened and checked in their order, newest first: the first FIRST_ROWS
    // matches are the start of the whole answer, so it shows as soon as they are found. The
    // first read is a screenful; where the filters leave few matches, later reads are larger.
    const candidates = await searchCandidates(db, trimmed);
    const rows: Dossier[] = [];
    let next = 0;
    const openUntil = async (wanted: number) => {
      while (rows.length < wanted && next < candidates.length) {
        signal?.throwIfAborted();
        const ids = candidates.slice(next, (next += next === 0 ? FIRST_ROWS : LOAD_CHUNK));
        for (const d of await readDossiers(db, ids, onUnreadable)) {
          if (rows.length < SEARCH_LIMIT && matchesStatus(d, f, now) && inDateRange(d, f) && matchesDossier(d, trimmed)) rows.push(d);
        }
      }
      signal?.throwIfAborted();
      return { kind: 'list', rows } as const;
    };
    await openUntil(FIRST_ROWS);
    if (next >= candidates.length) return { kind: 'list', rows };
    const shown = rows.slice();
    return {
      kind: 'paged',
      total: shown.length,
      page: (offset, limit) => Promise.resolve(shown.slice(offset, offset + limit)),
      rest: () => openUntil(SEARCH_LIMIT),
    };
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

/** Every row of a view, in order (for a scanned code's few matches, and for tests). */
export async function rowsOf(view: DossierView): Promise<Dossier[]> {
  if (view.kind === 'list') return view.rows;
  return view.rest ? rowsOf(await view.rest()) : view.page(0, view.total);
}
