// File import (drag and drop, "open file", a scan-to-folder file): PDF, JPEG, PNG and
// (multi-page) TIFF, recognised by their magic bytes, never by name. The WHOLE file is checked
// before its first page is made — its format, its safety, and the limits below on all of its
// pages together — and then its pages come one at a time, so the caller can stop between
// pages (cancel) and the time budget is enforced as it goes.
// - Images go through the same analyse/compress path as scanned pages.
// - PDFs are checked (intact, not encrypted, nothing but what a page may carry, see
//   activeContent) and split into one-page PDFs as they are: never rasterised or recompressed.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';
import sharp, { type Metadata } from 'sharp';
import { DeskError, type Bilingual } from '#domain/errors.ts';
import { processImage, type AnalysedPage } from './process.ts';
import type { KindOverride } from '#preload/wire/scan.ts';

/** Bounds on one imported file, whatever its size on disk: a few kilobytes can describe gigapixels. */
export interface ImportLimits {
  /** Pages in one file. */
  pages: number;
  /** Pixels in one image page. */
  pagePixels: number;
  /** Pixels of all image pages of one file together. */
  totalPixels: number;
  /** Wall-clock time for the whole file, checks and pages. */
  timeMs: number;
}

export const IMPORT_LIMITS: ImportLimits = {
  // A component has at most 2,000 pages (assembly.ts): a longer file could never be filed.
  pages: 2000,
  // An A0 sheet at 300 dpi is 140 MP, A3 at 600 dpi 70 MP; a dossier page is A4 (8.7 MP at 300 dpi).
  pagePixels: 100_000_000,
  // ≈ 290 A4 pages at 300 dpi or 640 at 200 dpi — a thick dossier in one TIFF. The pipeline
  // turns about 10–20 MP a second into pages on a desk PC, so this is a few minutes of work;
  // a 32 KB TIFF claiming 200 pages of 81 MP (16,200 MP) is refused before anything is decoded.
  totalPixels: 2_500_000_000,
  // Ten minutes: well over what the limits above need, short of a desk that looks hung.
  timeMs: 10 * 60_000,
};

export type ImportErrorCode =
  | 'empty'
  | 'unsupported'
  | 'truncated'
  | 'corrupt'
  | 'encrypted'
  | 'javascript'
  | 'embedded-files'
  | 'active-content'
  | 'too-large'
  | 'too-many-pages'
  | 'too-many-pixels'
  | 'too-slow'
  | 'cancelled';

interface Figures {
  /** What the file has (pages, megapixels, "width×height"). */
  found?: string;
  /** The limit it is over. */
  limit?: string;
}

const vi = (n: number) => n.toLocaleString('vi-VN');
const en = (n: number) => n.toLocaleString('en-US');

