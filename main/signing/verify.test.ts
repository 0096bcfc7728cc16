// verify.ts on the cases a desk meets: no trust folder, expired or foreign certificates,
// documents changed after signing, unsigned and damaged files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { isDeskError } from '../../domain/errors.ts';
import { DevAuthority } from './devPki.ts';
import { appendRevision } from './incrementalUpdate.ts';
import { sign } from './pades.ts';
import { loadPdf, pageRefs, serialize } from './pdfFile.ts';
import { loadTrustAnchors } from './trustAnchors.ts';
import { verifyPdf } from './verify.ts';
import { issueSigner, OFFICER, samplePdf, tempDir, testPki } from './test-support.ts';

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
  assert.deepEqual(report?.reasons, [{ vi: 'Chưa có chứng thư gốc tin cậy nào để kiểm tra chuỗi chứng thư.', en: 'No trust anchors are configured to check the certificate chain.' }]);
});

test('a certificate from a CA the desk does not trust is indeterminate', async () => {
  const pki = await testPki();
  const other = await DevAuthority.create({ commonName: 'CA lạ', country: 'VN' });
  const { pdf } = await sign(await samplePdf(), { signer: await issueSigner(other, OFFICER) });
  const [report] = (await verifyPdf(pdf, { trustAnchors: [pki.ca.certificate] })).signatures;
  assert.equal(report?.verdict, 'indeterminate');
  assert.match(report!.reasons.map((r) => r.en).join(' '), /does not chain to a trusted root/);
});

test('an expired certificate without a timestamp is indeterminate', async () => {
  const pki = await testPki();
  const expired = await issueSigner(pki.ca, OFFICER, { notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) });
  const { pdf } = await sign(await samplePdf(), { signer: expired });
  const [report] = (await verifyPdf(pdf, { trustAnchors: [pki.ca.certificate] })).signatures;
  assert.equal(report?.verdict, 'indeterminate');
  assert.equal(report?.timeSource, 'claimed');
  assert.match(report!.reasons.map((r) => r.en).join(' '), /expired .* no timestamp proves when it was signed/);
});

test('a later revision that changes the page is reported; the signature itself stays valid', async () => {
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(), { signer: pki.officer });
  const doc = await loadPdf(pdf);
  const page = pageRefs(doc)[0]!;
  doc.context.lookup(page, PDFDict).set(PDFName.of('Rotate'), PDFNumber.of(90));
  const changed = appendRevision(pdf, doc.context, [{ ref: page, body: serialize(doc.context.lookup(page)!) }]).bytes;
  const [report] = (await verifyPdf(changed, { trustAnchors: [pki.ca.certificate] })).signatures;
  assert.equal(report?.verdict, 'valid');
  assert.equal(report?.laterRevisions, 1);
  assert.equal(report?.coversWholeFile, false);
  assert.ok(report?.warnings.some((w) => /changed after this signature/.test(w.en) && /Page/.test(w.en)), JSON.stringify(report?.warnings));
});

test('on a form, a second signature is an allowed change but filling a field after signing is reported', async () => {
  const pki = await testPki();
  const form = await PDFDocument.create();
  const page = form.addPage([420, 595]);
  const field = form.getForm().createTextField('hoTen');
  field.setText('Nguyen Van A');
  field.addToPage(page, { x: 40, y: 500 });
  const first = await sign(await form.save(), { signer: pki.officer });
  const second = await sign(first.pdf, { signer: pki.leader });
  const clean = (await verifyPdf(second.pdf, { trustAnchors: [pki.ca.certificate] })).signatures;
  assert.deepEqual(clean.map((s) => [s.verdict, s.warnings.length]), [['valid', 1], ['valid', 1]]);

  const doc = await loadPdf(second.pdf);
  const fieldRef = doc.getForm().getTextField('hoTen').acroField.ref;
  doc.context.lookup(fieldRef, PDFDict).set(PDFName.of('V'), PDFString.of('Tran Van B'));
  const filled = appendRevision(second.pdf, doc.context, [{ ref: fieldRef, body: serialize(doc.context.lookup(fieldRef)!) }]).bytes;
  const after = (await verifyPdf(filled, { trustAnchors: [pki.ca.certificate] })).signatures;
  assert.deepEqual(after.map((s) => s.laterRevisions), [2, 1]);
  for (const s of after) assert.ok(s.warnings.some((w) => /changed after this signature/.test(w.en)), JSON.stringify(s.warnings));
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
  assert.ok(report!.reasons[0]!.vi.length > 0);
});

test('a PDF without signatures has none; a file that is not a PDF, or is encrypted, is a DeskError', async () => {
  assert.deepEqual((await verifyPdf(await samplePdf(), { trustAnchors: [] })).signatures, []);
  await assert.rejects(verifyPdf(new TextEncoder().encode('hello, not a pdf'), { trustAnchors: [] }), (e) => isDeskError(e) && e.code === 'signing.bad-pdf');
  const dir = tempDir('encrypted-');
  writeFileSync(join(dir, 'plain.pdf'), await samplePdf());
  execFileSync('qpdf', ['--encrypt', 'u', 'o', '256', '--', join(dir, 'plain.pdf'), join(dir, 'locked.pdf')]);
  await assert.rejects(verifyPdf(new Uint8Array(readFileSync(join(dir, 'locked.pdf'))), { trustAnchors: [] }), (e) => isDeskError(e) && e.code === 'signing.encrypted-pdf');
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
