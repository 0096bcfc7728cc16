// The visible signature of NĐ 30/2020 Phụ lục I (stamp-content.json says which part of it each
// rule comes from, checked 2026-12-07): the signer's title above and name below the blue signer
// image (II.7(d)), the red seal over about the left third of it (II.8(a)), and the information
// text — organisation and signing time — in Times New Roman black (Tinos has its metrics).
// Drawn as the widget's normal appearance, a form XObject.
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFImage, type PDFRef } from 'pdf-lib';
import sharp from 'sharp';
import { z } from 'zod';
import { toDeskIso } from '#domain/deskTime.ts';
import { DeskError } from '#domain/errors.ts';
import { formFontFiles } from '../pdf/fonts.ts';
import bundled from './stamp-content.json' with { type: 'json' };

/** A rectangle in PDF points, in the page's user space (origin bottom-left). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the stamp shows. The signer's name comes from the certificate, never from the caller. */
export interface StampContent {
  organisation: string;
  signerName: string;
  /** The signer's title (chức vụ), shown above the signature image. */
  title?: string;
  /** Blue signature image, PNG with transparency (or JPEG). */
  signerImage?: Uint8Array;
  /** Red seal image, PNG with transparency (or JPEG). */
  sealImage?: Uint8Array;
}

/** Below 9 pt the stamp is hard to read on a printed A4 page. */
export const MIN_FONT_SIZE = 9;

const line = z.object({ text: z.string().min(1).max(200), bold: z.boolean().optional() });
/** The stamp's wording and sizes: data, because only part of it is fixed by the decree. */
export const stampTemplateSchema = z.object({
  version: z.string().min(1),
  source: z.string().min(1),
  checked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  unconfirmed: z.string().optional(),
  fontSize: z.number().min(MIN_FONT_SIZE).max(14),
  width: z.number().min(120).max(400),
  imageHeight: z.number().min(30).max(150),
  placeholders: z.string().optional(),
  above: z.array(line).max(3),
  below: z.array(line).min(1).max(6),
});
export type StampTemplate = z.infer<typeof stampTemplateSchema>;

export const defaultStampTemplate: StampTemplate = stampTemplateSchema.parse(bundled);

const PAD = 4;
const LEADING = 1.2;
/** The signature is drawn smaller than the seal, as a hand signature is beside a stamp. */
const SIGNER_TO_SEAL = 0.75;

const fmt = (n: number) => Number(n.toFixed(3)).toString();

/** The signing time's placeholders: desk time (Asia/Ho_Chi_Minh, UTC+7), 24-hour clock. */
export function timeValues(signingTime: Date): Record<string, string> {
  const iso = toDeskIso(signingTime);
  return { yyyy: iso.slice(0, 4), MM: iso.slice(5, 7), dd: iso.slice(8, 10), HH: iso.slice(11, 13), mm: iso.slice(14, 16), ss: iso.slice(17, 19), iso };
}

/**
 * The template's lines with the values put in; a line whose placeholders are all empty (no
 * title given) is left out rather than drawn blank.
 */
export function stampLines(template: StampTemplate, content: StampContent, signingTime: Date): { above: Line[]; below: Line[] } {
  const values: Record<string, string> = {
    organisation: content.organisation,
    signer: content.signerName,
    title: content.title ?? '',
    ...timeValues(signingTime),
  };
  const fill = (lines: StampTemplate['above']): Line[] =>
    lines.flatMap((l) => {
      const used = [...l.text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      if (used.length > 0 && used.every((k) => !values[k]?.trim())) return [];
      const text = l.text
        .replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all)
        .normalize('NFC')
        .trim();
      return text ? [{ text, bold: l.bold ?? false }] : [];
    });
  return { above: fill(template.above), below: fill(template.below) };
}

export interface Line {
  text: string;
  bold: boolean;
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(current);
      current = word;
    } else current = candidate;
  }
  if (current) lines.push(current);
  return lines;
}

const PNG = [0x89, 0x50, 0x4e, 0x47];
const JPEG = [0xff, 0xd8, 0xff];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

