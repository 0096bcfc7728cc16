// Works around a subsetting bug in @pdf-lib/fontkit 1.1: the subset's `loca` table is
// written in the short format (offsets halved) whenever it is small, without padding the
// glyphs, so every glyph after one of odd length lands on a wrong offset and renders
// blank. Tinos ships about a third of its glyphs at odd lengths. Padding each glyph of
// the source font to 4 bytes (allowed by the TrueType spec) keeps all subset offsets even.

const TABLE_RECORD = 16;

interface TableRecord {
  tag: string;
  offset: number;
  length: number;
}

function readTables(view: DataView): TableRecord[] {
  const count = view.getUint16(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 12 + i * TABLE_RECORD;
    const tag = String.fromCharCode(...[0, 1, 2, 3].map((k) => view.getUint8(at + k)));
    return { tag, offset: view.getUint32(at + 8), length: view.getUint32(at + 12) };
  });
}

const align4 = (n: number) => (n + 3) & ~3;

function checksum(bytes: Uint8Array): number {
  const padded = new Uint8Array(align4(bytes.length));
  padded.set(bytes);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/** Returns the font unchanged when no glyph needs padding, else a rebuilt copy with a long `loca`. */
export function padGlyphsForSubsetting(font: Uint8Array): Uint8Array {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = readTables(view);
  const find = (tag: string) => {
    const table = tables.find((t) => t.tag === tag);
    if (!table) throw new Error(`font has no ${tag} table`);
    return table;
  };
  const head = find('head');
  const loca = find('loca');
  const glyf = find('glyf');
  const numGlyphs = view.getUint16(find('maxp').offset + 4);
  const longLoca = view.getInt16(head.offset + 50) === 1;
  const offsets = Array.from({ length: numGlyphs + 1 }, (_, i) => (longLoca ? view.getUint32(loca.offset + 4 * i) : view.getUint16(loca.offset + 2 * i) * 2));
  if (offsets.every((o) => o % 2 === 0)) return font;

  const glyphs = offsets.slice(0, -1).map((start, i) => font.subarray(glyf.offset + start, glyf.offset + offsets[i + 1]!));
  const newGlyf = new Uint8Array(glyphs.reduce((n, g) => n + align4(g.length), 0));
  const newLoca = new Uint8Array(4 * (numGlyphs + 1));
  const locaView = new DataView(newLoca.buffer);
  let at = 0;
  glyphs.forEach((glyph, i) => {
    locaView.setUint32(4 * i, at);
    newGlyf.set(glyph, at);
    at += align4(glyph.length);
  });
  locaView.setUint32(4 * numGlyphs, at);

  const newHead = font.slice(head.offset, head.offset + head.length);
  const headView = new DataView(newHead.buffer);
  headView.setUint32(8, 0); // checkSumAdjustment, recomputed below
  headView.setInt16(50, 1); // indexToLocFormat: long

  const contents = tables.map((t) => {
    if (t.tag === 'glyf') return newGlyf;
    if (t.tag === 'loca') return newLoca;
    if (t.tag === 'head') return newHead;
    return font.subarray(t.offset, t.offset + t.length);
  });
  const directorySize = 12 + tables.length * TABLE_RECORD;
  const out = new Uint8Array(contents.reduce((n, c) => n + align4(c.length), directorySize));
  const outView = new DataView(out.buffer);
  out.set(font.subarray(0, 12));
  let offset = directorySize;
  tables.forEach((_, i) => {
    const record = 12 + i * TABLE_RECORD;
    const content = contents[i]!;
    out.set(font.subarray(record, record + 4), record);
    outView.setUint32(record + 4, checksum(content));
    outView.setUint32(record + 8, offset);
    outView.setUint32(record + 12, content.length);
    out.set(content, offset);
    offset += align4(content.length);
  });
  const headOffset = outView.getUint32(12 + tables.indexOf(head) * TABLE_RECORD + 8);
  outView.setUint32(headOffset + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
