// File import (drag and drop, "open file"): PDF, JPEG, PNG and (multi-page) TIFF, recognised
// by their magic bytes, never by name. Images go through the same analyse/compress path as
// scanned pages. PDFs are checked (intact, not encrypted, no JavaScript, no embedded files)
// and then kept exactly as they are: they are NOT rasterised or recompressed, even when the
// caller asks (`recompress` is reported back as not done).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFStream, type PDFObject } from 'pdf-lib';
import sharp, { type Metadata } from 'sharp';
import { DeskError, type Bilingual } from '../../../domain/errors.ts';
import type { KindOverride } from './analyse.ts';
import { processImage, type AnalysedPage } from './process.ts';

export type ImportErrorCode = 'empty' | 'unsupported' | 'truncated' | 'corrupt' | 'encrypted' | 'javascript' | 'embedded-files' | 'too-large';

const MESSAGES: Record<ImportErrorCode, Bilingual> = {
  empty: { vi: 'Tệp rỗng (0 byte). Chọn lại tệp.', en: 'The file is empty (0 bytes). Choose the file again.' },
  unsupported: {
    vi: 'Không hỗ trợ loại tệp này. Chỉ nhận PDF, JPEG, PNG hoặc TIFF.',
    en: 'This type of file is not supported. Only PDF, JPEG, PNG or TIFF can be imported.',
  },
  truncated: { vi: 'Tệp bị thiếu phần cuối (tải về hoặc sao chép chưa xong). Lấy lại tệp gốc.', en: 'The file is cut short (an unfinished download or copy). Get the original file again.' },
  corrupt: { vi: 'Tệp bị hỏng, không đọc được. Quét lại hoặc lấy lại tệp gốc.', en: 'The file is damaged and cannot be read. Scan again or get the original file.' },
  encrypted: {
    vi: 'PDF có mật khẩu hoặc bị mã hóa. Đề nghị người nộp gửi bản không đặt mật khẩu.',
    en: 'The PDF is password-protected or encrypted. Ask for a copy without a password.',
  },
  javascript: {
    vi: 'PDF có chứa mã lệnh (JavaScript) nên không được nhận. In ra rồi quét lại, hoặc xin bản PDF khác.',
    en: 'The PDF contains JavaScript and is refused. Print and scan it, or ask for another PDF.',
  },
  'embedded-files': {
    vi: 'PDF có tệp đính kèm bên trong nên không được nhận. Đề nghị gửi riêng từng tệp.',
    en: 'The PDF carries embedded files and is refused. Ask for each file separately.',
  },
  'too-large': {
    vi: 'Ảnh quá lớn (hơn 100 triệu điểm ảnh), có thể là tệp độc hại. Quét lại ở độ phân giải 200–300 dpi.',
    en: 'The image is too large (over 100 megapixels) and may be malicious. Scan it again at 200–300 dpi.',
  },
};

export class ImportError extends DeskError {
  readonly importCode: ImportErrorCode;
  constructor(code: ImportErrorCode, detail?: string) {
    const text = MESSAGES[code];
    super(`import.${code}`, detail ? { vi: `${text.vi} (${detail})`, en: `${text.en} (${detail})` } : text);
    this.importCode = code;
  }
}

export type ImportFormat = 'pdf' | 'jpeg' | 'png' | 'tiff';

export interface ImportOptions {
  /** Largest image accepted, in pixels (default 100 megapixels). */
  limitPixels?: number;
  /** Encoding override for imported images. */
  override?: KindOverride;
  /** The image's true resolution when its file does not say (e.g. a page the desk rendered). */
  dpi?: number;
  /** Ask for a PDF to be recompressed: not implemented, the PDF is kept as is (see result). */
  recompress?: boolean;
}

export type ImportResult =
  | { format: 'pdf'; pdf: Uint8Array; pages: number; recompressed: false }
  | { format: 'jpeg' | 'png' | 'tiff'; pages: AnalysedPage[] };

export const DEFAULT_LIMIT_PIXELS = 100_000_000;

/** The file's type from its first bytes, or null. */
export function sniffFormat(bytes: Uint8Array): ImportFormat | null {
  const b = (i: number) => bytes[i];
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47 && b(4) === 0x0d && b(5) === 0x0a && b(6) === 0x1a && b(7) === 0x0a) return 'png';
  if ((b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0x00) || (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0x00 && b(3) === 0x2a)) return 'tiff';
  // PDF allows junk before the header within the first 1024 bytes.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  return null;
}

export async function importFile(bytes: Uint8Array, opts: ImportOptions = {}): Promise<ImportResult> {
  if (bytes.byteLength === 0) throw new ImportError('empty');
  const format = sniffFormat(bytes);
  if (!format) throw new ImportError('unsupported');
  if (format === 'pdf') return { format, ...(await checkPdf(bytes)), recompressed: false };
  return { format, pages: await importImage(bytes, opts) };
}

