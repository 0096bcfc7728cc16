// Small hostile files for the import tests, written byte by byte so that making them costs
// milliseconds: a TIFF whose pages claim gigapixels in a few kilobytes, a PDF of thousands of
// pages. Not used by the app itself.
import { deflateSync } from 'node:zlib';

/**
 * A classic little-endian TIFF with one bilevel page per size, all white. Pages of one size
 * share one deflated strip, so 200 pages of 9000×9000 take about 40 KB.
 */
export function bilevelTiff(sizes: Array<[number, number]>, dpi = 300): Buffer {
  const strips = new Map<string, Buffer>();
  for (const [w, h] of sizes) {
    const key = `${w}x${h}`;
    if (!strips.has(key)) strips.set(key, deflateSync(Buffer.alloc(Math.ceil(w / 8) * h)));
  }
  const ENTRIES = 11;
  const IFD = 2 + ENTRIES * 12 + 4;
  const chunks: Buffer[] = [Buffer.alloc(8)];
  let at = 8;
  const stripAt = new Map<string, number>();
  for (const [key, strip] of strips) {
    stripAt.set(key, at);
    chunks.push(strip);
    at += strip.length;
  }
  const resolution = at;
  const rational = Buffer.alloc(8);
  rational.writeUInt32LE(dpi, 0);
  rational.writeUInt32LE(1, 4);
  chunks.push(rational);
  at += 8;
  const first = at;
  const ifds = Buffer.alloc(sizes.length * IFD);
  sizes.forEach(([w, h], page) => {
    let o = page * IFD;
    ifds.writeUInt16LE(ENTRIES, o);
    o += 2;
    const key = `${w}x${h}`;
    const put = (tag: number, type: 3 | 4 | 5, value: number) => {
      ifds.writeUInt16LE(tag, o);
      ifds.writeUInt16LE(type, o + 2);
      ifds.writeUInt32LE(1, o + 4);
      if (type === 3) ifds.writeUInt16LE(value, o + 8);
      else ifds.writeUInt32LE(value, o + 8);
      o += 12;
    };
    // NewSubfileType page, width, length, 1 bit, deflate, WhiteIsZero, strip, rows, bytes, x/y resolution
    put(254, 4, 2);
    put(256, 4, w);
    put(257, 4, h);
    put(258, 3, 1);
    put(259, 3, 8);
    put(262, 3, 0);
    put(273, 4, stripAt.get(key)!);
    put(278, 4, h);
    put(279, 4, strips.get(key)!.length);
    put(282, 5, resolution);
    put(283, 5, resolution);
    ifds.writeUInt32LE(page === sizes.length - 1 ? 0 : first + (page + 1) * IFD, o);
  });
  chunks.push(ifds);
  chunks[0]!.write('II', 0, 'latin1');
  chunks[0]!.writeUInt16LE(42, 2);
  chunks[0]!.writeUInt32LE(first, 4);
  return Buffer.concat(chunks);
}

/** A valid PDF of `count` empty A4 pages, all in one flat page tree. */
export function manyPagesPdf(count: number): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>'];
  const kids = Array.from({ length: count }, (_, i) => `${i + 3} 0 R`).join(' ');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${count} >>`);
  for (let i = 0; i < count; i++) objects.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>');
  let body = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
