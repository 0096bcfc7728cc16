// signParts hands the signed file back as the input, not copied, and the revision the signature
// appended: written in order they must be the very bytes sign() returns, and a valid signature.
// Checked on a scan-sized file (8 MB image) read from the tail and by pdf-lib's full parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sign, signParts } from './pades.ts';
import { openForUpdate } from './updateReader.ts';
import { verifyPdf } from './verify.ts';
import { pdfsig, qpdfCheck, scanOfSize, tempDir, testPki } from './test-support.ts';

const dir = tempDir('parts-');

for (const [label, useObjectStreams, path] of [
  ['a classic table, read from the tail', false, 'xref'],
  ['a cross-reference stream, parsed whole', true, 'full'],
] as const) {
  test(`an 8 MB scan with ${label}: the parts written to disk are sign()'s bytes and a valid signature`, async () => {
    const pki = await testPki();
    const pdf = await scanOfSize(8, useObjectStreams);
    assert.equal((await openForUpdate(pdf)).path, path);
    const kept = Buffer.from(pdf);
    // A fixed time and an RSA key (PKCS#1 v1.5 is deterministic): both calls must give the same file.
    const options = { signer: pki.officer, signingTime: new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000), reason: 'Sao y' };

    const { parts, level } = await signParts(pdf, options);
    assert.equal(level, 'B-B');
    assert.equal(parts.length, 2);
    assert.equal(parts[0], pdf, 'the input itself comes back, not a copy');
    assert.deepEqual(Buffer.from(pdf), kept, 'the input is not changed');
    assert.ok(parts[1].length < 64 * 1024, `the appended revision is small (${parts[1].length} bytes)`);

    const file = join(dir, `${path}.pdf`);
    await writeFile(file, parts);
    const written = new Uint8Array(await readFile(file));
    assert.deepEqual(Buffer.from(written), Buffer.from((await sign(pdf, options)).pdf), 'written parts = sign() byte for byte');

    qpdfCheck(written);
    const { signatures, output } = pdfsig(written, pki.nssDir);
    assert.equal(signatures.length, 1, output);
    assert.match(signatures[0]!, /Signature is Valid\./, output);
    assert.match(signatures[0]!, /Total document signed/, output);
    const [report] = (await verifyPdf(written, { trustAnchors: [pki.ca.certificate] })).signatures;
    assert.equal(report?.verdict, 'valid', JSON.stringify(report));
    assert.equal(report.signedRevision.length, written.length);
  });
}
