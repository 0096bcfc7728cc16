// One certified copy's book entry to the province (issue 15 §1), as a dossier goes: the signed
// PDF first by the same resumable upload (skipped when the province holds it), then
// `PUT /certified-copies/{id}` under `Idempotency-Key: <id>.1`. An entry never changes, so it has
// no version: a retry, a lost answer or a restart sends the same body and the province answers
// the stored result. The acknowledgement (the entry marked sent, its outbox entries deleted) is
// one transaction; a refusal is kept on the entry with the province's {vi, en} reason, shown in
// the sync details, and skipped by automatic drains until "sync now" (as a refused dossier is).
import type { Bilingual } from '#domain/errors.ts';
import { bookLabel } from '#domain/certification/statement.ts';
import type { WireCertifiedCopy } from '#preload/wire/sync.ts';
import type { CertificationRow, DeskDb, StoredFile } from '../db/schema.ts';
import { badAnswer, errorOf, isSyncError, SyncError } from './errors.ts';
import { lookup, uploadMissing, type SendContext, type SendOutcome } from './sendDossier.ts';

export const CERTIFICATION_PROCEDURE = '2.000815';

/** The entry as the province receives it: fields picked by name, so a local field never leaks. */
export function toWireCertifiedCopy(row: CertificationRow, file: StoredFile): WireCertifiedCopy {
  if (row.kind !== 'certified' || row.number === undefined || !row.signer || !row.certificateSha256 || row.tariff === undefined) {
    throw new SyncError(
      'certification-incomplete',
      { vi: 'Bản ghi trong sổ chứng thực thiếu thông tin để gửi tỉnh.', en: 'The certification book entry lacks what the province needs.' },
      'refused',
    );
  }
  return {
    id: row.id,
    procedureCode: CERTIFICATION_PROCEDURE,
    book: { year: row.year, label: bookLabel(row.year), number: row.number },
    day: row.day,
    at: row.at,
    document: row.document,
    pages: row.pages,
    fee: {
      amount: row.fee,
      tariff: row.tariff,
      ...(row.feePaidByProvince && row.feePaidBy ? { paidBy: { province: row.feePaidByProvince, basis: row.feePaidBy } } : {}),
    },
    signer: { name: row.signer, certificateSha256: row.certificateSha256 },
    file: { sha256: file.sha256, size: file.size, name: file.name },
    officerId: row.officerId,
    ...(row.dossierCode ? { dossierCode: row.dossierCode } : {}),
    ...(row.fetchCode ? { fetchCode: row.fetchCode } : {}),
  };
}

interface PreparedCopy {
  row: CertificationRow;
  /** Absent only if the sealed copy was lost: recorded as a refusal, never sent without its PDF. */
  file: StoredFile | undefined;
  /** The newest outbox seq the send covers. */
  seq: number;
}

async function prepare(db: DeskDb, id: string, retryErrors: boolean): Promise<PreparedCopy | null> {
  return db.transaction('r', [db.outbox, db.certifications, db.files], async () => {
    const last = await db.outbox.where('dossierId').equals(id).last();
    if (!last?.seq) return null;
    // Book entries are never deleted; an entry without one has nothing to send.
    const row = await db.certifications.get(id);
    if (!row) return null;
    const error = row.sync?.error;
    if (error && error.seq >= last.seq && !retryErrors) return null;
    return { row, file: row.fileId ? await db.files.get(row.fileId) : undefined, seq: last.seq };
  });
}

async function settle(db: DeskDb, prepared: PreparedCopy, sync: NonNullable<CertificationRow['sync']>, deleteEntries: boolean): Promise<void> {
  await db.transaction('rw', [db.outbox, db.certifications], async () => {
    if (deleteEntries)
      await db.outbox
        .where('dossierId')
        .equals(prepared.row.id)
        .filter((e) => (e.seq ?? 0) <= prepared.seq)
        .delete();
    const row = await db.certifications.get(prepared.row.id);
    if (row) await db.certifications.put({ ...row, sync });
  });
}

async function putEntry(ctx: SendContext, wire: WireCertifiedCopy): Promise<Response> {
  return ctx.api.request(
    `/certified-copies/${wire.id}`,
    { method: 'PUT', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `${wire.id}.1` }, body: JSON.stringify(wire) },
    ctx.signal,
  );
}

/**
 * Sends one book entry and settles the answer. Throws SyncError of kind 'retry' or 'enrol' (the
 * engine backs off or stops); a refusal is recorded on the entry and reported as 'error'.
 */
export async function sendCertifiedCopy(ctx: SendContext, id: string, retryErrors: boolean): Promise<SendOutcome> {
  const prepared = await prepare(ctx.db, id, retryErrors);
  if (!prepared) return 'nothing';
  try {
    if (!prepared.file) {
      throw new SyncError(
        'certification-file-missing-locally',
        { vi: 'Không tìm thấy tệp bản sao trên máy để gửi.', en: 'The copy’s file is not on this desk to send.' },
        'refused',
      );
    }
    const wire = toWireCertifiedCopy(prepared.row, prepared.file);
    const files = [prepared.file];
    if (!ctx.present.has(wire.file.sha256)) {
      const missing = await lookup(ctx, [wire.file.sha256]);
      if (missing.length === 0) ctx.present.add(wire.file.sha256);
      await uploadMissing(ctx, { files }, missing);
    }
    let res = await putEntry(ctx, wire);
    if (res.status === 409) {
      const error = await errorOf(res.clone());
      if (error.code === 'certified-copy-file-missing') {
        ctx.present.delete(wire.file.sha256);
        await uploadMissing(ctx, { files }, [wire.file.sha256]);
        res = await putEntry(ctx, wire);
      }
    }
    if (res.status === 200) {
      const answer = (await res.json().catch(() => null)) as { id?: unknown } | null;
      // An answer about another entry is not an acknowledgement of this one.
      if (answer?.id !== wire.id) throw badAnswer('certified copy answer');
      await settle(ctx.db, prepared, { state: 'acked', ackAt: ctx.now().toISOString() }, true);
      return 'acked';
    }
    throw await errorOf(res);
  } catch (e) {
    if (isSyncError(e) && e.kind === 'refused') {
      const error = { code: e.code, message: e.text, at: ctx.now().toISOString(), seq: prepared.seq };
      await settle(ctx.db, prepared, { state: 'error', error }, false);
      return 'error';
    }
    throw e;
  }
}

export interface RefusedCopy {
  id: string;
  year: number;
  number?: number;
  message: Bilingual;
  at: string;
}

/** Certified copies the province refused and still queued, newest first (for the sync details). */
export async function refusedCertifiedCopies(db: DeskDb): Promise<RefusedCopy[]> {
  const ids = [...new Set((await db.outbox.filter((e) => e.kind === 'certification.upsert').toArray()).map((e) => e.dossierId))];
  const rows = await db.certifications.bulkGet(ids);
  return rows
    .flatMap((r) =>
      r?.sync?.state === 'error' && r.sync.error ? [{ id: r.id, year: r.year, number: r.number, message: r.sync.error.message, at: r.sync.error.at }] : [],
    )
    .sort((a, b) => (a.at < b.at ? 1 : -1));
}
