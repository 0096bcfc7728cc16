// What barcode.* calls return: the barcode scanners main reads over HID, and the scans
// they sent. A scan's text is personal data when it is a citizen-ID QR: the renderer
// parses it and keeps it nowhere else.
import type { Bilingual } from '#domain/errors.ts';

/** The demo's emulated HID POS scanner (pid.codes test ids, main/barcode/emulator.ts): Settings offers its test scan. */
export const EMULATED_SCANNER_IDS = '1209:0003';

export const BARCODE_MODES = ['hid-pos', 'vendor'] as const;
export type BarcodeMode = (typeof BARCODE_MODES)[number];

export interface BarcodeScannerView {
  path: string;
  /** "vvvv:pppp", hex. */
  ids: string;
  name: string;
  mode: BarcodeMode;
  /** The layout's name from the data file. */
  layout: string;
  counts: { reports: number; scans: number; garbage: number; rejected: number; swallowed: number };
  /** Found but not opened: on Linux, the udev rule is missing (README), or another program holds it. */
  denied?: true;
}

interface EventBase {
  /** Increasing; the renderer asks for the scans after the last one it saw. */
  seq: number;
  scanner: string;
  mode: BarcodeMode;
}

export type BarcodeEvent = (EventBase & { ok: true; text: string; symbology: string | null }) | (EventBase & { ok: false; code: string; message: Bilingual });

export interface BarcodeBatch {
  events: BarcodeEvent[];
  /** The newest seq main has given out (the renderer starts after it, not replaying old scans). */
  last: number;
  /** Scans no one collected in time, dropped oldest first. */
  dropped: number;
}
