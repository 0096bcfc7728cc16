// A signed certified copy entered in the book AND queued for the province in one Dexie
// transaction (the outbox pattern, renderer/sync/README.md): the book entry with its number and
// state (certificationBook.ts), the sealed PDF, the audit line and the outbox entry are all
// written or none. So a copy in the book always reaches the province, once, and a copy the book
// does not hold is never sent. The sync engine sends it (renderer/sync/sendCertifiedCopy.ts).
import { toDeskIso } from '#domain/deskTime.ts';
import type { BookNumber } from '#domain/certification/book.ts';
import type { CertificationFee } from '#domain/certification/fee.ts';
import type { CertificationRow, DeskDb } from '#renderer/db/schema.ts';
import { pdfFile } from '#renderer/db/pdfFile.ts';
import { ensureStorageRoom } from '#renderer/db/quota.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';
import { recordCertified } from './certificationBook.ts';

export interface SignedCopy {
  pdf: Uint8Array;
  signer: string;
  certificateSha256: string;
}

/** The 2.000815 dossier a copy was made for (issue 15 §1, started from its detail). */
export interface CopyDossier {
  dossierId: string;
  dossierCode: string;
}

export async function recordCertifiedCopy(
  db: DeskDb,
  settings: DeskSettings,
  peeked: BookNumber,
  input: { document: string; fee: CertificationFee; copy: SignedCopy; dossier?: CopyDossier },
  officerId: string,
  now = new Date(),
): Promise<CertificationRow> {
  await ensureStorageRoom(input.copy.pdf.length);
  // Sealed before the transaction: an IndexedDB transaction closes when its code awaits anything else.
  const file = await pdfFile(db.protection, input.copy.pdf, {
    dossierId: '',
    kind: 'certified-copy',
    name: `ban-sao-dien-tu-${peeked.year}-${peeked.number}.pdf`,
    createdAt: toDeskIso(now),
  });
  const { fee } = input;
  return db.transaction('rw', [db.settings, db.certifications, db.audit, db.files, db.outbox], async () => {
    // Joins this transaction (a subset of its tables), so the number, the file and the outbox entry commit together.
    const row = await recordCertified(
      db,
      settings,
      peeked,
      {
        document: input.document,
        pages: fee.pages,
        fee: fee.amount,
        ...(fee.paidBy ? { feePaidBy: fee.paidBy.basis } : {}),
        sha256: file.sha256,
      },
      officerId,
      now,
    );
    const full: CertificationRow = {
      ...row,
      signer: input.copy.signer,
      certificateSha256: input.copy.certificateSha256,
      tariff: fee.tariff,
      ...(fee.paidBy ? { feePaidByProvince: fee.paidBy.province } : {}),
      fileId: file.id,
      ...(input.dossier ? { dossierId: input.dossier.dossierId, dossierCode: input.dossier.dossierCode } : {}),
      sync: { state: 'pending' },
    };
    await db.certifications.put(full);
    await db.files.add({ ...file, dossierId: row.id });
    await db.outbox.add({ dossierId: row.id, kind: 'certification.upsert', createdAt: row.at });
    return full;
  });
}
