// Shared by the OCR tests and bench/ocr.ts: scanner-like Vietnamese pages made into the PDF
// the scan pipeline writes, poppler's pdftotext to read a text layer from outside, and the
// character accuracy of a recognised text against what was printed. Not used by the app.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distance } from 'fastest-levenshtein';
import { makeTestPage, testPageText, type TestPageKind } from '#main/scan/pipeline/testPages.ts';
import { processImage, type AnalysedPage } from '#main/scan/pipeline/process.ts';
import { buildComponentPdf } from '#main/scan/pipeline/pdf.ts';

export interface TestScanPage {
  kind?: TestPageKind;
  dpi: number;
  /** 'bilevel' stores G4 strips, 'gray' a JPEG: the pipeline's two ways of keeping a text page. */
  store: 'bilevel' | 'gray';
  seed?: number;
}

/** One page through the real pipeline (scanner-like pixels → analysis → G4 or JPEG). */
export async function scanTestPage(page: TestScanPage): Promise<AnalysedPage> {
  const raw = await makeTestPage(page.kind ?? 'text', { dpi: page.dpi, seed: page.seed ?? 1 });
  return processImage(raw, { dpi: page.dpi, override: page.store });
}

/** A component's PDF as the scan pipeline writes it. */
export async function scannedComponent(pages: readonly TestScanPage[]): Promise<Uint8Array> {
  const processed = await Promise.all(pages.map(scanTestPage));
  return buildComponentPdf(processed, { component: 'Tờ khai', scannedAt: '2026-12-07T09:00:00+07:00' });
}

/** The text printed on a 'text' test page, as one line per printed line. */
export function printedText(seed = 1): string {
  return testPageText(seed).join('\n');
}

/** Spaces and line breaks count as one space: OCR's line breaks are layout, not characters. */
function squeeze(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** 1 − (edit distance ÷ printed length), on NFC text with whitespace runs as one space. */
export function characterAccuracy(printed: string, recognised: string): number {
  const truth = squeeze(printed);
  return Math.max(0, 1 - distance(truth, squeeze(recognised)) / truth.length);
}

/** What `pdftotext` (poppler) reads from a PDF: the text layer as a viewer's search sees it. */
export function pdfToText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'mot-cua-ocr-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'in.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `qpdf --check`'s verdict: null when the PDF is sound, else qpdf's own words. */
export function qpdfProblems(pdf: Uint8Array): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'mot-cua-ocr-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('qpdf', ['--check', join(dir, 'in.pdf')], { encoding: 'utf8' });
    return null;
  } catch (e) {
    const failed = e as { stdout?: string; stderr?: string };
    return `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
