// Gathers what one month's scorecard counts without opening every dossier: the procedure a
// dossier is for is sealed (renderer/db/protection/README.md), so only the dossiers a figure of
// the month can touch are read and opened, and each is found through a clear index:
// - received in the month: the `receivedAt` range;
// - returned or sent an apology in the month: the audit trail's `at` range ('handover', and
//   'print' of an 'apology'), which names dossiers by id only;
// - scans: the `[dossierId+specId]` keys of files, never the files;
// - electronic results and reuse: the digitisation log's `[kind+at]` range (names no person);
// - certified copies: the certification book's `day` range (names no person either).
// Overdue now is counted from index keys alone (countOverdue), since it is not bound to the
// month and opening each overdue dossier for its procedure took seconds at 100,000 dossiers.
import Dexie from 'dexie';
import {
  computeScorecard,
  monthBounds,
  overdueAt,
  type DossierEvent,
  type OverdueCount,
  type Scorecard,
  type ScorecardDossier,
} from '#domain/scorecard/scorecard.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import { blindToken } from '#renderer/db/protection/dataKey.ts';
import { procedureTerm } from '#renderer/db/protection/protectedTables.ts';
import { OVERDUE_TALLY_PENDING } from '#renderer/db/migrations/010-overdue-tally.ts';

/** Statuses before a result is done or the dossier stopped: overdueAt's `status < 8`. */
const OPEN_STATUSES = [1, 2, 3, 4, 5, 6, 7] as const;
const NOT_ACCEPTED = ['supplement', 'refused'] as const;

/**
 * Overdue now per procedure, as overdueAt counts it: one IndexedDB count() per procedure and
 * live key over the `dueBy` index (protectedTables.ts overdueFields). The procedures counted are
 * the catalogue's, every dated version's and those of the dossiers opened; the keys between
 * their ranges are read, and one with a past appointment (a procedure known nowhere, a dossier
 * without its procedure) or two procedures under one token (a 64-bit collision) send the count
 * the earlier way (below), as does a desk whose dossiers stored before v10 may lack the index.
 */
export async function countOverdue(db: DeskDb, now: Date, opening: Promise<ReadonlyMap<string, ScorecardDossier>>): Promise<OverdueCount[]> {
  return (await countOverdueByTally(db, now, opening)) ?? countOverdueByKeys(db, now, opening);
}

async function countOverdueByTally(db: DeskDb, now: Date, opening: Promise<ReadonlyMap<string, ScorecardDossier>>): Promise<OverdueCount[] | null> {
  const until = toDeskIso(now);
  const keys = db.protection.liveKeys();
  const tokensOf = (code: string) => {
    const term = procedureTerm(code);
    return keys.map((k) => blindToken(k, term.kind, term.value));
  };
  const dueBy = () => db.dossiers.where('dueBy');
  // One read transaction for the counts: a transaction each cost more than the counting.
  const countAll = (codes: readonly string[]) =>
    db.transaction('r', db.dossiers, () =>
      Promise.all(codes.map((code) => Promise.all(tokensOf(code).map((t) => dueBy().between([t, ''], [t, until], true, false).count())))),
    );
  const [pending, catalogue, versions] = await Promise.all([
    db.settings.get(OVERDUE_TALLY_PENDING),
    db.procedures.toCollection().primaryKeys(),
    db.procedureVersions.orderBy('code').uniqueKeys(),
  ]);
  if (pending) return null;
  const known = [...new Set<string>([...catalogue, ...(versions as string[])])];
  const [knownCounts, opened] = await Promise.all([countAll(known), opening]);
  const others = [...new Set([...opened.values()].map((d) => d.procedureCode))].filter((code) => !known.includes(code));
  const codes = [...known, ...others];
  const perCode = [...knownCounts, ...(await countAll(others))];

  const tokens = codes.flatMap(tokensOf).sort();
  if (tokens.some((t, i) => t === tokens[i - 1])) return null;
  const gaps = await db.transaction('r', db.dossiers, () =>
    Promise.all(
      tokens.length === 0
        ? [dueBy().below(['\uffff', until]).keys()]
        : [
            dueBy().below([tokens[0]!, '']).keys(),
            ...tokens.map((t, i) =>
              i + 1 < tokens.length
                ? dueBy()
                    .between([t, until], [tokens[i + 1]!, ''], true, false)
                    .keys()
                : dueBy().aboveOrEqual([t, until]).keys(),
            ),
          ],
    ),
  );
  if (gaps.flat().some((key) => (key as unknown as [string, string])[1] < until)) return null;

  const counts = codes.map((code, i) => ({ code, count: perCode[i]!.reduce((a, b) => a + b, 0) })).filter((c) => c.count > 0);
  // Names from the dossiers already opened, else from one overdue dossier of the procedure.
  const named = new Map<string, string>([...opened.values()].map((d) => [d.procedureCode, d.procedureName]));
  const samples = await Promise.all(
    counts
      .filter((c) => !named.has(c.code))
      .map(async ({ code }) => {
        for (const t of tokensOf(code)) {
          const [id] = await dueBy().between([t, ''], [t, until], true, false).limit(1).primaryKeys();
          if (id) return id;
        }
        return undefined;
      }),
  );
  for (const d of await db.dossiers.bulkGet(samples.filter((id): id is string => id !== undefined))) if (d) named.set(d.procedureCode, d.procedureName);
  return counts.map((c) => ({ procedureCode: c.code, procedureName: named.get(c.code) ?? '', count: c.count }));
}

