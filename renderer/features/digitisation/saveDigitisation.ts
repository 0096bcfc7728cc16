// Saving a scanned component's digitisation metadata: the dossier with the metadata on its
// component, the log row the scorecard counts, the audit entry and the outbox entry for the
// province, in one transaction.
import { ulid } from 'ulid';
import { DeskError } from '#domain/errors.ts';
import { deskDate, toDeskIso } from '#domain/deskTime.ts';
import type { Dossier } from '#domain/model.ts';
import { buildDigitisation, type DigitisationInput } from '#domain/digitisation/metadata.ts';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';
import { ensureStorageRoom } from '#renderer/db/quota.ts';

const notFound = () => new DeskError('digitisation-missing', { vi: 'Không tìm thấy hồ sơ.', en: 'The dossier was not found.' });

export async function saveDigitisation(
  db: DeskDb,
  dossierId: string,
  specId: string,
  input: DigitisationInput,
  officer: Officer,
  now = new Date(),
): Promise<Dossier> {
  const at = toDeskIso(now);
  await ensureStorageRoom();
  return db.transaction('rw', [db.dossiers, db.files, db.digitisationLog, db.audit, db.outbox], async () => {
    const dossier = await db.dossiers.get(dossierId);
    if (!dossier) throw notFound();
    const component = dossier.components.find((c) => c.specId === specId);
    if (!component) throw notFound();
    // Metadata describes a scan: a component with no PDF yet has nothing to describe.
    if ((await db.files.where('[dossierId+specId]').equals([dossierId, specId]).count()) === 0) {
      throw new DeskError('digitisation-no-scan', {
        vi: 'Thành phần này chưa có bản quét: hãy quét và lưu thành PDF trước.',
        en: 'This component has no scan yet: scan it and save it as a PDF first.',
      });
    }
    const digitisation = buildDigitisation(input, {
      today: deskDate(now),
      at,
      officerId: officer.id,
      procedureCode: dossier.procedureCode,
      specId,
      applicant: dossier.applicant,
    });
    const updated: Dossier = {
      ...dossier,
      components: dossier.components.map((c) => (c.specId === specId ? { ...c, digitisation } : c)),
      updatedAt: at,
    };
    await db.dossiers.put(updated);
    // Entered once per component: a correction updates the metadata, it is not a second digitisation.
    if (!component.digitisation) await db.digitisationLog.add({ id: ulid(now.getTime()), kind: 'digitised', dossierId, at, officerId: officer.id, specId });
    await audit(db, { officerId: officer.id, action: 'scan', dossierId, detail: `digitisation ${specId}` }, now);
    await db.outbox.add({ dossierId, kind: 'dossier.upsert', createdAt: at });
    return updated;
  });
}
