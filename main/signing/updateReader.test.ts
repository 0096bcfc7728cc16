// Which way a file is read for signing: from its tail through classic cross-reference tables
// (only the objects the update touches), or pdf-lib's full parse for what the tail reader
// leaves alone. Signatures made either way are checked by pdfsig and qpdf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { sign } from './pades.ts';
import { isDeskError } from '#domain/errors.ts';
import { openForUpdate, pageCount } from './updateReader.ts';
import { pdfsig, qpdfCheck, qpdfPdf, samplePdf, sealPng, signerPng, testPki } from './test-support.ts';

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const fromLatin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

async function assertSignedWell(pdf: Uint8Array): Promise<Uint8Array> {
  const pki = await testPki();
  const signed = (await sign(pdf, { signer: pki.officer, reason: 'Tiếp nhận hồ sơ' })).pdf;
  assert.deepEqual(signed.subarray(0, pdf.length), pdf, 'earlier bytes untouched');
  qpdfCheck(signed);
  // pdfsig exits 0 even on a digest mismatch (docs/toolchain.md): its text says what it found.
  const { signatures, output } = pdfsig(signed, pki.nssDir);
  assert.equal(signatures.length, 1, output);
  assert.match(signatures[0]!, /Signature is Valid\./, output);
  assert.match(signatures[0]!, /Certificate is Trusted\./, output);
  assert.match(signatures[0]!, /Total document signed/, output);
  return signed;
}

/** Thirty pages of text, classic table: most objects are page content the update never needs. */
async function longPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 1; i <= 30; i++) doc.addPage([420, 595]).drawText(`Trang ${i}`, { x: 40, y: 540, size: 14, font });
  return doc.save({ useObjectStreams: false });
}

test('a classic table is read from the tail: only the objects the update touches are parsed, and the signature is valid', async () => {
  const pdf = await longPdf();
  const opened = await openForUpdate(pdf);
  assert.equal(opened.path, 'xref');
  assert.equal(opened.doc.getPageCount(), 30);
  const total = Number(/\/Size (\d+)/.exec(latin1(pdf))![1]) - 1;
  // The catalog, the page tree and the page leaves; not one content stream or font.
  assert.ok(opened.loaded!() <= 32 && opened.loaded!() < total, `${opened.loaded!()} of ${total} objects parsed`);
  await assertSignedWell(pdf);
});

test('a file signed once is read from the tail again through /Prev, and a second signature keeps both valid', async () => {
  const pki = await testPki();
  const first = await assertSignedWell(await qpdfPdf());
  assert.equal((await openForUpdate(first)).path, 'xref');
  const second = (await sign(first, { signer: pki.leader })).pdf;
  qpdfCheck(second);
  const { signatures, output } = pdfsig(second, pki.nssDir);
  assert.equal(signatures.length, 2, output);
  for (const s of signatures) assert.match(s, /Signature is Valid\./, output);
});

test('sign() takes the page the cross-reference table names, as a viewer does, not a stray copy written after it', async () => {
  const pdf = latin1(await samplePdf(false));
  const pageNumber = Number(/(\d+) 0 obj\s*<<\s*\/Type \/Page\b(?!s)/.exec(pdf)![1]);
  // A second definition of page 1 after the last %%EOF, which no table points at. A
  // front-to-back parse (pdf-lib's) takes the last definition; a viewer takes the table's.
  const stray = `${pdf}${pageNumber} 0 obj\n<< /Type /Page /StrayCopy true /MediaBox [0 0 420 595] >>\nendobj\n`;
  const opened = await openForUpdate(fromLatin1(stray));
  assert.equal(opened.path, 'xref');
  const signed = latin1((await sign(fromLatin1(stray), { signer: (await testPki()).officer })).pdf);
  const rewritten = new RegExp(`${pageNumber} 0 obj\\s*<<[^]*?endobj`).exec(signed.slice(stray.length))?.[0] ?? '';
  assert.match(rewritten, /\/Annots/, 'the page is rewritten with the widget');
  assert.doesNotMatch(rewritten, /StrayCopy/);
  assert.match(rewritten, /\/Contents/, "the table's page keeps its content");
});

