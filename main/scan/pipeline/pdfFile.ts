// A PDF file written front to back, object by object: the part the two streamed writers share
// (pdfStream.ts for processed pages, pdfAssemble.ts for stored one-page PDFs). It keeps only
// each object's offset, and writes the classic cross-reference table and the trailer at the
// end. PDF 1.7 (NĐ 30/2020 asks ≥ 1.4).
import { open, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

export const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

export class PdfFile {
  /** Offsets of objects 1…n (index 0 unused); 0 = a number given out but never written. */
  private readonly offsets: number[] = [0];
  private position = 0;

  private constructor(private readonly file: FileHandle) {}

  /** `flags` as fs.open takes them: 'w' replaces a file the caller named, 'wx' makes a new one. */
  static async create(path: string, flags: 'w' | 'wx' = 'w', mode = 0o666): Promise<PdfFile> {
    const pdf = new PdfFile(await open(path, flags, mode));
    // The binary comment tells transfer tools the file is not text.
    await pdf.write(Buffer.concat([latin1('%PDF-1.7\n%'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]), latin1('\n')]));
    return pdf;
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.position;
  }

  /** A number for an object written later. */
  reserve(): number {
    this.offsets.push(0);
    return this.offsets.length - 1;
  }

  /** Object `id` starts at the current end of the file (numbers above the highest so far are taken as they come). */
  begin(id: number): void {
    while (this.offsets.length <= id) this.offsets.push(0);
    this.offsets[id] = this.position;
  }

  async write(bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.length) done += (await this.file.write(bytes, done, bytes.length - done, this.position + done)).bytesWritten;
    this.position += bytes.length;
  }

  /** The cross-reference table and the trailer; returns the file's size. The file stays open: close() it. */
  async finish(root: number, info: number): Promise<number> {
    const xref = this.position;
    // A number given out and never written (a page that failed, a reference to a missing object) is listed as free.
    const rows = this.offsets.slice(1).map((at) => (at === 0 ? '0000000000 00001 f\r\n' : `${String(at).padStart(10, '0')} 00000 n\r\n`));
    const id = randomBytes(16).toString('hex');
    await this.write(
      latin1(
        `xref\n0 ${this.offsets.length}\n0000000000 65535 f\r\n${rows.join('')}trailer\n<< /Size ${this.offsets.length} /Root ${root} 0 R /Info ${info} 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${xref}\n%%EOF\n`,
      ),
    );
    return this.position;
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
