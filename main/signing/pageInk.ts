// Where a page has ink: the page's content stream is interpreted (paths, text, images, form
// XObjects, annotations) and every painted thing marks the cells of a grid over the page.
// Images are looked into rather than taken as boxes, because the desk's pages are scans: a
// scanned page is one image the size of the page, and its blank paper is where a stamp can go.
// JPEG (DCTDecode), CCITT G4 (the desk's own bilevel scans, read by wrapping the strip in a TIFF)
// and unfiltered or Flate samples are read through sharp; any other image counts as ink all over.
// Whatever cannot be understood counts as ink: a wrong guess makes the stamp invisible, never
// drawn over content.
import sharp from 'sharp';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, decodePDFRawStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { pageRefs } from './pdfFile.ts';
import { NeedsFullParse } from './updateReader.ts';

export interface InkGrid {
  /** Cell size in points. */
  cell: number;
  cols: number;
  rows: number;
  /** The visible box (CropBox, else MediaBox) in user space: the grid's origin is its lower left. */
  box: { x: number; y: number; width: number; height: number };
  /** Per cell, how much ink fell in it; a cell holds ink when it reaches INK. */
  ink: Uint32Array;
}

/** Ink pixels a cell needs before it counts: a single speck of scanner noise does not. */
export const INK = 2;
/** Grey level below which a scanned pixel is ink: paper scans at 230–255. */
const INK_LEVEL = 200;
/** Operators interpreted before the page is taken as full: a hostile file must not hang main. */
const MAX_OPERATORS = 2_000_000;
const MAX_FORM_DEPTH = 12;
/** Images decoded per page; beyond that each further image counts as a box of ink. */
const MAX_DECODED_IMAGES = 64;
/** A 600 dpi A4 page is 35 million pixels; each image and the page's images together stay near that. */
const MAX_IMAGE_PIXELS = 50_000_000;
const MAX_PAGE_PIXELS = 120_000_000;

type Matrix = [number, number, number, number, number, number];
type Operand = number | string | { name: string } | Uint8Array | Operand[] | null;

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

class TooComplex extends Error {}

// ---- Tokenizer --------------------------------------------------------------------------

