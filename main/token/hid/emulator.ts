// A PIV token that speaks CTAPHID at the HID-report level. It implements the
// transport interfaces, so framing, card client and signer run their production
// code against it; faults are switched on by tests and the demo.
import { tokenErrors } from './errors.ts';
import { BROADCAST_CID, CTAPHID, CTAPHID_ERROR, fragment, MessageAssembler, parsePacket, type Packet } from './framing.ts';
import { EmulatedInputReports } from './emulatedReports.ts';
import type { PivApplet } from './pivApplet.ts';
import { HID_REPORT_SIZE, type HidConnection, type HidDeviceInfo, type HidTransport } from './transport.ts';

export const EMULATOR_VENDOR_ID = 0x1209;
export const EMULATOR_PRODUCT_ID = 0x0001;
export const FIDO_USAGE_PAGE = 0xf1d0;

export type MalformedReply = 'short-report' | 'bad-sequence' | 'wrong-command';

interface Faults {
  unplugDuringCommand: boolean;
  busyMs: number;
  silent: boolean;
  malformed: MalformedReply | null;
  strayPacket: boolean;
}

const noFaults = (): Faults => ({ unplugDuringCommand: false, busyMs: 0, silent: false, malformed: null, strayPacket: false });

export interface EmulatedTokenOptions {
  path?: string;
  product?: string;
  serialNumber?: string;
  /** CTAP recommends a keep-alive at least every 100 ms while busy. */
  keepAliveIntervalMs?: number;
}

let instances = 0;

export class EmulatedToken {
  readonly info: HidDeviceInfo;
  private plugged = true;
  private nextCid = 1;
  private readonly channels = new Set<number>();
  private readonly incoming = new Map<number, MessageAssembler>();
  private readonly connections = new Set<EmulatedConnection>();
  private faults = noFaults();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly keepAliveIntervalMs: number;

  constructor(
    readonly applet: PivApplet,
    options: EmulatedTokenOptions = {},
  ) {
    instances++;
    this.info = {
      path: options.path ?? `emulator:${instances}`,
      vendorId: EMULATOR_VENDOR_ID,
      productId: EMULATOR_PRODUCT_ID,
      usagePage: FIDO_USAGE_PAGE,
      usage: 0x01,
      manufacturer: 'Một Cửa Desk',
      product: options.product ?? 'Token giả lập PIV',
      serialNumber: options.serialNumber ?? String(instances).padStart(8, '0'),
    };
    this.keepAliveIntervalMs = options.keepAliveIntervalMs ?? 100;
  }

  get isPlugged(): boolean {
    return this.plugged;
  }

