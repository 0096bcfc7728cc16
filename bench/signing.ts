// Signing benchmark: a PAdES signature on a 1 MB and a 50 MB PDF against `openssl cms -sign`
// (a detached CMS over the same bytes) in the same run. The key is a software key, so the
// figures leave out the token's own time, which no software can shorten. Each signature runs
// in a child process under /usr/bin/time -v: peak memory is the child's maximum RSS. Our
// figure also has a time measured inside the child around signParts() alone (no Node start-up),
// and the child's peak RSS growth from just before it reads the file (Node, tsx and the
// signing code are there before any file is: the goal is memory bounded by the file). The
// child signs and writes as `desk sign` does (SigningService.signFileParts): the input and the
// appended revision are written part by part, never joined into a second copy of the file.
// Each file is signed twice: as written with a classic cross-reference table (the fast path,
// read from the tail) and re-saved with a cross-reference stream (pdf-lib's full parse).
// Run alone with `node --import tsx bench/signing.ts`; `npm run bench` runs it too.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createPrivateKey } from 'node:crypto';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanOfSize } from '#main/signing/test-support.ts';
import { timed } from './process.ts';
import { median, round } from './stats.ts';
import { mergeSection } from './results.ts';

const SELF = fileURLToPath(import.meta.url);
const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const RUNS = Number(process.env.BENCH_SIGN_RUNS ?? 3);
const SIZES_MB = [1, 50];

/** Child: signs IN with the PEM key and certificate, writes OUT, prints the time around signParts() and the memory it added. */
async function worker(input: string, output: string, keyPem: string, certPem: string): Promise<void> {
  const { signParts } = await import('#main/signing/pades.ts');
  const { openForUpdate } = await import('#main/signing/updateReader.ts');
  const { keySigner } = await import('#main/signing/test-support.ts');
  const { subtle } = await import('#main/signing/crypto.ts');
  const { certificatesIn } = await import('#main/signing/trustAnchors.ts');
  const der = certificatesIn(await readFile(certPem))[0]!;
  const pkcs8 = createPrivateKey(await readFile(keyPem, 'utf8')).export({ format: 'der', type: 'pkcs8' });
  const privateKey = await subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']);
  const signer = await keySigner({ certificate: der, keyPair: { privateKey, publicKey: privateKey } });
  const rssBeforeKb = process.resourceUsage().maxRSS;
  // A Buffer is a Uint8Array: handed over as read, not copied.
  const pdf = await readFile(input);
  const t0 = performance.now();
  const { parts } = await signParts(pdf, { signer });
  const ms = performance.now() - t0;
  await writeFile(output, parts);
  const growthMb = (process.resourceUsage().maxRSS - rssBeforeKb) / 1024;
  // Which path sign() took, asked again after the measurement so it costs the figures nothing.
  const { path } = await openForUpdate(pdf);
  process.stdout.write(`${JSON.stringify({ signMs: ms, growthMb, path })}\n`);
}

interface Measured {
  bytes: number;
  path: string;
  signMedianMs: number;
  processWallMedianMs: number;
  peakRssMb: number;
  peakRssGrowthMb: number;
  peakRssGrowthVsFile: number;
}

interface Run {
  seconds: number;
  signMs: number;
  growthMb: number;
  path: string;
  rss: number | null;
}

async function signOnce(input: string, output: string, keyPem: string, certPem: string): Promise<Run> {
  const own = await timed(process.execPath, ['--import', 'tsx', SELF, '--worker', input, output, keyPem, certPem]);
  const line = JSON.parse(own.stdout.trim().split('\n').at(-1)!) as { signMs: number; growthMb: number; path: string };
  return { seconds: own.seconds, ...line, rss: own.maxRssMb };
}

function summarise(runs: Run[], bytes: number): Measured {
  const growth = median(runs.map((r) => r.growthMb));
  return {
    bytes,
    path: runs[0]!.path,
    signMedianMs: round(median(runs.map((r) => r.signMs))),
    processWallMedianMs: round(median(runs.map((r) => r.seconds * 1000))),
    peakRssMb: median(runs.map((r) => r.rss ?? 0)),
    peakRssGrowthMb: round(growth),
    peakRssGrowthVsFile: round(growth / (bytes / 1024 / 1024), 2),
  };
}