const WHITE = new Set([0, 9, 10, 12, 13, 32]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** Calls `onOperator` for each operator with its operands; inline image data is skipped. */
function tokenize(bytes: Uint8Array, onOperator: (op: string, operands: Operand[]) => void): void {
  let i = 0;
  const n = bytes.length;
  const stack: Operand[][] = [[]];
  const push = (v: Operand) => stack.at(-1)!.push(v);
  const regular = (c: number) => !WHITE.has(c) && !DELIM.has(c);
  while (i < n) {
    const c = bytes[i]!;
    if (WHITE.has(c)) {
      i++;
    } else if (c === 0x25) {
      while (i < n && bytes[i] !== 10 && bytes[i] !== 13) i++;
    } else if (c === 0x2f) {
      let j = i + 1;
      while (j < n && regular(bytes[j]!)) j++;
      push({ name: Buffer.from(bytes.subarray(i + 1, j)).toString('latin1') });
      i = j;
    } else if (c === 0x28) {
      const out: number[] = [];
      let depth = 1;
      i++;
      while (i < n && depth > 0) {
        const b = bytes[i]!;
        if (b === 0x5c) {
          const e = bytes[i + 1] ?? 0;
          const simple: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 };
          if (e >= 0x30 && e <= 0x37) {
            let j = i + 1;
            let v = 0;
            while (j < i + 4 && (bytes[j] ?? 0) >= 0x30 && (bytes[j] ?? 0) <= 0x37) v = v * 8 + bytes[j++]! - 0x30;
            out.push(v & 0xff);
            i = j;
            continue;
          }
          if (e !== 10 && e !== 13) out.push(simple[e] ?? e);
          i += 2;
          continue;
        }
        if (b === 0x28) depth++;
        if (b === 0x29 && --depth === 0) break;
        out.push(b);
        i++;
      }
      i++;
      push(Uint8Array.from(out));
    } else if (c === 0x3c && bytes[i + 1] === 0x3c) {
      stack.push([]);
      i += 2;
    } else if (c === 0x3e && bytes[i + 1] === 0x3e) {
      const entries = stack.length > 1 ? stack.pop()! : [];
      push(entries);
      i += 2;
    } else if (c === 0x3c) {
      let j = i + 1;
      let hex = '';
      while (j < n && bytes[j] !== 0x3e) {
        if (!WHITE.has(bytes[j]!)) hex += String.fromCharCode(bytes[j]!);
        j++;
      }
      push(Uint8Array.from(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex')));
      i = j + 1;
    } else if (c === 0x5b) {
      stack.push([]);
      i++;
    } else if (c === 0x5d) {
      const items = stack.length > 1 ? stack.pop()! : [];
      push(items);
      i++;
    } else if (c === 0x7b || c === 0x7d || c === 0x29 || c === 0x3e) {
      i++;
    } else {
      let j = i;
      while (j < n && regular(bytes[j]!)) j++;
      const word = Buffer.from(bytes.subarray(i, j)).toString('latin1');
      i = j;
      const number = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) ? Number(word) : null;
      if (number !== null) push(number);
      else if (word === 'true' || word === 'false') push(word);
      else if (word === 'null') push(null);
      else {
        const operands = stack[0]!;
        stack.length = 1;
        stack[0] = [];
        onOperator(word, operands);
        if (word === 'ID') {
          // Inline image data runs to the first EI between white space.
          i++;
          while (i < n - 2 && !(WHITE.has(bytes[i]!) && bytes[i + 1] === 0x45 && bytes[i + 2] === 0x49 && (i + 3 >= n || WHITE.has(bytes[i + 3]!)))) i++;
          i += 3;
        }
      }
    }
  }
}

// ---- Resources and fonts ----------------------------------------------------------------

interface FontMetrics {
  /** Bytes per character code. */
  bytes: 1 | 2;
  /** Advance width in thousandths of an em. */
  width(code: number): number;
}

const num = (o: PDFObject | undefined) => (o instanceof PDFNumber ? o.asNumber() : undefined);

function fontMetrics(doc: PDFDocument, font: PDFDict | undefined): FontMetrics {
  // An unknown font is measured wide: a width guessed too large keeps the stamp away.
  const fallback: FontMetrics = { bytes: 1, width: () => 1000 };
  if (!font) return fallback;
  const subtype = font.lookup(PDFName.of('Subtype'));
  if (subtype === PDFName.of('Type0')) {
    const descendants = font.lookup(PDFName.of('DescendantFonts'));
    const cid = descendants instanceof PDFArray ? doc.context.lookup(descendants.get(0)) : undefined;
    const widths = new Map<number, number>();
    let dw = 1000;
    if (cid instanceof PDFDict) {
      dw = num(cid.lookup(PDFName.of('DW'))) ?? 1000;
      const w = cid.lookup(PDFName.of('W'));
      if (w instanceof PDFArray) {
        const items = w.asArray().map((o) => doc.context.lookup(o));
        for (let k = 0; k < items.length;) {
          const first = num(items[k]);
          const next = items[k + 1];
          if (first === undefined) break;
          if (next instanceof PDFArray) {
            next.asArray().forEach((v, m) => widths.set(first + m, num(doc.context.lookup(v)) ?? dw));
            k += 2;
          } else {
            const last = num(next) ?? first;
            const value = num(items[k + 2]) ?? dw;
            for (let code = first; code <= last && code - first < 65536; code++) widths.set(code, value);
            k += 3;
          }
        }
      }
    }
    return { bytes: 2, width: (code) => widths.get(code) ?? dw };
  }
  const first = num(font.lookup(PDFName.of('FirstChar'))) ?? 0;
  const widths = font.lookup(PDFName.of('Widths'));
  if (!(widths instanceof PDFArray)) return { bytes: 1, width: () => 600 };
  const values = widths.asArray().map((o) => num(doc.context.lookup(o)) ?? 0);
  const descriptor = font.lookup(PDFName.of('FontDescriptor'));
  const missing = descriptor instanceof PDFDict ? num(descriptor.lookup(PDFName.of('MissingWidth'))) : undefined;
  return { bytes: 1, width: (code) => values[code - first] ?? missing ?? 600 };
}

function resource(doc: PDFDocument, resources: PDFDict | undefined, kind: string, key: string): PDFObject | undefined {
  const table = resources?.lookup(PDFName.of(kind));
  if (!(table instanceof PDFDict)) return undefined;
  const value = table.get(PDFName.of(key));
  return value instanceof PDFRef ? doc.context.lookup(value) : value;
}

// ---- Images -----------------------------------------------------------------------------

const nameOf = (o: PDFObject | undefined) => (o instanceof PDFName ? o.toString().slice(1) : '?');
const filterNames = (dict: PDFDict): string[] => {
  const f = dict.lookup(PDFName.of('Filter'));
  if (f instanceof PDFName) return [nameOf(f)];
  if (f instanceof PDFArray) return f.asArray().map(nameOf);
  return [];
};

function decodeParms(dict: PDFDict): PDFDict | undefined {
  const p = dict.lookup(PDFName.of('DecodeParms'));
  if (p instanceof PDFDict) return p;
  if (p instanceof PDFArray) {
    const first = p.lookup(0);
    return first instanceof PDFDict ? first : undefined;
  }
  return undefined;
}

/** A G4 strip as a TIFF sharp can read: the PDF holds the CCITT data without a container. */
function ccittTiff(data: Uint8Array, width: number, height: number, blackIs1: boolean): Buffer {
  const entries: [number, number, number, number][] = [
    [256, 4, 1, width],
    [257, 4, 1, height],
    [258, 3, 1, 1],
    [259, 3, 1, 4],
    // CCITT codes white and black runs; PDF draws its "black" runs white when BlackIs1 is true
    // (with the default Decode), which TIFF says with BlackIsZero.
    [262, 3, 1, blackIs1 ? 1 : 0],
    [273, 4, 1, 0],
    [277, 3, 1, 1],
    [278, 4, 1, height],
    [279, 4, 1, data.length],
  ];
  const ifdSize = 2 + entries.length * 12 + 4;
  const header = Buffer.alloc(8 + ifdSize);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(8, 4);
  header.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, count, value], k) => {
    const at = 10 + k * 12;
    header.writeUInt16LE(tag, at);
    header.writeUInt16LE(type, at + 2);
    header.writeUInt32LE(count, at + 4);
    if (tag === 273) value = header.length;
    if (type === 3) header.writeUInt16LE(value, at + 8);
    else header.writeUInt32LE(value, at + 8);
  });
  return Buffer.concat([header, data]);
}

