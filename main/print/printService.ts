// Printing a form, as main's own decision: to the printer the administrator approved (a
// privileged setting, main/settings/), and only a form main rendered itself.
//
// Why forms are kept by hash here rather than re-rendered: main holds no dossier (the renderer's
// IndexedDB does), so "re-render from the stored data" would mean rendering whatever the renderer
// sends, twice. Keeping the bytes forms.render returned means the paper is byte for byte the PDF
// the desk stored with the dossier, and the renderer can only point at a form main made — never
// hand main a PDF of its own for Chromium's PDF viewer to open or a printer to receive. A reprint
// renders the stored dossier again through forms.render first, so it is kept here too.
import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { DeskError } from '#domain/errors.ts';
import type { PrintersView, PrintOutcome } from '#preload/wire/printing.ts';
import type { PrintHost } from './printHost.ts';

/** A few forms for a few minutes: long enough to print right after rendering, short for personal data in memory. */
const KEEP_FORMS = 8;
const KEEP_MS = 15 * 60_000;

const NAME_MAX = 200;

interface Kept {
  pdf: Uint8Array;
  at: number;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function badName(): DeskError {
  return new DeskError('print.bad-printer-name', {
    vi: 'Tên máy in không hợp lệ (trống, quá dài hoặc có ký tự điều khiển).',
    en: 'Invalid printer name (empty, too long or with control characters).',
  });
}

/** A printer's name as the system gives it: no control or direction characters that could disguise it when shown for approval. */
export function printerNameProblem(name: string): boolean {
  return name.trim() !== name || name.length === 0 || name.length > NAME_MAX || /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(name);
}

export class PrintService {
  private printer: string | null = null;
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly host: PrintHost,
    private readonly now: () => number = Date.now,
  ) {}

  /** The approved printer, from main's privileged settings (AdminSettings applies it). */
  configure(printer: string | null): void {
    this.printer = printer;
  }

  async printers(): Promise<PrintersView> {
    return { mode: this.host.mode, printers: await this.host.printers() };
  }

  /**
   * The name an administrator may approve: where main prints, an installed printer by its
   * system name (so no path, file or share the renderer made up); in browser mode, which has no
   * list, a plain name checked for what would disguise it on the console.
   */
  async check(name: string): Promise<string> {
    if (printerNameProblem(name)) throw badName();
    if (this.host.mode === 'browser') return name;
    if (!(await this.host.printers()).some((p) => p.name === name)) throw notInstalled(name);
    return name;
  }

  /** Keeps a form main has just rendered, so that it can be printed by its hash. */
  remember(pdf: Uint8Array): Uint8Array {
    this.prune();
    this.kept.set(sha256Hex(pdf), { pdf, at: this.now() });
    while (this.kept.size > KEEP_FORMS) this.kept.delete(this.kept.keys().next().value!);
    return pdf;
  }

  /** Prints a kept form on the approved printer, or says who prints instead. */
  async print(sha256: string): Promise<PrintOutcome> {
    if (this.host.mode === 'browser') return { dialog: 'browser' };
    this.prune();
    const form = this.kept.get(sha256);
    if (!form) {
      throw new DeskError('print.unknown-form', {
        vi: 'Không có biểu mẫu này vừa được tạo để in. Mở lại hồ sơ và bấm In.',
        en: 'No such form was just rendered for printing. Open the dossier again and press Print.',
      });
    }
    const printer = this.printer;
    if (printer === null) return { dialog: 'no-printer' };
    try {
      // The approved printer may have been removed from the system since.
      if (!(await this.host.printers()).some((p) => p.name === printer)) throw notInstalled(printer);
      await this.host.print({ pdf: form.pdf, printer });
      const pages = (await PDFDocument.load(form.pdf, { updateMetadata: false })).getPageCount();
      return { sent: { printer, pages } };
    } catch (e) {
      if (e instanceof DeskError) return { failed: { code: e.code, text: e.text } };
      throw e;
    }
  }

  private prune(): void {
    const oldest = this.now() - KEEP_MS;
    for (const [hash, form] of this.kept) if (form.at < oldest) this.kept.delete(hash);
  }
}

function notInstalled(name: string): DeskError {
  const shown = JSON.stringify(name);
  return new DeskError('print.printer-missing', {
    vi: `Máy in ${shown} không có trên máy này. Quản trị viên chọn máy in ở Cài đặt → Máy in.`,
    en: `The printer ${shown} is not installed on this computer. An administrator picks the printer in Settings → Printer.`,
  });
}
