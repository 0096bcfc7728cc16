import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DeskError } from '#domain/errors.ts';
import { BROADCAST_CID, CAPABILITY_NMSG, CTAPHID, CTAPHID_ERROR, CtapHidChannel, fragment, MAX_PAYLOAD, MessageAssembler, parsePacket } from './framing.ts';
import { HID_REPORT_SIZE, type HidConnection } from './transport.ts';

const CID = 0x01020304;

type Handler = (device: ScriptedDevice, cmd: number, payload: Uint8Array) => void;

/** A device whose answers the test scripts; it allocates CID for every INIT. */
class ScriptedDevice implements HidConnection {
  readonly requests: { cid: number; cmd: number; payload: Uint8Array }[] = [];
  private readonly queue: Uint8Array[] = [];
  private waiter: ((r: Uint8Array | null) => void) | null = null;
  private incoming: MessageAssembler | null = null;
  private incomingCid = 0;

  constructor(
    private readonly onRequest: Handler,
    private readonly capabilities = 0,
  ) {}

  async write(report: Uint8Array): Promise<void> {
    assert.equal(report.length, HID_REPORT_SIZE);
    const packet = parsePacket(report);
    if (packet.kind === 'init') {
      this.incoming = new MessageAssembler(packet);
      this.incomingCid = packet.cid;
    } else {
      this.incoming?.add(packet);
    }
    if (!this.incoming?.complete) return;
    const { cmd, payload } = this.incoming;
    this.incoming = null;
    this.requests.push({ cid: this.incomingCid, cmd, payload });
    if (cmd === CTAPHID.INIT && this.incomingCid === BROADCAST_CID) {
      const reply = new Uint8Array(17);
      reply.set(payload);
      new DataView(reply.buffer).setUint32(8, CID);
      reply.set([2, 1, 0, 0, this.capabilities], 12);
      this.reply(BROADCAST_CID, CTAPHID.INIT, reply);
    } else if (cmd !== CTAPHID.CANCEL) {
      this.onRequest(this, cmd, payload);
    }
  }

  read(timeoutMs: number): Promise<Uint8Array | null> {
    const next = this.queue.shift();
    if (next) return Promise.resolve(next);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(null);
      }, timeoutMs);
      this.waiter = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
    });
  }

  async close(): Promise<void> {}

  push(report: Uint8Array): void {
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter) waiter(report);
    else this.queue.push(report);
  }

  reply(cid: number, cmd: number, payload: Uint8Array): void {
    for (const report of fragment(cid, cmd, payload)) this.push(report);
  }
}

const echo: Handler = (device, cmd, payload) => device.reply(CID, cmd, payload);

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<DeskError> {
  const error = await promise.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DeskError, `expected a DeskError, got ${String(error)}`);
  assert.equal(error.code, code);
  assert.ok(error.text.vi.length > 0 && error.text.en.length > 0);
  return error;
}

test('payloads of 0, 57, 58 and 7609 bytes fragment into 64-byte reports and reassemble', () => {
  for (const [size, reports] of [
    [0, 1],
    [57, 1],
    [58, 2],
    [MAX_PAYLOAD, 129],
  ] as const) {
    const payload = new Uint8Array(randomBytes(size));
    const packets = fragment(CID, CTAPHID.MSG, payload);
    assert.equal(packets.length, reports, `${size} bytes`);
    assert.ok(packets.every((p) => p.length === HID_REPORT_SIZE));
    const first = parsePacket(packets[0]!);
    assert.ok(first.kind === 'init');
    assert.equal(first.cmd, CTAPHID.MSG);
    assert.equal(first.length, size);
    const message = new MessageAssembler(first);
    packets.slice(1).forEach((report, i) => {
      const packet = parsePacket(report);
      assert.ok(packet.kind === 'cont' && packet.seq === i && packet.cid === CID);
      message.add(packet);
    });
    assert.ok(message.complete);
    assert.deepEqual(message.payload, payload);
  }
  assert.equal(MAX_PAYLOAD, 7609);
  assert.throws(() => fragment(CID, CTAPHID.MSG, new Uint8Array(MAX_PAYLOAD + 1)), RangeError);
});

test('a channel allocates with INIT and carries payloads both ways intact', async () => {
  const device = new ScriptedDevice(echo);
  const channel = new CtapHidChannel(device);
  for (const size of [0, 57, 58, MAX_PAYLOAD]) {
    const payload = new Uint8Array(randomBytes(size));
    assert.deepEqual(await channel.transact(CTAPHID.MSG, payload), payload);
  }
  assert.equal(device.requests.filter((r) => r.cmd === CTAPHID.INIT).length, 1, 'one INIT, then the allocated channel is reused');
  assert.ok(device.requests.filter((r) => r.cmd === CTAPHID.MSG).every((r) => r.cid === CID));
  assert.deepEqual(channel.version, { protocol: 2, major: 1, minor: 0, build: 0, capabilities: 0 });
});

test('an INIT reply carrying another program’s nonce is ignored', async () => {
  const device = new ScriptedDevice(echo);
  const other = new Uint8Array(17).fill(0xaa);
  new DataView(other.buffer).setUint32(8, 0x0badcafe);
  device.reply(BROADCAST_CID, CTAPHID.INIT, other);
  const channel = new CtapHidChannel(device);
  assert.deepEqual(await channel.transmit(new Uint8Array([1, 2, 3])), new Uint8Array([1, 2, 3]));
  assert.equal(device.requests.at(-1)!.cid, CID);
});

