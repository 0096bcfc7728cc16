// Opening a PDF for an incremental update without parsing all of it. A signature's update
// needs a handful of objects (catalog, AcroForm, the page tree down to the signed page, that
// page's content and resources when a stamp looks for free room); a 50 MB scan is mostly one
// image stream that pdf-lib's full parse copies and scans for nothing. So the cross-reference
// chain is read from the file's tail, as a viewer reads it, and each object is parsed where
// its entry points the first time something looks it up.
//
// Only classic tables are read this way. Anything else takes pdf-lib's full parse, chosen
// here and reported as `path: 'full'` with the reason: a cross-reference stream (objects may
// sit in object streams), a hybrid file (/XRefStm), an encrypted file, a table whose entries
// do not point at the objects they name, a chain that loops.
import { PDFContext, PDFDict, PDFDocument, PDFName, PDFNumber, PDFObjectParser, PDFRef, type PDFObject } from 'pdf-lib';
import { loadPdf, notAPdf } from './pdfFile.ts';

export type UpdatePath = 'xref' | 'full';

export interface OpenedForUpdate {
  doc: PDFDocument;
  path: UpdatePath;
  /** Why the full parse was taken. */
  reason?: string;
  /** Objects parsed from the file so far (the fast path only): what the update touched. */
  loaded?: () => number;
}

/** The fast path cannot read this file; the caller parses it whole instead. */
export class NeedsFullParse extends Error {}

interface Entry {
  offset: number;
  generation: number;
}

