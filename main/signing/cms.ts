// CMS SignedData for PAdES (ETSI EN 319 122 CAdES baseline): detached, SHA-256, with the
// signed attributes contentType, messageDigest and signing-certificate-v2. No signing-time:
// PAdES carries the claimed time in the signature dictionary's /M instead.
import * as asn1js from 'asn1js';
import { createHash } from 'node:crypto';
import { pkijs } from './crypto.ts';
import type { Signer } from './signer.ts';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

export const HASH_BY_OID: Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

export const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

/** SigningCertificateV2 { certs { ESSCertIDv2 { certHash, issuerSerial } } }, SHA-256 being the default left out. */
export function signingCertificateV2(certificateDer: Uint8Array): asn1js.Sequence {
  const certificate = pkijs.Certificate.fromBER(toArrayBuffer(certificateDer));
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [certificate.issuer.toSchema()] })] }),
      new asn1js.Integer({ valueHex: certificate.serialNumber.valueBlock.valueHexView.slice().buffer }),
    ],
  });
  const essCertId = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(certificateDer)) }), issuerSerial] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] });
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

export interface SignedDataInput {
  signer: Signer;
  /** Digest of the signed content (the PDF's byte ranges, or a TSTInfo). */
  messageDigest: Uint8Array;
  contentType?: string;
  /** Encapsulated content, for a timestamp token; PAdES signatures are detached. */
  eContent?: Uint8Array;
}

export async function createSignedData(input: SignedDataInput): Promise<pkijs.SignedData> {
  const { signer } = input;
  const contentType = input.contentType ?? OID.data;
  const certificate = pkijs.Certificate.fromBER(toArrayBuffer(signer.certificate));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: contentType })),
      attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: toArrayBuffer(input.messageDigest) })),
      attribute(OID.signingCertificateV2, signingCertificateV2(signer.certificate)),
    ],
  });
  // The signature covers the attributes encoded as a SET, not with their [0] IMPLICIT tag.
  const encoded = new Uint8Array(signedAttrs.toSchema().toBER(false));
  encoded[0] = 0x31;
  const signature = await signer.signDigest(sha256(encoded));

  const rsa = signer.algorithm === 'rsa-pkcs1-sha256';
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier(
      rsa ? { algorithmId: OID.sha256WithRSA, algorithmParams: new asn1js.Null() } : { algorithmId: OID.ecdsaWithSha256 },
    ),
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signature) }),
  });
  return new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: contentType,
      ...(input.eContent ? { eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(input.eContent) }) } : {}),
    }),
    certificates: [signer.certificate, ...signer.chain].map((der) => pkijs.Certificate.fromBER(toArrayBuffer(der))),
    signerInfos: [signerInfo],
  });
}

/** The signature value a signature timestamp is taken over. */
export function signatureValue(signedData: pkijs.SignedData): Uint8Array {
  return new Uint8Array(signedData.signerInfos[0]!.signature.valueBlock.valueHexView);
}

export function addSignatureTimeStamp(signedData: pkijs.SignedData, token: Uint8Array): void {
  const info = signedData.signerInfos[0]!;
  const tokenSchema = asn1js.fromBER(toArrayBuffer(token)).result;
  info.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [attribute(OID.signatureTimeStampToken, tokenSchema)] });
}

export function encodeContentInfo(signedData: pkijs.SignedData): Uint8Array {
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}
