// An electronic result (issue 15 §2): the signed result PDF attached to its dossier once main's
// verifier (main/signing, through sign.verify) has found a signature that is not broken, and the
// record of how it was handed over. Each is one transaction with its audit entry and the
// outbox entry that carries it to the province; attaching also writes the scorecard's log row.
// A hand-over by file or QR code returns the result: the dossier becomes TrangThaiHoSo 10 in the
// same transaction (domain/digitisation/resultDelivery.ts says why printing does not).
import { ulid } from 'ulid';
import { DeskError } from '#domain/errors.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import type { Dossier, ElectronicResult, ResultDelivery } from '#domain/model.ts';
import { RETURNABLE_FROM, returnsResult } from '#domain/digitisation/resultDelivery.ts';
import type { VerifyReport } from '#preload/wire/signing.ts';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';
import { ensureStorageRoom } from '#renderer/db/quota.ts';
import { pdfFile } from '#renderer/db/pdfFile.ts';
import { RETURNED } from '../results/recordHandover.ts';

const missing = () => new DeskError('result-dossier-missing', { vi: 'Không tìm thấy hồ sơ.', en: 'The dossier was not found.' });

/** The signature a result is accepted on: one document signature, none broken. */
export function resultSignature(report: VerifyReport): { signer: string; verdict: 'valid' | 'indeterminate' } {
  const signatures = report.signatures.filter((s) => s.kind === 'signature');
  const broken = signatures.find((s) => s.verdict === 'invalid');
  if (broken) {
    const why = broken.reasons[0];
    throw new DeskError('result-signature-invalid', {
      vi: `Chữ ký số trên tệp kết quả không hợp lệ${why ? `: ${why.vi}` : ''}. Không nhận tệp này.`,
      en: `The digital signature on the result file is not valid${why ? `: ${why.en}` : ''}. The file is not taken.`,
    });
  }
  const first = signatures[0];
  if (!first) {
    throw new DeskError('result-unsigned', {
      vi: 'Tệp kết quả không có chữ ký số: chỉ nhận kết quả đã được ký số.',
      en: 'The result file carries no digital signature: only a signed result is taken.',
    });
  }
  return { signer: first.signer ?? first.organisation ?? '—', verdict: first.verdict === 'valid' ? 'valid' : 'indeterminate' };
}

/** Attaches the verified result file: file, dossier, log row, audit and outbox together. */
export async function attachResult(
  db: DeskDb,
  dossierId: string,
  pdf: Uint8Array,
  name: string,
  report: VerifyReport,
  officer: Officer,
  now = new Date(),
): Promise<Dossier> {
  const signature = resultSignature(report);
  const at = toDeskIso(now);
  await ensureStorageRoom(pdf.length);
  const safeName = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 200) || 'ket-qua.pdf';
  const file = await pdfFile(db.protection, pdf, { dossierId, kind: 'result', name: safeName, createdAt: at });
  return db.transaction('rw', [db.dossiers, db.files, db.digitisationLog, db.audit, db.outbox], async () => {
    const dossier = await db.dossiers.get(dossierId);
    if (!dossier) throw missing();
    if (dossier.electronicResult?.delivery) {
      throw new DeskError('result-delivered', {
        vi: 'Kết quả điện tử của hồ sơ này đã được trả: không thay tệp khác.',
        en: 'This dossier’s electronic result was already handed over: it cannot be replaced.',
      });
    }
    // A replaced file (a corrected result before hand-over) goes; the scorecard counts the dossier once.
    if (dossier.electronicResult) await db.files.delete(dossier.electronicResult.fileId);
    await db.files.add(file);
    const electronicResult: ElectronicResult = { fileId: file.id, sha256: file.sha256, name: file.name, ...signature, attachedAt: at, officerId: officer.id };
    const updated: Dossier = { ...dossier, electronicResult, updatedAt: at };
    await db.dossiers.put(updated);
    if (!dossier.electronicResult) await db.digitisationLog.add({ id: ulid(now.getTime()), kind: 'electronic-result', dossierId, at, officerId: officer.id });
    await audit(db, { officerId: officer.id, action: 'scan', dossierId, detail: 'electronic result' }, now);
    await db.outbox.add({ dossierId, kind: 'dossier.upsert', createdAt: at });
    return updated;
  });
}

/**
 * Why `dossier`'s electronic result cannot be handed over by `channel` now, or null. A hand-over
 * that returns the result needs a dossier still open (received, being processed or processed);
 * printing is not the return and is always allowed. The panel asks before saving the file, so a
 * refusal is said before the citizen has it.
 */
export function deliveryProblem(dossier: Dossier, channel: ResultDelivery): DeskError | null {
  if (!dossier.electronicResult) {
    return new DeskError('result-none', { vi: 'Hồ sơ chưa có kết quả điện tử để trả.', en: 'The dossier has no electronic result to hand over.' });
  }
  if (!returnsResult(channel)) return null;
  if (dossier.status === RETURNED) {
    return new DeskError('result-returned', { vi: 'Kết quả của hồ sơ này đã được trả.', en: 'This dossier’s result was already handed over.' });
  }
  if (!RETURNABLE_FROM.includes(dossier.status)) {
    return new DeskError('result-not-returnable', {
      vi: 'Hồ sơ không ở trạng thái được trả kết quả (đã bị từ chối, đang chờ bổ sung hoặc nghĩa vụ tài chính, đã rút hoặc đã dừng xử lý).',
      en: 'The dossier is not in a state its result can be returned from (refused, awaiting supplements or financial obligations, withdrawn or stopped).',
    });
  }
  return null;
}

/** Records how the electronic result was handed over; by file or QR code the dossier is returned (status 10) with it. */
export async function recordResultDelivery(db: DeskDb, dossierId: string, channel: ResultDelivery, officer: Officer, now = new Date()): Promise<Dossier> {
  const at = toDeskIso(now);
  return db.transaction('rw', [db.dossiers, db.audit, db.outbox], async () => {
    const dossier = await db.dossiers.get(dossierId);
    if (!dossier) throw missing();
    const problem = deliveryProblem(dossier, channel);
    if (problem) throw problem;
    const returns = returnsResult(channel);
    const updated: Dossier = {
      ...dossier,
      ...(returns ? { status: RETURNED } : {}),
      electronicResult: { ...dossier.electronicResult!, delivery: { channel, at, officerId: officer.id, officerName: officer.fullName } },
      updatedAt: at,
    };
    await db.dossiers.put(updated);
    await audit(
      db,
      { officerId: officer.id, action: 'handover', dossierId, detail: returns ? `electronic ${channel}, status 10` : `electronic ${channel}` },
      now,
    );
    await db.outbox.add({ dossierId, kind: 'dossier.upsert', createdAt: at });
    return updated;
  });
}
