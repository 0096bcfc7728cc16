// CTAPHID framing (FIDO CTAP 2.1 §11.2): messages cut into 64-byte reports on a
// channel the device allocates, so several programs can share one token without
// reading each other's replies. ISO 7816 APDUs travel inside CTAPHID_MSG.
import { randomBytes } from 'node:crypto';
import { isDeskError } from '#domain/errors.ts';
import { tokenErrors } from './errors.ts';
import { HID_REPORT_SIZE, type HidConnection } from './transport.ts';

export const CTAPHID = {
  PING: 0x01,
  MSG: 0x03,
  INIT: 0x06,
  CANCEL: 0x11,
  KEEPALIVE: 0x3b,
  ERROR: 0x3f,
} as const;

export const CTAPHID_ERROR = {
  INVALID_CMD: 0x01,
  INVALID_PAR: 0x02,
  INVALID_LEN: 0x03,
  INVALID_SEQ: 0x04,
  MSG_TIMEOUT: 0x05,
  CHANNEL_BUSY: 0x06,
  INVALID_CHANNEL: 0x0b,
  OTHER: 0x7f,
} as const;

/** INIT capability flag: the device does not implement CTAPHID_MSG (a FIDO2-only key). */
export const CAPABILITY_NMSG = 0x08;

export const BROADCAST_CID = 0xffffffff;
const INIT_HEADER = 7; // CID(4) CMD(1) BCNTH(1) BCNTL(1)
const CONT_HEADER = 5; // CID(4) SEQ(1)
export const INIT_DATA_SIZE = HID_REPORT_SIZE - INIT_HEADER;
export const CONT_DATA_SIZE = HID_REPORT_SIZE - CONT_HEADER;
const MAX_SEQ = 0x7f;
/** 57 + 128 × 59: the most one message can carry. */
export const MAX_PAYLOAD = INIT_DATA_SIZE + (MAX_SEQ + 1) * CONT_DATA_SIZE;
const INIT_NONCE_SIZE = 8;
const INIT_RESPONSE_SIZE = 17;

export type Packet =
  { kind: 'init'; cid: number; cmd: number; length: number; data: Uint8Array } | { kind: 'cont'; cid: number; seq: number; data: Uint8Array };

export function fragment(cid: number, cmd: number, payload: Uint8Array): Uint8Array[] {
  if (payload.length > MAX_PAYLOAD) throw new RangeError(`CTAPHID payload of ${payload.length} bytes exceeds ${MAX_PAYLOAD}`);
  const reports: Uint8Array[] = [];
  const first = new Uint8Array(HID_REPORT_SIZE);
  const view = new DataView(first.buffer);
  view.setUint32(0, cid);
  first[4] = cmd | 0x80;
  view.setUint16(5, payload.length);
  first.set(payload.subarray(0, INIT_DATA_SIZE), INIT_HEADER);
  reports.push(first);
  for (let offset = INIT_DATA_SIZE, seq = 0; offset < payload.length; offset += CONT_DATA_SIZE, seq++) {
    const next = new Uint8Array(HID_REPORT_SIZE);
    new DataView(next.buffer).setUint32(0, cid);
    next[4] = seq;
    next.set(payload.subarray(offset, offset + CONT_DATA_SIZE), CONT_HEADER);
    reports.push(next);
  }
  return reports;
}

export function parsePacket(report: Uint8Array): Packet {
  if (report.length !== HID_REPORT_SIZE) throw tokenErrors.malformed(`report of ${report.length} bytes, expected ${HID_REPORT_SIZE}`);
  const view = new DataView(report.buffer, report.byteOffset, report.byteLength);
  const cid = view.getUint32(0);
  const type = report[4]!;
  if (type & 0x80) {
    return { kind: 'init', cid, cmd: type & 0x7f, length: view.getUint16(5), data: report.subarray(INIT_HEADER) };
  }
  return { kind: 'cont', cid, seq: type, data: report.subarray(CONT_HEADER) };
}

/** Rebuilds one message from its init packet and continuation packets in order. */
export class MessageAssembler {
  readonly cmd: number;
  private readonly buffer: Uint8Array;
  private filled: number;
  private nextSeq = 0;

  constructor(init: Extract<Packet, { kind: 'init' }>) {
    if (init.length > MAX_PAYLOAD) throw tokenErrors.malformed(`declared length ${init.length} exceeds ${MAX_PAYLOAD}`);
    this.cmd = init.cmd;
    this.buffer = new Uint8Array(init.length);
    this.filled = Math.min(init.length, INIT_DATA_SIZE);
    this.buffer.set(init.data.subarray(0, this.filled));
  }

  get complete(): boolean {
    return this.filled === this.buffer.length;
  }

  get payload(): Uint8Array {
    return this.buffer;
  }

  add(cont: Extract<Packet, { kind: 'cont' }>): void {
    if (cont.seq !== this.nextSeq) throw tokenErrors.malformed(`packet sequence ${cont.seq}, expected ${this.nextSeq}`);
    const take = Math.min(CONT_DATA_SIZE, this.buffer.length - this.filled);
    this.buffer.set(cont.data.subarray(0, take), this.filled);
    this.filled += take;
    this.nextSeq++;
  }
}

