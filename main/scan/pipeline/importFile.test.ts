import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import sharp from 'sharp';
import { importFile, ImportError, plausibleDpi, type ImportErrorCode } from './importFile.ts';
import { makeTestPage } from './testPages.ts';

const dir = mkdtempSync(join(tmpdir(), 'import-test-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

async function simplePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Giay to', { x: 50, y: 700 });
  doc.addPage([595, 842]);
  return doc.save();
}

async function rejects(bytes: Uint8Array, code: ImportErrorCode, vi: RegExp): Promise<void> {
  await assert.rejects(importFile(bytes), (e: unknown) => {
    assert.ok(e instanceof ImportError, String(e));
    assert.equal(e.importCode, code);
    assert.equal(e.code, `import.${code}`);
    assert.match(e.text.vi, vi);
    assert.ok(e.text.en.length > 10);
    return true;
  });
}

test('a clean PDF is kept byte for byte, with its page count', async () => {
  const pdf = await simplePdf();
  const r = await importFile(pdf, { recompress: true });
  assert.equal(r.format, 'pdf');
  if (r.format !== 'pdf') return;
  assert.equal(r.pages, 2);
  assert.equal(r.recompressed, false);
  assert.deepEqual(r.pdf, pdf);
});

test('images: PNG, JPEG and a 3-page TIFF go through the pipeline', async () => {
  const png = await makeTestPage('text', { dpi: 200 });
  const r1 = await importFile(png);
  assert.equal(r1.format, 'png');
  assert.equal('pages' in r1 && Array.isArray(r1.pages) && r1.pages[0]!.kind, 'bilevel');
  const jpeg = await sharp(await makeTestPage('seal', { dpi: 200 })).jpeg({ quality: 90 }).withDensity(200).toBuffer();
  const r2 = await importFile(jpeg);
  assert.equal(r2.format, 'jpeg');
  if (r2.format !== 'jpeg') return;
  assert.equal(r2.pages[0]!.kind, 'color');
  assert.equal(r2.pages[0]!.dpi, 200);
  const a = await sharp(await makeTestPage('text', { dpi: 150 })).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const frames = [a.data, Buffer.alloc(a.data.length, 250), a.data];
  const stacked = Buffer.concat(frames);
  const tiff = await sharp(stacked, { raw: { width: a.info.width, height: a.info.height * 3, channels: 1, pageHeight: a.info.height } as never })
    .tiff({ compression: 'lzw', xres: 150 / 25.4, yres: 150 / 25.4 })
    .toBuffer();
  assert.equal((await sharp(tiff).metadata()).pages, 3);
  const r3 = await importFile(tiff);
  assert.equal(r3.format, 'tiff');
  if (r3.format !== 'tiff') return;
  assert.equal(r3.pages.length, 3);
  assert.deepEqual(r3.pages.map((p) => p.analysis.blank), [false, true, false]);
});

test('a phone photo at 72 dpi is sized to A4, not to a poster', () => {
  assert.equal(plausibleDpi(72, 3024, 4032), Math.round(4032 / (297 / 25.4)));
  assert.equal(plausibleDpi(300, 2480, 3508), 300);
  assert.equal(plausibleDpi(undefined, 1654, 2339), 200);
});

test('zero-byte and unsupported files', async () => {
  await rejects(new Uint8Array(0), 'empty', /rỗng/);
  await rejects(Buffer.from('GIF89a\x01\x00\x01\x00'), 'unsupported', /PDF, JPEG, PNG hoặc TIFF/);
  await rejects(Buffer.from('PK\x03\x04 word document'), 'unsupported', /Không hỗ trợ/);
  await rejects(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).webp().toBuffer(), 'unsupported', /Không hỗ trợ/);
});

test('truncated and corrupt files', async () => {
  const pdf = await simplePdf();
  await rejects(pdf.subarray(0, Math.floor(pdf.length / 2)), 'truncated', /thiếu phần cuối/);
  const broken = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ngarbage\n%%EOF\n');
  await assert.rejects(importFile(broken), (e: unknown) => e instanceof ImportError && (e.importCode === 'corrupt'));
  const jpeg = await sharp(await makeTestPage('text', { dpi: 100 })).jpeg().toBuffer();
  await assert.rejects(importFile(jpeg.subarray(0, jpeg.length >> 1)), (e: unknown) => e instanceof ImportError && (e.importCode === 'truncated' || e.importCode === 'corrupt') && /Tệp/.test(e.text.vi));
  const png = await makeTestPage('text', { dpi: 100 });
  await assert.rejects(importFile(png.subarray(0, png.length >> 1)), (e: unknown) => e instanceof ImportError && ['truncated', 'corrupt'].includes(e.importCode));
});

test('encrypted PDFs are refused', async () => {
  const plain = join(dir, 'plain.pdf');
  writeFileSync(plain, await simplePdf());
  for (const [name, pw] of [['user.pdf', 'secret'], ['owner.pdf', '']] as const) {
    const out = join(dir, name);
    execFileSync('qpdf', ['--encrypt', pw, 'owner-pw', '256', '--', plain, out]);
    await rejects(readFileSync(out), 'encrypted', /mật khẩu/);
  }
});

test('PDFs with JavaScript are refused, also inside object streams', async () => {
  const doc = await PDFDocument.create();
  doc.addPage();
  const action = doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') });
  doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(action));
  const bytes = await doc.save();
  await rejects(bytes, 'javascript', /JavaScript/);
  const inFile = join(dir, 'js.pdf');
  const packed = join(dir, 'js-packed.pdf');
  writeFileSync(inFile, bytes);
  execFileSync('qpdf', ['--object-streams=generate', '--compress-streams=y', inFile, packed]);
  await rejects(readFileSync(packed), 'javascript', /JavaScript/);
});

test('PDFs with embedded files are refused', async () => {
  const doc = await PDFDocument.create();
  doc.addPage();
  await doc.attach(Buffer.from('hello'), 'note.txt', { mimeType: 'text/plain' });
  await rejects(await doc.save({ useObjectStreams: true }), 'embedded-files', /tệp đính kèm/);
});

test('a decompression bomb (a PNG header claiming 20000×20000) is refused before decoding', async () => {
  const png = Buffer.from(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } }).toColourspace('b-w').png().toBuffer());
  // IHDR data starts at byte 16: width, height (big-endian); its CRC covers type + data.
  png.writeUInt32BE(20000, 16);
  png.writeUInt32BE(20000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  await rejects(png, 'too-large', /quá lớn/);
});
