// A desk data key and the keys derived from it. One random 256-bit secret per key id (kid);
// records, files and the blind search index each use their own derived key, so no two uses
// ever share a key. Synchronous on purpose: the Dexie middleware runs inside IndexedDB
// transactions, which close if it awaits anything that is not an IndexedDB request.
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

export interface DataKey {
  kid: string;
  /** AES-256-GCM key for record payloads and file chunks. */
  encryption: Uint8Array;
  /**
   * HMAC-SHA-256 keyed for the blind index tokens, its key schedule done once: a dossier has
   * about fifty tokens, and redoing it per token was most of the cost of sealing one.
   */
  index: ReturnType<typeof hmac.create>;
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

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Marks index entries that are tokens, so a plain prefix query (codes) never meets one. */
export const TOKEN_MARK = '~';

/**
 * The blind index token of one search term under one key: `~kid.` and 64 bits of
 * HMAC(kind:value). 64 bits keep the index small; the rare collision is filtered out
 * after decryption, where every hit is checked against the real fields.
 */
export function blindToken(key: DataKey, kind: string, value: string): string {
  const mac = key.index
    .clone()
    .update(utf8.encode(`${kind}:${value}`))
    .digest();
  return `${TOKEN_MARK}${key.kid}.${base64Url(mac.subarray(0, 8))}`;
}
