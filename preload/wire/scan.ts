// What the scan.* calls return: the devices main lists, what one can do, and the pages a job
// delivers. Main's scanner backends implement these shapes; the renderer reads them.
import type { Bilingual } from '#domain/errors.ts';

export const SCAN_SOURCES = ['flatbed', 'feeder', 'duplex'] as const;
export type ScanSource = (typeof SCAN_SOURCES)[number];
export const COLOR_MODES = ['color', 'gray', 'bw'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];
/** Each device id starts with its backend's kind: "sane:…", "escl:…". */
export const BACKEND_KINDS = ['sane', 'escl', 'wia', 'folder'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

/** How a page is stored: bilevel as CCITT G4, grey and colour as JPEG. */
export const PAGE_KINDS = ['bilevel', 'gray', 'color'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];
/** What the officer asks for a scan or an import: 'auto' lets the pixels decide each page. */
export const KIND_OVERRIDES = ['auto', ...PAGE_KINDS] as const;
export type KindOverride = (typeof KIND_OVERRIDES)[number];

export interface ScanDevice {
  /** Stable id, prefixed by its backend: "sane:test:0", "escl:http://10.0.0.5/eSCL/", "folder:/srv/scans". */
  id: string;
  backend: BackendKind;
  name: string;
  /** A configured device that did not answer when the list was made: still offered, marked as such. */
  unreachable?: true;
}

export interface ScanCapabilities {
  sources: ScanSource[];
  modes: ColorMode[];
  /** Supported resolutions in dpi, ascending. */
  resolutions: number[];
  /** Largest scan area in millimetres. */
  maxWidthMm: number;
  maxHeightMm: number;
}

/** One page ready for the dossier: a single-page PDF and a small preview image. */
export interface ScannedPage {
  /** 'pdf': a page of an imported PDF, kept as it was. */
  kind: PageKind | 'pdf';
  blank: boolean;
  widthPt: number;
  heightPt: number;
  pdf: Uint8Array;
  /** A JPEG preview about 240 px wide. */
  thumbnail: Uint8Array;
}

export interface ScanBatch {
  pages: ScannedPage[];
  done: boolean;
  error: { code: string; text: Bilingual } | null;
}
