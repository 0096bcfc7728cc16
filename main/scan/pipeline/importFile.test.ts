import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { PDFDocument, PDFName, PDFString, type PDFDict } from 'pdf-lib';
import sharp from 'sharp';
import {
  IMPORT_LIMITS,
  importPages,
  ImportError,
  plausibleDpi,
  tiffPageSizes,
  type ImportedPage,
  type ImportErrorCode,
  type ImportOptions,
} from './importFile.ts';
import { makeTestPage } from './testPages.ts';
import { bilevelTiff, manyPagesPdf } from './testFiles.ts';

const dir = mkdtempSync(join(tmpdir(), 'import-test-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

async function simplePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Giay to', { x: 50, y: 700 });
  doc.addPage([595, 842]);
  return doc.save();
}

async function importAll(bytes: Uint8Array, opts: ImportOptions = {}): Promise<ImportedPage[]> {
  const pages: ImportedPage[] = [];
  for await (const page of importPages(bytes, opts)) pages.push(page);
  return pages;
}

async function images(bytes: Uint8Array, opts: ImportOptions = {}) {
  return (await importAll(bytes, opts)).map((p) => {
    assert.equal(p.kind, 'image');
    return p.kind === 'image' ? p.page : assert.fail('not an image page');
  });
}

async function rejects(bytes: Uint8Array, code: ImportErrorCode, vi: RegExp, opts: ImportOptions = {}): Promise<ImportError> {
  let error: ImportError | undefined;
  await assert.rejects(importAll(bytes, opts), (e: unknown) => {
    assert.ok(e instanceof ImportError, String(e));
    assert.equal(e.importCode, code);
    assert.equal(e.code, `import.${code}`);
    assert.match(e.text.vi, vi);
    assert.ok(e.text.en.length > 10);
    error = e;
    return true;
  });
  return error!;
}

test('a clean PDF becomes its pages, each a one-page PDF kept as it is', async () => {
  const pages = await importAll(await simplePdf());
  assert.deepEqual(
    pages.map((p) => [p.kind, p.number]),
    [
      ['pdf', 1],
      ['pdf', 2],
    ],
  );
  for (const p of pages) {
    assert.ok(p.kind === 'pdf');
    assert.deepEqual([p.widthPt, p.heightPt], [595, 842]);
    assert.equal((await PDFDocument.load(p.pdf)).getPageCount(), 1);
  }
});

test('images: PNG, JPEG and a 3-page TIFF go through the pipeline', async () => {
  const png = await makeTestPage('text', { dpi: 200 });
  assert.equal((await images(png))[0]!.kind, 'bilevel');
  const jpeg = await sharp(await makeTestPage('seal', { dpi: 200 }))
    .jpeg({ quality: 90 })
    .withDensity(200)
    .toBuffer();
  const [colour] = await images(jpeg);
  assert.equal(colour!.kind, 'color');
  assert.equal(colour!.dpi, 200);
  const a = await sharp(await makeTestPage('text', { dpi: 150 }))
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const frames = [a.data, Buffer.alloc(a.data.length, 250), a.data];
  const stacked = Buffer.concat(frames);
  const tiff = await sharp(stacked, { raw: { width: a.info.width, height: a.info.height * 3, channels: 1, pageHeight: a.info.height } as never })
    .tiff({ compression: 'lzw', xres: 150 / 25.4, yres: 150 / 25.4 })
    .toBuffer();
  assert.equal((await sharp(tiff).metadata()).pages, 3);
  assert.deepEqual(tiffPageSizes(tiff, 10), [
    [a.info.width, a.info.height],
    [a.info.width, a.info.height],
    [a.info.width, a.info.height],
  ]);
  const pages = await images(tiff);
  assert.equal(pages.length, 3);
  assert.deepEqual(
    pages.map((p) => p.analysis.blank),
    [false, true, false],
  );
});

test('a TIFF whose pages differ in size: each page has its own size and resolution', async () => {
  const pages = await images(
    bilevelTiff(
      [
        [300, 400],
        [600, 800],
      ],
      100,
    ),
  );
  assert.deepEqual(
    pages.map((p) => [p.width, p.height, p.dpi]),
    [
      [300, 400, 100],
      [600, 800, 100],
    ],
  );
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
  await rejects(
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .webp()
      .toBuffer(),
    'unsupported',
    /Không hỗ trợ/,
  );
});

test('truncated and corrupt files', async () => {
  const pdf = await simplePdf();
  await rejects(pdf.subarray(0, Math.floor(pdf.length / 2)), 'truncated', /thiếu phần cuối/);
  const broken = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ngarbage\n%%EOF\n');
  await assert.rejects(importAll(broken), (e: unknown) => e instanceof ImportError && e.importCode === 'corrupt');
  const jpeg = await sharp(await makeTestPage('text', { dpi: 100 }))
    .jpeg()
    .toBuffer();
  await assert.rejects(
    importAll(jpeg.subarray(0, jpeg.length >> 1)),
    (e: unknown) => e instanceof ImportError && (e.importCode === 'truncated' || e.importCode === 'corrupt') && /Tệp/.test(e.text.vi),
  );
  const png = await makeTestPage('text', { dpi: 100 });
  await assert.rejects(
    importAll(png.subarray(0, png.length >> 1)),
    (e: unknown) => e instanceof ImportError && ['truncated', 'corrupt'].includes(e.importCode),
  );
});

test('an error names the file the officer gave, never the temporary copy main checked', async () => {
  const broken = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ngarbage\n%%EOF\n');
  const named = await rejects(broken, 'corrupt', /hỏng/, { name: 'giay-khai-sinh.pdf' });
  const unnamed = await rejects(broken, 'corrupt', /hỏng/);
  for (const e of [named, unnamed]) {
    for (const text of [e.text.vi, e.text.en, e.message]) {
      assert.doesNotMatch(text, /desk-import-|in\.pdf/, text);
      assert.ok(!text.includes(tmpdir()), text);
    }
  }
  assert.match(named.text.vi, /giay-khai-sinh\.pdf/);
});

test('encrypted PDFs are refused', async () => {
  const plain = join(dir, 'plain.pdf');
  writeFileSync(plain, await simplePdf());
  for (const [name, pw] of [
    ['user.pdf', 'secret'],
    ['owner.pdf', ''],
  ] as const) {
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
  const png = Buffer.from(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } })
      .toColourspace('b-w')
      .png()
      .toBuffer(),
  );
  // IHDR data starts at byte 16: width, height (big-endian); its CRC covers type + data.
  png.writeUInt32BE(20000, 16);
  png.writeUInt32BE(20000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  await rejects(png, 'too-large', /quá lớn/);
});