const MESSAGES: Record<ImportErrorCode, (f: Figures) => Bilingual> = {
  empty: () => ({ vi: 'Tệp rỗng (0 byte). Chọn lại tệp.', en: 'The file is empty (0 bytes). Choose the file again.' }),
  unsupported: () => ({
    vi: 'Không hỗ trợ loại tệp này. Chỉ nhận PDF, JPEG, PNG hoặc TIFF.',
    en: 'This type of file is not supported. Only PDF, JPEG, PNG or TIFF can be imported.',
  }),
  truncated: () => ({
    vi: 'Tệp bị thiếu phần cuối (tải về hoặc sao chép chưa xong). Lấy lại tệp gốc.',
    en: 'The file is cut short (an unfinished download or copy). Get the original file again.',
  }),
  corrupt: () => ({
    vi: 'Tệp bị hỏng, không đọc được. Quét lại hoặc lấy lại tệp gốc.',
    en: 'The file is damaged and cannot be read. Scan again or get the original file.',
  }),
  encrypted: () => ({
    vi: 'PDF có mật khẩu hoặc bị mã hóa. Đề nghị người nộp gửi bản không đặt mật khẩu.',
    en: 'The PDF is password-protected or encrypted. Ask for a copy without a password.',
  }),
  javascript: () => ({
    vi: 'PDF có chứa mã lệnh (JavaScript) nên không được nhận. In ra rồi quét lại, hoặc xin bản PDF khác.',
    en: 'The PDF contains JavaScript and is refused. Print and scan it, or ask for another PDF.',
  }),
  'embedded-files': () => ({
    vi: 'PDF có tệp đính kèm bên trong nên không được nhận. Đề nghị gửi riêng từng tệp.',
    en: 'The PDF carries embedded files and is refused. Ask for each file separately.',
  }),
  'active-content': ({ found }) => ({
    vi: `PDF có nội dung tự chạy, biểu mẫu động hoặc liên kết ra ngoài (${found}) nên không được nhận. In ra rồi quét lại, hoặc xin bản PDF không có nội dung này.`,
    en: `The PDF carries active content, a dynamic form or an outside link (${found}) and is refused. Print and scan it, or ask for a PDF without it.`,
  }),
  'too-large': ({ found, limit }) => ({
    vi: `Ảnh quá lớn (${found}, quá ${limit} triệu điểm ảnh một trang), có thể là tệp độc hại. Quét lại ở độ phân giải 200–300 dpi.`,
    en: `The image is too large (${found}, over ${limit} megapixels a page) and may be malicious. Scan it again at 200–300 dpi.`,
  }),
  'too-many-pages': ({ found, limit }) => ({
    vi: `Tệp có ${found} trang, quá giới hạn ${limit} trang cho một lần nhập. Tách tệp thành nhiều phần rồi nhập lần lượt.`,
    en: `The file has ${found} pages, over the limit of ${limit} pages for one import. Split it and import the parts one by one.`,
  }),
  'too-many-pixels': ({ found, limit }) => ({
    vi: `Các trang ảnh của tệp cộng lại ${found} triệu điểm ảnh, quá giới hạn ${limit} triệu điểm ảnh cho một tệp; có thể là tệp độc hại. Quét lại ở 200–300 dpi hoặc tách tệp.`,
    en: `The image pages of this file add up to ${found} megapixels, over the limit of ${limit} megapixels for one file; it may be malicious. Scan again at 200–300 dpi or split the file.`,
  }),
  'too-slow': ({ limit }) => ({
    vi: `Nhập tệp quá ${limit} phút nên đã dừng. Tách tệp thành nhiều phần rồi nhập lần lượt.`,
    en: `Importing the file took over ${limit} minutes and was stopped. Split it and import the parts one by one.`,
  }),
  cancelled: () => ({ vi: 'Đã dừng nhập tệp.', en: 'The import was cancelled.' }),
};

export class ImportError extends DeskError {
  readonly importCode: ImportErrorCode;
  constructor(code: ImportErrorCode, detail?: string, figures: { vi?: Figures; en?: Figures } = {}) {
    const v = MESSAGES[code](figures.vi ?? {}).vi;
    const e = MESSAGES[code](figures.en ?? {}).en;
    super(`import.${code}`, detail ? { vi: `${v} (${detail})`, en: `${e} (${detail})` } : { vi: v, en: e });
    this.importCode = code;
  }
}

/** An ImportError whose message carries numbers, each written the way its language writes them. */
function overLimit(code: 'too-many-pages' | 'too-many-pixels' | 'too-large', found: number | [number, number], limit: number): ImportError {
  const show = (fmt: (n: number) => string): Figures => ({
    found: Array.isArray(found) ? `${fmt(found[0])}×${fmt(found[1])}` : fmt(found),
    limit: fmt(limit),
  });
  return new ImportError(code, undefined, { vi: show(vi), en: show(en) });
}

export type ImportFormat = 'pdf' | 'jpeg' | 'png' | 'tiff';

export interface ImportOptions {
  /** Encoding override for imported images. */
  override?: KindOverride;
  /** The image's true resolution when its file does not say (e.g. a page the desk rendered). */
  dpi?: number;
  /** The file's name as the officer gave it: the only name an error may show (never a temporary path). */
  name?: string;
  /** Stops the import between pages (and any running checker) with 'cancelled'. */
  signal?: AbortSignal;
  /** Tighter bounds than IMPORT_LIMITS (tests); never looser. */
  limits?: Partial<ImportLimits>;
}

/** One page of an imported file, in file order (number is 1-based). */
export type ImportedPage =
  { kind: 'pdf'; number: number; pdf: Uint8Array; widthPt: number; heightPt: number } | { kind: 'image'; number: number; page: AnalysedPage };

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

