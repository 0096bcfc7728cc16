// Adds a signature field (merged field and widget) to the latest revision's objects: the
// widget on its page's /Annots, the field in /AcroForm /Fields with /SigFlags 3. Returns the
// existing objects that changed, which the incremental update must write again.
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, PDFString, PDFHexString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { DeskError } from '#domain/errors.ts';
import { pageRefs } from './pdfFile.ts';

export interface FieldPlacement {
  /** Zero-based page index. */
  page: number;
  /** [x1 y1 x2 y2]; [0 0 0 0] for an invisible signature. */
  rect: [number, number, number, number];
  appearance: PDFRef;
  /** The field's alternate name (/TU): what the stamp says, for viewers and screen readers. */
  label?: string;
}

const name = (n: string) => PDFName.of(n);

function fieldNames(doc: PDFDocument, fields: PDFArray): Set<string> {
  const names = new Set<string>();
  for (let i = 0; i < fields.size(); i++) {
    const field = doc.context.lookup(fields.get(i));
    const title = field instanceof PDFDict ? field.lookup(name('T')) : undefined;
    if (title instanceof PDFString || title instanceof PDFHexString) names.add(title.decodeText());
  }
  return names;
}

/**
 * Finds `key` in `holder` as an array, creating an empty one when absent. The object that must
 * be rewritten is the array itself when it is indirect, else the holder.
 */
function arrayIn(doc: PDFDocument, holder: PDFDict, holderRef: PDFRef, key: string): { array: PDFArray; owner: PDFRef } {
  const value: PDFObject | undefined = holder.get(name(key));
  if (value instanceof PDFRef) {
    const array = doc.context.lookup(value);
    if (array instanceof PDFArray) return { array, owner: value };
  }
  if (value instanceof PDFArray) return { array: value, owner: holderRef };
  const array = doc.context.obj([]);
  holder.set(name(key), array);
  return { array, owner: holderRef };
}

export function addSignatureField(doc: PDFDocument, value: PDFRef, placement: FieldPlacement): Set<PDFRef> {
  const changed = new Set<PDFRef>();
  const context = doc.context;
  const pages = pageRefs(doc);
  const pageRef = pages[placement.page];
  if (!pageRef) {
    throw new DeskError('signing.bad-page', {
      vi: `Tài liệu không có trang ${placement.page + 1} (chỉ có ${pages.length} trang).`,
      en: `The document has no page ${placement.page + 1} (it has ${pages.length}).`,
    });
  }
  const catalogRef = context.trailerInfo.Root as PDFRef;
  let acroForm: PDFDict;
  let acroOwner: PDFRef;
  const existing = doc.catalog.get(name('AcroForm'));
  if (existing instanceof PDFRef && context.lookup(existing) instanceof PDFDict) {
    acroForm = context.lookup(existing, PDFDict);
    acroOwner = existing;
  } else if (existing instanceof PDFDict) {
    acroForm = existing;
    acroOwner = catalogRef;
  } else {
    acroForm = context.obj({});
    acroOwner = context.register(acroForm);
    doc.catalog.set(name('AcroForm'), acroOwner);
    changed.add(catalogRef);
  }
  const fields = arrayIn(doc, acroForm, acroOwner, 'Fields');
  const taken = fieldNames(doc, fields.array);
  let n = taken.size + 1;
  while (taken.has(`Signature${n}`)) n++;

  const widget = context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: PDFString.of(`Signature${n}`),
    V: value,
    // Print, and Locked: the widget's appearance is part of what was signed.
    F: 4 | 128,
    Rect: placement.rect,
    P: pageRef,
    AP: { N: placement.appearance },
    ...(placement.label ? { TU: PDFHexString.fromText(placement.label.normalize('NFC')) } : {}),
  });
  const widgetRef = context.register(widget);
  fields.array.push(widgetRef);
  changed.add(fields.owner);
  acroForm.set(name('SigFlags'), PDFNumber.of(3));
  changed.add(acroOwner);

  const page = context.lookup(pageRef, PDFDict);
  const annots = arrayIn(doc, page, pageRef, 'Annots');
  annots.array.push(widgetRef);
  changed.add(annots.owner);
  return changed;
}
