// `npm run bench`: measures the desk's capabilities and merges them into bench/results.json.
// This file measures reception (first screen, register search, scrolling, accept → receipt)
// against baselines taken in the same run, then runs the other sections (scanning, signing,
// protection, sync, ux, cli); each section replaces its own entry in results.json and keeps the others.
// BENCH_SECTIONS=reception,protection runs only the sections named.
// Nothing here asserts a timing: the figures are for people and for trend lines.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import type { WebHost } from '#main/web.ts';
import type { Dossier } from '#domain/model.ts';
import { CHROMIUM, chromiumMissing } from '#tests/support/browser.ts';
import {
  countDossiers,
  firstRun,
  generateDossiers,
  launch,
  newProfile,
  readDeskFacts,
  rawStoredDossier,
  removeProfile,
  sameAsGenerated,
  seedRegister,
  signIn,
  startBenchHost,
  type DeskFacts,
} from './desk.ts';
import {
  measureFirstInteractive,
  measureReceipts,
  measureScroll,
  measureSearches,
  searchQueries,
  type FirstInteractiveSample,
  type SearchKind,
  type SearchSample,
} from './reception.ts';
import { median, p95, ratio, round, summary } from './stats.ts';
import { mergeSection } from './results.ts';
import { SEARCH_DEBOUNCE_MS } from '#renderer/features/dossiers/dossierQuery.ts';
import { benchScanning } from './scanning.ts';
import { benchScanUi } from './scanUi.ts';
import { benchSigning } from './signing.ts';
import { benchSync } from './sync.ts';
import { benchProtection } from './protection.ts';
import { benchUx } from './ux.ts';
import { benchCli } from './cli.ts';
import { benchHidScan } from './hidScan.ts';
import { benchCertify } from './certify.ts';
import { benchOcr } from './ocr.ts';
import { benchScorecard } from './scorecard.ts';
import { missingTools, SECTION_TOOLS } from './preflight.ts';

const LARGE = Number(process.env.BENCH_DOSSIERS ?? 100_000);
const SMALL = 1_000;
const QUERIES_EACH = Number(process.env.BENCH_QUERIES ?? 30);
const FIRST_RUNS = 5;
const RECEIPTS = 10;
/** BENCH_RESULTS=file writes elsewhere (a trial run that must not replace the committed figures). */
const RESULTS = process.env.BENCH_RESULTS ?? fileURLToPath(new URL('./results.json', import.meta.url));
/**
 * BENCH_SECTIONS=reception,protection runs only those sections (default: all of them).
 * `digitisation` names issue 15's three figures together (certified copies, OCR, scorecard),
 * each still written to its own section.
 */
