// Protection benchmark: what encryption at rest (renderer/db/protection/) costs the desk.
//   - Register search, median and p95, over the same generated dossiers with and without
//     encryption, the same queries of five kinds.
//   - Receive → receipt: recordDecision + issueForm (the PDF rendered by the web host's real
//     main-side handler over HTTP), with and without encryption.
//   - Raw sealing throughput: records/s for sealRecord/openRecord against structuredClone, and
//     MB/s for sealing/opening a 20 MB file against copying its bytes.
// Search and receipts run in Debian's Chromium on real IndexedDB (bench/protectionPage.entry.ts
// holds the two databases and explains the baseline); the throughput figures are taken both in
// that page and in Node (fake-indexeddb is not involved: sealing needs no database).
//
// Baseline ("without encryption"): the very same production functions (openDeskDb,
// recordDecision, issueForm, pdfFile) on a database opened without the Protection middleware
// (db.unuse({ stack: 'dbcore', name: 'Protection' })), a pass-through stand-in for
// db.protection (sealBlob/openBlob return their input), plaintext search keys as the app kept
// them before commit 2e91894 (dossierSearchKeys), and the register's search as it was then (a
// startsWith query on searchKeys). Nothing here asserts a timing.
//
// Run alone with `node --import tsx bench/protection.ts` (builds the renderer for the first
// run's facts); `npm run bench` runs it too. BENCH_PROTECTION_DOSSIERS=20000 (comma list of
// register sizes), BENCH_PROTECTION_QUERIES=20 (queries of each kind), BENCH_PROTECTION_RECEIPTS=10.
//
// Restore (issue 17: a desk restored from the province, 100,000 dossiers): the same generated
// dossiers written into an empty encrypted database three ways, one after the other, each on a
// database of its own: the app's path (bulkPuts through the protection middleware), the same
// rows sealed first and then written with plain IndexedDB puts (the floor IndexedDB sets, with
// the sealing timed apart), and those sealed rows without their blind search index. Per
// transaction times show where the time goes as the store grows. BENCH_PROTECTION_RESTORE=20000
// (dossiers; 0 skips it); BENCH_PROTECTION_ONLY=restore measures only that and keeps the
// section's other figures as they were.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { Dossier } from '#domain/model.ts';
import { fold } from '#domain/search/fold.ts';
import { seededRandom } from '#domain/seededRandom.ts';
import type { WebHost } from '#main/web.ts';
import { Protection } from '#renderer/db/protection/protection.ts';
import { deriveDataKey, newKid, newSecret } from '#renderer/db/protection/dataKey.ts';
import { PER_DAY, SEED, firstRun, generateDossiers, launch, newProfile, readDeskFacts, removeProfile, startBenchHost } from './desk.ts';
import { pageScript } from './pageSeed.ts';
import type { Mode, ProtectionPageFacts, ReceiveRun, RestorePath, RestoreRun, SearchRun } from './protectionPage.entry.ts';
import { fileThroughput, recordThroughput, type FileThroughput, type RecordThroughput } from './sealing.ts';
import { median, p95, ratio, round, summary } from './stats.ts';
import { mergeSection } from './results.ts';

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIZES = (process.env.BENCH_PROTECTION_DOSSIERS ?? '20000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const QUERIES_EACH = Number(process.env.BENCH_PROTECTION_QUERIES ?? 20);
const RECEIPTS = Number(process.env.BENCH_PROTECTION_RECEIPTS ?? 10);
const MICRO_RECORDS = 2000;
const FILE_BYTES = 20 * 1024 * 1024;
const RESTORE = Number(process.env.BENCH_PROTECTION_RESTORE ?? 20000);
const RESTORE_ONLY = process.env.BENCH_PROTECTION_ONLY === 'restore';

export type ProtectionQueryKind = 'nameFolded' | 'namePrefix' | 'id' | 'phone' | 'code';
const KINDS: ProtectionQueryKind[] = ['nameFolded', 'namePrefix', 'id', 'phone', 'code'];

/** Queries from the generated register, as typed: names without diacritics, a word's first letters, 12-digit IDs, phones, full codes. */
export function protectionQueries(dossiers: readonly Dossier[], each: number, seed = 11): Record<ProtectionQueryKind, string[]> {
  const rng = seededRandom(seed);
  const out: Record<ProtectionQueryKind, string[]> = { nameFolded: [], namePrefix: [], id: [], phone: [], code: [] };
  const seen = new Set<string>();
  const add = (kind: ProtectionQueryKind, q: string) => {
    if (out[kind].length >= each || seen.has(q)) return;
    seen.add(q);
    out[kind].push(q);
  };
  for (let guard = 0; guard < each * 200 && KINDS.some((k) => out[k].length < each); guard++) {
    const d = dossiers[Math.floor(rng() * dossiers.length)]!;
    const words = fold(d.applicant.fullName).split(' ');
    // Family + middle, the full name, or middle + given, without diacritics.
    const form = out.nameFolded.length % 3;
    add('nameFolded', form === 0 ? words.slice(0, 2).join(' ') : form === 1 ? words.join(' ') : words.slice(1).join(' '));
    // The first three letters of one word ("ngu", "tha"): broad, often past the 1,000-row limit.
    const word = words[Math.floor(rng() * words.length)]!;
    if (word.length >= 3) add('namePrefix', word.slice(0, 3));
    add('id', d.applicant.idNumber);
    if (d.applicant.phone) add('phone', d.applicant.phone);
    add('code', d.code);
  }
  return out;
}

type ProtWindow = {
  __prot: {
    open(name: string, mode: Mode, facts: ProtectionPageFacts): Promise<void>;
    close(name: string): Promise<void>;
    seed(name: string, facts: ProtectionPageFacts, count: number): Promise<{ stored: number; generateMs: number; writeMs: number }>;
    search(name: string, queries: string[]): Promise<SearchRun[]>;
    receive(name: string, facts: ProtectionPageFacts, count: number, offset: number): Promise<ReceiveRun[]>;
    rawSample(name: string): Promise<{ dossier: Record<string, unknown> | null; fileType: string | null }>;
    micro(facts: ProtectionPageFacts, records: number, fileBytes: number): Promise<{ records: RecordThroughput; file: FileThroughput }>;
    restore(name: string, facts: ProtectionPageFacts, count: number, path: RestorePath): Promise<RestoreRun>;
  };
};
const prot = (page: Page) => ({
  open: (name: string, mode: Mode, facts: ProtectionPageFacts) =>
    page.evaluate(([n, m, f]) => (window as unknown as ProtWindow).__prot.open(n, m, f), [name, mode, facts] as const),
  close: (name: string) => page.evaluate((n) => (window as unknown as ProtWindow).__prot.close(n), name),
  seed: (name: string, facts: ProtectionPageFacts, count: number) =>
    page.evaluate(([n, f, c]) => (window as unknown as ProtWindow).__prot.seed(n, f, c), [name, facts, count] as const),
  search: (name: string, queries: string[]) => page.evaluate(([n, q]) => (window as unknown as ProtWindow).__prot.search(n, q), [name, queries] as const),
  receive: (name: string, facts: ProtectionPageFacts, count: number, offset: number) =>
    page.evaluate(([n, f, c, o]) => (window as unknown as ProtWindow).__prot.receive(n, f, c, o), [name, facts, count, offset] as const),
  rawSample: (name: string) => page.evaluate((n) => (window as unknown as ProtWindow).__prot.rawSample(n), name),
  restore: (name: string, facts: ProtectionPageFacts, count: number, path: RestorePath) =>
    page.evaluate(([n, f, c, w]) => (window as unknown as ProtWindow).__prot.restore(n, f, c, w), [name, facts, count, path] as const),
  micro: (facts: ProtectionPageFacts) =>
    page.evaluate(([f, r, b]) => (window as unknown as ProtWindow).__prot.micro(f, r, b), [facts, MICRO_RECORDS, FILE_BYTES] as const),
});

const mbPerS = (bytes: number, ms: number) => round(bytes / 2 ** 20 / (ms / 1000), 1);
const perS = (n: number, ms: number) => Math.round(n / (ms / 1000));

function throughputFigures(t: { records: RecordThroughput; file: FileThroughput }) {
  const r = t.records;
  const f = t.file;
  return {
    records: {
      ...r,
      sealRecordsPerS: perS(r.records, r.sealMs),
      openRecordsPerS: perS(r.records, r.openMs),
      structuredClonePerS: perS(r.records, r.structuredCloneMs),
      sealUsPerRecord: round((r.sealMs * 1000) / r.records),
      openUsPerRecord: round((r.openMs * 1000) / r.records),
      indexTokensUsPerRecord: round((r.indexTokensMs * 1000) / r.records),
      structuredCloneUsPerRecord: round((r.structuredCloneMs * 1000) / r.records, 2),
      sealRatioToStructuredClone: ratio(r.sealMs, r.structuredCloneMs),
      openRatioToStructuredClone: ratio(r.openMs, r.structuredCloneMs),
      indexTokensShareOfSeal: ratio(r.indexTokensMs, r.sealMs),
    },
    file: {
      ...f,
      sealMBps: mbPerS(f.bytes, f.sealMs),
      openMBps: mbPerS(f.bytes, f.openMs),
      copyBlobMBps: mbPerS(f.bytes, f.copyBlobMs),
      readBytesMBps: mbPerS(f.bytes, f.readBytesMs),
      copyChunkedMBps: mbPerS(f.bytes, f.copyChunkedMs),
      sealRatioToCopyBlob: ratio(f.sealMs, f.copyBlobMs),
      openRatioToReadBytes: ratio(f.openMs, f.readBytesMs),
      sealRatioToCopyChunked: ratio(f.sealMs, f.copyChunkedMs),
    },
  };
}

/** Sealing throughput in Node (OpenSSL's AES-GCM behind WebCrypto; @noble/ciphers for records). */
async function nodeThroughput(dossiers: Dossier[]) {
  const protection = new Protection();
  const kid = newKid();
  protection.install([deriveDataKey(kid, newSecret())], kid, newSecret());
  return { records: await recordThroughput(protection, dossiers), file: await fileThroughput(protection, FILE_BYTES) };
}

/** One restore path on a browser profile of its own, after the first run. */
async function restoreOnFreshDesk(host: WebHost, count: number, path: RestorePath): Promise<RestoreRun> {
  const profile = await newProfile(`protection-restore-${path}`);
  const { context, page } = await launch(profile);
  try {
    await page.goto(host.issueOpenUrl());
    await firstRun(page);
    const facts: ProtectionPageFacts = { ...(await readDeskFacts(page)), until: new Date().toISOString(), perDay: PER_DAY, seed: SEED };
    await page.evaluate(await pageScript('./protectionPage.entry.ts'));
    const p = prot(page);
    const name = `bench-protection-restore-${path}`;
    await p.open(name, 'sealed', facts);
    return await p.restore(name, facts, count, path);
  } finally {
    await context.close();
    await removeProfile(profile);
  }
}

/**
 * A desk restored from the province: `count` generated dossiers into an empty encrypted
 * database by the app's path, sealed rows written with plain puts (IndexedDB's
 * floor) and those without the blind search index, one after the other, each on a browser
 * profile of its own: an origin's databases share one LevelDB, and a database deleted there
 * is compacted away while the next path writes.
 */
export async function benchRestore(host: WebHost, count: number, log: (message: string) => void) {
  const runs = [];
  for (const path of ['queued', 'sealedRows', 'withoutSearchKeys'] as const) {
    const load = loadavg()[0]!;
    const run = await restoreOnFreshDesk(host, count, path);
    if (run.stored !== count) throw new Error(`restore ${path}: ${run.stored} stored`);
    // The last transaction may hold fewer than 5,000.
    const chunk = (i: number) => perS(Math.min(5000, count - i * 5000), run.chunkMs[i]!);
    const figures = {
      path,
      writePerS: perS(count, run.writeMs),
      writeMs: round(run.writeMs),
      sealMs: run.sealMs === null ? null : round(run.sealMs),
      sealPerS: run.sealMs === null ? null : perS(count, run.sealMs),
      firstChunkPerS: chunk(0),
      lastChunkPerS: chunk(run.chunkMs.length - 1),
      chunkMs: run.chunkMs,
      searchKeysPerDossier: run.searchKeysPerDossier,
      loadAverage: { start: round(load, 2), end: round(loadavg()[0]!, 2) },
    };
    log(
      `restore ${count} dossiers, ${path}: written at ${figures.writePerS}/s (first transaction ${figures.firstChunkPerS}/s, last ${figures.lastChunkPerS}/s)`,
    );
    runs.push(figures);
  }
  const [app, sealedRows, withoutSearchKeys] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
  return {
    dossiers: count,
    dossiersPerTransaction: 5000,
    dossiersPerS: app.writePerS,
    floorPerS: sealedRows.writePerS,
    withoutSearchKeysPerS: withoutSearchKeys.writePerS,
    sealOnlyPerS: sealedRows.sealPerS,
    appPathToFloor: ratio(app.writeMs, sealedRows.writeMs),
    searchKeysShareOfFloor: ratio(sealedRows.writeMs - withoutSearchKeys.writeMs, sealedRows.writeMs),
    paths: runs,
  };
}

function searchSummary(runs: SearchRun[]) {
  const ms = runs.map((r) => r.ms);
  return { n: runs.length, medianMs: round(median(ms)), p95Ms: round(p95(ms)), maxMs: round(Math.max(...ms)), resultsMedian: median(runs.map((r) => r.count)) };
}

/** The checkout measured: HEAD and the files under renderer/ and domain/ changed since (others edit them while benches run). */
function codeVersion() {
  const git = (...args: string[]) => {
    try {
      // trimEnd: porcelain lines start with a space that slicing the status off counts on.
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trimEnd();
    } catch {
      return '';
    }
  };
  return {
    commit: git('rev-parse', '--short', 'HEAD'),
    uncommitted: git('status', '--porcelain', '--', 'renderer', 'domain')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3)),
  };
}

