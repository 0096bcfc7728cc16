// What happens to a received dossier between the receipt and the result, as the desk records it:
// the processing stopped, with the notice to the applicant (Mẫu 05 of TT 03/2025, status 8), and
// the paper file handed from unit to unit, listed on the control sheet that travels with it
// (Mẫu 06, the first hand-off making it "Đang xử lý", 4). Each action is one Dexie transaction
// with its audit and outbox entries, so the province learns it (docs/domain/legal-basis-and-forms.md).
import { DeskError } from '#domain/errors.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import { procedureLine } from '#domain/catalog/cases.ts';
import type { Dossier, HandOffRecord, StatusCode, StopRecord } from '#domain/model.ts';
import type { ControlRequest } from '#preload/contract.ts';
import type { DeskDb, Officer, StoredFile } from '#renderer/db/schema.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';
import { audit } from '#renderer/db/audit.ts';
import { desk } from '#renderer/app/host.ts';
import { ensureStorageRoom } from '#renderer/db/quota.ts';
import { pdfFile } from '#renderer/db/pdfFile.ts';
import { formRequestFor } from '../reception/issueForm.ts';

/** TrangThaiHoSo (domain/status-codes.json). */
export const RECEIVED: StatusCode = 2;
export const IN_PROCESSING: StatusCode = 4;
export const STOPPED: StatusCode = 8;
const MINUTE = 60_000;
/** Rows of a control sheet when the desk has recorded none: the renderer's default four blanks. */
const SHEET_ROWS = 4;
/** Withdrawn, stopped, processed, returned: nothing more to stop. */
const CLOSED = new Set<StatusCode>([7, STOPPED, 9, 10]);

/** A received dossier whose processing can still stop: accepted, not closed, result not handed over. */
export function canStop(dossier: Dossier): boolean {
  return dossier.decision === 'accepted' && !dossier.handover && !CLOSED.has(dossier.status);
}

/** The paper file exists and moves until the result is handed over. */
export function canHandOff(dossier: Dossier): boolean {
  return dossier.decision === 'accepted' && !dossier.handover;
}

export interface StopInput {
  reason: string;
  guidance?: string;
  leaderName?: string;
}

const changed = () =>
  new DeskError('processing.changed', { vi: 'Hồ sơ vừa thay đổi; hãy mở lại rồi làm lại.', en: 'The dossier just changed; open it again and retry.' });

/** Stops the processing: Mẫu 05 is rendered and filed, the dossier becomes 8 with the reason, in one transaction. */
export async function stopDossier(
  db: DeskDb,
  dossier: Dossier,
  input: StopInput,
  settings: DeskSettings,
  officer: Officer,
  now = new Date(),
): Promise<{ dossier: Dossier; file: StoredFile }> {
  if (!canStop(dossier)) {
    throw new DeskError('stop.not-applicable', {
      vi: 'Chỉ dừng giải quyết hồ sơ đã tiếp nhận, đang giải quyết và chưa trả kết quả.',
      en: 'Only a received dossier still being processed, whose result is not returned, can be stopped.',
    });
  }
  const reason = input.reason.trim().normalize('NFC');
  if (!reason) {
    throw new DeskError('stop.no-reason', {
      vi: 'Nhập lý do dừng giải quyết hồ sơ: thông báo (Mẫu 05) phải nêu rõ lý do.',
      en: 'Enter why the processing stops: the notice (form 05) must state the reason.',
    });
  }
  const guidance = input.guidance?.trim().normalize('NFC');
  const leaderName = input.leaderName?.trim().normalize('NFC');
  const receipt = formRequestFor(dossier, settings);
  if (receipt.kind !== 'receipt') throw new Error('an accepted dossier prints a receipt');
  const at = toDeskIso(now);
  const bytes = await desk['forms.render']({
    kind: 'stop',
    templateVersion: dossier.versions.forms,
    office: receipt.office,
    dossierCode: dossier.code,
    procedureName: receipt.procedureName,
    applicant: receipt.applicant,
    receivedAt: dossier.receivedAt,
    reason,
    ...(guidance ? { guidance } : {}),
    ...(leaderName ? { leaderName } : {}),
    issuedAt: at,
  });
  await ensureStorageRoom(bytes.length);
  const file = await pdfFile(db.protection, bytes, { dossierId: dossier.id, kind: 'stop', name: `stop-${dossier.code}-${at.slice(0, 10)}.pdf`, createdAt: at });
  const stop: StopRecord = {
    reason,
    ...(guidance ? { guidance } : {}),
    ...(leaderName ? { leaderName } : {}),
    at,
    officerId: officer.id,
    officerName: officer.fullName,
  };
  const updated: Dossier = { ...dossier, status: STOPPED, stop, updatedAt: at };
  await db.transaction('rw', [db.dossiers, db.files, db.audit, db.outbox], async () => {
    const current = await db.dossiers.get(dossier.id);
    if (!current || current.updatedAt !== dossier.updatedAt) throw changed();
    await db.dossiers.put(updated);
    await db.files.add(file);
    await audit(db, { officerId: officer.id, action: 'stop', dossierId: dossier.id, detail: 'mau-05' });
    await db.outbox.add({ dossierId: dossier.id, kind: 'dossier.upsert', createdAt: at });
  });
  return { dossier: updated, file };
}

export interface HandOffInput {
  from: string;
  to: string;
  receiverName?: string;
  /** Desk time of the hand-off, ISO 8601 with +07:00. */
  at: string;
  note?: string;
}

/** The unit a new hand-off starts from: where the last one left the file, else the desk's own unit. */
export function nextGiver(dossier: Dossier, settings: DeskSettings): string {
  return dossier.handOffs?.at(-1)?.to ?? (settings.unitName.trim() || settings.officeName);
}

