// OCR benchmark (`BENCH_SECTIONS=ocr npm run bench`, results under `ocr` in bench/results.json):
// pages per second and characters recognised correctly on generated Vietnamese pages with
// diacritics (main/scan/pipeline/testPages.ts, a scanner-like 13 pt form page, through the
// real pipeline), at 300 dpi bilevel (G4) and 200 dpi grey (JPEG), for both models of
// @tesseract.js-data/vie. Accuracy is read back from the PDF's text layer with pdftotext — what
// a search finds — as 1 − edit distance ÷ printed characters. The baseline, from the same run
// and the same images: the native `tesseract` CLI with its Vietnamese model when installed
// (apt-get install tesseract-ocr tesseract-ocr-vie), else the time to draw the page itself.
// `node --import tsx bench/ocr.ts` prints the JSON.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { OCR_MODEL, OCR_MODELS, OcrEngine, type OcrModel } from '#main/ocr/engine.ts';
import { addTextLayer } from '#main/ocr/ocrPdf.ts';
import { characterAccuracy, pdfToText, printedText, scanTestPage } from '#main/ocr/testSupport.ts';
import { buildComponentPdf } from '#main/scan/pipeline/pdf.ts';
import { makeTestPage } from '#main/scan/pipeline/testPages.ts';
import { mergeSection } from './results.ts';

const PAGES = Number(process.env.BENCH_OCR_PAGES ?? 3);
const SETTINGS = [
  { name: '300 dpi bilevel', dpi: 300, store: 'bilevel' },
  { name: '200 dpi grey', dpi: 200, store: 'gray' },
] as const;
/** The aim: characters recognised correctly at 300 dpi bilevel. */
const TARGET_ACCURACY = 0.97;

const r = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export interface OcrFigures {
  model: OcrModel;
  setting: string;
  pages: number;
  pagesPerSecond: number;
  accuracyMean: number;
  accuracyMin: number;
}

interface Page {
  seed: number;
  setting: (typeof SETTINGS)[number];
  pdf: Uint8Array;
  /** The stored image as a file the tesseract CLI reads (G4 TIFF or JPEG). */
  image: { data: Uint8Array; ext: string };
}

async function pages(): Promise<Page[]> {
  const out: Page[] = [];
  for (const setting of SETTINGS) {
    for (let seed = 1; seed <= PAGES; seed++) {
      const page = await scanTestPage({ dpi: setting.dpi, store: setting.store, seed });
      const pdf = await buildComponentPdf([page], { component: 'Tờ khai', scannedAt: '2026-12-07T09:00:00+07:00' });
      const image = page.kind === 'bilevel' ? { data: page.tiff, ext: 'tif' } : { data: page.jpeg, ext: 'jpg' };
      out.push({ seed, setting, pdf, image });
    }
  }
  return out;
}

async function measureModel(model: OcrModel, all: Page[]): Promise<{ startMs: number; figures: OcrFigures[] }> {
  const engine = new OcrEngine(model);
  try {
    // The engine's start (thread, WebAssembly, model) is counted apart: a desk pays it once per batch.
    const t0 = performance.now();
    await engine.recognize(new Uint8Array(await makeTestPage('blank', { dpi: 100 })), 100);
    const startMs = performance.now() - t0;
    const figures: OcrFigures[] = [];
    for (const setting of SETTINGS) {
      const mine = all.filter((p) => p.setting === setting);
      const accuracies: number[] = [];
      let seconds = 0;
      for (const page of mine) {
        const t = performance.now();
        const result = await addTextLayer(page.pdf, engine);
        seconds += (performance.now() - t) / 1000;
        accuracies.push(characterAccuracy(printedText(page.seed), pdfToText(result.pdf)));
      }
      figures.push({
        model,
        setting: setting.name,
        pages: mine.length,
        pagesPerSecond: r(mine.length / seconds),
        accuracyMean: r(mean(accuracies), 4),
        accuracyMin: r(Math.min(...accuracies), 4),
      });
    }
    return { startMs: Math.round(startMs), figures };
  } finally {
    await engine.terminate();
  }
}

function tesseractCli(): boolean {
  const run = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
  return run.status === 0 && /^vie$/m.test(`${run.stdout}${run.stderr}`);
}

/** The native engine on the same images: its speed and accuracy, from the same run. */
async function cliBaseline(all: Page[]) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-ocr-'));
  try {
    const version = execFileSync('tesseract', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
    const figures = [];
    for (const setting of SETTINGS) {
      const mine = all.filter((p) => p.setting === setting);
      const accuracies: number[] = [];
      let seconds = 0;
      for (const page of mine) {
        const file = join(dir, `page-${setting.dpi}-${page.seed}.${page.image.ext}`);
        await writeFile(file, page.image.data);
        const t = performance.now();
        const text = execFileSync('tesseract', [file, '-', '-l', 'vie', '--dpi', String(setting.dpi)], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        seconds += (performance.now() - t) / 1000;
        accuracies.push(characterAccuracy(printedText(page.seed), text));
      }
      figures.push({ setting: setting.name, pages: mine.length, pagesPerSecond: r(mine.length / seconds), accuracyMean: r(mean(accuracies), 4) });
    }
    return { kind: 'tesseract CLI (native, same images)', version, figures };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Without the CLI: how long drawing one such page takes, for scale. */
async function renderBaseline() {
  const figures = [];
  for (const setting of SETTINGS) {
    const t = performance.now();
    for (let seed = 1; seed <= PAGES; seed++) await scanTestPage({ dpi: setting.dpi, store: setting.store, seed });
    figures.push({ setting: setting.name, pages: PAGES, pagesPerSecond: r(PAGES / ((performance.now() - t) / 1000)) });
  }
  return { kind: 'drawing and scanning-pipeline time of the same pages (no tesseract CLI here)', figures };
}

export async function benchOcr(log: (message: string) => void = () => undefined) {
  const require = createRequire(import.meta.url);
  const version = (require('tesseract.js/package.json') as { version: string }).version;
  const all = await pages();
  const models = [];
  for (const model of OCR_MODELS) {
    log(`ocr: model ${model}, ${PAGES} page(s) per setting`);
    models.push(await measureModel(model, all));
  }
  const cli = tesseractCli();
  if (!cli) log('ocr: for a native baseline, apt-get install tesseract-ocr tesseract-ocr-vie (measuring the page drawing time instead)');
  const baseline = cli ? await cliBaseline(all) : await renderBaseline();
  return {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, loadavg: loadavg().map((l) => r(l, 2)) },
    engine: `tesseract.js ${version}, @tesseract.js-data/vie 1.0.0, OEM LSTM only, one worker thread`,
    model: OCR_MODEL,
    targetAccuracy300Bilevel: TARGET_ACCURACY,
    engineStartMs: Object.fromEntries(models.map((m, i) => [OCR_MODELS[i]!, m.startMs])),
    results: models.flatMap((m) => m.figures),
    baseline,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await benchOcr((m) => process.stderr.write(`${m}\n`));
  const results = fileURLToPath(new URL('./results.json', import.meta.url));
  if (process.env.BENCH_OCR_WRITE === '1') await mergeSection(results, 'ocr', figures);
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}
