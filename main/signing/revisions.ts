// What the revisions appended after a signature changed, each change named and judged against
// what the signature permits (ISO 32000-2 §12.8.2, DocMDP and FieldMDP):
//   always         document timestamps, validation data (DSS);
//   P ≥ 2          further signatures, filling in form fields the signature does not lock, metadata;
//   P = 3          annotations, including ones whose appearance is drawn over the page;
//   never          page content, resources, the page tree, the catalog (OpenAction, Names…),
//                  the form's structure, and any other redefinition of what the signed
//                  revision showed.
// Roles come from the signed revision: which objects are its pages, annotations and fields,
// and which objects each of them reaches (a page's content and resources, a widget's
// appearance, a field's value). An object reached several ways may change only if every way
// allows it: a font a widget's appearance shares with page 1 is page 1's font.
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import type { Bilingual } from '#domain/errors.ts';
import type { LaterRevisions } from './laterRevisions.ts';
import type { ChangeKind, DocMdpLevel, RevisionChange } from '#preload/wire/signing.ts';

export interface Permissions {
  /** DocMDP P: 1 no changes, 2 form filling and signing, 3 also annotations. */
  p: DocMdpLevel;
  /** Whether a FieldMDP lock of the signature covers this fully qualified field name. */
  locked(field: string): boolean;
}

export function allowedAt(kind: ChangeKind, p: DocMdpLevel): boolean {
  switch (kind) {
    case 'document-timestamp':
    case 'dss':
      return true;
    case 'signature':
    case 'form-fill':
    case 'metadata':
      return p >= 2;
    case 'annotation':
    case 'overlay':
      return p === 3;
    default:
      return false;
  }
}

interface FieldNode {
  ref: PDFRef;
  name: string;
  signature: boolean;
  /** A signature field that already held a signature value in the signed revision. */
  signed: boolean;
}

interface AnnotationNode {
  ref: PDFRef;
  page: number;
  subtype: string;
  widget: boolean;
  /** The field a widget belongs to; null for other annotations (and stray widgets). */
  field: FieldNode | null;
}

type Origin =
  | { role: 'content'; kind: ChangeKind; page: number | null; label: string }
  | { role: 'appearance'; annotation: AnnotationNode }
  | { role: 'field-value'; field: FieldNode }
  | { role: 'signature-value'; field: FieldNode }
  | { role: 'dss' }
  | { role: 'metadata' };

const name = (n: string) => PDFName.of(n);
const t = (vi: string, en: string): Bilingual => ({ vi, en });
const keyName = (key: PDFName) => key.decodeText();
const nameOf = (value: PDFObject | undefined) => (value instanceof PDFName ? value.decodeText() : '');
const onPage = (page: number | null) => (page === null ? t('', '') : t(` trên trang ${page + 1}`, ` on page ${page + 1}`));

function text(value: PDFObject | undefined): string {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : '';
}

function resolve(doc: PDFDocument, value: PDFObject | undefined): PDFObject | undefined {
  return value instanceof PDFRef ? doc.context.lookup(value) : value;
}

function resolveDict(doc: PDFDocument, value: PDFObject | undefined): PDFDict | undefined {
  const resolved = resolve(doc, value);
  return resolved instanceof PDFDict ? resolved : undefined;
}

function resolveArray(doc: PDFDocument, value: PDFObject | undefined): PDFArray | undefined {
  const resolved = resolve(doc, value);
  return resolved instanceof PDFArray ? resolved : undefined;
}

/** Keys whose values differ between two dictionaries. */
function changedKeys(was: PDFDict, now: PDFDict): string[] {
  const keys = new Set([...was.keys(), ...now.keys()].map(keyName));
  return [...keys].filter((key) => String(was.get(name(key))) !== String(now.get(name(key))));
}

