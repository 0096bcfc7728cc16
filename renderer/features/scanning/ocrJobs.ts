// Searchable scans: once a component's PDF is saved, main recognises its text in the
// background (ocr.* calls, main/ocr/) while the officer goes on receiving. The jobs live here,
// outside any screen, so closing the scan panel does not stop one; the panel shows their
// progress and a cancel. The finished PDF replaces the stored one only if nothing changed it
// meanwhile and nobody signed the dossier since: a signed file is never altered.
import type { DeskApi } from '#preload/contract.ts';
import type { OcrJobStatus } from '#preload/wire/ocr.ts';
import { DeskError, type Bilingual } from '#domain/errors.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import type { DeskDb, Officer, StoredFile } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';
import { ensureStorageRoom } from '#renderer/db/quota.ts';
import { sha256Hex } from '#renderer/db/pdfFile.ts';

export interface OcrTask {
  fileId: string;
  dossierId: string;
  specId: string | undefined;
  jobId: string;
  /** The stored file the job read, and the file that replaced it once its text layer was saved. */
  sourceSha256: string;
  savedSha256?: string;
  state: OcrJobStatus['state'] | 'saved' | 'kept';
  pagesDone: number;
  pages: number;
  /** Why the job ended without a text layer, or why its result was not kept. */
  message: Bilingual | null;
}

const tasks = new Map<string, OcrTask>();
const listeners = new Set<() => void>();
let snapshot: readonly OcrTask[] = [];

function publish(task: OcrTask): void {
  tasks.set(task.fileId, task);
  snapshot = [...tasks.values()];
  listeners.forEach((l) => l());
}

