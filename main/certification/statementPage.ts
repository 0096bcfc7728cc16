// The page the desk appends after the original's scans: the certification statement (lời
// chứng) in Tinos, the typeface of official forms, in the upper half, so that the lower right
// stays free for the organisation's visible signature (NĐ 30/2020 Phụ lục I): the signer puts
// its stamp in the free area nearest that corner (main/signing/freeArea.ts).
import { PDFDocument, rgb } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { formFontFiles } from '../pdf/fonts.ts';
import { nfc } from '../pdf/layout.ts';

/** A4 portrait in points. */
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 72;

export interface StatementPageInput {
  lines: string[];
  /** The copy's title in the PDF metadata. */
  title: string;
  createdAt: Date;
}

/** The original's pages, then the statement page; saved without object streams for plain readers. */
export async function appendStatementPage(original: PDFDocument, input: StatementPageInput): Promise<Uint8Array> {
  const files = await formFontFiles();
  original.registerFontkit(fontkit);
  const [regular, bold] = await Promise.all([original.embedFont(files.regular, { subset: true }), original.embedFont(files.bold, { subset: true })]);
  const page = original.addPage(A4);
  const [heading, numberLine, dateLine, ...rest] = input.lines.map(nfc);
  const ink = rgb(0, 0, 0);
  let y = A4[1] - MARGIN - 40;
  const center = (text: string, font = regular, size = 13) => {
    page.drawText(text, { x: (A4[0] - font.widthOfTextAtSize(text, size)) / 2, y, size, font, color: ink });
    y -= size * 1.6;
  };
  center(heading ?? '', bold, 14);
  if (numberLine) center(numberLine);
  y -= 10;
  // The date, the certifier's title and name sit right of centre, as on the paper form.
  const right = (text: string, font = regular, size = 13) => {
    const x = A4[0] - MARGIN - 230 + (230 - font.widthOfTextAtSize(text, size)) / 2;
    page.drawText(text, { x, y, size, font, color: ink });
    y -= size * 1.6;
  };
  if (dateLine) right(dateLine, regular, 12);
  const [title, note, ...names] = rest;
  if (title) right(title, bold, 13);
  if (note) right(note, regular, 11);
  y -= 6;
  for (const name of names) right(name, bold, 13);
  original.setTitle(nfc(input.title), { showInWindowTitleBar: true });
  original.setProducer('Một Cửa Desk');
  original.setCreator('Một Cửa Desk');
  original.setLanguage('vi-VN');
  original.setModificationDate(input.createdAt);
  return original.save({ useObjectStreams: false });
}
