import { ulid } from 'ulid';
import type { StoredFile } from './schema.ts';
import type { Protection } from './protection/protection.ts';

/** Hex SHA-256 of bytes, through WebCrypto. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A file ready to store: its bytes sealed with the desk's key (before the transaction: sealing
 * is asynchronous), with the plain bytes' hash and size, which the province checks.
 */
export async function storedFile(
  protection: Protection,
  bytes: Uint8Array,
  fields: Omit<StoredFile, 'id' | 'sha256' | 'size' | 'blob'>,
  type: string,
): Promise<StoredFile> {
  return {
    id: ulid(),
    ...fields,
    sha256: await sha256Hex(bytes),
    size: bytes.length,
    blob: await protection.sealBlob(new Blob([bytes as BlobPart], { type })),
  };
}

export function pdfFile(protection: Protection, bytes: Uint8Array, fields: Omit<StoredFile, 'id' | 'sha256' | 'size' | 'blob'>): Promise<StoredFile> {
  return storedFile(protection, bytes, fields, 'application/pdf');
}