/** A drawn appearance on a non-empty rectangle, neither Hidden nor NoView. */
function drawsSomething(doc: PDFDocument, annotation: PDFDict): boolean {
  const appearance = resolveDict(doc, annotation.get(name('AP')));
  const rect = resolveArray(doc, annotation.get(name('Rect')))
    ?.asArray()
    .map((v) => (v instanceof PDFNumber ? v.asNumber() : NaN));
  const flags = resolve(doc, annotation.get(name('F')));
  const hidden = flags instanceof PDFNumber && (flags.asNumber() & (2 | 32)) !== 0;
  const area = rect?.length === 4 && Math.abs((rect[2]! - rect[0]!) * (rect[3]! - rect[1]!)) > 0;
  return !!appearance?.get(name('N')) && !!area && !hidden;
}

function isDocTimestamp(doc: PDFDocument, value: PDFDict): boolean {
  return resolve(doc, value.get(name('Type'))) === name('DocTimeStamp') || resolve(doc, value.get(name('SubFilter'))) === name('ETSI.RFC3161');
}

/** The pages, annotations and fields of the signed revision, and what each of them reaches. */
class SignedStructure {
  readonly catalog: PDFRef | undefined;
  readonly pageNodes = new Set<PDFRef>();
  readonly pages = new Map<PDFRef, number>();
  readonly annotArrays = new Map<PDFRef, number>();
  readonly annotations = new Map<PDFRef, AnnotationNode>();
  readonly fieldArrays = new Map<PDFRef, 'fields' | 'kids'>();
  readonly fields = new Map<PDFRef, FieldNode>();
  readonly acroForm: PDFRef | undefined;
  readonly roles = new Map<PDFRef, Map<string, Origin>>();
  private readonly visited = new Map<string, Set<PDFRef>>();
  /** Pages, annotations and fields the signed revision names but does not define: defining them later adds them. */
  private readonly dangling: { ref: PDFRef; origin: Origin }[] = [];

  constructor(private readonly doc: PDFDocument) {
    const root = doc.context.trailerInfo.Root;
    this.catalog = root instanceof PDFRef ? root : undefined;
    const catalog = resolveDict(doc, root);
    if (!catalog) return;
    this.walkPages(catalog.get(name('Pages')), 0);
    for (const [ref, index] of this.pages) this.collectAnnotations(ref, index);
    const form = catalog.get(name('AcroForm'));
    this.acroForm = form instanceof PDFRef ? form : undefined;
    const fields = resolveDict(doc, form)?.get(name('Fields'));
    if (fields instanceof PDFRef) this.fieldArrays.set(fields, 'fields');
    for (const field of resolveArray(doc, fields)?.asArray() ?? []) this.walkField(field, '', undefined, 0);
    for (const annotation of this.annotations.values()) annotation.field = annotation.widget ? this.fieldOf(annotation.ref) : null;
    this.markOrigins(catalog, form);
  }

  isStructural(ref: PDFRef): boolean {
    return (
      ref === this.catalog ||
      ref === this.acroForm ||
      this.pageNodes.has(ref) ||
      this.pages.has(ref) ||
      this.annotArrays.has(ref) ||
      this.annotations.has(ref) ||
      this.fieldArrays.has(ref) ||
      this.fields.has(ref)
    );
  }

  private walkPages(value: PDFObject | undefined, depth: number): void {
    if (!(value instanceof PDFRef) || depth > 64 || this.pageNodes.has(value) || this.pages.has(value)) return;
    const node = this.doc.context.lookup(value);
    if (!(node instanceof PDFDict)) {
      this.dangling.push({ ref: value, origin: { role: 'content', kind: 'page-tree', page: null, label: 'Kids' } });
      return;
    }
    const kids = node.get(name('Kids'));
    const list = resolveArray(this.doc, kids);
    if (!list) {
      this.pages.set(value, this.pages.size);
      return;
    }
    this.pageNodes.add(value);
    if (kids instanceof PDFRef) this.pageNodes.add(kids);
    for (const kid of list.asArray()) this.walkPages(kid, depth + 1);
  }

