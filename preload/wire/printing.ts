// What the print.* calls return. Main keeps the printer (a privileged setting, main/settings/)
// and prints only forms it rendered itself (main/print/README.md); the renderer asks for a
// form by its hash and learns what became of it.
import type { Bilingual } from '#domain/errors.ts';

/** A printer the operating system has installed, as the settings pick-list shows it. */
export interface PrinterInfo {
  /** The system's name: what is stored and what a job is sent to. */
  name: string;
  /** The name the system shows people (often the same). */
  displayName: string;
  /** The system's longer description (model, location), when it has one. */
  description: string;
}

/**
 * How this host prints: 'silent' — main sends the job to the configured printer without a
 * dialog (the desktop app); 'browser' — the browser's own print dialog prints (browser mode).
 */
export type PrintMode = 'silent' | 'browser';

export interface PrintersView {
  mode: PrintMode;
  /** Empty in browser mode: the browser's dialog lists the printers there. */
  printers: PrinterInfo[];
}

/** What became of a print request. */
export type PrintOutcome =
  /** Sent to the configured printer: every page once (a Mẫu 01 carries both of its copies). */
  | { sent: { printer: string; pages: number } }
  /** The renderer opens the print dialog: browser mode, or no printer configured yet. */
  | { dialog: 'browser' | 'no-printer' }
  /** The printer refused or is gone; the form is kept and can be printed again. */
  | { failed: { code: string; text: Bilingual } };
