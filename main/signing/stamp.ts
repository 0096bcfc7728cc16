// The visible signature of NĐ 30/2020 Phụ lục I: the signer image (blue, transparent PNG)
// centred, the organisation's red seal overlapping about the left third of it, and below them
// the organisation name and the signing time in ISO 8601 at +07:00, Times New Roman 10 black
// (Tinos has its metrics). Drawn as the widget's normal appearance, a form XObject.
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont, PDFImage, PDFRef } from 'pdf-lib';
import { toDeskIso } from '#domain/deskTime.ts';
import { DeskError } from '#domain/errors.ts';
import { formFontFiles } from '../pdf/fonts.ts';

/** A rectangle in PDF points, in the page's user space (origin bottom-left). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface VisibleStamp {
  /** Zero-based page index. */
  page: number;
  rect: Rect;
  organisation: string;
  /** Blue signature image, PNG with transparency. */
  signerImage?: Uint8Array;
  /** Red seal image, PNG with transparency. */
  sealImage?: Uint8Array;
}

const FONT_SIZE = 10;
const LINE = 12;
const PAD = 2;
/** The signature is drawn smaller than the seal, as a hand signature is beside a stamp. */
const SIGNER_TO_SEAL = 0.6;

const fmt = (n: number) => Number(n.toFixed(3)).toString();

function wrap(text: string, font: PDFFont, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, FONT_SIZE) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

interface Placed {
  image: PDFImage;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

function placeImages(signer: PDFImage | undefined, seal: PDFImage | undefined, region: Rect): Placed[] {
  const cx = region.x + region.width / 2;
  const cy = region.y + region.height / 2;
  const at = (image: PDFImage, name: string, x: number, width: number, height: number): Placed => ({ image, name, x, y: cy - height / 2, width, height });
  const fit = (image: PDFImage, height: number) => {
    const scale = Math.min(height / image.height, region.width / image.width);
    return { width: image.width * scale, height: image.height * scale };
  };
  if (signer && seal) {
    let s = { width: (region.height * SIGNER_TO_SEAL * signer.width) / signer.height, height: region.height * SIGNER_TO_SEAL };
    let c = { width: (region.height * seal.width) / seal.height, height: region.height };
    // The seal's right edge sits a third of the way into the centred signer image; shrink both
    // until the seal's left edge stays inside the rectangle.
    const scale = Math.min(1, region.width / 2 / (s.width / 6 + c.width), region.width / s.width);
    s = { width: s.width * scale, height: s.height * scale };
    c = { width: c.width * scale, height: c.height * scale };
    const signerX = cx - s.width / 2;
    return [at(signer, 'Sig', signerX, s.width, s.height), at(seal, 'Seal', signerX + s.width / 3 - c.width, c.width, c.height)];
  }
  const only = signer ?? seal;
  if (!only) return [];
  const size = fit(only, region.height);
  return [at(only, signer ? 'Sig' : 'Seal', cx - size.width / 2, size.width, size.height)];
}

async function embedPng(doc: PDFDocument, bytes: Uint8Array | undefined, what: string): Promise<PDFImage | undefined> {
  if (!bytes) return undefined;
  try {
    return await doc.embedPng(bytes);
  } catch {
    throw new DeskError('signing.bad-stamp-image', {
      vi: `Ảnh ${what === 'seal' ? 'con dấu' : 'chữ ký'} không phải tệp PNG hợp lệ.`,
      en: `The ${what} image is not a valid PNG file.`,
    });
  }
}

/** Registers the stamp's appearance XObject (and its font and images) in `doc`. */
export async function drawStamp(doc: PDFDocument, stamp: VisibleStamp, signingTime: Date): Promise<PDFRef> {
  const { width, height } = stamp.rect;
  if (!(width > 0 && height > 0)) {
    throw new DeskError('signing.bad-stamp-rect', {
      vi: 'Vùng đặt chữ ký phải có chiều rộng và chiều cao.',
      en: 'The stamp rectangle needs a width and a height.',
    });
  }
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont((await formFontFiles()).regular, { subset: true });
  const lines = [...wrap(stamp.organisation.normalize('NFC'), font, width - 2 * PAD), toDeskIso(signingTime)];
  const ops: string[] = [];

  const textHeight = lines.length * LINE + PAD;
  const [signer, seal] = await Promise.all([embedPng(doc, stamp.signerImage, 'signer'), embedPng(doc, stamp.sealImage, 'seal')]);
  const region = { x: PAD, y: textHeight + PAD, width: width - 2 * PAD, height: height - textHeight - 2 * PAD };
  const placed = region.height > 0 ? placeImages(signer, seal, region) : [];
  for (const p of placed) ops.push(`q ${fmt(p.width)} 0 0 ${fmt(p.height)} ${fmt(p.x)} ${fmt(p.y)} cm /${p.name} Do Q`);

  // Text-only stamps sit their lines in the middle; with images the text goes under them.
  const top = placed.length ? textHeight : Math.min(height, (height + lines.length * LINE) / 2);
  lines.forEach((line, i) => {
    const x = Math.max(PAD, (width - font.widthOfTextAtSize(line, FONT_SIZE)) / 2);
    const baseline = top - (i + 1) * LINE + 3;
    ops.push(`BT /F1 ${FONT_SIZE} Tf 0 g ${fmt(x)} ${fmt(baseline)} Td ${font.encodeText(line).toString()} Tj ET`);
  });

  await font.embed();
  for (const p of placed) await p.image.embed();
  const xObjects = Object.fromEntries(placed.map((p) => [p.name, p.image.ref]));
  const appearance = doc.context.flateStream(ops.join('\n'), {
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, width, height],
    Resources: { Font: { F1: font.ref }, ...(placed.length ? { XObject: xObjects } : {}) },
  });
  return doc.context.register(appearance);
}

/** An empty appearance for an invisible signature: some viewers expect /AP on every widget. */
export function emptyAppearance(doc: PDFDocument): PDFRef {
  return doc.context.register(doc.context.stream('', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 0, 0] }));
}
