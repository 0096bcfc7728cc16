// Scan jobs on the main side: a backend's pages go through the pipeline as they arrive and
// wait in the job until the renderer collects them (scan.next). The renderer stores each
// page as soon as it has it, so a crash mid-batch loses no page already delivered.
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { PDFDocument, degrees } from 'pdf-lib';
import type { ScanBatch, ScannedPage } from '../../preload/contract.ts';
import { isDeskError } from '../../domain/errors.ts';
import { ScanError, type RawPage, type ScanCapabilities, type ScanDevice, type ScanRequest } from './types.ts';
import type { Scanners } from './registry.ts';
import type { ScannerConfig } from './config.ts';
import { processPage } from './pipeline/process.ts';
import { buildComponentPdf, pointsFor, PRODUCER } from './pipeline/pdf.ts';
import type { KindOverride } from './pipeline/analyse.ts';
import type { ProcessedPage } from './pipeline/compress.ts';
import { importFile } from './pipeline/importFile.ts';

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

export interface AssemblePage {
  pdf: Uint8Array;
  rotation: 0 | 90 | 180 | 270;
}

export interface AssembleMeta {
  dossierCode?: string;
  component: string;
  scannedAt: string;
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

export class ScanService {
  private readonly jobs = new Map<string, Job>();

  private scanners: Promise<Scanners>;

  /** Backends are probed once, lazily: the first scan pays, not every click. */
  constructor(private readonly create: (config?: ScannerConfig) => Promise<Scanners>) {
    this.scanners = create();
  }

  /** The administrator's network scanners and scan folders; running jobs keep their backend. */
  async configure(config: ScannerConfig): Promise<void> {
    const previous = this.scanners;
    this.scanners = this.create(config);
    if (this.jobs.size === 0) await Promise.all((await previous).backends.map((b) => b.close?.()));
  }

  async devices(): Promise<ScanDevice[]> {
    return (await (await this.scanners).listDevices()).devices;
  }

  async capabilities(deviceId: string): Promise<ScanCapabilities> {
    return (await this.scanners).backendFor(deviceId).capabilities(deviceId);
  }

  async start(deviceId: string, request: ScanRequest, pageKind: KindOverride): Promise<string> {
    this.dropIdleJobs();
    const backend = (await this.scanners).backendFor(deviceId);
    const id = randomUUID();
    const job: Job = { pages: [], done: false, error: null, abort: new AbortController(), wake: null, touched: Date.now() };
    this.jobs.set(id, job);
    void this.run(job, backend.scan(deviceId, request, job.abort.signal), pageKind);
    return id;
  }

  private async run(job: Job, pages: AsyncIterable<RawPage>, pageKind: KindOverride): Promise<void> {
    try {
      for await (const raw of pages) {
        const processed = await processPage(raw, { override: pageKind });
        job.pages.push(await toScannedPage(processed, new Date().toISOString()));
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
    await Promise.all((await this.scanners).backends.map((b) => b.close?.()));
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
  const h = Math.round((w * heightPt) / widthPt);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#fff"/><text x="50%" y="50%" font-family="DejaVu Sans, sans-serif" font-size="28" text-anchor="middle" fill="#7f1d1d">PDF ${n}</text></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer());
}

/**
 * An imported file as pages: images go through the pipeline; a PDF is split into its
 * pages as they are (never recompressed), after the import checks refused anything unsafe.
 */
export async function importAsPages(data: Uint8Array, pageKind: KindOverride, dpi?: number): Promise<ScannedPage[]> {
  const result = await importFile(data, { override: pageKind, ...(dpi ? { dpi } : {}) });
  const scannedAt = new Date().toISOString();
  if (result.format !== 'pdf') return Promise.all(result.pages.map((p) => toScannedPage(p, scannedAt)));
  const source = await PDFDocument.load(result.pdf);
  const pages: ScannedPage[] = [];
  for (const index of source.getPageIndices()) {
    const single = await PDFDocument.create();
    const [copied] = await single.copyPages(source, [index]);
    single.addPage(copied!);
    const { width, height } = copied!.getSize();
    pages.push({
      kind: 'pdf',
      blank: false,
      widthPt: width,
      heightPt: height,
      pdf: await single.save({ useObjectStreams: false }),
      thumbnail: await pdfPlaceholder(index + 1, width, height),
    });
  }
  return pages;
}

/** Joins one-page PDFs (scanned or imported, kept as they are) into a component's PDF. */
export async function assembleComponentPdf(pages: readonly AssemblePage[], meta: AssembleMeta): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (const page of pages) {
    const source = await PDFDocument.load(page.pdf);
    for (const copied of await doc.copyPages(source, source.getPageIndices())) {
      copied.setRotation(degrees((copied.getRotation().angle + page.rotation) % 360));
      doc.addPage(copied);
    }
  }
  doc.setTitle(meta.component);
  if (meta.dossierCode) doc.setSubject(meta.dossierCode);
  doc.setKeywords([`pages:${doc.getPageCount()}`]);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setCreationDate(new Date(meta.scannedAt));
  return doc.save({ useObjectStreams: false });
}
