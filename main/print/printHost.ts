// Who puts paper through a printer. Each host names its own implementation: the desktop app
// prints silently from a hidden window (electronPrintHost.ts, handed Electron's pieces by
// main/electron.ts, the only main file that imports electron); browser mode has no way to reach
// a printer without the person at the desk, so the browser's own print dialog does it.
import type { PrintMode, PrinterInfo } from '#preload/wire/printing.ts';

export interface PrintJob {
  /** A PDF main rendered itself (printService.ts never takes one from the renderer). */
  pdf: Uint8Array;
  /** An installed printer's system name, the administrator's approved choice. */
  printer: string;
}

export interface PrintHost {
  readonly mode: PrintMode;
  /** The printers the operating system has installed. */
  printers(): Promise<PrinterInfo[]>;
  /** Resolves once the job is handed to the system's spooler; a DeskError when it is refused. */
  print(job: PrintJob): Promise<void>;
}

/** Browser mode: the renderer opens the browser's print dialog, and main never prints. */
export const browserPrintHost: PrintHost = {
  mode: 'browser',
  printers: async () => [],
  print: async () => {
    throw new Error('browser mode prints through the browser dialog');
  },
};
