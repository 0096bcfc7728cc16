// Finding a free area on real pages: PDFs drawn by pdf-lib (text, filled shapes, a white page
// background) and scans made by the desk's own pipeline (CCITT G4 and JPEG images the size of
// the page), each read back the way pageInk reads any file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PDFDocument,
  PDFName,
  StandardFonts,
  TextRenderingMode,
  concatTransformationMatrix,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setTextRenderingMode,
} from 'pdf-lib';
import sharp from 'sharp';
import { buildComponentPdf, processImage } from '../scan/pipeline/index.ts';
import { makeTestPage } from '../scan/pipeline/testPages.ts';
import { INK, pageInk, type InkGrid } from './pageInk.ts';
import { findFreeArea } from './freeArea.ts';
import type { Rect } from './stamp.ts';

const A4 = [595, 842] as const;
const STAMP = { width: 200, height: 120 };

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** How many grid cells inside `rect` hold ink. */
function inkInside(grid: InkGrid, rect: Rect): number {
  let n = 0;
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.cols; c++) {
      const cell = { x: grid.box.x + c * grid.cell, y: grid.box.y + r * grid.cell, width: grid.cell, height: grid.cell };
      if (grid.ink[r * grid.cols + c]! >= INK && overlaps(cell, rect)) n++;
    }
  }
  return n;
}

async function textPage(draw: (page: ReturnType<PDFDocument['addPage']>, font: Awaited<ReturnType<PDFDocument['embedFont']>>) => void): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  draw(doc.addPage([...A4]), font);
  return PDFDocument.load(await doc.save());
}

test('a page with text at the top: the stamp goes to the bottom right corner, inside the margins', async () => {
  const doc = await textPage((page, font) => {
    for (let i = 0; i < 10; i++) page.drawText(`Dòng nội dung số ${i}`.normalize('NFD').replace(/\p{M}/gu, ''), { x: 72, y: 760 - i * 18, size: 13, font });
  });
  const rect = findFreeArea(await pageInk(doc, 0), STAMP, { corner: 'bottom-right' });
  assert.ok(rect && rect.x + rect.width <= A4[0] - 28 && rect.x + rect.width > A4[0] - 28 - 2, JSON.stringify(rect));
  assert.ok(rect && rect.y >= 28 && rect.y < 30, JSON.stringify(rect));
});

test('content in the bottom right: the stamp moves off it, to the nearest free area, and touches no ink', async () => {
  const block = { x: 360, y: 30, width: 200, height: 160 };
  const doc = await textPage((page, font) => {
    for (let i = 0; i < 25; i++) page.drawText('Noi dung van ban, dong chu dai de chiem cho', { x: 72, y: 780 - i * 16, size: 12, font });
    page.drawRectangle({ ...block, color: rgb(0.3, 0.3, 0.3) });
    page.drawText('Ghi chu cuoi trang', { x: 72, y: 40, size: 11, font });
  });
  const grid = await pageInk(doc, 0);
  assert.ok(inkInside(grid, block) > 0, 'the block is ink');
  const rect = findFreeArea(grid, STAMP, { corner: 'bottom-right' })!;
  assert.ok(rect, 'a free area exists');
  assert.ok(!overlaps(rect, block), `stamp ${JSON.stringify(rect)} is off the block`);
  assert.equal(inkInside(grid, rect), 0);
  // The nearest free place to the corner is right above the block, still on the right.
  assert.ok(rect.y >= block.y + block.height && rect.y < block.y + block.height + 20, JSON.stringify(rect));
  assert.ok(rect.x + rect.width > A4[0] - 60, JSON.stringify(rect));
});

test('a white page background is not ink, but a full page of content leaves no free area', async () => {
  const blank = await textPage((page) => page.drawRectangle({ x: 0, y: 0, width: A4[0], height: A4[1], color: rgb(1, 1, 1) }));
  assert.ok(findFreeArea(await pageInk(blank, 0), STAMP, { corner: 'bottom-right' }));
  const full = await textPage((page, font) => {
    for (let y = 20; y < A4[1] - 20; y += 14) page.drawText('x'.repeat(120), { x: 20, y, size: 12, font });
  });
  assert.equal(findFreeArea(await pageInk(full, 0), STAMP, { corner: 'bottom-right' }), null);
});

