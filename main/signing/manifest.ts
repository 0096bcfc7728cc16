// The dossier's signed manifest: the dossier record and the SHA-256 of every file, as a CMS
// SignedData with the JSON inside (CAdES, attached), so the province can check that what
// arrived is what the officer signed — `openssl cms -verify -inform DER` reads it as it is.
import type { Signer } from './signer.ts';
import { createSignedData, encodeContentInfo, sha256 } from './cms.ts';

export const MANIFEST_FORMAT = 'mot-cua-desk/dossier-manifest/v1';

export interface ManifestFile {
  name: string;
  kind: string;
  specId?: string;
  sha256: string;
  size: number;
}

export interface DossierManifest {
  format: typeof MANIFEST_FORMAT;
  dossier: unknown;
  files: ManifestFile[];
  /** ISO 8601 at +07:00. */
  signedAt: string;
}

/** JSON with sorted keys: the same manifest always gives the same bytes. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function manifestBytes(manifest: DossierManifest): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(canonical(manifest)));
}

/** The file as `parts` in order (a signed file is its original and the signature's revision). */
export function describeFile(parts: readonly Uint8Array[], entry: Omit<ManifestFile, 'sha256' | 'size'>): ManifestFile {
  return { ...entry, sha256: Buffer.from(sha256(...parts)).toString('hex'), size: parts.reduce((n, part) => n + part.length, 0) };
}

export async function signManifest(manifest: DossierManifest, signer: Signer): Promise<Uint8Array> {
  const content = manifestBytes(manifest);
  return encodeContentInfo(await createSignedData({ signer, messageDigest: sha256(content), eContent: content }));
}
