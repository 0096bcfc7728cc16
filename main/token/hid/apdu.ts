// ISO/IEC 7816-4 command and response APDUs, and the two ways a card splits long
// exchanges: GET RESPONSE after 61xx for long replies, command chaining (CLA bit
// 0x10) for long commands when extended length is not used.
import type { ApduTransport } from './framing.ts';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length: 1..256 short, up to 65536 extended; absent for none. */
  le?: number;
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

export const SW = {
  OK: 0x9000,
  WRONG_LENGTH: 0x6700,
  SECURITY_NOT_SATISFIED: 0x6982,
  AUTH_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  WRONG_DATA: 0x6a80,
  FILE_NOT_FOUND: 0x6a82,
  REFERENCE_NOT_FOUND: 0x6a88,
  WRONG_P1P2: 0x6a86,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
} as const;

/** 61xx: xx more bytes wait for GET RESPONSE (00 = 256 or more). */
export const moreDataAvailable = (sw: number) => sw >> 8 === 0x61;
/** 6Cxx: wrong Le, resend with Le = xx. */
const wrongLe = (sw: number) => sw >> 8 === 0x6c;
/** 63Cx: verification failed, x tries left. */
export const retriesLeft = (sw: number): number | null => ((sw & 0xfff0) === 0x63c0 ? sw & 0x0f : null);

const SHORT_MAX_DATA = 255;
const SHORT_MAX_LE = 256;
const CHAINING_BIT = 0x10;

export function encodeCommand(command: CommandApdu, extended = needsExtended(command)): Uint8Array {
  const { cla, ins, p1, p2, data, le } = command;
  const bytes = [cla, ins, p1, p2];
  const lc = data?.length ?? 0;
  if (extended) {
    if (lc > 0xffff || (le !== undefined && le > 0x10000)) throw new RangeError('APDU too long even for extended length');
    bytes.push(0);
    if (lc > 0) bytes.push(lc >> 8, lc & 0xff, ...data!);
    if (le !== undefined) bytes.push((le >> 8) & 0xff, le & 0xff);
  } else {
    if (lc > SHORT_MAX_DATA || (le !== undefined && le > SHORT_MAX_LE)) throw new RangeError('APDU too long for short length');
    if (lc > 0) bytes.push(lc, ...data!);
    if (le !== undefined) bytes.push(le & 0xff);
  }
  return new Uint8Array(bytes);
}

function needsExtended(command: CommandApdu): boolean {
  return (command.data?.length ?? 0) > SHORT_MAX_DATA || (command.le ?? 0) > SHORT_MAX_LE;
}

/** Parses the four ISO cases in both lengths; the emulator's side of encodeCommand. */
export function decodeCommand(bytes: Uint8Array): CommandApdu & { extended: boolean } {
  if (bytes.length < 4) throw new RangeError(`APDU of ${bytes.length} bytes`);
  const header = { cla: bytes[0]!, ins: bytes[1]!, p1: bytes[2]!, p2: bytes[3]! };
  const body = bytes.subarray(4);
  if (body.length === 0) return { ...header, extended: false };
  if (body.length === 1) return { ...header, le: body[0]! || 256, extended: false };
  if (body[0] !== 0) {
    const lc = body[0]!;
    if (body.length === 1 + lc) return { ...header, data: body.slice(1), extended: false };
    if (body.length === 2 + lc) return { ...header, data: body.slice(1, 1 + lc), le: body[1 + lc]! || 256, extended: false };
    throw new RangeError('short APDU length does not match Lc');
  }
  const ext = (hi: number, lo: number) => (hi << 8) | lo;
  if (body.length === 3) return { ...header, le: ext(body[1]!, body[2]!) || 0x10000, extended: true };
  const lc = ext(body[1]!, body[2]!);
  if (lc === 0) throw new RangeError('extended Lc of 0');
  if (body.length === 3 + lc) return { ...header, data: body.slice(3), extended: true };
  if (body.length === 5 + lc) return { ...header, data: body.slice(3, 3 + lc), le: ext(body[3 + lc]!, body[4 + lc]!) || 0x10000, extended: true };
  throw new RangeError('extended APDU length does not match Lc');
}

export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new RangeError(`response APDU of ${bytes.length} bytes`);
  return { data: bytes.slice(0, -2), sw: (bytes[bytes.length - 2]! << 8) | bytes[bytes.length - 1]! };
}

export function encodeResponse(data: Uint8Array, sw: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = sw >> 8;
  out[data.length + 1] = sw & 0xff;
  return out;
}

export interface TransmitOptions {
  /** Send long commands as one extended APDU instead of a chain of short ones. */
  extended?: boolean;
}

/**
 * Sends a command and returns the whole response: long data goes out as a command
 * chain, long replies are collected with GET RESPONSE. Status words other than
 * 61xx/6Cxx are returned for the caller to judge.
 */
export async function transmit(card: ApduTransport, command: CommandApdu, options: TransmitOptions = {}): Promise<ResponseApdu> {
  const exchange = async (c: CommandApdu, extended: boolean) => decodeResponse(await card.transmit(encodeCommand(c, extended)));
  const data = command.data ?? new Uint8Array(0);
  let response: ResponseApdu;
  if (!options.extended && data.length > SHORT_MAX_DATA) {
    let offset = 0;
    for (;;) {
      const last = data.length - offset <= SHORT_MAX_DATA;
      const part: CommandApdu = { ...command, cla: last ? command.cla : command.cla | CHAINING_BIT, data: data.subarray(offset, offset + SHORT_MAX_DATA) };
      if (!last) delete part.le;
      response = await exchange(part, false);
      offset += SHORT_MAX_DATA;
      if (last || response.sw !== SW.OK) break;
    }
  } else {
    response = await exchange(command, Boolean(options.extended) && needsExtended(command));
  }
  if (wrongLe(response.sw) && data.length <= SHORT_MAX_DATA) response = await exchange({ ...command, le: response.sw & 0xff || 256 }, false);
  const parts = [response.data];
  while (moreDataAvailable(response.sw)) {
    response = await exchange({ cla: command.cla & ~CHAINING_BIT, ins: 0xc0, p1: 0, p2: 0, le: response.sw & 0xff || 256 }, false);
    parts.push(response.data);
  }
  return { data: concat(parts), sw: response.sw };
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
