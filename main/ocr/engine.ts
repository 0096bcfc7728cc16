// The OCR engine: tesseract.js (Tesseract 5 compiled to WebAssembly) in a worker thread of its
// own, with the Vietnamese model read from the package the app ships (@tesseract.js-data/vie).
// Nothing is fetched: the model is a local folder, the worker script and the
// WebAssembly core are files of node_modules (unpacked from the asar, electron-builder.yml),
// and tesseract.js's file cache is off, so it neither reads nor writes the working directory.
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { DeskError } from '#domain/errors.ts';

/**
 * Which of the package's two models: '4.0.0' (tessdata, LSTM + legacy, run LSTM-only here) or
 * '4.0.0_best_int' (tessdata_best in integer form, LSTM only). bench/ocr.ts measures both;
 * main/ocr/README.md says why this one.
 */
export const OCR_MODEL = '4.0.0_best_int';
export const OCR_MODELS = ['4.0.0', '4.0.0_best_int'] as const;
export type OcrModel = (typeof OCR_MODELS)[number];

export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A recognised word in image pixels (origin top-left), with the line it sits on. */
export interface OcrWord {
  text: string;
  box: OcrBox;
  /** The baseline's y at the word's left edge, in pixels from the top. */
  baseline: number;
  /** The line's height (ascenders to descenders), a font size that fills the line. */
  lineHeight: number;
  confidence: number;
}

export interface OcrResult {
  text: string;
  words: OcrWord[];
}

/** Paths in an Electron package point into app.asar; the worker runs from the unpacked copy. */
export function unpackedPath(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

const require = createRequire(import.meta.url);

export function modelFile(model: OcrModel = OCR_MODEL): string {
  return join(dirname(require.resolve('@tesseract.js-data/vie/package.json')), model, 'vie.traineddata.gz');
}

function workerScript(): string {
  return unpackedPath(require.resolve('tesseract.js/src/worker-script/node/index.js'));
}

export class OcrEngineError extends DeskError {
  constructor(cause: unknown) {
    super('ocr.engine', {
      vi: 'Không khởi động được bộ nhận dạng chữ (OCR); hãy cài lại ứng dụng. Tệp quét vẫn được lưu, chưa có lớp chữ.',
      en: 'The text recognition (OCR) engine could not start; reinstall the app. The scan is kept, without a text layer.',
    });
    this.cause = cause;
  }
}

/** A page asked of an engine that was ended meanwhile (a cancel, or the host closing). */
export class OcrStoppedError extends DeskError {
  constructor() {
    super('ocr.stopped', {
      vi: 'Bộ nhận dạng chữ (OCR) đã dừng trước khi nhận dạng trang này.',
      en: 'The text recognition (OCR) engine was stopped before it recognised this page.',
    });
  }
}

/** Starting takes about half a second idle, a few seconds on a loaded desk. */
const START_TIMEOUT_MS = 60_000;

/** A started (or starting) worker, and whether terminate() has ended it. */
interface Run {
  worker: Promise<Worker>;
  ended: boolean;
}

/** One tesseract.js worker thread, started on first use and ended by terminate() (or cancel). */
export class OcrEngine {
  private run: Run | undefined;

  constructor(private readonly model: OcrModel = OCR_MODEL) {}

  private start(): Run {
    if (this.run) return this.run;
    const worker = (async () => {
      const model = unpackedPath(modelFile(this.model));
      // Fails here, in main, with a clear error when the model is missing, rather than in the worker.
      await access(model);
      // langPath is a folder, read with fs in the worker (a path, not a URL, is never fetched).
      // Handing the bytes over as {code, data} would skip the file, but tesseract.js 7.0.0
      // then initialises the language named by its data instead of its code and fails.
      const creating = createWorker('vie', OEM.LSTM_ONLY, {
        langPath: dirname(model),
        workerPath: workerScript(),
        cacheMethod: 'none',
        gzip: true,
        logger: () => undefined,
        errorHandler: () => undefined,
      });
      // tesseract.js 7.0.0 never settles createWorker when the model cannot be loaded (only a
      // failed 'load' rejects it): a start that takes this long is a broken install, reported
      // instead of holding the queue for ever.
      let timer: NodeJS.Timeout | undefined;
      const started = await Promise.race([
        creating,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('the OCR engine did not start')), START_TIMEOUT_MS);
          timer.unref();
        }),
      ]).finally(() => clearTimeout(timer));
      // A scanned page is a page: automatic layout analysis without orientation detection.
      await started.setParameters({ tessedit_pageseg_mode: PSM.AUTO, preserve_interword_spaces: '0' });
      return started;
    })();
    const run: Run = { worker, ended: false };
    this.run = run;
    worker.catch(() => {
      if (this.run === run) this.run = undefined;
    });
    return run;
  }

  /**
   * The run's worker, for one more job on it. A job must never reach a worker terminate() has
   * ended: tesseract.js then posts to a thread it has dropped, which rejects where nobody
   * listens (an unhandled rejection ends a Node process) and leaves the job unsettled for ever.
   * The check and the job's start happen in one turn of the event loop, so no terminate() can
   * come between them.
   */
  private async live(run: Run): Promise<Worker> {
    const worker = await run.worker.catch((e: unknown) => {
      throw new OcrEngineError(e);
    });
    if (run.ended) throw new OcrStoppedError();
    return worker;
  }

  /**
   * Recognises one page image (PNG, JPEG… as bytes) scanned at `dpi` (the engine would
   * otherwise guess it). An image with no text gives no words.
   */
  async recognize(image: Uint8Array, dpi?: number): Promise<OcrResult> {
    const run = this.start();
    if (dpi) await (await this.live(run)).setParameters({ user_defined_dpi: String(Math.round(dpi)) });
    const { data } = await (await this.live(run)).recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { text: true, blocks: true });
    const words: OcrWord[] = [];
    for (const block of data.blocks ?? []) {
      for (const paragraph of block.paragraphs) {
        for (const line of paragraph.lines) {
          const { x0, y0, x1, y1 } = line.baseline;
          const slope = x1 !== x0 ? (y1 - y0) / (x1 - x0) : 0;
          for (const word of line.words) {
            const text = word.text.normalize('NFC').trim();
            if (!text) continue;
            words.push({
              text,
              box: word.bbox,
              baseline: y0 + slope * (word.bbox.x0 - x0),
              lineHeight: line.rowAttributes.rowHeight,
              confidence: word.confidence,
            });
          }
        }
      }
    }
    return { text: data.text.normalize('NFC'), words };
  }

  /** Ends the worker thread at once, mid-page if need be; the next recognize() starts a new one. */
  async terminate(): Promise<void> {
    const run = this.run;
    this.run = undefined;
    if (!run) return;
    // Before any await: a job waiting for this worker to start must see that it has ended.
    run.ended = true;
    const started = await run.worker.catch(() => undefined);
    // The thread may be gone already (a crash): tesseract.js then fails posting 'terminate'
    // to it, and there is nothing left to end.
    await started?.terminate().catch(() => undefined);
  }
}
