// The original's scan, checked before anything is stamped or signed: NĐ 30/2020 Phụ lục I asks
// for colour scans at 200 dpi or more [S, checked 2026-12-07], and a certified copy of a blank
// or unreadable page would certify nothing. Every page must be one scanned image, colour
// (3 components), at ≥ 200 dpi as drawn on the page, with content the page analysis
// (main/scan/pipeline/analyse.ts, the scanner's own blank detection) can see.
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, decodePDFRawStream, type PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { DeskError } from '#domain/errors.ts';
import { analysePixels, type DecodedPage } from '../scan/pipeline/analyse.ts';
import { loadPdf } from '../signing/pdfFile.ts';

/** NĐ 30/2020 Phụ lục I: at least 200 dpi, colour. */
export const MIN_DPI = 200;
/** A page darker than this on average (0–255) is a lid left open or a failed lamp, not a document. */
const MIN_MEAN_LEVEL = 90;
const MAX_IMAGE_PIXELS = 100_000_000;

export interface OriginalPage {
  /** 1-based. */
  page: number;
  dpi: number;
  width: number;
  height: number;
}

export interface OriginalCheck {
  pages: OriginalPage[];
  doc: PDFDocument;
}

const refuse = (code: string, page: number, vi: string, en: string) =>
  new DeskError(`certification.${code}`, { vi: `Trang ${page} của bản chính ${vi}`, en: `Page ${page} of the original ${en}` });

function num(value: unknown): number | null {
  return value instanceof PDFNumber ? value.asNumber() : null;
}

function filterNames(dict: PDFDict): string[] {
  const filter = dict.lookup(PDFName.of('Filter'));
  if (filter instanceof PDFName) return [filter.decodeText()];
  if (filter instanceof PDFArray) return filter.asArray().map((f) => (f instanceof PDFName ? f.decodeText() : '?'));
  return [];
}

/** Components per sample of the image's colour space (ICCBased reads its /N). */
function components(dict: PDFDict): number {
  const space = dict.lookup(PDFName.of('ColorSpace'));
  if (space instanceof PDFName) return space.decodeText() === 'DeviceRGB' ? 3 : space.decodeText() === 'DeviceCMYK' ? 4 : 1;
  if (space instanceof PDFArray && space.lookup(0) instanceof PDFName && (space.lookup(0) as PDFName).decodeText() === 'ICCBased') {
    const profile = space.lookup(1);
    return profile instanceof PDFRawStream ? (num(profile.dict.lookup(PDFName.of('N'))) ?? 1) : 1;
  }
  return 1;
}

/** The page's pixels as sRGB, or null when the encoding cannot be read. */
async function pixelsOf(image: PDFRawStream): Promise<{ pixels: Buffer; width: number; height: number } | null> {
  const dict = image.dict;
  const width = num(dict.lookup(PDFName.of('Width'))) ?? 0;
  const height = num(dict.lookup(PDFName.of('Height'))) ?? 0;
  if (!(width > 0 && height > 0) || width * height > MAX_IMAGE_PIXELS) return null;
  const filters = filterNames(dict);
  try {
    if (filters.length === 1 && filters[0] === 'DCTDecode') {
      const { data, info } = await sharp(image.contents, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' })
        .toColourspace('srgb')
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      return { pixels: data, width: info.width, height: info.height };
    }
    if (filters.length <= 1 && filters.every((f) => f === 'FlateDecode') && num(dict.lookup(PDFName.of('BitsPerComponent'))) === 8) {
      const samples = filters.length ? decodePDFRawStream(image).decode() : image.contents;
      if (samples.length !== width * height * 3) return null;
      return { pixels: Buffer.from(samples), width, height };
    }
  } catch {
    return null;
  }
  return null;
}

/** Average level over a sample of the pixels: every 97th byte is plenty to tell a black page. */
function meanLevel(pixels: Buffer): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < pixels.length; i += 97) {
    sum += pixels[i]!;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

/** The one image XObject a scanned page is drawn from (several strips are not a colour scan). */
function pageImage(doc: PDFDocument, index: number): PDFRawStream[] {
  const resources = doc.getPage(index).node.Resources();
  const xobjects = resources?.lookup(PDFName.of('XObject'));
  if (!(xobjects instanceof PDFDict)) return [];
  return xobjects
    .values()
    .map((ref) => doc.context.lookup(ref))
    .filter((o): o is PDFRawStream => o instanceof PDFRawStream && o.dict.lookup(PDFName.of('Subtype'))?.toString() === '/Image');
}

/** Checks every page; the first page that fails is refused with what to do about it. */
export async function checkOriginal(pdf: Uint8Array): Promise<OriginalCheck> {
  const doc = await loadPdf(pdf);
  const pages: OriginalPage[] = [];
  for (let index = 0; index < doc.getPageCount(); index++) {
    const n = index + 1;
    const images = pageImage(doc, index);
    if (images.length === 0) {
      throw refuse('notScanned', n, 'không phải ảnh quét. Hãy quét bản chính trên máy quét.', 'is not a scanned image. Scan the original on the scanner.');
    }
    if (images.length > 1 || images.some((i) => components(i.dict) !== 3)) {
      throw refuse(
        'notColour',
        n,
        'không được quét màu. NĐ 30/2020 yêu cầu quét màu: hãy quét lại ở chế độ Màu.',
        'was not scanned in colour. NĐ 30/2020 requires colour: scan it again in Colour mode.',
      );
    }
    const image = images[0]!;
    const width = num(image.dict.lookup(PDFName.of('Width')))!;
    const height = num(image.dict.lookup(PDFName.of('Height')))!;
    const pageWidth = doc.getPage(index).getWidth();
    const dpi = Math.round(width / (pageWidth / 72));
    if (dpi < MIN_DPI) {
      throw refuse(
        'lowResolution',
        n,
        `được quét ở ${dpi} dpi, dưới ${MIN_DPI} dpi NĐ 30/2020 yêu cầu. Hãy quét lại ở ${MIN_DPI} dpi trở lên.`,
        `was scanned at ${dpi} dpi, below the ${MIN_DPI} dpi NĐ 30/2020 requires. Scan it again at ${MIN_DPI} dpi or more.`,
      );
    }
    const decoded = await pixelsOf(image);
    if (!decoded) {
      throw refuse('unreadable', n, 'không đọc được (ảnh hỏng). Hãy quét lại trang này.', 'cannot be read (damaged image). Scan this page again.');
    }
    if (meanLevel(decoded.pixels) < MIN_MEAN_LEVEL) {
      throw refuse(
        'unreadable',
        n,
        'quá tối, không đọc được nội dung. Hãy quét lại (kiểm tra nắp máy quét và đèn).',
        'is too dark for its content to be read. Scan it again (check the scanner lid and lamp).',
      );
    }
    const page: DecodedPage = { ...decoded, channels: 3, dpi };
    if (analysePixels(page, { mode: 'color' }).blank) {
      throw refuse(
        'blankPage',
        n,
        'trống. Hãy kiểm tra đã đặt đúng mặt giấy, rồi quét lại; bản sao phải có đủ các trang có nội dung.',
        'is blank. Check the sheet was placed face down the right way and scan again; the copy must hold every page with content.',
      );
    }
    pages.push({ page: n, dpi, width, height });
  }
  if (pages.length === 0) throw new DeskError('certification.noPages', { vi: 'Bản quét không có trang nào.', en: 'The scan has no pages.' });
  return { pages, doc };
}
