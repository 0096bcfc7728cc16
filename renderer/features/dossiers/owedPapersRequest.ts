// Mẫu 02 for the papers a failed look-up left owed, through the usual form flow: main renders
// the supplement form from the stored dossier, and the file joins the dossier.
import { DeskError } from '#domain/errors.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import type { Dossier } from '#domain/model.ts';
import type { DeskDb, Officer, StoredFile } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';
import { desk } from '#renderer/app/host.ts';
import { ensureStorageRoom } from '#renderer/db/quota.ts';
import { pdfFile } from '#renderer/db/pdfFile.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';
import { formRequestFor } from '../reception/issueForm.ts';
import { owedAfterLookup } from './lookupLater.ts';

/**
 * Mẫu 02 for the papers owed after a failed look-up, rendered by main like every form and
 * filed with the dossier (so the province receives it), audited, in one transaction.
 */
export async function issueOwedPapersRequest(
  db: DeskDb,
  dossier: Dossier,
  reason: string,
  settings: DeskSettings,
  officer: Officer,
  now = new Date(),
): Promise<StoredFile> {
  const owed = owedAfterLookup(dossier);
  if (owed.length === 0) {
    throw new DeskError('lookup.nothing-owed', {
      vi: 'Hồ sơ không còn giấy tờ nào phải nộp do tra cứu không thấy dữ liệu.',
      en: 'The dossier owes no paper because of a failed look-up.',
    });
  }
  if (!reason.trim()) {
    throw new DeskError('supplement.no-reason', { vi: 'Cần nêu lý do yêu cầu bổ sung.', en: 'Give the reason for the supplement request.' });
  }
  const issuedAt = toDeskIso(now);
  // The supplement form as the counter issues it, listing only the owed papers and dated today.
  const request = formRequestFor({ ...dossier, decision: 'supplement', supplementItems: owed.map((c) => c.specId), reason: reason.trim() }, settings);
  if (request.kind !== 'supplement') throw new Error('a supplement dossier prints Mẫu 02');
  const bytes = await desk['forms.render']({ ...request, issuedAt });
  await ensureStorageRoom(bytes.length);
  const file = await pdfFile(db.protection, bytes, {
    dossierId: dossier.id,
    kind: 'supplement',
    name: `supplement-${dossier.code || dossier.id}-${issuedAt.slice(0, 10)}.pdf`,
    createdAt: issuedAt,
  });
  await db.transaction('rw', [db.files, db.audit, db.outbox], async () => {
    await db.files.add(file);
    await audit(db, { officerId: officer.id, action: 'print', dossierId: dossier.id, detail: 'supplement' });
    await db.outbox.add({ dossierId: dossier.id, kind: 'dossier.upsert', createdAt: issuedAt });
  });
  return file;
}