/** The restore figures with the run's date, code and the machine's load around them. */
async function restoreSection(host: WebHost, log: (message: string) => void) {
  const loadAtStart = loadavg().map((v) => round(v, 2));
  const began = performance.now();
  const figures = await benchRestore(host, RESTORE, log);
  return {
    date: new Date().toISOString(),
    code: codeVersion(),
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadavg().map((v) => round(v, 2)),
    method:
      "Debian Chromium on real IndexedDB (LevelDB), in a desk page served by main/web.ts; the same demoDossiers set (fixed seed) generated in the page for each path (not timed), each path into a new empty database with its own keyring, one after the other, each on a new browser profile (one LevelDB per origin: a deleted database is compacted away while the next writes). queued (the app's path): db.dossiers.bulkPut through openDeskDb's protection middleware, 5,000 a transaction, all queued at once, as the bench seeding does (bench/pageSeed.entry.ts). sealedRows: the same Protection.sealRecord first (sealMs), then the stored rows put with plain IndexedDB, 5,000 a transaction, all queued: the write with no sealing in it. withoutSearchKeys: those sealed rows less searchKeys (the multi-entry blind index). chunkMs: each transaction, completion to completion.",
    ...figures,
    runtimeS: round((performance.now() - began) / 1000),
  };
}