/** Between pages: stop when cancelled or out of time. */
class Budget {
  private readonly deadline: number;
  constructor(
    private readonly limits: ImportLimits,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.deadline = Date.now() + limits.timeMs;
  }

  check(): void {
    if (this.signal?.aborted) throw new ImportError('cancelled');
    if (Date.now() > this.deadline) {
      const minutes = Math.round((this.limits.timeMs / 60_000) * 10) / 10;
      throw new ImportError('too-slow', undefined, { vi: { limit: vi(minutes) }, en: { limit: en(minutes) } });
    }
  }

  /** What is left of the time, for a child process's timeout. */
  remainingMs(): number {
    return Math.max(1, this.deadline - Date.now());
  }
}

/**
 * The pages of an imported file, one at a time. Everything that can refuse the whole file is
 * done before the first page; afterwards only cancellation, the time budget or a page that
 * turns out damaged can end it.
 */
export async function* importPages(bytes: Uint8Array, opts: ImportOptions = {}): AsyncGenerator<ImportedPage> {
  const limits = { ...IMPORT_LIMITS };
  for (const [key, value] of Object.entries(opts.limits ?? {}) as Array<[keyof ImportLimits, number]>) limits[key] = Math.min(limits[key], value);
  const budget = new Budget(limits, opts.signal);
  budget.check();
  if (bytes.byteLength === 0) throw new ImportError('empty');
  const format = sniffFormat(bytes);
  if (!format) throw new ImportError('unsupported');
  if (format === 'pdf') yield* pdfPages(await checkPdf(bytes, limits, budget, opts), budget);
  else yield* imagePages(bytes, format, limits, budget, opts);
}

// ---- images --------------------------------------------------------------------------------

/**
 * Width and height of every page (top-level directory) of a classic TIFF, read from its
 * directories without decoding anything — so the whole file's pixels are known before the
 * first page is decoded. Stops reading after `max` + 1 pages: that is already too many.
 */
export function tiffPageSizes(bytes: Uint8Array, max: number): Array<[number, number]> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  const sizes: Array<[number, number]> = [];
  const seen = new Set<number>();
  try {
    for (let ifd = u32(4); ifd !== 0 && sizes.length <= max; ifd = u32(ifd + 2 + u16(ifd) * 12)) {
      if (seen.has(ifd)) throw new ImportError('corrupt', 'TIFF');
      seen.add(ifd);
      let width = 0;
      let height = 0;
      for (let i = 0, at = ifd + 2; i < u16(ifd); i++, at += 12) {
        const tag = u16(at);
        if (tag !== 256 && tag !== 257) continue;
        const value = u16(at + 2) === 3 ? u16(at + 8) : u32(at + 8);
        if (tag === 256) width = value;
        else height = value;
      }
      sizes.push([width, height]);
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError('corrupt', 'TIFF'); // a directory pointing past the end of the file
  }
  return sizes;
}

async function* imagePages(
  bytes: Uint8Array,
  format: Exclude<ImportFormat, 'pdf'>,
  limits: ImportLimits,
  budget: Budget,
  opts: ImportOptions,
): AsyncGenerator<ImportedPage> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw new ImportError('corrupt', (e as Error).message);
  }
  const sizes: Array<[number, number]> = format === 'tiff' ? tiffPageSizes(bytes, limits.pages) : [[meta.width ?? 0, meta.height ?? 0]];
  if (sizes.length > limits.pages) throw overLimit('too-many-pages', meta.pages ?? sizes.length, limits.pages);
  let total = 0;
  for (const [width, height] of sizes) {
    if (width * height > limits.pagePixels) throw overLimit('too-large', [width, height], Math.round(limits.pagePixels / 1e6));
    total += width * height;
  }
  if (total > limits.totalPixels) throw overLimit('too-many-pixels', Math.round(total / 1e6), Math.round(limits.totalPixels / 1e6));
  for (const [index, [width, height]] of sizes.entries()) {
    budget.check();
    const dpi = opts.dpi ?? plausibleDpi(meta.density, width, height);
    let page: AnalysedPage;
    try {
      page = await processImage(bytes, { dpi, page: index, ...(opts.override ? { override: opts.override } : {}) });
    } catch (e) {
      const message = (e as Error).message;
      if (/pixel limit/i.test(message)) throw overLimit('too-large', [width, height], Math.round(limits.pagePixels / 1e6));
      throw new ImportError(/premature|truncat|end of|short/i.test(message) ? 'truncated' : 'corrupt', message);
    }
    budget.check();
    yield { kind: 'image', number: index + 1, page };
  }
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