interface Gray {
  width: number;
  height: number;
  /** One byte per pixel, 0 black … 255 white. */
  data: Uint8Array;
}

/** The image's samples as grey levels, or null when this image cannot be read here. */
async function readImage(image: PDFRawStream): Promise<Gray | null> {
  const dict = image.dict;
  const width = num(dict.lookup(PDFName.of('Width'))) ?? 0;
  const height = num(dict.lookup(PDFName.of('Height'))) ?? 0;
  if (!(width > 0 && height > 0) || width * height > MAX_IMAGE_PIXELS) return null;
  const filters = filterNames(dict);
  const isMask = dict.lookup(PDFName.of('ImageMask'))?.toString() === 'true';
  const decode = dict.lookup(PDFName.of('Decode'));
  const inverted = decode instanceof PDFArray && num(decode.lookup(0)) === 1;
  try {
    let gray: Gray | null = null;
    if (filters.length === 1 && filters[0] === 'DCTDecode') {
      const { data, info } = await sharp(image.contents, { limitInputPixels: MAX_IMAGE_PIXELS }).greyscale().raw().toBuffer({ resolveWithObject: true });
      gray = { width: info.width, height: info.height, data };
    } else if (filters.length === 1 && filters[0] === 'CCITTFaxDecode') {
      const parms = decodeParms(dict);
      const k = num(parms?.lookup(PDFName.of('K'))) ?? 0;
      if (k >= 0) return null;
      const columns = num(parms?.lookup(PDFName.of('Columns'))) ?? 1728;
      const rows = num(parms?.lookup(PDFName.of('Rows'))) ?? height;
      const blackIs1 = parms?.lookup(PDFName.of('BlackIs1'))?.toString() === 'true';
      const tiff = ccittTiff(image.contents, columns, rows, blackIs1);
      const { data, info } = await sharp(tiff, { limitInputPixels: MAX_IMAGE_PIXELS }).greyscale().raw().toBuffer({ resolveWithObject: true });
      gray = { width: info.width, height: info.height, data };
    } else if (filters.every((f) => f === 'FlateDecode') && filters.length <= 1) {
      if ((num(decodeParms(dict)?.lookup(PDFName.of('Predictor'))) ?? 1) > 1) return null;
      const samples = filters.length ? decodePDFRawStream(image).decode() : image.contents;
      gray = rawToGray(dict, samples, width, height, isMask);
    }
    if (!gray) return null;
    // A mask paints where its samples are 0 (Decode [0 1]); images are ink where dark.
    if (isMask !== inverted) gray.data = gray.data.map((v) => 255 - v);
    return gray;
  } catch (e) {
    // An object the tail reader cannot parse: the whole file is read again instead (pades.ts).
    if (e instanceof NeedsFullParse) throw e;
    return null;
  }
}