export async function benchSigning() {
  const { DevAuthority, toPem } = await import('#main/signing/devPki.ts');
  const { subtle } = await import('#main/signing/crypto.ts');
  const dir = await mkdtemp(join(tmpdir(), 'desk-bench-sign-'));
  try {
    const ca = await DevAuthority.create({ commonName: 'CA Bench', country: 'VN' });
    const officer = await ca.issue({ commonName: 'Nguyễn Thị Hương', organization: 'UBND xã Tân Phú', country: 'VN' });
    const keyPem = join(dir, 'key.pem');
    const certPem = join(dir, 'cert.pem');
    await writeFile(keyPem, toPem(new Uint8Array(await subtle.exportKey('pkcs8', officer.keyPair.privateKey)), 'PRIVATE KEY'));
    await writeFile(certPem, toPem(officer.certificate));

    const loadBefore = loadavg()[0]!;
    const files: Record<string, unknown> = {};
    for (const mb of SIZES_MB) {
      const input = join(dir, `in-${mb}.pdf`);
      const pdf = await scanOfSize(mb, false);
      await writeFile(input, pdf);
      const streamInput = join(dir, `in-${mb}-xref-stream.pdf`);
      const streamPdf = await scanOfSize(mb, true);
      await writeFile(streamInput, streamPdf);
      const openssl: { seconds: number; rss: number | null }[] = [];
      const fast: Run[] = [];
      const full: Run[] = [];
      // Interleaved, so a change in the machine's load falls on all three alike.
      for (let run = 0; run < RUNS; run++) {
        const ref = await timed('openssl', [
          'cms',
          '-sign',
          '-binary',
          '-md',
          'sha256',
          '-in',
          input,
          '-signer',
          certPem,
          '-inkey',
          keyPem,
          '-outform',
          'DER',
          '-out',
          join(dir, `ref-${mb}.p7s`),
        ]);
        openssl.push({ seconds: ref.seconds, rss: ref.maxRssMb });
        fast.push(await signOnce(input, join(dir, `out-${mb}.pdf`), keyPem, certPem));
        full.push(await signOnce(streamInput, join(dir, `out-${mb}-xref-stream.pdf`), keyPem, certPem));
      }
      const ours = summarise(fast, pdf.length);
      const fullParse = summarise(full, streamPdf.length);
      const refMs = median(openssl.map((o) => o.seconds * 1000));
      const refRss = median(openssl.map((o) => o.rss ?? 0));
      files[`${mb}MB`] = {
        bytes: pdf.length,
        ours,
        fullParse,
        openssl: { processWallMedianMs: round(refMs), peakRssMb: refRss },
        ratios: {
          signVsOpenssl: round(ours.signMedianMs / refMs, 2),
          processVsOpenssl: round(ours.processWallMedianMs / refMs, 2),
          peakRssVsOpenssl: refRss ? round(ours.peakRssMb / refRss, 2) : null,
          fullParseSignVsOpenssl: round(fullParse.signMedianMs / refMs, 2),
        },
      };
    }
    return {
      machine: { cpus: cpus().length, loadAverage1m: { before: round(loadBefore, 2), after: round(loadavg()[0]!, 2) } },
      method: {
        ours: 'child node process, the path `desk sign` takes to a file: read the PDF, PAdES B-B incremental signature (pades.ts signParts, as SigningService.signFileParts) with a software RSA-2048 key, write the input and the appended revision part by part (writeFile of the parts, never joined); signMedianMs is signParts() alone, processWallMedianMs includes Node and tsx start-up; path says how the file was read (xref: from the tail, full: pdf-lib parse)',
        fullParse: "the same image re-saved with a cross-reference stream, which sign() reads with pdf-lib's full parse",
        peakRssGrowth:
          "the child's maximum RSS (process.resourceUsage) after writing the result, minus the same just before reading the file: the input, the appended revision and all the work in between",
        openssl: 'openssl cms -sign -binary -md sha256, detached, DER, same bytes and key (whole process)',
        runs: RUNS,
        memory: 'peak RSS of the child from /usr/bin/time -v',
      },
      files,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--worker') {
  const [input, output, key, cert] = process.argv.slice(3) as [string, string, string, string];
  await worker(input, output, key, cert);
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const signing = await benchSigning();
  await mergeSection(RESULTS, 'signing', signing);
  process.stdout.write(`${JSON.stringify(signing, null, 2)}\n`);
}