// ---- PDFs ----------------------------------------------------------------------------------

/** qpdf in the import's private folder, by a relative name: its messages never show where that folder is. */
function qpdf(args: string[], dir: string, budget: Budget, signal: AbortSignal | undefined): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'qpdf',
      [...args, 'in.pdf'],
      { cwd: dir, maxBuffer: 16 * 1024 * 1024, timeout: budget.remainingMs(), ...(signal ? { signal } : {}) },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') {
          try {
            budget.check(); // cancelled or out of time: say so
          } catch (e) {
            return reject(e);
          }
          return reject(new ImportError('corrupt', 'qpdf'));
        }
        resolve({ code: err ? Number(err.code) : 0, out: `${stdout}${stderr}` });
      },
    );
  });
}

async function checkPdf(bytes: Uint8Array, limits: ImportLimits, budget: Budget, opts: ImportOptions): Promise<PDFDocument> {
  // Conforming writers end with %%EOF within the last 1024 bytes; a cut-off copy does not.
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.byteLength - 1024))).toString('latin1');
  if (!tail.includes('%%EOF')) throw new ImportError('truncated');
  const shown = (out: string) =>
    out
      .split('\n')
      .find((l) => /error|damaged/i.test(l))
      ?.replaceAll('in.pdf', opts.name ?? 'PDF')
      .trim();
  const dir = await mkdtemp(join(tmpdir(), 'desk-import-'));
  try {
    await writeFile(join(dir, 'in.pdf'), bytes);
    // qpdf --is-encrypted: exit 0 when encrypted, 2 when not.
    if ((await qpdf(['--is-encrypted'], dir, budget, opts.signal)).code === 0) throw new ImportError('encrypted');
    // The page count first: counting is quick, checking 10,000 pages is not.
    const count = await qpdf(['--show-npages'], dir, budget, opts.signal);
    if (count.code === 2) throw new ImportError('corrupt', shown(count.out));
    const pages = Number.parseInt(count.out, 10);
    if (pages > limits.pages) throw overLimit('too-many-pages', pages, limits.pages);
    budget.check();
    const check = await qpdf(['--check'], dir, budget, opts.signal);
    if (check.code === 2) throw new ImportError('corrupt', shown(check.out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  budget.check();
  let doc: PDFDocument;
  try {
    // A bounded number of objects per turn of the event loop: a large file does not freeze main.
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false, parseSpeed: ParseSpeeds.Fast });
  } catch (e) {
    if ((e as Error).name === 'EncryptedPDFError') throw new ImportError('encrypted');
    throw new ImportError('corrupt', (e as Error).message);
  }
  const pages = damagedAsCorrupt(() => doc.getPageCount());
  if (pages === 0) throw new ImportError('corrupt', 'no pages');
  if (pages > limits.pages) throw overLimit('too-many-pages', pages, limits.pages);
  const found = damagedAsCorrupt(() => activeContent(doc)) ?? activeNames(bytes);
  if (found)
    throw found.code === 'active-content'
      ? new ImportError('active-content', undefined, { vi: { found: found.what }, en: { found: found.what } })
      : new ImportError(found.code);
  return doc;
}

/**
 * pdf-lib reads a damaged file lazily (a /Pages that is not a dictionary, a page tree that
 * points nowhere) and throws its own errors when asked: they mean the file is damaged.
 */
function damagedAsCorrupt<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError('corrupt', (e as Error).message);
  }
}

async function onePage(source: PDFDocument, index: number): Promise<ImportedPage> {
  try {
    const single = await PDFDocument.create();
    const [copied] = await single.copyPages(source, [index]);
    single.addPage(copied);
    const { width, height } = copied!.getSize();
    const pdf = await single.save({ useObjectStreams: false });
    return { kind: 'pdf', number: index + 1, pdf, widthPt: width, heightPt: height };
  } catch (e) {
    throw new ImportError('corrupt', `page ${index + 1}: ${(e as Error).message}`);
  }
}

