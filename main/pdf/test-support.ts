// Shared by the form tests: the sample requests (kept in samples.ts, which `desk forms render
// --sample` also prints), and the poppler/qpdf/zbar command-line tools that check the PDFs
// from outside (as a printer driver or viewer would read them).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export {
  APPLICANT,
  apologyRequest,
  controlRequest,
  DOSSIER_CODE,
  ledgerRequest,
  ledgerRow,
  OFFICE,
  receiptRequest,
  refusalRequest,
  stopRequest,
  supplementRequest,
} from './samples.ts';

const workDir = mkdtempSync(join(tmpdir(), 'mot-cua-forms-'));
let written = 0;
// KEEP_FORM_PDFS=1 keeps the rendered files for a look after a failure.
if (!process.env.KEEP_FORM_PDFS) process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));

/** Writes the PDF to a fresh file in a temporary folder and returns its path. */
export function writePdf(bytes: Uint8Array, name: string): string {
  const path = join(workDir, `${++written}-${name}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' });

/** Text as `pdftotext -layout` extracts it, optionally from one page. */
export function pdfText(path: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return run('pdftotext', ['-layout', '-enc', 'UTF-8', ...range, path, '-']);
}

export interface PdfWord {
  text: string;
  xMin: number;
  xMax: number;
  /** From the top of the page, as pdftotext measures. */
  yMin: number;
  yMax: number;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The words of one page with their boxes in points (`pdftotext -bbox`). */
export function pdfWords(path: string, page: number): PdfWord[] {
  const html = run('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), path, '-']);
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: m[5]!.replace(/&(\w+);/g, (whole, name: string) => entities[name] ?? whole),
  }));
}

export function pdfInfo(path: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of run('pdfinfo', [path]).split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) info[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return info;
}

/** `qpdf --check` exits 0 for a structurally sound file (2 = errors, 3 = warnings). */
export function qpdfCheck(path: string): { status: number | null; output: string } {
  const result = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

export const hasZbarimg = spawnSync('zbarimg', ['--version']).status === 0;

/** Renders one page at 200 dpi, as a scanner at the desk would see the print, and decodes its QR codes. */
export function decodeQr(path: string, page: number): string[] {
  const prefix = join(workDir, `qr-${++written}`);
  run('pdftoppm', ['-r', '200', '-png', '-singlefile', '-f', String(page), '-l', String(page), path, prefix]);
  const result = spawnSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', `${prefix}.png`], { encoding: 'utf8' });
  return result.stdout.split('\n').filter(Boolean);
}