/** Records one hand-off of the paper file; the first one out of a received dossier makes it "Đang xử lý" (4). */
export async function recordHandOff(db: DeskDb, dossierId: string, input: HandOffInput, officer: Officer, now = new Date()): Promise<Dossier> {
  const from = input.from.trim().normalize('NFC');
  const to = input.to.trim().normalize('NFC');
  if (!from || !to) {
    throw new DeskError('hand-off.no-unit', {
      vi: 'Nhập đơn vị giao và đơn vị (người) nhận hồ sơ.',
      en: 'Enter the unit giving the file and the unit (person) receiving it.',
    });
  }
  const when = Date.parse(input.at);
  if (Number.isNaN(when) || when > now.getTime()) {
    throw new DeskError('hand-off.time', {
      vi: 'Thời điểm giao nhận phải là một thời điểm đã qua, theo dạng ngày/tháng/năm giờ:phút.',
      en: 'The hand-off time must be a time already past, as day/month/year hour:minute.',
    });
  }
  const receiverName = input.receiverName?.trim().normalize('NFC');
  const note = input.note?.trim().normalize('NFC');
  const at = toDeskIso(now);
  return db.transaction('rw', [db.dossiers, db.audit, db.outbox], async () => {
    const dossier = await db.dossiers.get(dossierId);
    if (!dossier) throw new DeskError('hand-off.missing', { vi: 'Không tìm thấy hồ sơ.', en: 'The dossier was not found.' });
    if (!canHandOff(dossier)) {
      throw new DeskError('hand-off.not-applicable', {
        vi: 'Chỉ ghi giao nhận cho hồ sơ đã tiếp nhận và chưa trả kết quả.',
        en: 'Hand-offs are recorded only for a received dossier whose result is not yet returned.',
      });
    }
    // The sheet's rows follow the file: a hand-off before the receipt or the previous one is a
    // typing slip. Times are typed to the minute, so the minute of the previous one is allowed.
    const previous = dossier.handOffs?.at(-1)?.at ?? dossier.receivedAt;
    if (when < Math.floor(Date.parse(previous) / MINUTE) * MINUTE) {
      throw new DeskError('hand-off.before-previous', {
        vi: 'Thời điểm giao nhận không được trước lần giao nhận trước (hoặc trước lúc tiếp nhận hồ sơ).',
        en: 'A hand-off cannot be earlier than the previous one (or than the receipt).',
      });
    }
    const handOff: HandOffRecord = {
      from,
      to,
      ...(receiverName ? { receiverName } : {}),
      at: toDeskIso(new Date(when)),
      ...(note ? { note } : {}),
      officerId: officer.id,
      officerName: officer.fullName,
    };
    const updated: Dossier = {
      ...dossier,
      status: dossier.status === RECEIVED ? IN_PROCESSING : dossier.status,
      handOffs: [...(dossier.handOffs ?? []), handOff],
      updatedAt: at,
    };
    await db.dossiers.put(updated);
    await audit(db, { officerId: officer.id, action: 'hand-off', dossierId, detail: `row-${updated.handOffs!.length}` });
    await db.outbox.add({ dossierId, kind: 'dossier.upsert', createdAt: at });
    return updated;
  });
}

/** Mẫu 06 for the dossier: its particulars, the competent agency when filed beyond the boundary, each hand-off recorded. */
export function controlSheetRequest(dossier: Dossier, settings: DeskSettings, now = new Date()): ControlRequest {
  return {
    kind: 'control',
    templateVersion: dossier.versions.forms,
    office: { officeName: settings.officeName, unitName: settings.unitName, placeName: settings.placeName },
    dossierCode: dossier.code,
    procedureName: procedureLine(dossier),
    applicantName: dossier.applicant.fullName,
    appointmentAt: dossier.appointmentAt ?? dossier.receivedAt,
    ...(dossier.beyondBoundary ? { competentAgency: dossier.beyondBoundary.competent.name } : {}),
    handOffs: (dossier.handOffs ?? []).map((h) => ({
      from: h.from,
      to: h.to,
      at: h.at,
      ...(h.receiverName ? { receiverName: h.receiverName } : {}),
      ...(h.note ? { note: h.note } : {}),
    })),
    // Rows for the hand-offs still to be written by hand, fewer as the desk records them, so a
    // sheet with a few rows recorded still fits its one A5 page.
    blankRows: Math.max(1, SHEET_ROWS - (dossier.handOffs?.length ?? 0)),
    issuedAt: toDeskIso(now),
  };
}

/** Renders the control sheet as it stands and files it with an audit entry, in one transaction. */
export async function issueControlSheet(db: DeskDb, dossier: Dossier, settings: DeskSettings, officer: Officer, now = new Date()): Promise<StoredFile> {
  if (dossier.decision !== 'accepted') {
    throw new DeskError('control.not-applicable', {
      vi: 'Phiếu kiểm soát (Mẫu 06) chỉ in cho hồ sơ đã tiếp nhận.',
      en: 'The control sheet (form 06) is printed only for a received dossier.',
    });
  }
  const request = controlSheetRequest(dossier, settings, now);
  const bytes = await desk['forms.render'](request);
  await ensureStorageRoom(bytes.length);
  const file = await pdfFile(db.protection, bytes, {
    dossierId: dossier.id,
    kind: 'control',
    name: `control-${dossier.code}-${request.handOffs.length}.pdf`,
    createdAt: request.issuedAt,
  });
  await db.transaction('rw', db.files, db.audit, async () => {
    await db.files.add(file);
    await audit(db, { officerId: officer.id, action: 'print', dossierId: dossier.id, detail: 'control' });
  });
  return file;
}
