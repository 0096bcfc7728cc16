// What the revisions appended after a signed revision define, read the way a viewer reads
// them: through the cross-reference chain from the file's last `startxref` back to the signed
// revision. pdf-lib reads a file front to back instead (the last definition of an object wins),
// so both readings are taken and must agree; where they do not — an entry pointing into the
// signed bytes or at a second copy of an object, an object written without an entry, a chain
// that skips the signed revision — a viewer may show something other than what was compared,
// and that is reported as a problem rather than guessed at.
import {
  decodePDFRawStream,
  PDFContext,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFObjectParser,
  PDFRawStream,
  PDFRef,
  PDFXRefStreamParser,
  type PDFDocument,
  type PDFObject,
} from 'pdf-lib';
import type { Bilingual } from '#domain/errors.ts';
import { lastSection } from './pdfFile.ts';

export interface LaterRevisions {
  /** Incremental updates appended after the signed revision, by their cross-reference sections. */
  count: number;
  /** Objects the current document defines differently from the signed revision; undefined when deleted. */
  changed: Map<PDFRef, PDFObject | undefined>;
  /** The newest trailer's /Root and /Info; the signed revision's own when nothing was appended. */
  root: PDFObject | undefined;
  info: PDFObject | undefined;
  /** Why what a viewer shows may differ from what was compared. */
  problems: Bilingual[];
}

type Entry = { kind: 'free' } | { kind: 'direct'; offset: number; generation: number } | { kind: 'compressed'; stream: number; index: number };

interface Section {
  offset: number;
  entries: Map<number, Entry>;
  trailer: PDFDict;
}

const latin1 = new TextDecoder('latin1');
const ascii = (bytes: Uint8Array, from: number, to: number) => latin1.decode(bytes.subarray(from, Math.min(to, bytes.length)));
const name = (n: string) => PDFName.of(n);
const t = (vi: string, en: string): Bilingual => ({ vi, en });

/** Objects are compared by content: a revision may rewrite an object unchanged. */
export function sameObject(a: PDFObject, b: PDFObject): boolean {
  if (a instanceof PDFRawStream && b instanceof PDFRawStream) {
    return a.dict.toString() === b.dict.toString() && Buffer.from(a.contents).equals(Buffer.from(b.contents));
  }
  return a.toString() === b.toString();
}

function parseObjectAt(bytes: Uint8Array, at: number): PDFObject {
  return PDFObjectParser.forBytes(bytes.subarray(at), PDFContext.create()).parseObject();
}

/** The object whose `n g obj` header starts at `offset`, or an Error saying what is there instead. */
function objectAt(bytes: Uint8Array, offset: number, number: number, generation: number): PDFObject | Error {
  const header = /^(\d+)\s+(\d+)\s+obj\b/.exec(ascii(bytes, offset, offset + 40));
  if (!header || Number(header[1]) !== number || Number(header[2]) !== generation) return new Error('no such object header');
  return parseObjectAt(bytes, offset + header[0].length);
}

function isContainer(object: PDFObject): boolean {
  if (!(object instanceof PDFRawStream)) return false;
  const type = object.dict.get(name('Type'));
  return type === name('ObjStm') || type === name('XRef');
}

function readTable(bytes: Uint8Array, offset: number): Section {
  const trailerAt = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf('trailer', offset, 'latin1');
  if (trailerAt < 0) throw new Error('no trailer');
  const tokens = ascii(bytes, offset, trailerAt).trim().split(/\s+/).slice(1);
  const entries = new Map<number, Entry>();
  const number = (token: string | undefined) => {
    if (!token || !/^\d{1,10}$/.test(token)) throw new Error('malformed cross-reference table');
    return Number(token);
  };
  for (let i = 0; i < tokens.length;) {
    const first = number(tokens[i]);
    const count = number(tokens[i + 1]);
    i += 2;
    if (i + 3 * count > tokens.length) throw new Error('cross-reference subsection too short');
    for (let k = 0; k < count; k++, i += 3) {
      const [where, generation, type] = [number(tokens[i]), number(tokens[i + 1]), tokens[i + 2]];
      if (type !== 'n' && type !== 'f') throw new Error('malformed cross-reference entry');
      if (entries.has(first + k)) throw new Error('object listed twice');
      entries.set(first + k, type === 'f' ? { kind: 'free' } : { kind: 'direct', offset: where, generation });
    }
  }
  const trailer = parseObjectAt(bytes, trailerAt + 'trailer'.length);
  if (!(trailer instanceof PDFDict)) throw new Error('no trailer dictionary');
  return { offset, entries, trailer };
}

