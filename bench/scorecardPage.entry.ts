// Bundled by bench/pageSeed.ts (pageScript) and run inside the desk's page after the register
// is seeded: times the scorecard as the screen computes it (loadScorecard on the app's own
// encrypted Dexie database) against baselines on the same table in the same page, interleaved.
import { openDeskDb, type DeskDb } from '#renderer/db/schema.ts';
import { unlockForOfficer } from '#renderer/db/protection/keyring.ts';
import { monthBounds } from '#domain/scorecard/scorecard.ts';
import { loadScorecard } from '#renderer/features/scorecard/loadScorecard.ts';

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
    out.push({
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

async function total(): Promise<number> {
  if (!db) throw new Error('__scorecardUnlock first');
  return db.dossiers.count();
}

Object.assign(window, { __scorecardUnlock: unlock, __scorecardMeasure: measure, __scorecardTotal: total });