function rawToGray(dict: PDFDict, samples: Uint8Array, width: number, height: number, isMask: boolean): Gray | null {
  const bpc = isMask ? 1 : (num(dict.lookup(PDFName.of('BitsPerComponent'))) ?? 8);
  const cs = dict.lookup(PDFName.of('ColorSpace'));
  const components = isMask || cs === PDFName.of('DeviceGray') ? 1 : cs === PDFName.of('DeviceRGB') ? 3 : cs === PDFName.of('DeviceCMYK') ? 4 : 0;
  if (components === 0 || (bpc !== 8 && !(bpc === 1 && components === 1))) return null;
  const data = new Uint8Array(width * height);
  const stride = Math.ceil((width * components * bpc) / 8);
  if (samples.length < stride * height) return null;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const row = y * stride;
      if (bpc === 1) data[y * width + x] = (samples[row + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0;
      else if (components === 1) data[y * width + x] = samples[row + x]!;
      else if (components === 3) {
        const at = row + x * 3;
        data[y * width + x] = Math.round(0.299 * samples[at]! + 0.587 * samples[at + 1]! + 0.114 * samples[at + 2]!);
      } else {
        const at = row + x * 4;
        const k = samples[at + 3]!;
        const rgb = [0, 1, 2].map((c) => 255 - Math.min(255, samples[at + c]! + k));
        data[y * width + x] = Math.round(0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]!);
      }
    }
  }
  return { width, height, data };
}

// ---- The interpreter --------------------------------------------------------------------

interface TextState {
  font: FontMetrics;
  size: number;
  charSpacing: number;
  wordSpacing: number;
  scale: number;
  leading: number;
  rise: number;
  mode: number;
}

interface GState {
  ctm: Matrix;
  lineWidth: number;
  /** White fills and strokes paint nothing a stamp would cover (a page background). */
  fillWhite: boolean;
  strokeWhite: boolean;
  text: TextState;
}

const white = (values: Operand[]) => values.length > 0 && values.every((v) => typeof v === 'number') && values.every((v) => v === 1);
const whiteCmyk = (values: Operand[]) => values.length === 4 && values.every((v) => v === 0);

function contentBytes(doc: PDFDocument, contents: PDFObject | undefined): Uint8Array {
  const streams: PDFRawStream[] = [];
  const resolved = contents instanceof PDFRef ? doc.context.lookup(contents) : contents;
  if (resolved instanceof PDFRawStream) streams.push(resolved);
  else if (resolved instanceof PDFArray)
    for (const item of resolved.asArray()) {
      const s = doc.context.lookup(item);
      if (s instanceof PDFRawStream) streams.push(s);
    }
  const parts = streams.map((s) => (filterNames(s.dict).length ? decodePDFRawStream(s).decode() : s.contents));
  return Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')]));
}

