// Scanning benchmark: the page pipeline (main/scan/pipeline) against Debian's img2pdf on the
// same 300 dpi A4 PNG pages in the same run. Exported for bench/run.ts (results go under
// `scanning` in bench/results.json); `node --import tsx bench/scanning.ts` prints the JSON.
//
// Each batch runs in a child process under /usr/bin/time -v, so "peak memory" is the child's
// maximum RSS (node + tsx + sharp for ours; python for img2pdf) — whole-process figures. Our
// worker streams: one page is decoded at a time per lane (2 lanes), and each compressed page is
// written to the PDF file in order, then dropped (the grey batch also runs the in-memory
// assembler it replaced, for comparison). img2pdf embeds the PNGs losslessly, so its bytes
// are the PNGs' (noisy grey PNGs are large). Timings on this 2-core machine are noisy when
// other jobs run (the load average is recorded).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { timed } from './process.ts';
import { mergeSection } from './results.ts';

const PAGES = Number(process.env.BENCH_SCAN_PAGES ?? 300);
/** A batch stops early after this long (its rate still counts); keeps the bench ≤ 3 minutes. */
const BATCH_SECONDS = Number(process.env.BENCH_SCAN_BATCH_SECONDS ?? 45);
/** img2pdf takes ≈ 1 s a page on these noisy 8.7 MP PNGs: its rate is taken on a sample. */
const IMG2PDF_PAGES = Number(process.env.BENCH_SCAN_IMG2PDF_PAGES ?? 20);
const TEMPLATES = 3;
const TARGETS = { pagesPerSecond: (40 / 60) * 10, bilevelKb: 40, bilevelVsJpeg: 1 / 3, grey200Kb: 150 };
const SELF = fileURLToPath(import.meta.url);

/** 'stream': pages written to the PDF file as they come (ComponentPdfWriter); 'memory': the whole batch kept, then buildComponentPdf. */
type Assemble = 'stream' | 'memory';

interface WorkerResult {
  kind: string;
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  pdfBytes: number;
  bytesPerPage: number;
  kinds: Record<string, number>;
  /** The most processed pages in memory at once (waiting for their turn or being written). */
  maxPagesHeld: number;
}

const r = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** How the save worker assembles: 'stream' page by page (main/scan/assembly.ts), 'memory' as before issue 17, 'idle' loads the same code and assembles nothing. */
type Save = 'stream' | 'memory' | 'idle';

interface SaveResult {
  mode: Save;
  pages: number;
  seconds: number;
  pdfBytes: number;
}

/**
 * Worker: main's side of saving a component of `count` pages cycling over `files` (one-page
 * PDFs as the renderer stores them), each page turned by (i mod 4) × 90°. Every page is its own
 * copy, as each IPC message delivers it: one at a time through ComponentAssembly ('stream'), or
 * all at once in one array to the in-memory assembler ('memory', the old scan.assemble message).
 * The finished PDF is in memory at the end either way: it goes back to the renderer.
 */
async function saveWorker(mode: Save, count: number, files: string[]): Promise<void> {
  const { ComponentAssembly } = await import('#main/scan/assembly.ts');
  const { assembleInMemory } = await import('#main/scan/assembleInMemory.ts');
  const templates = await Promise.all(files.map((f) => readFile(f)));
  const meta = { component: 'bench save', dossierCode: '000.00.12.H19-261207-0001', scannedAt: new Date().toISOString() };
  const rotation = (i: number) => ((i % 4) * 90) as 0 | 90 | 180 | 270;
  const page = (i: number) => new Uint8Array(templates[i % templates.length]!);
  const t0 = performance.now();
  let pdf: Uint8Array | null = null;
  if (mode === 'stream') {
    const assembly = new ComponentAssembly();
    const id = await assembly.start(meta, count);
    for (let i = 0; i < count; i++) await assembly.page(id, i, page(i), rotation(i));
    pdf = await assembly.finish(id);
    await assembly.close();
  } else if (mode === 'memory') {
    pdf = await assembleInMemory(
      Array.from({ length: count }, (_, i) => ({ pdf: page(i), rotation: rotation(i) })),
      meta,
    );
  }
  const result: SaveResult = { mode, pages: count, seconds: r((performance.now() - t0) / 1000), pdfBytes: pdf?.byteLength ?? 0 };
  process.stdout.write(JSON.stringify(result));
}

/**
 * Worker: processes `count` pages cycling over `files`, two lanes, and streams them in order to
 * one component PDF on disk (ComponentPdfWriter): a page done before the one ahead of it waits
 * for it, and every page is dropped once written. Reports the most pages held at once.
 */