export function subscribeOcr(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function ocrTasks(): readonly OcrTask[] {
  return snapshot;
}

/** Forgets the tasks that ended, once the officer has seen how. */
export function dismissOcr(fileId: string): void {
  if (!tasks.delete(fileId)) return;
  snapshot = [...tasks.values()];
  listeners.forEach((l) => l());
}

const changedMeanwhile: Bilingual = {
  vi: 'Tệp đã thay đổi hoặc hồ sơ đã được ký trong lúc nhận dạng chữ: giữ nguyên tệp, không thêm lớp chữ.',
  en: 'The file changed or the dossier was signed while its text was recognised: the file is kept as it was, without a text layer.',
};

/**
 * Puts the recognised PDF in place of the file it was made from, in one transaction with its
 * audit and outbox entries (the province gets the searchable copy). Nothing is written when
 * the file changed or a signature was made since the file was saved.
 */
export async function keepTextLayer(db: DeskDb, file: StoredFile, pdf: Uint8Array, officer: Officer): Promise<string | null> {
  await ensureStorageRoom(pdf.length);
  const sha256 = await sha256Hex(pdf);
  const blob = await db.protection.sealBlob(new Blob([pdf as BlobPart], { type: 'application/pdf' }));
  return db.transaction('rw', [db.files, db.signatures, db.audit, db.outbox], async () => {
    const current = await db.files.get(file.id);
    if (!current || current.sha256 !== file.sha256) return null;
    const signedSince = await db.signatures
      .where('dossierId')
      .equals(file.dossierId)
      .filter((s) => s.fileId === file.id || s.signedAt >= file.createdAt)
      .count();
    if (signedSince > 0) return null;
    await db.files.update(file.id, { blob, sha256, size: pdf.length });
    await audit(db, { officerId: officer.id, action: 'scan', dossierId: file.dossierId, detail: `${file.specId ?? file.name}: ocr` });
    await db.outbox.add({ dossierId: file.dossierId, kind: 'dossier.upsert', createdAt: toDeskIso(new Date()) });
    return sha256;
  });
}

async function follow(api: DeskApi, db: DeskDb, file: StoredFile, officer: Officer, task: OcrTask): Promise<void> {
  for (;;) {
    const status = await api['ocr.next']({ jobId: task.jobId, waitMs: 2000 });
    const { state, pagesDone, pages, error } = status;
    if (state === 'done' && status.pdf) {
      const saved = await keepTextLayer(db, file, status.pdf, officer);
      publish({
        ...task,
        ...(saved ? { savedSha256: saved } : {}),
        state: saved ? 'saved' : 'kept',
        pagesDone,
        pages,
        message: saved ? null : changedMeanwhile,
      });
      return;
    }
    publish({ ...task, state, pagesDone, pages, message: error?.text ?? null });
    if (state !== 'queued' && state !== 'running') return;
  }
}

const failure = (e: unknown): Bilingual => (e as { text?: Bilingual }).text ?? { vi: 'Nhận dạng chữ không thành công.', en: 'Text recognition failed.' };

/** Sends a saved component PDF for text recognition; progress through subscribeOcr/ocrTasks. */
export async function startOcr(api: DeskApi, db: DeskDb, file: StoredFile, officer: Officer): Promise<void> {
  const pdf = await db.protection.openBytes(file.blob);
  const { jobId } = await api['ocr.start']({ pdf });
  const task: OcrTask = {
    fileId: file.id,
    dossierId: file.dossierId,
    specId: file.specId,
    jobId,
    sourceSha256: file.sha256,
    state: 'queued',
    pagesDone: 0,
    pages: 0,
    message: null,
  };
  publish(task);
  void follow(api, db, file, officer, task).catch((e: unknown) => {
    publish({ ...(tasks.get(file.id) ?? task), state: 'failed', message: failure(e) });
  });
}

/** A run that ended without a text layer and may be tried again: it failed or the officer cancelled it. */
export function mayRunAgain(task: OcrTask): boolean {
  return task.state === 'failed' || task.state === 'cancelled';
}

/**
 * "Run OCR again" on a scan whose recognition failed or was cancelled: the stored file, as it is
 * now, goes through the same main-side queue and worker as after saving, and its text layer is
 * kept as then (keepTextLayer, one transaction). A file replaced meanwhile (a rescan) is not the
 * one this run was about, and is said so; a refusal to start (a full queue) shows on the task.
 */
export async function runOcrAgain(api: DeskApi, db: DeskDb, fileId: string, officer: Officer): Promise<void> {
  const task = tasks.get(fileId);
  if (!task || !mayRunAgain(task)) return;
  try {
    const file = await db.files.get(fileId);
    if (!file || file.sha256 !== task.sourceSha256) {
      throw new DeskError('ocr.file-changed', {
        vi: 'Tệp quét đã được thay hoặc xóa từ lần nhận dạng trước: lưu lại thành phần để nhận dạng tệp mới.',
        en: 'The scan was replaced or removed since the last recognition: save the component again to recognise the new file.',
      });
    }
    publish({ ...task, state: 'queued', pagesDone: 0, message: null });
    await startOcr(api, db, file, officer);
  } catch (e) {
    publish({ ...task, state: 'failed', message: failure(e) });
  }
}

const isRunning = (t: OcrTask) => t.state === 'queued' || t.state === 'running';

/**
 * Resolves once no text recognition of these files is queued or running. Signing waits for it:
 * a text layer landing while a file is signed would replace the bytes being signed, and one
 * landing after would be refused, leaving the signed scan unsearchable.
 */
export function ocrSettled(fileIds: readonly string[]): Promise<void> {
  const pending = () =>
    fileIds.some((id) => {
      const task = tasks.get(id);
      return task !== undefined && isRunning(task);
    });
  if (!pending()) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (pending()) return;
      listeners.delete(check);
      resolve();
    };
    listeners.add(check);
  });
}

/** The file that took the place of this one when its text layer was saved, if that happened. */
export function withTextLayer(file: StoredFile): string | undefined {
  const task = tasks.get(file.id);
  return task?.state === 'saved' && task.sourceSha256 === file.sha256 ? task.savedSha256 : undefined;
}

export async function cancelOcr(api: DeskApi, fileId: string): Promise<void> {
  const task = tasks.get(fileId);
  if (task) await api['ocr.cancel']({ jobId: task.jobId });
}