  /** Opens a handle, as hid_open would; every handle sees every input report. */
  connect(): HidConnection {
    if (!this.plugged) throw tokenErrors.cannotOpen();
    const connection = new EmulatedConnection(this);
    this.connections.add(connection);
    return connection;
  }

  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const connection of this.connections) connection.reports.fail();
    this.connections.clear();
    this.channels.clear();
    this.incoming.clear();
    this.faults = noFaults();
    // Power is gone: PIN verification goes, the retry counter stays (it lives in EEPROM).
    this.applet.powerCycle();
  }

  plugIn(): void {
    this.plugged = true;
  }

  /** The next APDU is received, then the token disappears before answering. */
  unplugDuringNextCommand(): void {
    this.faults.unplugDuringCommand = true;
  }

  /** The next APDU is answered only after ms of keep-alives. */
  busyOnNextCommand(ms: number): void {
    this.faults.busyMs = ms;
  }

  /** The next APDU is never answered. */
  silentOnNextCommand(): void {
    this.faults.silent = true;
  }

  malformNextReply(kind: MalformedReply): void {
    this.faults.malformed = kind;
  }

  /** Another program's reply (another channel) arrives just before ours. */
  strayPacketBeforeNextReply(): void {
    this.faults.strayPacket = true;
  }

  /** For EmulatedConnection: a handle closed. */
  detach(connection: EmulatedConnection): void {
    this.connections.delete(connection);
  }

  /** For EmulatedConnection: an output report from the host. */
  receive(report: Uint8Array): void {
    if (report.length !== HID_REPORT_SIZE) return;
    const packet = parsePacket(report);
    if (packet.kind === 'cont') return this.continueMessage(packet);
    if (packet.cid === BROADCAST_CID) {
      if (packet.cmd === CTAPHID.INIT) return this.allocate(packet);
      return this.error(packet.cid, CTAPHID_ERROR.INVALID_CHANNEL);
    }
    if (!this.channels.has(packet.cid)) return this.error(packet.cid, CTAPHID_ERROR.INVALID_CHANNEL);
    if (packet.cmd === CTAPHID.CANCEL) return this.cancel();
    const message = new MessageAssembler(packet);
    if (message.complete) return this.handle(packet.cid, message);
    this.incoming.set(packet.cid, message);
  }

  private continueMessage(packet: Extract<Packet, { kind: 'cont' }>): void {
    const message = this.incoming.get(packet.cid);
    if (!message) return;
    try {
      message.add(packet);
    } catch {
      this.incoming.delete(packet.cid);
      return this.error(packet.cid, CTAPHID_ERROR.INVALID_SEQ);
    }
    if (!message.complete) return;
    this.incoming.delete(packet.cid);
    this.handle(packet.cid, message);
  }

  private allocate(packet: Extract<Packet, { kind: 'init' }>): void {
    if (packet.length !== 8) return this.error(BROADCAST_CID, CTAPHID_ERROR.INVALID_LEN);
    const cid = this.nextCid++;
    this.channels.add(cid);
    const reply = new Uint8Array(17);
    reply.set(packet.data.subarray(0, 8));
    new DataView(reply.buffer).setUint32(8, cid);
    reply.set([2, 1, 0, 0, 0x00], 12); // CTAPHID v2, device 1.0.0, no capability flags: NMSG clear, so MSG works
    this.later(0, () => this.send(BROADCAST_CID, CTAPHID.INIT, reply));
  }

  private cancel(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private handle(cid: number, message: MessageAssembler): void {
    if (message.cmd === CTAPHID.PING) return this.later(0, () => this.send(cid, CTAPHID.PING, message.payload));
    if (message.cmd !== CTAPHID.MSG) return this.error(cid, CTAPHID_ERROR.INVALID_CMD);
    const faults = this.faults;
    this.faults = noFaults();
    if (faults.unplugDuringCommand) return this.later(5, () => this.unplug());
    if (faults.silent) return;
    const answer = () => {
      if (faults.strayPacket) this.send(cid ^ 0x5a5a5a5a, CTAPHID.MSG, new Uint8Array([0x6a, 0x82]));
      this.send(cid, CTAPHID.MSG, this.applet.process(message.payload), faults.malformed);
    };
    if (faults.busyMs <= 0) return this.later(0, answer);
    const started = performance.now();
    const keepAlive = () => {
      if (performance.now() - started >= faults.busyMs) return answer();
      this.send(cid, CTAPHID.KEEPALIVE, new Uint8Array([1])); // STATUS_PROCESSING
      this.later(Math.min(this.keepAliveIntervalMs, faults.busyMs), keepAlive);
    };
    this.later(0, keepAlive);
  }

  private error(cid: number, code: number): void {
    this.later(0, () => this.send(cid, CTAPHID.ERROR, new Uint8Array([code])));
  }

  private send(cid: number, cmd: number, payload: Uint8Array, malformed: MalformedReply | null = null): void {
    let reports = fragment(cid, malformed === 'wrong-command' ? CTAPHID.PING : cmd, payload);
    if (malformed === 'short-report') reports = reports.map((r) => r.subarray(0, 40));
    if (malformed === 'bad-sequence') {
      const first = reports[0]!;
      // Announce more data than follows and skip sequence 0, as a confused firmware might.
      new DataView(first.buffer).setUint16(5, Math.max(payload.length, 100));
      const cont = new Uint8Array(HID_REPORT_SIZE);
      new DataView(cont.buffer).setUint32(0, cid);
      cont[4] = 1;
      reports = [first, cont];
    }
    for (const connection of this.connections) for (const report of reports) connection.reports.push(report);
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.plugged) action();
    }, ms);
    this.timers.add(timer);
  }
}

export class EmulatedConnection implements HidConnection {
  readonly reports = new EmulatedInputReports();

  constructor(private readonly token: EmulatedToken) {}

  async write(report: Uint8Array): Promise<void> {
    if (this.reports.gone) throw tokenErrors.deviceGone();
    if (this.reports.closed) throw tokenErrors.cannotOpen();
    this.token.receive(report.slice());
  }

  read(timeoutMs: number): Promise<Uint8Array | null> {
    if (this.reports.gone) return Promise.reject(tokenErrors.deviceGone());
    const next = this.reports.shift();
    return next ? Promise.resolve(next) : this.reports.wait(timeoutMs);
  }

  async close(): Promise<void> {
    this.token.detach(this);
    this.reports.close();
  }
}

/** The emulator's view of "what is plugged in", behind the same interface as node-hid. */
export class EmulatedHidBus implements HidTransport {
  private readonly tokens = new Map<string, EmulatedToken>();

  add(token: EmulatedToken): void {
    this.tokens.set(token.info.path, token);
  }

  async enumerate(): Promise<HidDeviceInfo[]> {
    return [...this.tokens.values()].filter((t) => t.isPlugged).map((t) => ({ ...t.info }));
  }

  async open(path: string): Promise<HidConnection> {
    const token = this.tokens.get(path);
    if (!token?.isPlugged) throw tokenErrors.notFound();
    return token.connect();
  }
}
