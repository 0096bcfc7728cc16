// A desk data key and the keys derived from it. One random 256-bit secret per key id (kid);
// records, files and the blind search index each use their own derived key, so no two uses
// ever share a key. Synchronous on purpose: the Dexie middleware runs inside IndexedDB
// transactions, which close if it awaits anything that is not an IndexedDB request.
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac, type _HMAC } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

export interface DataKey {
  kid: string;
  /** AES-256-GCM key for record payloads and file chunks. */
  encryption: Uint8Array;
  /**
   * HMAC-SHA-256 keyed for the blind index tokens, its key schedule done once: a dossier has
   * about fifty tokens, and redoing it per token was most of the cost of sealing one.
   */
  index: _HMAC<ReturnType<typeof sha256.create>>;
}

const utf8 = new TextEncoder();

export function deriveDataKey(kid: string, secret: Uint8Array): DataKey {
  const salt = utf8.encode(`mot-cua-desk/${kid}`);
  return {
    kid,
    encryption: hkdf(sha256, secret, salt, utf8.encode('record+file encryption v1'), 32),
    index: hmac.create(sha256, hkdf(sha256, secret, salt, utf8.encode('blind index v1'), 32)),
  };
}

const KID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Short (it is repeated in every search token) and random (two desks never agree by chance). */
export function newKid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => KID_ALPHABET[b % KID_ALPHABET.length]).join('');
}

export function newSecret(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The first 8 bytes as unpadded base64url (11 characters), without btoa's string detour. */
function base64Url8(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < 6; i += 3) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    out += BASE64URL[n >>> 18]! + BASE64URL[(n >>> 12) & 63]! + BASE64URL[(n >>> 6) & 63]! + BASE64URL[n & 63]!;
  }
  const n = (b[6]! << 16) | (b[7]! << 8);
  return out + BASE64URL[n >>> 18]! + BASE64URL[(n >>> 12) & 63]! + BASE64URL[(n >>> 6) & 63]!;
}

let scratch: _HMAC<ReturnType<typeof sha256.create>> | undefined;
const messageBuffer = new Uint8Array(256);
const macBuffer = new Uint8Array(32);

/** Marks index entries that are tokens, so a plain prefix query (codes) never meets one. */
export const TOKEN_MARK = '~';

/**
 * The blind index token of one search term under one key: `~kid.` and 64 bits of
 * HMAC(kind:value). 64 bits keep the index small; the rare collision is filtered out
 * after decryption, where every hit is checked against the real fields.
 */
export function blindToken(key: DataKey, kind: string, value: string): string {
  // A dossier seals about fifty tokens: each reuses one HMAC object and one message buffer
  // instead of allocating a clone, its two hashes and their buffers (2.5× faster in Node).
  const h = (scratch = key.index._cloneInto(scratch));
  const text = `${kind}:${value}`;
  const message = text.length * 3 <= messageBuffer.length ? messageBuffer.subarray(0, utf8.encodeInto(text, messageBuffer).written) : utf8.encode(text);
  h.update(message).digestInto(macBuffer);
  return `${TOKEN_MARK}${key.kid}.${base64Url8(macBuffer)}`;
}
