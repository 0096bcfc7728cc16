// The desk's side of one PKCS#11 module: an async API over a child process that owns the
// module, one call at a time, each with its own timeout. A hung or dead child is killed
// and the next call starts a fresh one, so neither a stuck token nor a library that
// blocks or aborts can freeze or end the desk (README.md, "A process per module").
import { fromWire, pkcs11Errors, type TokenError } from './errors.ts';
import { nodeLauncher, type Pkcs11Process, type ProcessLauncher } from './processLauncher.ts';
import type { FromChild, Op, Ops, Request } from './protocol.ts';

export interface CallOptions {
  timeoutMs?: number;
  /** Aborting a call that has reached the token stops its process: a native call cannot be interrupted otherwise. */
  signal?: AbortSignal;
  /** The process a session lives in; if that process is gone the session is too. */
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
  private child: Pkcs11Process | null = null;
  private childGeneration = 0;
  /** The current child has loaded the module and C_Initialize returned. */
  private moduleLoaded = false;
  private readonly queue: Job[] = [];
  private running: Running | null = null;
  private nextId = 1;

  constructor(
    readonly modulePath: string,
    private readonly launch: ProcessLauncher = nodeLauncher,
  ) {}

  /** The generation of the process a call would run in now; sessions remember it. */
  get generation(): number {
    return this.child ? this.childGeneration : this.childGeneration + 1;
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

  /** Stops whatever the token is doing now; queued calls still run, in a fresh process. */
  cancel(): void {
    if (this.running) this.abandon(pkcs11Errors.cancelled());
  }

  /** Ends the module cleanly (C_Finalize) when it answers, and its process in any case. */
  async shutdown(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(pkcs11Errors.cancelled());
    if (!this.child) return;
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
    const id = this.nextId++;
    const timeoutMs = job.options.timeoutMs ?? DEFAULT_TIMEOUT_MS[job.op];
    // This timer also keeps the desk alive while the (unref'd) child is busy.
    const timer = setTimeout(() => this.abandon(this.timedOut(timeoutMs)), timeoutMs);
    this.running = { job, id, timer };
    try {
      this.ensureChild().send({ id, op: job.op, args: job.args } satisfies Request);
    } catch (e) {
      this.abandon(pkcs11Errors.workerCrashed(e instanceof Error ? e.message : String(e)));
    }
  }

  /** Before the module has loaded, the library itself is what hangs (a FIFO, a dead share, a deadlocked C_Initialize). */
  private timedOut(timeoutMs: number): TokenError {
    const seconds = Math.ceil(timeoutMs / 1000);
    return this.moduleLoaded ? pkcs11Errors.timeout(seconds) : pkcs11Errors.timeout(seconds, this.modulePath);
  }

  private ensureChild(): Pkcs11Process {
    if (this.child) return this.child;
    // The events name the child they came from: a late word from a killed one is ignored.
    const child: Pkcs11Process = this.launch({
      message: (message) => this.received(child, message),
      exit: (reason) => this.lost(child, pkcs11Errors.workerCrashed(reason)),
    });
    this.child = child;
    this.childGeneration += 1;
    this.moduleLoaded = false;
    child.send({ modulePath: this.modulePath });
    return child;
  }

  private received(child: Pkcs11Process, message: FromChild): void {
    if (child !== this.child) return;
    if ('loaded' in message) {
      this.moduleLoaded = true;
      return;
    }
    const running = this.running;
    if (!running || running.id !== message.id) return;
    this.finish();
    if (message.ok) running.job.resolve(message.value);
    else running.job.reject(fromWire(message.error, this.modulePath));
  }

  private lost(child: Pkcs11Process, error: TokenError): void {
    if (child === this.child) this.abandon(error);
  }

  /**
   * Gives up on the current child: the running call fails with `error`, the child is
   * killed without waiting for it to end, and the next call gets a new one.
   */
  private abandon(error: TokenError): void {
    const child = this.child;
    const running = this.running;
    this.child = null;
    if (running) {
      this.finish();
      running.job.reject(error);
    }
    child?.stop();
    this.pump();
  }

  private finish(): void {
    if (this.running) clearTimeout(this.running.timer);
    this.running = null;
    queueMicrotask(() => this.pump());
  }
}
