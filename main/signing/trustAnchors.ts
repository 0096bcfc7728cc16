// Trust anchors are data, not code: the government CA and public CA roots live as certificate
// files in a folder the app ships and the administrator may extend.
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { DeskError } from '#domain/errors.ts';
import { parseCertificate } from './certificateInfo.ts';

const EXTENSIONS = new Set(['.cer', '.crt', '.pem', '.der']);
/** A CA bundle is tens of kilobytes: anything far larger is not a certificate file. */
const MAX_CERTIFICATE_FILE = 1024 * 1024;

export interface TrustAnchors {
  certificates: Uint8Array[];
  /** Files in the folder that could not be read as certificates. */
  skipped: string[];
}

/** The DER certificates in a file as a CA publishes it: PEM (one or several) or DER. */
export function certificatesIn(bytes: Uint8Array): Uint8Array[] {
  const content = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = content.toString('latin1');
  if (!text.includes('-----BEGIN CERTIFICATE-----')) return [new Uint8Array(content)];
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map(
    (m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')),
  );
}

export async function loadTrustAnchors(dir: string): Promise<TrustAnchors> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    throw new DeskError('signing.trust-folder', {
      vi: `Không đọc được thư mục chứng thư gốc tin cậy "${dir}".`,
      en: `Cannot read the trust anchor folder "${dir}".`,
    });
  }
  const certificates: Uint8Array[] = [];
  const skipped: string[] = [];
  for (const name of names.filter((n) => EXTENSIONS.has(extname(n).toLowerCase()))) {
    try {
      // A FIFO or device named *.cer would block or never end: only regular files are read.
      const info = await stat(join(dir, name));
      if (!info.isFile() || info.size > MAX_CERTIFICATE_FILE) throw new Error('not a certificate file');
      const found = certificatesIn(await readFile(join(dir, name)));
      found.forEach(parseCertificate);
      certificates.push(...found);
    } catch {
      skipped.push(name);
    }
  }
  return { certificates, skipped };
}
