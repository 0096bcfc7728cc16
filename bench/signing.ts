// Signing benchmark: a PAdES signature on a 1 MB and a 50 MB PDF against `openssl cms -sign`
// (a detached CMS over the same bytes) in the same run. The key is a software key, so the
// figures leave out the token's own time, which no software can shorten. Each signature runs
// in a child process under /usr/bin/time -v: peak memory is the child's maximum RSS. Our
// figure also has a time measured inside the child around sign() alone (no Node start-up).
// Run alone with `node --import tsx bench/signing.ts`; `npm run bench` runs it too.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { timed } from './process.ts';
import { median, round } from './stats.ts';
import { mergeSection } from './results.ts';

const SELF = fileURLToPath(import.meta.url);
const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const RUNS = Number(process.env.BENCH_SIGN_RUNS ?? 3);
const SIZES_MB = [1, 50];

/** A one-page PDF carrying an uncompressible image of about `mb` megabytes. */
async function pdfOfSize(mb: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const side = Math.round(Math.sqrt((mb * 1024 * 1024) / 3));
  const image = doc.context.register(
    doc.context.stream(randomBytes(side * side * 3), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: side,
      Height: side,
      ColorSpace: 'DeviceRGB',
      BitsPerComponent: 8,
    }),
  );
  const page = doc.addPage([595, 842]);
  page.node.newXObject('Im', image);
  return doc.save({ useObjectStreams: false });
}

/** Child: signs IN with the PEM key and certificate, writes OUT, prints the time around sign(). */
async function worker(input: string, output: string, keyPem: string, certPem: string): Promise<void> {
  const { sign } = await import('#main/signing/pades.ts');
  const { keySigner } = await import('#main/signing/test-support.ts');
  const { subtle } = await import('#main/signing/crypto.ts');
  const { certificatesIn } = await import('#main/signing/trustAnchors.ts');
  const der = certificatesIn(await readFile(certPem))[0]!;
  const pkcs8 = createPrivateKey(await readFile(keyPem, 'utf8')).export({ format: 'der', type: 'pkcs8' });
  const privateKey = await subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']);
  const signer = await keySigner({ certificate: der, keyPair: { privateKey, publicKey: privateKey } });
  const pdf = new Uint8Array(await readFile(input));
  const t0 = performance.now();
  const result = await sign(pdf, { signer });
  const ms = performance.now() - t0;
  await writeFile(output, result.pdf);
  process.stdout.write(`${JSON.stringify({ signMs: ms })}\n`);
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

    const files: Record<string, unknown> = {};
    for (const mb of SIZES_MB) {
      const input = join(dir, `in-${mb}.pdf`);
      const pdf = await pdfOfSize(mb);
      await writeFile(input, pdf);
      const ours: { seconds: number; signMs: number; rss: number | null }[] = [];
      const openssl: { seconds: number; rss: number | null }[] = [];
      for (let run = 0; run < RUNS; run++) {
        const own = await timed(process.execPath, ['--import', 'tsx', SELF, '--worker', input, join(dir, `out-${mb}.pdf`), keyPem, certPem]);
        ours.push({ seconds: own.seconds, signMs: (JSON.parse(own.stdout.trim().split('\n').at(-1)!) as { signMs: number }).signMs, rss: own.maxRssMb });
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
      }
      const oursMs = median(ours.map((o) => o.signMs));
      const oursWallMs = median(ours.map((o) => o.seconds * 1000));
      const refMs = median(openssl.map((o) => o.seconds * 1000));
      const oursRss = median(ours.map((o) => o.rss ?? 0));
      const refRss = median(openssl.map((o) => o.rss ?? 0));
      files[`${mb}MB`] = {
        bytes: pdf.length,
        ours: { signMedianMs: round(oursMs), processWallMedianMs: round(oursWallMs), peakRssMb: oursRss },
        openssl: { processWallMedianMs: round(refMs), peakRssMb: refRss },
        ratios: {
          signVsOpenssl: round(oursMs / refMs, 2),
          processVsOpenssl: round(oursWallMs / refMs, 2),
          peakRssVsOpenssl: refRss ? round(oursRss / refRss, 2) : null,
        },
      };
    }
    return {
      machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0]!, 2) },
      method: {
        ours: 'child node process: read the PDF, PAdES B-B incremental signature (pades.ts) with a software RSA-2048 key, write it; signMedianMs is sign() alone, processWallMedianMs includes Node and tsx start-up',
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
