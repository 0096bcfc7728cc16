// verify.ts on the cases a desk meets: no trust folder, expired or foreign certificates,
// documents changed after signing (permitted or not, plainly or behind the cross-reference),
// what each signature is, unsigned, damaged and mutated files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDict, PDFHexString, PDFName, PDFNumber } from 'pdf-lib';
import { isDeskError } from '#domain/errors.ts';
import { DevAuthority } from './devPki.ts';
import { appendRevision, joined } from './incrementalUpdate.ts';
import { sign } from './pades.ts';
import { loadPdf, pageRefs, serialize } from './pdfFile.ts';
import { loadTrustAnchors } from './trustAnchors.ts';
import { verifyPdf } from './verify.ts';
import { coverOnPageOne, fillField, formPdf, pdfText, popplerSign, resign, rewritePageOne, shadowPageOne } from './changeFixtures.ts';
import { issueSigner, LEADER, OFFICER, pdfsig, qpdfCheck, samplePdf, signatureParts, tempDir, testPki } from './test-support.ts';

const DAY = 86_400_000;

test('trust anchors load from PEM and DER files; other files are skipped, not fatal', async () => {
  const pki = await testPki();
  const dir = tempDir('anchors-');
  copyFileSync(join(pki.trustDir, 'ca.pem'), join(dir, 'root.crt'));
  writeFileSync(join(dir, 'root.cer'), pki.ca.certificate);
  writeFileSync(join(dir, 'broken.der'), 'not a certificate');
  writeFileSync(join(dir, 'readme.txt'), 'ignored');
  const anchors = await loadTrustAnchors(dir);
  assert.equal(anchors.certificates.length, 2);
  assert.deepEqual(anchors.skipped, ['broken.der']);
  await assert.rejects(loadTrustAnchors(join(dir, 'missing')), (e) => isDeskError(e) && e.code === 'signing.trust-folder');
});

test('an empty trust folder leaves a sound signature indeterminate, with the reason in both languages', async () => {
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(), { signer: pki.officer });
  const [report] = (await verifyPdf(pdf, { trustAnchors: (await loadTrustAnchors(tempDir('empty-'))).certificates })).signatures;
  assert.equal(report?.verdict, 'indeterminate');
  assert.deepEqual(report?.reasons, [
    { vi: 'Chưa có chứng thư gốc tin cậy nào để kiểm tra chuỗi chứng thư.', en: 'No trust anchors are configured to check the certificate chain.' },
  ]);
});

test('a certificate from a CA the desk does not trust is indeterminate', async () => {
  const pki = await testPki();
  const other = await DevAuthority.create({ commonName: 'CA lạ', country: 'VN' });
  const { pdf } = await sign(await samplePdf(), { signer: await issueSigner(other, OFFICER) });
  const [report] = (await verifyPdf(pdf, { trustAnchors: [pki.ca.certificate] })).signatures;
  assert.equal(report?.verdict, 'indeterminate');
  assert.match(report.reasons.map((r) => r.en).join(' '), /does not chain to a trusted root/);
});

test('an expired certificate without a timestamp is indeterminate', async () => {
  const pki = await testPki();
  const expired = await issueSigner(pki.ca, OFFICER, { notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) });
  const { pdf } = await sign(await samplePdf(), { signer: expired });
  const [report] = (await verifyPdf(pdf, { trustAnchors: [pki.ca.certificate] })).signatures;
  assert.equal(report?.verdict, 'indeterminate');
  assert.equal(report?.timeSource, 'claimed');
  assert.match(report.reasons.map((r) => r.en).join(' '), /expired .* no timestamp proves when it was signed/);
});

const anchors = async () => ({ trustAnchors: [(await testPki()).ca.certificate] });
const DOC_MDP_3 = '/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P 3 /V /1.2 >> >>]';
const LOCK_HO_TEN =
  '/Reference [<< /Type /SigRef /TransformMethod /FieldMDP /TransformParams << /Type /TransformParams /Action /Include /Fields [(hoTen)] /V /1.2 >> >>]';
/** A long reason, for resign to overwrite with a /Reference of the same length. */
const ROOM = 'x'.repeat(60);