  private collectAnnotations(page: PDFRef, index: number): void {
    const annots = this.doc.context.lookup(page, PDFDict).get(name('Annots'));
    if (annots instanceof PDFRef) this.annotArrays.set(annots, index);
    for (const entry of resolveArray(this.doc, annots)?.asArray() ?? []) {
      const dict = resolveDict(this.doc, entry);
      if (!(entry instanceof PDFRef) || this.annotations.has(entry)) continue;
      if (!dict) {
        this.dangling.push({ ref: entry, origin: { role: 'content', kind: 'annotation', page: index, label: 'Annots' } });
        continue;
      }
      const subtype = nameOf(dict.get(name('Subtype')));
      this.annotations.set(entry, { ref: entry, page: index, subtype, widget: subtype === 'Widget', field: null });
    }
  }

  private walkField(value: PDFObject | undefined, parent: string, inheritedType: PDFObject | undefined, depth: number): void {
    if (!(value instanceof PDFRef) || depth > 32 || this.fields.has(value)) return;
    const dict = resolveDict(this.doc, value);
    if (!dict) {
      this.dangling.push({ ref: value, origin: { role: 'content', kind: 'form', page: null, label: 'Fields' } });
      return;
    }
    const own = text(dict.get(name('T')));
    const fullName = [parent, own].filter(Boolean).join('.');
    const type = dict.get(name('FT')) ?? inheritedType;
    const signature = type === name('Sig');
    this.fields.set(value, { ref: value, name: fullName, signature, signed: signature && !!dict.get(name('V')) });
    const kids = dict.get(name('Kids'));
    if (kids instanceof PDFRef) this.fieldArrays.set(kids, 'kids');
    for (const kid of resolveArray(this.doc, kids)?.asArray() ?? []) this.walkField(kid, fullName, type, depth + 1);
  }

  /** A widget's field: itself when merged, else the nearest field up its /Parent chain. */
  private fieldOf(ref: PDFRef): FieldNode | null {
    let current: PDFObject | undefined = ref;
    for (let depth = 0; current instanceof PDFRef && depth < 32; depth++) {
      const field = this.fields.get(current);
      if (field) return field;
      current = resolveDict(this.doc, current)?.get(name('Parent'));
    }
    return null;
  }

  private markOrigins(catalog: PDFDict, form: PDFObject | undefined): void {
    for (const { ref, origin } of this.dangling) this.mark(ref, origin);
    for (const [key, value] of catalog.entries()) {
      const k = keyName(key);
      if (k === 'Pages' || k === 'AcroForm') continue;
      if (k === 'DSS') this.mark(value, { role: 'dss' });
      else if (k === 'Metadata') this.mark(value, { role: 'metadata' });
      else this.mark(value, { role: 'content', kind: 'catalog', page: null, label: k });
    }
    this.mark(this.doc.context.trailerInfo.Info, { role: 'metadata' });
    for (const node of this.pageNodes) {
      const dict = resolveDict(this.doc, node);
      for (const [key, value] of dict?.entries() ?? []) {
        const k = keyName(key);
        if (k !== 'Kids' && k !== 'Parent') this.mark(value, { role: 'content', kind: k === 'Resources' ? 'resources' : 'page-tree', page: null, label: k });
      }
    }
    for (const [ref, page] of this.pages) {
      for (const [key, value] of this.doc.context.lookup(ref, PDFDict).entries()) {
        const k = keyName(key);
        if (k === 'Parent') continue;
        if (k === 'Annots') {
          // Annotations written inline in the array have no object of their own to compare.
          for (const entry of resolveArray(this.doc, value)?.asArray() ?? [])
            if (!(entry instanceof PDFRef)) this.mark(entry, { role: 'content', kind: 'annotation', page, label: k });
          continue;
        }
        const kind: ChangeKind = k === 'Contents' ? 'page-content' : k === 'Resources' ? 'resources' : 'page';
        this.mark(value, { role: 'content', kind, page, label: k });
      }
    }
    for (const annotation of this.annotations.values()) {
      for (const [key, value] of this.doc.context.lookup(annotation.ref, PDFDict).entries()) {
        const k = keyName(key);
        if (['P', 'Parent', 'Popup', 'IRT', 'V', 'Kids'].includes(k)) continue;
        if (k === 'AP') this.mark(value, { role: 'appearance', annotation });
        else this.mark(value, { role: 'content', kind: annotation.widget ? 'form' : 'annotation', page: annotation.page, label: k });
      }
    }
    for (const field of this.fields.values()) {
      for (const [key, value] of this.doc.context.lookup(field.ref, PDFDict).entries()) {
        const k = keyName(key);
        if (['Kids', 'Parent', 'P', 'AP'].includes(k)) continue;
        if (k === 'V') this.mark(value, field.signature ? { role: 'signature-value', field } : { role: 'field-value', field });
        else this.mark(value, { role: 'content', kind: 'form', page: null, label: k });
      }
    }
    for (const [key, value] of resolveDict(this.doc, form)?.entries() ?? []) {
      const k = keyName(key);
      if (k !== 'Fields') this.mark(value, { role: 'content', kind: 'form', page: null, label: k });
    }
  }

