// Certification benchmark (`BENCH_SECTIONS=certify`): electronic certified copies per minute of a
// 3-page colour original scanned at 200 dpi, excluding the token — a software key signs, so the
// token's own time (which no software shortens) is left out. The baseline, in the same run and
// the same process, is a plain PAdES signature of the same original with the same key and a
// visible stamp on its last page: the difference is what certifying adds (every page decoded
// and checked for colour, resolution, blank and darkness; the statement page in Tinos).
// Run alone with `node --import tsx bench/certify.ts`; `npm run bench` runs it too.
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { median, round } from './stats.ts';
import { mergeSection } from './results.ts';

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const RUNS = Number(process.env.BENCH_CERTIFY_RUNS ?? 8);

export async function benchCertify() {
  const { DevAuthority } = await import('#main/signing/devPki.ts');
  const { keySigner } = await import('#main/signing/test-support.ts');
  const { sign } = await import('#main/signing/pades.ts');
  const { prepareCopy } = await import('#main/certification/certify.ts');
  const { scannedOriginal } = await import('#main/certification/testOriginals.ts');
  const ca = await DevAuthority.create({ commonName: 'CA Bench', country: 'VN' });
  const office = { commonName: 'UBND xã Tân Phú', organization: 'UBND xã Tân Phú', country: 'VN' };
  const signer = await keySigner(await ca.issue(office));
  const original = await scannedOriginal(['text', 'seal', 'sparse']);
  const stamp = (pages: number) => ({ page: pages - 1, corner: 'bottom-right' as const, organisation: office.organization });
  const originalPages = (await PDFDocument.load(original)).getPageCount();

  const certifyMs: number[] = [];
  const baselineMs: number[] = [];
  // One warm-up of each (fonts read, code compiled), then alternate so load drifts hit both alike.
  for (let run = -1; run < RUNS; run++) {
    let t0 = performance.now();
    const { unsigned } = await prepareCopy(original, {
      organisation: office.organization,
      place: 'Tân Phú',
      certifier: 'Nguyễn Thị Hương',
      entry: { number: run + 2, year: 2026, day: '2026-12-07' },
      createdAt: new Date(),
    });
    await sign(unsigned, { signer, stamp: stamp(originalPages + 1) });
    const certified = performance.now() - t0;
    t0 = performance.now();
    await sign(original, { signer, stamp: stamp(originalPages) });
    const plain = performance.now() - t0;
    if (run >= 0) {
      certifyMs.push(certified);
      baselineMs.push(plain);
    }
  }
  const perMinute = (ms: number) => round(60_000 / ms, 1);
  const certify = median(certifyMs);
  const baseline = median(baselineMs);
  return {
    machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0]!, 2) },
    method: {
      original: `${originalPages} pages, A4, colour JPEG at 200 dpi, ${original.length} bytes (main/certification/testOriginals.ts)`,
      certify: 'prepareCopy (every page checked, statement page appended) + PAdES B-B with a visible stamp on the statement page, software RSA-2048 key',
      baseline: 'PAdES B-B of the same original, same key, visible stamp on its last page (pades.ts sign)',
      runs: RUNS,
    },
    certify: { medianMs: round(certify), copiesPerMinute: perMinute(certify) },
    baseline: { medianMs: round(baseline), signaturesPerMinute: perMinute(baseline) },
    ratio: { certifyVsPlainSigning: round(certify / baseline, 2) },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await benchCertify();
  await mergeSection(RESULTS, 'certify', figures);
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}
