// The desk's signing calls end to end on the main side: the training token (emulated at the
// HID-report level) and a SoftHSM2 token through its PKCS#11 module, several files with one
// PIN entry, checked by pdfsig and by the desk's own verifier; the TSA down, then back.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SigningService } from './signingService.ts';
import { DevAuthority, toPem } from './devPki.ts';
import { subtle } from './crypto.ts';
import { createHash, createPrivateKey } from 'node:crypto';
import { TokenRegistry } from '../token/tokens.ts';
import { createEmulatedToken } from '../token/hid/index.ts';
import { rewritePageOne } from './changeFixtures.ts';
import { pdfsig, samplePdf, tempDir, testPki } from './test-support.ts';
import { createSoftHsmToken, type SoftHsmFixture } from '../token/pkcs11/softhsmFixture.ts';
import { TsaServer } from '#tests/signing/tsaServer.ts';
import { dispatch } from '../api.ts';
import { openTestHost } from '../settings/test-support.ts';

const service = new SigningService();
let softhsm: SoftHsmFixture;

before(async () => {
  softhsm = await createSoftHsmToken();
});
after(async () => {
  await service.close();
  await softhsm.cleanup();
});

/** An NSS database trusting one CA, so pdfsig can say "Certificate is Trusted." */
function nssTrusting(caDer: Uint8Array): string {
  const dir = tempDir('service-nss-');
  writeFileSync(join(dir, 'ca.pem'), toPem(caDer));
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'ca', '-t', 'CT,C,C', '-i', join(dir, 'ca.pem')]);
  return dir;
}

test('training token: two files signed with one PIN, each valid for pdfsig and for the desk', async () => {
  service.configure({ pkcs11Modules: [], emulator: true, tsaUrl: null, trustAnchors: [] });
  const { tokens, problems } = await service.listTokens();
  const token = tokens.find((t) => t.kind === 'emulator');
  assert.ok(token, JSON.stringify(problems));
  assert.equal(token.pin.triesLeft, 3);
  assert.match(token.certificates[0]!.subject, /Nguyễn Thị Hương/);

  const files = [await samplePdf(true), await samplePdf(false)];
  const result = await service.signFiles({
    tokenId: token.id,
    certificateId: token.certificates[0]!.id,
    pin: '123456',
    files,
    reason: 'Tiếp nhận hồ sơ',
    location: 'UBND xã Tân Phú',
    stamp: { page: 'last', corner: 'bottom-right', organisation: 'UBND xã Tân Phú' },
  });
  assert.equal(result.files.length, 2);
  assert.match(result.signer, /Nguyễn Thị Hương/);
  const nss = nssTrusting((await service['tokens'].emulatorAuthority())!);
  for (const [i, signed] of result.files.entries()) {
    assert.equal(signed.level, 'B-B');
    assert.match(signed.signingTime, /\+07:00$/);
    assert.deepEqual(signed.pdf.subarray(0, files[i]!.length), files[i]);
    const { signatures, output } = pdfsig(signed.pdf, nss);
    assert.equal(signatures.length, 1, output);
    assert.match(signatures[0]!, /Signature is Valid\./, output);
    assert.match(signatures[0]!, /Certificate is Trusted\./, output);
    const report = await service.verify(signed.pdf);
    assert.equal(report.signatures[0]!.verdict, 'valid', JSON.stringify(report.signatures[0]!.reasons));
  }
  // The token is ready for the next officer action: the PIN counter was not spent.
  const again = (await service.listTokens()).tokens.find((t) => t.kind === 'emulator')!;
  assert.equal(again.pin.triesLeft, 3);
});

test('signFileParts (desk sign): each file is its input, not copied, then its revision; the manifest describes the file as written', async () => {
  service.configure({ pkcs11Modules: [], emulator: true, tsaUrl: null, trustAnchors: [] });
  const token = (await service.listTokens()).tokens.find((t) => t.kind === 'emulator')!;
  const files = [await samplePdf(true), await samplePdf(false)];
  const result = await service.signFileParts({
    tokenId: token.id,
    certificateId: token.certificates[0]!.id,
    pin: '123456',
    files,
    stamp: null,
    manifest: { dossier: { code: 'H01.01-261207-0001' }, entries: files.map((_, i) => ({ name: `tep-${i + 1}.pdf`, kind: 'form' })), others: [] },
  });
  const manifest = Buffer.from(result.manifest!).toString('latin1');
  for (const [i, signed] of result.files.entries()) {
    assert.equal(signed.parts[0], files[i], 'the input itself, not a copy');
    const file = join(tempDir('service-parts-'), 'signed.pdf');
    await writeFile(file, signed.parts);
    const written = await readFile(file);
    assert.equal((await service.verify(written)).signatures[0]!.verdict, 'valid');
    assert.ok(manifest.includes(`"sha256":"${createHash('sha256').update(written).digest('hex')}","size":${written.length}`), manifest);
  }
});

