// One interface for every way paper reaches the desk: SANE, eSCL/AirScan network scanners,
// Windows WIA, a scan-to-folder directory, and imported files. Backends yield raw pages;
// the page pipeline (main/scan/pipeline/) turns them into compact PDFs.
import { DeskError, type Bilingual } from '#domain/errors.ts';
import type { BackendKind, ColorMode, ScanCapabilities, ScanDevice, ScanSource } from '#preload/wire/scan.ts';

export interface ScanRequest {
  source: ScanSource;
  mode: ColorMode;
  dpi: number;
  /** Scan area in millimetres from the top-left; the device's maximum when absent. */
  area?: { widthMm: number; heightMm: number };
}

/** One page as the device delivered it, before the pipeline. */
export interface RawPage {
  /** 0-based, in the order the device delivered it (front, back, front… for duplex). */
  index: number;
  /** Encoded image bytes (or, for 'pdf', a whole PDF imported as it is). */
  data: Uint8Array;
  /** 'pdf' only comes from file sources (scan-to-folder): the PDF is kept as the copier made it. */
  format: 'png' | 'jpeg' | 'tiff' | 'pnm' | 'pdf';
  dpi: number;
  mode: ColorMode;
  /** Where the page came from, for file-based backends (scan-to-folder): lets the caller move it away once imported. */
  sourcePath?: string;
}

export interface ScanProgress {
  pagesDone: number;
  /** Bytes of the page in flight, when the backend can tell. */
  bytes?: number;
}

export interface ScannerBackend {
  readonly kind: BackendKind;
  list(): Promise<ScanDevice[]>;
  capabilities(deviceId: string): Promise<ScanCapabilities>;
  /**
   * Scans pages as they arrive: a feeder batch yields each page as soon as it is read, so
   * nothing already received is lost if the device fails mid-batch. Aborting the signal
   * stops the device and ends the iteration with a 'cancelled' ScanError.
   */
  scan(deviceId: string, request: ScanRequest, signal: AbortSignal, onProgress?: (p: ScanProgress) => void): AsyncIterable<RawPage>;
  /** Releases connections and watchers (keep-alive sockets, mDNS), so the process can exit. */
  close?(): Promise<void>;
}

export type ScanErrorCode = 'jam' | 'feeder-empty' | 'cover-open' | 'busy' | 'unplugged' | 'cancelled' | 'unsupported' | 'device' | 'not-found';

const MESSAGES: Record<ScanErrorCode, Bilingual> = {
  jam: { vi: 'Kẹt giấy trong máy quét. Gỡ giấy rồi quét tiếp.', en: 'Paper jam in the scanner. Clear it and scan again.' },
  'feeder-empty': { vi: 'Khay nạp giấy trống. Đặt giấy vào khay rồi quét.', en: 'The document feeder is empty. Load paper and scan.' },
  'cover-open': { vi: 'Nắp máy quét đang mở. Đóng nắp rồi quét tiếp.', en: 'The scanner cover is open. Close it and scan again.' },
  busy: { vi: 'Máy quét đang bận với việc khác. Thử lại sau ít phút.', en: 'The scanner is busy with another job. Try again shortly.' },
  unplugged: { vi: 'Mất kết nối với máy quét. Kiểm tra dây cáp hoặc mạng.', en: 'The scanner was disconnected. Check its cable or network.' },
  cancelled: { vi: 'Đã dừng quét.', en: 'Scanning was cancelled.' },
  unsupported: { vi: 'Máy quét không hỗ trợ thiết lập này.', en: 'The scanner does not support this setting.' },
  device: { vi: 'Máy quét báo lỗi.', en: 'The scanner reported an error.' },
  'not-found': { vi: 'Không tìm thấy máy quét.', en: 'Scanner not found.' },
};

export class ScanError extends DeskError {
  readonly scanCode: ScanErrorCode;

  constructor(code: ScanErrorCode, detail?: string) {
    const text = MESSAGES[code];
    super(`scan.${code}`, detail ? { vi: `${text.vi} (${detail})`, en: `${text.en} (${detail})` } : text);
    this.scanCode = code;
  }
}

/**
 * The profile the digitisation rules ask for by default: colour, at least 200 dpi
 * (docs/domain/signatures-tokens-scanning.md).
 */
export const DEFAULT_SCAN_REQUEST: ScanRequest = { source: 'flatbed', mode: 'color', dpi: 200 };
