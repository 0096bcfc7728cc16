// The reconciliation digest, computed exactly as the province does (tests/provincial/README.md):
// one line "<id> <version> <sorted sha256s comma-joined>\n" per dossier, sorted by id,
// SHA-256 hex of the UTF-8 text.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export interface DigestEntry {
  id: string;
  version: number;
  files: string[];
}

export function dayDigest(entries: DigestEntry[]): string {
  const text = [...entries]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => `${e.id} ${e.version} ${[...e.files].sort().join(',')}\n`)
    .join('');
  return bytesToHex(sha256(utf8ToBytes(text)));
}

export function sameFiles(a: string[], b: string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((h, i) => h === y[i]);
}