test('a 40 KB TIFF of 200 pages of 81 megapixels is refused before any page is decoded, naming the limit', async () => {
  const bomb = bilevelTiff(Array.from({ length: 200 }, () => [9000, 9000] as [number, number]));
  assert.ok(bomb.length < 64 * 1024);
  const e = await rejects(bomb, 'too-many-pixels', /16\.200 triệu điểm ảnh.*2\.500 triệu điểm ảnh/);
  assert.match(e.text.en, /16,200 megapixels, over the limit of 2,500 megapixels/);
});

test('a small first page does not hide large ones: every page of a TIFF counts', async () => {
  const sizes: Array<[number, number]> = [[100, 100], ...Array.from({ length: 40 }, () => [9000, 9000] as [number, number])];
  await rejects(bilevelTiff(sizes), 'too-many-pixels', /quá giới hạn 2\.500 triệu/);
  const e = await rejects(
    bilevelTiff([
      [100, 100],
      [12_000, 12_000],
    ]),
    'too-large',
    /12\.000×12\.000.*100 triệu điểm ảnh một trang/,
  );
  assert.match(e.text.en, /12,000×12,000, over 100 megapixels a page/);
});

test('a TIFF of more pages than one import takes is refused', async () => {
  const e = await rejects(
    bilevelTiff(Array.from({ length: IMPORT_LIMITS.pages + 1 }, () => [16, 16] as [number, number])),
    'too-many-pages',
    /2\.001 trang, quá giới hạn 2\.000 trang/,
  );
  assert.match(e.text.en, /2,001 pages, over the limit of 2,000 pages/);
});

