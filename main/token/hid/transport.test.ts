// node-hid itself needs hardware; what is tested here is everything around it:
// the device list, filtering, and how reads, writes and failures are mapped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Device } from 'node-hid';
import { DeskError } from '#domain/errors.ts';
import { defaultKnownDevices, matchKnownDevice, parseKnownDevices, tokenDevices } from './knownDevices.ts';
import { createNodeHidTransport, type NodeHidApi } from './nodeHid.ts';

const keyboard: Device = {
  vendorId: 0x046d,
  productId: 0xc31c,
  path: '/dev/hidraw0',
  release: 1,
  interface: 0,
  usagePage: 0x01,
  usage: 0x06,
  product: 'Keyboard',
};
const fido: Device = {
  vendorId: 0x1050,
  productId: 0x0407,
  path: '/dev/hidraw1',
  release: 1,
  interface: 1,
  usagePage: 0xf1d0,
  usage: 0x01,
  product: 'Security Key',
};
const emulatorIds: Device = { vendorId: 0x1209, productId: 0x0001, path: '/dev/hidraw2', release: 1, interface: 0, usagePage: 0xf1d0, usage: 0x01 };
const noPath: Device = { vendorId: 0x1209, productId: 0x0001, release: 1, interface: 0, usagePage: 0xf1d0 };

test('the bundled device list parses and names the emulator and the FIDO usage page', () => {
  assert.ok(defaultKnownDevices.length >= 2);
  const emulator = defaultKnownDevices.find((d) => d.vendorId === 0x1209 && d.productId === 0x0001);
  assert.equal(emulator?.confirmed, true);
  assert.ok(defaultKnownDevices.some((d) => d.vendorId === undefined && d.usagePage === 0xf1d0));
  for (const vendor of defaultKnownDevices.filter((d) => d.vendorId !== undefined && d !== emulator)) assert.equal(vendor.confirmed, false, vendor.name);
});

test('an administrator’s list accepts hex or numbers and rejects entries that match everything', () => {
  const list = parseKnownDevices({ devices: [{ name: 'X', vendorId: '0x0A5C', productId: 4660, confirmed: false }] });
  assert.deepEqual(list, [{ name: 'X', vendorId: 0x0a5c, productId: 0x1234, confirmed: false }]);
  assert.throws(
    () => parseKnownDevices({ devices: [{ name: 'any', confirmed: true }] }),
    (e: unknown) => e instanceof DeskError && e.code === 'token.known-devices',
  );
  assert.throws(() => parseKnownDevices({ devices: [{ name: 'big', vendorId: '0x12345', confirmed: true }] }), DeskError);
});

test('enumeration through node-hid keeps only token interfaces', async () => {
  const api: NodeHidApi = { devicesAsync: async () => [keyboard, fido, emulatorIds, noPath], open: async () => assert.fail('not opened') };
  const all = await createNodeHidTransport(api).enumerate();
  assert.deepEqual(
    all.map((d) => d.path),
    ['/dev/hidraw0', '/dev/hidraw1', '/dev/hidraw2'],
    'an interface without a path cannot be opened and is dropped',
  );
  const tokens = tokenDevices(all, defaultKnownDevices);
  assert.deepEqual(
    tokens.map((t) => [t.device.path, t.known.name]),
    [
      ['/dev/hidraw1', 'FIDO HID interface (any vendor)'],
      ['/dev/hidraw2', 'Một Cửa Desk token emulator'],
    ],
  );
  assert.equal(matchKnownDevice(all[0]!, defaultKnownDevices), undefined);
  const onlyEmulator = parseKnownDevices({ devices: [{ name: 'emu', vendorId: 0x1209, productId: 1, confirmed: true }] });
  assert.deepEqual(
    tokenDevices(all, onlyEmulator).map((t) => t.device.path),
    ['/dev/hidraw2'],
  );
});

test('a node-hid connection adds the report id, maps silence to null and failures to device-gone', async () => {
  const written: Buffer[] = [];
  const reads: (Buffer | Error)[] = [Buffer.alloc(64, 7), Buffer.alloc(0), new Error('could not read data from device')];
  let closed = 0;
  const handle = {
    write: async (data: number[] | Buffer) => {
      written.push(Buffer.from(data));
      return data.length;
    },
    read: async () => {
      const next = reads.shift()!;
      if (next instanceof Error) throw next;
      return next;
    },
    close: async () => {
      closed++;
      throw new Error('already gone');
    },
  };
  const connection = await createNodeHidTransport({ devicesAsync: async () => [], open: async () => handle }).open('/dev/hidraw1');
  await connection.write(new Uint8Array(64).fill(0xab));
  assert.equal(written[0]!.length, 65);
  assert.equal(written[0]![0], 0, 'report id 0 first');
  assert.equal(written[0]![1], 0xab);
  assert.deepEqual(await connection.read(100), new Uint8Array(64).fill(7));
  assert.equal(await connection.read(100), null);
  await assert.rejects(connection.read(100), (e: unknown) => e instanceof DeskError && e.code === 'token.device-gone');
  await assert.rejects(connection.write(new Uint8Array(64)), (e: unknown) => e instanceof DeskError && e.code === 'token.device-gone');
  await connection.close();
  assert.equal(closed, 1);
});

test('a device that cannot be opened gives a clear error', async () => {
  const transport = createNodeHidTransport({ devicesAsync: async () => [], open: async () => Promise.reject(new Error('cannot open device')) });
  await assert.rejects(transport.open('/dev/hidraw9'), (e: unknown) => e instanceof DeskError && e.code === 'token.cannot-open');
});

test('the real node-hid binding loads through the async API and enumerates without blocking', async () => {
  // No token is attached on build machines: this checks the module shape and the mapping, not a device.
  const devices = await createNodeHidTransport().enumerate();
  assert.ok(Array.isArray(devices));
  for (const device of devices) assert.equal(typeof device.path, 'string');
});
