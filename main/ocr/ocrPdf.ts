// A component's PDF with a text layer: every page the desk scanned is recognised in turn and
// its words drawn invisibly over the image, in place of any layer an earlier run drew. The whole document is written only once every
// page is done, so a cancelled or failed run leaves no half layer: the caller keeps its PDF.
import sharp from 'sharp';
import fontkit from '@pdf-lib/fontkit';
import { PDFDict, PDFDocument, PDFName, type PDFFont, type PDFPage } from 'pdf-lib';
import { DeskError } from '#domain/errors.ts';
import { formFontFiles } from '#main/pdf/fonts.ts';
import type { OcrEngine } from './engine.ts';
import { drawTextLayer, pageImage, pageTurn, removeTextLayer } from './textLayer.ts';

/** A component is assembled from at most 2,000 pages (main/scan/assembly.ts): none is longer. */
export const OCR_MAX_PAGES = 2000;

export interface OcrPageDone {
  pagesDone: number;
  pages: number;
  /** Pages that are not the desk's scans (imported PDF pages): left as they are. */
  skipped: number;
}

export interface OcrDocument extends OcrPageDone {
  pdf: Uint8Array;
  /** Words recognised over all pages. */
  words: number;
}

export function ocrCancelled(): DeskError {
  return new DeskError('ocr.cancelled', {
    vi: 'Đã dừng nhận dạng chữ; tệp quét giữ nguyên, chưa có lớp chữ.',
    en: 'Text recognition stopped; the scan is unchanged, without a text layer.',
  });
}

export function ocrSignedRefusal(): DeskError {
  return new DeskError('ocr.signed', {
    vi: 'Tệp đã được ký số: không thêm lớp chữ vào tệp đã ký (chữ ký sẽ không còn hợp lệ).',
    en: 'The file is digitally signed: no text layer is added to a signed file (it would break the signature).',
  });
}

function notPdf(): DeskError {
  return new DeskError('ocr.not-pdf', {
    vi: 'Tệp gửi nhận dạng chữ không phải PDF đọc được.',
    en: 'The file sent for text recognition is not a readable PDF.',
  });
}

const BYTE_RANGE = new TextEncoder().encode('/ByteRange');

/** A signature dictionary anywhere in the file: PAdES and every PDF signature carry /ByteRange. */
export function looksSigned(pdf: Uint8Array): boolean {
  const first = BYTE_RANGE[0]!;
  for (let i = pdf.indexOf(first); i >= 0 && i + BYTE_RANGE.length <= pdf.length; i = pdf.indexOf(first, i + 1)) {
    if (BYTE_RANGE.every((b, k) => pdf[i + k] === b)) return true;
  }
  return false;
}

/** The same, for a signature dictionary kept in a compressed object stream. */
function hasSignature(doc: PDFDocument): boolean {
  return doc.context
    .enumerateIndirectObjects()
    .some(([, object]) => object instanceof PDFDict && (object.has(PDFName.of('ByteRange')) || object.lookup(PDFName.of('Type')) === PDFName.of('Sig')));
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(ocrCancelled());
    signal.addEventListener('abort', () => reject(ocrCancelled()), { once: true });
  });
}

export interface OcrPdfOptions {
  signal?: AbortSignal;
  onPage?: (progress: OcrPageDone) => void;
}

/**
 * Recognises every scanned page of `pdf` and returns the document with its text layer.
 * A page with no text gets an empty layer. Refuses a signed PDF: never alter what was signed
 * (OCR runs before signing).
 */
export async function addTextLayer(pdf: Uint8Array, engine: OcrEngine, opts: OcrPdfOptions = {}): Promise<OcrDocument> {
  const signal = opts.signal ?? new AbortController().signal;
  const aborted = rejectOnAbort(signal);
  aborted.catch(() => undefined);
  if (looksSigned(pdf)) throw ocrSignedRefusal();
  let doc: PDFDocument;
  let pages: PDFPage[];
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
    pages = doc.getPages();
  } catch {
    throw notPdf();
  }
  if (hasSignature(doc)) throw ocrSignedRefusal();
  if (pages.length > OCR_MAX_PAGES) {
    throw new DeskError('ocr.too-many-pages', {
      vi: `Tệp có ${pages.length} trang, quá ${OCR_MAX_PAGES} trang một thành phần.`,
      en: `The file has ${pages.length} pages, over the ${OCR_MAX_PAGES} pages of one component.`,
    });
  }
  let font: PDFFont | undefined;
  let skipped = 0;
  let words = 0;
  // The page count first, so a progress bar has its length before the first page's seconds.
  opts.onPage?.({ pagesDone: 0, pages: pages.length, skipped });
  for (const [index, page] of pages.entries()) {
    if (signal.aborted) throw ocrCancelled();
    const image = await pageImage(page);
    if (!image) {
      skipped++;
    } else {
      const turn = pageTurn(page);
      const shown = turn === 0 ? image.data : new Uint8Array(await sharp(image.data).rotate(turn).png({ compressionLevel: 1 }).toBuffer());
      const dpi = (image.width / page.getWidth()) * 72;
      const recognising = engine.recognize(shown, dpi);
      // A cancel wins the race and ends the engine's thread; the page's recognition then fails
      // on its own afterwards (its thread is gone), which nobody is waiting for any more.
      recognising.catch(() => undefined);
      const result = await Promise.race([recognising, aborted]);
      // Run again over a file that has a layer: the new one takes its place.
      removeTextLayer(page);
      if (result.words.length > 0) {
        if (!font) {
          doc.registerFontkit(fontkit);
          font = await doc.embedFont((await formFontFiles()).regular, { subset: true });
        }
        drawTextLayer(page, font, result.words, image.width, image.height);
        words += result.words.length;
      }
    }
    opts.onPage?.({ pagesDone: index + 1, pages: pages.length, skipped });
  }
  if (signal.aborted) throw ocrCancelled();
  const out = await doc.save({ useObjectStreams: false });
  return { pdf: out, pagesDone: pages.length, pages: pages.length, skipped, words };
}
