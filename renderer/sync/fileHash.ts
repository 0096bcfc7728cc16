// SHA-256 of a Blob read a slice at a time: a 200 MB scan is never in memory whole.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export const HASH_SLICE_BYTES = 4 * 1024 * 1024;

export async function hashBlob(blob: Blob, sliceBytes = HASH_SLICE_BYTES): Promise<string> {
  const hash = sha256.create();
  for (let offset = 0; offset < blob.size; offset += sliceBytes) {
    hash.update(new Uint8Array(await blob.slice(offset, offset + sliceBytes).arrayBuffer()));
  }
  return bytesToHex(hash.digest());
}