test('invisible text (a scan’s OCR layer) is not ink; an image that cannot be read is ink all over', async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([...A4]);
  // drawText saves the graphics state, which carries the rendering mode set before it.
  page.pushOperators(setTextRenderingMode(TextRenderingMode.Invisible));
  page.drawText('OCR layer of a scan', { x: 100, y: 60, size: 40, font });
  const loaded = await PDFDocument.load(await doc.save());
  assert.equal(inkInside(await pageInk(loaded, 0), { x: 0, y: 0, width: A4[0], height: A4[1] }), 0);

  const opaque = await PDFDocument.create();
  const image = opaque.addPage([...A4]);
  // A JPEG 2000 image: not read here, so all of its box counts as ink.
  const jpx = opaque.context.register(
    opaque.context.stream(new Uint8Array(16), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: 100,
      Height: 100,
      BitsPerComponent: 8,
      ColorSpace: 'DeviceGray',
      Filter: 'JPXDecode',
    }),
  );
  image.node.setXObject(PDFName.of('Im0'), jpx);
  image.pushOperators(pushGraphicsState(), concatTransformationMatrix(300, 0, 0, 300, 250, 30), drawObject('Im0'), popGraphicsState());
  const grid = await pageInk(await PDFDocument.load(await opaque.save()), 0);
  assert.ok(inkInside(grid, { x: 260, y: 40, width: 280, height: 280 }) > 0);
  assert.equal(inkInside(grid, { x: 30, y: 400, width: 200, height: 200 }), 0);
});

test('the desk’s own scans: blank paper is free, the printed lines and a dark corner are not', async () => {
  // A scanned A4 text page at 200 dpi with a dark square printed in its bottom-right corner.
  const page = await makeTestPage('text', { dpi: 200 });
  const meta = await sharp(page).metadata();
  const square = { left: meta.width - 620, top: meta.height - 560, size: 480 };
  const marked = await sharp(page)
    .composite([{ input: { create: { width: square.size, height: square.size, channels: 3, background: '#202020' } }, left: square.left, top: square.top }])
    .png()
    .toBuffer();
  for (const mode of ['bilevel', 'jpeg'] as const) {
    const processed = await processImage(marked, mode === 'jpeg' ? { override: 'gray' } : {});
    const pdf = await buildComponentPdf([processed], { component: 'Tờ khai', scannedAt: '2026-12-07T09:00:00+07:00' });
    const doc = await PDFDocument.load(pdf);
    const [width, height] = [doc.getPage(0).getWidth(), doc.getPage(0).getHeight()];
    const pt = (px: number) => (px * 72) / 200;
    const block = { x: pt(square.left), y: height - pt(square.top + square.size), width: pt(square.size), height: pt(square.size) };
    const grid = await pageInk(doc, 0);
    assert.ok(inkInside(grid, block) > 0.9 * (block.width / 2) * (block.height / 2), `${mode}: the dark square is ink`);
    const rect = findFreeArea(grid, STAMP, { corner: 'bottom-right' });
    assert.ok(rect, `${mode}: the scan has blank paper for a stamp`);
    assert.ok(!overlaps(rect, block), `${mode}: ${JSON.stringify(rect)} is off the square`);
    assert.equal(inkInside(grid, rect), 0, mode);
    assert.ok(rect.x < width && rect.y < height);
  }
});

test('a damaged or hostile content stream never throws: what cannot be read counts as ink', async () => {
  const streams = [
    '(unterminated string Tj',
    'BT /F1 12 Tf 100 100 Td <4142 Tj ET',
    'BI /W 4 /H 4 /BPC 8 /CS /G ID \x00\x01\x02',
    '[[[[[[[[[[ 1 2 3 re f',
    'q 1 0 0 1 0 0 cm Q Q Q Q 10 10 m 20 20 l S',
    '%comment only',
    '/Fm0 Do '.repeat(50),
  ];
  for (const text of streams) {
    const doc = await PDFDocument.create();
    const page = doc.addPage([...A4]);
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(Buffer.from(text, 'latin1'))));
    const grid = await pageInk(await PDFDocument.load(await doc.save()), 0);
    assert.equal(grid.ink.length, grid.cols * grid.rows, text);
  }
  // A Flate stream that does not inflate: the page is taken as full, and the signature goes invisible.
  const doc = await PDFDocument.create();
  const page = doc.addPage([...A4]);
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(new Uint8Array([1, 2, 3, 4, 5]), { Filter: 'FlateDecode' })));
  const grid = await pageInk(await PDFDocument.load(await doc.save()), 0);
  assert.equal(findFreeArea(grid, STAMP, { corner: 'bottom-right' }), null);
});