test('a 10,000-page PDF is refused before it is split, naming the limit', async () => {
  const pdf = manyPagesPdf(10_000);
  const e = await rejects(pdf, 'too-many-pages', /10\.000 trang, quá giới hạn 2\.000 trang/);
  assert.match(e.text.en, /10,000 pages, over the limit of 2,000 pages/);
  assert.equal((await importAll(manyPagesPdf(3))).length, 3);
});

test('an import stops between pages when cancelled, and when out of time', async () => {
  const tiff = bilevelTiff([
    [400, 400],
    [400, 400],
    [400, 400],
  ]);
  const stop = new AbortController();
  const got: ImportedPage[] = [];
  await assert.rejects(
    (async () => {
      for await (const page of importPages(tiff, { signal: stop.signal })) {
        got.push(page);
        stop.abort();
      }
    })(),
    (e: unknown) => e instanceof ImportError && e.importCode === 'cancelled' && /Đã dừng nhập tệp/.test(e.text.vi),
  );
  assert.equal(got.length, 1);
  const slow = await rejects(tiff, 'too-slow', /quá 0 phút/, { limits: { timeMs: 1 } });
  assert.match(slow.text.en, /took over 0 minutes/);
  const pdf = new AbortController();
  pdf.abort();
  await rejects(await simplePdf(), 'cancelled', /Đã dừng/, { signal: pdf.signal });
});

/** A one-page PDF with something added to its catalog (and/or its page) by `dress`. */
async function pdfWith(dress: (doc: PDFDocument, page: PDFDict) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  dress(doc, page.node);
  return doc.save();
}

function annotation(doc: PDFDocument, page: PDFDict, fields: Record<string, unknown>): void {
  const annot = doc.context.register(doc.context.obj({ Type: 'Annot', Rect: [10, 10, 100, 100], ...fields } as never));
  page.set(PDFName.of('Annots'), doc.context.obj([annot]));
}

test('active content outside the allow-list is refused, naming what was found', async () => {
  const o = (doc: PDFDocument, v: Record<string, unknown>) => doc.context.register(doc.context.obj(v as never));
  const cases: Array<[string, (doc: PDFDocument, page: PDFDict) => void, ImportErrorCode, RegExp]> = [
    [
      'OpenAction URI',
      (doc) => doc.catalog.set(PDFName.of('OpenAction'), o(doc, { S: 'URI', URI: PDFString.of('http://example.invalid/') })),
      'active-content',
      /\/URI/,
    ],
    [
      'OpenAction Launch',
      (doc) => doc.catalog.set(PDFName.of('OpenAction'), o(doc, { S: 'Launch', F: PDFString.of('cmd.exe') })),
      'active-content',
      /\/Launch/,
    ],
    [
      'page AA GoToR to a UNC path',
      (doc, page) =>
        page.set(PDFName.of('AA'), doc.context.obj({ O: o(doc, { S: 'GoToR', F: PDFString.of('\\\\evil\\share\\x.pdf'), D: [0, 'Fit'] }) } as never)),
      'active-content',
      /\/GoToR/,
    ],
    ['GoToE', (doc) => doc.catalog.set(PDFName.of('OpenAction'), o(doc, { S: 'GoToE', D: [0, 'Fit'] })), 'active-content', /\/GoToE/],
    [
      'GoTo chained to ImportData',
      (doc) => doc.catalog.set(PDFName.of('OpenAction'), o(doc, { S: 'GoTo', D: [0, 'Fit'], Next: o(doc, { S: 'ImportData', F: PDFString.of('data.fdf') }) })),
      'active-content',
      /\/ImportData/,
    ],
    [
      'Link with URI',
      (doc, page) => annotation(doc, page, { Subtype: 'Link', A: o(doc, { S: 'URI', URI: PDFString.of('http://example.invalid/') }) }),
      'active-content',
      /\/URI/,
    ],
    [
      'Widget with SubmitForm',
      (doc, page) => annotation(doc, page, { Subtype: 'Widget', FT: 'Btn', A: o(doc, { S: 'SubmitForm', F: PDFString.of('http://example.invalid/') }) }),
      'active-content',
      /\/SubmitForm|\/Widget \/A/,
    ],
    [
      'Widget with a GoTo action',
      (doc, page) => annotation(doc, page, { Subtype: 'Widget', FT: 'Btn', A: o(doc, { S: 'GoTo', D: [0, 'Fit'] }) }),
      'active-content',
      /\/Widget \/A/,
    ],
    ['RichMedia annotation', (doc, page) => annotation(doc, page, { Subtype: 'RichMedia', RichMediaContent: o(doc, {}) }), 'active-content', /RichMedia/],
    ['3D annotation', (doc, page) => annotation(doc, page, { Subtype: '3D', '3DD': o(doc, { Type: '3D', Subtype: 'U3D' }) }), 'active-content', /3D/],
    ['Screen annotation', (doc, page) => annotation(doc, page, { Subtype: 'Screen' }), 'active-content', /\/Screen/],
    [
      'Sound annotation without /Type',
      (doc, page) => page.set(PDFName.of('Annots'), doc.context.obj([o(doc, { Subtype: 'Sound', Rect: [0, 0, 1, 1] })])),
      'active-content',
      /\/Sound/,
    ],
    ['XFA form', (doc) => doc.catalog.set(PDFName.of('AcroForm'), o(doc, { Fields: [], XFA: o(doc, {}) })), 'active-content', /\/XFA/],
    ['Names other than Dests', (doc) => doc.catalog.set(PDFName.of('Names'), o(doc, { AP: o(doc, { Names: [] }) })), 'active-content', /\/Names \/AP/],
    ['Names JavaScript', (doc) => doc.catalog.set(PDFName.of('Names'), o(doc, { JavaScript: o(doc, { Names: [] }) })), 'javascript', /JavaScript/],
    ['FileAttachment annotation', (doc, page) => annotation(doc, page, { Subtype: 'FileAttachment' }), 'embedded-files', /tệp đính kèm/],
  ];
  for (const [label, dress, code, what] of cases) {
    const e = await rejects(await pdfWith(dress), code, /./);
    if (code === 'active-content') {
      assert.match(e.text.vi, what, label);
      assert.match(e.text.en, what, label);
    }
  }
});