/** The ink on page `index` of `doc` (zero-based), on a grid of `cell`-point squares. */
export async function pageInk(doc: PDFDocument, index: number, cell = 2): Promise<InkGrid> {
  const page = doc.getPage(index);
  const crop = page.getCropBox();
  const box = { x: crop.x, y: crop.y, width: crop.width, height: crop.height };
  const cols = Math.max(1, Math.ceil(box.width / cell));
  const rows = Math.max(1, Math.ceil(box.height / cell));
  const ink = new Uint32Array(cols * rows);
  const grid: InkGrid = { cell, cols, rows, box, ink };

  const markBox = (points: [number, number][], amount = INK) => {
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const c0 = Math.max(0, Math.floor((Math.min(...xs) - box.x) / cell));
    const c1 = Math.min(cols - 1, Math.floor((Math.max(...xs) - box.x) / cell));
    const r0 = Math.max(0, Math.floor((Math.min(...ys) - box.y) / cell));
    const r1 = Math.min(rows - 1, Math.floor((Math.max(...ys) - box.y) / cell));
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) ink[r * cols + c] = ink[r * cols + c]! + amount;
  };
  const fullPage = () => ink.fill(INK);

  const images: { stream: PDFRawStream; ctm: Matrix }[] = [];
  let operators = 0;

  const run = (bytes: Uint8Array, resources: PDFDict | undefined, start: GState, depth: number) => {
    const stack: GState[] = [];
    let gs: GState = { ...start, text: { ...start.text } };
    let path: [number, number][] = [];
    let tm: Matrix = [1, 0, 0, 1, 0, 0];
    let tlm: Matrix = [1, 0, 0, 1, 0, 0];
    const fonts = new Map<string, FontMetrics>();

    const paintPath = (fill: boolean, stroke: boolean) => {
      const visible = (fill && !gs.fillWhite) || (stroke && !gs.strokeWhite);
      if (visible && path.length > 0) {
        const half = stroke ? Math.max(gs.lineWidth, 1) / 2 : 0;
        const pts = path.flatMap(([x, y]) => [
          apply(gs.ctm, x - half, y - half),
          apply(gs.ctm, x + half, y + half),
          apply(gs.ctm, x - half, y + half),
          apply(gs.ctm, x + half, y - half),
        ]);
        markBox(pts);
      }
      path = [];
    };

    const showText = (str: Uint8Array) => {
      const t = gs.text;
      let advance = 0;
      for (let k = 0; k + t.font.bytes <= str.length; k += t.font.bytes) {
        const code = t.font.bytes === 2 ? (str[k]! << 8) | str[k + 1]! : str[k]!;
        advance += ((t.font.width(code) / 1000) * t.size + t.charSpacing + (t.font.bytes === 1 && code === 32 ? t.wordSpacing : 0)) * (t.scale / 100);
      }
      if (t.mode !== 3 && t.mode !== 7) {
        const m = multiply(tm, gs.ctm);
        const low = t.rise - 0.3 * t.size;
        const high = t.rise + 1.0 * t.size;
        markBox([apply(m, 0, low), apply(m, advance, low), apply(m, 0, high), apply(m, advance, high)]);
      }
      tm = multiply([1, 0, 0, 1, advance, 0], tm);
    };
    const nextLine = () => {
      tlm = multiply([1, 0, 0, 1, 0, -gs.text.leading], tlm);
      tm = tlm;
    };

    tokenize(bytes, (op, a) => {
      if (++operators > MAX_OPERATORS) throw new TooComplex();
      const n = (k: number) => (typeof a[k] === 'number' ? a[k] : 0);
      switch (op) {
        case 'q':
          stack.push({ ...gs, text: { ...gs.text } });
          break;
        case 'Q':
          gs = stack.pop() ?? gs;
          break;
        case 'cm':
          gs.ctm = multiply([n(0), n(1), n(2), n(3), n(4), n(5)], gs.ctm);
          break;
        case 'w':
          gs.lineWidth = n(0) * Math.hypot(gs.ctm[0], gs.ctm[1]) || gs.lineWidth;
          break;
        case 'g':
          gs.fillWhite = n(0) === 1;
          break;
        case 'G':
          gs.strokeWhite = n(0) === 1;
          break;
        case 'rg':
        case 'sc':
        case 'scn':
          gs.fillWhite = a.length === 3 ? white(a) : a.length === 1 ? a[0] === 1 : whiteCmyk(a);
          break;
        case 'RG':
        case 'SC':
        case 'SCN':
          gs.strokeWhite = a.length === 3 ? white(a) : a.length === 1 ? a[0] === 1 : whiteCmyk(a);
          break;
        case 'k':
          gs.fillWhite = whiteCmyk(a);
          break;
        case 'K':
          gs.strokeWhite = whiteCmyk(a);
          break;
        case 'cs':
        case 'CS':
          // A new colour space starts at its initial colour, black for the device spaces.
          if (op === 'cs') gs.fillWhite = false;
          else gs.strokeWhite = false;
          break;
        case 'm':
        case 'l':
          path.push([n(0), n(1)]);
          break;
        case 'c':
          path.push([n(0), n(1)], [n(2), n(3)], [n(4), n(5)]);
          break;
        case 'v':
        case 'y':
          path.push([n(0), n(1)], [n(2), n(3)]);
          break;
        case 're':
          path.push([n(0), n(1)], [n(0) + n(2), n(1) + n(3)]);
          break;
        case 'f':
        case 'F':
        case 'f*':
          paintPath(true, false);
          break;
        case 'S':
        case 's':
          paintPath(false, true);
          break;
        case 'B':
        case 'B*':
        case 'b':
        case 'b*':
          paintPath(true, true);
          break;
        case 'n':
          path = [];
          break;
        case 'BT':
          tm = [1, 0, 0, 1, 0, 0];
          tlm = tm;
          break;
        case 'Tf': {
          const key = (a[0] as { name?: string } | undefined)?.name ?? '';
          if (!fonts.has(key)) fonts.set(key, fontMetrics(doc, resource(doc, resources, 'Font', key) as PDFDict | undefined));
          gs.text.font = fonts.get(key)!;
          gs.text.size = n(1);
          break;
        }
        case 'Tc':
          gs.text.charSpacing = n(0);
          break;
        case 'Tw':
          gs.text.wordSpacing = n(0);
          break;
        case 'Tz':
          gs.text.scale = n(0);
          break;
        case 'TL':
          gs.text.leading = n(0);
          break;
        case 'Ts':
          gs.text.rise = n(0);
          break;
        case 'Tr':
          gs.text.mode = n(0);
          break;
        case 'Td':
          tlm = multiply([1, 0, 0, 1, n(0), n(1)], tlm);
          tm = tlm;
          break;
        case 'TD':
          gs.text.leading = -n(1);
          tlm = multiply([1, 0, 0, 1, n(0), n(1)], tlm);
          tm = tlm;
          break;
        case 'Tm':
          tlm = [n(0), n(1), n(2), n(3), n(4), n(5)];
          tm = tlm;
          break;
        case 'T*':
          nextLine();
          break;
        case 'Tj':
          if (a[0] instanceof Uint8Array) showText(a[0]);
          break;
        case "'":
          nextLine();
          if (a[0] instanceof Uint8Array) showText(a[0]);
          break;
        case '"':
          gs.text.wordSpacing = n(0);
          gs.text.charSpacing = n(1);
          nextLine();
          if (a[2] instanceof Uint8Array) showText(a[2]);
          break;
        case 'TJ':
          for (const item of Array.isArray(a[0]) ? a[0] : []) {
            if (item instanceof Uint8Array) showText(item);
            else if (typeof item === 'number') tm = multiply([1, 0, 0, 1, (-item / 1000) * gs.text.size * (gs.text.scale / 100), 0], tm);
          }
          break;
        case 'Do': {
          const key = (a[0] as { name?: string } | undefined)?.name ?? '';
          const xobject = resource(doc, resources, 'XObject', key);
          if (!(xobject instanceof PDFRawStream)) break;
          const subtype = xobject.dict.lookup(PDFName.of('Subtype'));
          if (subtype === PDFName.of('Image')) images.push({ stream: xobject, ctm: gs.ctm });
          else if (subtype === PDFName.of('Form')) {
            if (depth >= MAX_FORM_DEPTH) throw new TooComplex();
            const matrix = xobject.dict.lookup(PDFName.of('Matrix'));
            const m = matrix instanceof PDFArray && matrix.size() === 6 ? (matrix.asArray().map((o) => num(o) ?? 0) as Matrix) : ([1, 0, 0, 1, 0, 0] as Matrix);
            const own = xobject.dict.lookup(PDFName.of('Resources'));
            const inner = filterNames(xobject.dict).length ? decodePDFRawStream(xobject).decode() : xobject.contents;
            run(inner, own instanceof PDFDict ? own : resources, { ...gs, ctm: multiply(m, gs.ctm), text: { ...gs.text } }, depth + 1);
          }
          break;
        }
        case 'ID':
          markBox([apply(gs.ctm, 0, 0), apply(gs.ctm, 1, 0), apply(gs.ctm, 0, 1), apply(gs.ctm, 1, 1)]);
          break;
        case 'sh':
          // A shading fills the clip, which is not followed here: take the page.
          fullPage();
          break;
      }
    });
  };

  const noFont: FontMetrics = { bytes: 1, width: () => 1000 };
  const start: GState = {
    ctm: [1, 0, 0, 1, 0, 0],
    lineWidth: 1,
    fillWhite: false,
    strokeWhite: false,
    text: { font: noFont, size: 0, charSpacing: 0, wordSpacing: 0, scale: 100, leading: 0, rise: 0, mode: 0 },
  };
  const pageRef = pageRefs(doc)[index]!;
  const node = doc.context.lookup(pageRef, PDFDict);
  try {
    run(contentBytes(doc, node.get(PDFName.of('Contents'))), page.node.Resources(), start, 0);
  } catch (e) {
    if (e instanceof NeedsFullParse) throw e;
    // Too complex, or a stream that does not decode: nothing on this page is known to be free.
    fullPage();
    return grid;
  }

  let decoded = 0;
  let pixels = 0;
  for (const { stream, ctm } of images) {
    const corners = [apply(ctm, 0, 0), apply(ctm, 1, 0), apply(ctm, 0, 1), apply(ctm, 1, 1)];
    const gray = decoded < MAX_DECODED_IMAGES && pixels < MAX_PAGE_PIXELS ? await readImage(stream) : null;
    decoded++;
    pixels += gray ? gray.width * gray.height : 0;
    if (!gray) {
      markBox(corners);
      continue;
    }
    const pixelW = Math.hypot(ctm[0], ctm[1]) / gray.width;
    const pixelH = Math.hypot(ctm[2], ctm[3]) / gray.height;
    const big = pixelW >= cell || pixelH >= cell;
    for (let y = 0; y < gray.height; y++) {
      for (let x = 0; x < gray.width; x++) {
        if (gray.data[y * gray.width + x]! >= INK_LEVEL) continue;
        const u = x / gray.width;
        const v = 1 - (y + 1) / gray.height;
        if (big) {
          const du = 1 / gray.width;
          const dv = 1 / gray.height;
          markBox([apply(ctm, u, v), apply(ctm, u + du, v), apply(ctm, u, v + dv), apply(ctm, u + du, v + dv)]);
        } else {
          const [px, py] = apply(ctm, u + 0.5 / gray.width, v + 0.5 / gray.height);
          const c = Math.floor((px - box.x) / cell);
          const r = Math.floor((py - box.y) / cell);
          if (c >= 0 && c < cols && r >= 0 && r < rows) ink[r * cols + c] = ink[r * cols + c]! + 1;
        }
      }
    }
  }

  // Other annotations (an earlier signature's stamp, a note) are ink too.
  const annots = node.lookup(PDFName.of('Annots'));
  if (annots instanceof PDFArray) {
    for (const item of annots.asArray()) {
      const annot = doc.context.lookup(item);
      if (!(annot instanceof PDFDict)) continue;
      const subtype = annot.lookup(PDFName.of('Subtype'));
      if (subtype === PDFName.of('Link') || subtype === PDFName.of('Popup')) continue;
      if ((num(annot.lookup(PDFName.of('F'))) ?? 0) & 2) continue;
      const rect = annot.lookup(PDFName.of('Rect'));
      if (!(rect instanceof PDFArray) || rect.size() !== 4) continue;
      const [x1, y1, x2, y2] = rect.asArray().map((o) => num(doc.context.lookup(o)) ?? 0) as [number, number, number, number];
      if (x1 === x2 || y1 === y2) continue;
      markBox([
        [x1, y1],
        [x2, y2],
      ]);
    }
  }
  return grid;
}