const latin1 = new TextDecoder('latin1');
const ascii = (bytes: Uint8Array, from: number, to: number) => latin1.decode(bytes.subarray(from, Math.min(to, bytes.length)));
const view = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function parseAt(bytes: Uint8Array, at: number, context: PDFContext): PDFObject {
  try {
    return PDFObjectParser.forBytes(bytes.subarray(at), context).parseObject();
  } catch (e) {
    throw new NeedsFullParse(`object at ${at}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

function startxref(bytes: Uint8Array): number {
  const tail = ascii(bytes, Math.max(0, bytes.length - 2048), bytes.length);
  const match = [...tail.matchAll(/startxref\s+(\d+)/g)].at(-1);
  if (!match) throw new NeedsFullParse('no startxref');
  return Number(match[1]);
}

/**
 * Reads the classic table at `offset` into `entries` (entries already there, from later
 * sections, win) and returns its trailer.
 */
function readTable(bytes: Uint8Array, offset: number, entries: Map<number, Entry | null>): PDFDict {
  if (!/^\s*xref\s/.test(ascii(bytes, offset, offset + 16))) throw new NeedsFullParse('cross-reference stream');
  const trailerAt = view(bytes).indexOf('trailer', offset, 'latin1');
  if (trailerAt < 0) throw new NeedsFullParse('table without trailer');
  const tokens = ascii(bytes, offset, trailerAt).trim().split(/\s+/).slice(1);
  const number = (token: string | undefined) => (token !== undefined && /^\d+$/.test(token) ? Number(token) : NaN);
  for (let i = 0; i < tokens.length;) {
    const first = number(tokens[i]);
    const count = number(tokens[i + 1]);
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(count) || i + 2 + 3 * count > tokens.length) {
      throw new NeedsFullParse(`damaged table at ${offset}`);
    }
    i += 2;
    for (let n = first; n < first + count; n++, i += 3) {
      const [at, generation, kind] = [number(tokens[i]), number(tokens[i + 1]), tokens[i + 2]];
      if (!Number.isSafeInteger(at) || !Number.isSafeInteger(generation) || (kind !== 'n' && kind !== 'f')) {
        throw new NeedsFullParse(`damaged table entry for object ${n}`);
      }
      if (!entries.has(n)) entries.set(n, kind === 'n' ? { offset: at, generation } : null);
    }
  }
  const trailer = parseAt(bytes, trailerAt + 'trailer'.length, PDFContext.create());
  if (!(trailer instanceof PDFDict)) throw new NeedsFullParse('trailer is not a dictionary');
  if (trailer.has(PDFName.of('XRefStm'))) throw new NeedsFullParse('hybrid file (/XRefStm)');
  return trailer;
}

/** `N G obj` at the entry's offset, naming the object the entry is for: where its body starts. */
function bodyStart(bytes: Uint8Array, n: number, entry: Entry): number {
  const header = /^\s*(\d+)\s+(\d+)\s+obj/.exec(ascii(bytes, entry.offset, entry.offset + 40));
  if (!header || Number(header[1]) !== n || Number(header[2]) !== entry.generation) {
    throw new NeedsFullParse(`the table's entry for object ${n} points elsewhere`);
  }
  return entry.offset + header[0].length;
}

/** The context's object map, filled from the file as it is looked up. */
class ObjectsOnDemand extends Map<PDFRef, PDFObject> {
  private load: ((ref: PDFRef) => PDFObject | undefined) | undefined;
  parsed = 0;

  setLoader(load: (ref: PDFRef) => PDFObject | undefined): void {
    this.load = load;
  }

  override get(ref: PDFRef): PDFObject | undefined {
    const known = super.get(ref);
    if (known !== undefined || super.has(ref) || !this.load) return known;
    const loaded = this.load(ref);
    if (loaded !== undefined) {
      this.parsed++;
      super.set(ref, loaded);
    }
    return loaded;
  }

  override has(ref: PDFRef): boolean {
    return this.get(ref) !== undefined;
  }
}

type DocumentConstructor = new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;

/** The fast path: the latest revision as the cross-reference chain gives it, read on demand. */
export function openFromTail(bytes: Uint8Array): OpenedForUpdate {
  if (ascii(bytes, 0, 1024).indexOf('%PDF-') < 0) throw new NeedsFullParse('no %PDF header');
  const entries = new Map<number, Entry | null>();
  let last: PDFDict | undefined;
  const seen = new Set<number>();
  for (let offset: number | undefined = startxref(bytes); offset !== undefined;) {
    if (seen.has(offset) || offset >= bytes.length) throw new NeedsFullParse('cross-reference chain loops or points past the end');
    seen.add(offset);
    const section = readTable(bytes, offset, entries);
    last ??= section;
    const prev = section.get(PDFName.of('Prev'));
    offset = prev instanceof PDFNumber ? prev.asNumber() : undefined;
  }
  if (!last) throw new NeedsFullParse('no cross-reference section');
  const trailer = last;
  if (trailer.has(PDFName.of('Encrypt'))) throw new NeedsFullParse('encrypted');
  // Every entry is checked now, not when looked up, so a damaged table is found before any
  // object is read: a header check per object, a few milliseconds even for thousands.
  const starts = new Map<number, number>();
  for (const [n, entry] of entries) if (entry && n > 0) starts.set(n, bodyStart(bytes, n, entry));

  const context = PDFContext.create();
  const objects = new ObjectsOnDemand();
  objects.setLoader((ref) => {
    const entry = entries.get(ref.objectNumber);
    const start = starts.get(ref.objectNumber);
    if (!entry || start === undefined || entry.generation !== ref.generationNumber) return undefined;
    return parseAt(bytes, start, context);
  });
  (context as unknown as { indirectObjects: Map<PDFRef, PDFObject> }).indirectObjects = objects;
  const get = (key: string) => trailer.get(PDFName.of(key));
  const root = get('Root');
  if (!(root instanceof PDFRef) || !(context.lookup(root) instanceof PDFDict)) throw new NeedsFullParse('no document catalog');
  context.trailerInfo = { Root: root, Info: get('Info'), ID: get('ID') };
  // pdf-lib builds a document from a context only inside load() and create(); the constructor
  // itself takes the context we filled.
  const doc = new (PDFDocument as unknown as DocumentConstructor)(context, true, false);
  return { doc, path: 'xref', loaded: () => objects.parsed };
}

/** The fast path when it can read the file, else pdf-lib's full parse (with its errors). */
export async function openForUpdate(bytes: Uint8Array): Promise<OpenedForUpdate> {
  try {
    return openFromTail(bytes);
  } catch (e) {
    if (!(e instanceof NeedsFullParse)) throw e;
    return fullParse(bytes, e.message);
  }
}

export async function fullParse(bytes: Uint8Array, reason: string): Promise<OpenedForUpdate> {
  return { doc: await loadPdf(bytes), path: 'full', reason };
}

/** The page count as sign() will see it; an object the tail reader cannot parse falls back too. */
export async function pageCount(bytes: Uint8Array): Promise<number> {
  const opened = await openForUpdate(bytes);
  try {
    return opened.doc.getPageCount();
  } catch (e) {
    if (!(e instanceof NeedsFullParse)) throw e;
  }
  const { doc } = await fullParse(bytes, 'an object did not parse');
  try {
    return doc.getPageCount();
  } catch (e) {
    throw notAPdf(`page tree: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}
