// Page compression: bilevel text → CCITT Group 4 (via sharp/libtiff, whose TIFF strips we
// read ourselves), grey/colour → JPEG (4:2:0 for colour). Rotation by quarter turns happens
// on the decoded pixels before encoding, so it costs no quality; rotating an already
// compressed page is lossless for bilevel (1-bit pixels re-encoded) and a JPEG re-encode
// otherwise.
import sharp, { type Sharp } from 'sharp';
import { ANALYSIS, type DecodedPage, type PageAnalysis } from './analyse.ts';

export type QuarterTurn = 0 | 90 | 180 | 270;

/** One TIFF strip of G4 data: rows y..y+rows-1 of the page, decodable on its own. */
export interface CcittStrip {
  data: Uint8Array;
  y: number;
  rows: number;
}

interface PageBase {
  width: number;
  height: number;
  dpi: number;
  /** The analysis that chose the encoding, when the page came through the pipeline. */
  analysis?: PageAnalysis;
}

export interface BilevelPage extends PageBase {
  kind: 'bilevel';
  /** From the TIFF photometric tag: true when 1 bits are black (BlackIs1 in the PDF). */
  blackIs1: boolean;
  strips: CcittStrip[];
  /** The whole G4 TIFF (the strips are views into it). */
  tiff: Uint8Array;
}

export interface JpegPage extends PageBase {
  kind: 'gray' | 'color';
  jpeg: Uint8Array;
}

export type ProcessedPage = BilevelPage | JpegPage;

export interface CompressOptions {
  rotate?: QuarterTurn;
  /** JPEG quality, 1–100 (default 72, or 60 with trellis quantisation for text-like pages). */
  quality?: number;
  /** Map the paper's noise to pure white before JPEG (default true): much smaller files. */
  whiten?: boolean;
}

export const JPEG_QUALITY = 72;
/**
 * Text on paper kept in grey or colour (a colour scan with a seal, or the officer's choice):
 * full mozjpeg (trellis quantisation, deringing, scan search) at 60 measures ≈ 30% smaller
 * than the photo setting, and ≈ 36 dB PSNR against the whitened scan — crisp small print.
 * It costs ≈ 2.5× the encoding time, which text pages can afford and photo pages cannot.
 */
export const TEXT_JPEG_QUALITY = 60;

/** Encoded size of a page (image data only). */
export function pageBytes(page: ProcessedPage): number {
  return page.kind === 'bilevel' ? page.strips.reduce((n, s) => n + s.data.byteLength, 0) : page.jpeg.byteLength;
}

type EncodeHints = Pick<PageAnalysis, 'kind' | 'threshold'> & Partial<Pick<PageAnalysis, 'paper' | 'noise' | 'midtoneShare'>>;

/** Encodes decoded pixels as the analysis decided. */
export async function compressPixels(page: DecodedPage, hints: EncodeHints, opts: CompressOptions = {}): Promise<ProcessedPage> {
  const rotate = opts.rotate ?? 0;
  let img = sharp(page.pixels, { raw: { width: page.width, height: page.height, channels: page.channels } });
  if (rotate !== 0) img = img.rotate(rotate);
  const turned = rotate === 90 || rotate === 270;
  const width = turned ? page.height : page.width;
  const height = turned ? page.width : page.height;
  if (hints.kind === 'bilevel') return encodeBilevel(img, hints.threshold, width, height, page.dpi);
  return encodeJpeg(img, hints.kind, width, height, page.dpi, hints, opts);
}

async function encodeBilevel(img: Sharp, threshold: number, width: number, height: number, dpi: number): Promise<BilevelPage> {
  const tiff = await img
    .threshold(Math.max(1, Math.min(255, Math.round(threshold))))
    .toColourspace('b-w')
    .tiff({ compression: 'ccittfax4', bitdepth: 1, miniswhite: true, xres: dpi / 25.4, yres: dpi / 25.4 })
    .toBuffer();
  const bytes = new Uint8Array(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const parsed = readTiffStrips(bytes);
  if (parsed.width !== width || parsed.height !== height) throw new Error(`G4 TIFF is ${parsed.width}×${parsed.height}, expected ${width}×${height}`);
  return { kind: 'bilevel', width, height, dpi, blackIs1: parsed.blackIs1, strips: parsed.strips, tiff: bytes };
}

async function encodeJpeg(
  img: Sharp,
  kind: 'gray' | 'color',
  width: number,
  height: number,
  dpi: number,
  hints: EncodeHints,
  opts: CompressOptions,
): Promise<JpegPage> {
  const paper = hints.paper ?? 255;
  const noise = hints.noise ?? 0;
  // sharp writes sRGB unless told otherwise, even from one-channel pixels. Setting the
  // colour space before the levels keeps them in 8 bits: the other order runs a float
  // pipeline that made progressive encoding of a 300 dpi page 2× slower (193 → 95 ms).
  img = img.toColourspace(kind === 'gray' ? 'b-w' : 'srgb');
  if ((opts.whiten ?? true) && paper >= 160 && paper < 255) {
    // Levels: paper (less a margin for its noise) becomes 255; ink and photos keep their tone.
    const white = Math.max(160, paper - Math.max(6, 2.5 * noise));
    img = img.linear(255 / white, 0);
  }
  const textLike = hints.midtoneShare !== undefined && hints.midtoneShare < ANALYSIS.midtoneShare;
  const jpeg = await img
    .jpeg(
      textLike
        ? { quality: opts.quality ?? TEXT_JPEG_QUALITY, chromaSubsampling: '4:2:0', mozjpeg: true }
        : {
            quality: opts.quality ?? JPEG_QUALITY,
            chromaSubsampling: '4:2:0',
            optimiseCoding: true,
            // mozjpeg's quantisation tables (sharp's libjpeg is mozjpeg) and progressive scans:
            // ≈ 15% smaller than baseline at little cost; full mozjpeg is too slow for photo
            // pages from a 40 ppm feeder at 300 dpi.
            quantisationTable: 3,
            progressive: true,
          },
    )
    .withDensity(dpi)
    .toBuffer();
  const bytes = new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  const info = readJpegInfo(bytes);
  return { kind: info.components === 1 ? 'gray' : 'color', width, height, dpi, jpeg: bytes };
}

/** Dimensions and component count from a JPEG's SOF marker. */
export function readJpegInfo(jpeg: Uint8Array): { width: number; height: number; components: number } {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  let p = 2;
  while (p + 9 < jpeg.length) {
    if (jpeg[p] !== 0xff) throw new Error('JPEG marker expected');
    const marker = jpeg[p + 1]!;
    if (marker === 0xff) {
      p++;
      continue;
    }
    const len = (jpeg[p + 2]! << 8) | jpeg[p + 3]!;
    const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (sof) {
      return { height: (jpeg[p + 5]! << 8) | jpeg[p + 6]!, width: (jpeg[p + 7]! << 8) | jpeg[p + 8]!, components: jpeg[p + 9]! };
    }
    p += 2 + len;
  }
  throw new Error('JPEG has no frame header');
}

export interface TiffStrips {
  width: number;
  height: number;
  compression: number;
  photometric: number;
  blackIs1: boolean;
  rowsPerStrip: number;
  strips: CcittStrip[];
}

const REVERSE = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let r = 0;
    for (let b = 0; b < 8; b++) if (i & (1 << b)) r |= 0x80 >> b;
    t[i] = r;
  }
  return t;
})();