test('what a page may carry passes: links within the document, notes, highlights, plain form fields, named destinations, structure', async () => {
  const o = (doc: PDFDocument, v: Record<string, unknown>) => doc.context.register(doc.context.obj(v as never));
  const pdf = await pdfWith((doc, page) => {
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj([page, 'Fit'] as never));
    doc.catalog.set(PDFName.of('Names'), o(doc, { Dests: o(doc, { Names: [PDFString.of('top'), [page, 'Fit']] }) }));
    doc.catalog.set(PDFName.of('AcroForm'), o(doc, { Fields: [] }));
    doc.catalog.set(
      PDFName.of('StructTreeRoot'),
      o(doc, { Type: 'StructTreeRoot', K: o(doc, { Type: 'StructElem', S: 'P', A: o(doc, { O: 'Layout', Placement: 'Block' }) }) }),
    );
    const annots = [
      o(doc, { Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 10, 10], A: o(doc, { S: 'GoTo', D: [page, 'Fit'] }) }),
      o(doc, { Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 10, 10], Dest: PDFString.of('top') }),
      o(doc, { Type: 'Annot', Subtype: 'Text', Rect: [0, 0, 10, 10], Contents: PDFString.of('ghi chú') }),
      o(doc, { Type: 'Annot', Subtype: 'Highlight', Rect: [0, 0, 10, 10], QuadPoints: [0, 10, 10, 10, 0, 0, 10, 0] }),
      o(doc, { Type: 'Annot', Subtype: 'Widget', FT: 'Tx', T: PDFString.of('hoTen'), Rect: [0, 0, 10, 10] }),
    ];
    page.set(PDFName.of('Annots'), doc.context.obj(annots));
  });
  const pages = await importAll(pdf);
  assert.equal(pages.length, 1);
});

test('a PDF whose page tree is damaged (qpdf repairs it, pdf-lib cannot read it) is refused as damaged, not as an internal error', async () => {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  doc.catalog.set(PDFName.of('Pages'), PDFString.of('not a page tree'));
  const bytes = await doc.save({ useObjectStreams: false });
  await assert.rejects(importAll(bytes), (e: unknown) => e instanceof ImportError && e.code === 'import.corrupt');
});