async function* pdfPages(source: PDFDocument, budget: Budget): AsyncGenerator<ImportedPage> {
  for (const index of damagedAsCorrupt(() => source.getPageIndices())) {
    budget.check();
    const page = await onePage(source, index);
    budget.check();
    yield page;
  }
}

// ---- what a PDF may carry ------------------------------------------------------------------
//
// An allow-list: an imported PDF is filed as pages, so a page may carry its content, its
// resources, and annotations that only show something or jump within the document. Anything
// else is refused, not stripped: the desk files what the citizen handed in, and a silently
// altered document would not be that; the officer can print and scan it, or ask for a clean copy.
// Refused wherever it appears in the file: JavaScript; embedded files; actions other than
// /GoTo (as /OpenAction, in /AA, /A or /Next: /Launch, /URI, /GoToR, /GoToE, /SubmitForm,
// /ImportData, /ResetForm, /Named, /Rendition…); /Names entries other than /Dests; XFA forms;
// RichMedia and 3D content; annotations outside ALLOWED_ANNOTATIONS; form fields with actions.

type Finding = { code: 'javascript' | 'embedded-files' | 'active-content'; what: string };

/** Annotations that only show something (or, for Link, jump within the document). */
const ALLOWED_ANNOTATIONS = new Set([
  'Text',
  'Link',
  'FreeText',
  'Line',
  'Square',
  'Circle',
  'Polygon',
  'PolyLine',
  'Highlight',
  'Underline',
  'Squiggly',
  'StrikeOut',
  'Stamp',
  'Caret',
  'Ink',
  'Popup',
  'Widget',
  'Watermark',
]);
/** Subtypes only annotations (or 3D streams) use: refused wherever they appear. */
const FORBIDDEN_SUBTYPES = new Set([
  'FileAttachment',
  'Sound',
  'Movie',
  'Screen',
  'RichMedia',
  '3D',
  'U3D',
  'PRC',
  'PrinterMark',
  'TrapNet',
  'Redact',
  'Projection',
]);
/** Every action type of PDF 2.0; only GoTo is allowed. */
const ACTIONS = new Set([
  'GoTo',
  'GoToR',
  'GoToE',
  'GoToDp',
  'Launch',
  'Thread',
  'URI',
  'Sound',
  'Movie',
  'Hide',
  'Named',
  'SubmitForm',
  'ResetForm',
  'ImportData',
  'JavaScript',
  'SetOCGState',
  'Rendition',
  'Trans',
  'GoTo3DView',
  'RichMediaExecute',
]);
/** Keys that only active or foreign content uses. */
const FORBIDDEN_KEYS = new Map<string, Finding['code']>([
  ['JS', 'javascript'],
  ['JavaScript', 'javascript'],
  ['EmbeddedFiles', 'embedded-files'],
  ['EF', 'embedded-files'],
  ['XFA', 'active-content'],
  ['RichMediaContent', 'active-content'],
  ['RichMediaSettings', 'active-content'],
  ['3DD', 'active-content'],
  ['URI', 'active-content'],
]);

const nameOf = (o: PDFObject | undefined): string | undefined => (o instanceof PDFName ? o.decodeText() : undefined);

