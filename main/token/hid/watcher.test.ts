import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulatorIdentity } from './emulatedToken.ts';
import { EmulatedHidBus, EmulatedToken } from './emulator.ts';
import { HidTokens } from './hidToken.ts';
import { defaultKnownDevices } from './knownDevices.ts';
import { PivApplet } from './pivApplet.ts';
import type { HidDeviceInfo } from './transport.ts';
import { TokenWatcher, type Clock, type TokenEvent } from './watcher.ts';

/** A clock that only moves when the test says so. */
class ManualClock implements Clock {
  private pending: { at: number; callback: () => void; handle: number }[] = [];
  private now = 0;
  private nextHandle = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.nextHandle++;
    this.pending.push({ at: this.now + ms, callback, handle });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.handle !== handle);
  }

  get scheduled(): number {
    return this.pending.length;
  }

  /** Moves time on and runs what fell due, letting each poll finish. */
  async advance(ms: number): Promise<void> {
    this.now += ms;
    for (;;) {
      const due = this.pending.filter((p) => p.at <= this.now);
      if (due.length === 0) return;
      this.pending = this.pending.filter((p) => p.at > this.now);
      for (const p of due) p.callback();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

const tokenA: HidDeviceInfo = { path: 'usb-1', vendorId: 0x1209, productId: 0x0001, usagePage: 0xf1d0 };
const tokenB: HidDeviceInfo = { path: 'usb-2', vendorId: 0x1050, productId: 0x0407, usagePage: 0xf1d0 };
const mouse: HidDeviceInfo = { path: 'usb-3', vendorId: 0x046d, productId: 0xc077, usagePage: 0x01 };

test('polling reports tokens plugged in and pulled out, and nothing else', async () => {
  let present: HidDeviceInfo[] = [tokenA, mouse];
  const clock = new ManualClock();
  const events: string[] = [];
  const watcher = new TokenWatcher({ enumerate: async () => present, known: defaultKnownDevices, intervalMs: 500, clock });
  watcher.onChange((e: TokenEvent) => events.push(`${e.type} ${e.token.device.path}`));
  watcher.start();
  await settle();
  assert.deepEqual(events, ['attach usb-1'], 'what is present at start counts as attached');

  present = [tokenA, tokenB, mouse];
  await clock.advance(499);
  assert.deepEqual(events, ['attach usb-1'], 'nothing before the interval');
  await clock.advance(1);
  assert.deepEqual(events, ['attach usb-1', 'attach usb-2']);

  present = [tokenB];
  await clock.advance(500);
  assert.deepEqual(events.slice(2), ['detach usb-1']);
  assert.deepEqual(
    watcher.current().map((t) => t.device.path),
    ['usb-2'],
  );

  watcher.stop();
  assert.equal(clock.scheduled, 0);
  present = [];
  await clock.advance(5000);
  assert.equal(events.length, 3, 'a stopped watcher reports nothing');
});

test('a failed enumeration is reported and polling goes on', async () => {
  let fail = true;
  const clock = new ManualClock();
  const errors: unknown[] = [];
  const events: TokenEvent[] = [];
  const watcher = new TokenWatcher({
    enumerate: async () => {
      if (fail) throw new Error('hub reset');
      return [tokenA];
    },
    known: defaultKnownDevices,
    clock,
    onError: (e) => errors.push(e),
  });
  watcher.onChange((e) => events.push(e));
  watcher.start();
  await settle();
  assert.equal(errors.length, 1);
  fail = false;
  await clock.advance(1000);
  assert.deepEqual(
    events.map((e) => e.type),
    ['attach'],
  );
  watcher.stop();
});

test('the emulated bus drives the watcher through plug and unplug', async () => {
  const identity = await createEmulatorIdentity({ keyKind: 'ecdsa' });
  const token = new EmulatedToken(new PivApplet({ certificate: identity.certificate, privateKey: identity.privateKey }));
  const bus = new EmulatedHidBus();
  bus.add(token);
  const clock = new ManualClock();
  const watcher = new HidTokens({ transport: bus }).watch({ intervalMs: 250, clock });
  const events: string[] = [];
  watcher.onChange((e) => events.push(`${e.type} ${e.token.device.path}`));
  watcher.start();
  await settle();
  token.unplug();
  await clock.advance(250);
  token.plugIn();
  await clock.advance(250);
  watcher.stop();
  assert.deepEqual(events, [`attach ${token.info.path}`, `detach ${token.info.path}`, `attach ${token.info.path}`]);
});
