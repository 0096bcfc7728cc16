// Text-recognition jobs on the main side, one at a time in a queue: the engine runs in a
// worker thread (tesseract.js), so main's event loop — and every other call, a scan, a
// reception — goes on meanwhile. A job is polled like a scan (ocr.next, a long poll) and
// cancelled by id; cancelling the running job ends the engine's thread mid-page.
import { randomUUID } from 'node:crypto';
import { DeskError, isDeskError } from '#domain/errors.ts';
import type { OcrJobStatus } from '#preload/wire/ocr.ts';
import { OcrEngine } from './engine.ts';
import { addTextLayer, ocrCancelled } from './ocrPdf.ts';

/** A job nobody has asked about for this long is dropped. */
const JOB_IDLE_MS = 10 * 60_000;
/** Jobs waiting at once: each holds its PDF in memory until its turn. */
export const OCR_MAX_QUEUED = 50;

interface Job {
  pdf: Uint8Array | null;
  status: OcrJobStatus;
  abort: AbortController;
  /** Bumped at each change, so a long poll answers as soon as something moved. */
  version: number;
  seen: number;
  wake: (() => void) | null;
  touched: number;
}

function failure(e: unknown): NonNullable<OcrJobStatus['error']> {
  if (isDeskError(e)) return { code: e.code, text: e.text };
  return {
    code: 'ocr.failed',
    text: {
      vi: 'Nhận dạng chữ không thành công; tệp quét giữ nguyên, chưa có lớp chữ.',
      en: 'Text recognition failed; the scan is unchanged, without a text layer.',
    },
  };
}

export class OcrService {
  private readonly jobs = new Map<string, Job>();

  private readonly queue: string[] = [];

  private running: string | null = null;

  constructor(private readonly engine: OcrEngine = new OcrEngine()) {}

  /** Queues a component's PDF; its pages are recognised when the jobs before it are done. */
  start(pdf: Uint8Array): string {
    this.dropIdleJobs();
    if (this.queue.length >= OCR_MAX_QUEUED) {
      throw new DeskError('ocr.queue-full', {
        vi: `Đã có ${OCR_MAX_QUEUED} tệp chờ nhận dạng chữ; hãy đợi các tệp đó xong.`,
        en: `${OCR_MAX_QUEUED} files are already waiting for text recognition; wait for them to finish.`,
      });
    }
    const id = randomUUID();
    this.jobs.set(id, {
      pdf,
      status: { state: 'queued', pagesDone: 0, pages: 0, skipped: 0, error: null },
      abort: new AbortController(),
      version: 0,
      seen: -1,
      wake: null,
      touched: Date.now(),
    });
    this.queue.push(id);
    void this.pump();
    return id;
  }

  private update(job: Job, change: Partial<OcrJobStatus>): void {
    job.status = { ...job.status, ...change };
    job.version++;
    job.wake?.();
  }

  private async pump(): Promise<void> {
    if (this.running !== null) return;
    const id = this.queue.shift();
    // Nothing waits: the engine's thread (and its ~100 MB) goes until the next job, which
    // starts a new one in about half a second.
    if (id === undefined) return this.engine.terminate();
    const job = this.jobs.get(id);
    if (!job?.pdf) return this.pump();
    this.running = id;
    const pdf = job.pdf;
    job.pdf = null;
    this.update(job, { state: 'running' });
    try {
      const result = await addTextLayer(pdf, this.engine, {
        signal: job.abort.signal,
        onPage: (p) => this.update(job, p),
      });
      this.update(job, { state: 'done', pagesDone: result.pagesDone, pages: result.pages, skipped: result.skipped, pdf: result.pdf });
    } catch (e) {
      const cancelled = job.abort.signal.aborted;
      this.update(job, { state: cancelled ? 'cancelled' : 'failed', error: failure(cancelled ? ocrCancelled() : e) });
    } finally {
      this.running = null;
    }
    return this.pump();
  }

  /** The job's state, waiting up to waitMs for a change since the last answer. */
  async next(jobId: string, waitMs: number): Promise<OcrJobStatus> {
    const job = this.jobs.get(jobId);
    if (!job) {
      throw new DeskError('ocr.not-found', {
        vi: 'Không còn việc nhận dạng chữ này (đã xong hoặc đã hủy).',
        en: 'This text-recognition job no longer exists (finished or cancelled).',
      });
    }
    job.touched = Date.now();
    if (job.version === job.seen && waitMs > 0 && !this.finished(job)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        job.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      job.wake = null;
    }
    job.seen = job.version;
    // The finished state (with its PDF) is handed over once.
    if (this.finished(job)) this.jobs.delete(jobId);
    return job.status;
  }

  private finished(job: Job): boolean {
    return job.status.state === 'done' || job.status.state === 'cancelled' || job.status.state === 'failed';
  }

  /** Stops a job: a queued one never starts, the running one stops mid-page. Its PDF stays as it was. */
  async cancel(jobId: string): Promise<void> {
    const job = this.jobs.get(jobId);
    if (!job || this.finished(job)) return;
    job.abort.abort();
    const at = this.queue.indexOf(jobId);
    if (at >= 0) {
      this.queue.splice(at, 1);
      job.pdf = null;
      this.update(job, { state: 'cancelled', error: failure(ocrCancelled()) });
    }
    if (this.running === jobId) await this.engine.terminate();
  }

  /** Text recognition is running or waiting: an update must not quit the app under it. */
  busy(): boolean {
    return this.running !== null || this.queue.length > 0;
  }

  async close(): Promise<void> {
    for (const id of [...this.queue, ...(this.running ? [this.running] : [])]) await this.cancel(id);
    this.jobs.clear();
    await this.engine.terminate();
  }

  private dropIdleJobs(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) {
      if (now - job.touched > JOB_IDLE_MS) void this.cancel(id).then(() => this.jobs.delete(id));
    }
  }
}
