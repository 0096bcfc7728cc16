// The invisible text layer: each recognised word drawn in text render mode 3 (neither filled
// nor stroked, ISO 32000-1 §9.3.6) over the scanned image, at its box, squeezed (Tz) to the
// box's width, so a search, a copy or pdftotext finds the words where the eye sees them.
// The font is the forms' Tinos (main/pdf/fonts.ts), which covers Vietnamese; it is embedded
// as a subset, so a page adds only the glyphs it uses.
import sharp from 'sharp';
import {
  PDFArray,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFContentStream,
  beginText,
  decodePDFRawStream,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  TextRenderingMode,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';
import type { OcrWord } from './engine.ts';

/** The page's scanned image as bytes an OCR engine reads, and its size in pixels. */
export interface PageImage {
  data: Uint8Array;
  width: number;
  height: number;
}

interface ImageStream {
  stream: PDFRawStream;
  width: number;
  height: number;
  filter: string;
  dict: PDFDict;
}

function numberOf(dict: PDFDict, key: string): number | undefined {
  const value = dict.lookup(PDFName.of(key));
  return value instanceof PDFNumber ? value.asNumber() : undefined;
}

function imagesOf(page: PDFPage): ImageStream[] | null {
  const xobjects = page.node.Resources()?.lookup(PDFName.of('XObject'));
  if (!(xobjects instanceof PDFDict)) return null;
  const out: ImageStream[] = [];
  for (const [, ref] of xobjects.entries()) {
    const stream = page.doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) return null;
    const dict = stream.dict;
    if (dict.lookup(PDFName.of('Subtype')) !== PDFName.of('Image')) return null;
    const filter = dict.lookup(PDFName.of('Filter'));
    const width = numberOf(dict, 'Width');
    const height = numberOf(dict, 'Height');
    if (!(filter instanceof PDFName) || width === undefined || height === undefined) return null;
    out.push({ stream, width, height, filter: filter.decodeText(), dict });
  }
  return out;
}

/**
 * A minimal little-endian TIFF around the desk's G4 strips (the pipeline wrote them from a
 * TIFF: main/scan/pipeline/compress.ts), so libvips decodes them for the engine.
 */
function g4Tiff(strips: ImageStream[], blackIs1: boolean): Uint8Array {
  const width = strips[0]!.width;
  const height = strips.reduce((n, s) => n + s.height, 0);
  const rowsPerStrip = strips[0]!.height;
  const n = strips.length;
  const tags: [number, number, number[]][] = [
    [256, 4, [width]],
    [257, 4, [height]],
    [258, 3, [1]],
    [259, 3, [4]],
    // compress.ts reads photometric 1 as BlackIs1: the same mapping back.
    [262, 3, [blackIs1 ? 1 : 0]],
    [273, 4, []],
    [277, 3, [1]],
    [278, 4, [rowsPerStrip]],
    [279, 4, strips.map((s) => s.stream.contents.byteLength)],
  ];
  const ifdSize = 2 + tags.length * 12 + 4;
  const arrays = 8 + ifdSize;
  const dataStart = arrays + 8 * n;
  const total = dataStart + strips.reduce((sum, s) => sum + s.stream.contents.byteLength, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49]);
  view.setUint16(2, 42, true);
  view.setUint32(4, 8, true);
  view.setUint16(8, tags.length, true);
  const offsets: number[] = [];
  let at = dataStart;
  for (const s of strips) {
    offsets.push(at);
    out.set(s.stream.contents, at);
    at += s.stream.contents.byteLength;
  }
  tags[5]![2] = offsets;
  tags.forEach(([tag, type, values], i) => {
    const entry = 10 + i * 12;
    view.setUint16(entry, tag, true);
    view.setUint16(entry + 2, type, true);
    view.setUint32(entry + 4, values.length, true);
    if (values.length === 1) {
      if (type === 3) view.setUint16(entry + 8, values[0]!, true);
      else view.setUint32(entry + 8, values[0]!, true);
    } else {
      // Strip offsets and byte counts: two arrays of n LONGs after the IFD.
      const where = arrays + (tag === 273 ? 0 : 4 * n);
      view.setUint32(entry + 8, where, true);
      values.forEach((v, k) => view.setUint32(where + 4 * k, v, true));
    }
  });
  view.setUint32(10 + tags.length * 12, 0, true);
  return out;
}

/**
 * The image of a page the desk scanned (main/scan/pipeline/pdf.ts): one JPEG, or G4 strips
 * stacked to the page's height. Anything else (an imported PDF's page, whose content the desk
 * cannot render) is null: it keeps whatever text it has and gets no layer.
 */