/**
 * Overdue now per procedure, as overdueAt counts it, without opening the overdue dossiers:
 * - which are overdue: ids under an open status (`[status+receivedAt]`) with an appointment
 *   already past (`appointmentAt`), less those not accepted (`decision`), all clear indexes;
 * - the procedure of each: the ids holding each known procedure's blind token
 *   (protectedTables.ts procedureTerm) in `searchKeys`, one query per procedure and live key.
 * The known procedures are the catalogue's, every dated version's and those of the dossiers
 * already opened. A dossier no token places (sealed before the token existed, or of a
 * procedure known nowhere else) or that two place (a 64-bit token collision) is opened and
 * counted by its record, so the figure is the rule's on any desk; only names are read from
 * records: one dossier of each procedure, unless an opened one already gives it. On a desk
 * upgraded to v10 the open dossiers are written again behind it, so that later ones count by
 * the `dueBy` index.
 */
async function countOverdueByKeys(db: DeskDb, now: Date, opening: Promise<ReadonlyMap<string, ScorecardDossier>>): Promise<OverdueCount[]> {
  // The keys are read while the month's dossiers are being opened (decrypting holds the page's
  // thread; IndexedDB reads the keys meanwhile), and the catalogue's tokens asked right away.
  const catalogueCodes = Promise.all([db.procedures.toCollection().primaryKeys(), db.procedureVersions.orderBy('code').uniqueKeys()]);
  const keys = db.protection.liveKeys();
  const asked = new Map<string, Promise<string[]>>();
  const ask = (code: string) => {
    let ids = asked.get(code);
    if (!ids) {
      const term = procedureTerm(code);
      // One equals() per live key: Dexie reads an equality range with getAllKeys, anyOf() with a
      // cursor stepped key by key (seconds over the 100,000 ids of all procedures).
      ids = Promise.all(
        keys.map((k) =>
          db.dossiers
            .where('searchKeys')
            .equals(blindToken(k, term.kind, term.value))
            .primaryKeys(),
        ),
      ).then((lists) => lists.flat());
      // Awaited below unless nothing is overdue: then its failure has nobody to tell.
      ids.catch(() => undefined);
      asked.set(code, ids);
    }
    return ids;
  };
  void catalogueCodes.then(
    ([catalogue, versions]) => {
      for (const code of [...catalogue, ...(versions as string[])]) void ask(code);
    },
    () => undefined,
  );
  const [open, pending, pastDue, declined, [catalogue, versions], opened] = await Promise.all([
    Promise.all(OPEN_STATUSES.map((s) => db.dossiers.where('[status+receivedAt]').between([s, Dexie.minKey], [s, Dexie.maxKey]).primaryKeys())),
    db.settings.get(OVERDUE_TALLY_PENDING),
    // appointmentAt holds desk times (+07:00), so string order is time order.
    db.dossiers.where('appointmentAt').below(toDeskIso(now)).primaryKeys(),
    Promise.all(NOT_ACCEPTED.map((d) => db.dossiers.where('decision').equals(d).primaryKeys())).then((lists) => lists.flat()),
    catalogueCodes,
    opening,
  ]);
  const unfinished = new Set(open.flat());
  const notAccepted = new Set(declined);
  const overdue = new Set(pastDue.filter((id) => unfinished.has(id) && !notAccepted.has(id)));
  if (pending) tallyOpenDossiers(db, [...unfinished]);
  if (overdue.size === 0) return [];

  const codes = new Set<string>([...catalogue, ...(versions as string[]), ...[...opened.values()].map((d) => d.procedureCode)]);
  const placed = await Promise.all([...codes].map(async (code) => ({ code, ids: await ask(code) })));
  const codeOf = new Map<string, string>();
  const twice = new Set<string>();
  for (const { code, ids } of placed) {
    for (const id of ids) {
      if (!overdue.has(id)) continue;
      if (codeOf.has(id)) twice.add(id);
      else codeOf.set(id, code);
    }
  }

  const counts = new Map<string, OverdueCount>();
  const named = new Map<string, string>([...opened.values()].map((d) => [d.procedureCode, d.procedureName]));
  const unplaced = [...overdue].filter((id) => !codeOf.has(id) || twice.has(id));
  const toOpen = unplaced.filter((id) => !opened.has(id));
  const fetched = new Map<string, ScorecardDossier>();
  for (const d of await db.dossiers.bulkGet(toOpen)) if (d) fetched.set(d.id, d);
  for (const id of unplaced) {
    const d = opened.get(id) ?? fetched.get(id);
    if (!d || !overdueAt(d, now)) continue;
    const c = counts.get(d.procedureCode) ?? { procedureCode: d.procedureCode, procedureName: d.procedureName, count: 0 };
    c.count += 1;
    counts.set(d.procedureCode, c);
    if (!named.has(d.procedureCode)) named.set(d.procedureCode, d.procedureName);
  }
  const sample = new Map<string, string>();
  for (const [id, code] of codeOf) {
    if (twice.has(id)) continue;
    const c = counts.get(code) ?? { procedureCode: code, procedureName: '', count: 0 };
    c.count += 1;
    counts.set(code, c);
    if (!named.has(code) && !sample.has(code)) sample.set(code, id);
  }
  for (const d of await db.dossiers.bulkGet([...sample.values()])) if (d) named.set(d.procedureCode, d.procedureName);

  // Dossiers stored before the token existed get it now, so that the next scorecard need not
  // open them; a dossier that holds its token but whose procedure is known nowhere else is left.
  const untokened = unplaced.flatMap((id) => {
    const d = opened.get(id) ?? fetched.get(id);
    return d && !codeOf.has(id) ? [d] : [];
  });
  const holding = new Map(
    await Promise.all([...new Set(untokened.map((d) => d.procedureCode))].map(async (code) => [code, new Set(await ask(code))] as const)),
  );
  const stale = untokened.filter((d) => !holding.get(d.procedureCode)?.has(d.id)).map((d) => d.id);
  if (stale.length > 0 && !pending) void addProcedureTokens(db, stale).catch(() => undefined);

  return [...counts.values()].map((c) => ({ ...c, procedureName: named.get(c.procedureCode) ?? c.procedureName }));
}

