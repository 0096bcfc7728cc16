// What the officer reads off a certificate: holder and organisation (Vietnamese names as
// UTF8String, kept intact), validity, key usage.
import * as asn1js from 'asn1js';
import { X509Certificate } from 'node:crypto';
import type { SignatureAlgorithm } from './signer.ts';
import { pkijs } from './crypto.ts';
import { toArrayBuffer } from './cms.ts';

const KEY_USAGE = '2.5.29.15';

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

export function nameAttribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
  const found = name.typesAndValues.find((tv) => tv.type === oid);
  if (!found) return null;
  const value = found.value as asn1js.BaseStringBlock | undefined;
  return value?.valueBlock && 'value' in value.valueBlock ? String(value.valueBlock.value).normalize('NFC') : null;
}

export const commonName = (certificate: pkijs.Certificate) => nameAttribute(certificate.subject, '2.5.4.3');
export const organisation = (certificate: pkijs.Certificate) => nameAttribute(certificate.subject, '2.5.4.10');

export type KeyUsageBit = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign';
const BITS: KeyUsageBit[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'];

/** The key usages the certificate allows; null when it has no keyUsage extension (any use). */
export function keyUsage(certificate: pkijs.Certificate): Set<KeyUsageBit> | null {
  const extension = certificate.extensions?.find((e) => e.extnID === KEY_USAGE);
  if (!extension) return null;
  const bits = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result as asn1js.BitString;
  const bytes = bits.valueBlock.valueHexView;
  return new Set(BITS.filter((_, i) => ((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0));
}

export function validAt(certificate: pkijs.Certificate, at: Date): boolean {
  return certificate.notBefore.value.getTime() <= at.getTime() && at.getTime() <= certificate.notAfter.value.getTime();
}

export type CertificateKey = { kind: 'rsa'; bits: number } | { kind: 'ec'; curve: string };

/** What a certificate list shows, and the key that decides how a token signs. */
export interface CertificateDescription {
  subject: string;
  organisation: string | null;
  issuer: string;
  /** Hex, upper case. */
  serialNumber: string;
  validFrom: Date;
  validTo: Date;
  key: CertificateKey;
  /** Null when the desk cannot sign with this key (an EC curve other than P-256). */
  algorithm: SignatureAlgorithm | null;
}

export function describeCertificate(der: Uint8Array): CertificateDescription {
  const certificate = parseCertificate(der);
  // PKI.js reads the names as UTF-8 (node:crypto would escape them); node:crypto knows the key.
  const details = new X509Certificate(der).publicKey.asymmetricKeyDetails ?? {};
  const key: CertificateKey = details.namedCurve ? { kind: 'ec', curve: details.namedCurve } : { kind: 'rsa', bits: details.modulusLength ?? 0 };
  return {
    subject: commonName(certificate) ?? '',
    organisation: organisation(certificate),
    issuer: nameAttribute(certificate.issuer, '2.5.4.3') ?? '',
    serialNumber: Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex').toUpperCase(),
    validFrom: certificate.notBefore.value,
    validTo: certificate.notAfter.value,
    key,
    algorithm: key.kind === 'rsa' ? 'rsa-pkcs1-sha256' : key.curve === 'prime256v1' ? 'ecdsa-p256-sha256' : null,
  };
}