function readStream(bytes: Uint8Array, offset: number): Section {
  const header = /^\s*(\d+)\s+(\d+)\s+obj\b/.exec(ascii(bytes, offset, offset + 40));
  if (!header) throw new Error('startxref points nowhere');
  const stream = parseObjectAt(bytes, offset + header[0].length);
  if (!(stream instanceof PDFRawStream) || stream.dict.get(name('Type')) !== name('XRef')) throw new Error('not a cross-reference stream');
  const entries = new Map<number, Entry>();
  for (const entry of PDFXRefStreamParser.forStream(stream).parseIntoContext()) {
    const n = entry.ref.objectNumber;
    if (entries.has(n)) throw new Error('object listed twice');
    // pdf-lib gives a compressed entry's stream number as offset and its index as generation.
    entries.set(
      n,
      entry.deleted
        ? { kind: 'free' }
        : entry.inObjectStream
          ? { kind: 'compressed', stream: entry.offset, index: entry.ref.generationNumber }
          : { kind: 'direct', offset: entry.offset, generation: entry.ref.generationNumber },
    );
  }
  return { offset, entries, trailer: stream.dict };
}

function readSection(bytes: Uint8Array, offset: number): Section {
  return /^\s*xref\s/.test(ascii(bytes, offset, offset + 16)) ? readTable(bytes, offset) : readStream(bytes, offset);
}

/** The offset the last `startxref` after `from` gives, null when there is none. */
function finalStartxref(bytes: Uint8Array, from: number): number | null {
  const tail = ascii(bytes, from, bytes.length);
  const at = tail.lastIndexOf('startxref');
  if (at < 0) return null;
  const match = /^startxref\s+(\d+)/.exec(tail.slice(at, at + 40));
  return match ? Number(match[1]) : NaN;
}

/** Object `index` of object stream `stream`, checked to be object `number`. */
function compressedObject(stream: PDFObject | Error, number: number, index: number): PDFObject | Error {
  if (!(stream instanceof PDFRawStream) || stream.dict.get(name('Type')) !== name('ObjStm')) return new Error('not an object stream');
  const first = stream.dict.get(name('First'));
  const count = stream.dict.get(name('N'));
  if (!(first instanceof PDFNumber) || !(count instanceof PDFNumber) || index >= count.asNumber()) return new Error('object stream index out of range');
  const data = decodePDFRawStream(stream).decode();
  const pairs = ascii(data, 0, first.asNumber()).trim().split(/\s+/).map(Number);
  if (pairs[2 * index] !== number || !Number.isInteger(pairs[2 * index + 1])) return new Error('object stream does not hold that object');
  return parseObjectAt(data, first.asNumber() + pairs[2 * index + 1]!);
}

