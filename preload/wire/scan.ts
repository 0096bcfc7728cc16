// What the scan.* calls return: the devices main lists, what one can do, and the pages a job
// delivers. Main's scanner backends implement these shapes; the renderer reads them.
import type { Bilingual } from '../../domain/errors.ts';

export type ScanSource = 'flatbed' | 'feeder' | 'duplex';
export type ColorMode = 'color' | 'gray' | 'bw';
export type BackendKind = 'sane' | 'escl' | 'wia' | 'folder';

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
  kind: 'bilevel' | 'gray' | 'color' | 'pdf';
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
