// Appends a revision to a PDF without touching a byte of what is already there, so that the
// byte ranges earlier signatures cover stay intact. The new cross-reference section is of the
// same kind as the last one: a reader that follows /Prev from a stream expects a stream.
// Written here rather than taken from @signpdf: its plain placeholder reads classic tables
// only (vbuch/node-signpdf#279) and its pdf-lib placeholder re-saves the whole file, which
// would break the signatures already in it.
import type { PDFContext, PDFObject, PDFRef } from 'pdf-lib';
import { lastSection, serialize } from './pdfFile.ts';

export interface NewObject {
  ref: PDFRef;
  /** The object's serialisation, without the `N G obj` / `endobj` frame. */
  body: Uint8Array;
}

export interface Appended {
  /**
   * What follows the original bytes: the new revision, with the end of line the original may
   * lack. The file is the original then this; the original is neither copied nor changed, so a
   * 50 MB scan is held once.
   */
  update: Uint8Array;
  /** Where each appended object's body starts in the whole file (original, then update), by object number. */
  bodyOffsets: Map<number, number>;
}

const encoder = new TextEncoder();

function trailerEntries(context: PDFContext, size: number, prev: number): string {
  const { Root, Info, ID } = context.trailerInfo;
  const parts = [`/Size ${size}`, `/Root ${(Root as PDFObject).toString()}`];
  if (Info) parts.push(`/Info ${Info.toString()}`);
  if (ID) parts.push(`/ID ${ID.toString()}`);
  parts.push(`/Prev ${prev}`);
  return parts.join(' ');
}

/** Consecutive object numbers grouped as [first, count] runs. */
function runs(numbers: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of numbers) {
    const last = out.at(-1);
    if (last && last[0] + last[1] === n) last[1]++;
    else out.push([n, 1]);
  }
  return out;
}

export function appendRevision(original: Uint8Array, context: PDFContext, objects: NewObject[]): Appended {
  const previous = lastSection(original);
  const chunks: Uint8Array[] = [];
  let length = original.length;
  const push = (chunk: Uint8Array | string) => {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    chunks.push(bytes);
    length += bytes.length;
  };
  const last = original[original.length - 1];
  if (last !== 0x0a && last !== 0x0d) push('\n');

  const offsets = new Map<number, { offset: number; generation: number }>();
  const bodyOffsets = new Map<number, number>();
  for (const { ref, body } of objects) {
    offsets.set(ref.objectNumber, { offset: length, generation: ref.generationNumber });
    push(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    bodyOffsets.set(ref.objectNumber, length);
    push(body);
    push('\nendobj\n');
  }
  const highest = Math.max(previous.size - 1, context.largestObjectNumber, ...offsets.keys());

  const xrefOffset = length;
  if (previous.kind === 'table') {
    const numbers = [...offsets.keys()].sort((a, b) => a - b);
    let table = 'xref\n';
    for (const [first, count] of runs(numbers)) {
      table += `${first} ${count}\n`;
      for (let n = first; n < first + count; n++) {
        const { offset, generation } = offsets.get(n)!;
        table += `${String(offset).padStart(10, '0')} ${String(generation).padStart(5, '0')} n\r\n`;
      }
    }
    push(`${table}trailer\n<< ${trailerEntries(context, highest + 1, previous.offset)} >>\n`);
  } else {
    const xrefNumber = highest + 1;
    offsets.set(xrefNumber, { offset: xrefOffset, generation: 0 });
    const numbers = [...offsets.keys()].sort((a, b) => a - b);
    // Type 1 entries only: 1 byte type, 4 bytes offset, 2 bytes generation.
    const width = xrefOffset > 0xffffffff ? 8 : 4;
    const data = new Uint8Array(numbers.length * (3 + width));
    numbers.forEach((n, i) => {
      const { offset, generation } = offsets.get(n)!;
      const at = i * (3 + width);
      data[at] = 1;
      for (let k = 0; k < width; k++) data[at + 1 + k] = Math.floor(offset / 256 ** (width - 1 - k)) % 256;
      data[at + 1 + width] = generation >> 8;
      data[at + 2 + width] = generation & 0xff;
    });
    const index = runs(numbers).flat().join(' ');
    push(
      `${xrefNumber} 0 obj\n<< /Type /XRef ${trailerEntries(context, xrefNumber + 1, previous.offset)} /W [1 ${width} 2] /Index [${index}] /Length ${data.length} >>\nstream\n`,
    );
    push(data);
    push('\nendstream\nendobj\n');
  }
  push(`startxref\n${xrefOffset}\n%%EOF\n`);

  return { update: joined(chunks), bodyOffsets };
}

/** One buffer of the parts in order: for a caller that needs the file whole (IPC, a test). */
export function joined(parts: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/** Existing objects that changed plus every object created since `baseline`, serialised. */
export function collectObjects(context: PDFContext, baseline: number, changed: Iterable<PDFRef>, skip: Set<number>): NewObject[] {
  const refs = new Map<number, PDFRef>();
  for (const ref of changed) refs.set(ref.objectNumber, ref);
  for (const [ref] of context.enumerateIndirectObjects()) if (ref.objectNumber > baseline) refs.set(ref.objectNumber, ref);
  return [...refs.values()].filter((ref) => !skip.has(ref.objectNumber)).map((ref) => ({ ref, body: serialize(context.lookup(ref)!) }));
}
