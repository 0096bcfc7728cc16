// Signing a dossier's stored PDFs with one PIN entry: main signs the whole batch, then the
// desk replaces every file and records every signature in one transaction — all or nothing.
import { ulid } from 'ulid';
import { DeskError } from '#domain/errors.ts';
import type { Dossier } from '#domain/model.ts';
import type { DeskDb, Officer, SignatureRecord, StoredFile } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';
import { sha256Hex, storedFile } from '#renderer/db/pdfFile.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import { ensureStorageRoom } from '#renderer/db/quota.ts';
import { desk } from '#renderer/app/host.ts';
import type { CallInput } from '#preload/contract.ts';
import type { StampOutcome } from '#preload/wire/signing.ts';
import { ocrSettled, withTextLayer } from '#renderer/features/scanning/ocrJobs.ts';

/** What the officer chose; the files come from the desk's store. */
export type SignRequest = Omit<CallInput<'sign.files'>, 'files'>;

const changedMeanwhile = () =>
  new DeskError('sign.file-changed', {
    vi: 'Tệp đã thay đổi trong lúc ký (quét lại hoặc ký ở nơi khác). Không lưu gì; hãy ký lại.',
    en: 'A file changed while it was being signed (rescanned or signed elsewhere). Nothing was saved; sign again.',
  });

/** The signatures recorded, and where each file's stamp went (absent without a stamp). */
export interface SignedBatch {
  records: SignatureRecord[];
  stamps: (StampOutcome | undefined)[];
}

export async function signDossierFiles(db: DeskDb, dossier: Dossier, files: StoredFile[], request: SignRequest, officer: Officer): Promise<SignedBatch> {
  if (files.length === 0) {
    throw new DeskError('sign.no-files', { vi: 'Chưa chọn tệp nào để ký.', en: 'No file is selected for signing.' });
  }
  // A scan saved a moment ago may still be getting its text layer: sign the searchable file,
  // which is the file the officer saw with its text added, and nothing else that changed.
  await ocrSettled(files.map((f) => f.id));
  files = await Promise.all(
    files.map(async (f) => {
      const searchable = withTextLayer(f);
      const current = searchable ? await db.files.get(f.id) : undefined;
      return searchable !== undefined && current?.sha256 === searchable ? current : f;
    }),
  );
  const originals = await Promise.all(files.map((f) => db.protection.openBytes(f.blob)));
  const batch = new Set(files.map((f) => f.id));
  const others = (await db.files.where('dossierId').equals(dossier.id).toArray()).filter((f) => !batch.has(f.id) && f.kind !== 'manifest');
  const entry = (f: StoredFile) => ({ name: f.name, kind: f.kind, ...(f.specId ? { specId: f.specId } : {}) });
  const result = await desk['sign.files']({
    ...request,
    files: originals,
    manifest: { dossier: { ...dossier }, entries: files.map(entry), others: others.map((f) => ({ ...entry(f), sha256: f.sha256, size: f.size })) },
  });
  const manifest = result.manifest
    ? await storedFile(
        db.protection,
        result.manifest,
        { dossierId: dossier.id, kind: 'manifest', name: `${dossier.code || dossier.id}-manifest.p7m`, createdAt: toDeskIso(new Date()) },
        'application/pkcs7-mime',
      )
    : null;
  await ensureStorageRoom(result.files.reduce((n, f) => n + f.pdf.length, 0) + (result.manifest?.length ?? 0));
  const signed = await Promise.all(
    result.files.map(async (f) => ({
      ...f,
      sha256: await sha256Hex(f.pdf),
      blob: await db.protection.sealBlob(new Blob([f.pdf as BlobPart], { type: 'application/pdf' })),
    })),
  );
  const records: SignatureRecord[] = files.map((file, i) => ({
    id: ulid(),
    dossierId: dossier.id,
    fileId: file.id,
    officerId: officer.id,
    signer: result.signer,
    signedAt: signed[i]!.signingTime,
    level: signed[i]!.level,
    timestampPending: signed[i]!.timestampPending ? 1 : 0,
  }));
  await db.transaction('rw', [db.files, db.signatures, db.audit, db.outbox], async () => {
    for (const [i, file] of files.entries()) {
      const current = await db.files.get(file.id);
      if (!current || current.sha256 !== file.sha256) throw changedMeanwhile();
      const s = signed[i]!;
      await db.files.update(file.id, { blob: s.blob, sha256: s.sha256, size: s.pdf.length });
    }
    await db.signatures.bulkAdd(records);
    if (manifest) {
      await db.files.bulkDelete(
        await db.files
          .where('dossierId')
          .equals(dossier.id)
          .and((f) => f.kind === 'manifest')
          .primaryKeys(),
      );
      await db.files.add(manifest);
    }
    await audit(db, { officerId: officer.id, action: 'sign', dossierId: dossier.id, detail: `${files.length} files, ${records[0]!.level}` });
    await db.outbox.add({ dossierId: dossier.id, kind: 'dossier.upsert', createdAt: records[0]!.signedAt });
  });
  return { records, stamps: result.files.map((f) => f.stamp) };
}

/**
 * Signatures made while the timestamp authority was unreachable get their document
 * timestamp once it answers (B-B → B-T). One file per transaction: each upgrade stands alone.
 */
export async function upgradePendingTimestamps(db: DeskDb): Promise<number> {
  let upgraded = 0;
  // One upgrade per file: a file signed twice has two pending records and needs one timestamp.
  const fileIds = new Set((await db.signatures.where('timestampPending').equals(1).toArray()).map((r) => r.fileId));
  for (const fileId of fileIds) {
    const file = await db.files.get(fileId);
    if (!file) continue;
    const pdf = await desk['sign.timestamp']({ pdf: await db.protection.openBytes(file.blob) });
    const sha256 = await sha256Hex(pdf);
    const blob = await db.protection.sealBlob(new Blob([pdf as BlobPart], { type: 'application/pdf' }));
    const done = await db.transaction('rw', [db.files, db.signatures, db.outbox], async () => {
      const current = await db.files.get(file.id);
      if (!current || current.sha256 !== file.sha256) return false;
      await db.files.update(file.id, { blob, sha256, size: pdf.length });
      await db.signatures.where('fileId').equals(file.id).modify({ timestampPending: 0, level: 'B-T' });
      await db.outbox.add({ dossierId: file.dossierId, kind: 'dossier.upsert', createdAt: new Date().toISOString() });
      return true;
    });
    if (done) upgraded++;
  }
  return upgraded;
}