async function importImage(bytes: Uint8Array, opts: ImportOptions): Promise<AnalysedPage[]> {
  const limit = opts.limitPixels ?? DEFAULT_LIMIT_PIXELS;
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw new ImportError('corrupt', (e as Error).message);
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (width * height > limit) throw new ImportError('too-large', `${width}×${height}`);
  const count = meta.pages ?? 1;
  const dpi = opts.dpi ?? plausibleDpi(meta.density, width, height);
  const pages: AnalysedPage[] = [];
  for (let page = 0; page < count; page++) {
    try {
      pages.push(await processImage(bytes, { dpi, page, ...(opts.override ? { override: opts.override } : {}) }));
    } catch (e) {
      const message = (e as Error).message;
      if (/pixel limit/i.test(message)) throw new ImportError('too-large', message);
      throw new ImportError(/premature|truncat|end of|short/i.test(message) ? 'truncated' : 'corrupt', message);
    }
  }
  return pages;
}

/**
 * The image's own resolution when it makes a page no larger than A3; otherwise (a phone
 * photo's 72 dpi, or none) the resolution that fits its long side to A4's 297 mm.
 */
export function plausibleDpi(density: number | undefined, width: number, height: number): number {
  const long = Math.max(width, height);
  if (density && density >= 50 && (long / density) * 25.4 <= 420 + 1) return density;
  return Math.max(50, Math.round(long / (297 / 25.4)));
}

function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? Number(err.code) : 0, out: `${stdout}${stderr}` });
    });
  });
}

const ACTIVE_KEYS = new Set(['JS', 'JavaScript']);
const EMBED_KEYS = new Set(['EmbeddedFiles', 'EF']);

/** Finds active content or embedded files anywhere in the object graph. */
function scanObjects(doc: PDFDocument): ImportErrorCode | null {
  const seen = new Set<PDFObject>();
  let found: ImportErrorCode | null = null;
  const visit = (obj: PDFObject | undefined): void => {
    if (!obj || found === 'javascript' || seen.has(obj)) return;
    seen.add(obj);
    if (obj instanceof PDFStream) return visit(obj.dict);
    if (obj instanceof PDFArray) {
      for (let i = 0; i < obj.size(); i++) visit(obj.get(i));
      return;
    }
    if (!(obj instanceof PDFDict)) return;
    for (const [key, value] of obj.entries()) {
      const k = key.decodeText();
      if (ACTIVE_KEYS.has(k)) found = 'javascript';
      else if (EMBED_KEYS.has(k) && !found) found = 'embedded-files';
      if (value instanceof PDFName) {
        const v = value.decodeText();
        if (k === 'S' && (v === 'JavaScript' || v === 'Launch')) found = 'javascript';
        if (k === 'Subtype' && v === 'FileAttachment' && !found) found = 'embedded-files';
      }
      visit(value);
    }
  };
  for (const [, obj] of doc.context.enumerateIndirectObjects()) visit(obj);
  visit(doc.context.trailerInfo.Root);
  return found;
}

async function checkPdf(bytes: Uint8Array): Promise<{ pdf: Uint8Array; pages: number }> {
  // Conforming writers end with %%EOF within the last 1024 bytes; a cut-off copy does not.
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.byteLength - 1024))).toString('latin1');
  if (!tail.includes('%%EOF')) throw new ImportError('truncated');
  const dir = await mkdtemp(join(tmpdir(), 'desk-import-'));
  try {
    const file = join(dir, 'in.pdf');
    await writeFile(file, bytes);
    // qpdf --is-encrypted: exit 0 when encrypted, 2 when not.
    if ((await run('qpdf', ['--is-encrypted', file])).code === 0) throw new ImportError('encrypted');
    const check = await run('qpdf', ['--check', file]);
    if (check.code === 2) throw new ImportError('corrupt', check.out.split('\n').find((l) => /error|damaged/i.test(l))?.trim());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
  } catch (e) {
    if ((e as Error).name === 'EncryptedPDFError') throw new ImportError('encrypted');
    throw new ImportError('corrupt', (e as Error).message);
  }
  const found = scanObjects(doc);
  if (found) throw new ImportError(found);
  // A backstop for names hidden from the parser: plain-text markers anywhere in the file.
  const text = Buffer.from(bytes).toString('latin1');
  if (/\/(JS|JavaScript)\b/.test(text)) throw new ImportError('javascript');
  if (/\/(EmbeddedFiles|FileAttachment)\b/.test(text)) throw new ImportError('embedded-files');
  const pages = doc.getPageCount();
  if (pages === 0) throw new ImportError('corrupt', 'no pages');
  return { pdf: bytes, pages };
}
