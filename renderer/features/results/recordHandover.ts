// Returning the result to the citizen: the dossier becomes "Đã trả kết quả" (10) with who took
// it and when, in one transaction with its audit and outbox entries, so the province learns it.
import { DeskError } from '#domain/errors.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import { checkIdNumber } from '#domain/citizen/idNumber.ts';
import type { Dossier, Handover } from '#domain/model.ts';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';

export const RESULT_READY = 9;
export const RETURNED = 10;

export interface HandoverInput {
  recipientName: string;
  relation: Handover['relation'];
  recipientIdNumber: string;
  note?: string;
}

export async function recordHandover(db: DeskDb, dossierId: string, input: HandoverInput, officer: Officer, now = new Date()): Promise<Dossier> {
  const name = input.recipientName.trim().normalize('NFC');
  const idNumber = input.recipientIdNumber.trim();
  if (!name) throw new DeskError('handover.no-name', { vi: 'Nhập họ tên người nhận kết quả.', en: 'Enter the name of the person taking the result.' });
  if (input.relation === 'authorised' && checkIdNumber(idNumber).length > 0) {
    throw new DeskError('handover.id', {
      vi: 'Người được uỷ quyền phải xuất trình giấy tờ tùy thân: nhập số định danh 12 chữ số hợp lệ.',
      en: 'An authorised person must show an ID: enter a valid 12-digit ID number.',
    });
  }
  const at = toDeskIso(now);
  return db.transaction('rw', [db.dossiers, db.audit, db.outbox], async () => {
    const dossier = await db.dossiers.get(dossierId);
    if (!dossier) throw new DeskError('handover.missing', { vi: 'Không tìm thấy hồ sơ.', en: 'The dossier was not found.' });
    if (dossier.status !== RESULT_READY) {
      throw new DeskError('handover.not-ready', {
        vi: 'Hồ sơ chưa có kết quả để trả (tỉnh chưa báo "Đã xử lý xong") hoặc đã trả rồi.',
        en: 'The dossier has no result to hand over yet (the province has not marked it done), or it was already returned.',
      });
    }
    const handover: Handover = {
      recipientName: name,
      relation: input.relation,
      recipientIdNumber: idNumber,
      at,
      officerId: officer.id,
      officerName: officer.fullName,
      ...(input.note?.trim() ? { note: input.note.trim() } : {}),
    };
    const updated: Dossier = { ...dossier, status: RETURNED, handover, updatedAt: at };
    await db.dossiers.put(updated);
    await audit(db, { officerId: officer.id, action: 'handover', dossierId, detail: input.relation });
    await db.outbox.add({ dossierId, kind: 'dossier.upsert', createdAt: at });
    return updated;
  });
}
