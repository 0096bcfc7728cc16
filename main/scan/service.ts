// Scan and import jobs on the main side: a backend's pages (or an imported file's) go through
// the pipeline as they arrive and wait in the job until the renderer collects them
// (scan.next); scan.cancel stops either between pages. The renderer stores each page as soon
// as it has it, so a crash mid-batch loses no page already delivered.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import sharp from 'sharp';
import { isDeskError } from '#domain/errors.ts';
import { ScanError, type RawPage, type ScannerBackend, type ScanRequest } from './types.ts';
import type { Scanners } from './registry.ts';
import { checkScannerConfig, type ScannerConfig } from './config.ts';
import { folderPolicyHere } from './folder.ts';
import type { FolderPolicyContext } from './folderPolicy.ts';
import { processPage } from './pipeline/process.ts';
import { buildComponentPdf, pointsFor } from './pipeline/pdf.ts';
import type { ProcessedPage } from './pipeline/compress.ts';
import { importPages, type ImportOptions } from './pipeline/importFile.ts';
import { ComponentAssembly } from './assembly.ts';
import type { KindOverride, ScanBatch, ScanCapabilities, ScanDevice, ScannedPage } from '#preload/wire/scan.ts';

const THUMBNAIL_WIDTH = 240;
/** A job nobody has asked about for this long is dropped, with its pages. */
const JOB_IDLE_MS = 10 * 60_000;

interface Job {
  pages: ScannedPage[];
  done: boolean;
  error: ScanBatch['error'];
  abort: AbortController;
  wake: (() => void) | null;
  touched: number;
}

function asBatchError(e: unknown): NonNullable<ScanBatch['error']> {
  if (isDeskError(e)) return { code: e.code, text: e.text };
  const fallback = new ScanError('device');
  return { code: fallback.code, text: fallback.text };
}

/** A processed page as the renderer keeps it: a one-page PDF and a small preview. */
export async function toScannedPage(page: ProcessedPage & { analysis?: { blank: boolean } }, scannedAt: string): Promise<ScannedPage> {
  const encoded = page.kind === 'bilevel' ? page.tiff : page.jpeg;
  const thumbnail = await sharp(encoded).resize({ width: THUMBNAIL_WIDTH }).jpeg({ quality: 60 }).toBuffer();
  return {
    kind: page.kind,
    blank: page.analysis?.blank ?? false,
    widthPt: pointsFor(page.width, page.dpi),
    heightPt: pointsFor(page.height, page.dpi),
    pdf: await buildComponentPdf([page], { component: 'page', scannedAt }),
    thumbnail: new Uint8Array(thumbnail),
  };
}

export interface ScanServiceOptions {
  /** The app's own directories (its data): never accepted as scan folders, nor anything inside them. */
  appDirs?: string[];
}

/**
 * Marks a promise as handled without hiding its failure from whoever awaits it: a backend set
 * that failed to build (a bad DESK_SCAN_FOLDERS) is reported to the next caller, and never
 * ends the process as an unhandled rejection meanwhile.
 */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

async function closeBackends(scanners: Promise<Scanners>): Promise<void> {
  const built = await scanners.catch(() => null);
  await Promise.all((built?.backends ?? []).map(async (b) => b.close?.()));
}

export class ScanService {
  private readonly jobs = new Map<string, Job>();

  /** Saving components: their PDFs assembled page by page in main's temporary files. */
  readonly assembly = new ComponentAssembly();

  private scanners: Promise<Scanners>;

  /** The device ids of the latest listing: the only ones a scan may name. */
  private listed = new Set<string>();

  private readonly policy: FolderPolicyContext;

  /** Backends are probed once, lazily: the first scan pays, not every click. */
  constructor(
    private readonly create: (config?: ScannerConfig, policy?: FolderPolicyContext) => Promise<Scanners>,
    options: ScanServiceOptions = {},
  ) {
    this.policy = folderPolicyHere(options.appDirs ?? []);
    this.scanners = handled(create(undefined, this.policy));
  }

  /**
   * The administrator's network scanners and scan folders. Every folder is checked (folder
   * policy, exists, a directory, readable) and every address parsed before anything changes:
   * a refusal is a bilingual DeskError and leaves the scanners as they were. Running jobs keep
   * their backend.
   */
  async configure(config: ScannerConfig): Promise<void> {
    const checked = await this.check(config);
    const next = handled(this.create(checked, this.policy));
    await next;
    const previous = this.scanners;
    this.scanners = next;
    this.listed = new Set();
    if (!this.busy()) await closeBackends(previous);
  }

  /** What configure() would accept, as it would store it (real paths, normal addresses); refusals as configure() gives them. */
  check(config: ScannerConfig): Promise<ScannerConfig> {
    return checkScannerConfig(config, this.policy);
  }

  async devices(): Promise<ScanDevice[]> {
    const { devices } = await (await this.scanners).listDevices();
    this.listed = new Set(devices.map((d) => d.id));
    return devices;
  }

  /**
   * The backend of a device main has listed itself. A device id carries an address or a
   * device name ("escl:http://…", "sane:net:host:…"), so an id the renderer made up would
   * let it point main at any host: only ids from a listing are accepted (listed again once,
   * for a scanner plugged in since).
   */
  private async listedBackend(deviceId: string): Promise<ScannerBackend> {
    if (!this.listed.has(deviceId)) await this.devices();
    if (!this.listed.has(deviceId)) throw new ScanError('not-found', deviceId);
    return (await this.scanners).backendFor(deviceId);
  }

