// Turns a scanner's input reports into scans: one report at a time, with the "more
// follows" flag joining several into one scan, and hard limits so a faulty or hostile
// device can neither grow memory nor flood the desk. Pure: no I/O, no clock, no logging.
import type { DeskError } from '#domain/errors.ts';
import { barcodeErrors } from './errors.ts';
import type { ReportLayout } from './layouts.ts';

export type DecodedReport =
  { kind: 'data'; data: Uint8Array; symbology: string | null; more: boolean } | { kind: 'garbage'; reason: 'report-id' | 'short' | 'length' };

export function decodeReport(report: Uint8Array, layout: ReportLayout): DecodedReport {
  if (report.length < 1 || report[0] !== layout.reportId) return { kind: 'garbage', reason: 'report-id' };
  // A shorter report than the layout cannot hold the flag; padding is never assumed.
  if (report.length < layout.reportSize) return { kind: 'garbage', reason: 'short' };
  const length = report[layout.lengthOffset] ?? 0;
  if (length > layout.dataCapacity) return { kind: 'garbage', reason: 'length' };
  const data = report.slice(layout.dataOffset, layout.dataOffset + length);
  const more = ((report[layout.continuedOffset] ?? 0) & layout.continuedMask) !== 0;
  let symbology: string | null = null;
  if (layout.symbologyOffset !== undefined) {
    const raw = report.subarray(layout.symbologyOffset, layout.symbologyOffset + (layout.symbologyLength ?? 1));
    const printable = [...raw].filter((b) => b >= 0x21 && b <= 0x7e);
    symbology = printable.length > 0 ? String.fromCharCode(...printable) : null;
  }
  return { kind: 'data', data, symbology, more };
}

export interface AssemblerLimits {
  /** Bytes of one scan; a QR code holds at most 2,953 bytes, a citizen-ID QR far fewer. */
  maxScanBytes: number;
  /** Reports of one scan, empty ones included: a device that never clears "more follows" is cut off here. */
  maxReportsPerScan: number;
}

export const DEFAULT_LIMITS: AssemblerLimits = { maxScanBytes: 4096, maxReportsPerScan: 128 };

export type ScanOutcome =
  { ok: true; text: string; symbology: string | null; bytes: number; reports: number } | { ok: false; error: DeskError; bytes: number; reports: number };

export interface AssemblerCounts {
  reports: number;
  scans: number;
  garbage: number;
  rejected: number;
  /** Reports of refused scans, after the refusal. */
  swallowed: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class ScanAssembler {
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  private reports = 0;
  private symbology: string | null = null;
  /**
   * Set once a scan broke a limit: its remaining reports are swallowed until the last one.
   * A device whose flag is stuck stays ignored until it is unplugged, which is what it needs.
   */
  private dropping = false;
  readonly counts: AssemblerCounts = { reports: 0, scans: 0, garbage: 0, rejected: 0, swallowed: 0 };

  constructor(
    private readonly layout: ReportLayout,
    private readonly limits: AssemblerLimits = DEFAULT_LIMITS,
  ) {}

  get inProgress(): boolean {
    return this.reports > 0;
  }

  /** One input report; a finished scan (or its failure) when this was its last report. */
  push(report: Uint8Array): ScanOutcome | null {
    this.counts.reports++;
    const decoded = decodeReport(report, this.layout);
    if (decoded.kind === 'garbage') {
      this.counts.garbage++;
      return null;
    }
    if (this.dropping) {
      // The rest of a refused scan: swallowed and counted up to its last report, never read.
      this.counts.swallowed++;
      if (!decoded.more) this.reset();
      return null;
    }
    this.reports++;
    if (this.reports === 1) this.symbology = decoded.symbology;
    const broken =
      this.bytes + decoded.data.length > this.limits.maxScanBytes
        ? barcodeErrors.tooLong(this.limits.maxScanBytes)
        : this.reports > this.limits.maxReportsPerScan
          ? barcodeErrors.flood(this.limits.maxReportsPerScan)
          : null;
    if (broken) {
      // Said at once, while the device may still be sending: the officer hears why nothing came.
      const outcome: ScanOutcome = { ok: false, error: broken, bytes: this.bytes, reports: this.reports };
      this.counts.rejected++;
      this.reset();
      if (decoded.more) this.dropping = true;
      return outcome;
    }
    this.chunks.push(decoded.data);
    this.bytes += decoded.data.length;
    return decoded.more ? null : this.finish();
  }

  /** The device went away: a scan cut short is reported, never half-delivered. */
  abort(): ScanOutcome | null {
    if (!this.inProgress) {
      this.reset();
      return null;
    }
    const outcome: ScanOutcome = { ok: false, error: barcodeErrors.unpluggedMidScan(), bytes: this.bytes, reports: this.reports };
    this.counts.rejected++;
    this.reset();
    return outcome;
  }

  private finish(): ScanOutcome {
    const reports = this.reports;
    const bytes = this.bytes;
    const joined = new Uint8Array(bytes);
    let at = 0;
    for (const chunk of this.chunks) {
      joined.set(chunk, at);
      at += chunk.length;
    }
    const symbology = this.symbology;
    this.reset();
    let text: string;
    try {
      text = utf8.decode(joined);
    } catch {
      this.counts.rejected++;
      return { ok: false, error: barcodeErrors.invalidUtf8(), bytes, reports };
    }
    this.counts.scans++;
    // Scanners are often set to end a code with CR or CR LF, a keyboard habit; it is no part of the code.
    return { ok: true, text: text.replace(/[\r\n]+$/, ''), symbology, bytes, reports };
  }

  private reset(): void {
    this.chunks = [];
    this.bytes = 0;
    this.reports = 0;
    this.symbology = null;
    this.dropping = false;
  }
}

/** Splits a payload into reports of the layout, last one with "more follows" clear: the emulator's and the tests' encoder. */
export function encodeReports(payload: Uint8Array, layout: ReportLayout, symbology: string | null = null): Uint8Array[] {
  const reports: Uint8Array[] = [];
  let at = 0;
  do {
    const chunk = payload.subarray(at, at + layout.dataCapacity);
    at += chunk.length;
    const report = new Uint8Array(layout.reportSize);
    report[0] = layout.reportId;
    report[layout.lengthOffset] = chunk.length;
    report.set(chunk, layout.dataOffset);
    if (symbology !== null && layout.symbologyOffset !== undefined) {
      report.set(new TextEncoder().encode(symbology).subarray(0, layout.symbologyLength ?? 1), layout.symbologyOffset);
    }
    if (at < payload.length) report[layout.continuedOffset] = (report[layout.continuedOffset] ?? 0) | layout.continuedMask;
    reports.push(report);
  } while (at < payload.length);
  return reports;
}