  private originKey(origin: Origin): string {
    switch (origin.role) {
      case 'content':
        return `content:${origin.kind}:${origin.page}`;
      case 'appearance':
        return `appearance:${origin.annotation.ref}`;
      case 'field-value':
      case 'signature-value':
        return `${origin.role}:${origin.field.ref}`;
      default:
        return origin.role;
    }
  }

  /** Gives every object `value` reaches, short of the structure itself, this origin. */
  private mark(value: PDFObject | undefined, origin: Origin): void {
    const key = this.originKey(origin);
    let seen = this.visited.get(key);
    if (!seen) this.visited.set(key, (seen = new Set()));
    const stack: (PDFObject | undefined)[] = [value];
    while (stack.length > 0) {
      const item = stack.pop();
      if (item instanceof PDFRef) {
        if (this.isStructural(item) || seen.has(item)) continue;
        seen.add(item);
        let roles = this.roles.get(item);
        if (!roles) this.roles.set(item, (roles = new Map()));
        if (!roles.has(key)) roles.set(key, origin);
        // A reference the signed revision left dangling is still reached: defining it later changes what is shown.
        stack.push(this.doc.context.lookup(item));
      } else if (item instanceof PDFDict) {
        for (const [, v] of item.entries()) stack.push(v);
      } else if (item instanceof PDFArray) {
        for (const v of item.asArray()) stack.push(v);
      } else if (item instanceof PDFRawStream) {
        stack.push(item.dict);
      }
    }
  }
}

