// The desk's sync engine: a small loop that, whenever the province answers its health
// probe, drains the outbox (files, then records), pulls the changes feed and now and then
// reconciles. Every step is its own short Dexie transaction, so reception never waits on
// it; failures back off with full jitter; a dead desk key stops it until enrolment.
import type { Bilingual } from '#domain/errors.ts';
import type { DeskDb, DossierSyncRow, OutboxEntry } from '../db/schema.ts';
import { ProvincialApi } from './api.ts';
import { defaultFetch, enrol as enrolDesk, type Enrolment, type FetchLike } from './auth.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { pullChanges } from './changes.ts';
import { isSyncError, networkError, SyncError } from './errors.ts';
import { reconcile } from './reconcile.ts';
import { fetchResults } from './results.ts';
import { sendCertifiedCopy } from './sendCertifiedCopy.ts';
import { sendDossier, type SendContext } from './sendDossier.ts';
import { readState, writeState, type SyncProblem } from './state.ts';

export interface SyncEngineOptions {
  db: DeskDb;
  /** The endpoint in the desk's settings; defaults to the one the desk enrolled with. */
  serverUrl?: string;
  fetch?: FetchLike;
  now?: () => Date;
  random?: () => number;
  backoff?: BackoffOptions;
  /** Pause between cycles when all went well (new outbox entries are picked up then). */
  idleMs?: number;
  /** Outbox entries read per batch: memory holds one batch and the file records of the dossiers under way. */
  batchSize?: number;
  /** Dossiers sent at the same time (default 3). */
  concurrency?: number;
  reconcileEveryMs?: number;
  chunkBytes?: number;
}

export type SyncPhase = 'idle' | 'syncing' | 'waiting' | 'stopped' | 'enrolment-required';

export interface SyncStatus {
  phase: SyncPhase;
  /** From the last health probe; null before the first. */
  online: boolean | null;
  pendingDossiers: number;
  /** Bytes of pending dossiers' files the province is not yet known to hold. */
  pendingBytes: number;
  erroredDossiers: number;
  lastSuccessAt: string | null;
  lastError: SyncProblem | null;
  nextAttemptAt: string | null;
  /** Body bytes sent in uploads by this engine since it was made. */
  bytesSent: number;
}

export interface SyncEngine {
  start(): void;
  stop(): Promise<void>;
  /** One cycle now, also retrying dossiers the province refused; resolves with the status after it. */
  syncNow(): Promise<SyncStatus>;
  status(): SyncStatus;
  subscribe(listener: (status: SyncStatus) => void): () => void;
  enrol(enrolmentCode: string, deskName: string): Promise<Enrolment>;
}

const STATUS_THROTTLE_MS = 2000;

