// One PDF per dossier component: every page at 100% scale (page size = pixels ÷ dpi × 72 pt),
// bilevel pages as one /CCITTFaxDecode image per G4 strip drawn at its offset, grey/colour
// pages as /DCTDecode images. PDF header 1.7 (≥ 1.4 as NĐ 30/2020 asks), classic xref table.
import { PDFDocument, PDFName, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState, type PDFPage } from 'pdf-lib';
import { readJpegInfo, type ProcessedPage } from './compress.ts';

export interface ComponentPdfMeta {
  dossierCode?: string;
  /** The dossier component (thành phần hồ sơ) the pages belong to: the PDF's title. */
  component: string;
  /** ISO 8601 time of the scan. */
  scannedAt: string;
}

export const PRODUCER = 'Một Cửa Desk';

/** Page size in PDF points for a page of `pixels` at `dpi`. */
export function pointsFor(pixels: number, dpi: number): number {
  return (pixels / dpi) * 72;
}

function drawImage(page: PDFPage, name: PDFName, x: number, y: number, w: number, h: number): void {
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(w, 0, 0, h, x, y), drawObject(name), popGraphicsState());
}

export async function buildComponentPdf(pages: ProcessedPage[], meta: ComponentPdfMeta): Promise<Uint8Array> {
  if (pages.length === 0) throw new Error('a component PDF needs at least one page');
  const doc = await PDFDocument.create({ updateMetadata: false });
  const ctx = doc.context;
  for (const p of pages) {
    if (!(p.dpi > 0)) throw new Error(`page has no resolution (dpi ${p.dpi})`);
    const w = pointsFor(p.width, p.dpi);
    const h = pointsFor(p.height, p.dpi);
    const page = doc.addPage([w, h]);
    if (p.kind === 'bilevel') {
      const scale = 72 / p.dpi;
      for (const strip of p.strips) {
        const ref = ctx.register(
          ctx.stream(strip.data, {
            Type: 'XObject',
            Subtype: 'Image',
            Width: p.width,
            Height: strip.rows,
            ColorSpace: 'DeviceGray',
            BitsPerComponent: 1,
            Filter: 'CCITTFaxDecode',
            DecodeParms: { K: -1, Columns: p.width, Rows: strip.rows, BlackIs1: p.blackIs1 },
          }),
        );
        const name = page.node.newXObject('Strip', ref);
        // PDF's origin is bottom-left: strip rows y..y+rows-1 from the top.
        drawImage(page, name, 0, h - (strip.y + strip.rows) * scale, w, strip.rows * scale);
      }
    } else {
      // The colour space follows the JPEG's own frame header, never a label.
      const info = readJpegInfo(p.jpeg);
      if (info.width !== p.width || info.height !== p.height) throw new Error(`JPEG is ${info.width}×${info.height}, page says ${p.width}×${p.height}`);
      const space = info.components === 1 ? 'DeviceGray' : info.components === 3 ? 'DeviceRGB' : 'DeviceCMYK';
      const ref = ctx.register(
        ctx.stream(p.jpeg, {
          Type: 'XObject',
          Subtype: 'Image',
          Width: p.width,
          Height: p.height,
          ColorSpace: space,
          BitsPerComponent: 8,
          Filter: 'DCTDecode',
          ...(info.components === 4 ? { Decode: [1, 0, 1, 0, 1, 0, 1, 0] } : {}),
        }),
      );
      drawImage(page, page.node.newXObject('Image', ref), 0, 0, w, h);
    }
  }
  const when = new Date(meta.scannedAt);
  if (Number.isNaN(when.getTime())) throw new Error(`scannedAt is not a date: ${meta.scannedAt}`);
  doc.setTitle(meta.component.normalize('NFC'), { showInWindowTitleBar: true });
  if (meta.dossierCode) doc.setSubject(meta.dossierCode);
  doc.setKeywords([meta.dossierCode, `${pages.length} trang`, `${pages.length} pages`].filter((k): k is string => !!k));
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setLanguage('vi-VN');
  return doc.save({ useObjectStreams: false });
}