/** Classifies the changes `later` found between the signed revision and the current document. */
export function classifyChanges(before: PDFDocument, after: PDFDocument, later: LaterRevisions, permissions: Permissions): RevisionChange[] {
  const signed = new SignedStructure(before);
  const changes = new Map<string, RevisionChange>();
  const add = (kind: ChangeKind, text: Bilingual, allowed = allowedAt(kind, permissions.p)) => {
    const key = `${kind}|${text.en}`;
    if (!changes.has(key)) changes.set(key, { kind, allowed, text });
  };
  /** Signature fields added after signing, emitted once whether found through /Annots or /Fields. */
  const added = new Map<PDFRef | PDFDict, { field: FieldDescription; page: number | null }>();

  const fill = (field: FieldNode) => {
    const locked = permissions.locked(field.name);
    add(
      'form-fill',
      locked
        ? t(`Điền trường biểu mẫu "${field.name}" mà chữ ký đã khóa`, `Form field "${field.name}", which the signature locks, was filled in`)
        : t(`Điền biểu mẫu: trường "${field.name}"`, `Form filled in: field "${field.name}"`),
      !locked && allowedAt('form-fill', permissions.p),
    );
  };
  const formChanged = (what: Bilingual) => add('form', t(`Cấu trúc biểu mẫu bị thay đổi (${what.vi})`, `The form's structure was changed (${what.en})`));

  /** A signature field that did not exist when signing: a later signature, a timestamp or an empty field. */
  const newSignatureField = (ref: PDFRef | PDFDict, field: FieldDescription, page: number | null) => {
    if ((ref instanceof PDFRef && before.context.lookup(ref)) || (field.valueRef && before.context.lookup(field.valueRef))) {
      formChanged(
        t(`trường chữ ký "${field.name}" dùng lại đối tượng của phiên bản đã ký`, `signature field "${field.name}" reuses an object of the signed revision`),
      );
      return;
    }
    // Found through /Annots (the widget, which knows whether it is drawn) and /Fields (the field): keep what each knows.
    const known = added.get(ref);
    added.set(ref, { field: known?.field.visible ? known.field : field, page: known?.page ?? page });
  };

  const newAnnotation = (entry: PDFObject, page: number) => {
    const dict = resolveDict(after, entry);
    if (!dict) {
      add(
        'page',
        t(
          `Trang ${page + 1} bị thay đổi (một mục không phải chú thích trong /Annots)`,
          `Page ${page + 1} was changed (an entry in /Annots that is not an annotation)`,
        ),
      );
      return;
    }
    const subtype = nameOf(dict.get(name('Subtype'))) || '?';
    if (subtype === 'Widget') {
      const field = describeField(after, dict);
      if (field.signature) newSignatureField(field.ref ?? (entry instanceof PDFRef ? entry : dict), field, page);
      else formChanged(t(`thêm trường "${field.name}"${onPage(page).vi}`, `field "${field.name}" added${onPage(page).en}`));
      return;
    }
    if (drawsSomething(after, dict)) {
      add(
        'overlay',
        t(`Chú thích ${subtype} có hình vẽ phủ lên nội dung trang ${page + 1}`, `A ${subtype} annotation drawn over the content of page ${page + 1}`),
      );
    } else {
      add('annotation', t(`Thêm chú thích ${subtype} vào trang ${page + 1}`, `A ${subtype} annotation added to page ${page + 1}`));
    }
  };

  const annotationList = (page: number, was: PDFArray | undefined, current: PDFArray | undefined) => {
    const old = was?.asArray() ?? [];
    const list = current?.asArray() ?? [];
    const oldKeys = new Set(old.map(String));
    const newKeys = new Set(list.map(String));
    for (const entry of old) {
      if (newKeys.has(String(entry))) continue;
      const node = entry instanceof PDFRef ? signed.annotations.get(entry) : undefined;
      if (node?.widget)
        formChanged(
          t(
            `xóa ô của trường "${node.field?.name ?? '?'}" khỏi trang ${page + 1}`,
            `a widget of field "${node.field?.name ?? '?'}" removed from page ${page + 1}`,
          ),
        );
      else
        add(
          'annotation',
          t(`Xóa chú thích ${node?.subtype ?? ''} khỏi trang ${page + 1}`, `A ${node?.subtype ?? ''} annotation removed from page ${page + 1}`),
        );
    }
    if (!keptInOrder(old, list))
      add('annotation', t(`Thứ tự các chú thích trên trang ${page + 1} bị đổi`, `The annotations on page ${page + 1} were reordered`));
    for (const entry of list) if (!oldKeys.has(String(entry))) newAnnotation(entry, page);
  };

  const fieldList = (was: PDFArray | undefined, current: PDFArray | undefined) => {
    const old = was?.asArray() ?? [];
    const list = current?.asArray() ?? [];
    const oldKeys = new Set(old.map(String));
    const newKeys = new Set(list.map(String));
    if (old.some((entry) => !newKeys.has(String(entry)))) formChanged(t('xóa trường', 'fields removed'));
    if (!keptInOrder(old, list)) formChanged(t('đổi thứ tự trường', 'fields reordered'));
    for (const entry of list) {
      if (oldKeys.has(String(entry))) continue;
      const dict = resolveDict(after, entry);
      const field = dict ? describeField(after, dict) : null;
      if (dict && field?.signature) newSignatureField(entry instanceof PDFRef ? entry : dict, field, pageOf(signed, dict));
      else formChanged(t(`thêm trường "${field?.name ?? '?'}"`, `field "${field?.name ?? '?'}" added`));
    }
  };

  /** A field's own keys, or a widget's: what filling in or signing it may change. */
  const fieldKeys = (field: FieldNode, keys: string[], merged: boolean, current: PDFDict) => {
    const allowed = field.signature ? ['V', 'AP', 'AS'] : merged ? ['V', 'AP', 'AS'] : ['AP', 'AS'];
    const other = keys.filter((k) => !allowed.includes(k));
    if (other.length > 0) formChanged(t(`trường "${field.name}": ${other.join(', ')}`, `field "${field.name}": ${other.join(', ')}`));
    if (other.length === keys.length) return;
    if (!field.signature) return fill(field);
    const value = resolveDict(after, current.get(name('V')));
    if (field.signed || !value) formChanged(t(`chữ ký "${field.name}" bị sửa`, `signature "${field.name}" modified`));
    else newSignatureField(current, describeField(after, current), null);
  };

  const catalogChanged = (was: PDFObject | undefined, current: PDFObject | undefined) => {
    if (!(was instanceof PDFDict) || !(current instanceof PDFDict))
      return add('catalog', t('Danh mục tài liệu bị thay thế', 'The document catalog was replaced'));
    const other: string[] = [];
    for (const key of changedKeys(was, current)) {
      if (key === 'AcroForm') continue;
      if (key === 'DSS') add('dss', t('Thêm dữ liệu kiểm tra chữ ký (DSS)', 'Validation data (DSS) added'));
      else if (['Metadata', 'Extensions', 'Version'].includes(key)) add('metadata', t('Sửa thông tin mô tả tài liệu', 'Document metadata changed'));
      else if (key === 'Pages') add('page-tree', t('Cây trang bị thay thế', 'The page tree was replaced'));
      else other.push(key);
    }
    if (other.length > 0) add('catalog', t(`Danh mục tài liệu bị thay đổi (${other.join(', ')})`, `The document catalog was changed (${other.join(', ')})`));
  };

  const pageChanged = (page: number, was: PDFObject | undefined, current: PDFObject | undefined) => {
    if (!(was instanceof PDFDict) || !(current instanceof PDFDict))
      return add('page-tree', t(`Trang ${page + 1} bị thay thế hoặc xóa`, `Page ${page + 1} was replaced or removed`));
    const other: string[] = [];
    for (const key of changedKeys(was, current)) {
      if (key === 'Annots') annotationList(page, resolveArray(before, was.get(name('Annots'))), resolveArray(after, current.get(name('Annots'))));
      else if (key === 'Contents') add('page-content', t(`Nội dung trang ${page + 1} bị thay đổi`, `The content of page ${page + 1} was changed`));
      else if (key === 'Resources')
        add(
          'resources',
          t(`Tài nguyên của trang ${page + 1} (phông chữ, hình ảnh) bị thay đổi`, `The resources of page ${page + 1} (fonts, images) were changed`),
        );
      else other.push(key);
    }
    if (other.length > 0) add('page', t(`Trang ${page + 1} bị thay đổi (${other.join(', ')})`, `Page ${page + 1} was changed (${other.join(', ')})`));
  };

  const annotationChanged = (node: AnnotationNode, was: PDFObject | undefined, current: PDFObject | undefined) => {
    if (node.widget && !node.field)
      return formChanged(t(`ô không thuộc trường nào trên trang ${node.page + 1}`, `a widget outside the form on page ${node.page + 1}`));
    if (!node.field)
      return add(
        'annotation',
        t(`Chú thích ${node.subtype} trên trang ${node.page + 1} bị sửa`, `A ${node.subtype} annotation on page ${node.page + 1} was modified`),
      );
    if (!(was instanceof PDFDict) || !(current instanceof PDFDict))
      return formChanged(t(`trường "${node.field.name}" bị thay thế`, `field "${node.field.name}" replaced`));
    fieldKeys(node.field, changedKeys(was, current), node.field.ref === node.ref, current);
  };

  const originChanged = (origin: Origin) => {
    switch (origin.role) {
      case 'content': {
        const where = onPage(origin.page);
        const texts: Partial<Record<ChangeKind, Bilingual>> = {
          'page-content': t(`Nội dung trang ${origin.page! + 1} bị thay đổi`, `The content of page ${origin.page! + 1} was changed`),
          resources: t(`Tài nguyên${where.vi} (phông chữ, hình ảnh) bị thay đổi`, `Resources${where.en} (fonts, images) were changed`),
          page: t(`Trang ${origin.page! + 1} bị thay đổi (${origin.label})`, `Page ${origin.page! + 1} was changed (${origin.label})`),
          'page-tree': t(`Cây trang bị thay đổi (${origin.label})`, `The page tree was changed (${origin.label})`),
          catalog: t(`Danh mục tài liệu bị thay đổi (${origin.label})`, `The document catalog was changed (${origin.label})`),
          annotation: t(`Một chú thích${where.vi} bị sửa (${origin.label})`, `An annotation${where.en} was modified (${origin.label})`),
        };
        if (origin.kind === 'form') return formChanged(t(origin.label, origin.label));
        return add(origin.kind, texts[origin.kind]!);
      }
      case 'appearance': {
        const { annotation } = origin;
        if (!annotation.field) {
          if (annotation.widget)
            return formChanged(t(`ô không thuộc trường nào trên trang ${annotation.page + 1}`, `a widget outside the form on page ${annotation.page + 1}`));
          return add(
            'annotation',
            t(
              `Hình của chú thích ${annotation.subtype} trên trang ${annotation.page + 1} bị sửa`,
              `The appearance of a ${annotation.subtype} annotation on page ${annotation.page + 1} was modified`,
            ),
          );
        }
        if (annotation.field.signature)
          return formChanged(t(`hình hiển thị của chữ ký "${annotation.field.name}"`, `the appearance of signature "${annotation.field.name}"`));
        return fill(annotation.field);
      }
      case 'field-value':
        return fill(origin.field);
      case 'signature-value':
        return formChanged(t(`chữ ký "${origin.field.name}" bị sửa`, `signature "${origin.field.name}" modified`));
      case 'dss':
        return add('dss', t('Thêm dữ liệu kiểm tra chữ ký (DSS)', 'Validation data (DSS) added'));
      case 'metadata':
        return add('metadata', t('Sửa thông tin mô tả tài liệu', 'Document metadata changed'));
    }
  };

  for (const [ref, current] of later.changed) {
    const was = before.context.lookup(ref);
    if (ref === signed.acroForm) continue;
    if (ref === signed.catalog) catalogChanged(was, current);
    else if (signed.pageNodes.has(ref))
      add('page-tree', t('Cây trang bị thay đổi (thêm, bớt hoặc đổi thứ tự trang)', 'The page tree was changed (pages added, removed or reordered)'));
    else if (signed.pages.has(ref)) pageChanged(signed.pages.get(ref)!, was, current);
    else if (signed.annotArrays.has(ref))
      annotationList(signed.annotArrays.get(ref)!, was instanceof PDFArray ? was : undefined, current instanceof PDFArray ? current : undefined);
    else if (signed.annotations.has(ref)) annotationChanged(signed.annotations.get(ref)!, was, current);
    else if (signed.fieldArrays.get(ref) === 'fields') fieldList(was instanceof PDFArray ? was : undefined, current instanceof PDFArray ? current : undefined);
    else if (signed.fieldArrays.has(ref)) formChanged(t('các trường con', 'child fields'));
    else if (signed.fields.has(ref)) {
      const field = signed.fields.get(ref)!;
      if (was instanceof PDFDict && current instanceof PDFDict) fieldKeys(field, changedKeys(was, current), true, current);
      else formChanged(t(`trường "${field.name}" bị thay thế`, `field "${field.name}" replaced`));
    } else for (const origin of signed.roles.get(ref)?.values() ?? []) originChanged(origin);
  }

  // The form dictionary, wherever it lives (its own object or inside the catalog).
  const oldForm = resolveDict(before, resolveDict(before, before.context.trailerInfo.Root)?.get(name('AcroForm')));
  const newForm = resolveDict(after, resolveDict(after, later.root)?.get(name('AcroForm')));
  if (oldForm && !newForm) formChanged(t('biểu mẫu bị xóa', 'the form was removed'));
  if (newForm) {
    const other: string[] = [];
    for (const key of oldForm ? changedKeys(oldForm, newForm) : newForm.keys().map(keyName)) {
      if (key === 'Fields') fieldList(resolveArray(before, oldForm?.get(name('Fields'))), resolveArray(after, newForm.get(name('Fields'))));
      else if (key === 'NeedAppearances') add('form-fill', t('Yêu cầu trình xem vẽ lại các trường biểu mẫu', 'Viewers are asked to redraw the form fields'));
      else if (!['SigFlags', 'DR', 'DA'].includes(key)) other.push(key);
    }
    if (other.length > 0) formChanged(t(other.join(', '), other.join(', ')));
  }

  if (String(later.root) !== String(before.context.trailerInfo.Root)) add('catalog', t('Danh mục tài liệu bị thay thế', 'The document catalog was replaced'));
  if (String(later.info) !== String(before.context.trailerInfo.Info)) add('metadata', t('Sửa thông tin mô tả tài liệu', 'Document metadata changed'));

  for (const { field, page } of added.values()) {
    const shownOn = field.visible ? (page ?? pageOf(signed, field.dict ?? undefined)) : null;
    const where = shownOn === null ? t('', '') : t(`, hiển thị trên trang ${shownOn + 1}`, `, shown on page ${shownOn + 1}`);
    if (field.value && field.timestamp) add('document-timestamp', t(`Thêm dấu thời gian tài liệu${where.vi}`, `Document timestamp added${where.en}`));
    else if (field.value) add('signature', t(`Thêm chữ ký "${field.name}"${where.vi}`, `Signature "${field.name}" added${where.en}`));
    else if (field.visible)
      formChanged(t(`thêm ô chữ ký trống "${field.name}" có hình hiển thị`, `empty signature field "${field.name}" added with a visible appearance`));
    else add('signature', t(`Thêm ô chữ ký trống "${field.name}"`, `Empty signature field "${field.name}" added`));
  }
  return [...changes.values()];
}