const GROUPS: Record<string, string[]> = { digitisation: ['certify', 'ocr', 'scorecard'] };
const SECTIONS = (process.env.BENCH_SECTIONS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
  .flatMap((s) => GROUPS[s] ?? [s]);
const want = (section: string) => SECTIONS.length === 0 || SECTIONS.includes(section);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const began = performance.now();
const log = (message: string) => process.stdout.write(`[bench ${((performance.now() - began) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);

if (chromiumMissing) {
  process.stderr.write(`${chromiumMissing}\n`);
  process.exit(1);
}
const missing = missingTools(SECTIONS.length > 0 ? SECTIONS : Object.keys(SECTION_TOOLS));
if (missing) {
  process.stderr.write(`${missing}\n`);
  process.exit(1);
}

// The renderer is built into a folder of the benchmark's own: dist/ is shared with whoever
// else builds or runs the e2e tests on this checkout, and a rebuild mid-run swaps its files.
const rendererDir = process.env.BENCH_RENDERER_DIR ?? (await mkdtemp(join(tmpdir(), 'desk-bench-renderer-')));
if (!process.env.BENCH_RENDERER_DIR) {
  log(`building the renderer into ${rendererDir}`);
  await viteBuild({
    configFile: join(ROOT, 'vite.config.ts'),
    root: join(ROOT, 'renderer'),
    logLevel: 'warn',
    build: { outDir: rendererDir, emptyOutDir: true },
  });
}

const chromiumVersion = (() => {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
})();

const loadAtStart = loadavg().map((v) => round(v, 2));
const host: WebHost = await startBenchHost(rendererDir);
const profiles: string[] = [];
const until = new Date();

/** A desk profile after the first run, its register replaced by `count` generated dossiers. */
async function prepareProfile(
  label: string,
  count: number,
): Promise<{
  profile: string;
  facts: DeskFacts;
  dossiers: Dossier[];
  sealedSample: Record<string, unknown> | null;
  seeding: { generateMs: number; writeMs: number };
}> {
  const profile = await newProfile(label);
  profiles.push(profile);
  const { context, page } = await launch(profile);
  try {
    // Each new profile signs in with a one-time link of its own.
    await page.goto(host.issueOpenUrl());
    await firstRun(page);
    const facts = await readDeskFacts(page);
    const seeded = await seedRegister(page, facts, count, until);
    if (seeded.stored !== count) throw new Error(`${label}: ${seeded.stored} dossiers stored, expected ${count}`);
    const dossiers = count > 0 ? generateDossiers(facts, count, until) : [];
    if (!(await sameAsGenerated(page, dossiers))) throw new Error(`${label}: the page generated other dossiers than Node did`);
    const sealedSample = count > 0 ? await rawStoredDossier(page, dossiers[0]!.code) : null;
    if (sealedSample && !sealedSample.sealed) throw new Error(`${label}: the seeded dossiers were stored in the clear`);
    log(
      `${label}: ${count} dossiers generated in the page in ${(seeded.generateMs / 1000).toFixed(1)} s, sealed and written in ${(seeded.writeMs / 1000).toFixed(1)} s`,
    );
    return { profile, facts, dossiers, sealedSample, seeding: { generateMs: seeded.generateMs, writeMs: seeded.writeMs } };
  } finally {
    await context.close();
  }
}

function firstInteractiveFigures(samples: FirstInteractiveSample[]) {
  return {
    runs: samples.length,
    medianMs: round(median(samples.map((s) => s.usableMs))),
    appearMedianMs: round(median(samples.map((s) => s.appearMs))),
    wallMedianMs: round(median(samples.map((s) => s.wallMs))),
    scriptKbAtStart: round(median(samples.map((s) => s.scriptBytes)) / 1024),
    samplesMs: samples.map((s) => round(s.usableMs)),
  };
}

function searchFigures(samples: SearchSample[], kind: SearchKind) {
  const own = samples.filter((s) => s.kind === kind);
  const total = own.map((s) => s.totalMs);
  const after = own.map((s) => s.afterDebounceMs);
  return {
    queries: own.length,
    medianMs: round(median(total)),
    p95Ms: round(p95(total)),
    maxMs: round(Math.max(...total)),
    afterDebounceMedianMs: round(median(after)),
    afterDebounceP95Ms: round(p95(after)),
    debounceMedianMs: round(median(own.map((s) => s.debounceMs))),
    examples: own.slice(0, 3).map((s) => ({ query: s.query, count: s.count, firstRow: s.firstRow, ms: round(s.totalMs) })),
  };
}

/** Did each search show what it should? (Recorded, never asserted.) */
function searchChecks(samples: SearchSample[], dossiers: Dossier[]) {
  const byCode = new Map(dossiers.map((d) => [d.code, d]));
  const byId = new Map<string, Dossier[]>();
  for (const d of dossiers) byId.set(d.applicant.idNumber, [...(byId.get(d.applicant.idNumber) ?? []), d]);
  const bad: { kind: SearchKind; query: string; count: string; firstRow: string }[] = [];
  for (const s of samples) {
    let ok = true;
    if (s.kind === 'code') ok = byCode.has(s.query) && s.firstRow.startsWith(s.query);
    else if (s.kind === 'id') ok = (byId.get(s.query) ?? []).some((d) => s.firstRow.includes(d.code));
    else ok = /\d/.test(s.count) && !/^0\b/.test(s.count.trim());
    if (!ok) bad.push({ kind: s.kind, query: s.query, count: s.count, firstRow: s.firstRow });
  }
  return { checked: samples.length, unexpected: bad.length, unexpectedExamples: bad.slice(0, 5) };
}

try {
  if (want('reception')) {
    // --- Profiles: empty (baseline), 1k (search baseline), 100k ----------------------------
    const empty = await prepareProfile('empty', 0);
    const small = await prepareProfile('1k', SMALL);
    const large = await prepareProfile(`${LARGE / 1000}k`, LARGE);

    // --- First interactive screen ---------------------------------------------------------
    log(`first interactive screen, ${FIRST_RUNS} browser starts each`);
    const fiEmpty = await measureFirstInteractive(empty.profile, host.url, FIRST_RUNS);
    await fiEmpty.last.context.close();
    const fiLarge = await measureFirstInteractive(large.profile, host.url, FIRST_RUNS);
    const firstEmpty = firstInteractiveFigures(fiEmpty.samples);
    const firstLarge = firstInteractiveFigures(fiLarge.samples);

    // --- Search: 1k baseline ---------------------------------------------------------------
    log(`search over ${SMALL} dossiers, ${QUERIES_EACH} queries of each kind`);
    const smallDesk = await launch(small.profile);
    await smallDesk.page.goto(host.url);
    await signIn(smallDesk.page);
    const smallQueries = searchQueries(small.dossiers, QUERIES_EACH);
    const warmSmall = searchQueries(small.dossiers, 1, 99);
    const searchSmall = await measureSearches(smallDesk.page, smallQueries, [...warmSmall.code, ...warmSmall.name, ...warmSmall.id]);
    await smallDesk.context.close();

    // --- Search, scrolling and receipts over the large register -----------------------------
    log(`search over ${LARGE} dossiers`);
    const { context, page } = fiLarge.last;
    await signIn(page);
    const largeQueries = searchQueries(large.dossiers, QUERIES_EACH);
    const warmLarge = searchQueries(large.dossiers, 1, 99);
    const searchLarge = await measureSearches(page, largeQueries, [...warmLarge.code, ...warmLarge.name, ...warmLarge.id]);

    log('scrolling the register');
    const scroll = await measureScroll(context, page, [0.5, 0.02, 0.25, 0.98, 0.75, 0.1], 150, 12_000);

    log(`accept → receipt, 1 warm-up + ${RECEIPTS}`);
    const walkIns = generateDossiers(large.facts, RECEIPTS + 1, until, 424242).map((d) => d.applicant);
    const receipts = await measureReceipts(page, walkIns, RECEIPTS);
    const finalCount = await countDossiers(page);
    await context.close();

    // --- Figures -------------------------------------------------------------------------
    const kinds: SearchKind[] = ['code', 'name', 'id'];
    const searchKind = (kind: SearchKind) => {
      const figures = searchFigures(searchLarge, kind);
      const base = searchFigures(searchSmall, kind);
      return {
        ...figures,
        samples: searchLarge
          .filter((s) => s.kind === kind)
          .map((s) => ({ query: s.query, results: Number(/\d+/.exec(s.count)?.[0] ?? NaN), ms: round(s.totalMs), afterDebounceMs: round(s.afterDebounceMs) })),
        baseline1k: base,
        ratioMedian: ratio(figures.medianMs, base.medianMs),
        ratioP95: ratio(figures.p95Ms, base.p95Ms),
        afterDebounceRatioMedian: ratio(figures.afterDebounceMedianMs, base.afterDebounceMedianMs),
        afterDebounceRatioP95: ratio(figures.afterDebounceP95Ms, base.afterDebounceP95Ms),
      };
    };
    const search = { code: searchKind('code'), name: searchKind('name'), id: searchKind('id') };
    const worst = kinds.reduce((a, b) => (search[b].p95Ms > search[a].p95Ms ? b : a));
    const worstBase = kinds.reduce((a, b) => (search[b].baseline1k.p95Ms > search[a].baseline1k.p95Ms ? b : a));
    const worstAfter = kinds.reduce((a, b) => (search[b].afterDebounceP95Ms > search[a].afterDebounceP95Ms ? b : a));
    const worstAfterBase = kinds.reduce((a, b) => (search[b].baseline1k.afterDebounceP95Ms > search[a].baseline1k.afterDebounceP95Ms ? b : a));

    const jumpFilled = scroll.jumps.flatMap((j) => (j.fillMs === null ? [] : [j.fillMs]));
    const receiptTotals = receipts.samples.map((s) => s.totalMs);
    const receiptMs = round(median(receiptTotals));
    const httpBaseline = round(median(receipts.httpBaselineMs));
    const nodeBaseline = round(median(receipts.nodeRenderMs));

    const reception = {
      date: new Date().toISOString(),
      dossiers: LARGE,
      dossiersAfterRun: finalCount,
      /** Sealed at rest through the protection middleware since 2e91894; one stored record as on disk. */
      sealedSample: large.sealedSample,
      seedingMs: { generate: round(large.seeding.generateMs), sealAndWrite: round(large.seeding.writeMs) },
      baselineDossiers: { firstInteractive: 0, search: SMALL },
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGb: round(totalmem() / 2 ** 30, 1),
        node: process.version,
        chromium: chromiumVersion,
        platform: `${process.platform} ${process.arch}`,
        /** 1/5/15-minute load averages: other work on the machine skews every figure. */
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadavg().map((v) => round(v, 2)),
      },
      method: {
        firstInteractive:
          'Fresh Chromium start on the profile per run; ms from navigation start (performance.timeOrigin) until the sign-in form is in the DOM with its submit button enabled and the main thread has run the next task (setTimeout 0). Median of runs. scriptKbAtStart: decoded JavaScript the page had fetched by then (Resource Timing), what it parsed and compiled before the form took input; since issue 17 the desk screens load as chunks of their own (renderer/app/lazyPages.ts), and a desk set up before shows the form without waiting for IndexedDB to open its store (renderer/app/startupHint.ts; the profiles here have signed in once, as a desk switched on has).',
        search:
          "Signed in, register (F3). In the page: type a no-match query and wait for the empty state, then insert the query into input[name=dossier-search] (execCommand insertText, a trusted input event) and time with performance.now() until a MutationObserver sees the DOM commit with the first result row. *Ms figures include the register's debounce (searchDebounceMs, 120 ms before issue 17); afterDebounce* figures start when that timer fires (IndexedDB query + opening the rows shown + React render only). Baseline: the same kinds of queries over 1,000 dossiers; ratio = 100k / 1k. Queries are taken from the seeded register: full codes, 12-digit ID numbers, names without diacritics (family+middle, full name, middle+given).",
        receipt:
          'Reception page with a valid applicant and every checklist box ticked; in-page time from the click on "Tiếp nhận & in giấy hẹn" (capture listener) to the first <canvas> in .pdf-viewer (pdf.js has drawn page 1). Median over the measured dossiers after one warm-up, with 100k dossiers in the database. Baseline: the same forms.render requests replayed from the page with fetch (HTTP round trip + render in main); also renderForm() alone in Node.',
        heap: 'Register with no query (paged view, 100 rows a page). CDP Performance.getMetrics JSHeapUsedSize sampled every 100 ms while jumping to 6 positions across the register (waiting up to jumpTimeoutMs each for the rows to fill) and then scrolling 150 frames at 120 px a frame from the top; a forced GC before the start. rawPageReadMs: one 100-row read through the receivedAt index with raw IndexedDB (advance + continue), outside the app.',
        encryption:
          'Since commit 2e91894 the register is encrypted at rest: every figure here is of the encrypted desk (sealed records, blind-index search tokens, sealed PDFs). The "protection" section measures what that costs against the same code without encryption.',
        seeding:
          "First run through the wizard with the demo box ticked, then the dossiers store is replaced by dossiers from renderer/features/demo/demoDossiers.ts (fixed seed, 80 a day, the wizard's office/officer/catalogue), generated inside the page (esbuild bundle of the generator, Dexie and the protection code) and stored through the app's own openDeskDb, unlocked with the administrator's password (unlockForOfficer, as a sign-in does): the protection middleware seals every dossier and computes its blind-index search keys, 5,000 a bulkPut. Node generates the same set to pick queries and checks a few records, read back through the unlocked Dexie, are identical; sealedSample shows one record as stored on disk.",
      },

      firstInteractiveMs: firstLarge.medianMs,
      firstInteractiveBaselineMs: firstEmpty.medianMs,
      firstInteractiveRatio: ratio(firstLarge.medianMs, firstEmpty.medianMs),
      firstInteractive: { large: firstLarge, empty: firstEmpty },

      searchP95Ms: search[worst].p95Ms,
      searchP95Kind: worst,
      searchP95BaselineMs: search[worstBase].baseline1k.p95Ms,
      searchP95Ratio: ratio(search[worst].p95Ms, search[worstBase].baseline1k.p95Ms),
      searchAfterDebounceP95Ms: search[worstAfter].afterDebounceP95Ms,
      searchAfterDebounceP95BaselineMs: search[worstAfterBase].baseline1k.afterDebounceP95Ms,
      searchAfterDebounceP95Ratio: ratio(search[worstAfter].afterDebounceP95Ms, search[worstAfterBase].baseline1k.afterDebounceP95Ms),
      searchDebounceMs: SEARCH_DEBOUNCE_MS,
      search,
      searchChecks: { large: searchChecks(searchLarge, large.dossiers), baseline1k: searchChecks(searchSmall, small.dossiers) },

      receiptMs,
      receiptP95Ms: round(p95(receiptTotals)),
      receiptBaselineMs: httpBaseline,
      receiptRatio: ratio(receiptMs, httpBaseline),
      receiptNodeRenderMs: nodeBaseline,
      receiptRatioToNodeRender: ratio(receiptMs, nodeBaseline),
      receipt: {
        runs: receipts.samples.length,
        total: summary(receiptTotals),
        beforeRenderMedianMs: round(median(receipts.samples.map((s) => s.beforeRenderMs))),
        renderHttpMedianMs: round(median(receipts.samples.map((s) => s.renderHttpMs))),
        afterRenderMedianMs: round(median(receipts.samples.map((s) => s.afterRenderMs))),
        warmupMs: round(receipts.warmup.totalMs),
        httpBaseline: summary(receipts.httpBaselineMs),
        nodeRender: summary(receipts.nodeRenderMs),
        samples: receipts.samples.map((s) => ({
          code: s.code,
          procedure: s.procedure,
          totalMs: round(s.totalMs),
          beforeRenderMs: round(s.beforeRenderMs),
          renderHttpMs: round(s.renderHttpMs),
          afterRenderMs: round(s.afterRenderMs),
        })),
      },

      heapPeakBytes: scroll.heapPeakBytes,
      heapPeakMb: round(scroll.heapPeakBytes / 2 ** 20),
      scroll: {
        total: scroll.total,
        heapBeforeMb: round(scroll.heapBeforeBytes / 2 ** 20),
        heapPeakMb: round(scroll.heapPeakBytes / 2 ** 20),
        heapAfterMb: round(scroll.heapAfterBytes / 2 ** 20),
        heapTotalPeakMb: round(scroll.heapTotalPeakBytes / 2 ** 20),
        heapSamples: scroll.heapSamples,
        jumpFill: jumpFilled.length ? summary(jumpFilled) : null,
        jumpsNotFilled: scroll.jumps.filter((j) => j.fillMs === null).length,
        jumpTimeoutMs: scroll.jumpTimeoutMs,
        jumps: scroll.jumps.map((j) => ({ ...j, fillMs: j.fillMs === null ? null : round(j.fillMs) })),
        continuous: { ...scroll.continuous, ms: round(scroll.continuous.ms) },
        idbReadRequests: scroll.idbRequests,
        distinctPagesShown: scroll.distinctPages,
        rawPageReadMs: scroll.rawPageReadMs.map((r) => ({ offset: r.offset, reverseMs: round(r.reverseMs), forwardMs: round(r.forwardMs) })),
      },
      runtimeS: 0,
    };
    reception.runtimeS = round((performance.now() - began) / 1000);

    await mergeSection(RESULTS, 'reception', reception);

    const line = (label: string, value: string) => process.stdout.write(`  ${label.padEnd(34)} ${value}\n`);
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    process.stdout.write(
      `\nReception — ${LARGE.toLocaleString('en')} dossiers (${reception.machine.cpus} CPUs, node ${process.version}, ${chromiumVersion})\n`,
    );
    line('first interactive (sign-in usable)', `${ms(firstLarge.medianMs)}  vs empty ${ms(firstEmpty.medianMs)}  ×${reception.firstInteractiveRatio}`);
    for (const kind of kinds) {
      const s = search[kind];
      line(
        `search ${kind} median / p95`,
        `${ms(s.medianMs)} / ${ms(s.p95Ms)}  (after debounce ${ms(s.afterDebounceMedianMs)} / ${ms(s.afterDebounceP95Ms)})  vs 1k p95 ${ms(s.baseline1k.p95Ms)}  ×${s.ratioP95} (after debounce ×${s.afterDebounceRatioP95})`,
      );
    }
    line('search p95 (worst kind)', `${ms(reception.searchP95Ms)} (${worst}, incl. ${SEARCH_DEBOUNCE_MS} ms debounce)`);
    line(
      'accept → receipt on screen',
      `${ms(receiptMs)}  vs forms.render HTTP ${ms(httpBaseline)}  ×${reception.receiptRatio}  (renderForm in Node ${ms(nodeBaseline)})`,
    );
    line(`peak JS heap scrolling ${LARGE / 1000}k`, `${reception.heapPeakMb} MB (before ${reception.scroll.heapBeforeMb} MB)`);
    line(
      'scroll jump → rows filled',
      `${reception.scroll.jumpFill ? `median ${ms(reception.scroll.jumpFill.medianMs)}, max ${ms(reception.scroll.jumpFill.maxMs)}` : 'none filled'}; ${reception.scroll.jumpsNotFilled}/${scroll.jumps.length} not filled in ${scroll.jumpTimeoutMs / 1000} s; ${scroll.idbRequests} IndexedDB reads for ${scroll.distinctPages} pages shown`,
    );
    const deepest = reception.scroll.rawPageReadMs.at(-1);
    if (deepest)
      line('raw IndexedDB deepest page read', `offset ${deepest.offset}: newest-first ${ms(deepest.reverseMs)}, oldest-first ${ms(deepest.forwardMs)}`);
    const unexpected = reception.searchChecks.large.unexpected + reception.searchChecks.baseline1k.unexpected;
    if (unexpected) line('searches with unexpected rows', String(unexpected));
    line('results', `${RESULTS} (runtime ${reception.runtimeS} s)`);
  }

  if (want('scanning')) {
    // Scanning: the page pipeline against img2pdf on the same pages, and the scan panel with 300 pages.
    log('scanning: pipeline against img2pdf on the same pages');
    const scanning: Record<string, unknown> = { ...(await benchScanning()), ui: await benchScanUi(rendererDir) };
    await mergeSection(RESULTS, 'scanning', scanning);
    process.stdout.write(`\nScanning — see ${RESULTS} under "scanning"\n${JSON.stringify({ sizes: scanning.sizes, ui: scanning.ui }, null, 2)}\n`);
  }

  if (want('signing')) {
    log('signing: PAdES on 1 MB and 50 MB PDFs against openssl cms -sign');
    const signing = await benchSigning();
    await mergeSection(RESULTS, 'signing', signing);
    process.stdout.write(`\nSigning — see ${RESULTS} under "signing"\n${JSON.stringify(signing.files, null, 2)}\n`);
  }

  if (want('protection')) {
    log('protection: the cost of encryption at rest (search, accept → receipt, sealing throughput)');
    const protection = await benchProtection({ host, log });
    await mergeSection(RESULTS, 'protection', protection);
    process.stdout.write(`\nProtection — see ${RESULTS} under "protection"\n${JSON.stringify(protection.summary, null, 2)}\n`);
  }

  if (want('sync')) {
    log('sync: a 1,000-dossier backlog over loopback and a 10 Mbit/s link, then the chaos run');
    const sync = await benchSync();
    await mergeSection(RESULTS, 'sync', sync);
    process.stdout.write(`\nSync — see ${RESULTS} under "sync"\n${JSON.stringify({ limited: sync.limited, chaos: sync.chaos }, null, 2)}\n`);
  }

  if (want('ux')) {
    log('ux: a scripted officer receives the reference dossier by mouse and by keyboard only');
    const ux = await benchUx(rendererDir);
    await mergeSection(RESULTS, 'ux', ux);
    process.stdout.write(`\nUX — see ${RESULTS} under "ux"\n${JSON.stringify({ before: ux.before, mouse: ux.mouse, keyboard: ux.keyboard }, null, 2)}\n`);
  }

  if (want('cli')) {
    log('cli: `desk holidays` start-up, built against tsx, with `node -e 0` as the floor');
    const cli = await benchCli();
    await mergeSection(RESULTS, 'cli', cli);
    process.stdout.write(
      `\nCLI — see ${RESULTS} under "cli"\n${JSON.stringify({ nodeBaseline: cli.nodeBaseline, built: cli.built, tsx: cli.tsx, ratios: cli.ratios }, null, 2)}\n`,
    );
  }

  if (want('hid')) {
    log('hid: an emulated HID POS scan, from its last report to the reception form filled');
    const hid = await benchHidScan();
    await mergeSection(RESULTS, 'hid', hid);
    process.stdout.write(`\nHID scan — see ${RESULTS} under "hid"\n${JSON.stringify(hid.lastReportToFormFilledMs, null, 2)}\n`);
  }

  if (want('certify')) {
    log('certify: certified copies per minute of a 3-page original (token excluded) against plain PAdES signing');
    const certify = await benchCertify();
    await mergeSection(RESULTS, 'certify', certify);
    process.stdout.write(`\nCertify — see ${RESULTS} under "certify"\n${JSON.stringify({ certify: certify.certify, baseline: certify.baseline }, null, 2)}\n`);
  }

  if (want('ocr')) {
    log('ocr: Vietnamese pages at 300 dpi bilevel and 200 dpi grey through the text layer, against the tesseract CLI (or the page drawing time)');
    const ocr = await benchOcr(log);
    await mergeSection(RESULTS, 'ocr', ocr);
    process.stdout.write(`\nOCR — see ${RESULTS} under "ocr"\n${JSON.stringify({ results: ocr.results, baseline: ocr.baseline }, null, 2)}\n`);
  }

  if (want('scorecard')) {
    log(`scorecard: one month's figures over ${LARGE} encrypted dossiers against a plain count of the same table`);
    const scorecard = await benchScorecard({ host, log });
    await mergeSection(RESULTS, 'scorecard', scorecard);
    process.stdout.write(
      `\nScorecard — see ${RESULTS} under "scorecard"\n${JSON.stringify({ dossiers: scorecard.dossiers, scorecardMedianMs: scorecard.scorecardMedianMs, countAllMedianMs: scorecard.countAllMedianMs, ratioToOpenMonth: scorecard.ratioToOpenMonth }, null, 2)}\n`,
    );
  }
} finally {
  await host.close();
  for (const profile of profiles) await removeProfile(profile);
  if (!process.env.BENCH_RENDERER_DIR) await rm(rendererDir, { recursive: true, force: true });
}
