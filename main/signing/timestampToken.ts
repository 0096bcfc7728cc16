// Reading an RFC 3161 timestamp token: its time, what it stamps, whether its CMS signature
// holds and whether the signing certificate is a TSA's. Shared by the TSA client (checking a
// fresh response) and verification (checking a token found in a PDF).
import * as asn1js from 'asn1js';
import { pkijs } from './crypto.ts';
import { HASH_BY_OID, OID, toArrayBuffer } from './cms.ts';
import { createHash } from 'node:crypto';

export const TIME_STAMPING_EKU = '1.3.6.1.5.5.7.3.8';
const EXT_KEY_USAGE = '2.5.29.37';

export interface TokenCheck {
  time: Date;
  imprintMatches: boolean;
  /** The token's own CMS signature over its TSTInfo. */
  signatureValid: boolean;
  tsaCertificate: pkijs.Certificate | null;
  tsaHasTimeStampingEku: boolean;
  certificates: pkijs.Certificate[];
  nonce: bigint | null;
  problem: string | null;
}

export function extendedKeyUsages(certificate: pkijs.Certificate): string[] | null {
  const extension = certificate.extensions?.find((e) => e.extnID === EXT_KEY_USAGE);
  if (!extension) return null;
  const parsed = new pkijs.ExtKeyUsage({ schema: asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result });
  return parsed.keyPurposes;
}

export function integerValue(integer: asn1js.Integer): bigint {
  return BigInt(`0x${Buffer.from(integer.valueBlock.valueHexView).toString('hex') || '0'}`);
}

export function parseToken(token: Uint8Array): { signedData: pkijs.SignedData; tstInfo: pkijs.TSTInfo } {
  const contentInfo = pkijs.ContentInfo.fromBER(toArrayBuffer(token));
  if (contentInfo.contentType !== OID.signedData) throw new Error('timestamp token is not SignedData');
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  if (signedData.encapContentInfo.eContentType !== OID.tstInfo || !signedData.encapContentInfo.eContent) throw new Error('timestamp token has no TSTInfo');
  const tstInfo = pkijs.TSTInfo.fromBER(signedData.encapContentInfo.eContent.getValue());
  return { signedData, tstInfo };
}

/** `stamped` is the data the token should cover (a signature value, or a document's byte ranges). */
export async function inspectToken(token: Uint8Array, stamped: Uint8Array): Promise<TokenCheck> {
  const { signedData, tstInfo } = parseToken(token);
  const hash = HASH_BY_OID[tstInfo.messageImprint.hashAlgorithm.algorithmId];
  const imprint = new Uint8Array(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView);
  const imprintMatches = !!hash && Buffer.from(createHash(hash).update(stamped).digest()).equals(imprint);
  let signatureValid = false;
  let tsaCertificate: pkijs.Certificate | null = null;
  let problem: string | null = null;
  try {
    const result = await signedData.verify({ signer: 0, data: toArrayBuffer(stamped), extendedMode: true, checkChain: false });
    signatureValid = result.signatureVerified === true;
    tsaCertificate = result.signerCertificate ?? null;
  } catch (e) {
    const error = e as pkijs.SignedDataVerifyError;
    tsaCertificate = error.signerCertificate ?? null;
    problem = error.message;
  }
  const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  return {
    time: tstInfo.genTime,
    imprintMatches,
    signatureValid,
    tsaCertificate,
    tsaHasTimeStampingEku: !!tsaCertificate && (extendedKeyUsages(tsaCertificate) ?? []).includes(TIME_STAMPING_EKU),
    certificates,
    nonce: tstInfo.nonce ? integerValue(tstInfo.nonce) : null,
    problem,
  };
}