const RESEAL_BATCH = 50;
const tallying = new WeakMap<DeskDb, Promise<void>>();

/**
 * Writes the open dossiers of a desk upgraded to v10 again (they gain `dueBy` and the procedure
 * token), then clears OVERDUE_TALLY_PENDING: a dossier closed then cannot become overdue
 * without a write, which gives it the index. Once per desk at a time; a failure leaves the mark
 * for the next scorecard.
 */
function tallyOpenDossiers(db: DeskDb, open: readonly string[]): void {
  if (tallying.has(db)) return;
  const run = addProcedureTokens(db, open)
    .then(() => db.settings.delete(OVERDUE_TALLY_PENDING))
    .catch(() => undefined)
    .finally(() => tallying.delete(db));
  tallying.set(db, run);
}

/** Resolves when the open dossiers written again by a scorecard on this desk are (for tests and the bench). */
export function tallied(db: DeskDb): Promise<void> {
  return tallying.get(db) ?? Promise.resolve();
}

/**
 * Writes dossiers again as they are, so that the protection middleware gives their index the
 * procedure token (protectedTables.ts procedureTerm) and the overdue tally (overdueFields) they
 * were stored without. In batches of
 * 50, each one transaction that reads and writes the same rows, so a change made meanwhile is
 * never overwritten, and reception waits at most one batch. A batch that fails leaves its
 * dossiers to be opened by the next scorecard, which tries again.
 */
