// Test fixtures for the signing tests: a Signer over a WebCrypto private key (what a token
// does, minus the token), a shared development PKI, sample stamp images and the command-line
// tools that check signatures from outside.
import { createPrivateKey, constants, privateEncrypt, randomBytes } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { subtle } from './crypto.ts';
import { DevAuthority, toPem, type Issued, type KeyKind, type Name } from './devPki.ts';
import type { Signer } from './signer.ts';

const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** A Signer over a key pair that DevAuthority issued. */
export async function keySigner(issued: Issued, chain: readonly Uint8Array[] = [], label = 'Khóa thử nghiệm'): Promise<Signer> {
  const jwk = await subtle.exportKey('jwk', issued.keyPair.privateKey);
  if (jwk.kty === 'EC') {
    // WebCrypto signs messages, never a digest made already: noble signs it as a token would.
    const d = Buffer.from(jwk.d!, 'base64url');
    return {
      label,
      certificate: issued.certificate,
      chain,
      algorithm: 'ecdsa-p256-sha256',
      signDigest: async (digest) => p256.sign(digest, d, { prehash: false, format: 'der' }),
    };
  }
  const key = createPrivateKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  return {
    label,
    certificate: issued.certificate,
    chain,
    algorithm: 'rsa-pkcs1-sha256',
    signDigest: async (digest) => new Uint8Array(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, digest]))),
  };
}

export const OFFICER: Name = { commonName: 'Nguyễn Thị Hương', organization: 'UBND xã Tân Phú', country: 'VN' };
export const LEADER: Name = { commonName: 'Trần Văn Đức', organization: 'UBND xã Tân Phú', country: 'VN' };

export interface TestPki {
  ca: DevAuthority;
  officer: Signer;
  officerEc: Signer;
  leader: Signer;
  tsa: Issued;
  /** A folder holding the CA certificate, as the app's trust folder would. */
  trustDir: string;
  /** An NSS database trusting the CA, for pdfsig. */
  nssDir: string;
}

let pki: Promise<TestPki> | undefined;

/** One PKI per test process: RSA key generation is the slow part of these tests. */
export function testPki(): Promise<TestPki> {
  pki ??= (async () => {
    const ca = await DevAuthority.create({ commonName: 'CA Thử nghiệm Một Cửa', organization: 'Một Cửa Desk', country: 'VN' });
    const [officer, officerEc, leader, tsa] = await Promise.all([
      ca.issue(OFFICER),
      ca.issue(OFFICER, { keyKind: 'ecdsa' }),
      ca.issue(LEADER),
      ca.issue({ commonName: 'TSA Thử nghiệm', organization: 'Một Cửa Desk', country: 'VN' }, { purpose: 'tsa', keyKind: 'ecdsa' }),
    ]);
    const trustDir = tempDir('trust-');
    writeFileSync(join(trustDir, 'ca.pem'), toPem(ca.certificate));
    const nssDir = tempDir('nss-');
    execFileSync('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'ca', '-t', 'CT,C,C', '-i', join(trustDir, 'ca.pem')]);
    return {
      ca,
      officer: await keySigner(officer),
      officerEc: await keySigner(officerEc),
      leader: await keySigner(leader),
      tsa,
      trustDir,
      nssDir,
    };
  })();
  return pki;
}

export async function issueSigner(ca: DevAuthority, name: Name, options: { keyKind?: KeyKind; notBefore?: Date; notAfter?: Date } = {}): Promise<Signer> {
  return keySigner(await ca.issue(name, options));
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `desk-signing-${prefix}`));
}

/** A two-page PDF as pdf-lib writes it; object streams unless told otherwise. */
export async function samplePdf(useObjectStreams = true): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (const text of ['Giay bien nhan', 'Trang 2']) doc.addPage([420, 595]).drawText(text, { x: 40, y: 540, size: 14, font });
  return doc.save({ useObjectStreams });
}

/** One page carrying an uncompressible RGB image of about `mb` megabytes, as a colour scan would. */
export async function scanOfSize(mb: number, useObjectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const side = Math.round(Math.sqrt((mb * 1024 * 1024) / 3));
  const image = doc.context.register(
    doc.context.stream(randomBytes(side * side * 3), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: side,
      Height: side,
      ColorSpace: 'DeviceRGB',
      BitsPerComponent: 8,
    }),
  );
  doc.addPage([595, 842]).node.newXObject('Im', image);
  return doc.save({ useObjectStreams });
}

