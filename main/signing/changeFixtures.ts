// Test fixtures: signed documents changed afterwards, as a tool filling in a form or another
// signing program would, or as someone would who wants a signature to vouch for what it did
// not sign. Each appends an incremental update, so the signed bytes stay intact.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFContext } from 'pdf-lib';
import { createSignedData, encodeContentInfo, sha256 } from './cms.ts';
import { subtle } from './crypto.ts';
import { toPem, type Issued } from './devPki.ts';
import { appendRevision, collectObjects, joined, type NewObject } from './incrementalUpdate.ts';
import { lastSection, loadPdf, pageRefs, serialize } from './pdfFile.ts';
import type { Signer } from './signer.ts';
import { signatureParts, tempDir } from './test-support.ts';

/** The file with a new revision holding `objects`, as one buffer. */
const withRevision = (pdf: Uint8Array, context: PDFContext, objects: NewObject[]) => joined([pdf, appendRevision(pdf, context, objects).update]);

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
const hexText = (text: string) => Buffer.from(text, 'latin1').toString('hex').toUpperCase();

/** Opens `pdf` for an update: new objects get numbers above any the file used. */
async function openForUpdate(pdf: Uint8Array): Promise<{ doc: PDFDocument; baseline: number }> {
  const doc = await loadPdf(pdf);
  const baseline = Math.max(doc.context.largestObjectNumber, lastSection(pdf).size - 1);
  doc.context.largestObjectNumber = baseline;
  return { doc, baseline };
}

function firstContentStream(doc: PDFDocument): PDFRef {
  const contents = doc.context.lookup(pageRefs(doc)[0], PDFDict).get(PDFName.of('Contents'));
  const ref = contents instanceof PDFArray ? contents.get(0) : contents;
  if (!(ref instanceof PDFRef)) throw new Error('page 1 has no content stream object');
  return ref;
}

function pageText(doc: PDFDocument, ref: PDFRef): string {
  const stream = doc.context.lookup(ref);
  if (!(stream instanceof PDFRawStream)) throw new Error('page 1 content is not a stream');
  return latin1(decodePDFRawStream(stream).decode());
}

/** Page 1's content stream redefined in a new revision, `from` (drawn text) replaced by `to`. */
export async function rewritePageOne(pdf: Uint8Array, from: string, to: string): Promise<Uint8Array> {
  const { doc } = await openForUpdate(pdf);
  const ref = firstContentStream(doc);
  const content = pageText(doc, ref);
  if (!content.includes(`<${hexText(from)}>`)) throw new Error(`page 1 does not draw "${from}"`);
  doc.context.assign(ref, doc.context.stream(content.replace(`<${hexText(from)}>`, `<${hexText(to)}>`)));
  return withRevision(pdf, doc.context, [{ ref, body: serialize(doc.context.lookup(ref)!) }]);
}

/**
 * Page 1's content written twice in one update: first `to` in place of `from`, then the
 * original again. The cross-reference entry points at the first copy, as viewers follow; a
 * reader that takes the last definition in the file sees nothing changed.
 */