export async function benchProtection(options: { host: WebHost; log?: (message: string) => void }) {
  const log = options.log ?? ((m: string) => process.stdout.write(`[protection] ${m}\n`));
  const began = performance.now();
  const loadAtStart = loadavg().map((v) => round(v, 2));
  const code = codeVersion();
  const profile = await newProfile('protection');
  const { context, page } = await launch(profile);
  try {
    await page.goto(options.host.issueOpenUrl());
    await firstRun(page);
    const deskFacts = await readDeskFacts(page);
    const until = new Date();
    const facts: ProtectionPageFacts = { ...deskFacts, until: until.toISOString(), perDay: PER_DAY, seed: SEED };
    await page.evaluate(await pageScript('./protectionPage.entry.ts'));
    const p = prot(page);

    // --- Raw sealing throughput, in the page and in Node ------------------------------------
    log(`sealing throughput: ${MICRO_RECORDS} records, a ${FILE_BYTES / 2 ** 20} MB file (Chromium, then Node)`);
    const chromiumMicro = throughputFigures(await p.micro(facts));
    const nodeMicro = throughputFigures(await nodeThroughput(generateDossiers(deskFacts, MICRO_RECORDS, until, 99)));

    // --- Search and receipts over each register size --------------------------------------
    const sizes = [];
    for (const size of SIZES) {
      const names: Record<Mode, string> = { sealed: `bench-protection-sealed-${size}`, plain: `bench-protection-plain-${size}` };
      const seeding: Partial<Record<Mode, { generateMs: number; writeMs: number }>> = {};
      for (const mode of ['plain', 'sealed'] as const) {
        await p.open(names[mode], mode, facts);
        const s = await p.seed(names[mode], facts, size);
        if (s.stored !== size) throw new Error(`${mode} ${size}: ${s.stored} stored`);
        seeding[mode] = { generateMs: round(s.generateMs), writeMs: round(s.writeMs) };
        log(`${size} dossiers ${mode}: stored in ${(s.writeMs / 1000).toFixed(1)} s`);
      }
      const dossiers = generateDossiers(deskFacts, size, until);
      const queries = protectionQueries(dossiers, QUERIES_EACH);
      const warm = protectionQueries(dossiers, 2, 99);
      const warmList = KINDS.flatMap((k) => warm[k]);
      await p.search(names.plain, warmList);
      await p.search(names.sealed, warmList);
      // Interleaved: kind by kind, query by query, plain then sealed, so a busy patch of the
      // machine falls on both sides alike.
      const runs: Record<Mode, Record<ProtectionQueryKind, SearchRun[]>> = {
        plain: { nameFolded: [], namePrefix: [], id: [], phone: [], code: [] },
        sealed: { nameFolded: [], namePrefix: [], id: [], phone: [], code: [] },
      };
      const n = Math.max(...KINDS.map((k) => queries[k].length));
      for (let i = 0; i < n; i++) {
        for (const kind of KINDS) {
          const q = queries[kind][i];
          if (q === undefined) continue;
          const order: Mode[] = i % 2 === 0 ? ['plain', 'sealed'] : ['sealed', 'plain'];
          for (const mode of order) runs[mode][kind].push(...(await p.search(names[mode], [q])));
        }
      }
      log(`${size} dossiers: ${KINDS.length} kinds × ${QUERIES_EACH} queries searched in both databases`);
      const kindFigures = (kind: ProtectionQueryKind) => {
        const plain = searchSummary(runs.plain[kind]);
        const sealed = searchSummary(runs.sealed[kind]);
        const differing = runs.sealed[kind].filter((s, i) => {
          const b = runs.plain[kind][i]!;
          return s.count !== b.count || s.codes !== b.codes;
        });
        return {
          encrypted: sealed,
          plain,
          ratioMedian: ratio(sealed.medianMs, plain.medianMs),
          ratioP95: ratio(sealed.p95Ms, plain.p95Ms),
          sameResults: runs.sealed[kind].length - differing.length,
          differentResults: differing
            .slice(0, 3)
            .map((s) => ({ query: s.query, encrypted: s.count, plain: runs.plain[kind].find((b) => b.query === s.query)?.count })),
          examples: runs.sealed[kind].slice(0, 3).map((s) => ({
            query: s.query,
            results: s.count,
            encryptedMs: round(s.ms),
            plainMs: round(runs.plain[kind].find((b) => b.query === s.query)?.ms ?? NaN),
          })),
        };
      };
      const search = Object.fromEntries(KINDS.map((kind) => [kind, kindFigures(kind)])) as Record<ProtectionQueryKind, ReturnType<typeof kindFigures>>;
      const all = (mode: Mode) => KINDS.flatMap((k) => runs[mode][k].map((r) => r.ms));
      const overall = {
        encrypted: { medianMs: round(median(all('sealed'))), p95Ms: round(p95(all('sealed'))) },
        plain: { medianMs: round(median(all('plain'))), p95Ms: round(p95(all('plain'))) },
      };

      // Receipts: one warm-up each, then alternating plain / encrypted.
      log(`${size} dossiers: accept → receipt, 1 warm-up + ${RECEIPTS} each`);
      await p.receive(names.plain, facts, 1, 0);
      await p.receive(names.sealed, facts, 1, 0);
      const receipts: Record<Mode, ReceiveRun[]> = { plain: [], sealed: [] };
      for (let i = 0; i < RECEIPTS; i++) {
        const order: Mode[] = i % 2 === 0 ? ['plain', 'sealed'] : ['sealed', 'plain'];
        for (const mode of order) receipts[mode].push(...(await p.receive(names[mode], facts, 1, i + 1)));
      }
      const receiptFigures = (runs: ReceiveRun[]) => ({
        total: summary(runs.map((r) => r.totalMs)),
        recordDecisionMedianMs: round(median(runs.map((r) => r.recordMs))),
        issueFormMedianMs: round(median(runs.map((r) => r.issueMs))),
        pdfBytesMedian: median(runs.map((r) => r.pdfBytes)),
      });
      const receiptEncrypted = receiptFigures(receipts.sealed);
      const receiptPlain = receiptFigures(receipts.plain);

      const stored = { encrypted: await p.rawSample(names.sealed), plain: await p.rawSample(names.plain) };
      for (const mode of ['plain', 'sealed'] as const) await p.close(names[mode]);
      await page.evaluate(
        (list) =>
          Promise.all(
            list.map(
              (name) =>
                new Promise<void>((ok) => {
                  const r = indexedDB.deleteDatabase(name);
                  r.onsuccess = r.onerror = r.onblocked = () => ok();
                }),
            ),
          ),
        Object.values(names),
      );

      sizes.push({
        dossiers: size,
        seedingMs: seeding,
        seedingRatio: ratio(seeding.sealed!.writeMs, seeding.plain!.writeMs),
        search,
        searchOverall: {
          ...overall,
          ratioMedian: ratio(overall.encrypted.medianMs, overall.plain.medianMs),
          ratioP95: ratio(overall.encrypted.p95Ms, overall.plain.p95Ms),
        },
        receipt: {
          encrypted: receiptEncrypted,
          plain: receiptPlain,
          ratioMedian: ratio(receiptEncrypted.total.medianMs, receiptPlain.total.medianMs),
          ratioP95: ratio(receiptEncrypted.total.p95Ms, receiptPlain.total.p95Ms),
          recordDecisionRatio: ratio(receiptEncrypted.recordDecisionMedianMs, receiptPlain.recordDecisionMedianMs),
          issueFormRatio: ratio(receiptEncrypted.issueFormMedianMs, receiptPlain.issueFormMedianMs),
        },
        storedSample: stored,
      });
    }

    const restore = RESTORE > 0 ? await restoreSection(options.host, log) : null;

    const largest = sizes.at(-1)!;
    const summaryFigures = {
      dossiers: largest.dossiers,
      searchP95Ms: { encrypted: largest.searchOverall.encrypted.p95Ms, plain: largest.searchOverall.plain.p95Ms, ratio: largest.searchOverall.ratioP95 },
      searchMedianMs: {
        encrypted: largest.searchOverall.encrypted.medianMs,
        plain: largest.searchOverall.plain.medianMs,
        ratio: largest.searchOverall.ratioMedian,
      },
      searchP95ByKind: Object.fromEntries(
        KINDS.map((k) => [k, { encrypted: largest.search[k].encrypted.p95Ms, plain: largest.search[k].plain.p95Ms, ratio: largest.search[k].ratioP95 }]),
      ),
      receiptMedianMs: { encrypted: largest.receipt.encrypted.total.medianMs, plain: largest.receipt.plain.total.medianMs, ratio: largest.receipt.ratioMedian },
      sealRecordsPerS: {
        chromium: chromiumMicro.records.sealRecordsPerS,
        node: nodeMicro.records.sealRecordsPerS,
        structuredCloneChromium: chromiumMicro.records.structuredClonePerS,
      },
      openRecordsPerS: { chromium: chromiumMicro.records.openRecordsPerS, node: nodeMicro.records.openRecordsPerS },
      sealFileMBps: { chromium: chromiumMicro.file.sealMBps, node: nodeMicro.file.sealMBps, copyBlobChromium: chromiumMicro.file.copyBlobMBps },
      openFileMBps: { chromium: chromiumMicro.file.openMBps, node: nodeMicro.file.openMBps, readBytesChromium: chromiumMicro.file.readBytesMBps },
    };

    return {
      date: new Date().toISOString(),
      code,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        /** 1/5/15-minute load averages: other work on the machine skews every figure. */
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadavg().map((v) => round(v, 2)),
        note: 'a shared 2-core machine with other work running: compare the two sides of each ratio (measured interleaved in the same run), not absolute times across runs',
      },
      method: {
        where:
          "Search and accept → receipt: Debian Chromium on real IndexedDB, in a desk page served by main/web.ts (the first run done, the renderer built); the production modules are bundled by esbuild (bench/protectionPage.entry.ts) and called in the page, timed with performance.now(). The PDF is rendered by the web host's real main-side handler (forms.render over HTTP, as the browser-mode app does). Throughput: in that page (Chromium: BoringSSL behind WebCrypto) and in Node (OpenSSL behind WebCrypto); records are sealed with @noble/ciphers (pure JS) in both.",
        baseline:
          'Without encryption: the same production functions (openDeskDb, recordDecision, issueForm/pdfFile) on a database opened after db.unuse({ stack: "dbcore", name: "Protection" }), with a pass-through stand-in for db.protection defined in the bench (sealBlob/openBlob return their input), plaintext search keys as the app stored them before commit 2e91894 (domain/search/searchKeys.ts dossierSearchKeys, added on the way into the dossiers table by a bench middleware), and the register\'s search as it was before 2e91894 (startsWith on searchKeys, bulkGet 200 at a time up to 1,000 rows). Encrypted: today\'s openDeskDb with its keys installed and today\'s viewDossiers (blind tokens, anyOf, bulkGet, open, matchesQuery).',
        search: `Function level, not the UI: viewDossiers (encrypted) / the pre-2e91894 search (plain) with an empty filter, from the call to the rows in hand (no debounce, no React render; the reception section times the UI). ${QUERIES_EACH} queries of each kind picked from the generated register: nameFolded (family+middle, full name or middle+given, no diacritics), namePrefix (first 3 letters of one name word), id (12 digits), phone (0 + 9 digits), code (full). Each query runs once on each database, alternating which goes first; two queries of each kind warm both first. Results compared between the databases (count and a digest of the codes).`,
        receipt: `recordDecision (accepted, every component received) then issueForm (forms.render over HTTP, PDF sealed in encrypted mode, stored with an audit entry), one warm-up each then ${RECEIPTS} alternating plain / encrypted, on the register of that size.`,
        throughput: `${MICRO_RECORDS} generated dossiers: sealRecord / openRecord (dossiers table spec: AES-256-GCM of the personal fields + HMAC blind-index tokens) against structuredClone of the same records (IndexedDB’s own cost for any value); indexTokens = the blind index alone. A ${FILE_BYTES / 2 ** 20} MB random file: sealBlob (1 MiB chunks, AES-256-GCM in WebCrypto) against new Blob([await blob.arrayBuffer()]), openBytes against new Uint8Array(await blob.arrayBuffer()); copyChunked = the same 1 MiB slices read and joined without encryption. Median of 3 rounds each.`,
        seeding:
          "The same demoDossiers set (fixed seed, 80 a day) generated in the page for both databases and stored through each database's own Dexie stack with bulkPut, 5,000 a call.",
      },
      sizes: SIZES,
      summary: summaryFigures,
      registers: sizes,
      throughput: { chromium: chromiumMicro, node: nodeMicro },
      restore,
      runtimeS: round((performance.now() - began) / 1000),
    };
  } finally {
    await context.close();
    await removeProfile(profile);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { build } = await import('vite');
  const rendererDir = process.env.BENCH_RENDERER_DIR ?? (await mkdtemp(join(tmpdir(), 'desk-bench-renderer-')));
  if (!process.env.BENCH_RENDERER_DIR)
    await build({
      configFile: join(ROOT, 'vite.config.ts'),
      root: join(ROOT, 'renderer'),
      logLevel: 'warn',
      build: { outDir: rendererDir, emptyOutDir: true },
    });
  const host = await startBenchHost(rendererDir);
  try {
    if (RESTORE_ONLY) {
      const restore = await restoreSection(host, (m) => process.stdout.write(`[protection] ${m}\n`));
      // The section's other figures stay as the last full run measured them.
      const before = (JSON.parse(await readFile(RESULTS, 'utf8')) as { protection?: object }).protection ?? {};
      await mergeSection(RESULTS, 'protection', { ...before, restore });
      process.stdout.write(`${JSON.stringify({ ...restore, paths: undefined }, null, 2)}\n`);
    } else {
      const protection = await benchProtection({ host });
      await mergeSection(RESULTS, 'protection', protection);
      process.stdout.write(`${JSON.stringify(protection.summary, null, 2)}\n`);
    }
  } finally {
    await host.close();
    if (!process.env.BENCH_RENDERER_DIR) await rm(rendererDir, { recursive: true, force: true });
  }
}
