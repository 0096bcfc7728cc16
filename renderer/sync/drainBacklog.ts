// For the benchmark: drain whatever backlog the outbox holds, as fast as the link allows,
// and report what it cost. Uses the same engine and code path as the desk.
import type { DeskDb } from '../db/schema.ts';
import type { FetchLike } from './auth.ts';
import { createSyncEngine } from './engine.ts';

export interface DrainReport {
  /** Distinct dossiers that were waiting in the outbox. */
  dossiers: number;
  /** PATCH body bytes handed to fetch (file content; JSON records are not counted). */
  bytesSent: number;
  elapsedMs: number;
  /** Outbox entries left (refused dossiers stay); 0 when all went through. */
  left: number;
}

/** The desk must be enrolled already (see enrol in auth.ts). Resolves when the outbox is drained or a cycle fails. */
export async function drainBacklog(options: {
  db: DeskDb;
  serverUrl?: string;
  fetch?: FetchLike;
  chunkBytes?: number;
  concurrency?: number;
}): Promise<DrainReport> {
  const { db } = options;
  const dossiers = ((await db.outbox.orderBy('dossierId').uniqueKeys()) as string[]).length;
  const engine = createSyncEngine({ ...options, reconcileEveryMs: Number.MAX_SAFE_INTEGER, batchSize: 100 });
  const started = performance.now();
  const status = await engine.syncNow();
  const elapsedMs = performance.now() - started;
  return { dossiers, bytesSent: status.bytesSent, elapsedMs, left: await db.outbox.count() };
}