test('a wrong PIN signs nothing and the officer sees the tries left', async () => {
  service.configure({ pkcs11Modules: [], emulator: true, tsaUrl: null, trustAnchors: [] });
  const token = (await service.listTokens()).tokens.find((t) => t.kind === 'emulator')!;
  await assert.rejects(
    service.signFiles({ tokenId: token.id, certificateId: token.certificates[0]!.id, pin: '000000', files: [await samplePdf()], stamp: null }),
    (e: Error & { text?: { vi: string; en: string } }) => /2/.test(e.text?.vi ?? '') && !JSON.stringify(e).includes('000000'),
  );
  const after = (await service.listTokens()).tokens.find((t) => t.kind === 'emulator')!;
  assert.equal(after.pin.triesLeft, 2);
  await service.signFiles({ tokenId: token.id, certificateId: token.certificates[0]!.id, pin: '123456', files: [await samplePdf()], stamp: null });
  assert.equal((await service.listTokens()).tokens.find((t) => t.kind === 'emulator')!.pin.triesLeft, 3);
});

test('SoftHSM2 through its PKCS#11 module: listed with its certificates, one login signs a batch', async () => {
  service.configure({ pkcs11Modules: [softhsm.modulePath], emulator: false, tsaUrl: null, trustAnchors: [softhsm.authority.certificate] });
  const { tokens, problems } = await service.listTokens();
  const token = tokens.find((t) => t.kind === 'pkcs11' && t.label.startsWith(softhsm.tokenLabel));
  assert.ok(token, JSON.stringify({ tokens, problems }));
  assert.equal(token.pin.triesLeft, null);
  const rsa = token.certificates.find((c) => c.id === softhsm.rsa.id);
  assert.ok(rsa, JSON.stringify(token.certificates));
  const result = await service.signFiles({
    tokenId: token.id,
    certificateId: rsa.id,
    pin: softhsm.userPin,
    files: [await samplePdf(), await samplePdf(false), await samplePdf()],
    stamp: null,
  });
  const nss = nssTrusting(softhsm.authority.certificate);
  for (const signed of result.files) {
    assert.match(pdfsig(signed.pdf, nss).signatures[0]!, /Signature is Valid\.[\s\S]*Certificate is Trusted\./);
    assert.equal((await service.verify(signed.pdf)).signatures[0]!.verdict, 'valid');
  }
});

test('TSA down: signed at B-B within the wait, then upgraded to B-T when the TSA is back', async () => {
  const tsa = new TsaServer((await testPki()).tsa);
  const url = await tsa.start();
  try {
    tsa.mode = { kind: 'slow', delayMs: 10_000 };
    service.configure({ pkcs11Modules: [], emulator: true, tsaUrl: url, trustAnchors: [] });
    const token = (await service.listTokens()).tokens.find((t) => t.kind === 'emulator')!;
    const started = Date.now();
    const { files } = await service.signFiles({
      tokenId: token.id,
      certificateId: token.certificates[0]!.id,
      pin: '123456',
      files: [await samplePdf()],
      stamp: null,
    });
    assert.ok(Date.now() - started < 8_000, `signing waited ${Date.now() - started} ms for the TSA`);
    assert.equal(files[0]!.level, 'B-B');
    assert.equal(files[0]!.timestampPending, true);

    tsa.mode = { kind: 'ok' };
    const upgraded = await service.timestamp(files[0]!.pdf);
    const report = await service.verify(upgraded);
    assert.deepEqual(
      report.signatures.map((s) => [s.kind, s.verdict === 'invalid' ? 'invalid' : 'ok']),
      [
        ['signature', 'ok'],
        ['document-timestamp', 'ok'],
      ],
    );
    assert.equal(report.signatures[0]!.level, 'B-T');
  } finally {
    await tsa.close();
  }
});

test('the contract refuses a PIN that is too short before any token is touched, and never echoes it', async () => {
  const host = await openTestHost({ signing: service });
  after(() => host.close());
  const answer = await dispatch(host.handlers, 'sign.files', {
    tokenId: 'emulator',
    certificateId: 'piv-9c',
    pin: '12',
    files: [new Uint8Array(10)],
    stamp: null,
  });
  assert.equal(answer.ok, false);
  assert.ok(!answer.ok && answer.error.code === 'invalid-input' && answer.error.text.en.includes('pin'));
  assert.ok(!JSON.stringify(answer).includes('"12"'));
});

