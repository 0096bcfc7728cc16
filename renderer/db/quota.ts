// Refuse to start a write that the browser's storage quota cannot hold, rather than have
// IndexedDB abort it halfway with a cryptic error.
import { DeskError } from '#domain/errors.ts';

/** Headroom kept free: a dossier record plus its printed forms fit well inside it. */
export const STORAGE_HEADROOM_BYTES = 20 * 1024 * 1024;

export async function ensureStorageRoom(bytesNeeded = 0): Promise<void> {
  const estimate = await globalThis.navigator?.storage?.estimate?.();
  if (!estimate?.quota || estimate.usage === undefined) return;
  if (estimate.quota - estimate.usage < bytesNeeded + STORAGE_HEADROOM_BYTES) {
    throw new DeskError('storage-full', {
      vi: 'Bộ nhớ của máy đã gần đầy: chưa lưu gì để tránh lưu dở dang. Hãy giải phóng dung lượng rồi thử lại.',
      en: "This computer's storage is nearly full: nothing was saved, to avoid a half-written record. Free some space and try again.",
    });
  }
}
