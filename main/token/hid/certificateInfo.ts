// What the officer is shown about the certificate on a token, and which signature
// algorithm its key implies.
import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { SignatureAlgorithm } from '../../signing/signer.ts';
import { tokenErrors } from './errors.ts';

export interface CertificateSummary {
  subjectCommonName: string;
  issuerCommonName: string;
  serialNumber: string;
  /** ISO 8601, UTC. */
  notBefore: string;
  notAfter: string;
}

const COMMON_NAME = '2.5.4.3';

function commonName(name: pkijs.RelativeDistinguishedNames): string {
  // PKI.js decodes UTF8String, BMPString and PrintableString alike; Vietnamese names arrive intact.
  const attribute = name.typesAndValues.find((t) => t.type === COMMON_NAME);
  const value = attribute?.value.valueBlock.value;
  return typeof value === 'string' ? value : '';
}

export function summarizeCertificate(der: Uint8Array): CertificateSummary {
  let certificate: pkijs.Certificate;
  try {
    certificate = pkijs.Certificate.fromBER(new Uint8Array(der));
  } catch {
    throw tokenErrors.malformed('certificate');
  }
  return {
    subjectCommonName: commonName(certificate.subject),
    issuerCommonName: commonName(certificate.issuer),
    serialNumber: Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex').toUpperCase(),
    notBefore: certificate.notBefore.value.toISOString(),
    notAfter: certificate.notAfter.value.toISOString(),
  };
}

export function signatureAlgorithmOf(der: Uint8Array): SignatureAlgorithm {
  let key: X509Certificate['publicKey'];
  try {
    key = new X509Certificate(der).publicKey;
  } catch {
    throw tokenErrors.malformed('certificate');
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' && details.modulusLength === 2048) return 'rsa-pkcs1-sha256';
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') return 'ecdsa-p256-sha256';
  throw tokenErrors.unsupportedKey(`${key.asymmetricKeyType ?? 'unknown'} ${details.modulusLength ?? details.namedCurve ?? ''}`.trim());
}
