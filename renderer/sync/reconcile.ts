// Self-healing: for each recent receipt day, compare the digest of what the desk knows
// the province acknowledged with the province's own; on a difference, ask for the day's
// list and queue again (a new outbox entry, hence a new version) every dossier the
// province lacks, holds at an older version, or holds with other files. Nothing local is
// ever deleted here; what only the province holds is left alone.
import { deskDate } from '#domain/deskTime.ts';
import type { DeskDb, DossierSyncRow } from '../db/schema.ts';
import type { ProvincialApi } from './api.ts';
import { dayDigest, sameFiles } from './digest.ts';
import { badAnswer, errorOf } from './errors.ts';
import { requeue } from './outbox.ts';

export const RECONCILE_DAYS = 30;

export interface ReconcileReport {
  days: number;
  differingDays: string[];
  requeued: string[];
}

interface DayAnswer {
  digest: string;
  dossiers?: Array<{ id: string; version: number; files: string[] }>;
}

async function dayAnswer(api: ProvincialApi, day: string, list: boolean, signal?: AbortSignal): Promise<DayAnswer> {
  const res = await api.request(`/reconcile?day=${day}${list ? '&list=1' : ''}`, {}, signal);
  if (res.status !== 200) throw await errorOf(res);
  const body = (await res.json().catch(() => null)) as DayAnswer | null;
  if (!body || typeof body.digest !== 'string') throw badAnswer('reconcile');
  if (
    list &&
    (!Array.isArray(body.dossiers) || !body.dossiers.every((d) => typeof d?.id === 'string' && Number.isInteger(d.version) && Array.isArray(d.files)))
  ) {
    throw badAnswer('reconcile list');
  }
  return body;
}

/** What the desk believes the province holds for a day: its acknowledged versions. */
function acknowledged(rows: DossierSyncRow[]) {
  return rows.filter((r) => r.ackVersion !== undefined).map((r) => ({ id: r.dossierId, version: r.ackVersion!, files: r.ackFiles ?? [] }));
}

export async function reconcile(db: DeskDb, api: ProvincialApi, now: Date, signal?: AbortSignal, days = RECONCILE_DAYS): Promise<ReconcileReport> {
  const report: ReconcileReport = { days: 0, differingDays: [], requeued: [] };
  const from = deskDate(new Date(now.getTime() - days * 86_400_000));
  const dayList = (await db.dossierSync.where('receivedDay').aboveOrEqual(from).uniqueKeys()) as string[];
  for (const day of dayList) {
    const rows = await db.dossierSync.where('receivedDay').equals(day).toArray();
    const local = acknowledged(rows);
    if (local.length === 0) continue;
    report.days += 1;
    if ((await dayAnswer(api, day, false, signal)).digest === dayDigest(local)) continue;
    report.differingDays.push(day);
    const remote = new Map((await dayAnswer(api, day, true, signal)).dossiers!.map((d) => [d.id, d]));
    for (const mine of local) {
      const theirs = remote.get(mine.id);
      if (theirs && theirs.version >= mine.version && (theirs.version > mine.version || sameFiles(theirs.files, mine.files))) continue;
      // Already queued again (a later change, or an earlier pass): the next drain repairs it.
      if ((await db.outbox.where('dossierId').equals(mine.id).count()) > 0) continue;
      await requeue(db, mine.id, now);
      report.requeued.push(mine.id);
    }
  }
  return report;
}
