// The main thread's side of one PKCS#11 module: an async API over a worker thread, one
// call at a time, each with its own timeout. A hung or dead worker is abandoned and the
// next call starts a fresh one, so a stuck token never freezes the desk.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fromWire, pkcs11Errors, type TokenError } from './errors.ts';
import type { Op, Ops, Reply, Request, WorkerData } from './protocol.ts';

/**
 * Where the worker's code is. In the esbuild bundle import.meta.url is
 * dist/main/electron.cjs and the worker is its own bundle beside it,
 * dist/main/pkcs11-worker.cjs (README.md, "Build"). Under tsx (tests, development) this
 * file is .ts, and Node 20 does not apply tsx's ESM hooks inside workers, so a two-line
 * eval entry registers tsx's CommonJS hook in the worker and then loads pkcs11Worker.ts.
 */
export function spawnWorker(data: WorkerData): Worker {
  // Native modules read the process's real environment (SOFTHSM2_CONF, vendor logging
  // switches), which main-thread assignments to process.env update; the worker's own
  // process.env copy is passed for JS code that reads it.
  const options = { workerData: data, env: process.env };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./pkcs11-worker.cjs', import.meta.url), options);
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const entry = fileURLToPath(new URL('./pkcs11Worker.ts', import.meta.url));
  const code = `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(entry)});`;
  return new Worker(code, { ...options, eval: true });
}

export interface CallOptions {
  timeoutMs?: number;
  /** Aborting a call that has reached the token stops its worker: a native call cannot be interrupted otherwise. */
  signal?: AbortSignal;
  /** The worker a session lives in; if that worker is gone the session is too. */
  generation?: number;
}

const DEFAULT_TIMEOUT_MS: Record<Op, number> = {
  tokens: 15_000,
  certificates: 30_000,
  // A PIN pad waits for the officer's fingers.
  open: 120_000,
  sign: 120_000,
  close: 10_000,
  finalize: 10_000,
};

interface Job {
  op: Op;
  args: Ops[Op]['args'];
  options: CallOptions;
  resolve: (value: unknown) => void;
  reject: (error: TokenError) => void;
}

interface Running {
  job: Job;
  id: number;
  timer: NodeJS.Timeout;
}

export class Pkcs11Host {
  private worker: Worker | null = null;
  private workerGeneration = 0;
  private readonly queue: Job[] = [];
  private running: Running | null = null;
  private nextId = 1;

  constructor(
    readonly modulePath: string,
    private readonly spawn: (data: WorkerData) => Worker = spawnWorker,
  ) {}

  /** The generation of the worker a call would run in now; sessions remember it. */
  get generation(): number {
    return this.worker ? this.workerGeneration : this.workerGeneration + 1;
  }

  call<K extends Op>(op: K, args: Ops[K]['args'], options: CallOptions = {}): Promise<Ops[K]['reply']> {
    return new Promise((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) return reject(pkcs11Errors.cancelled());
      // A desk-wide signal may outlive thousands of calls: each removes its listener when done.
      const onAbort = () => this.dequeue(job);
      const job: Job = {
        op,
        args,
        options,
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value as Ops[K]['reply']);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  /** Stops whatever the token is doing now; queued calls still run, in a fresh worker. */
  cancel(): void {
    if (this.running) this.abandon(pkcs11Errors.cancelled());
  }

  /** Ends the module cleanly (C_Finalize) when it answers, and the worker in any case. */
  async shutdown(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(pkcs11Errors.cancelled());
    if (!this.worker) return;
    if (!this.running) await this.call('finalize', {}, { timeoutMs: 2_000 }).catch(() => undefined);
    this.abandon(pkcs11Errors.cancelled());
  }

  private dequeue(job: Job): void {
    const index = this.queue.indexOf(job);
    if (index >= 0) {
      this.queue.splice(index, 1);
      job.reject(pkcs11Errors.cancelled());
    } else if (this.running?.job === job) {
      this.abandon(pkcs11Errors.cancelled());
    }
  }

  private pump(): void {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    if (job.options.generation !== undefined && job.options.generation !== this.generation) {
      job.reject(pkcs11Errors.sessionLost());
      return this.pump();
    }
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (e) {
      job.reject(pkcs11Errors.workerCrashed(e instanceof Error ? e.message : String(e)));
      return this.pump();
    }
    const id = this.nextId++;
    const timeoutMs = job.options.timeoutMs ?? DEFAULT_TIMEOUT_MS[job.op];
    // This timer also keeps the process alive while the (unref'd) worker is busy.
    const timer = setTimeout(() => this.abandon(pkcs11Errors.timeout(Math.ceil(timeoutMs / 1000))), timeoutMs);
    this.running = { job, id, timer };
    worker.postMessage({ id, op: job.op, args: job.args } satisfies Request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.spawn({ modulePath: this.modulePath });
    this.workerGeneration += 1;
    // An idle worker must not keep the desk (or a test run) from exiting.
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(worker, reply));
    worker.on('error', (e) => this.lost(worker, pkcs11Errors.workerCrashed(e.message)));
    worker.on('exit', (code) => this.lost(worker, pkcs11Errors.workerCrashed(`exit ${code}`)));
    this.worker = worker;
    return worker;
  }

  private settle(worker: Worker, reply: Reply): void {
    const running = this.running;
    if (worker !== this.worker || !running || running.id !== reply.id) return;
    this.finish();
    if (reply.ok) running.job.resolve(reply.value);
    else running.job.reject(fromWire(reply.error, this.modulePath));
  }

  private lost(worker: Worker, error: TokenError): void {
    if (worker === this.worker) this.abandon(error);
  }

  /**
   * Gives up on the current worker: the running call fails with `error`, the worker is
   * terminated without waiting (a thread stuck in a native call may never exit) and the
   * next call gets a new one.
   */
  private abandon(error: TokenError): void {
    const worker = this.worker;
    const running = this.running;
    this.worker = null;
    if (running) {
      this.finish();
      running.job.reject(error);
    }
    if (worker) {
      worker.removeAllListeners();
      // A late 'error' from the abandoned thread must not become an uncaught exception.
      worker.on('error', () => undefined);
      void worker.terminate();
    }
    this.pump();
  }

  private finish(): void {
    if (this.running) clearTimeout(this.running.timer);
    this.running = null;
    queueMicrotask(() => this.pump());
  }
}