test('page 1 rewritten in a revision after signing: invalid now, the signed revision intact and its length the ByteRange end', async () => {
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(), { signer: pki.officer });
  const changed = await rewritePageOne(pdf, 'Giay bien nhan', 'Giay bien nhan DA SUA');
  // The attack outside the desk: poppler shows the new text and calls the signature valid.
  assert.match(pdfText(changed), /Giay bien nhan DA SUA/);
  assert.match(pdfsig(changed, pki.nssDir).signatures[0] ?? '', /Signature is Valid\./);

  const [report] = (await verifyPdf(changed, await anchors())).signatures;
  assert.equal(report?.verdict, 'invalid');
  assert.deepEqual(report?.signedRevision, { verdict: 'valid', length: pdf.length });
  assert.equal(
    signatureParts(changed)[0]!
      .byteRange.slice(2)
      .reduce((c, d) => c + d),
    pdf.length,
  );
  assert.equal(report?.laterRevisions, 1);
  assert.deepEqual(report?.changes, [
    { kind: 'page-content', allowed: false, text: { vi: 'Nội dung trang 1 bị thay đổi', en: 'The content of page 1 was changed' } },
  ]);
  assert.ok(
    report.reasons.some((r) => /content of page 1/.test(r.en) && /Nội dung trang 1/.test(r.vi)),
    JSON.stringify(report.reasons),
  );
  assert.ok(
    report.warnings.some((w) => w.en.includes(`first ${pdf.length} bytes`)),
    JSON.stringify(report.warnings),
  );
  // What the officer prints with "the signed version" is the document as signed.
  const signedVersion = changed.subarray(0, report.signedRevision.length);
  assert.doesNotMatch(pdfText(signedVersion), /DA SUA/);
  assert.equal((await verifyPdf(signedVersion, await anchors())).signatures[0]?.verdict, 'valid');
});

test('a page attribute changed after signing (Rotate) is named; the signature does not permit it', async () => {
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(), { signer: pki.officer });
  const doc = await loadPdf(pdf);
  const page = pageRefs(doc)[0]!;
  doc.context.lookup(page, PDFDict).set(PDFName.of('Rotate'), PDFNumber.of(90));
  const changed = joined([pdf, appendRevision(pdf, doc.context, [{ ref: page, body: serialize(doc.context.lookup(page)!) }]).update]);
  const [report] = (await verifyPdf(changed, await anchors())).signatures;
  assert.equal(report?.verdict, 'invalid');
  assert.deepEqual(
    report?.changes.map((c) => [c.kind, c.allowed, c.text.en]),
    [['page', false, 'Page 1 was changed (Rotate)']],
  );
});

test('a second copy of the page content that the cross-reference points to, behind an unchanged last copy: invalid', async () => {
  const pki = await testPki();
  for (const objectStreams of [false, true]) {
    const { pdf } = await sign(await samplePdf(objectStreams), { signer: pki.officer });
    const shadowed = await shadowPageOne(pdf, 'Giay bien nhan', 'Giay gia mao');
    assert.match(pdfText(shadowed), /Giay gia mao/, 'poppler follows the cross-reference to the forged copy');
    const [report] = (await verifyPdf(shadowed, await anchors())).signatures;
    assert.equal(report?.verdict, 'invalid', JSON.stringify(report));
    assert.equal(report?.signedRevision.verdict, 'valid');
    assert.ok(
      report.changes.some((c) => c.kind === 'structure' && !c.allowed && /defined ambiguously/.test(c.text.en)),
      JSON.stringify(report.changes),
    );
  }
});

test('a revision that only adds a second signature: both valid, the addition listed as allowed', async () => {
  const pki = await testPki();
  const first = await sign(await samplePdf(), { signer: pki.officer });
  const second = await sign(first.pdf, {
    signer: pki.leader,
    stamp: { page: 0, rect: { x: 200, y: 40, width: 180, height: 80 }, organisation: 'UBND xã Tân Phú' },
  });
  const [officer, leader] = (await verifyPdf(second.pdf, await anchors())).signatures;
  assert.equal(officer?.verdict, 'valid', JSON.stringify(officer));
  assert.deepEqual(officer?.changes, [
    { kind: 'signature', allowed: true, text: { vi: 'Thêm chữ ký "Signature2", hiển thị trên trang 1', en: 'Signature "Signature2" added, shown on page 1' } },
  ]);
  assert.deepEqual(
    officer?.warnings.map((w) => w.en),
    ['Certificate revocation was not checked (offline).'],
  );
  assert.deepEqual([leader?.verdict, leader?.laterRevisions, leader?.changes], ['valid', 0, []]);
});