async function worker(kind: string, count: number, capped: boolean, assemble: Assemble, files: string[]): Promise<void> {
  const { processImage } = await import('#main/scan/pipeline/process.ts');
  const { ComponentPdfWriter } = await import('#main/scan/pipeline/pdfStream.ts');
  const { buildComponentPdf } = await import('#main/scan/pipeline/pdf.ts');
  type Page = Awaited<ReturnType<typeof processImage>>;
  const out = await mkdtemp(join(tmpdir(), 'bench-scan-pdf-'));
  const file = join(out, `${kind}.pdf`);
  const writer = assemble === 'stream' ? await ComponentPdfWriter.create(file, { component: `bench ${kind}`, scannedAt: new Date().toISOString() }) : null;
  const deadline = capped ? performance.now() + BATCH_SECONDS * 1000 : Infinity;
  const t0 = performance.now();
  const kinds: Record<string, number> = {};
  /** Processed pages waiting for the page ahead of them to be written. */
  const ready = new Map<number, Page>();
  let next = 0;
  let processed = 0;
  let written = 0;
  let maxHeld = 0;
  let flushing = Promise.resolve();
  // 'memory': the assembler before issue 17, every page kept and the PDF built in memory at the end.
  const kept: Page[] = [];
  const flush = async () => {
    for (let page = ready.get(written); page; page = ready.get(written)) {
      if (writer) await writer.add(page);
      else kept.push(page);
      ready.delete(written);
      written++;
    }
  };
  const lane = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      const page = await processImage(await readFile(files[i % files.length]!), { dpi: 300 });
      kinds[page.kind] = (kinds[page.kind] ?? 0) + 1;
      ready.set(i, page);
      processed++;
      // Held: processed and not yet written, the one being written included.
      maxHeld = Math.max(maxHeld, processed - written);
      flushing = flushing.then(flush);
      await flushing;
    }
  };
  await Promise.all([lane(), lane()]);
  await flushing;
  let bytes: number;
  if (writer) bytes = (await writer.close()).bytes;
  else {
    const pdf = await buildComponentPdf(kept, { component: `bench ${kind}`, scannedAt: new Date().toISOString() });
    await writeFile(file, pdf);
    bytes = pdf.byteLength;
    maxHeld = kept.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  await rm(out, { recursive: true, force: true });
  const result: WorkerResult = {
    kind,
    pages: written,
    seconds: r(seconds),
    pagesPerSecond: r(written / seconds),
    pdfBytes: bytes,
    bytesPerPage: Math.round(bytes / written),
    kinds,
    maxPagesHeld: Math.max(maxHeld, writer?.maxPagesHeld ?? 0),
  };
  process.stdout.write(JSON.stringify(result));
}

