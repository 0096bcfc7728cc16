// The card side of PIV for the emulator: just enough of SP 800-73-4 to answer what
// cardClient.ts asks, with the rules a real card enforces (retry counter, lock-out,
// PIN-always on the digital-signature key, short responses split with 61xx).
import { constants, privateEncrypt, timingSafeEqual, type KeyObject } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { concat, decodeCommand, encodeResponse, SW, type CommandApdu } from './apdu.ts';
import { PIV_AID, PIV_ALGORITHM, PIV_KEY_DIGITAL_SIGNATURE, PIV_OBJECT_DIGITAL_SIGNATURE_CERT } from './cardClient.ts';
// A card signs the digest it is given; node:crypto always hashes first, noble signs prehashed.
import { p256 } from '@noble/curves/nist.js';
import { decodeTlvs, encodeTlv, findTlv } from './tlv.ts';

export interface PivAppletOptions {
  certificate: Uint8Array;
  privateKey: KeyObject;
  pin?: string;
  maxTries?: number;
  /** Store the certificate gzip-compressed, as some cards do. */
  compressCertificate?: boolean;
}

/** What the applet was asked, without data: tests check that no PIN went to a locked card. */
export interface CommandRecord {
  ins: number;
  p1: number;
  p2: number;
  dataLength: number;
}

const SHORT_RESPONSE_MAX = 256;
const CHAINING_BIT = 0x10;

export class PivApplet {
  readonly log: CommandRecord[] = [];
  private readonly pin: Buffer;
  private readonly maxTries: number;
  private triesLeft: number;
  // Session state, lost when the card loses power (unplug).
  private selected = false;
  private pinVerified = false;
  private chain: { ins: number; data: Uint8Array } | null = null;
  private pending: Uint8Array | null = null;

  constructor(private readonly options: PivAppletOptions) {
    const pin = Buffer.from(options.pin ?? '123456', 'utf8');
    if (pin.length < 6 || pin.length > 8) throw new RangeError('PIV PINs are 6 to 8 bytes');
    this.pin = Buffer.alloc(8, 0xff);
    pin.copy(this.pin);
    this.maxTries = options.maxTries ?? 3;
    this.triesLeft = this.maxTries;
  }

  get pinTriesLeft(): number {
    return this.triesLeft;
  }

  powerCycle(): void {
    this.selected = false;
    this.pinVerified = false;
    this.chain = null;
    this.pending = null;
  }

  process(apdu: Uint8Array): Uint8Array {
    let command: CommandApdu & { extended: boolean };
    try {
      command = decodeCommand(apdu);
    } catch {
      return status(SW.WRONG_LENGTH);
    }
    this.log.push({ ins: command.ins, p1: command.p1, p2: command.p2, dataLength: command.data?.length ?? 0 });
    if (command.ins === 0xc0) return this.getResponse(command.le ?? SHORT_RESPONSE_MAX);
    this.pending = null;

    if (command.cla & CHAINING_BIT) {
      const previous = this.chain?.ins === command.ins ? this.chain.data : new Uint8Array(0);
      this.chain = { ins: command.ins, data: concat([previous, command.data ?? new Uint8Array(0)]) };
      return status(SW.OK);
    }
    if (this.chain) {
      if (this.chain.ins === command.ins) command = { ...command, data: concat([this.chain.data, command.data ?? new Uint8Array(0)]) };
      this.chain = null;
    }

    const { data, sw } = this.dispatch(command);
    return this.respond(data, sw, command.extended ? (command.le ?? 0) : Math.min(command.le ?? 0, SHORT_RESPONSE_MAX));
  }

  private dispatch(c: CommandApdu): { data?: Uint8Array; sw: number } {
    if (c.ins === 0xa4) return this.select(c);
    if (!this.selected) return { sw: SW.INS_NOT_SUPPORTED };
    switch (c.ins) {
      case 0xcb:
        return this.getData(c);
      case 0x20:
        return this.verify(c);
      case 0x87:
        return this.generalAuthenticate(c);
      default:
        return { sw: SW.INS_NOT_SUPPORTED };
    }
  }

  private select(c: CommandApdu): { data?: Uint8Array; sw: number } {
    const aid = c.data ?? new Uint8Array(0);
    if (c.p1 !== 0x04 || aid.length < PIV_AID.length || !PIV_AID.every((b, i) => aid[i] === b)) return { sw: SW.FILE_NOT_FOUND };
    this.selected = true;
    // Application property template: application identifier and the authority that issued it.
    const template = concat([encodeTlv(0x4f, new Uint8Array([0x00, 0x00, 0x10, 0x00, 0x01, 0x00])), encodeTlv(0x79, encodeTlv(0x4f, PIV_AID))]);
    return { data: encodeTlv(0x61, template), sw: SW.OK };
  }