export interface FramingOptions {
  /** Silence allowed between packets of a reply; each keep-alive restarts it. */
  idleTimeoutMs?: number;
  /** Keep-alives cannot stretch one command past this. */
  ceilingMs?: number;
}

const DEFAULTS = { idleTimeoutMs: 3000, ceilingMs: 60_000 };

/** Anything that carries APDUs to a card and brings back its response. */
export interface ApduTransport {
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}

export interface DeviceVersion {
  protocol: number;
  major: number;
  minor: number;
  build: number;
  capabilities: number;
}

export class CtapHidChannel implements ApduTransport {
  private cid: number | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly idleTimeoutMs: number;
  private readonly ceilingMs: number;
  version: DeviceVersion | null = null;

  constructor(
    private readonly connection: HidConnection,
    options: FramingOptions = {},
  ) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs;
    this.ceilingMs = options.ceilingMs ?? DEFAULTS.ceilingMs;
  }

  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    return this.transact(CTAPHID.MSG, apdu);
  }

  /** One request, one reply; concurrent callers wait their turn, as the device would make them. */
  transact(cmd: number, payload: Uint8Array): Promise<Uint8Array> {
    const run = this.queue.then(() => this.exchange(cmd, payload));
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private async exchange(cmd: number, payload: Uint8Array): Promise<Uint8Array> {
    const cid = this.cid ?? (await this.allocateChannel());
    // A FIDO2-only authenticator says so at INIT; it would answer no APDU.
    if (cmd === CTAPHID.MSG && this.version && this.version.capabilities & CAPABILITY_NMSG) throw tokenErrors.notPiv();
    try {
      await this.send(cid, cmd, payload);
      return await this.receive(cid, cmd);
    } catch (e) {
      // After a timeout or a garbled reply the channel may still hold a stale answer: start afresh.
      this.cid = null;
      if (isDeskError(e) && e.code === 'token.timeout') await this.cancel(cid);
      throw e;
    }
  }

  private async allocateChannel(): Promise<number> {
    const nonce = new Uint8Array(randomBytes(INIT_NONCE_SIZE));
    await this.send(BROADCAST_CID, CTAPHID.INIT, nonce);
    // Other programs allocate channels too; their INIT replies carry their own nonces.
    const reply = await this.receive(BROADCAST_CID, CTAPHID.INIT, (p) => p.length >= INIT_NONCE_SIZE && sameBytes(p.subarray(0, INIT_NONCE_SIZE), nonce));
    if (reply.length < INIT_RESPONSE_SIZE) throw tokenErrors.malformed(`INIT reply of ${reply.length} bytes`);
    const view = new DataView(reply.buffer, reply.byteOffset, reply.byteLength);
    const cid = view.getUint32(INIT_NONCE_SIZE);
    if (cid === BROADCAST_CID || cid === 0) throw tokenErrors.malformed('INIT allocated a reserved channel');
    this.version = { protocol: reply[12]!, major: reply[13]!, minor: reply[14]!, build: reply[15]!, capabilities: reply[16]! };
    this.cid = cid;
    return cid;
  }

  private async send(cid: number, cmd: number, payload: Uint8Array): Promise<void> {
    for (const report of fragment(cid, cmd, payload)) await this.connection.write(report);
  }

  private async cancel(cid: number): Promise<void> {
    try {
      await this.send(cid, CTAPHID.CANCEL, new Uint8Array(0));
    } catch {
      // Best effort: the caller already has the error that matters.
    }
  }

  private async receive(cid: number, cmd: number, accept: (payload: Uint8Array) => boolean = () => true): Promise<Uint8Array> {
    const started = performance.now();
    const ceiling = started + this.ceilingMs;
    let deadline = started + this.idleTimeoutMs;
    let message: MessageAssembler | null = null;
    for (;;) {
      const wait = Math.min(deadline, ceiling) - performance.now();
      if (wait <= 0) throw tokenErrors.timeout(Math.max(1, Math.round((performance.now() - started) / 1000)));
      const report = await this.connection.read(wait);
      if (!report) continue;
      const packet = parsePacket(report);
      if (packet.cid !== cid) continue;
      if (packet.kind === 'cont') {
        // A continuation with no message started is a leftover of an abandoned reply.
        if (!message) continue;
        message.add(packet);
      } else {
        if (message) throw tokenErrors.malformed('a new reply began before the previous one ended');
        if (packet.cmd === CTAPHID.KEEPALIVE) {
          deadline = performance.now() + this.idleTimeoutMs;
          continue;
        }
        if (packet.cmd === CTAPHID.ERROR) throw deviceError(packet.data[0]!);
        if (packet.cmd !== cmd) throw tokenErrors.malformed(`reply command 0x${packet.cmd.toString(16)}, expected 0x${cmd.toString(16)}`);
        message = new MessageAssembler(packet);
      }
      deadline = performance.now() + this.idleTimeoutMs;
      if (message.complete) {
        if (accept(message.payload)) return message.payload;
        message = null;
      }
    }
  }
}

function deviceError(code: number) {
  return code === CTAPHID_ERROR.CHANNEL_BUSY ? tokenErrors.channelBusy() : tokenErrors.protocol(code);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
