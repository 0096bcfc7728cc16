// What the officer reads off a certificate: holder and organisation (Vietnamese names as
// UTF8String, kept intact), validity, key usage.
import * as asn1js from 'asn1js';
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

/** The lines a certificate list shows. */
export interface CertificateDescription {
  subject: string;
  organisation: string | null;
  issuer: string;
  validFrom: Date;
  validTo: Date;
}

export function describeCertificate(der: Uint8Array): CertificateDescription {
  const certificate = parseCertificate(der);
  return {
    subject: commonName(certificate) ?? '',
    organisation: organisation(certificate),
    issuer: nameAttribute(certificate.issuer, '2.5.4.3') ?? '',
    validFrom: certificate.notBefore.value,
    validTo: certificate.notAfter.value,
  };
}