export async function pageImage(page: PDFPage): Promise<PageImage | null> {
  const images = imagesOf(page);
  if (!images || images.length === 0) return null;
  if (images.length === 1 && images[0]!.filter === 'DCTDecode') {
    const { stream, width, height } = images[0]!;
    return { data: stream.contents, width, height };
  }
  if (!images.every((i) => i.filter === 'CCITTFaxDecode' && i.width === images[0]!.width)) return null;
  const parms = images.map((i) => i.dict.lookup(PDFName.of('DecodeParms')));
  if (!parms.every((p): p is PDFDict => p instanceof PDFDict && numberOf(p, 'K') === -1)) return null;
  // Strips other than the last have the same height (libtiff's RowsPerStrip).
  if (images.slice(0, -1).some((i) => i.height !== images[0]!.height)) return null;
  const blackIs1 = parms[0]!.lookup(PDFName.of('BlackIs1'))?.toString() === 'true';
  const tiff = g4Tiff(images, blackIs1);
  const png = await sharp(tiff, { limitInputPixels: 100_000_000 }).png({ compressionLevel: 1 }).toBuffer();
  return { data: new Uint8Array(png), width: images[0]!.width, height: images.reduce((n, i) => n + i.height, 0) };
}

/** The page's /Rotate, as a quarter turn clockwise. */
export function pageTurn(page: PDFPage): 0 | 90 | 180 | 270 {
  const angle = ((page.getRotation().angle % 360) + 360) % 360;
  return angle === 90 || angle === 180 || angle === 270 ? angle : 0;
}

/**
 * A point of the image as displayed (turned clockwise by `turn`, origin top-left, in pixels)
 * back in the unturned image the page draws.
 */
function unturn(x: number, y: number, turn: 0 | 90 | 180 | 270, width: number, height: number): [number, number] {
  switch (turn) {
    case 90:
      return [y, height - x];
    case 180:
      return [width - x, height - y];
    case 270:
      return [width - y, x];
    default:
      return [x, y];
  }
}

/**
 * Draws the words recognised on the page as displayed (after its /Rotate) into the page's
 * own coordinates. `width`×`height` is the unturned image, which fills the page.
 */
/** The font resource name the layer draws with: what tells the desk's layer apart from the scan. */
const LAYER_FONT = 'OcrText';

function contentOf(stream: unknown): string | null {
  if (stream instanceof PDFRawStream) return Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
  if (stream instanceof PDFContentStream) return Buffer.from(stream.getContents()).toString('latin1');
  return null;
}

/**
 * Takes away the text layer an earlier run drew on this page (its content streams, drawn
 * invisibly with the layer's font, and that font's resource), so that running the recognition
 * again replaces the layer instead of adding a second copy of every word. Returns whether
 * there was one. The scan's own content, which draws only its image, is never touched.
 */
export function removeTextLayer(page: PDFPage): boolean {
  const contents = page.node.Contents();
  // The pipeline writes one stream per page; a layer was added beside it, making an array.
  if (!(contents instanceof PDFArray)) return false;
  const refs = contents.asArray();
  const font = new RegExp(`/${LAYER_FONT}-\\S+ [\\d.]+ Tf`);
  const kept = refs.filter((ref) => {
    const text = contentOf(page.doc.context.lookup(ref));
    return !(text !== null && /\b3 Tr\b/.test(text) && font.test(text));
  });
  if (kept.length === refs.length) return false;
  page.node.set(PDFName.of('Contents'), page.doc.context.obj(kept));
  const fonts = page.node.Resources()?.lookup(PDFName.of('Font'));
  if (fonts instanceof PDFDict) for (const key of fonts.keys()) if (key.decodeText().startsWith(`${LAYER_FONT}-`)) fonts.delete(key);
  return true;
}

export function drawTextLayer(page: PDFPage, font: PDFFont, words: readonly OcrWord[], width: number, height: number): void {
  if (words.length === 0) return;
  const { width: wPt, height: hPt } = page.getSize();
  const sx = wPt / width;
  const sy = hPt / height;
  const turn = pageTurn(page);
  const fontName = page.node.newFontDictionary(LAYER_FONT, font.ref);
  // The text runs along the displayed x axis: in the page's space that is turned counter-clockwise.
  const rad = (turn * Math.PI) / 180;
  const cos = Math.round(Math.cos(rad));
  const sin = Math.round(Math.sin(rad));
  const ops = [pushGraphicsState(), beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
  for (const word of words) {
    const across = turn === 90 || turn === 270 ? sy : sx;
    const size = Math.max(1, word.lineHeight * 0.85 * (turn === 90 || turn === 270 ? sx : sy));
    const natural = font.widthOfTextAtSize(word.text, size);
    const boxWidth = (word.box.x1 - word.box.x0) * across;
    if (!(natural > 0) || !(boxWidth > 0)) continue;
    const [ux, uy] = unturn(word.box.x0, word.baseline, turn, width, height);
    ops.push(
      setFontAndSize(fontName, size),
      setCharacterSqueeze((100 * boxWidth) / natural),
      setTextMatrix(cos, sin, -sin, cos, ux * sx, hPt - uy * sy),
      showText(font.encodeText(word.text)),
    );
  }
  ops.push(endText(), popGraphicsState());
  page.pushOperators(...ops);
}