export async function benchScanning(): Promise<Record<string, unknown>> {
  const began = performance.now();
  const { makeTestPage } = await import('#main/scan/pipeline/testPages.ts');
  const { processImage } = await import('#main/scan/pipeline/process.ts');
  const { pageBytes } = await import('#main/scan/pipeline/compress.ts');
  const { toScannedPage } = await import('#main/scan/service.ts');
  const dir = await mkdtemp(join(tmpdir(), 'bench-scan-'));
  try {
    const batches: Record<string, { files: string[]; source: string }> = {
      bilevel: { files: [], source: "typical A4 form page, 13 pt serif, grey 300 dpi PNG with sensor noise (testPages 'text')" },
      gray: { files: [], source: "A4 page with grey photo blocks and a few text lines, 300 dpi PNG (testPages 'photo')" },
    };
    for (let s = 1; s <= TEMPLATES; s++) {
      for (const [kind, page] of [
        ['bilevel', 'text'],
        ['gray', 'photo'],
      ] as const) {
        const file = join(dir, `${kind}-${s}.png`);
        await writeFile(file, await makeTestPage(page, { seed: s }));
        batches[kind]!.files.push(file);
      }
    }

    // Single-page size figures against the targets.
    const text300 = await readFile(batches.bilevel!.files[0]!);
    const g4 = await processImage(text300, { dpi: 300 });
    const asJpeg = await processImage(text300, { dpi: 300, override: 'gray' });
    const dense = await processImage(await makeTestPage('dense'), { dpi: 300 });
    const text200 = await makeTestPage('text', { dpi: 200 });
    const grey200 = await processImage(text200, { dpi: 200, override: 'gray' });
    const colour200 = await processImage(await makeTestPage('text', { dpi: 200, channels: 3 }), { dpi: 200, override: 'color' });
    const seal200 = await processImage(await makeTestPage('seal', { dpi: 200 }), { dpi: 200 });
    const sizes = {
      bilevelText300Kb: r(pageBytes(g4) / 1024, 1),
      sameAsJpeg300Kb: r(pageBytes(asJpeg) / 1024, 1),
      bilevelVsJpeg: r(pageBytes(g4) / pageBytes(asJpeg), 3),
      denseText300G4Kb: r(pageBytes(dense) / 1024, 1),
      greyText200Kb: r(pageBytes(grey200) / 1024, 1),
      colourText200Kb: r(pageBytes(colour200) / 1024, 1),
      colourSealPage200Kb: r(pageBytes(seal200) / 1024, 1),
      targets: { bilevelText300Kb: TARGETS.bilevelKb, bilevelVsJpeg: r(TARGETS.bilevelVsJpeg, 3), greyOrColourText200Kb: TARGETS.grey200Kb },
      meets: {
        bilevelText300: pageBytes(g4) <= TARGETS.bilevelKb * 1024 && pageBytes(g4) / pageBytes(asJpeg) <= TARGETS.bilevelVsJpeg,
        greyText200: pageBytes(grey200) <= TARGETS.grey200Kb * 1024,
        colourText200: pageBytes(colour200) <= TARGETS.grey200Kb * 1024,
      },
    };

    const batchResults: Record<string, unknown> = {};
    for (const [kind, { files, source }] of Object.entries(batches)) {
      // The grey batch runs whole (its peak memory is the figure), the bilevel one within BATCH_SECONDS.
      const whole = kind === 'gray';
      const run = async (assemble: Assemble) => {
        const t = await timed(process.execPath, ['--import', 'tsx', SELF, '--worker', kind, String(PAGES), whole ? 'whole' : 'capped', assemble, ...files]);
        return { t, w: JSON.parse(t.stdout) as WorkerResult };
      };
      const { t: ours, w } = await run('stream');
      const before = whole ? await run('memory') : null;
      // img2pdf on the same PNG pages: all of the grey batch, a sample (IMG2PDF_PAGES) of the other; PDF to a pipe, counted.
      const imgPages = whole ? w.pages : Math.min(w.pages, IMG2PDF_PAGES);
      const list = Array.from({ length: imgPages }, (_, i) => files[i % files.length]!);
      const img = await timed('img2pdf', list, true);
      const imgPps = imgPages / img.seconds;
      batchResults[kind] = {
        source,
        pagesRequested: PAGES,
        pages: w.pages,
        pipeline: {
          pagesPerSecond: w.pagesPerSecond,
          seconds: w.seconds,
          bytesPerPage: w.bytesPerPage,
          pdfBytes: w.pdfBytes,
          encodedAs: w.kinds,
          peakRssMb: ours.maxRssMb,
          maxPagesHeld: w.maxPagesHeld,
        },
        ...(before
          ? {
              inMemoryAssembler: {
                pagesPerSecond: before.w.pagesPerSecond,
                seconds: before.w.seconds,
                pdfBytes: before.w.pdfBytes,
                peakRssMb: before.t.maxRssMb,
                maxPagesHeld: before.w.maxPagesHeld,
              },
            }
          : {}),
        img2pdf: {
          pages: imgPages,
          pagesPerSecond: r(imgPps),
          seconds: r(img.seconds),
          bytesPerPage: Math.round(img.stdoutBytes / imgPages),
          pdfBytes: img.stdoutBytes,
          peakRssMb: img.maxRssMb,
        },
        ratios: {
          speedVsImg2pdf: r(w.pagesPerSecond / imgPps),
          bytesVsImg2pdf: r(w.bytesPerPage / (img.stdoutBytes / imgPages), 4),
          peakRssVsImg2pdf: ours.maxRssMb && img.maxRssMb ? r(ours.maxRssMb / img.maxRssMb) : null,
          ...(before?.t.maxRssMb && img.maxRssMb ? { inMemoryPeakRssVsImg2pdf: r(before.t.maxRssMb / img.maxRssMb) } : {}),
        },
        target: {
          pagesPerSecond: r(TARGETS.pagesPerSecond),
          meets: w.pagesPerSecond >= TARGETS.pagesPerSecond,
          vsTarget: r(w.pagesPerSecond / TARGETS.pagesPerSecond),
        },
      };
    }
    // Saving the grey batch as a component: the one-page PDFs the app stores for these pages, joined by main.
    const scannedAt = new Date().toISOString();
    const pagePdfs: string[] = [];
    for (const [i, png] of batches.gray!.files.entries()) {
      const file = join(dir, `gray-page-${i}.pdf`);
      await writeFile(file, (await toScannedPage(await processImage(await readFile(png), { dpi: 300 }), scannedAt)).pdf);
      pagePdfs.push(file);
    }
    const saveRun = async (mode: Save) => {
      const t = await timed(process.execPath, ['--import', 'tsx', SELF, '--save', mode, String(PAGES), ...pagePdfs]);
      return { rss: t.maxRssMb, w: JSON.parse(t.stdout) as SaveResult };
    };
    const idle = await saveRun('idle');
    const streamed = await saveRun('stream');
    const inMemory = await saveRun('memory');
    const saveFigures = ({ rss, w }: Awaited<ReturnType<typeof saveRun>>) => {
      const fileMb = w.pdfBytes / 1024 / 1024;
      return {
        seconds: w.seconds,
        pdfBytes: w.pdfBytes,
        peakRssMb: rss,
        aboveIdleMb: rss !== null && idle.rss !== null ? rss - idle.rss : null,
        peakRssVsFile: rss !== null ? r(rss / fileMb) : null,
        aboveIdleVsFile: rss !== null && idle.rss !== null ? r((rss - idle.rss) / fileMb) : null,
      };
    };
    const save = {
      pages: PAGES,
      pagePdfBytes: await Promise.all(pagePdfs.map(async (f) => (await readFile(f)).byteLength)),
      idleRssMb: idle.rss,
      streamed: saveFigures(streamed),
      inMemoryAssembler: saveFigures(inMemory),
      ratios: {
        peakRssStreamedVsInMemory: streamed.rss && inMemory.rss ? r(streamed.rss / inMemory.rss) : null,
        aboveIdleStreamedVsInMemory: streamed.rss && inMemory.rss && idle.rss !== null ? r((streamed.rss - idle.rss) / (inMemory.rss - idle.rss)) : null,
        secondsStreamedVsInMemory: r(streamed.w.seconds / inMemory.w.seconds),
      },
    };

    return {
      machine: {
        cpus: cpus().length,
        loadAverage1m: r(loadavg()[0]!),
        note: 'shared 2-core machine; other jobs may run concurrently, so rates are lower bounds',
      },
      method: {
        pages: `${PAGES} pages a batch cycling over ${TEMPLATES} distinct pages; the bilevel batch capped at ${BATCH_SECONDS} s (rate from the pages done), the grey batch always whole (its peak memory is compared)`,
        pipeline:
          'child node process: read PNG → decode → analyse → G4/JPEG, 2 pages in flight, each page streamed in order to one component PDF on disk (main/scan/pipeline/pdfStream.ts) and dropped; maxPagesHeld = the most processed pages in memory at once. inMemoryAssembler (grey batch): the same pages kept and built into one PDF with pdf-lib at the end, as before issue 17',
        img2pdf: `Debian img2pdf 0.4 on the same PNG files: every page of the grey batch, the first ${IMG2PDF_PAGES} of the bilevel batch (≈ 1 s a page), PDF written to a pipe and counted; includes python start-up`,
        memory: existsSync('/usr/bin/time') ? 'peak RSS = child maxRSS from /usr/bin/time -v' : 'not measured (/usr/bin/time missing)',
        speedTarget: '≥ 10 × a 40 pages-per-minute feeder = 6.7 pages/s',
        save: `the app's "save component" step on main's side for the grey batch: ${PAGES} one-page PDFs as the app stores them (toScannedPage of the ${TEMPLATES} grey pages, cycled, each turned by (i mod 4) × 90°, each its own copy as an IPC message delivers it) joined into the component PDF in a child node process; streamed = ComponentAssembly (main/scan/assembly.ts) one page a call, written to a temporary file and read back at finish; inMemoryAssembler = the assembler before issue 17 (main/scan/assembleInMemory.ts) on all pages in one array, as the old scan.assemble message delivered them. Both end holding the finished PDF, which goes back to the renderer. Peak RSS from /usr/bin/time -v; idleRssMb = the same child loading the same code and assembling nothing; aboveIdleVsFile = (peak − idle) ÷ the PDF's size. The renderer's side (IndexedDB, IPC copies) is not in these figures`,
      },
      sizes,
      batches: batchResults,
      save,
      seconds: r((performance.now() - began) / 1000, 1),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === SELF) {
  const i = process.argv.indexOf('--worker');
  const s = process.argv.indexOf('--save');
  if (s >= 0) {
    await saveWorker(process.argv[s + 1] as Save, Number(process.argv[s + 2]), process.argv.slice(s + 3));
  } else if (i >= 0) {
    await worker(
      process.argv[i + 1]!,
      Number(process.argv[i + 2]),
      process.argv[i + 3] === 'capped',
      process.argv[i + 4] as Assemble,
      process.argv.slice(i + 5),
    );
  } else {
    // Run alone: the pipeline figures replace results.json's, the scan-panel figures stay.
    const results = fileURLToPath(new URL('./results.json', import.meta.url));
    const previous = (JSON.parse(await readFile(results, 'utf8')) as { scanning?: { ui?: unknown } }).scanning;
    const scanning = { ...(await benchScanning()), ...(previous?.ui ? { ui: previous.ui } : {}) };
    await mergeSection(results, 'scanning', scanning);
    process.stdout.write(`${JSON.stringify(scanning, null, 2)}\n`);
  }
}