async function embedImage(doc: PDFDocument, bytes: Uint8Array | undefined, what: 'signer' | 'seal'): Promise<PDFImage | undefined> {
  if (!bytes) return undefined;
  try {
    if (startsWith(bytes, PNG)) return await doc.embedPng(bytes);
    if (startsWith(bytes, JPEG)) return await doc.embedJpg(bytes);
  } catch {
    // Falls through to the same refusal as any other format.
  }
  throw new DeskError('signing.bad-stamp-image', {
    vi: `Ảnh ${what === 'seal' ? 'con dấu' : 'chữ ký'} không phải tệp PNG hay JPEG hợp lệ.`,
    en: `The ${what} image is not a valid PNG or JPEG file.`,
  });
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
  const scale = Math.min(region.height / only.height, region.width / only.width);
  return [at(only, signer ? 'Sig' : 'Seal', cx - (only.width * scale) / 2, only.width * scale, only.height * scale)];
}

/** Below this a resolution is a screen's, not a scanner's: the image's size on paper is unknown. */
const MIN_SCAN_DPI = 150;

/**
 * The seal's height on paper, in points, when its image says the resolution it was scanned at:
 * NĐ 30/2020 Phụ lục I II.8(a) asks for the seal at its actual size. Unknown (or implausible
 * for a seal) leaves the template's image height.
 */
async function actualHeight(bytes: Uint8Array): Promise<number | undefined> {
  const { density, height } = await sharp(bytes)
    .metadata()
    .catch(() => ({ density: undefined, height: undefined }));
  if (!density || density < MIN_SCAN_DPI || !height) return undefined;
  const points = (height / density) * 72;
  return points >= 30 && points <= 150 ? points : undefined;
}

/** A stamp measured and ready to draw: its size is known before a place is chosen for it. */
export interface PreparedStamp {
  width: number;
  height: number;
  /** The text the stamp shows, in reading order: also written as the field's /TU. */
  text: string[];
  /**
   * Draws the appearance into `doc` for a rectangle (user space) at least as large as
   * width × height as seen; on a page shown turned by `rotation` degrees the drawing is turned
   * back, so that the stamp reads upright.
   */
  draw(doc: PDFDocument, rect: Rect, rotation?: number): Promise<PDFRef>;
}

async function embedFonts(doc: PDFDocument): Promise<{ regular: PDFFont; bold: PDFFont }> {
  doc.registerFontkit(fontkit);
  const files = await formFontFiles();
  const [regular, bold] = await Promise.all([doc.embedFont(files.regular, { subset: true }), doc.embedFont(files.bold, { subset: true })]);
  return { regular, bold };
}

/**
 * Measures the stamp (and refuses a bad image) on a scratch document, so that a signature that
 * ends up invisible leaves no unused font or image objects in the signed file.
 */
