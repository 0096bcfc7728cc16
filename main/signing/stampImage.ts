// The signer's signature image and the office seal, checked before any token is touched: the
// decree asks for transparent PNGs (NĐ 30/2020 Phụ lục I, II.7(d) and II.8(a)); a JPEG is taken
// too, as offices often have only a scan of the seal. Sizes are the desk's limits.
import sharp, { type Metadata } from 'sharp';
import { DeskError } from '#domain/errors.ts';

export const MAX_STAMP_IMAGE_BYTES = 1024 * 1024;
/** Pixels per side: a 4.5 cm seal scanned at 600 dpi is about 1,060 px. */
export const MAX_STAMP_IMAGE_SIDE = 4000;
export const MIN_STAMP_IMAGE_SIDE = 16;

export type StampImageKind = 'signer' | 'seal';

const what = (kind: StampImageKind) => (kind === 'seal' ? { vi: 'Ảnh con dấu', en: 'The seal image' } : { vi: 'Ảnh chữ ký', en: 'The signature image' });

/** Refuses what is not a PNG or JPEG of a sensible size, naming the image in both languages. */
export async function checkStampImage(bytes: Uint8Array, kind: StampImageKind): Promise<'png' | 'jpeg'> {
  const name = what(kind);
  if (bytes.length > MAX_STAMP_IMAGE_BYTES) {
    throw new DeskError('signing.stamp-image-too-large', {
      vi: `${name.vi} quá lớn: ${Math.ceil(bytes.length / 1024)} KB (tối đa ${MAX_STAMP_IMAGE_BYTES / 1024} KB).`,
      en: `${name.en} is too large: ${Math.ceil(bytes.length / 1024)} KB (at most ${MAX_STAMP_IMAGE_BYTES / 1024} KB).`,
    });
  }
  let meta: Metadata | undefined;
  try {
    meta = await sharp(bytes, { limitInputPixels: MAX_STAMP_IMAGE_SIDE * MAX_STAMP_IMAGE_SIDE }).metadata();
  } catch {
    meta = undefined;
  }
  const format = meta?.format === 'png' ? 'png' : meta?.format === 'jpeg' ? 'jpeg' : null;
  if (!meta || !format) {
    throw new DeskError('signing.bad-stamp-image', {
      vi: `${name.vi} không phải tệp PNG hay JPEG hợp lệ (nên dùng PNG nền trong suốt).`,
      en: `${name.en} is not a valid PNG or JPEG file (a transparent PNG is best).`,
    });
  }
  const { width = 0, height = 0 } = meta;
  if (Math.max(width, height) > MAX_STAMP_IMAGE_SIDE || Math.min(width, height) < MIN_STAMP_IMAGE_SIDE) {
    throw new DeskError('signing.stamp-image-size', {
      vi: `${name.vi} có kích thước ${width} × ${height} điểm ảnh: cần từ ${MIN_STAMP_IMAGE_SIDE} đến ${MAX_STAMP_IMAGE_SIDE} điểm ảnh mỗi chiều.`,
      en: `${name.en} is ${width} × ${height} pixels: each side must be ${MIN_STAMP_IMAGE_SIDE} to ${MAX_STAMP_IMAGE_SIDE} pixels.`,
    });
  }
  return format;
}