test('form filled in after a signature (P=2 by default): valid with a note; a field the signature locks: invalid', async () => {
  const pki = await testPki();
  const signed = await sign(await formPdf(), { signer: pki.officer });
  const filled = await fillField(signed.pdf, 'hoTen', 'Tran Van B');
  qpdfCheck(filled);
  assert.match(pdfText(filled), /Tran Van B/);
  const [report] = (await verifyPdf(filled, await anchors())).signatures;
  assert.equal(report?.verdict, 'valid', JSON.stringify(report));
  assert.equal(report?.permission, 2);
  assert.deepEqual(
    report?.changes.map((c) => [c.kind, c.allowed]),
    [['form-fill', true]],
  );
  assert.ok(
    report.warnings.some((w) => w.en === 'Changed after signing, as the signature permits: Form filled in: field "hoTen".'),
    JSON.stringify(report.warnings),
  );

  const locking = await resign(
    (await sign(await formPdf(), { signer: pki.officer, reason: ROOM })).pdf,
    pki.officer,
    `/Reason ${PDFHexString.fromText(ROOM).toString()}`,
    LOCK_HO_TEN,
  );
  assert.equal((await verifyPdf(locking, await anchors())).signatures[0]?.verdict, 'valid');
  const [locked] = (await verifyPdf(await fillField(locking, 'hoTen', 'Tran Van B'), await anchors())).signatures;
  assert.equal(locked?.verdict, 'invalid');
  assert.match(locked.reasons[0]!.en, /Form field "hoTen", which the signature locks, was filled in/);
});

test('an annotation drawn over the text after a P=2 signature is an overlay: invalid; a P=3 certification permits it', async () => {
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(), { signer: pki.officer });
  const covered = await coverOnPageOne(pdf, [30, 530, 330, 570]);
  qpdfCheck(covered);
  const [report] = (await verifyPdf(covered, await anchors())).signatures;
  assert.equal(report?.verdict, 'invalid');
  assert.deepEqual(
    report?.changes.map((c) => [c.kind, c.allowed, c.text.en]),
    [['overlay', false, 'A Square annotation drawn over the content of page 1']],
  );

  const certified = await resign(
    (await sign(await samplePdf(), { signer: pki.officer, reason: ROOM })).pdf,
    pki.officer,
    `/Reason ${PDFHexString.fromText(ROOM).toString()}`,
    DOC_MDP_3,
  );
  const [annotated] = (await verifyPdf(await coverOnPageOne(certified, [30, 530, 330, 570]), await anchors())).signatures;
  assert.equal(annotated?.permission, 3);
  assert.equal(annotated?.verdict, 'valid', JSON.stringify(annotated));
  assert.ok(annotated.warnings.some((w) => /Square annotation drawn over/.test(w.en)));
});

test('format and level name what each signature is: PAdES only for CAdES meeting it; adbe.pkcs7.detached is PKCS#7', async () => {
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(), { signer: pki.officer });
  const pades = (await verifyPdf(pdf, await anchors())).signatures[0]!;
  assert.deepEqual([pades.format, pades.level], ['PAdES B-B', 'B-B']);

  // Poppler co-signs as adbe.pkcs7.detached, in an incremental update of its own making.
  const cosigned = await popplerSign(pdf, await pki.ca.issue({ ...LEADER, commonName: 'Lê Văn Ba' }), 'LanhDao');
  const { signatures, output } = pdfsig(cosigned, pki.nssDir);
  assert.match(signatures[1] ?? '', /Signature Type: adbe\.pkcs7\.detached[\s\S]*Signature is Valid\./, output);
  const [officer, leader] = (await verifyPdf(cosigned, await anchors())).signatures;
  assert.deepEqual([officer?.verdict, officer?.format, officer?.changes.map((c) => [c.kind, c.allowed])], ['valid', 'PAdES B-B', [['signature', true]]]);
  assert.deepEqual([leader?.field, leader?.verdict, leader?.format, leader?.level], ['LanhDao', 'valid', 'PKCS#7 (adbe.pkcs7.detached)', null]);
});

test('a damaged signature dictionary is a broken signature with its reason, not "no signatures"', async () => {
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(false), { signer: pki.officer });
  const text = Buffer.from(pdf).toString('latin1');
  for (const [from, to] of [
    ['/ByteRange [', '/ByteRange ('],
    ['/FT /Sig', '/FT /Xyz'],
  ] as const) {
    const damaged = Buffer.from(pdf);
    damaged.write(to, text.lastIndexOf(from), 'latin1');
    const { signatures } = await verifyPdf(new Uint8Array(damaged), await anchors());
    assert.equal(signatures.length, 1, from);
    assert.equal(signatures[0]!.verdict, 'invalid', from);
    assert.ok(signatures[0]!.reasons[0]!.vi.length > 0 && signatures[0]!.reasons[0]!.en.length > 0, from);
  }
});

