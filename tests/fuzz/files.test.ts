// The verifier and the importer under attack through the contract: real files (a PDF the
// desk signed, PDFs as two writers save them, scanned pages as PNG/JPEG/TIFF) damaged the
// way a hostile or broken file is. Each must come back as a report, pages, or a designed
// error; and no change to the bytes a signature covers may ever verify as valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRng, fuzzSeed, fuzzBudgetMs } from './rng.ts';
import { mutateFile } from './generate.ts';
import { fuzzFiles } from './fixtures.ts';
import { startFuzzHost, type FuzzHost } from './fuzzHost.ts';
import { signatureParts } from '#main/signing/test-support.ts';

interface VerifyReply {
  signatures: { verdict: string }[];
}

/** True when `mutated` differs from `original` in the bytes the original's signature covers. */
function touchesSignedBytes(original: Uint8Array, mutated: Uint8Array): boolean {
  const [a, b, c, d] = signatureParts(original)[0]!.byteRange;
  const same = (from: number, to: number) =>
    mutated.length >= to && Buffer.compare(Buffer.from(original.subarray(from, to)), Buffer.from(mutated.subarray(from, to))) === 0;
  return !(same(a, a + b) && same(c, c + d));
}

async function importPages(host: FuzzHost, data: Uint8Array): Promise<string> {
  const started = await host.call('scan.import', { name: 'giay-to.pdf', data, pageKind: 'auto' }, 60_000);
  if (!started.envelope) return `HTTP ${started.status}`;
  if (!started.envelope.ok) return started.envelope.error.code;
  const result = started.envelope.result as { jobId?: string; done?: boolean };
  if (!result.jobId) return 'ok';
  // Import as a job: drain it like the scan panel does.
  for (;;) {
    const batch = await host.call('scan.next', { jobId: result.jobId, waitMs: 1000 }, 60_000);
    if (!batch.envelope) return `HTTP ${batch.status}`;
    if (!batch.envelope.ok) return batch.envelope.error.code;
    const { done, error } = batch.envelope.result as { done: boolean; error: { code: string } | null };
    if (error) return error.code;
    if (done) return 'ok';
  }
}

test('damaged files get a report, pages or a designed error, and changed signed bytes never verify', async (t) => {
  const seed = fuzzSeed(7122026);
  const budget = fuzzBudgetMs(15);
  const files = await fuzzFiles();
  const host = await startFuzzHost();
  t.after(() => host.close());
  const rng = seededRng(seed);
  const outcomes = new Map<string, number>();
  const undesigned: string[] = [];
  const forged: string[] = [];
  let verified = 0;
  let imported = 0;
  const count = (what: string, outcome: string) => outcomes.set(`${what}:${outcome}`, (outcomes.get(`${what}:${outcome}`) ?? 0) + 1);
  const deadline = Date.now() + budget;
  do {
    const mutated = mutateFile(rng, files.signedPdf);
    const reply = await host.call('sign.verify', { pdf: mutated }, 60_000);
    verified++;
    const outcome = !reply.envelope ? `HTTP ${reply.status}` : reply.envelope.ok ? 'report' : reply.envelope.error.code;
    count('verify', outcome);
    if (!reply.envelope || outcome === 'internal') undesigned.push(`verify #${verified}: ${outcome}`);
    if (reply.envelope?.ok && touchesSignedBytes(files.signedPdf, mutated)) {
      const valid = (reply.envelope.result as VerifyReply).signatures.filter((s) => s.verdict === 'valid');
      if (valid.length > 0) forged.push(`verify #${verified}: ${mutated.length} bytes`);
    }
    const source = rng.pick([files.pdf, files.classicPdf, files.signedPdf, ...files.images]);
    const importedOutcome = await importPages(host, mutateFile(rng, source));
    imported++;
    count('import', importedOutcome);
    if (importedOutcome === 'internal' || importedOutcome.startsWith('HTTP')) undesigned.push(`import #${imported}: ${importedOutcome}`);
  } while (Date.now() < deadline);

  const alive = await host.call('app.info', {}, 5_000);
  assert.equal(alive.envelope?.ok, true, 'main stopped answering');
  t.diagnostic(
    `seed ${seed}: ${verified} damaged signed PDFs verified, ${imported} damaged files imported; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`,
  );
  assert.deepEqual(forged, [], `changed signed bytes verified as valid (replay with FUZZ_SEED=${seed})`);
  assert.deepEqual(undesigned.slice(0, 20), [], `undesigned answers (replay with FUZZ_SEED=${seed})`);
});