/**
 * Reads the first IFD of a classic TIFF and returns its strips. Strips in FillOrder 2 are
 * bit-reversed into the MSB-first order PDF's CCITTFaxDecode expects.
 */
export function readTiffStrips(tiff: Uint8Array): TiffStrips {
  if (tiff.byteLength < 8) throw new Error('TIFF too short');
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) throw new Error('not a TIFF');
  const le = order === 0x4949;
  if (view.getUint16(2, le) !== 42) throw new Error('not a classic TIFF (BigTIFF is not supported)');
  const ifd = view.getUint32(4, le);
  const entries = view.getUint16(ifd, le);
  const SIZES: Record<number, number> = { 1: 1, 3: 2, 4: 4, 16: 8 };
  const values = (entry: number): number[] => {
    const type = view.getUint16(entry + 2, le);
    const count = view.getUint32(entry + 4, le);
    const size = SIZES[type];
    if (size === undefined) return [];
    const at = size * count <= 4 ? entry + 8 : view.getUint32(entry + 8, le);
    if (at + size * count > tiff.byteLength) throw new Error('TIFF tag points outside the file');
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const p = at + i * size;
      out.push(type === 1 ? view.getUint8(p) : type === 3 ? view.getUint16(p, le) : type === 4 ? view.getUint32(p, le) : Number(view.getBigUint64(p, le)));
    }
    return out;
  };
  const tags = new Map<number, number[]>();
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    tags.set(view.getUint16(entry, le), values(entry));
  }
  const one = (tag: number, fallback?: number): number => {
    const v = tags.get(tag)?.[0] ?? fallback;
    if (v === undefined) throw new Error(`TIFF tag ${tag} missing`);
    return v;
  };
  const width = one(256);
  const height = one(257);
  const compression = one(259, 1);
  const photometric = one(262, 0);
  const fillOrder = one(266, 1);
  const rowsPerStrip = Math.min(one(278, height), height);
  const offsets = tags.get(273) ?? [];
  const counts = tags.get(279) ?? [];
  if (offsets.length === 0 || offsets.length !== counts.length) throw new Error('TIFF strip tags missing or inconsistent');
  const strips: CcittStrip[] = offsets.map((offset, i) => {
    const count = counts[i]!;
    if (offset + count > tiff.byteLength) throw new Error('TIFF strip outside the file');
    let data = tiff.subarray(offset, offset + count);
    if (fillOrder === 2) data = data.map((b) => REVERSE[b]!);
    const y = i * rowsPerStrip;
    return { data, y, rows: Math.min(rowsPerStrip, height - y) };
  });
  return { width, height, compression, photometric, blackIs1: photometric === 1, rowsPerStrip, strips };
}

/** Turns a compressed page by a quarter turn (lossless for bilevel, JPEG re-encode otherwise). */
export async function rotatePage(page: ProcessedPage, angle: QuarterTurn, quality = JPEG_QUALITY): Promise<ProcessedPage> {
  if (angle === 0) return page;
  const turned = angle === 90 || angle === 270;
  const width = turned ? page.height : page.width;
  const height = turned ? page.width : page.height;
  const base = { ...(page.analysis ? { analysis: page.analysis } : {}) };
  if (page.kind === 'bilevel') {
    const out = await encodeBilevel(sharp(page.tiff).rotate(angle), 128, width, height, page.dpi);
    return { ...out, ...base };
  }
  const out = await encodeJpeg(
    sharp(page.jpeg).rotate(angle),
    page.kind,
    width,
    height,
    page.dpi,
    { kind: page.kind, threshold: 128 },
    { quality, whiten: false },
  );
  return { ...out, ...base };
}
