// A new form PDF: page geometry, embedded Tinos subsets and the document's metadata.
import { PDFDocument } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { formFontFiles } from './fonts.ts';
import { A5_PORTRAIT, nfc, type FormFonts, type PageSpec } from './layout.ts';

/** TT 01/2018 and TT 03/2025 print the reception forms on A5. */
export const FORM_PAGE: PageSpec = {
  size: A5_PORTRAIT,
  margin: { top: 28, right: 28, bottom: 30, left: 34 },
};

export interface FormMetadata {
  title: string;
  subject: string;
  /** The form's own issue time rather than the print time: a reprint still dates from the reception. */
  createdAt: Date;
}

const PRODUCER = 'Một Cửa Desk';

export async function createFormDocument(meta: FormMetadata): Promise<{ doc: PDFDocument; fonts: FormFonts }> {
  const files = await formFontFiles();
  const doc = await PDFDocument.create({ updateMetadata: false });
  // Each document parses its own fontkit fonts: a font object shared between documents
  // remembers glyphs first met as accent components without their code points, and later
  // documents would then lose those letters from their text layer (copy, search, screen readers).
  doc.registerFontkit(fontkit);
  // Subsetting keeps each form to the glyphs it uses (tens of KB instead of ~1.6 MB).
  const [regular, bold, italic] = await Promise.all([
    doc.embedFont(files.regular, { subset: true }),
    doc.embedFont(files.bold, { subset: true }),
    doc.embedFont(files.italic, { subset: true }),
  ]);
  doc.setTitle(nfc(meta.title), { showInWindowTitleBar: true });
  doc.setSubject(nfc(meta.subject));
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setLanguage('vi-VN');
  doc.setCreationDate(meta.createdAt);
  doc.setModificationDate(meta.createdAt);
  return { doc, fonts: { regular, bold, italic } };
}
