// A new form PDF: page geometry, embedded Tinos subsets and the document's metadata.
import { PDFDocument } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import type { Font, Fontkit } from 'pdf-lib/cjs/types/fontkit';
import { formFontFiles } from './fonts.ts';
import { A5_PORTRAIT, measureAsFace, nfc, type FormFonts, type PageSpec } from './layout.ts';

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

/** Each face parsed once per process: decoding its tables was most of a receipt's render time. */
const parsedFaces = new WeakMap<Uint8Array, Font>();

/**
 * fontkit for one document: the font's decoded tables (cmap, GSUB, GPOS, glyf offsets…) are
 * shared, its glyph cache and layout engine are not. A glyph object remembers the code points it
 * was first met with, and one first met as an accent's component has none: shared between
 * documents, later documents would lose those letters from their text layer (copy, search,
 * screen readers). So each document sees the parsed face through an object of its own with an
 * empty glyph cache; fontkit's lazily cached getters (layout engine, cmap) then land on it too.
 * Its layouts are remembered by text: pdf-lib lays a string out once to measure it and again to
 * draw it, and a receipt prints its text twice (two copies). The same text in the same document
 * gives the same glyph objects, and pdf-lib reads the run without changing it.
 */
const documentFontkit: Fontkit = {
  create(data: Uint8Array) {
    let face = parsedFaces.get(data);
    if (!face) {
      face = fontkit.create(data);
      parsedFaces.set(data, face);
    }
    const view = Object.assign(Object.create(face) as Font, { _glyphs: {} });
    const runs = new Map<string, ReturnType<Font['layout']>>();
    view.layout = (text, features) => {
      let run = runs.get(text);
      if (!run) runs.set(text, (run = face.layout.call(view, text, features)));
      return run;
    };
    return view;
  },
};

/**
 * pdf-lib keeps only the glyphs of fontkit's layout and draws them at their advance widths, so
 * Tinos' positioning features (GPOS kern, mark, mkmk) were computed for each string and thrown
 * away: a third of a receipt's render (issue 17). Substitution (ccmp) still runs, so the glyphs,
 * and the PDF, are the same byte for byte.
 */
const GLYPHS_ONLY = { kern: false, mark: false, mkmk: false };

export async function createFormDocument(meta: FormMetadata): Promise<{ doc: PDFDocument; fonts: FormFonts }> {
  const files = await formFontFiles();
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(documentFontkit);
  // Subsetting keeps each form to the glyphs it uses (tens of KB instead of ~1.6 MB).
  const [regular, bold, italic] = await Promise.all([
    doc.embedFont(files.regular, { subset: true, features: GLYPHS_ONLY }),
    doc.embedFont(files.bold, { subset: true, features: GLYPHS_ONLY }),
    doc.embedFont(files.italic, { subset: true, features: GLYPHS_ONLY }),
  ]);
  measureAsFace(regular, files.regular);
  measureAsFace(bold, files.bold);
  measureAsFace(italic, files.italic);
  doc.setTitle(nfc(meta.title), { showInWindowTitleBar: true });
  doc.setSubject(nfc(meta.subject));
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setLanguage('vi-VN');
  doc.setCreationDate(meta.createdAt);
  doc.setModificationDate(meta.createdAt);
  return { doc, fonts: { regular, bold, italic } };
}