/** The same document rewritten by qpdf: by default a classic cross-reference table, as scanners write. */
export async function qpdfPdf(args: string[] = ['--object-streams=disable']): Promise<Uint8Array> {
  const dir = tempDir('qpdf-');
  writeFileSync(join(dir, 'in.pdf'), await samplePdf());
  execFileSync('qpdf', [...args, join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
  return new Uint8Array(readFileSync(join(dir, 'out.pdf')));
}

/** The document redrawn by cairo (pdftocairo): another producer's object layout and xref table. */
export async function cairoPdf(): Promise<Uint8Array> {
  const dir = tempDir('cairo-');
  writeFileSync(join(dir, 'in.pdf'), await samplePdf());
  execFileSync('pdftocairo', ['-pdf', join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
  return new Uint8Array(readFileSync(join(dir, 'out.pdf')));
}

/** A blue squiggle on a transparent background, as a scanned signature would be. */
export function signerPng(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120"><path d="M10 90 C 60 10, 90 10, 120 70 S 200 120, 290 30" stroke="#1030c0" stroke-width="8" fill="none"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A red ring seal on a transparent background. */
export function sealPng(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><circle cx="100" cy="100" r="90" stroke="#d01010" stroke-width="10" fill="none"/><circle cx="100" cy="100" r="20" fill="#d01010"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export interface PdfsigResult {
  output: string;
  signatures: string[];
}

/** pdfsig exits 0 even on a digest mismatch: callers read the text. */
export function pdfsig(pdf: Uint8Array, nssDir?: string): PdfsigResult {
  const dir = tempDir('pdfsig-');
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  const args = nssDir ? ['-nssdir', `sql:${nssDir}`, file] : [file];
  const run = spawnSync('pdfsig', args, { encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`;
  return { output, signatures: output.split(/^Signature #\d+:$/m).slice(1) };
}

export function qpdfCheck(pdf: Uint8Array): string {
  const dir = tempDir('check-');
  writeFileSync(join(dir, 'doc.pdf'), pdf);
  const run = spawnSync('qpdf', ['--check', join(dir, 'doc.pdf')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`qpdf --check failed (${run.status}):\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

export interface SignatureParts {
  byteRange: [number, number, number, number];
  /** The CMS (or timestamp token) without the placeholder's zero padding. */
  der: Uint8Array;
  /** The bytes the ByteRange covers, concatenated. */
  signed: Uint8Array;
}

/** Every signature's parts, found the way an outside tool would: by scanning for /ByteRange. */
export function signatureParts(pdf: Uint8Array): SignatureParts[] {
  const text = Buffer.from(pdf).toString('latin1');
  return [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((m) => {
    const [a, b, c, d] = m.slice(1, 5).map(Number) as [number, number, number, number];
    const hex = text.slice(b + 1, c - 1);
    const raw = Buffer.from(hex, 'hex');
    // DER length of the outer SEQUENCE (long form), to drop the zero padding.
    const lengthBytes = raw[1]! & 0x7f;
    const length = raw[1]! < 0x80 ? raw[1]! : raw.subarray(2, 2 + lengthBytes).reduce((n, byte) => n * 256 + byte, 0);
    const der = new Uint8Array(raw.subarray(0, (raw[1]! < 0x80 ? 2 : 2 + lengthBytes) + length));
    const signed = new Uint8Array(Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]));
    return { byteRange: [a, b, c, d], der, signed };
  });
}

/** `openssl cms -verify` on the detached content: an independent check of the CMS itself. */
export function opensslCmsVerify(parts: SignatureParts): { ok: boolean; output: string } {
  const dir = tempDir('cms-');
  writeFileSync(join(dir, 'sig.der'), parts.der);
  writeFileSync(join(dir, 'ranges.bin'), parts.signed);
  const run = spawnSync(
    'openssl',
    ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'sig.der'), '-content', join(dir, 'ranges.bin'), '-noverify', '-out', '/dev/null'],
    { encoding: 'utf8' },
  );
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

/** `openssl ts -verify` of a timestamp token over `data`, trusting the CA in `trustDir`. */
export function opensslTsVerify(token: Uint8Array, data: Uint8Array, trustDir: string): { ok: boolean; output: string } {
  const dir = tempDir('ts-');
  writeFileSync(join(dir, 'token.der'), token);
  writeFileSync(join(dir, 'data.bin'), data);
  const run = spawnSync(
    'openssl',
    ['ts', '-verify', '-token_in', '-in', join(dir, 'token.der'), '-data', join(dir, 'data.bin'), '-CAfile', join(trustDir, 'ca.pem')],
    { encoding: 'utf8' },
  );
  return { ok: run.status === 0 && /Verification: OK/.test(run.stdout), output: `${run.stdout}${run.stderr}` };
}
