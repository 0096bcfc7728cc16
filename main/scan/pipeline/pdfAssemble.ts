// A component's PDF joined from one-page PDFs (scanned or imported, kept as they are) written
// to a file as the pages arrive: each page is parsed, its objects copied and written, and
// then dropped, so only one page is ever parsed and only the objects' offsets stay. The page
// tree, the document information, the cross-reference table and the trailer follow at close,
// through the same file writer as pdfStream.ts's (pdfFile.ts). The document is the one the
// in-memory assembler made with pdf-lib before issue 17: the same objects copied by pdf-lib's
// own copier, the same rotations, Title/Subject/Keywords "pages:N"/Producer/Creator/CreationDate.
import { PDFContext, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObjectCopier, PDFPageLeaf, PDFRef, PDFStream, PDFString, type PDFObject } from 'pdf-lib';
import { DeskError } from '#domain/errors.ts';
import { PRODUCER, type ComponentPdfMeta } from './pdf.ts';
import { PdfFile, latin1 } from './pdfFile.ts';

export type PageRotation = 0 | 90 | 180 | 270;

const CATALOG = 1;
const PAGES = 2;

function bytesOf(object: PDFObject): Buffer {
  const bytes = Buffer.alloc(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return bytes;
}

/**
 * One indirect object as pdf-lib's writer frames it, in parts: a stream's contents (a page's
 * image) are written as they are, not copied into one buffer with the rest.
 */
function serialise(ref: PDFRef, object: PDFObject): Uint8Array[] {
  const head = latin1(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
  const tail = latin1('\nendobj\n\n');
  if (!(object instanceof PDFStream)) return [head, bytesOf(object), tail];
  // What PDFStream.copyBytesInto writes: the dictionary with its /Length, then the contents.
  object.updateDict();
  return [head, bytesOf(object.dict), latin1('\nstream\n'), object.getContents(), latin1('\nendstream'), tail];
}

export function badPage(index: number): DeskError {
  return new DeskError('scan.bad-page', {
    vi: `Trang thứ ${index + 1} không phải tệp PDF đọc được; hãy quét hoặc nhập lại trang đó.`,
    en: `Page ${index + 1} is not a readable PDF; scan or import that page again.`,
  });
}

export class ComponentPdfAssembler {
  private readonly pageRefs: PDFRef[] = [];
  /** Holds the objects of the page being copied, and nothing once it is written. */
  private readonly context = PDFContext.create();
  private closed = false;

  private constructor(
    private readonly file: PdfFile,
    private readonly meta: ComponentPdfMeta,
  ) {
    // Objects 1 and 2 (catalog, page tree) are written at close; copied objects number from 3.
    this.context.largestObjectNumber = PAGES;
  }

  /** A new file at `path` (which must not exist), readable by this user alone. */
  static async create(path: string, meta: ComponentPdfMeta): Promise<ComponentPdfAssembler> {
    if (Number.isNaN(new Date(meta.scannedAt).getTime())) throw new Error(`scannedAt is not a date: ${meta.scannedAt}`);
    return new ComponentPdfAssembler(await PdfFile.create(path, 'wx', 0o600), meta);
  }

  get pages(): number {
    return this.pageRefs.length;
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.file.bytes;
  }

  /**
   * Appends the pages of one page's PDF, turned clockwise by `rotation` on top of their own
   * rotation. `index` is the page's place in the component, for the message when the PDF
   * cannot be read: the renderer hands back what main made, but a compromised one could send
   * anything. Callers wait for each call before the next.
   */
  async add(pdf: Uint8Array, rotation: PageRotation, index: number): Promise<void> {
    if (this.closed) throw new Error('the PDF is already closed');
    let copied: PDFPageLeaf[];
    try {
      const source = await PDFDocument.load(pdf, { updateMetadata: false });
      // One copier per source, as PDFDocument.copyPages: objects shared by its pages are copied once.
      const copier = PDFObjectCopier.for(source.context, this.context);
      copied = source.getPages().map((page) => copier.copy(page.node));
      if (copied.length === 0) throw new Error('a page PDF without a page');
      for (const leaf of copied) {
        const own = leaf.Rotate()?.asNumber() ?? 0;
        if (own % 90 !== 0) throw new Error(`page rotation ${own}`);
        leaf.set(PDFName.of('Rotate'), PDFNumber.of((own + rotation) % 360));
        leaf.set(PDFName.of('Parent'), PDFRef.of(PAGES));
      }
    } catch {
      // Nothing of a refused page reaches the file.
      for (const [ref] of this.context.enumerateIndirectObjects()) this.context.delete(ref);
      throw badPage(index);
    }
    for (const leaf of copied) this.pageRefs.push(this.context.register(leaf));
    await this.flush();
  }

  /** Writes every object the context holds, in number order, and forgets them. */
  private async flush(): Promise<void> {
    const objects = this.context.enumerateIndirectObjects();
    for (const [ref, object] of objects) {
      this.file.begin(ref.objectNumber);
      for (const part of serialise(ref, object)) await this.file.write(part);
      this.context.delete(ref);
    }
  }

  /** Writes the page tree, the document information and the cross-reference table, and closes the file. */
  async close(): Promise<{ pages: number; bytes: number }> {
    if (this.closed) throw new Error('the PDF is already closed');
    this.closed = true;
    try {
      const count = this.pageRefs.length;
      if (count === 0) throw new Error('a component PDF needs at least one page');
      const { context, meta } = this;
      context.assign(PDFRef.of(PAGES), context.obj({ Type: 'Pages', Kids: this.pageRefs, Count: count }));
      context.assign(PDFRef.of(CATALOG), context.obj({ Type: 'Catalog', Pages: PDFRef.of(PAGES) }));
      // The in-memory assembler's ModDate was the time it ran; so is this one's.
      const info = context.register(
        context.obj({
          Title: PDFHexString.fromText(meta.component),
          ...(meta.dossierCode ? { Subject: PDFHexString.fromText(meta.dossierCode) } : {}),
          Keywords: PDFHexString.fromText(`pages:${count}`),
          Producer: PDFHexString.fromText(PRODUCER),
          Creator: PDFHexString.fromText(PRODUCER),
          CreationDate: PDFString.fromDate(new Date(meta.scannedAt)),
          ModDate: PDFString.fromDate(new Date()),
        }),
      );
      await this.flush();
      // A number the copier gave a reference to a missing object is listed as free, as PDF allows.
      return { pages: count, bytes: await this.file.finish(CATALOG, info.objectNumber) };
    } finally {
      await this.file.close();
    }
  }

  /** Closes the file without finishing it (the caller deletes it). */
  async abandon(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.file.close();
  }
}