test('a cross-reference stream (object streams) takes the full parse, and the signature is valid', async () => {
  const pdf = await samplePdf(true);
  const opened = await openForUpdate(pdf);
  assert.equal(opened.path, 'full');
  assert.equal(opened.reason, 'cross-reference stream');
  await assertSignedWell(pdf);
});

test('a hybrid file (/XRefStm) and a table whose entries point elsewhere take the full parse', async () => {
  const plain = latin1(await samplePdf(false));
  const hybrid = plain.replace(/trailer\s*<</, (m) => `${m} /XRefStm 9`);
  assert.deepEqual(await openForUpdate(fromLatin1(hybrid)).then((o) => [o.path, o.reason]), ['full', 'hybrid file (/XRefStm)']);

  // Object 2's entry moved by one byte: the table no longer matches the body.
  const damaged = plain.replace(
    /(xref\s+0 \d+\s+\d{10} 65535 f\s+\d{10} 00000 n\s+)(\d{10})/,
    (_, head: string, offset: string) => head + String(Number(offset) + 1).padStart(10, '0'),
  );
  assert.notEqual(damaged, plain);
  const opened = await openForUpdate(fromLatin1(damaged));
  assert.equal(opened.path, 'full');
  assert.match(opened.reason!, /entry for object 2 points elsewhere/);
});

test('a visible stamp finds the same free area read from the tail as with the full parse, and an officer and a leader stamp side by side', async () => {
  const pki = await testPki();
  const signingTime = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000);
  const stamp = { page: 0, corner: 'bottom-right', organisation: 'UBND xã Tân Phú', signerImage: await signerPng(), sealImage: await sealPng() } as const;
  const classic = await samplePdf(false);
  const streamed = await samplePdf(true);
  assert.deepEqual([(await openForUpdate(classic)).path, (await openForUpdate(streamed)).path], ['xref', 'full']);
  const fast = await sign(classic, { signer: pki.officer, signingTime, stamp });
  const full = await sign(streamed, { signer: pki.officer, signingTime, stamp });
  assert.equal(fast.stamp?.placed, 'free-area');
  assert.deepEqual(fast.stamp, full.stamp);

  assert.equal((await openForUpdate(fast.pdf)).path, 'xref');
  const second = await sign(fast.pdf, { signer: pki.leader, signingTime, stamp: { ...stamp, title: 'CHỦ TỊCH' } });
  assert.equal(second.stamp?.placed, 'free-area');
  const [a, b] = [fast.stamp, second.stamp].map((s) => (s?.placed === 'free-area' ? s.rect : undefined));
  assert.ok(a && b && (b.x >= a.x + a.width || b.x + b.width <= a.x || b.y >= a.y + a.height || b.y + b.height <= a.y), 'the second stamp avoids the first');
  qpdfCheck(second.pdf);
  const { signatures, output } = pdfsig(second.pdf, pki.nssDir);
  assert.equal(signatures.length, 2, output);
  for (const s of signatures) assert.match(s, /Signature is Valid\./, output);
});

test('an object the table points at that does not parse: sign() and the page count read the file whole and refuse it with a DeskError', async () => {
  // The page tree's /Kids opens with a ')' (same length, so every offset still matches).
  const damaged = fromLatin1(latin1(await samplePdf(false)).replace('/Kids [', '/Kids )'));
  assert.equal((await openForUpdate(damaged)).path, 'xref', 'the table itself is sound');
  await assert.rejects(sign(damaged, { signer: (await testPki()).officer }), (e) => isDeskError(e) && e.code === 'signing.bad-page');
  await assert.rejects(pageCount(damaged), (e) => isDeskError(e) && e.code === 'signing.bad-pdf');
  assert.equal(await pageCount(await samplePdf(false)), 2);
});
