// Files an administrator names (a catalogue, calendar rules) come from Notepad and Excel as
// often as from an editor. Decoding them leniently turns a Windows-1258 ("ANSI") catalogue
// into procedure names full of U+FFFD that still pass every check and get printed on
// receipts; so the bytes must be UTF-8 (a BOM is fine) or UTF-16 with its BOM, and anything
// else is refused saying what it probably is and where it went wrong.

import { DeskError } from '../errors.ts';
import { showInvisible } from './citizenText.ts';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Where TextDecoder gave up: the first byte that does not begin or continue a well-formed UTF-8 sequence (Unicode Table 3-7). */
function firstInvalidUtf8(bytes: Uint8Array): number | null {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return null;
}

/** Byte-order-mark-less UTF-16 shows as ASCII with a zero byte beside nearly every character. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  let zeros = 0;
  for (const b of sample) if (b === 0) zeros += 1;
  return sample.length >= 4 && zeros * 4 >= sample.length;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
}

function refuseUtf16(what: string, label: string, error: unknown): never {
  throw new DeskError('text.badUtf16', {
    vi: `${what}: có BOM ${label} nhưng nội dung không phải ${label} hợp lệ (${(error as Error).message}). Hãy lưu lại dưới dạng UTF-8.`,
    en: `${what}: it starts with a ${label} byte-order mark but is not valid ${label} (${(error as Error).message}). Save it again as UTF-8.`,
  });
}

/**
 * The text of a file the user supplied: UTF-8 (with or without a BOM, which is dropped) or
 * UTF-16 LE/BE with its BOM. `file` names it in messages. Throws DeskError
 * "text.notUtf8" / "text.utf16NoBom" / "text.badUtf16" with the byte offset and a guess.
 */
export function decodeUserText(bytes: Uint8Array, file: string): string {
  const what = showInvisible(file);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    try {
      return new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2));
    } catch (e) {
      refuseUtf16(what, 'UTF-16 LE', e);
    }
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    try {
      return new TextDecoder('utf-16be', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2));
    } catch (e) {
      refuseUtf16(what, 'UTF-16 BE', e);
    }
  }
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(3) : bytes;
  if (looksLikeUtf16(body)) {
    throw new DeskError('text.utf16NoBom', {
      vi: `${what}: có vẻ là UTF-16 không có BOM (nhiều byte 0x00) — hãy lưu lại dưới dạng UTF-8.`,
      en: `${what}: looks like UTF-16 without a byte-order mark (many 0x00 bytes) — save it again as UTF-8.`,
    });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    const at = (firstInvalidUtf8(body) ?? 0) + (body === bytes ? 0 : UTF8_BOM.length);
    const found = hex(bytes.subarray(at, at + 4));
    throw new DeskError('text.notUtf8', {
      vi: `${what}: không phải UTF-8 (byte ${found} ở vị trí ${at}); có vẻ là bảng mã cũ Windows-1258/1252 (ANSI) hoặc TCVN3 — hãy lưu lại dưới dạng UTF-8.`,
      en: `${what}: not UTF-8 (bytes ${found} at offset ${at}); looks like a legacy Windows-1258/1252 (ANSI) or TCVN3 encoding — save it again as UTF-8.`,
    });
  }
}
