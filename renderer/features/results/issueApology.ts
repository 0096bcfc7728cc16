// A late dossier: the letter of apology with the new appointment (Mẫu 04). The new date becomes
// the dossier's appointment (the old one kept), and the letter is filed with the dossier, so
// the province receives both; one transaction with the audit and outbox entries.
import { DeskError } from '#domain/errors.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import type { Dossier } from '#domain/model.ts';
import type { DeskDb, Officer, StoredFile } from '#renderer/db/schema.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';
import { audit } from '#renderer/db/audit.ts';
import { desk } from '#renderer/app/host.ts';
import { ensureStorageRoom } from '#renderer/db/quota.ts';
import { pdfFile } from '#renderer/db/pdfFile.ts';
import { formRequestFor } from '../reception/issueForm.ts';

export interface ApologyInput {
  reason: string;
  /** The new appointment, desk time ISO 8601 with +07:00. */
  newAppointmentAt: string;
  leaderName?: string;
}

export async function issueApology(
  db: DeskDb,
  dossier: Dossier,
  input: ApologyInput,
  settings: DeskSettings,
  officer: Officer,
  now = new Date(),
): Promise<{ dossier: Dossier; file: StoredFile }> {
  if (dossier.decision !== 'accepted' || !dossier.appointmentAt || dossier.handover || dossier.stop) {
    throw new DeskError('apology.not-applicable', {
      vi: 'Chỉ gửi thư xin lỗi, hẹn lại cho hồ sơ đã tiếp nhận, có hẹn trả, chưa trả kết quả và chưa dừng giải quyết.',
      en: 'An apology letter applies only to an accepted dossier with an appointment whose result is not yet returned and whose processing has not stopped.',
    });
  }
  const receipt = formRequestFor(dossier, settings);
  if (receipt.kind !== 'receipt') throw new Error('an accepted dossier prints a receipt');
  const issuedAt = toDeskIso(now);
  // The contract refuses a new date that is not after the current appointment, with its reason.
  const bytes = await desk['forms.render']({
    kind: 'apology',
    templateVersion: dossier.versions.forms,
    office: receipt.office,
    dossierCode: dossier.code,
    procedureName: dossier.procedureName,
    applicant: receipt.applicant,
    receivedAt: dossier.receivedAt,
    appointmentAt: dossier.appointmentAt,
    newAppointmentAt: input.newAppointmentAt,
    reason: input.reason,
    ...(input.leaderName?.trim() ? { leaderName: input.leaderName.trim() } : {}),
    issuedAt,
  });
  await ensureStorageRoom(bytes.length);
  const file = await pdfFile(db.protection, bytes, {
    dossierId: dossier.id,
    kind: 'apology',
    name: `apology-${dossier.code}-${issuedAt.slice(0, 10)}.pdf`,
    createdAt: issuedAt,
  });
  const updated: Dossier = {
    ...dossier,
    appointmentAt: input.newAppointmentAt,
    extensions: [
      ...(dossier.extensions ?? []),
      {
        previousAppointmentAt: dossier.appointmentAt,
        newAppointmentAt: input.newAppointmentAt,
        reason: input.reason.trim(),
        at: issuedAt,
        officerId: officer.id,
      },
    ],
    updatedAt: issuedAt,
  };
  await db.transaction('rw', [db.dossiers, db.files, db.audit, db.outbox], async () => {
    const current = await db.dossiers.get(dossier.id);
    if (!current || current.updatedAt !== dossier.updatedAt) {
      throw new DeskError('apology.changed', { vi: 'Hồ sơ vừa thay đổi; hãy mở lại rồi làm lại.', en: 'The dossier just changed; open it again and retry.' });
    }
    await db.dossiers.put(updated);
    await db.files.add(file);
    await audit(db, { officerId: officer.id, action: 'print', dossierId: dossier.id, detail: 'apology' });
    await db.outbox.add({ dossierId: dossier.id, kind: 'dossier.upsert', createdAt: issuedAt });
  });
  return { dossier: updated, file };
}
