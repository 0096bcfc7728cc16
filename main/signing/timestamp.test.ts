// B-T against the reference TSA: a signature timestamp when the TSA answers, B-B with
// timestampPending when it is slow, down or refuses, and the later document timestamp.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TsaServer } from '#tests/signing/tsaServer.ts';
import { parseToken } from './timestampToken.ts';
import { sign, upgradeToT } from './pades.ts';
import { verifyPdf } from './verify.ts';
import { pkijs } from './crypto.ts';
import { OID } from './cms.ts';
import { opensslCmsVerify, opensslTsVerify, pdfsig, qpdfCheck, samplePdf, signatureParts, testPki } from './test-support.ts';

let tsa: TsaServer;
let url: string;

before(async () => {
  tsa = new TsaServer((await testPki()).tsa);
  url = await tsa.start();
});
after(() => tsa.close());

function signatureTimestampToken(cms: Uint8Array): Uint8Array {
  const contentInfo = pkijs.ContentInfo.fromBER(cms.slice().buffer);
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const attribute = signedData.signerInfos[0]!.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStampToken);
  assert.ok(attribute, 'no signature-time-stamp attribute');
  return new Uint8Array(attribute.values[0]!.toBER(false));
}

test('with the TSA up the signature is B-T: the token stamps the signature value (openssl ts) and verify.ts dates it', async () => {
  const pki = await testPki();
  tsa.mode = { kind: 'ok' };
  const result = await sign(await samplePdf(), { signer: pki.officer, tsaUrl: url });
  assert.equal(result.level, 'B-T');
  assert.equal(result.timestampPending, false);
  assert.ok(result.timestampTime);

  const [parts] = signatureParts(result.pdf);
  assert.ok(opensslCmsVerify(parts!).ok);
  const token = signatureTimestampToken(parts!.der);
  const contentInfo = pkijs.ContentInfo.fromBER(parts!.der.slice().buffer);
  const signatureValue = new pkijs.SignedData({ schema: contentInfo.content }).signerInfos[0]!.signature.valueBlock.valueHexView;
  const ts = opensslTsVerify(token, new Uint8Array(signatureValue), pki.trustDir);
  assert.ok(ts.ok, ts.output);
  assert.match(pdfsig(result.pdf, pki.nssDir).signatures[0] ?? '', /Signature is Valid\./);

  const [report] = (await verifyPdf(result.pdf, { trustAnchors: [pki.ca.certificate] })).signatures;
  assert.equal(report?.verdict, 'valid', JSON.stringify(report));
  assert.equal(report?.level, 'B-T');
  assert.equal(report?.timeSource, 'signature-timestamp');
  assert.equal(parseToken(token).tstInfo.genTime.getTime(), result.timestampTime.getTime());
});

for (const [label, setup] of [
  ['slow', async () => ((tsa.mode = { kind: 'slow', delayMs: 4000 }), url)],
  [
    'down',
    async () => {
      const down = new TsaServer((await testPki()).tsa);
      const downUrl = await down.start();
      await down.close();
      return downUrl;
    },
  ],
  ['refusing', async () => ((tsa.mode = { kind: 'error' }), url)],
] as const) {
  test(`TSA ${label}: signing finishes within the timeout at B-B with the timestamp pending; upgradeToT adds a document timestamp later`, async () => {
    const pki = await testPki();
    const tsaTimeoutMs = 800;
    const target = await setup();
    const started = Date.now();
    const first = await sign(await samplePdf(false), { signer: pki.officer, tsaUrl: target, tsaTimeoutMs });
    const elapsed = Date.now() - started;
    // The margin covers loading and signing the PDF on a busy CI machine; the slow TSA waits 4 s.
    assert.ok(elapsed < tsaTimeoutMs + 1000, `took ${elapsed} ms`);
    assert.equal(first.level, 'B-B');
    assert.equal(first.timestampPending, true);
    assert.ok(first.timestampProblem?.vi && first.timestampProblem.en);
    const second = await sign(first.pdf, { signer: pki.leader });

    tsa.mode = { kind: 'ok' };
    const upgraded = await upgradeToT(second.pdf, url);
    assert.deepEqual(upgraded.pdf.subarray(0, second.pdf.length), second.pdf);
    qpdfCheck(upgraded.pdf);

    const { signatures, output } = pdfsig(upgraded.pdf, pki.nssDir);
    assert.equal(signatures.length, 3, output);
    assert.match(signatures[0]!, /Signature is Valid\./, output);
    assert.match(signatures[1]!, /Signature is Valid\./, output);
    // Poppler 22 lists a document timestamp (the TSA as signer) but cannot validate RFC 3161 itself.
    assert.match(signatures[2]!, /Common Name: TSA Thử nghiệm/, output);
    assert.match(signatures[2]!, /Total document signed/, output);
    const docTs = signatureParts(upgraded.pdf)[2]!;
    const ts = opensslTsVerify(docTs.der, docTs.signed, pki.trustDir);
    assert.ok(ts.ok, ts.output);

    const report = await verifyPdf(upgraded.pdf, { trustAnchors: [pki.ca.certificate] });
    assert.deepEqual(
      report.signatures.map((s) => [s.kind, s.verdict, s.level, s.timeSource]),
      [
        ['signature', 'valid', 'B-T', 'document-timestamp'],
        ['signature', 'valid', 'B-T', 'document-timestamp'],
        ['document-timestamp', 'valid', null, 'document-timestamp'],
      ],
      JSON.stringify(report, null, 1),
    );
    assert.equal(report.signatures[2]!.signer, 'TSA Thử nghiệm');
  });
}

test('upgradeToT with the TSA still down fails with a bilingual reason', async () => {
  tsa.mode = { kind: 'slow', delayMs: 3000 };
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(), { signer: pki.officer });
  await assert.rejects(upgradeToT(pdf, url, { tsaTimeoutMs: 300 }), (e: Error & { code?: string }) => e.code === 'timestamp.timeout');
  tsa.mode = { kind: 'ok' };
});

test('a TSA that redirects is not followed: the request goes only to the approved address', async (t) => {
  tsa.mode = { kind: 'ok' };
  const before = tsa.requests;
  const redirecting = createServer((_req, res) => res.writeHead(302, { location: url }).end());
  await new Promise<void>((ok) => redirecting.listen(0, '127.0.0.1', ok));
  t.after(() => new Promise((ok) => redirecting.close(ok)));
  const approved = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/tsa`;
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(), { signer: pki.officer });
  await assert.rejects(
    upgradeToT(pdf, approved),
    (e: Error & { code?: string; text?: { en: string } }) => e.code === 'timestamp.redirect' && /302/.test(e.text!.en),
  );
  assert.equal(tsa.requests, before, 'the TSA behind the redirect was never asked');
});