  private getData(c: CommandApdu): { data?: Uint8Array; sw: number } {
    if (c.p1 !== 0x3f || c.p2 !== 0xff) return { sw: SW.WRONG_P1P2 };
    let tag: Uint8Array | undefined;
    try {
      tag = findTlv(c.data ?? new Uint8Array(0), 0x5c);
    } catch {
      return { sw: SW.WRONG_DATA };
    }
    const wanted = new Uint8Array([
      PIV_OBJECT_DIGITAL_SIGNATURE_CERT >> 16,
      (PIV_OBJECT_DIGITAL_SIGNATURE_CERT >> 8) & 0xff,
      PIV_OBJECT_DIGITAL_SIGNATURE_CERT & 0xff,
    ]);
    if (!tag || tag.length !== 3 || !wanted.every((b, i) => tag[i] === b)) return { sw: SW.FILE_NOT_FOUND };
    const compress = Boolean(this.options.compressCertificate);
    const certificate = compress ? new Uint8Array(gzipSync(this.options.certificate)) : this.options.certificate;
    const object = concat([encodeTlv(0x70, certificate), encodeTlv(0x71, new Uint8Array([compress ? 0x01 : 0x00])), encodeTlv(0xfe, new Uint8Array(0))]);
    return { data: encodeTlv(0x53, object), sw: SW.OK };
  }

  private verify(c: CommandApdu): { sw: number } {
    if (c.p1 !== 0x00 || c.p2 !== 0x80) return { sw: SW.REFERENCE_NOT_FOUND };
    if (this.triesLeft === 0) return { sw: SW.AUTH_BLOCKED };
    if (!c.data) return { sw: this.pinVerified ? SW.OK : 0x63c0 | this.triesLeft };
    if (c.data.length !== 8) return { sw: SW.WRONG_DATA };
    if (timingSafeEqual(Buffer.from(c.data), this.pin)) {
      this.triesLeft = this.maxTries;
      this.pinVerified = true;
      return { sw: SW.OK };
    }
    this.triesLeft--;
    this.pinVerified = false;
    return { sw: this.triesLeft === 0 ? SW.AUTH_BLOCKED : 0x63c0 | this.triesLeft };
  }

  private generalAuthenticate(c: CommandApdu): { data?: Uint8Array; sw: number } {
    if (c.p2 !== PIV_KEY_DIGITAL_SIGNATURE) return { sw: SW.REFERENCE_NOT_FOUND };
    const rsa = this.options.privateKey.asymmetricKeyType === 'rsa';
    if (c.p1 !== (rsa ? PIV_ALGORITHM.RSA_2048 : PIV_ALGORITHM.ECC_P256)) return { sw: SW.WRONG_P1P2 };
    if (this.triesLeft === 0) return { sw: SW.AUTH_BLOCKED };
    // The digital-signature key is "PIN always": one verification, one signature.
    if (!this.pinVerified) return { sw: SW.SECURITY_NOT_SATISFIED };
    let challenge: Uint8Array | undefined;
    try {
      const template = decodeTlvs(c.data ?? new Uint8Array(0));
      const inner = template.length === 1 && template[0]!.tag === 0x7c ? decodeTlvs(template[0]!.value) : [];
      const wantsResponse = inner.some((t) => t.tag === 0x82 && t.value.length === 0);
      challenge = wantsResponse ? inner.find((t) => t.tag === 0x81)?.value : undefined;
    } catch {
      return { sw: SW.WRONG_DATA };
    }
    if (!challenge || challenge.length !== (rsa ? 256 : 32)) return { sw: SW.WRONG_DATA };
    this.pinVerified = false;
    const signature = rsa
      ? new Uint8Array(privateEncrypt({ key: this.options.privateKey, padding: constants.RSA_NO_PADDING }, challenge))
      : p256.sign(challenge, Buffer.from(this.options.privateKey.export({ format: 'jwk' }).d!, 'base64url'), { prehash: false, format: 'der' });
    return { data: encodeTlv(0x7c, encodeTlv(0x82, signature)), sw: SW.OK };
  }

  private respond(data: Uint8Array | undefined, sw: number, le: number): Uint8Array {
    if (!data || sw !== SW.OK) return status(sw);
    return this.sendPart(data, le || SHORT_RESPONSE_MAX);
  }

  private getResponse(le: number): Uint8Array {
    const rest = this.pending;
    this.pending = null;
    return rest ? this.sendPart(rest, le) : status(SW.CONDITIONS_NOT_SATISFIED);
  }

  private sendPart(data: Uint8Array, le: number): Uint8Array {
    if (data.length <= le) return encodeResponse(data, SW.OK);
    this.pending = data.subarray(le);
    return encodeResponse(data.subarray(0, le), 0x6100 | (Math.min(this.pending.length, SHORT_RESPONSE_MAX) & 0xff));
  }
}

function status(sw: number): Uint8Array {
  return encodeResponse(new Uint8Array(0), sw);
}
