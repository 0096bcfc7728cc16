// Bundled by bench/pageSeed.ts (pageScript) and run inside the desk's page after the register
// is seeded: times the scorecard as the screen computes it (loadScorecard on the app's own
// encrypted Dexie database) against baselines on the same table in the same page, interleaved.
import { openDeskDb, type DeskDb } from '#renderer/db/schema.ts';
import { unlockForOfficer } from '#renderer/db/protection/keyring.ts';
import Dexie from 'dexie';
import { monthBounds, overdueAt } from '#domain/scorecard/scorecard.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import { countOverdue, loadScorecard } from '#renderer/features/scorecard/loadScorecard.ts';

let db: DeskDb | null = null;

async function unlock(username: string, password: string): Promise<void> {
  if (db?.protection.unlocked) return;
  const opened = openDeskDb();
  const officer = await opened.officers.where('username').equals(username).first();
  if (!officer) throw new Error(`no officer ${username}`);
  await unlockForOfficer(opened, opened.protection, officer, password);
  db = opened;
}

export interface ScorecardRound {
  scorecardMs: number;
  /** db.dossiers.count(): the whole table, keys only. */
  countAllMs: number;
  /** The month's dossiers counted through the receivedAt index, keys only. */
  countMonthMs: number;
  /** The month's dossiers read and opened (decrypted), the part of the scorecard no index can spare. */
  openMonthMs: number;
  /** Overdue now alone (countOverdue, nothing opened beforehand): the part not bound to the month. */
  overdueMs: number;
  received: number | null;
  overdueNow: number | null;
  monthDossiers: number;
  rows: number;
}

async function measure(month: string, rounds: number): Promise<ScorecardRound[]> {
  if (!db) throw new Error('__scorecardUnlock first');
  const d = db;
  const { from, to } = monthBounds(month);
  const time = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
    const t0 = performance.now();
    const v = await f();
    return [performance.now() - t0, v];
  };
  const out: ScorecardRound[] = [];
  for (let i = 0; i < rounds; i++) {
    const [countAllMs] = await time(() => d.dossiers.count());
    const [countMonthMs, monthDossiers] = await time(() => d.dossiers.where('receivedAt').between(from, to, true, false).count());
    const [openMonthMs] = await time(() => d.dossiers.where('receivedAt').between(from, to, true, false).toArray());
    const [scorecardMs, card] = await time(() => loadScorecard(d, month));
    const [overdueMs] = await time(() => countOverdue(d, new Date(), Promise.resolve(new Map())));
    out.push({
      overdueMs,
      scorecardMs,
      countAllMs,
      countMonthMs,
      openMonthMs,
      received: card.total.received,
      overdueNow: card.total.overdueNow,
      monthDossiers,
      rows: card.rows.length,
    });
  }
  return out;
}

/**
 * Overdue now per procedure as the scorecard counted it before it read procedures from the
 * index: every dossier under an unfinished status with its appointment past, opened. Timed once,
 * and compared figure by figure with the scorecard's rows of both months.
 */
async function reference(month: string): Promise<{ openOverdueMs: number; opened: number; sameOverdue: boolean; sameRows: boolean }> {
  if (!db) throw new Error('__scorecardUnlock first');
  const d = db;
  const now = new Date();
  const t0 = performance.now();
  const [open, pastDue] = await Promise.all([
    Promise.all([1, 2, 3, 4, 5, 6, 7].map((s) => d.dossiers.where('[status+receivedAt]').between([s, Dexie.minKey], [s, Dexie.maxKey]).primaryKeys())),
    d.dossiers.where('appointmentAt').below(toDeskIso(now)).primaryKeys(),
  ]);
  const unfinished = new Set(open.flat());
  const dossiers = await d.dossiers.bulkGet(pastDue.filter((id) => unfinished.has(id)));
  const byCode = new Map<string, number>();
  for (const x of dossiers) if (x && overdueAt(x, now)) byCode.set(x.procedureCode, (byCode.get(x.procedureCode) ?? 0) + 1);
  const openOverdueMs = performance.now() - t0;
  const card = await loadScorecard(d, month, now);
  const counted = new Map(card.rows.flatMap((r) => (r.figures.overdueNow ? [[r.procedureCode, r.figures.overdueNow] as const] : [])));
  const sameOverdue = byCode.size === counted.size && [...byCode].every(([code, n]) => counted.get(code) === n);
  // The rest of each row is gathered as before: the month's own dossiers, opened.
  const names = new Map(dossiers.flatMap((x) => (x ? [[x.procedureCode, x.procedureName] as const] : [])));
  const sameRows = card.rows.every((r) => !names.has(r.procedureCode) || names.get(r.procedureCode) === r.procedureName);
  return { openOverdueMs, opened: dossiers.length, sameOverdue, sameRows };
}

async function total(): Promise<number> {
  if (!db) throw new Error('__scorecardUnlock first');
  return db.dossiers.count();
}

Object.assign(window, { __scorecardUnlock: unlock, __scorecardMeasure: measure, __scorecardTotal: total, __scorecardReference: reference });
