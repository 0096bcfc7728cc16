// A component PDF written to a file page by page, for batches too large to hold: each page's
// images, content and page object go to disk as soon as the page is added, and only their
// offsets stay in memory; the page tree, the document information, the cross-reference table
// and the trailer follow at close. The same drawing as buildComponentPdf (pdf.ts): every page
// at 100% scale, bilevel pages as one /CCITTFaxDecode image per G4 strip, grey and colour
// pages as /DCTDecode. The file itself (offsets, cross-reference table) is pdfFile.ts's.
import { readJpegInfo, type ProcessedPage } from './compress.ts';
import { PRODUCER, pointsFor, type ComponentPdfMeta } from './pdf.ts';
import { PdfFile, latin1 } from './pdfFile.ts';

const CATALOG = 1;
const PAGES = 2;

/** A number as pdf-lib writes it (so both writers draw alike), never in exponent form, which PDF lacks. */
function num(n: number): string {
  const s = String(n);
  if (!Number.isFinite(n) || s.includes('e')) throw new Error(`not a PDF number: ${n}`);
  return s;
}

/** A text string as UTF-16BE with its byte-order mark, in hex (Vietnamese titles). */
function text(s: string): string {
  const units = s.normalize('NFC');
  let hex = 'FEFF';
  for (let i = 0; i < units.length; i++) hex += units.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/** PDF date D:YYYYMMDDHHmmSS+00'00' (UTC). */
function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `(D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00')`;
}

export class ComponentPdfWriter {
  private readonly pageRefs: number[] = [];
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  /** Pages handed to add() and not yet on disk: what the writer holds at any moment. */
  private held = 0;
  /** The most pages held at once since the writer opened. */
  maxPagesHeld = 0;

  private constructor(
    private readonly file: PdfFile,
    private readonly meta: ComponentPdfMeta,
  ) {}

  static async create(path: string, meta: ComponentPdfMeta): Promise<ComponentPdfWriter> {
    const when = new Date(meta.scannedAt);
    if (Number.isNaN(when.getTime())) throw new Error(`scannedAt is not a date: ${meta.scannedAt}`);
    const file = await PdfFile.create(path);
    // Catalog and page tree first, so they are objects 1 and 2; they are written at close.
    file.reserve();
    file.reserve();
    return new ComponentPdfWriter(file, meta);
  }

  get pages(): number {
    return this.pageRefs.length;
  }

  private reserve(): number {
    return this.file.reserve();
  }

  /** One object, its dictionary and an optional stream, written at the current end of the file. */
  private async object(id: number, dict: string, stream?: Uint8Array): Promise<void> {
    this.file.begin(id);
    if (!stream) return this.file.write(latin1(`${id} 0 obj\n${dict}\nendobj\n`));
    await this.file.write(latin1(`${id} 0 obj\n${dict.slice(0, -2)} /Length ${stream.length} >>\nstream\n`));
    await this.file.write(stream);
    await this.file.write(latin1('\nendstream\nendobj\n'));
  }

  /**
   * Queues the page and writes it after the pages added before it; once this resolves the
   * writer keeps nothing of it but offsets. Pages added without waiting are held until their
   * turn: maxPagesHeld tells how many a caller made it hold.
   */
  add(p: ProcessedPage): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the PDF is already closed'));
    this.held++;
    this.maxPagesHeld = Math.max(this.maxPagesHeld, this.held);
    const written = this.queue.then(() => this.writePage(p)).finally(() => this.held--);
    // A failed page fails its own add(); the pages after it still get their turn.
    this.queue = written.catch(() => undefined);
    return written;
  }

  private async writePage(p: ProcessedPage): Promise<void> {
    if (!(p.dpi > 0)) throw new Error(`page has no resolution (dpi ${p.dpi})`);
    const w = pointsFor(p.width, p.dpi);
    const h = pointsFor(p.height, p.dpi);
    const xobjects: string[] = [];
    let content = '';
    if (p.kind === 'bilevel') {
      const scale = 72 / p.dpi;
      for (const [i, strip] of p.strips.entries()) {
        const id = this.reserve();
        await this.object(
          id,
          `<< /Type /XObject /Subtype /Image /Width ${p.width} /Height ${strip.rows} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns ${p.width} /Rows ${strip.rows} /BlackIs1 ${p.blackIs1} >> >>`,
          strip.data,
        );
        xobjects.push(`/Strip${i} ${id} 0 R`);
        // PDF's origin is bottom-left: strip rows y..y+rows-1 from the top.
        content += `q ${num(w)} 0 0 ${num(strip.rows * scale)} 0 ${num(h - (strip.y + strip.rows) * scale)} cm /Strip${i} Do Q\n`;
      }
    } else {
      // The colour space follows the JPEG's own frame header, never a label.
      const info = readJpegInfo(p.jpeg);
      if (info.width !== p.width || info.height !== p.height) throw new Error(`JPEG is ${info.width}×${info.height}, page says ${p.width}×${p.height}`);
      const space = info.components === 1 ? 'DeviceGray' : info.components === 3 ? 'DeviceRGB' : 'DeviceCMYK';
      const id = this.reserve();
      await this.object(
        id,
        `<< /Type /XObject /Subtype /Image /Width ${p.width} /Height ${p.height} /ColorSpace /${space} /BitsPerComponent 8 /Filter /DCTDecode${info.components === 4 ? ' /Decode [1 0 1 0 1 0 1 0]' : ''} >>`,
        p.jpeg,
      );
      xobjects.push(`/Image ${id} 0 R`);
      content = `q ${num(w)} 0 0 ${num(h)} 0 0 cm /Image Do Q\n`;
    }
    const contentId = this.reserve();
    await this.object(contentId, '<< >>', latin1(content));
    const pageId = this.reserve();
    await this.object(
      pageId,
      `<< /Type /Page /Parent ${PAGES} 0 R /MediaBox [0 0 ${num(w)} ${num(h)}] /Resources << /XObject << ${xobjects.join(' ')} >> >> /Contents ${contentId} 0 R >>`,
    );
    this.pageRefs.push(pageId);
  }

  /** Writes the page tree, the document information and the cross-reference table, and closes the file. */
  async close(): Promise<{ pages: number; bytes: number }> {
    if (this.closed) throw new Error('the PDF is already closed');
    this.closed = true;
    await this.queue;
    try {
      if (this.pageRefs.length === 0) throw new Error('a component PDF needs at least one page');
      const { meta } = this;
      const when = pdfDate(new Date(meta.scannedAt));
      const count = this.pageRefs.length;
      await this.object(PAGES, `<< /Type /Pages /Kids [${this.pageRefs.map((id) => `${id} 0 R`).join(' ')}] /Count ${count} >>`);
      await this.object(CATALOG, `<< /Type /Catalog /Pages ${PAGES} 0 R /Lang (vi-VN) /ViewerPreferences << /DisplayDocTitle true >> >>`);
      const info = this.reserve();
      const keywords = [meta.dossierCode, `${count} trang`, `${count} pages`].filter((k): k is string => !!k).join(' ');
      await this.object(
        info,
        `<< /Title ${text(meta.component)}${meta.dossierCode ? ` /Subject ${text(meta.dossierCode)}` : ''} /Keywords ${text(keywords)} /Producer ${text(PRODUCER)} /Creator ${text(PRODUCER)} /CreationDate ${when} /ModDate ${when} >>`,
      );
      // An object reserved by a page that failed before writing it is listed as free.
      return { pages: count, bytes: await this.file.finish(CATALOG, info) };
    } finally {
      await this.file.close();
    }
  }
}