/** The first thing a page may not carry (JavaScript first, then embedded files); null when there is none. */
export function activeContent(doc: PDFDocument): Finding | null {
  const ctx = doc.context;
  const findings: Finding[] = [];
  const resolve = (o: PDFObject | undefined): PDFObject | undefined => (o instanceof PDFRef ? ctx.lookup(o) : o);
  const note = (code: Finding['code'], what: string) => findings.push({ code, what });

  /** An action (or a chain of them) must be a plain /GoTo; `optional`: a dictionary without /S is not an action here (a structure element's /A). */
  const action = (o: PDFObject | undefined, where: string, optional = false): void => {
    const a = resolve(o);
    if (a instanceof PDFArray) {
      if (where === '/OpenAction') return; // an explicit destination
      for (let i = 0; i < a.size(); i++) action(a.get(i), where);
      return;
    }
    if (!(a instanceof PDFDict)) return;
    const s = nameOf(resolve(a.get(PDFName.of('S'))));
    if (s === undefined && optional) return;
    if (s === 'GoTo') return;
    if (s === 'JavaScript') note('javascript', `${where} /JavaScript`);
    else note('active-content', `${where} /${s ?? '?'}`);
  };

  const annotation = (o: PDFObject | undefined): void => {
    const a = resolve(o);
    if (!(a instanceof PDFDict)) return;
    const subtype = nameOf(resolve(a.get(PDFName.of('Subtype')))) ?? '?';
    if (subtype === 'FileAttachment') note('embedded-files', '/FileAttachment');
    else if (!ALLOWED_ANNOTATIONS.has(subtype)) note('active-content', `/Annot /${subtype}`);
    else if (subtype === 'Widget' && (a.has(PDFName.of('A')) || a.has(PDFName.of('AA'))))
      note('active-content', `/Widget /${a.has(PDFName.of('A')) ? 'A' : 'AA'}`);
  };

  const seen = new Set<PDFObject>();
  const visit = (obj: PDFObject | undefined): void => {
    if (!obj || seen.has(obj) || findings.some((f) => f.code === 'javascript')) return;
    seen.add(obj);
    if (obj instanceof PDFStream) return visit(obj.dict);
    if (obj instanceof PDFArray) {
      for (let i = 0; i < obj.size(); i++) visit(obj.get(i));
      return;
    }
    if (!(obj instanceof PDFDict)) return;
    for (const [key, value] of obj.entries()) {
      const k = key.decodeText();
      const forbidden = FORBIDDEN_KEYS.get(k);
      if (forbidden) note(forbidden, `/${k}`);
      const v = nameOf(value);
      if (k === 'S' && v !== undefined && v !== 'GoTo' && ACTIONS.has(v)) note(v === 'JavaScript' ? 'javascript' : 'active-content', `/${v}`);
      if (k === 'Subtype' && v !== undefined && FORBIDDEN_SUBTYPES.has(v)) note(v === 'FileAttachment' ? 'embedded-files' : 'active-content', `/${v}`);
      if (k === 'Type' && v === 'Action') action(obj, '/Action');
      if (k === 'Type' && v === 'Annot') annotation(obj);
      if (k === 'OpenAction' || k === 'Next') action(value, `/${k}`);
      if (k === 'A') action(value, '/A', true);
      if (k === 'AA') {
        const triggers = resolve(value);
        if (triggers instanceof PDFDict) for (const [trigger, act] of triggers.entries()) action(act, `/AA /${trigger.decodeText()}`);
      }
      if (k === 'Annots') {
        const list = resolve(value);
        if (list instanceof PDFArray) for (let i = 0; i < list.size(); i++) annotation(list.get(i));
      }
      visit(value);
    }
  };

  const names = resolve(doc.catalog.get(PDFName.of('Names')));
  if (names instanceof PDFDict) {
    for (const [key] of names.entries()) {
      const k = key.decodeText();
      if (k !== 'Dests') note(FORBIDDEN_KEYS.get(k) ?? 'active-content', `/Names /${k}`);
    }
  }
  visit(doc.catalog);
  for (const [, obj] of ctx.enumerateIndirectObjects()) visit(obj);
  return findings.find((f) => f.code === 'javascript') ?? findings.find((f) => f.code === 'embedded-files') ?? findings[0] ?? null;
}

/** A backstop for names hidden from the parser (objects outside the cross-reference): the names in plain text anywhere in the file. */
function activeNames(bytes: Uint8Array): Finding | null {
  const text = Buffer.from(bytes).toString('latin1');
  if (/\/(JS|JavaScript)\b/.test(text)) return { code: 'javascript', what: '/JavaScript' };
  if (/\/(EmbeddedFiles|FileAttachment)\b/.test(text)) return { code: 'embedded-files', what: '/EmbeddedFiles' };
  const other = /\/(Launch|GoToR|GoToE|SubmitForm|ImportData|ResetForm|RichMedia\w*|XFA|URI|3DD)\b/.exec(text);
  return other ? { code: 'active-content', what: `/${other[1]}` } : null;
}