export function readLaterRevisions(bytes: Uint8Array, end: number, before: PDFDocument, after: PDFDocument): LaterRevisions {
  const problems: Bilingual[] = [];
  const sections: Section[] = [];
  const signedXref = lastSection(bytes.subarray(0, end)).offset;
  let offset = finalStartxref(bytes, end);
  const unreadable = t(
    'Không đọc được bảng tham chiếu chéo của phần thêm vào sau khi ký.',
    'The cross-reference section of a revision added after signing cannot be read.',
  );
  while (offset !== null && offset !== signedXref) {
    const previous = sections.at(-1)?.offset ?? bytes.length;
    if (!Number.isInteger(offset) || offset < end || offset >= previous) {
      problems.push(
        t(
          'Phần thêm vào sau khi ký không nối tiếp phiên bản đã ký (chuỗi tham chiếu chéo trỏ đi nơi khác).',
          'The revisions added after signing do not continue the signed revision (the cross-reference chain points elsewhere).',
        ),
      );
      break;
    }
    let section: Section;
    try {
      section = readSection(bytes, offset);
    } catch {
      problems.push(unreadable);
      break;
    }
    sections.push(section);
    if (section.trailer.has(name('XRefStm')))
      problems.push(
        t('Phần thêm vào sau khi ký dùng bảng tham chiếu lai (/XRefStm).', 'A revision added after signing uses a hybrid cross-reference (/XRefStm).'),
      );
    const prev = section.trailer.get(name('Prev'));
    if (!(prev instanceof PDFNumber)) {
      problems.push(unreadable);
      break;
    }
    offset = prev.asNumber();
  }

  // The newest entry for each object number is the one a viewer uses.
  const entries = new Map<number, Entry>();
  for (const section of sections) for (const [n, entry] of section.entries) if (!entries.has(n)) entries.set(n, entry);
  const signedGeneration = new Map<number, number>();
  for (const [ref] of before.context.enumerateIndirectObjects()) signedGeneration.set(ref.objectNumber, ref.generationNumber);

  const changed = new Map<PDFRef, PDFObject | undefined>();
  const ambiguous: number[] = [];
  const streams = new Map<number, PDFObject | Error>();
  const direct = (n: number): PDFObject | Error => {
    const entry = entries.get(n);
    if (entry?.kind !== 'direct' || entry.offset < end) return new Error('not written after signing');
    try {
      return objectAt(bytes, entry.offset, n, entry.generation);
    } catch (e) {
      return e as Error;
    }
  };
  for (const [n, entry] of entries) {
    if (n === 0) continue;
    if (entry.kind === 'free') {
      const generation = signedGeneration.get(n);
      if (generation !== undefined) changed.set(PDFRef.of(n, generation), undefined);
      continue;
    }
    const generation = entry.kind === 'direct' ? entry.generation : 0;
    let object: PDFObject | Error;
    if (entry.kind === 'direct') object = direct(n);
    else {
      if (!streams.has(entry.stream)) streams.set(entry.stream, direct(entry.stream));
      try {
        object = compressedObject(streams.get(entry.stream)!, n, entry.index);
      } catch (e) {
        object = e as Error;
      }
    }
    const known = signedGeneration.get(n);
    if (object instanceof Error || (known !== undefined && known !== generation)) {
      ambiguous.push(n);
      continue;
    }
    if (isContainer(object)) {
      if (known !== undefined) ambiguous.push(n);
      continue;
    }
    const current = after.context.lookup(PDFRef.of(n, generation));
    if (!current || !sameObject(current, object)) ambiguous.push(n);
  }
  for (const [ref, current] of after.context.enumerateIndirectObjects()) {
    const signed = before.context.lookup(ref);
    if (signed && sameObject(signed, current)) continue;
    changed.set(ref, current);
    const entry = entries.get(ref.objectNumber);
    const listed = entry?.kind === 'direct' ? entry.generation === ref.generationNumber : entry?.kind === 'compressed' && ref.generationNumber === 0;
    if (!listed) ambiguous.push(ref.objectNumber);
  }
  if (ambiguous.length > 0) {
    const list = [...new Set(ambiguous)].sort((a, b) => a - b);
    const shown = list.slice(0, 8).join(', ') + (list.length > 8 ? '…' : '');
    problems.push(
      t(
        `Các đối tượng ${shown} thêm vào sau khi ký được định nghĩa không nhất quán: bảng tham chiếu chéo và nội dung tệp không khớp, trình xem có thể hiển thị khác.`,
        `Object${list.length > 1 ? 's' : ''} ${shown} added after signing ${list.length > 1 ? 'are' : 'is'} defined ambiguously: the cross-reference and the file's content disagree, so a viewer may show something else.`,
      ),
    );
  }

  const newest = sections[0]?.trailer;
  const root = newest ? newest.get(name('Root')) : before.context.trailerInfo.Root;
  const info = newest ? newest.get(name('Info')) : before.context.trailerInfo.Info;
  if (newest && (String(after.context.trailerInfo.Root) !== String(root) || newest.has(name('Encrypt')))) {
    problems.push(t('Phần đuôi (trailer) thêm vào sau khi ký không nhất quán.', 'The trailer added after signing is inconsistent.'));
  }
  return { count: sections.length, changed, root: root, info: info, problems: dedupe(problems) };
}

function dedupe(texts: Bilingual[]): Bilingual[] {
  const seen = new Set<string>();
  return texts.filter((text) => !seen.has(text.en) && !!seen.add(text.en));
}