export async function addProcedureTokens(db: DeskDb, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += RESEAL_BATCH) {
    const batch = ids.slice(i, i + RESEAL_BATCH);
    await db.transaction('rw', db.dossiers, async () => {
      const rows = (await db.dossiers.bulkGet(batch)).filter((d) => d !== undefined);
      await db.dossiers.bulkPut(rows);
    });
  }
}

export async function loadScorecard(db: DeskDb, month: string, now = new Date()): Promise<Scorecard> {
  const gathering = gatherMonth(db, month);
  const [gathered, overdueNow] = await Promise.all([
    gathering,
    countOverdue(
      db,
      now,
      gathering.then((g) => g.byId),
    ),
  ]);
  return computeScorecard({ month, now, overdueNow, ...gathered, dossiers: [...gathered.byId.values()] });
}

/** What the month's figures read: its dossiers and those its events name, opened; scans, logs and the book by index. */
async function gatherMonth(db: DeskDb, month: string) {
  const { from, to } = monthBounds(month);
  const received = await db.dossiers.where('receivedAt').between(from, to, true, false).toArray();
  const byId = new Map<string, ScorecardDossier>(received.map((d) => [d.id, d]));

  // The audit trail stores UTC instants (renderer/db/audit.ts).
  const auditFrom = new Date(from).toISOString();
  const auditTo = new Date(to).toISOString();
  const events = await db.audit
    .where('at')
    .between(auditFrom, auditTo, true, false)
    .filter((a) => a.action === 'handover' || (a.action === 'print' && a.detail === 'apology'))
    .toArray();
  const wanted = new Set<string>(events.flatMap((a) => (a.dossierId ? [a.dossierId] : [])));
  const missing = [...wanted].filter((id) => !byId.has(id));
  for (const d of await db.dossiers.bulkGet(missing)) if (d) byId.set(d.id, d);

  const ids = [...received.map((d) => d.id)].sort();
  const scannedSpecs = new Map<string, Set<string>>();
  if (ids.length > 0) {
    const keys = await db.files
      .where('[dossierId+specId]')
      .between([ids[0]!, Dexie.minKey], [ids[ids.length - 1]!, Dexie.maxKey])
      .keys();
    const inMonth = new Set(ids);
    for (const key of keys) {
      const [dossierId, specId] = key as unknown as [string, string];
      if (!inMonth.has(dossierId)) continue;
      let specs = scannedSpecs.get(dossierId);
      if (!specs) scannedSpecs.set(dossierId, (specs = new Set()));
      specs.add(specId);
    }
  }

  const logged = async (kind: 'reused' | 'electronic-result'): Promise<DossierEvent[]> => {
    const rows = await db.digitisationLog.where('[kind+at]').between([kind, from], [kind, to], true, false).toArray();
    const needed = rows.map((r) => r.dossierId).filter((id) => !byId.has(id));
    for (const d of await db.dossiers.bulkGet([...new Set(needed)])) if (d) byId.set(d.id, d);
    return rows.map((r) => ({ dossierId: r.dossierId, at: r.at, ...(r.specId ? { key: r.specId } : {}) }));
  };
  const [reusedComponents, electronicResults] = await Promise.all([logged('reused'), logged('electronic-result')]);
  // The certification book (v9) dates each row by its desk day; refusals carry no number and are not copies.
  const certified = await db.certifications
    .where('day')
    .between(from.slice(0, 10), to.slice(0, 10), true, false)
    .filter((c) => c.kind === 'certified')
    .toArray();

  return { byId, scannedSpecs, electronicResults, reusedComponents, certifiedCopies: certified.map((c) => ({ at: c.at })) };
}
