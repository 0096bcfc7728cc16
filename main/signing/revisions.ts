// What changed in the revisions appended after a signature. Adding further signatures and
// document timestamps is what incremental signing is for; anything else (page content,
// annotations, form values, catalog entries) is reported to the officer.
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';
import { pageRefs } from './pdfFile.ts';

export interface LaterChanges {
  /** Objects changed in ways other than adding signatures, described for a support person. */
  disallowed: string[];
}

const name = (n: string) => PDFName.of(n);

function sameObject(a: PDFObject, b: PDFObject): boolean {
  if (a instanceof PDFRawStream && b instanceof PDFRawStream) {
    return a.dict.toString() === b.dict.toString() && Buffer.from(a.contents).equals(Buffer.from(b.contents));
  }
  return a.toString() === b.toString();
}

function isSignatureWidget(doc: PDFDocument, item: PDFObject | undefined): boolean {
  const dict = item ? doc.context.lookup(item) : undefined;
  if (!(dict instanceof PDFDict)) return false;
  let field: PDFDict | undefined = dict;
  while (field) {
    if (field.lookup(name('FT')) === name('Sig')) return true;
    const parent: PDFObject | undefined = field.lookup(name('Parent'));
    field = parent instanceof PDFDict ? parent : undefined;
  }
  return false;
}

/** An array that kept every earlier entry in order and only gained signature fields. */
function onlyGainedSignatures(after: PDFDocument, before: PDFArray | undefined, now: PDFArray | undefined): boolean {
  const old = before?.asArray() ?? [];
  const current = now?.asArray() ?? [];
  if (current.length < old.length) return false;
  if (!old.every((item, i) => item.toString() === current[i]!.toString())) return false;
  return current.slice(old.length).every((item) => isSignatureWidget(after, item));
}

function resolveArray(doc: PDFDocument, value: PDFObject | undefined): PDFArray | undefined {
  const resolved = value instanceof PDFRef ? doc.context.lookup(value) : value;
  return resolved instanceof PDFArray ? resolved : undefined;
}

/** Dictionaries equal but for `ignored` keys, and `lists` keys that only gained signature fields. */
function dictChangeAllowed(before: PDFDocument, after: PDFDocument, old: PDFDict, current: PDFDict, ignored: string[], lists: string[]): boolean {
  const keys = new Set([...old.keys(), ...current.keys()].map((k) => k.asString()));
  for (const key of keys) {
    if (ignored.includes(key)) continue;
    const a = old.get(name(key.slice(1)));
    const b = current.get(name(key.slice(1)));
    if (lists.includes(key)) {
      if (!onlyGainedSignatures(after, resolveArray(before, a), resolveArray(after, b))) return false;
      continue;
    }
    if (a?.toString() !== b?.toString()) return false;
  }
  return true;
}

const ACROFORM_FREE = ['/SigFlags', '/DR', '/DA'];

function resolveDict(doc: PDFDocument, value: PDFObject | undefined): PDFDict | undefined {
  const resolved = value instanceof PDFRef ? doc.context.lookup(value) : value;
  return resolved instanceof PDFDict ? resolved : undefined;
}

export function changesAfter(before: PDFDocument, after: PDFDocument): LaterChanges {
  const catalogRef = before.context.trailerInfo.Root as PDFRef;
  const pages = new Set(pageRefs(before).map((r) => r.toString()));
  const lists = new Map<string, PDFArray | undefined>();
  for (const ref of pageRefs(before)) {
    const annots = before.context.lookup(ref, PDFDict).get(name('Annots'));
    if (annots instanceof PDFRef) lists.set(annots.toString(), resolveArray(before, annots));
  }
  const acroFormValue = before.catalog.get(name('AcroForm'));
  const oldForm = resolveDict(before, acroFormValue);
  const fields = oldForm?.get(name('Fields'));
  if (fields instanceof PDFRef) lists.set(fields.toString(), resolveArray(before, fields));

  const disallowed: string[] = [];
  for (const [ref, current] of after.context.enumerateIndirectObjects()) {
    const old = before.context.lookup(ref);
    // The form dictionary is compared below, wherever it lives now.
    if (!old || ref === acroFormValue || sameObject(old, current)) continue;
    const key = ref.toString();
    let allowed = false;
    if (old instanceof PDFDict && current instanceof PDFDict) {
      if (ref === catalogRef) allowed = dictChangeAllowed(before, after, old, current, ['/AcroForm', '/DSS'], []);
      else if (pages.has(key)) allowed = dictChangeAllowed(before, after, old, current, [], ['/Annots']);
    } else if (lists.has(key) && current instanceof PDFArray) {
      allowed = onlyGainedSignatures(after, lists.get(key), current);
    }
    if (!allowed) disallowed.push(`${describe(old)} ${key}`);
  }
  const newForm = resolveDict(after, after.catalog.get(name('AcroForm')));
  const formAllowed = oldForm
    ? !!newForm && dictChangeAllowed(before, after, oldForm, newForm, ACROFORM_FREE, ['/Fields'])
    : !newForm || onlyGainedSignatures(after, undefined, resolveArray(after, newForm.get(name('Fields'))));
  if (!formAllowed) disallowed.push('AcroForm');
  return { disallowed };
}

function describe(object: PDFObject): string {
  if (object instanceof PDFDict || object instanceof PDFRawStream) {
    const dict = object instanceof PDFDict ? object : object.dict;
    const type = dict.get(name('Type'));
    const subtype = dict.get(name('Subtype'));
    return [type, subtype].filter(Boolean).join('') || (object instanceof PDFRawStream ? 'stream' : 'dictionary');
  }
  return object instanceof PDFArray ? 'array' : 'object';
}
