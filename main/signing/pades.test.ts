// PAdES B-B signatures checked from outside: qpdf for structure, pdfsig (poppler + NSS) for
// the signature and trust, openssl for the CMS, and verify.ts for the desk's own verdict.
import { toDeskIso } from '#domain/deskTime.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sign } from './pades.ts';
import { verifyPdf } from './verify.ts';
import { cairoPdf, opensslCmsVerify, pdfsig, qpdfCheck, qpdfPdf, samplePdf, signatureParts, testPki } from './test-support.ts';

const INPUTS = {
  'pdf-lib with object streams': () => samplePdf(true),
  'pdf-lib with a classic xref table': () => samplePdf(false),
  'qpdf (scanner-like classic table)': () => qpdfPdf(),
  'linearized qpdf with object streams': () => qpdfPdf(['--linearize', '--object-streams=generate']),
  // Read from the tail: the last startxref names the first-page table, whose /Prev is the main one.
  'linearized qpdf with classic tables': () => qpdfPdf(['--linearize', '--object-streams=disable']),
  'cairo-drawn': () => cairoPdf(),
} as const;

for (const [label, make] of Object.entries(INPUTS)) {
  test(`officer then leader sign a ${label} PDF; both signatures stay valid`, async () => {
    const pki = await testPki();
    const original = await make();
    const first = await sign(original, { signer: pki.officer, reason: 'Tiếp nhận hồ sơ', location: 'Tân Phú' });
    assert.equal(first.level, 'B-B');
    assert.equal(first.timestampPending, false);
    const second = await sign(first.pdf, { signer: pki.leader, reason: 'Phê duyệt' });
    // Incremental: every earlier byte is still there, untouched.
    assert.deepEqual(second.pdf.subarray(0, original.length), original);
    assert.deepEqual(second.pdf.subarray(0, first.pdf.length), first.pdf);

    qpdfCheck(second.pdf);
    const { signatures, output } = pdfsig(second.pdf, pki.nssDir);
    assert.equal(signatures.length, 2, output);
    for (const s of signatures) {
      assert.match(s, /Signature is Valid\./, output);
      assert.match(s, /Certificate is Trusted\./, output);
      assert.match(s, /Signature Type: ETSI\.CAdES\.detached/, output);
    }
    assert.match(signatures[0]!, /Common Name: Nguyễn Thị Hương/);
    assert.match(signatures[1]!, /Common Name: Trần Văn Đức/);
    assert.match(signatures[1]!, /Total document signed/);

    const parts = signatureParts(second.pdf);
    assert.equal(parts.length, 2);
    for (const p of parts) {
      const check = opensslCmsVerify(p);
      assert.ok(check.ok, check.output);
    }

    const report = await verifyPdf(second.pdf, { trustAnchors: [pki.ca.certificate] });
    assert.deepEqual(
      report.signatures.map((s) => [s.field, s.verdict, s.signer, s.organisation, s.level, s.timeSource, s.laterRevisions]),
      [
        ['Signature1', 'valid', 'Nguyễn Thị Hương', 'UBND xã Tân Phú', 'B-B', 'claimed', 1],
        ['Signature2', 'valid', 'Trần Văn Đức', 'UBND xã Tân Phú', 'B-B', 'claimed', 0],
      ],
      JSON.stringify(report, null, 1),
    );
    assert.deepEqual(
      report.signatures[0]!.warnings.map((w) => w.en),
      ['Certificate revocation was not checked (offline).'],
    );
  });
}

test('an ECDSA P-256 signature is valid for pdfsig, openssl and verify.ts', async () => {
  const pki = await testPki();
  // An hour ago at a whole minute: inside the test certificate's validity (from a day back),
  // whatever the date. A fixed date here started failing the day after it was written.
  const signingTime = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000);
  const deskTime = toDeskIso(signingTime);
  const { pdf } = await sign(await samplePdf(), { signer: pki.officerEc, signingTime });
  const { signatures, output } = pdfsig(pdf, pki.nssDir);
  assert.match(signatures[0] ?? '', /Signature is Valid\./, output);
  assert.match(signatures[0] ?? '', /Certificate is Trusted\./, output);
  assert.ok(opensslCmsVerify(signatureParts(pdf)[0]!).ok);
  const [report] = (await verifyPdf(pdf, { trustAnchors: [pki.ca.certificate] })).signatures;
  assert.equal(report?.verdict, 'valid', JSON.stringify(report));
  assert.equal(report?.signingTime, deskTime);
  assert.ok(
    Buffer.from(pdf)
      .toString('latin1')
      .includes(`/M (D:${deskTime.slice(0, 19).replace(/[-:T]/g, '')}+07'00')`),
    'the PDF date is the desk time',
  );
});

test('one byte flipped inside the signed range: pdfsig reports a digest mismatch and verify.ts says invalid', async () => {
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(false), { signer: pki.officer });
  const tampered = pdf.slice();
  // Inside the binary comment on line 2: harmless to parsers, covered by the signature.
  const at = Buffer.from(pdf).indexOf('\n') + 2;
  tampered[at] = tampered[at]! ^ 0x01;
  const { signatures, output } = pdfsig(tampered, pki.nssDir);
  assert.doesNotMatch(output, /Signature is Valid\./);
  assert.match(signatures[0] ?? '', /Digest Mismatch/i, output);
  const [report] = (await verifyPdf(tampered, { trustAnchors: [pki.ca.certificate] })).signatures;
  assert.equal(report?.verdict, 'invalid');
  assert.match(report.reasons[0]!.en, /digest mismatch/);
  assert.equal((await verifyPdf(pdf, { trustAnchors: [pki.ca.certificate] })).signatures[0]?.verdict, 'valid');
});