export async function prepareStamp(content: StampContent, signingTime: Date, template: StampTemplate = defaultStampTemplate): Promise<PreparedStamp> {
  const scratch = await PDFDocument.create();
  const fonts = await embedFonts(scratch);
  const [signerShape, sealShape] = await Promise.all([embedImage(scratch, content.signerImage, 'signer'), embedImage(scratch, content.sealImage, 'seal')]);
  const hasImages = Boolean(content.signerImage ?? content.sealImage);
  const sealPt = content.sealImage ? await actualHeight(content.sealImage) : undefined;
  const imageHeight = sealPt ?? template.imageHeight;
  // Wide enough for the seal at its actual size with the signer image beside it, when known.
  const sealWidth = sealPt && sealShape ? (sealPt * sealShape.width) / sealShape.height : 0;
  const signerWidth = sealPt && signerShape ? (imageHeight * SIGNER_TO_SEAL * signerShape.width) / signerShape.height : 0;
  const width = Math.max(template.width, Math.ceil(2 * PAD + (signerWidth ? 2 * (signerWidth / 6 + sealWidth) : sealWidth)));
  const size = template.fontSize;
  const lead = size * LEADING;
  const { above, below } = stampLines(template, content, signingTime);
  const measure = ({ regular, bold }: { regular: PDFFont; bold: PDFFont }, w: number) => {
    const wrapped = (lines: Line[]) => lines.flatMap((l) => wrap(l.text, l.bold ? bold : regular, size, w - 2 * PAD).map((text) => ({ text, bold: l.bold })));
    const top = wrapped(above);
    const bottom = wrapped(below);
    return { top, bottom, height: 2 * PAD + (top.length + bottom.length) * lead + (hasImages ? imageHeight : 0) };
  };
  const natural = measure(fonts, width);

  return {
    width,
    height: natural.height,
    text: [...natural.top, ...natural.bottom].map((l) => l.text),
    async draw(doc, placed, rotation = 0) {
      const turned = rotation === 90 || rotation === 270;
      // The rectangle as the reader sees it: sideways on a page shown turned a quarter.
      const rect = turned ? { ...placed, width: placed.height, height: placed.width } : placed;
      const { regular, bold } = await embedFonts(doc);
      const { top, bottom, height: needed } = measure({ regular, bold }, rect.width);
      if (!(rect.width >= 2 * PAD + size * 4 && rect.height >= needed - 0.01)) {
        throw new DeskError('signing.stamp-too-small', {
          vi: `Vùng đặt chữ ký quá nhỏ: cần ít nhất ${Math.ceil(width)} × ${Math.ceil(natural.height)} điểm (chữ ${size} pt).`,
          en: `The stamp rectangle is too small: it needs at least ${Math.ceil(width)} × ${Math.ceil(natural.height)} points (${size} pt text).`,
        });
      }
      const [signer, seal] = await Promise.all([embedImage(doc, content.signerImage, 'signer'), embedImage(doc, content.sealImage, 'seal')]);
      const ops: string[] = [];
      // The block is centred vertically in a rectangle taller than it needs.
      let y = rect.height - (rect.height - needed) / 2 - PAD;
      const text = (l: { text: string; bold: boolean }) => {
        const font = l.bold ? bold : regular;
        const x = Math.max(PAD, (rect.width - font.widthOfTextAtSize(l.text, size)) / 2);
        y -= lead;
        const baseline = y + (lead - size) / 2 + size * 0.22;
        ops.push(`BT /${l.bold ? 'F2' : 'F1'} ${fmt(size)} Tf 0 g ${fmt(x)} ${fmt(baseline)} Td ${font.encodeText(l.text).toString()} Tj ET`);
      };
      top.forEach(text);
      const images = hasImages ? placeImages(signer, seal, { x: PAD, y: y - imageHeight, width: rect.width - 2 * PAD, height: imageHeight }) : [];
      if (hasImages) y -= imageHeight;
      for (const p of images) ops.push(`q ${fmt(p.width)} 0 0 ${fmt(p.height)} ${fmt(p.x)} ${fmt(p.y)} cm /${p.name} Do Q`);
      bottom.forEach(text);

      await regular.embed();
      await bold.embed();
      for (const p of images) await p.image.embed();
      // Turned by the page's rotation (counter-clockwise in user space), the viewer's turn undoes it.
      const angle = (rotation * Math.PI) / 180;
      const [cos, sin] = [Math.round(Math.cos(angle)), Math.round(Math.sin(angle))];
      const appearance = doc.context.flateStream(ops.join('\n'), {
        Type: 'XObject',
        Subtype: 'Form',
        BBox: [0, 0, rect.width, rect.height],
        ...(rotation ? { Matrix: [cos, sin, -sin, cos, 0, 0] } : {}),
        Resources: {
          Font: { F1: regular.ref, F2: bold.ref },
          ...(images.length ? { XObject: Object.fromEntries(images.map((p) => [p.name, p.image.ref])) } : {}),
        },
      });
      return doc.context.register(appearance);
    },
  };
}

/** An empty appearance for an invisible signature: some viewers expect /AP on every widget. */
export function emptyAppearance(doc: PDFDocument): PDFRef {
  return doc.context.register(doc.context.stream('', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 0, 0] }));
}
