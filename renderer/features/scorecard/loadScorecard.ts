// Gathers what one month's scorecard counts without opening every dossier: the procedure a
// dossier is for is sealed (renderer/db/protection/README.md), so only the dossiers a figure of
// the month can touch are read and opened, and each is found through a clear index:
// - received in the month: the `receivedAt` range;
// - returned or sent an apology in the month: the audit trail's `at` range ('handover', and
//   'print' of an 'apology'), which names dossiers by id only;
// - overdue now: ids both under an unfinished status (`[status+receivedAt]`) and with an
//   appointment already past (`appointmentAt`), intersected as keys, opened only if overdue;
// - scans: the `[dossierId+specId]` keys of files, never the files;
// - electronic results and reuse: the digitisation log's `[kind+at]` range (names no person);
// - certified copies: the certification book's `day` range (names no person either).
import Dexie from 'dexie';
import { computeScorecard, monthBounds, type DossierEvent, type Scorecard, type ScorecardDossier } from '#domain/scorecard/scorecard.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import type { DeskDb } from '#renderer/db/schema.ts';

/** Statuses of a dossier whose result is not yet done, and not stopped (domain/scorecard overdueAt). */
const UNFINISHED = [1, 2, 4, 5, 6, 7] as const;

export async function loadScorecard(db: DeskDb, month: string, now = new Date()): Promise<Scorecard> {
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
  const [unfinished, pastDue] = await Promise.all([
    Promise.all(UNFINISHED.map((s) => db.dossiers.where('[status+receivedAt]').between([s, Dexie.minKey], [s, Dexie.maxKey]).primaryKeys())),
    // appointmentAt holds desk times (+07:00), so string order is time order.
    db.dossiers.where('appointmentAt').below(toDeskIso(now)).primaryKeys(),
  ]);
  const open = new Set(unfinished.flat());
  const wanted = new Set<string>([...events.flatMap((a) => (a.dossierId ? [a.dossierId] : [])), ...pastDue.filter((id) => open.has(id))]);
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

  return computeScorecard({
    month,
    now,
    dossiers: [...byId.values()],
    scannedSpecs,
    electronicResults,
    reusedComponents,
    certifiedCopies: certified.map((c) => ({ at: c.at })),
  });
}
