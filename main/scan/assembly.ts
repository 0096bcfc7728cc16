// Saving a component: the renderer sends its pages one message at a time (scan.assembleStart,
// scan.assemblePage in order, scan.assembleFinish) and main writes each to a temporary file
// as it comes (pipeline/pdfAssemble.ts), so neither side holds more than about one page and
// the finished file. Main owns the file: it lives in main's own temporary folder under a name
// the renderer never sees; the renderer names a job only by the random id main gave it.
// A job that fails, is cancelled or left idle is deleted with its file.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeskError } from '#domain/errors.ts';
import { ComponentPdfAssembler, type PageRotation } from './pipeline/pdfAssemble.ts';
import type { ComponentPdfMeta } from './pipeline/pdf.ts';

export interface AssemblyLimits {
  /** Pages in one component (pipeline/importFile.ts refuses longer files for this reason). */
  pages: number;
  /** Bytes of the finished file, which goes back to the renderer in one message. */
  bytes: number;
  /** Components being saved at once: a desk saves one; a few allow a second window. */
  jobs: number;
  /** A job without a message for this long is deleted with its file. */
  idleMs: number;
}

export const ASSEMBLY_LIMITS: AssemblyLimits = {
  pages: 2000,
  // 2,000 colour pages at 300 dpi (≈ 500 KB each) fit; more could not come back in one message.
  bytes: 1024 * 1024 * 1024,
  jobs: 4,
  idleMs: 10 * 60_000,
};

interface AssemblyJob {
  assembler: ComponentPdfAssembler;
  file: string;
  /** The page count the renderer announced: finish() before all of them is refused. */
  expected: number;
  /** Page messages written so far; the next must carry this index. */
  received: number;
  /** A page is being written: another message for this job now is out of order. */
  busy: boolean;
  timer: NodeJS.Timeout;
}

function unknownJob(): DeskError {
  return new DeskError('scan.assemble-unknown', {
    vi: 'Việc ghép tệp PDF này không còn (đã xong, đã huỷ hoặc để quá lâu); hãy bấm lưu lại.',
    en: 'This PDF assembly no longer exists (finished, cancelled or left too long); save again.',
  });
}

function outOfOrder(index: number, expected: number): DeskError {
  return new DeskError('scan.assemble-order', {
    vi: `Trang thứ ${index + 1} đến sai thứ tự (đang chờ trang thứ ${expected + 1}); hãy bấm lưu lại.`,
    en: `Page ${index + 1} arrived out of order (page ${expected + 1} was expected); save again.`,
  });
}

export class ComponentAssembly {
  private readonly jobs = new Map<string, AssemblyJob>();
  private dir: Promise<string> | null = null;

  /** `root` holds main's own folder for the jobs' files: the system's temporary folder unless a test gives one. */
  constructor(
    private readonly limits: AssemblyLimits = ASSEMBLY_LIMITS,
    private readonly root: string = tmpdir(),
  ) {}

  private folder(): Promise<string> {
    // mkdtemp makes the folder readable by this user alone.
    this.dir ??= mkdtemp(join(this.root, 'desk-assemble-'));
    return this.dir;
  }

  /** Opens a job for a component of `pages` pages; its id is all the renderer gets. */
  async start(meta: ComponentPdfMeta, pages: number): Promise<string> {
    if (pages > this.limits.pages) throw this.tooMany();
    if (this.jobs.size >= this.limits.jobs) {
      throw new DeskError('scan.assemble-busy', {
        vi: 'Đang lưu quá nhiều thành phần cùng lúc; hãy đợi một thành phần lưu xong rồi thử lại.',
        en: 'Too many components are being saved at once; wait for one to finish and try again.',
      });
    }
    const id = randomUUID();
    const file = join(await this.folder(), `${id}.pdf`);
    const assembler = await ComponentPdfAssembler.create(file, meta);
    const job: AssemblyJob = { assembler, file, expected: pages, received: 0, busy: false, timer: this.expiry(id) };
    this.jobs.set(id, job);
    return id;
  }

  private expiry(id: string): NodeJS.Timeout {
    const timer = setTimeout(() => void this.discard(id), this.limits.idleMs);
    // An abandoned job must not keep the app running.
    timer.unref();
    return timer;
  }

  private tooMany(): DeskError {
    return new DeskError('scan.assemble-too-many', {
      vi: `Một thành phần hồ sơ có tối đa ${this.limits.pages} trang; hãy chia thành nhiều thành phần.`,
      en: `A dossier component has at most ${this.limits.pages} pages; split it into several components.`,
    });
  }

  /** The job, marked busy for the duration of `work`; any failure deletes it with its file. */
  private async withJob<T>(id: string, work: (job: AssemblyJob) => Promise<T>, index?: number): Promise<T> {
    const job = this.jobs.get(id);
    if (!job) throw unknownJob();
    if (job.busy) {
      // Never two pages at once: a second message while one is written is out of order.
      throw outOfOrder(index ?? job.received, job.received);
    }
    job.busy = true;
    clearTimeout(job.timer);
    try {
      const result = await work(job);
      job.busy = false;
      job.timer = this.expiry(id);
      return result;
    } catch (e) {
      await this.discard(id);
      throw e;
    }
  }

  /** Appends page `index` (0-based, one after another) with the officer's rotation. */
  page(id: string, index: number, pdf: Uint8Array, rotation: PageRotation): Promise<void> {
    return this.withJob(
      id,
      async (job) => {
        if (index !== job.received) throw outOfOrder(index, job.received);
        if (index >= job.expected) throw this.tooMany();
        await job.assembler.add(pdf, rotation, index);
        job.received++;
        // A page's PDF may hold several pages (a compromised renderer's): the component's count is what is limited.
        if (job.assembler.pages > this.limits.pages) throw this.tooMany();
        if (job.assembler.bytes > this.limits.bytes) throw this.tooLarge();
      },
      index,
    );
  }

  private tooLarge(): DeskError {
    const mb = Math.round(this.limits.bytes / 1024 / 1024);
    return new DeskError('scan.assemble-too-large', {
      vi: `Tệp PDF của thành phần này vượt quá ${mb} MB; hãy quét ở độ phân giải thấp hơn hoặc chia thành nhiều thành phần.`,
      en: `This component's PDF is over ${mb} MB; scan at a lower resolution or split it into several components.`,
    });
  }

  /** The finished PDF; the job and its file are gone afterwards. */
  async finish(id: string): Promise<Uint8Array> {
    const bytes = await this.withJob(id, async (job) => {
      if (job.received < job.expected) {
        throw new DeskError('scan.assemble-incomplete', {
          vi: `Mới nhận ${job.received}/${job.expected} trang; hãy bấm lưu lại.`,
          en: `Only ${job.received} of ${job.expected} pages arrived; save again.`,
        });
      }
      await job.assembler.close();
      // The file's own buffer, not a copy of it: the finished PDF is the one large thing main holds.
      const file = await readFile(job.file);
      return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
    });
    await this.discard(id);
    return bytes;
  }

  /** Deletes the job and its file; an unknown id is nothing to do. */
  async discard(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    clearTimeout(job.timer);
    await job.assembler.abandon();
    await rm(job.file, { force: true });
  }

  /** Jobs open now (for tests and the host's shutdown). */
  get open(): number {
    return this.jobs.size;
  }

  async close(): Promise<void> {
    await Promise.all([...this.jobs.keys()].map((id) => this.discard(id)));
    const dir = this.dir;
    this.dir = null;
    const path = await dir?.catch(() => null);
    if (path) await rm(path, { recursive: true, force: true });
  }
}