test('a file with a broken signature is refused before the token is touched; the original is untouched', async () => {
  service.configure({ pkcs11Modules: [], emulator: true, tsaUrl: null, trustAnchors: [] });
  const token = (await service.listTokens()).tokens.find((t) => t.kind === 'emulator')!;
  const { files } = await service.signFiles({
    tokenId: token.id,
    certificateId: token.certificates[0]!.id,
    pin: '123456',
    files: [await samplePdf()],
    stamp: null,
  });
  const tampered = files[0]!.pdf.slice();
  tampered[200]! ^= 0x01;
  const copy = tampered.slice();
  await assert.rejects(
    service.signFiles({ tokenId: token.id, certificateId: token.certificates[0]!.id, pin: '000000', files: [tampered], stamp: null }),
    (e: Error & { code?: string }) => e.code === 'signing.broken-signature',
  );
  assert.deepEqual(tampered, copy);
  // The wrong PIN never reached the token: the refusal came first.
  assert.equal((await service.listTokens()).tokens.find((t) => t.kind === 'emulator')!.pin.triesLeft, 3);
});

test('a file whose page 1 was rewritten after signing is not co-signed: the message names the change; a second signature alone is fine', async () => {
  service.configure({ pkcs11Modules: [], emulator: true, tsaUrl: null, trustAnchors: [] });
  const token = (await service.listTokens()).tokens.find((t) => t.kind === 'emulator')!;
  const request = { tokenId: token.id, certificateId: token.certificates[0]!.id, pin: '123456', stamp: null };
  const { files } = await service.signFiles({ ...request, files: [await samplePdf()] });
  const rewritten = await rewritePageOne(files[0]!.pdf, 'Giay bien nhan', 'Giay bien nhan DA SUA');
  await assert.rejects(
    service.signFiles({ ...request, files: [await samplePdf(), rewritten] }),
    (e: Error & { code?: string; text?: { vi: string; en: string } }) => {
      assert.equal(e.code, 'signing.changed-after-signing');
      assert.match(e.text!.vi, /^Tệp thứ 2 đã bị sửa sau khi ký .*Nội dung trang 1 bị thay đổi/);
      assert.match(e.text!.en, /^File 2 was changed after signing .*The content of page 1 was changed/);
      return true;
    },
  );
  const cosigned = await service.signFiles({ ...request, files: [files[0]!.pdf] });
  assert.deepEqual(
    (await service.verify(cosigned.files[0]!.pdf)).signatures.map((s) => s.verdict),
    ['valid', 'valid'],
  );
});

test('an expired certificate on the token is refused with its dates, nothing signed', async () => {
  const authority = await DevAuthority.create({ commonName: 'CA Thử nghiệm', country: 'VN' }, 'ecdsa');
  const day = 86_400_000;
  const issued = await authority.issue(
    { commonName: 'Lê Văn Hết Hạn', country: 'VN' },
    { keyKind: 'ecdsa', notBefore: new Date(Date.now() - 800 * day), notAfter: new Date(Date.now() - 10 * day) },
  );
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', issued.keyPair.privateKey));
  const identity = { certificate: issued.certificate, privateKey: createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }), authority };
  const setup = await createEmulatedToken({ identity });
  const expired = new SigningService(new TokenRegistry({ hid: () => setup.tokens }));
  expired.configure({ pkcs11Modules: [], emulator: false, tsaUrl: null, trustAnchors: [] });
  const token = (await expired.listTokens()).tokens.find((t) => t.kind === 'hid');
  assert.ok(token);
  await assert.rejects(
    expired.signFiles({ tokenId: token.id, certificateId: token.certificates[0]!.id, pin: '123456', files: [await samplePdf()], stamp: null }),
    (e: Error & { code?: string; text?: { vi: string } }) => e.code === 'signing.certificate-not-valid' && /Lê Văn Hết Hạn/.test(e.text!.vi),
  );
});

test('trust anchors arrive as the CA published them (PEM or DER); an unreadable one is refused on saving', async () => {
  const service = new SigningService();
  const pem = new TextEncoder().encode(toPem(softhsm.authority.certificate));
  service.configure({ pkcs11Modules: [], emulator: false, tsaUrl: null, trustAnchors: [pem] });
  assert.throws(
    () => service.configure({ pkcs11Modules: [], emulator: false, tsaUrl: null, trustAnchors: [softhsm.authority.certificate, new Uint8Array([1, 2, 3])] }),
    { code: 'signing.bad-trust-anchor' },
  );
  await service.close();
});
