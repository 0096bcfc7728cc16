// A look-up left pending at the counter, resolved later: by the officer from the dossier, or by
// the province through the sync feed (renderer/sync/changes.ts). Both write the same way: the
// dossier, its audit entry and its outbox entry in one transaction, so the province receives
// the result as a new version of the dossier. "Not found" makes the component a paper the
// citizen owes, and Mẫu 02 asks for it (owedPapersRequest.ts). No host call here, so the sync
// engine can use it.
import { resolveLookup, type LookupResult } from '#domain/catalog/lookupResult.ts';
import { DeskError } from '#domain/errors.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import type { Dossier, ReceivedComponent } from '#domain/model.ts';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';

/**
 * Writes a look-up result into a stored dossier. Call it inside a transaction over dossiers,
 * audit and outbox. Returns the updated dossier, or null when it already held this result.
 */
export async function writeLookupResult(db: DeskDb, dossierId: string, result: LookupResult, by: { officerId: string; at: string }): Promise<Dossier | null> {
  const dossier = await db.dossiers.get(dossierId);
  if (!dossier) {
    throw new DeskError('lookup.unknown-dossier', {
      vi: `Không có hồ sơ "${dossierId}" trên máy này, không ghi kết quả tra cứu.`,
      en: `There is no dossier "${dossierId}" on this desk; the look-up result was not recorded.`,
    });
  }
  const components = resolveLookup(dossier, result, by);
  if (components === null) return null;
  const updated: Dossier = { ...dossier, components, updatedAt: by.at };
  await db.dossiers.put(updated);
  // Codes only: the record number is personal data and stays in the dossier.
  await audit(db, { officerId: by.officerId, action: 'lookup', dossierId, detail: `${result.specId}:${result.outcome}` });
  await db.outbox.add({ dossierId, kind: 'dossier.upsert', createdAt: by.at });
  return updated;
}

/** The officer records the outcome of a look-up made after the receipt; one transaction. */
export async function recordLookupResult(db: DeskDb, dossierId: string, result: LookupResult, officer: Officer, now = new Date()): Promise<Dossier> {
  const at = toDeskIso(now);
  return db.transaction('rw', [db.dossiers, db.audit, db.outbox], async () => {
    const updated = await writeLookupResult(db, dossierId, result, { officerId: officer.id, at });
    return updated ?? (await db.dossiers.get(dossierId))!;
  });
}

/** Papers the citizen owes because their look-up found nothing and no paper has come in yet. */
export function owedAfterLookup(dossier: Pick<Dossier, 'components'>): ReceivedComponent[] {
  return dossier.components.filter((c) => c.lookup?.outcome === 'not-found' && !c.received);
}