test('seeded mutations of a signed file and of its signature dictionary: only designed outcomes, never "valid" for changed signed bytes', async () => {
  const pki = await testPki();
  const first = await sign(await samplePdf(false), { signer: pki.officer });
  const { pdf } = await sign(first.pdf, { signer: pki.leader });
  const parts = signatureParts(pdf);
  const text = Buffer.from(pdf).toString('latin1');
  const dictionary = [text.lastIndexOf(' obj', parts[0]!.byteRange[1]), text.indexOf('endobj', parts[0]!.byteRange[2])] as const;
  let seed = 0x5eed;
  const random = (n: number) => {
    // mulberry32: the same mutations on every run.
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return (((x ^ (x >>> 14)) >>> 0) % n) >>> 0;
  };
  const outcomes = new Map<string, number>();
  for (let i = 0; i < 120; i++) {
    const [from, to] = i % 2 === 0 ? [0, pdf.length] : dictionary;
    const at = from + random(to - from);
    const operation = (['flip', 'insert', 'delete'] as const)[random(3)]!;
    const original = Buffer.from(pdf);
    const mutated =
      operation === 'flip'
        ? Buffer.from(pdf).fill(pdf[at]! ^ (1 << random(8)), at, at + 1)
        : operation === 'insert'
          ? Buffer.concat([original.subarray(0, at), Buffer.from([random(256)]), original.subarray(at)])
          : Buffer.concat([original.subarray(0, at), original.subarray(at + 1)]);
    const what = `mutation ${i}: ${operation} at ${at}`;
    let outcome: string;
    try {
      const { signatures } = await verifyPdf(new Uint8Array(mutated), await anchors());
      for (const s of signatures) {
        assert.ok(
          s.reasons.every((r) => r.vi && r.en),
          what,
        );
        if (s.verdict !== 'valid') continue;
        // Valid only for a revision signed originally, whose signed bytes the mutation left alone.
        const part = parts.find((p) => p.byteRange[2] + p.byteRange[3] === s.signedRevision.length);
        assert.ok(part, `${what}: valid for an unsigned length ${s.signedRevision.length}`);
        const [, b, c, d] = part.byteRange;
        const untouched = operation === 'flip' ? at >= c + d || (at >= b && at < c) : at >= c + d;
        assert.ok(untouched, `${what}: left a signature over the changed bytes valid`);
      }
      outcome = signatures.map((s) => s.verdict).join('+') || 'none';
    } catch (e) {
      assert.ok(isDeskError(e), `${what}: threw ${String(e)}`);
      outcome = e.code;
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  // Most mutations break what they hit; a few land in padding or the later revision only.
  assert.ok((outcomes.get('invalid+invalid') ?? 0) > 30, JSON.stringify([...outcomes]));
});

test('a damaged signature value is invalid, not a crash', async () => {
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(), { signer: pki.officer });
  const text = Buffer.from(pdf).toString('latin1');
  const start = text.indexOf('/Contents <') + '/Contents <'.length;
  const damaged = pdf.slice();
  damaged.fill(0x41, start + 40, start + 400);
  const [report] = (await verifyPdf(damaged, { trustAnchors: [pki.ca.certificate] })).signatures;
  assert.equal(report?.verdict, 'invalid');
  assert.ok(report.reasons[0]!.vi.length > 0);
});

test('a PDF without signatures has none; a file that is not a PDF, or is encrypted, is a DeskError', async () => {
  assert.deepEqual((await verifyPdf(await samplePdf(), { trustAnchors: [] })).signatures, []);
  await assert.rejects(verifyPdf(new TextEncoder().encode('hello, not a pdf'), { trustAnchors: [] }), (e) => isDeskError(e) && e.code === 'signing.bad-pdf');
  const dir = tempDir('encrypted-');
  writeFileSync(join(dir, 'plain.pdf'), await samplePdf());
  execFileSync('qpdf', ['--encrypt', 'u', 'o', '256', '--', join(dir, 'plain.pdf'), join(dir, 'locked.pdf')]);
  await assert.rejects(
    verifyPdf(new Uint8Array(readFileSync(join(dir, 'locked.pdf'))), { trustAnchors: [] }),
    (e) => isDeskError(e) && e.code === 'signing.encrypted-pdf',
  );
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(), { signer: pki.officer });
  // Cut inside the signature revision: whatever is left must be reported, never thrown raw.
  for (const cut of [0.3, 0.6, 0.9]) {
    try {
      const report = await verifyPdf(pdf.subarray(0, Math.floor(pdf.length * cut)), { trustAnchors: [pki.ca.certificate] });
      assert.ok(report.signatures.every((s) => s.verdict !== 'valid'));
    } catch (e) {
      assert.ok(isDeskError(e), String(e));
    }
  }
});