class Stopped extends Error {}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const db = options.db;
  const fetchFn = options.fetch ?? defaultFetch;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const idleMs = options.idleMs ?? 15_000;
  const batchSize = options.batchSize ?? 50;
  const concurrency = Math.max(1, options.concurrency ?? 3);
  const reconcileEveryMs = options.reconcileEveryMs ?? 30 * 60_000;
  const api = new ProvincialApi(db, fetchFn, () => now().getTime(), options.serverUrl);
  const listeners = new Set<(s: SyncStatus) => void>();

  let current: SyncStatus = {
    phase: 'stopped',
    online: null,
    pendingDossiers: 0,
    pendingBytes: 0,
    erroredDossiers: 0,
    lastSuccessAt: null,
    lastError: null,
    nextAttemptAt: null,
    bytesSent: 0,
  };
  let running = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let cycle: Promise<void> | null = null;
  let controller = new AbortController();
  let failures = 0;
  let lastCount = 0;

  const publish = (patch: Partial<SyncStatus>) => {
    current = { ...current, ...patch };
    for (const listener of listeners) listener(current);
  };

  async function counts(): Promise<Pick<SyncStatus, 'pendingDossiers' | 'pendingBytes' | 'erroredDossiers' | 'lastSuccessAt' | 'lastError'>> {
    const pending = (await db.outbox.orderBy('dossierId').uniqueKeys()) as string[];
    const sizes = new Map<string, number>();
    // A cursor, not an array: a large backlog's file records are never all held at once.
    if (pending.length > 0)
      await db.files
        .where('dossierId')
        .anyOf(pending)
        .each((f) => void sizes.set(f.sha256, f.size));
    const known = await db.syncUploads.bulkGet([...sizes.keys()]);
    let pendingBytes = 0;
    [...sizes.values()].forEach((size, i) => {
      if (!known[i]?.presentAt) pendingBytes += size;
    });
    return {
      pendingDossiers: pending.length,
      pendingBytes,
      erroredDossiers: await db.dossierSync.where('state').equals('error').count(),
      lastSuccessAt: (await readState(db, 'lastSuccessAt')) ?? null,
      lastError: (await readState(db, 'lastError')) ?? null,
    };
  }

  async function refresh(force = false): Promise<void> {
    const t = Date.now();
    if (!force && t - lastCount < STATUS_THROTTLE_MS) return;
    lastCount = t;
    publish(await counts());
  }

  async function recordError(e: unknown): Promise<void> {
    const problem: SyncProblem = isSyncError(e)
      ? { code: e.code, message: e.text, at: now().toISOString() }
      : {
          // Only the error's kind: a message could quote a dossier's personal data.
          code: `unexpected:${e instanceof Error ? e.name : typeof e}`,
          message: { vi: 'Lỗi không mong đợi khi đồng bộ; sẽ thử lại.', en: 'Unexpected error while syncing; will retry.' } satisfies Bilingual,
          at: now().toISOString(),
        };
    await writeState(db, 'lastError', problem);
  }

  /**
   * Starts dossiers in outbox order, `concurrency` at a time: while one waits on the
   * province's answer or its fsync, another's bytes use the link. The first failure that
   * is not about one dossier stops new starts; the ones under way finish first.
   */
  async function drain(ctx: SendContext, retryErrors: boolean): Promise<void> {
    const seen = new Set<string>();
    const active = new Set<Promise<void>>();
    // Boxed: a promise may reject with anything, even undefined, and the first one must still stop the batch.
    let failure = null as { error: unknown } | null;
    let after = 0;
    const launchOne = (entry: OutboxEntry) => {
      const send = entry.kind === 'certification.upsert' ? sendCertifiedCopy : sendDossier;
      const task: Promise<void> = send(ctx, entry.dossierId, retryErrors)
        .then(() => refresh())
        .catch((e: unknown) => {
          failure ??= { error: e };
        })
        .finally(() => active.delete(task));
      active.add(task);
    };
    outer: for (;;) {
      const batch = await db.outbox.where('seq').above(after).limit(batchSize).toArray();
      if (batch.length === 0) break;
      after = batch.at(-1)!.seq!;
      for (const entry of batch) {
        if (seen.has(entry.dossierId)) continue;
        seen.add(entry.dossierId);
        while (active.size >= concurrency && failure === null) await Promise.race(active);
        if (failure !== null || ctx.signal?.aborted) break outer;
        launchOne(entry);
      }
    }
    await Promise.all(active);
    if (failure !== null) throw failure.error;
    if (ctx.signal?.aborted) throw new Stopped();
  }

  async function runCycle(retryErrors: boolean): Promise<void> {
    const signal = controller.signal;
    publish({ phase: 'syncing', nextAttemptAt: null });
    try {
      await api.tokens.identity();
      const online = await api.health(signal);
      publish({ online });
      if (!online) throw networkError();
      const ctx: SendContext = {
        db,
        api,
        now,
        signal,
        present: new Set(),
        uploading: new Map(),
        ...(options.chunkBytes ? { chunkBytes: options.chunkBytes } : {}),
        onBytes: (n) => publish({ bytesSent: current.bytesSent + n }),
      };
      await drain(ctx, retryErrors);
      await pullChanges(db, api, signal);
      await fetchResults(db, api, now, signal);
      const last = Date.parse((await readState(db, 'lastReconcileAt')) ?? '') || 0;
      if (now().getTime() - last >= reconcileEveryMs) {
        const report = await reconcile(db, api, now(), signal);
        await writeState(db, 'lastReconcileAt', now().toISOString());
        if (report.requeued.length > 0) await drain(ctx, false);
      }
      await writeState(db, 'lastSuccessAt', now().toISOString());
      await writeState(db, 'lastError', null);
      failures = 0;
      await refresh(true);
      schedule(idleMs, 'idle');
    } catch (e) {
      if (e instanceof Stopped || signal.aborted) return;
      await recordError(e);
      await refresh(true);
      if (isSyncError(e) && e.kind === 'enrol') {
        publish({ phase: 'enrolment-required', nextAttemptAt: null });
        return;
      }
      if (isSyncError(e) && e.code === 'network') publish({ online: false });
      failures += 1;
      schedule(backoffDelay(failures, random, backoff), 'waiting');
    }
  }

  function schedule(delay: number, phase: SyncPhase): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    publish({ phase, nextAttemptAt: new Date(now().getTime() + delay).toISOString() });
    timer = setTimeout(() => {
      timer = null;
      void launch(false);
    }, delay);
  }

  function launch(retryErrors: boolean): Promise<void> {
    if (!cycle) {
      cycle = runCycle(retryErrors).finally(() => {
        cycle = null;
      });
    }
    return cycle;
  }

  return {
    start() {
      if (running) return;
      running = true;
      controller = new AbortController();
      // The counts for the top bar walk the backlog's files: the first cycle does not wait for them.
      void refresh(true);
      void launch(false);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      controller.abort();
      await cycle?.catch(() => undefined);
      publish({ phase: 'stopped', nextAttemptAt: null });
    },
    async syncNow() {
      if (timer) clearTimeout(timer);
      timer = null;
      if (controller.signal.aborted) controller = new AbortController();
      await cycle;
      failures = 0;
      await launch(true);
      if (!running && current.phase !== 'enrolment-required') publish({ phase: 'stopped' });
      return current;
    },
    status: () => current,
    subscribe(listener) {
      listeners.add(listener);
      listener(current);
      return () => listeners.delete(listener);
    },
    async enrol(enrolmentCode, deskName) {
      const serverUrl = options.serverUrl;
      if (!serverUrl)
        throw new SyncError('server-url-required', { vi: 'Chưa cấu hình địa chỉ máy chủ tỉnh.', en: 'The provincial server address is not set.' }, 'refused');
      const enrolment = await enrolDesk(db, serverUrl, enrolmentCode, deskName, fetchFn);
      await writeState(db, 'lastError', null);
      publish({ phase: running ? 'idle' : 'stopped', lastError: null });
      if (running) {
        failures = 0;
        void launch(false);
      }
      return enrolment;
    },
  };
}

/** One dossier's sync record for the UI (state, versions, lag, the province's status). */
export async function dossierSyncState(db: DeskDb, dossierId: string): Promise<DossierSyncRow | undefined> {
  return db.dossierSync.get(dossierId);
}
