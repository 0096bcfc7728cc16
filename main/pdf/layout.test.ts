import { test } from 'node:test';
import assert from 'node:assert/strict';
import fontkit from '@pdf-lib/fontkit';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { formFontFiles, loadFormFonts } from './fonts.ts';
import { padGlyphsForSubsetting } from './pad-glyphs.ts';
import { wrapRuns, type FormFonts, type Line } from './layout.ts';

async function embeddedFonts(): Promise<FormFonts> {
  const files = await formFontFiles();
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  return {
    regular: await doc.embedFont(files.regular, { subset: true }),
    bold: await doc.embedFont(files.bold, { subset: true }),
    italic: await doc.embedFont(files.italic, { subset: true }),
  };
}

const textOf = (line: Line) => line.pieces.map((p) => p.text).join('');

test('wrapping keeps every line within the measured width and loses no word', async () => {
  const fonts = await embeddedFonts();
  const text = 'Giấy tờ chứng minh nơi cư trú của người đi đăng ký khai sinh cho trẻ em sinh ra tại Việt Nam';
  const lines = wrapRuns(text, fonts, 11, 120);
  assert.ok(lines.length > 2);
  for (const line of lines) {
    assert.ok(line.width <= 120, `${textOf(line)} is ${line.width} wide`);
    assert.ok(Math.abs(line.width - fonts.regular.widthOfTextAtSize(textOf(line), 11)) < 0.01);
  }
  assert.equal(lines.map(textOf).join(' '), text);
});

test('styled runs wrap together and keep their styles', async () => {
  const fonts = await embeddedFonts();
  const lines = wrapRuns([{ text: 'Tiếp nhận hồ sơ của: ' }, { text: 'Nguyễn Thị Hồng Nhung', style: 'bold' }], fonts, 11, 1000);
  assert.deepEqual(
    lines[0]!.pieces.map((p) => [p.text, p.style]),
    [
      ['Tiếp nhận hồ sơ của: ', 'regular'],
      ['Nguyễn Thị Hồng Nhung', 'bold'],
    ],
  );
});

test('decomposed input is composed before measuring and drawing', async () => {
  const fonts = await embeddedFonts();
  const [line] = wrapRuns('Nguyễn Văn Thuỷ'.normalize('NFD'), fonts, 11, 1000);
  assert.equal(textOf(line!), 'Nguyễn Văn Thuỷ'.normalize('NFC'));
});

test('a word wider than the line is broken between characters, and \\n forces a break', async () => {
  const fonts = await embeddedFonts();
  const code = '000.17.22.H56-261123-0001-000.17.22.H56-261123-0002';
  const lines = wrapRuns(code, fonts, 10, 60);
  assert.ok(lines.length > 1);
  assert.equal(lines.map(textOf).join(''), code);
  assert.deepEqual(wrapRuns('GIẤY TIẾP NHẬN HỒ SƠ\nVÀ HẸN TRẢ KẾT QUẢ', fonts, 12, 1000).map(textOf), ['GIẤY TIẾP NHẬN HỒ SƠ', 'VÀ HẸN TRẢ KẾT QUẢ']);
});

test('glyph padding leaves every glyph at an even offset and keeps the font usable', async () => {
  const { regular } = await loadFormFonts();
  const padded = padGlyphsForSubsetting(regular);
  const before = fontkit.create(regular);
  const after = fontkit.create(padded);
  assert.equal(after.numGlyphs, before.numGlyphs);
  const offsets: number[] = (after as unknown as { loca: { offsets: number[] } }).loca.offsets;
  assert.ok(offsets.every((o) => o % 2 === 0));
  for (const char of 'AaếỮđ') {
    const a = before.glyphForCodePoint(char.codePointAt(0)!);
    const b = after.glyphForCodePoint(char.codePointAt(0)!);
    assert.equal(b.id, a.id);
    assert.equal(b.path.toSVG(), a.path.toSVG());
  }
  assert.equal(padGlyphsForSubsetting(padded), padded, 'an already padded font is returned as is');
});

test('subset fonts in a saved form keep the outlines of every glyph drawn', async () => {
  const files = await formFontFiles();
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(files.regular, { subset: true });
  doc.addPage().drawText('Tiếp nhận hồ sơ của Nguyễn Thị Hồng Nhung, ngày 23/11/2026', { font, size: 11 });
  const saved = await PDFDocument.load(await doc.save());
  const subsets = saved.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter((o): o is PDFDict => o instanceof PDFDict && o.has(PDFName.of('FontFile2')))
    .map((descriptor) => descriptor.lookup(PDFName.of('FontFile2')))
    .filter((stream): stream is PDFRawStream => stream instanceof PDFRawStream)
    .map((stream) => fontkit.create(Buffer.from(decodePDFRawStream(stream).decode())));
  assert.equal(subsets.length, 1);
  const subset = subsets[0]!;
  // Glyph 0 is .notdef; of the rest only the space may be empty.
  const empty = Array.from({ length: subset.numGlyphs - 1 }, (_, i) => subset.getGlyph(i + 1)).filter((g) => g.path.toSVG() === '');
  assert.ok(subset.numGlyphs > 20);
  assert.ok(empty.length <= 1, `${empty.length} glyphs lost their outlines`);
});