  async capabilities(deviceId: string): Promise<ScanCapabilities> {
    return (await this.listedBackend(deviceId)).capabilities(deviceId);
  }

  async start(deviceId: string, request: ScanRequest, pageKind: KindOverride): Promise<string> {
    this.dropIdleJobs();
    const backend = await this.listedBackend(deviceId);
    const [id, job] = this.newJob();
    void this.run(job, devicePages(backend.scan(deviceId, request, job.abort.signal), pageKind, job.abort.signal));
    return id;
  }

  /**
   * An imported file as a job, like a scan: its pages arrive through next() one by one, and
   * cancel() stops it between pages. The whole file is checked against the import limits
   * before its first page (pipeline/importFile.ts).
   */
  importFile(file: { name: string; data: Uint8Array; pageKind: KindOverride; dpi?: number }): string {
    this.dropIdleJobs();
    const [id, job] = this.newJob();
    void this.run(
      job,
      importedPages(file.data, { override: file.pageKind, name: file.name, signal: job.abort.signal, ...(file.dpi ? { dpi: file.dpi } : {}) }),
    );
    return id;
  }

  private newJob(): [string, Job] {
    const job: Job = { pages: [], done: false, error: null, abort: new AbortController(), wake: null, touched: Date.now() };
    const id = randomUUID();
    this.jobs.set(id, job);
    return [id, job];
  }

  private async run(job: Job, pages: AsyncIterable<ScannedPage>): Promise<void> {
    try {
      for await (const page of pages) {
        job.pages.push(page);
        job.wake?.();
      }
    } catch (e) {
      job.error = asBatchError(e);
    } finally {
      job.done = true;
      job.wake?.();
    }
  }

  /** Pages delivered since the last call, waiting up to waitMs for the first one. */
  async next(jobId: string, waitMs: number): Promise<ScanBatch> {
    const job = this.jobs.get(jobId);
    if (!job) throw new ScanError('not-found', jobId);
    job.touched = Date.now();
    if (job.pages.length === 0 && !job.done && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        job.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      job.wake = null;
    }
    const pages = job.pages.splice(0);
    if (job.done && job.pages.length === 0) this.jobs.delete(jobId);
    return { pages, done: job.done, error: job.error };
  }

  cancel(jobId: string): void {
    this.jobs.get(jobId)?.abort.abort();
  }

  /** A scanner is feeding pages: an update must not quit the app under it. */
  busy(): boolean {
    for (const job of this.jobs.values()) if (!job.done) return true;
    return false;
  }

  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.abort.abort();
    this.jobs.clear();
    await Promise.all([closeBackends(this.scanners), this.assembly.close()]);
  }

  private dropIdleJobs(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) {
      if (now - job.touched > JOB_IDLE_MS) {
        job.abort.abort();
        this.jobs.delete(id);
      }
    }
  }
}

/** A stand-in preview for a page of an imported PDF: main has no PDF renderer of its own. */
async function pdfPlaceholder(n: number, widthPt: number, heightPt: number): Promise<Uint8Array> {
  const w = THUMBNAIL_WIDTH;
  // A page box of zero or absurd proportions still gets a preview of sane size.
  const ratio = widthPt > 0 && heightPt > 0 ? heightPt / widthPt : Math.SQRT2;
  const h = Math.min(4 * w, Math.max(1, Math.round(w * ratio)));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#fff"/><text x="50%" y="50%" font-family="DejaVu Sans, sans-serif" font-size="28" text-anchor="middle" fill="#7f1d1d">PDF ${n}</text></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer());
}

/**
 * An imported file's pages as the renderer keeps them: images through the pipeline, a PDF's
 * pages as they are (never recompressed), after the import checks refused anything unsafe.
 */
async function* importedPages(data: Uint8Array, opts: ImportOptions): AsyncGenerator<ScannedPage> {
  const scannedAt = new Date().toISOString();
  for await (const page of importPages(data, opts)) {
    if (page.kind === 'image') {
      yield await toScannedPage(page.page, scannedAt);
      continue;
    }
    const { widthPt, heightPt } = page;
    yield { kind: 'pdf', blank: false, widthPt, heightPt, pdf: page.pdf, thumbnail: await pdfPlaceholder(page.number, widthPt, heightPt) };
  }
}

/**
 * A scanner's pages through the pipeline. A file a copier left in a scan folder (a PDF, a
 * multi-page TIFF) is a file like any imported one: the same checks and limits, every page of it.
 */
async function* devicePages(pages: AsyncIterable<RawPage>, pageKind: KindOverride, signal: AbortSignal): AsyncGenerator<ScannedPage> {
  for await (const raw of pages) {
    if (raw.sourcePath !== undefined || raw.format === 'pdf') {
      yield* importedPages(raw.data, { override: pageKind, signal, ...(raw.sourcePath ? { name: basename(raw.sourcePath) } : {}) });
    } else {
      yield await toScannedPage(await processPage(raw, { override: pageKind }), new Date().toISOString());
    }
  }
}
