// Page analysis from the pixels: is the page bilevel text (→ CCITT G4), grey or colour
// (→ JPEG), and is it blank (a feeder back side)? Pure functions over decoded pixels; the
// officer's override wins over the automatic choice. Deskew is not done (see README notes in
// the report): pages are assumed to be fed straight.
import sharp from 'sharp';
import type { ColorMode, KindOverride, PageKind } from '#preload/wire/scan.ts';

/** Decoded 8-bit pixels, 1 (grey) or 3 (sRGB) channels, rows top to bottom, no padding. */
export interface DecodedPage {
  pixels: Buffer;
  width: number;
  height: number;
  channels: 1 | 3;
  dpi: number;
}

export interface PageAnalysis {
  /** What the page will be encoded as: the override when given, else `autoKind`. */
  kind: PageKind;
  /** What the pixels alone suggest. */
  autoKind: PageKind;
  /** No content beyond noise, dust and show-through: a candidate to drop. */
  blank: boolean;
  /** Otsu threshold on the grey levels, kept clear of the paper noise: a pixel < threshold is ink. */
  threshold: number;
  /** Grey level of the paper (the bright histogram mode) and of the ink (the darkest 0.5% of pixels). */
  paper: number;
  ink: number;
  /** Pixel noise (standard deviation, grey levels) around the paper level. */
  noise: number;
  /** Share of the page (0..1) in 0.5 mm cells whose average colour is clearly chromatic. */
  colourShare: number;
  /** Share of pixels (0..1) in the tones between ink and paper: high for photos, low for text. */
  midtoneShare: number;
  /** Share of the page (0..1) covered by marks large enough to be content. */
  contentShare: number;
}

export interface AnalyseOptions {
  override?: KindOverride;
  /** The mode the device scanned in: a 'gray' scan is never colour, a 'bw' scan is bilevel. */
  mode?: ColorMode;
}

/** Tunables, exported for tests and for documentation. */
export const ANALYSIS = {
  /** Cells used for blank and colour detection are about this size (mm). */
  cellMm: 0.5,
  /** A cell is chromatic when max−min of its mean R,G,B exceeds this. */
  chromaCell: 40,
  /** A page is colour when chromatic cells cover at least this share of the page… */
  colourShare: 0.0002,
  /** …and at least this many cells (≈ 10 mm² at 0.5 mm cells). */
  colourCellsMin: 40,
  /** A page is bilevel text when mid-tones are below this share of the pixels. */
  midtoneShare: 0.08,
  /** Marks of fewer cells than this (≈ 2 mm²) are dust. */
  dustCells: 8,
  /** A page with fewer content cells than this (≈ 6 mm² of ink) is blank. */
  blankCells: 24,
  /** Margins ignored by blank detection (share of width/height on each side): edge shadows. */
  margin: 0.04,
} as const;

/** Decodes any image sharp reads into 8-bit grey or sRGB pixels (flattening alpha on white). */
export async function decodeImage(data: Uint8Array, opts: { dpi?: number; page?: number; limitInputPixels?: number } = {}): Promise<DecodedPage> {
  const input = sharp(data, { page: opts.page ?? 0, limitInputPixels: opts.limitInputPixels ?? 100_000_000, failOn: 'error' });
  const meta = await input.metadata();
  const grey = meta.space === 'b-w' || meta.space === 'grey16' || meta.channels === 1 || (meta.channels === 2 && meta.hasAlpha);
  let img = input.flatten({ background: '#ffffff' });
  img = grey ? img.toColourspace('b-w') : img.toColourspace('srgb');
  const { data: pixels, info } = await img.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const channels = info.channels === 1 ? 1 : 3;
  if (info.channels !== 1 && info.channels !== 3) throw new Error(`unexpected ${info.channels} channels after decoding`);
  const dpi = opts.dpi ?? (meta.density && meta.density >= 50 ? meta.density : 200);
  return { pixels, width: info.width, height: info.height, channels, dpi };
}

/** Otsu's threshold over a 256-bin histogram: the first level of the bright class. */
export function otsu(hist: ArrayLike<number>): number {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    total += hist[i]!;
    sum += i * hist[i]!;
  }
  let w0 = 0;
  let sum0 = 0;
  let best = -1;
  let bestT = 128;
  for (let t = 0; t < 255; t++) {
    w0 += hist[t]!;
    if (w0 === 0) continue;
    const w1 = total - w0;
    if (w1 === 0) break;
    sum0 += t * hist[t]!;
    const m0 = sum0 / w0;
    const m1 = (sum - sum0) / w1;
    const between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > best) {
      best = between;
      bestT = t + 1;
    }
  }
  return bestT;
}

export function modeIn(hist: ArrayLike<number>, from: number, to: number): number {
  let best = from;
  for (let i = from; i < to; i++) if (hist[i]! > hist[best]!) best = i;
  return best;
}

