// This desk's use of each procedure, to put the ones it receives most on top of the picker.
//
// Read from the desk's own latest dossiers through the receivedAt index, not from an index on
// the procedure code: the code is sealed with the rest of the dossier (renderer/db/protection/
// README.md), and a plain one would tell whoever copies the disk what each citizen applied for.
// The window keeps the cost fixed whatever the register holds (100,000 dossiers or more) and
// keeps the order current: what the desk received in its last WINDOW dossiers. The summary is
// read once per session; afterwards only dossiers received since are read.
import { summarizeUsage, type ProcedureUsage } from '#domain/catalog/procedureSearch.ts';
import type { DeskDb } from '#renderer/db/schema.ts';

/** About six weeks at thirty dossiers a day. */
export const WINDOW = 1000;

interface Use {
  id: string;
  procedureCode: string;
  receivedAt: string;
}

/** The latest uses, newest first, per database. */
const seen = new WeakMap<DeskDb, Use[]>();

const useOf = (d: Use): Use => ({ id: d.id, procedureCode: d.procedureCode, receivedAt: d.receivedAt });

/** How often, and when last, this desk received each procedure among its latest `window` dossiers. */
export async function loadProcedureUsage(db: DeskDb, window = WINDOW): Promise<ProcedureUsage> {
  const cached = seen.get(db);
  let uses: Use[];
  if (!cached) {
    uses = (await db.dossiers.orderBy('receivedAt').reverse().limit(window).toArray()).map(useOf);
  } else {
    // receivedAt has whole seconds: a dossier of the newest second may not have been read yet.
    const newest = cached[0]?.receivedAt ?? '';
    const known = new Set(cached.filter((u) => u.receivedAt === newest).map((u) => u.id));
    const since = (await db.dossiers.where('receivedAt').aboveOrEqual(newest).toArray()).filter((d) => !known.has(d.id)).map(useOf);
    uses = [...since.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : -1)), ...cached].slice(0, window);
  }
  seen.set(db, uses);
  return summarizeUsage(uses);
}