export async function shadowPageOne(pdf: Uint8Array, from: string, to: string): Promise<Uint8Array> {
  const doc = await loadPdf(pdf);
  const ref = firstContentStream(doc);
  const original = latin1(serialize(doc.context.lookup(ref)!));
  const forged = pageText(doc, ref).replace(`<${hexText(from)}>`, `<${hexText(to)}>`);
  const previous = lastSection(pdf);
  let tail = pdf[pdf.length - 1] === 0x0a ? '' : '\n';
  const forgedAt = pdf.length + tail.length;
  tail += `${ref.objectNumber} 0 obj\n<< /Length ${forged.length} >>\nstream\n${forged}\nendstream\nendobj\n`;
  tail += `${ref.objectNumber} 0 obj\n${original}\nendobj\n`;
  const xrefAt = pdf.length + tail.length;
  const root = String(doc.context.trailerInfo.Root);
  tail += `xref\n${ref.objectNumber} 1\n${String(forgedAt).padStart(10, '0')} 00000 n\r\n`;
  tail += `trailer\n<< /Size ${previous.size} /Root ${root} /Prev ${previous.offset} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([pdf, Buffer.from(tail, 'latin1')]));
}

/** A filled square annotation whose appearance covers `rect` on page 1: white by default, hiding what is under it. */
export async function coverOnPageOne(pdf: Uint8Array, rect: [number, number, number, number]): Promise<Uint8Array> {
  const { doc, baseline } = await openForUpdate(pdf);
  const context = doc.context;
  const [x1, y1, x2, y2] = rect;
  const appearance = context.register(
    context.stream(`1 1 1 rg 0 0 ${x2 - x1} ${y2 - y1} re f`, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, x2 - x1, y2 - y1] }),
  );
  const annotation = context.register(context.obj({ Type: 'Annot', Subtype: 'Square', Rect: rect, F: 4, AP: { N: appearance } }));
  const pageRef = pageRefs(doc)[0]!;
  const page = context.lookup(pageRef, PDFDict);
  const annots = page.get(PDFName.of('Annots'));
  let owner = pageRef;
  if (annots instanceof PDFRef) {
    context.lookup(annots, PDFArray).push(annotation);
    owner = annots;
  } else if (annots instanceof PDFArray) annots.push(annotation);
  else page.set(PDFName.of('Annots'), context.obj([annotation]));
  return withRevision(pdf, context, collectObjects(context, baseline, [owner], new Set()));
}

/** A one-page form with the text field `hoTen`, as pdf-lib writes it (a field with one widget). */
export async function formPdf(): Promise<Uint8Array> {
  const form = await PDFDocument.create();
  const page = form.addPage([420, 595]);
  const field = form.getForm().createTextField('hoTen');
  field.setText('Nguyen Van A');
  field.addToPage(page, { x: 40, y: 500 });
  return form.save();
}

/** Fills in a text field in a new revision the way a PDF editor does: the value and a fresh appearance. */
export async function fillField(pdf: Uint8Array, field: string, value: string): Promise<Uint8Array> {
  const { doc, baseline } = await openForUpdate(pdf);
  const before = new Map(doc.context.enumerateIndirectObjects().map(([ref, object]) => [ref, latin1(serialize(object))]));
  doc.getForm().getTextField(field).setText(value);
  doc.getForm().updateFieldAppearances();
  // The appearance's font is only written out on flush.
  await doc.flush();
  const changed = doc.context
    .enumerateIndirectObjects()
    .flatMap(([ref, object]) => (before.has(ref) && before.get(ref) !== latin1(serialize(object)) ? [ref] : []));
  return withRevision(pdf, doc.context, collectObjects(doc.context, baseline, changed, new Set()));
}

/**
 * The last signature made again after `from` in its dictionary is overwritten by `to` (padded
 * with spaces to the same length, so the byte range stays): how the tests make signatures
 * with another SubFilter, or with DocMDP/FieldMDP references, that `sign` does not write.
 */
export async function resign(pdf: Uint8Array, signer: Signer, from: string, to: string): Promise<Uint8Array> {
  if (to.length > from.length) throw new Error('the replacement must not be longer');
  const out = Buffer.from(pdf);
  const [, b, c, d] = signatureParts(pdf).at(-1)!.byteRange;
  const text = latin1(pdf);
  const at = text.indexOf(from, text.lastIndexOf(' obj', b));
  if (at < 0 || at > text.indexOf('endobj', c)) throw new Error(`"${from}" is not in the last signature dictionary`);
  out.write(to.padEnd(from.length, ' '), at, 'latin1');
  const signedData = await createSignedData({ signer, messageDigest: sha256(out.subarray(0, b), out.subarray(c, c + d)) });
  out.write(
    Buffer.from(encodeContentInfo(signedData))
      .toString('hex')
      .toUpperCase()
      .padEnd(c - b - 2, '0'),
    b + 1,
    'latin1',
  );
  return new Uint8Array(out);
}

/** A signature poppler adds (`pdfsig -add-signature`: adbe.pkcs7.detached, its own incremental update) with `issued`'s key. */
export async function popplerSign(pdf: Uint8Array, issued: Issued, field: string): Promise<Uint8Array> {
  const dir = tempDir('poppler-sign-');
  const pkcs8 = Buffer.from(await subtle.exportKey('pkcs8', issued.keyPair.privateKey)).toString('base64');
  writeFileSync(join(dir, 'key.pem'), `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`);
  writeFileSync(join(dir, 'cert.pem'), toPem(issued.certificate));
  writeFileSync(join(dir, 'in.pdf'), pdf);
  const nss = `sql:${dir}`;
  execFileSync('certutil', ['-N', '-d', nss, '--empty-password']);
  execFileSync('openssl', [
    'pkcs12',
    '-export',
    '-inkey',
    join(dir, 'key.pem'),
    '-in',
    join(dir, 'cert.pem'),
    '-name',
    'signer',
    '-out',
    join(dir, 'key.p12'),
    '-passout',
    'pass:',
  ]);
  execFileSync('pk12util', ['-i', join(dir, 'key.p12'), '-d', nss, '-W', ''], { stdio: 'pipe' });
  execFileSync('pdfsig', ['-add-signature', '-nssdir', nss, '-nick', 'signer', '-new-signature-field-name', field, join(dir, 'in.pdf'), join(dir, 'out.pdf')], {
    stdio: 'pipe',
  });
  return new Uint8Array(readFileSync(join(dir, 'out.pdf')));
}

/** The text poppler extracts: what a reader of the file sees. */
export function pdfText(pdf: Uint8Array): string {
  const file = join(tempDir('text-'), 'doc.pdf');
  writeFileSync(file, pdf);
  const run = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`;
}