/** Analyses decoded pixels. Cost: one pass over every other pixel of every other row. */
export function analysePixels(page: DecodedPage, opts: AnalyseOptions = {}): PageAnalysis {
  const { pixels, width, height, channels, dpi } = page;
  const hist = new Float64Array(256);
  const cell = Math.max(2, Math.round((ANALYSIS.cellMm / 25.4) * dpi));
  const cw = Math.ceil(width / cell);
  const ch = Math.ceil(height / cell);
  const lumSum = new Float64Array(cw * ch);
  const count = new Uint32Array(cw * ch);
  const colour = channels === 3;
  const rSum = colour ? new Float64Array(cw * ch) : lumSum;
  const gSum = colour ? new Float64Array(cw * ch) : lumSum;
  const bSum = colour ? new Float64Array(cw * ch) : lumSum;
  const step = dpi >= 150 ? 2 : 1;
  const stride = width * channels;

  for (let y = 0; y < height; y += step) {
    const row = y * stride;
    const cellRow = ((y / cell) | 0) * cw;
    for (let x = 0; x < width; x += step) {
      const c = cellRow + ((x / cell) | 0);
      let l: number;
      if (colour) {
        const p = row + x * 3;
        const r = pixels[p]!;
        const g = pixels[p + 1]!;
        const b = pixels[p + 2]!;
        l = (r * 77 + g * 150 + b * 29) >> 8;
        rSum[c]! += r;
        gSum[c]! += g;
        bSum[c]! += b;
      } else {
        l = pixels[row + x]!;
      }
      hist[l]!++;
      lumSum[c]! += l;
      count[c]!++;
    }
  }

  let samples = 0;
  for (let i = 0; i < 256; i++) samples += hist[i]!;
  const rawOtsu = otsu(hist);
  const paper = modeIn(hist, Math.min(rawOtsu, 255), 256);
  // Ink: the darkest 0.5% of the page (a photo's shadows count as ink here, on purpose).
  let ink = 0;
  for (let acc = 0; ink < 255; ink++) {
    acc += hist[ink]!;
    if (acc >= samples * 0.005) break;
  }

  // Noise: the spread of the paper peak's upper half (ink never lies above the paper).
  let up = 0;
  let upSq = 0;
  for (let i = paper; i < 256 && i <= paper + 40; i++) {
    up += hist[i]!;
    upSq += hist[i]! * (i - paper) * (i - paper);
  }
  const noise = up > 0 ? Math.sqrt(upSq / up) : 0;
  // On a page with little ink Otsu splits the paper's noise: keep the cut well below the paper.
  const threshold = Math.max(1, Math.min(rawOtsu, paper - Math.max(24, Math.ceil(4 * noise))));

  // Mid-tones: neither ink nor paper, away from both by 25% of their distance.
  const span = Math.max(paper - ink, 1);
  const lo = Math.ceil(ink + span * 0.25);
  const hi = Math.floor(paper - span * 0.25);
  let mid = 0;
  for (let i = lo; i <= hi; i++) mid += hist[i]!;
  const midtoneShare = paper - ink < 48 ? 0 : mid / Math.max(samples, 1);

  // Cells: mean luminance (and colour) per ~0.5 mm square.
  const cells = cw * ch;
  const means = new Float32Array(cells);
  let chromatic = 0;
  for (let c = 0; c < cells; c++) {
    const n = count[c]!;
    if (n === 0) {
      means[c] = 255;
      continue;
    }
    means[c] = lumSum[c]! / n;
    if (colour) {
      const r = rSum[c]! / n;
      const g = gSum[c]! / n;
      const b = bSum[c]! / n;
      if (Math.max(r, g, b) - Math.min(r, g, b) > ANALYSIS.chromaCell) chromatic++;
    }
  }
  const colourShare = chromatic / cells;

  // Blank detection: cells clearly darker than the paper, grouped into marks; dust-sized marks
  // and the margins (edge shadows, punch holes near the edge) do not count.
  const sorted = Float32Array.from(means).sort();
  const paperCell = sorted[Math.floor(cells / 2)]!;
  const mad = Math.abs(sorted[Math.floor(cells * 0.75)]! - paperCell);
  const dark = paperCell - Math.max(36, 8 * mad, 3 * noise);
  const mx = Math.floor(cw * ANALYSIS.margin);
  const my = Math.floor(ch * ANALYSIS.margin);
  const inkMask = new Uint8Array(cells);
  for (let y = my; y < ch - my; y++) {
    for (let x = mx; x < cw - mx; x++) {
      const c = y * cw + x;
      if (means[c]! < dark) inkMask[c] = 1;
    }
  }
  let contentCells = 0;
  const stack = new Int32Array(cells);
  for (let start = 0; start < cells; start++) {
    if (inkMask[start] !== 1) continue;
    let top = 0;
    let size = 0;
    stack[top++] = start;
    inkMask[start] = 2;
    while (top > 0) {
      const c = stack[--top]!;
      size++;
      const x = c % cw;
      const y = (c / cw) | 0;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= ch) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= cw) continue;
          const n = ny * cw + nx;
          if (inkMask[n] === 1) {
            inkMask[n] = 2;
            stack[top++] = n;
          }
        }
      }
    }
    if (size >= ANALYSIS.dustCells) contentCells += size;
  }
  const contentShare = contentCells / cells;
  const blank = contentCells < ANALYSIS.blankCells;

  let autoKind: PageKind;
  if (colour && chromatic >= ANALYSIS.colourCellsMin && colourShare >= ANALYSIS.colourShare) autoKind = 'color';
  else if (midtoneShare < ANALYSIS.midtoneShare) autoKind = 'bilevel';
  else autoKind = 'gray';
  if (opts.mode === 'gray' && autoKind === 'color') autoKind = 'gray';
  if (opts.mode === 'bw') autoKind = 'bilevel';

  let kind = opts.override && opts.override !== 'auto' ? opts.override : autoKind;
  if (kind === 'color' && !colour) kind = 'gray';
  return { kind, autoKind, blank, threshold, paper, ink, noise, colourShare, midtoneShare, contentShare };
}