test('a continuation packet out of sequence is a malformed reply', async () => {
  const device = new ScriptedDevice((d) => {
    const [first, , second] = fragment(CID, CTAPHID.MSG, new Uint8Array(200));
    d.push(first!);
    d.push(second!); // sequence 1 where 0 belongs
  });
  await rejectsWith(new CtapHidChannel(device, { idleTimeoutMs: 500 }).transmit(new Uint8Array([0])), 'token.malformed-reply');
});

test('packets on other channels are skipped, the reply on ours is taken', async () => {
  const device = new ScriptedDevice((d, cmd, payload) => {
    d.reply(CID + 1, cmd, new Uint8Array([0xde, 0xad]));
    d.reply(CID, cmd, payload);
  });
  const payload = new Uint8Array(randomBytes(100));
  assert.deepEqual(await new CtapHidChannel(device).transmit(payload), payload);
});

test('keep-alives extend the timeout while the device works', async () => {
  const device = new ScriptedDevice((d, cmd, payload) => {
    const started = Date.now();
    const tick = () => {
      if (Date.now() - started >= 300) return d.reply(CID, cmd, payload);
      d.reply(CID, CTAPHID.KEEPALIVE, new Uint8Array([1]));
      setTimeout(tick, 30);
    };
    tick();
  });
  const started = Date.now();
  assert.deepEqual(await new CtapHidChannel(device, { idleTimeoutMs: 120 }).transmit(new Uint8Array([7])), new Uint8Array([7]));
  assert.ok(Date.now() - started >= 290, 'the reply came long after the idle timeout would have fired');
});

test('keep-alives cannot stretch a command past the ceiling', async () => {
  let keepAlives: ReturnType<typeof setInterval> | undefined;
  const device = new ScriptedDevice((d) => {
    keepAlives = setInterval(() => d.reply(CID, CTAPHID.KEEPALIVE, new Uint8Array([1])), 20);
    // Long past the ceiling, so a ceiling that does not work fails the timing check below instead of hanging.
    setTimeout(() => clearInterval(keepAlives), 2000).unref();
  });
  const started = Date.now();
  try {
    await rejectsWith(new CtapHidChannel(device, { idleTimeoutMs: 120, ceilingMs: 200 }).transmit(new Uint8Array([1])), 'token.timeout');
    assert.ok(Date.now() - started < 1000, 'the ceiling ended it while keep-alives were still coming');
  } finally {
    clearInterval(keepAlives);
  }
});

test('silence times out, cancels, and the next command starts on a fresh channel', async () => {
  let answer = false;
  const device = new ScriptedDevice((d, cmd, payload) => {
    if (answer) d.reply(CID, cmd, payload);
  });
  const channel = new CtapHidChannel(device, { idleTimeoutMs: 60 });
  const started = Date.now();
  const error = await rejectsWith(channel.transmit(new Uint8Array([1])), 'token.timeout');
  assert.ok(Date.now() - started < 1000);
  assert.match(error.text.vi, /không trả lời/);
  assert.ok(device.requests.some((r) => r.cmd === CTAPHID.CANCEL && r.cid === CID));
  answer = true;
  assert.deepEqual(await channel.transmit(new Uint8Array([2])), new Uint8Array([2]));
  assert.equal(device.requests.filter((r) => r.cmd === CTAPHID.INIT).length, 2);
});

test('CTAPHID errors from the device become bilingual DeskErrors', async () => {
  const busy = new ScriptedDevice((d) => d.reply(CID, CTAPHID.ERROR, new Uint8Array([CTAPHID_ERROR.CHANNEL_BUSY])));
  await rejectsWith(new CtapHidChannel(busy).transmit(new Uint8Array([1])), 'token.busy');
  const invalid = new ScriptedDevice((d) => d.reply(CID, CTAPHID.ERROR, new Uint8Array([CTAPHID_ERROR.INVALID_CMD])));
  const error = await rejectsWith(new CtapHidChannel(invalid).transmit(new Uint8Array([1])), 'token.protocol-error');
  assert.match(error.text.en, /0x01/);
});

test('a device that declares it has no CTAPHID_MSG is not a PIV token', async () => {
  const fido2Only = new ScriptedDevice(echo, CAPABILITY_NMSG);
  await rejectsWith(new CtapHidChannel(fido2Only).transmit(new Uint8Array([0])), 'token.not-piv');
  assert.ok(!fido2Only.requests.some((r) => r.cmd === CTAPHID.MSG), 'no APDU was sent');
});

test('a report of the wrong size or a reply to another command is malformed', async () => {
  const short = new ScriptedDevice((d) => d.push(new Uint8Array(40)));
  await rejectsWith(new CtapHidChannel(short).transmit(new Uint8Array([1])), 'token.malformed-reply');
  const ping = new ScriptedDevice((d, _cmd, payload) => d.reply(CID, CTAPHID.PING, payload));
  await rejectsWith(new CtapHidChannel(ping).transmit(new Uint8Array([1])), 'token.malformed-reply');
});
