// The outbox is the list of what the province must still learn. This module turns a
// dossier's pending entries into one numbered version and settles them: entries are
// deleted only in the transaction that records the province's acknowledgement of a
// version that covers them.
//
// Versioning: each dossier has its own counter in db.dossierSync. A version is given to
// the dossier's state as of its newest outbox entry (`versionSeq`), in the transaction
// that reads that state. While no newer entry appears, the same version is sent again
// (a retry, a lost answer, a restart) with the same body; a newer entry, whoever wrote
// it, gets the next number. Every local change writes an outbox entry in its own
// transaction, so one version always means one body.
import { deskDate } from '#domain/deskTime.ts';
import type { Bilingual } from '#domain/errors.ts';
import type { DeskDb, DossierSyncRow, StoredFile } from '../db/schema.ts';
import { toWireDossier, type WireDossier } from './wire.ts';

export interface PreparedDossier {
  wire: WireDossier;
  /** The newest outbox seq this version covers. */
  seq: number;
  /** The dossier's file records (Blobs are handles; bytes are read slice by slice). */
  files: StoredFile[];
}

function freshRow(dossierId: string, receivedAt: string): DossierSyncRow {
  return { dossierId, receivedAt, receivedDay: deskDate(new Date(receivedAt)), state: 'pending', version: 0, versionSeq: 0 };
}

/**
 * The version to send for this dossier, or null when there is nothing to send: no outbox
 * entry, or the entries are the ones that already failed with a refusal (unless `retryErrors`).
 */
export async function prepareDossier(db: DeskDb, dossierId: string, retryErrors: boolean): Promise<PreparedDossier | null> {
  return db.transaction('rw', [db.outbox, db.dossiers, db.files, db.dossierSync], async () => {
    const last = await db.outbox.where('dossierId').equals(dossierId).last();
    if (!last?.seq) return null;
    const dossier = await db.dossiers.get(dossierId);
    const row = (await db.dossierSync.get(dossierId)) ?? freshRow(dossierId, dossier?.receivedAt ?? new Date(0).toISOString());
    if (row.state === 'error' && row.error && row.error.seq >= last.seq && !retryErrors) return null;
    if (!dossier) {
      await db.dossierSync.put({
        ...row,
        state: 'error',
        error: {
          code: 'dossier-missing-locally',
          message: { vi: 'Không tìm thấy hồ sơ trên máy để gửi.', en: 'The dossier to send is not on this desk.' },
          at: new Date().toISOString(),
          seq: last.seq,
        },
      });
      return null;
    }
    if (row.versionSeq !== last.seq || row.version === 0) {
      row.version = Math.max(row.version, row.ackVersion ?? 0, row.serverVersion ?? 0) + 1;
      row.versionSeq = last.seq;
    }
    row.state = 'pending';
    await db.dossierSync.put(row);
    const files = await db.files.where('dossierId').equals(dossierId).toArray();
    return { wire: toWireDossier(dossier, files, row.version), seq: last.seq, files };
  });
}

/** The province stored this version: record it and delete the entries it covers, together. */
export async function acknowledge(db: DeskDb, prepared: PreparedDossier, at: Date): Promise<DossierSyncRow> {
  const { wire, seq } = prepared;
  return db.transaction('rw', [db.outbox, db.dossierSync], async () => {
    await db.outbox
      .where('dossierId')
      .equals(wire.id)
      .filter((e) => (e.seq ?? 0) <= seq)
      .delete();
    const remaining = await db.outbox.where('dossierId').equals(wire.id).count();
    const row = (await db.dossierSync.get(wire.id)) ?? freshRow(wire.id, wire.receivedAt);
    const firstAckAt = row.firstAckAt ?? at.toISOString();
    const next: DossierSyncRow = {
      ...row,
      state: remaining > 0 ? 'pending' : 'acked',
      ackVersion: wire.version,
      ackFiles: [...new Set(wire.files.map((f) => f.sha256))].sort(),
      ackAt: at.toISOString(),
      firstAckAt,
      lagMs: Date.parse(firstAckAt) - Date.parse(wire.receivedAt),
    };
    delete next.error;
    await db.dossierSync.put(next);
    return next;
  });
}

/** dossier-version-stale: the province holds a newer version; this one is dropped, the counter moves past it. */
export async function dropStale(db: DeskDb, prepared: PreparedDossier, currentVersion: number): Promise<void> {
  const { wire, seq } = prepared;
  await db.transaction('rw', [db.outbox, db.dossierSync], async () => {
    await db.outbox
      .where('dossierId')
      .equals(wire.id)
      .filter((e) => (e.seq ?? 0) <= seq)
      .delete();
    const row = (await db.dossierSync.get(wire.id)) ?? freshRow(wire.id, wire.receivedAt);
    const remaining = await db.outbox.where('dossierId').equals(wire.id).count();
    await db.dossierSync.put({ ...row, state: remaining > 0 ? 'pending' : 'superseded', serverVersion: Math.max(currentVersion, row.serverVersion ?? 0) });
  });
}

/** dossier-version-conflict: the same number was used for another body; take the next number. */
export async function raiseVersion(db: DeskDb, dossierId: string): Promise<void> {
  await db.transaction('rw', [db.dossierSync], async () => {
    const row = await db.dossierSync.get(dossierId);
    if (row) await db.dossierSync.put({ ...row, versionSeq: 0 });
  });
}

/** A refusal that retrying unchanged cannot fix: the entries stay, skipped until a newer one arrives. */
export async function markError(db: DeskDb, prepared: PreparedDossier, code: string, message: Bilingual, at: Date): Promise<void> {
  await db.transaction('rw', [db.dossierSync], async () => {
    const row = (await db.dossierSync.get(prepared.wire.id)) ?? freshRow(prepared.wire.id, prepared.wire.receivedAt);
    await db.dossierSync.put({ ...row, state: 'error', error: { code, message, at: at.toISOString(), seq: prepared.seq } });
  });
}

/** Queues a dossier again (reconciliation found the province without it, or behind). */
export async function requeue(db: DeskDb, dossierId: string, at: Date): Promise<void> {
  await db.transaction('rw', [db.outbox, db.dossierSync], async () => {
    await db.outbox.add({ dossierId, kind: 'dossier.upsert', createdAt: at.toISOString() });
    const row = await db.dossierSync.get(dossierId);
    if (row) await db.dossierSync.put({ ...row, state: 'pending' });
  });
}
