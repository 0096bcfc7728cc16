// Reading a PDF as the signing code needs it: pdf-lib's object model of the latest revision,
// plus what pdf-lib does not keep — where the last cross-reference section starts, whether it
// is a table or a stream, and where each revision of the file ends.
import { ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFObjectParser, PDFRef, PDFContext, PDFStream, type PDFObject } from 'pdf-lib';
import { DeskError } from '#domain/errors.ts';

export interface LastSection {
  /** Offset the last `startxref` gives: the new section's /Prev. */
  offset: number;
  kind: 'table' | 'stream';
  /** /Size of that section's trailer. */
  size: number;
}

const latin1 = new TextDecoder('latin1');
const ascii = (bytes: Uint8Array, from: number, to: number) => latin1.decode(bytes.subarray(from, Math.min(to, bytes.length)));

export function notAPdf(detail: string): DeskError {
  return new DeskError('signing.bad-pdf', {
    vi: `Tệp không phải PDF hợp lệ hoặc đã hỏng (${detail}).`,
    en: `The file is not a valid PDF or is damaged (${detail}).`,
  });
}

export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  if (ascii(bytes, 0, 1024).indexOf('%PDF-') < 0) throw notAPdf('no %PDF header');
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest, ignoreEncryption: true });
  } catch (e) {
    throw notAPdf(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
  if (doc.isEncrypted) {
    throw new DeskError('signing.encrypted-pdf', {
      vi: 'Tệp PDF được mã hóa; không thể ký hoặc kiểm tra chữ ký trên tệp này.',
      en: 'The PDF is encrypted; it cannot be signed or verified here.',
    });
  }
  if (!(doc.context.lookup(doc.context.trailerInfo.Root) instanceof PDFDict)) throw notAPdf('no document catalog');
  return doc;
}

function parseObjectAt(bytes: Uint8Array, at: number): PDFObject {
  return PDFObjectParser.forBytes(bytes.subarray(at), PDFContext.create()).parseObject();
}

export function lastSection(bytes: Uint8Array): LastSection {
  const tail = ascii(bytes, Math.max(0, bytes.length - 2048), bytes.length);
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail) ?? [...tail.matchAll(/startxref\s+(\d+)/g)].at(-1);
  if (!match) throw notAPdf('no startxref');
  const offset = Number(match[1]);
  const head = ascii(bytes, offset, offset + 64);
  let trailer: PDFObject;
  let kind: LastSection['kind'];
  try {
    if (/^\s*xref/.test(head)) {
      kind = 'table';
      const at = ascii(bytes, offset, bytes.length).indexOf('trailer');
      if (at < 0) throw new Error('no trailer');
      trailer = parseObjectAt(bytes, offset + at + 'trailer'.length);
    } else {
      const header = /^\s*\d+\s+\d+\s+obj/.exec(head);
      if (!header) throw new Error('startxref points nowhere');
      kind = 'stream';
      trailer = parseObjectAt(bytes, offset + header[0].length);
    }
  } catch (e) {
    throw notAPdf(`cross-reference: ${e instanceof Error ? e.message : String(e)}`);
  }
  const dict = trailer instanceof PDFStream ? trailer.dict : trailer;
  const size = dict instanceof PDFDict ? dict.get(PDFName.of('Size')) : undefined;
  if (!(size instanceof PDFNumber)) throw notAPdf('trailer without /Size');
  return { offset, kind, size: size.asNumber() };
}

/** Offsets just past each `%%EOF` and its end-of-line: where each revision of the file ends. */
export function revisionEnds(bytes: Uint8Array): number[] {
  const ends: number[] = [];
  const marker = [0x25, 0x25, 0x45, 0x4f, 0x46];
  for (let i = bytes.indexOf(0x25); i >= 0 && i <= bytes.length - marker.length; i = bytes.indexOf(0x25, i + 1)) {
    if (!marker.every((b, k) => bytes[i + k] === b)) continue;
    let end = i + marker.length;
    if (bytes[end] === 0x0d) end++;
    if (bytes[end] === 0x0a) end++;
    ends.push(end);
  }
  return ends;
}

/** Page references in document order, walking /Kids without pdf-lib's page normalisation. */
export function pageRefs(doc: PDFDocument): PDFRef[] {
  const refs: PDFRef[] = [];
  const seen = new Set<string>();
  const walk = (ref: PDFObject | undefined) => {
    if (!(ref instanceof PDFRef) || seen.has(ref.toString())) return;
    seen.add(ref.toString());
    const node = doc.context.lookup(ref);
    if (!(node instanceof PDFDict)) return;
    const kids = node.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) walk(kids.get(i));
    else refs.push(ref);
  };
  walk(doc.catalog.get(PDFName.of('Pages')));
  return refs;
}

export function serialize(object: PDFObject): Uint8Array {
  const out = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(out, 0);
  return out;
}
