// A PIV card client (NIST SP 800-73-4 part 2): the handful of APDUs a desk needs to
// show the signing certificate, check and verify the PIN, and sign a digest with
// the digital-signature key (slot 9C).
import { gunzipSync } from 'node:zlib';
import type { SignatureAlgorithm } from '#main/signing/signer.ts';
import { concat, retriesLeft, SW, transmit, type CommandApdu, type ResponseApdu, type TransmitOptions } from './apdu.ts';
import { tokenErrors } from './errors.ts';
import type { ApduTransport } from './framing.ts';
import { decodeTlvs, encodeTlv, findTlv } from './tlv.ts';

/** The PIV application identifier, truncated as SELECT allows (the version suffix varies). */
export const PIV_AID = new Uint8Array([0xa0, 0x00, 0x00, 0x03, 0x08]);
export const PIV_ALGORITHM = { RSA_2048: 0x07, ECC_P256: 0x11 } as const;
export const PIV_KEY_DIGITAL_SIGNATURE = 0x9c;
export const PIV_OBJECT_DIGITAL_SIGNATURE_CERT = 0x5fc10a;
const PIV_PIN_REFERENCE = 0x80;
const PIN_LENGTH = 8;
const PIN_PAD = 0xff;

const INS = { SELECT: 0xa4, GET_DATA: 0xcb, VERIFY: 0x20, GENERAL_AUTHENTICATE: 0x87 } as const;
const TAG = {
  DATA_OBJECT: 0x53,
  CERTIFICATE: 0x70,
  CERT_INFO: 0x71,
  TAG_LIST: 0x5c,
  DYNAMIC_AUTH: 0x7c,
  WITNESS_RESPONSE: 0x82,
  CHALLENGE: 0x81,
} as const;

/** DER of DigestInfo{sha256, NULL} without the hash (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO_PREFIX = new Uint8Array([
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
]);
const RSA_2048_BYTES = 256;

export interface PinStatus {
  /** Tries left before lock-out; null when the card does not say (PIN already verified). */
  triesLeft: number | null;
  locked: boolean;
  verified: boolean;
}

export class PivCard {
  constructor(
    private readonly card: ApduTransport,
    private readonly options: TransmitOptions = {},
  ) {}

  async select(): Promise<void> {
    const r = await this.send({ cla: 0, ins: INS.SELECT, p1: 0x04, p2: 0x00, data: PIV_AID, le: 256 });
    if (r.sw === SW.FILE_NOT_FOUND || r.sw === SW.INS_NOT_SUPPORTED || r.sw === SW.CLA_NOT_SUPPORTED) throw tokenErrors.notPiv();
    if (r.sw !== SW.OK) throw tokenErrors.card('SELECT PIV', r.sw);
  }

  /** The certificate (DER) stored for the digital-signature key. */
  async readCertificate(object = PIV_OBJECT_DIGITAL_SIGNATURE_CERT): Promise<Uint8Array> {
    const tag = new Uint8Array([(object >> 16) & 0xff, (object >> 8) & 0xff, object & 0xff]);
    const r = await this.send({ cla: 0, ins: INS.GET_DATA, p1: 0x3f, p2: 0xff, data: encodeTlv(TAG.TAG_LIST, tag), le: 256 });
    if (r.sw === SW.FILE_NOT_FOUND) throw tokenErrors.noCertificate();
    if (r.sw !== SW.OK) throw tokenErrors.card('GET DATA', r.sw);
    let certificate: Uint8Array | undefined;
    let compressed = false;
    try {
      const object53 = findTlv(r.data, TAG.DATA_OBJECT);
      certificate = object53 && findTlv(object53, TAG.CERTIFICATE);
      // CertInfo bit 0: the card stores the certificate gzip-compressed (SP 800-73-4 part 1, Table 39).
      const info = object53 && findTlv(object53, TAG.CERT_INFO);
      compressed = Boolean(info && info.length > 0 && info[0]! & 0x01);
    } catch {
      throw tokenErrors.malformed('certificate object');
    }
    if (!certificate || certificate.length === 0) throw tokenErrors.noCertificate();
    if (!compressed) return certificate.slice();
    try {
      return new Uint8Array(gunzipSync(certificate));
    } catch {
      throw tokenErrors.malformed('compressed certificate');
    }
  }

  /** VERIFY without data: asks the retry counter without spending a try. */
  async pinStatus(): Promise<PinStatus> {
    const r = await this.send({ cla: 0, ins: INS.VERIFY, p1: 0x00, p2: PIV_PIN_REFERENCE });
    if (r.sw === SW.OK) return { triesLeft: null, locked: false, verified: true };
    if (r.sw === SW.AUTH_BLOCKED) return { triesLeft: 0, locked: true, verified: false };
    const left = retriesLeft(r.sw);
    if (left !== null) return { triesLeft: left, locked: left === 0, verified: false };
    throw tokenErrors.card('VERIFY', r.sw);
  }

