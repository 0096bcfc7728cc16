// Result files the province attached to status changes are fetched after the feed, one at
// a time, and kept only if their bytes hash to the name the province gave them.
import type { DeskDb } from '../db/schema.ts';
import type { ProvincialApi } from './api.ts';
import { errorOf } from './errors.ts';
import { hashBlob } from './fileHash.ts';

/** Fetches up to `limit` pending result files; returns how many arrived. A 404 waits for a later cycle. */
export async function fetchResults(db: DeskDb, api: ProvincialApi, now: () => Date, signal?: AbortSignal, limit = 20): Promise<number> {
  const pending = await db.syncResults.where('pending').equals(1).limit(limit).toArray();
  let fetched = 0;
  for (const row of pending) {
    const res = await api.request(`/files/${row.sha256}`, {}, signal);
    if (res.status === 404) continue;
    if (res.status !== 200) throw await errorOf(res);
    const blob = await res.blob();
    if ((await hashBlob(blob)) !== row.sha256) continue;
    const sealed = await db.protection.sealBlob(blob);
    await db.syncResults.update(row.id, { blob: sealed, pending: 0, fetchedAt: now().toISOString() });
    fetched += 1;
  }
  return fetched;
}
