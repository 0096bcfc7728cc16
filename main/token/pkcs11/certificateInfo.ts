// What the certificate list shows: holder and issuer names (Vietnamese, read as
// UTF-8 through PKI.js, which node:crypto's printable subject would escape), validity
// and the key kind that decides the signing mechanism.
import { X509Certificate } from 'node:crypto';
import { pkijs } from '../../signing/crypto.ts';
import type { SignatureAlgorithm } from '../../signing/signer.ts';

const COMMON_NAME = '2.5.4.3';

export type CertificateKey = { kind: 'rsa'; bits: number } | { kind: 'ec'; curve: string };

export interface CertificateInfo {
  subjectCommonName: string;
  issuerCommonName: string;
  validFrom: Date;
  validTo: Date;
  key: CertificateKey;
  /** Null when the desk cannot sign with this key (an EC curve other than P-256). */
  algorithm: SignatureAlgorithm | null;
}

function commonName(name: pkijs.RelativeDistinguishedNames): string {
  const attribute = name.typesAndValues.find((t) => t.type === COMMON_NAME);
  const value = attribute?.value as { valueBlock?: { value?: unknown } } | undefined;
  return typeof value?.valueBlock?.value === 'string' ? value.valueBlock.value.normalize('NFC') : '';
}

export function describeCertificate(der: Uint8Array): CertificateInfo {
  const parsed = pkijs.Certificate.fromBER(new Uint8Array(der));
  const details = new X509Certificate(der).publicKey.asymmetricKeyDetails ?? {};
  const key: CertificateKey = details.namedCurve
    ? { kind: 'ec', curve: details.namedCurve }
    : { kind: 'rsa', bits: details.modulusLength ?? 0 };
  const algorithm: SignatureAlgorithm | null =
    key.kind === 'rsa' ? 'rsa-pkcs1-sha256' : key.curve === 'prime256v1' ? 'ecdsa-p256-sha256' : null;
  return {
    subjectCommonName: commonName(parsed.subject),
    issuerCommonName: commonName(parsed.issuer),
    validFrom: parsed.notBefore.value,
    validTo: parsed.notAfter.value,
    key,
    algorithm,
  };
}