  /**
   * Checks the counter first and never presents a PIN to a blocked card: a locked
   * token stays locked, and the officer learns why instead of burning nothing.
   */
  async verifyPin(pin: string): Promise<void> {
    const encoded = Buffer.from(pin, 'utf8');
    if (encoded.length < 6 || encoded.length > PIN_LENGTH) throw tokenErrors.pinFormat();
    const status = await this.pinStatus();
    if (status.locked) throw tokenErrors.locked();
    const padded = new Uint8Array(PIN_LENGTH).fill(PIN_PAD);
    padded.set(encoded);
    encoded.fill(0);
    let r: ResponseApdu;
    try {
      r = await this.send({ cla: 0, ins: INS.VERIFY, p1: 0x00, p2: PIV_PIN_REFERENCE, data: padded });
    } finally {
      padded.fill(0);
    }
    if (r.sw === SW.OK) return;
    if (r.sw === SW.AUTH_BLOCKED) throw tokenErrors.locked();
    const left = retriesLeft(r.sw);
    if (left === 0) throw tokenErrors.locked();
    if (left !== null) throw tokenErrors.wrongPin(left);
    throw tokenErrors.card('VERIFY', r.sw);
  }

  /**
   * Signs a SHA-256 digest with GENERAL AUTHENTICATE. For RSA the card only does the
   * raw private-key operation, so the PKCS#1 v1.5 block is built here.
   */
  async signDigest(digest: Uint8Array, algorithm: SignatureAlgorithm, key = PIV_KEY_DIGITAL_SIGNATURE): Promise<Uint8Array> {
    if (digest.length !== 32) throw tokenErrors.badDigest(digest.length);
    const rsa = algorithm === 'rsa-pkcs1-sha256';
    const challenge = rsa ? pkcs1v15Block(digest, RSA_2048_BYTES) : digest;
    const template = encodeTlv(TAG.DYNAMIC_AUTH, concat([encodeTlv(TAG.WITNESS_RESPONSE, new Uint8Array(0)), encodeTlv(TAG.CHALLENGE, challenge)]));
    const r = await this.send({
      cla: 0,
      ins: INS.GENERAL_AUTHENTICATE,
      p1: rsa ? PIV_ALGORITHM.RSA_2048 : PIV_ALGORITHM.ECC_P256,
      p2: key,
      data: template,
      le: 256,
    });
    if (r.sw === SW.SECURITY_NOT_SATISFIED) throw tokenErrors.pinRequired();
    if (r.sw === SW.AUTH_BLOCKED) throw tokenErrors.locked();
    if (r.sw !== SW.OK) throw tokenErrors.card('GENERAL AUTHENTICATE', r.sw);
    let signature: Uint8Array | undefined;
    try {
      const inner = findTlv(r.data, TAG.DYNAMIC_AUTH);
      signature = inner && findTlv(inner, TAG.WITNESS_RESPONSE);
    } catch {
      signature = undefined;
    }
    if (!signature) throw tokenErrors.malformed('signature template');
    if (rsa ? signature.length !== RSA_2048_BYTES : !isDerEcdsaSignature(signature)) throw tokenErrors.malformed('signature value');
    return signature.slice();
  }

  private send(command: CommandApdu): Promise<ResponseApdu> {
    return transmit(this.card, command, this.options);
  }
}

/** EMSA-PKCS1-v1_5 (RFC 8017 §9.2): 00 01 FF…FF 00 DigestInfo. */
export function pkcs1v15Block(digest: Uint8Array, modulusBytes: number): Uint8Array {
  const t = concat([SHA256_DIGEST_INFO_PREFIX, digest]);
  const block = new Uint8Array(modulusBytes).fill(0xff);
  block[0] = 0x00;
  block[1] = 0x01;
  block[modulusBytes - t.length - 1] = 0x00;
  block.set(t, modulusBytes - t.length);
  return block;
}

/** Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, nothing after it. */
export function isDerEcdsaSignature(bytes: Uint8Array): boolean {
  try {
    const outer = decodeTlvs(bytes);
    if (outer.length !== 1 || outer[0]!.tag !== 0x30) return false;
    const inner = decodeTlvs(outer[0]!.value);
    return inner.length === 2 && inner.every((t) => t.tag === 0x02 && t.value.length > 0 && t.value.length <= 33);
  } catch {
    return false;
  }
}
