// The desktop app's printing: the PDF main rendered is opened in a hidden window of its own
// and sent to the approved printer with webContents.print({ silent: true, deviceName }). The PDF
// itself is printed, not pictures of its pages: Electron prints from its PDF viewer since 32
// (electron/electron#43309, "blank page when printing pdf") and silently since 35–37
// (#47378, "silent printing of PDFs with webContents.print"); this app ships Electron 45.
// Checked against those pull requests on 2026-12-07. Main has no rasteriser of its own, and a
// vector PDF keeps the form's small print and QR sharp on any printer.
//
// Nothing here imports electron: main/electron.ts hands over a window factory with Electron's
// shapes, as it does for the approval dialogs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeskError } from '#domain/errors.ts';
import type { PrinterInfo } from '#preload/wire/printing.ts';
import type { PrintHost } from './printHost.ts';

/** The part of Electron's webContents.print options this host uses. */
export interface SilentPrintOptions {
  silent: true;
  deviceName: string;
  copies: number;
  printBackground: boolean;
}

/** What this host needs of an Electron BrowserWindow. */
export interface PrintWindow {
  loadFile(path: string): Promise<void>;
  destroy(): void;
  webContents: {
    getPrintersAsync(): Promise<Array<{ name: string; displayName: string; description: string }>>;
    print(options: SilentPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
  };
}

export interface ElectronPrintOptions {
  /**
   * A hidden window in a session of its own: sandboxed, no preload, the PDF viewer plugin on.
   * main/electron.ts builds it with BrowserWindow.
   */
  createWindow(): PrintWindow;
  /** Where the form waits while it prints (a private folder made here, removed after). */
  tempDir?: string;
  /** A spooler that never answers must not hold a request forever. */
  timeoutMs?: number;
}

const TIMEOUT_MS = 60_000;

function printFailed(reason: string): DeskError {
  return new DeskError('print.failed', {
    vi: `Máy in không nhận lệnh in (${reason || 'không rõ lý do'}). Kiểm tra máy in rồi bấm In lại.`,
    en: `The printer did not take the job (${reason || 'no reason given'}). Check the printer, then press Print again.`,
  });
}

export function createElectronPrintHost(options: ElectronPrintOptions): PrintHost {
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  return {
    mode: 'silent',
    async printers(): Promise<PrinterInfo[]> {
      const window = options.createWindow();
      try {
        const list = await window.webContents.getPrintersAsync();
        return list.map(({ name, displayName, description }) => ({ name, displayName: displayName || name, description: description ?? '' }));
      } finally {
        window.destroy();
      }
    },
    async print(job) {
      // The citizen's form is on disk only while it prints, in a folder only this user can read.
      const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'desk-print-'));
      const window = options.createWindow();
      try {
        const file = join(dir, 'form.pdf');
        await writeFile(file, job.pdf, { mode: 0o600 });
        await window.loadFile(file);
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(printFailed('timeout')), timeoutMs);
          window.webContents.print({ silent: true, deviceName: job.printer, copies: 1, printBackground: true }, (success, failureReason) => {
            clearTimeout(timer);
            if (success) resolve();
            else reject(printFailed(failureReason));
          });
        });
      } finally {
        window.destroy();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