interface FieldDescription {
  /** The field dictionary (the widget itself when merged) and its object, when it has one. */
  dict: PDFDict | null;
  ref: PDFRef | null;
  name: string;
  signature: boolean;
  /** The signature value dictionary, when signed. */
  value: PDFDict | null;
  valueRef: PDFRef | null;
  timestamp: boolean;
  /** Drawn on its page (for a field found through its widget). */
  visible: boolean;
}

/** A widget's or field's field, found as a viewer does: the widget when it has a name or type, else its /Parent. */
function describeField(doc: PDFDocument, widget: PDFDict): FieldDescription {
  let dict: PDFDict = widget;
  let ref: PDFRef | null = null;
  if (!widget.get(name('T')) && !widget.get(name('FT'))) {
    const parent = widget.get(name('Parent'));
    const parentDict = resolveDict(doc, parent);
    if (parentDict) [dict, ref] = [parentDict, parent instanceof PDFRef ? parent : null];
  }
  const names: string[] = [];
  let type: PDFObject | undefined;
  let node: PDFDict | undefined = dict;
  for (let depth = 0; node && depth < 32; depth++) {
    const own = text(node.get(name('T')));
    if (own) names.unshift(own);
    type ??= node.get(name('FT'));
    node = resolveDict(doc, node.get(name('Parent')));
  }
  const valueEntry = dict.get(name('V'));
  const value = resolveDict(doc, valueEntry) ?? null;
  return {
    dict,
    ref,
    name: names.join('.') || '?',
    signature: type === name('Sig'),
    value,
    valueRef: valueEntry instanceof PDFRef ? valueEntry : null,
    timestamp: !!value && isDocTimestamp(doc, value),
    visible: drawsSomething(doc, widget),
  };
}

/** Entries both lists hold are in the same order in both. */
function keptInOrder(was: PDFObject[], now: PDFObject[]): boolean {
  const inNow = new Set(now.map(String));
  const inWas = new Set(was.map(String));
  const before = was.map(String).filter((k) => inNow.has(k));
  const after = now.map(String).filter((k) => inWas.has(k));
  return before.join() === after.join();
}

/** The page a widget names in /P, in the signed revision's page order. */
function pageOf(signed: SignedStructure, dict: PDFDict | undefined): number | null {
  const page = dict?.get(name('P'));
  return page instanceof PDFRef ? (signed.pages.get(page) ?? null) : null;
}
