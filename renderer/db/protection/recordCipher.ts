// Authenticated encryption of a record's personal fields: AES-256-GCM with a random 96-bit
// nonce; the table, primary key, key id and the record's clear fields are associated data, so
// a sealed payload copied onto another record (or another table), or a clear field edited on
// disk, fails to open instead of showing someone else's data.
import { gcm } from '@noble/ciphers/aes.js';

const VERSION = 1;
const NONCE_BYTES = 12;
const utf8 = new TextEncoder();

export function recordAad(table: string, primaryKey: string, kid: string, clear: string): Uint8Array {
  return utf8.encode(`${table}\u0000${primaryKey}\u0000${kid}\u0000${clear}`);
}

export function sealBytes(key: Uint8Array, plain: Uint8Array, aad: Uint8Array): Uint8Array {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const sealed = gcm(key, nonce, aad).encrypt(plain);
  const out = new Uint8Array(1 + NONCE_BYTES + sealed.length);
  out[0] = VERSION;
  out.set(nonce, 1);
  out.set(sealed, 1 + NONCE_BYTES);
  return out;
}

/** Throws on any change to the bytes, the associated data or the key. */
export function openBytes(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
  if (sealed.length < 1 + NONCE_BYTES + 16 || sealed[0] !== VERSION) throw new Error('sealed payload malformed');
  return gcm(key, sealed.subarray(1, 1 + NONCE_BYTES), aad).decrypt(sealed.subarray(1 + NONCE_BYTES));
}
