// The page pipeline's entry point: decode → analyse → (rotate) → compress.
import type { RawPage } from '../types.ts';
import { analysePixels, decodeImage, type PageAnalysis } from './analyse.ts';
import { compressPixels, type ProcessedPage, type QuarterTurn } from './compress.ts';
import type { ColorMode, KindOverride } from '#preload/wire/scan.ts';

export interface ProcessOptions {
  /** The officer's choice of encoding for this page; 'auto' (default) lets the pixels decide. */
  override?: KindOverride;
  rotate?: QuarterTurn;
  /** JPEG quality for grey/colour pages (default 72). */
  quality?: number;
  /** Resolution when the image does not carry one (default: the image's, else 200). */
  dpi?: number;
  /** For multi-page TIFF: the 0-based page. */
  page?: number;
  mode?: ColorMode;
}

export type AnalysedPage = ProcessedPage & { analysis: PageAnalysis };

/** Processes one encoded image (PNG, JPEG, TIFF, PNM…) into a compressed page. */
export async function processImage(data: Uint8Array, opts: ProcessOptions = {}): Promise<AnalysedPage> {
  const decoded = await decodeImage(data, { ...(opts.dpi ? { dpi: opts.dpi } : {}), ...(opts.page !== undefined ? { page: opts.page } : {}) });
  const analysis = analysePixels(decoded, { ...(opts.override ? { override: opts.override } : {}), ...(opts.mode ? { mode: opts.mode } : {}) });
  const page = await compressPixels(decoded, analysis, { ...(opts.rotate ? { rotate: opts.rotate } : {}), ...(opts.quality ? { quality: opts.quality } : {}) });
  return { ...page, analysis };
}

/** Processes a page a scanner backend delivered. */
export function processPage(raw: RawPage, opts: Omit<ProcessOptions, 'dpi' | 'mode' | 'page'> = {}): Promise<AnalysedPage> {
  return processImage(raw.data, { ...opts, dpi: raw.dpi, mode: raw.mode });
}
