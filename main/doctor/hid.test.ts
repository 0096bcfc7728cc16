// HID checks against real files standing in for /dev (a hidraw node that cannot be opened, the
// udev rule present or not) and device lists as node-hid returns them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Device } from 'node-hid';
import { checkHidAccess, checkHidDevices, hidKind } from './hid.ts';

function devDir(): { dir: string; rule: string } {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-hid-'));
  writeFileSync(join(dir, 'hidraw0'), '', { mode: 0o600 });
  writeFileSync(join(dir, 'tty0'), '');
  return { dir, rule: join(dir, '70-mot-cua-desk-hid.rules') };
}

const device = (d: Partial<Device>): Device => ({ vendorId: 0x1234, productId: 0x5678, release: 1, interface: 0, path: '/dev/hidraw9', ...d });

test('hidraw nodes this account opens and the udev rule installed: ok, naming the rule', async () => {
  const { dir, rule } = devDir();
  writeFileSync(rule, 'SUBSYSTEM=="hidraw"\n');
  const c = await checkHidAccess({ platform: 'linux', devDir: dir, udevRules: [rule] });
  assert.equal(c.status, 'ok');
  assert.match(c.en, /1 hidraw devices can be opened; udev rule: .*70-mot-cua-desk-hid\.rules/);
});

test('no udev rule installed: a warning that names the file the deb would install', async () => {
  const { dir, rule } = devDir();
  const c = await checkHidAccess({ platform: 'linux', devDir: dir, udevRules: [rule] });
  assert.equal(c.status, 'warning');
  assert.match(c.vi, /chưa cài/);
  assert.match(c.en, /70-mot-cua-desk-hid\.rules: not installed/);
  assert.match(c.fix.en, /udevadm/);
});

test('a hidraw node that cannot be opened is a problem, named', async () => {
  const { dir, rule } = devDir();
  writeFileSync(rule, '');
  // Root opens a mode-000 file anyway; a node that points nowhere cannot be opened by anyone.
  if (process.getuid?.() === 0) symlinkSync(join(dir, 'gone'), join(dir, 'hidraw3'));
  else writeFileSync(join(dir, 'hidraw3'), '', { mode: 0o000 });
  const c = await checkHidAccess({ platform: 'linux', devDir: dir, udevRules: [rule] });
  assert.equal(c.status, 'problem');
  assert.match(c.en, /cannot open 1 of 2 hidraw devices \(hidraw3\)/);
  assert.match(c.vi, /không mở được 1\/2/);
});

test('Windows needs no HID permission', async () => {
  assert.equal((await checkHidAccess({ platform: 'win32', devDir: '/nonexistent' })).status, 'ok');
});

test('devices are marked barcode scanner (usage page 0x8C or a vendor layout), token (known-devices.json) or other', () => {
  assert.equal(hidKind(device({ usagePage: 0x8c })), 'barcode-scanner');
  // The barcode emulator's vendor-defined mode, listed in main/barcode/scanner-layouts.json.
  assert.equal(hidKind(device({ vendorId: 0x1209, productId: 0x0002, usagePage: 0xff00 })), 'barcode-scanner');
  assert.equal(hidKind(device({ vendorId: 0x1209, productId: 0x0001, usagePage: 0xf1d0 })), 'token');
  assert.equal(hidKind(device({ usagePage: 0x01 })), 'other');
});

test('a HID POS scanner present: ok, counted and named without its serial number', async () => {
  const devices = [
    device({ usagePage: 0x8c, manufacturer: 'Honeywell', product: 'Xenon 1950g', serialNumber: 'SECRET-SN-1', path: '/dev/hidraw1' }),
    device({ vendorId: 0x1209, productId: 0x0001, usagePage: 0xf1d0, path: '/dev/hidraw2' }),
    device({ usagePage: 0x01, path: '/dev/hidraw3' }),
  ];
  const c = await checkHidDevices({ devices: async () => devices });
  assert.equal(c.status, 'ok');
  assert.match(c.en, /1 token, 1 barcode scanner read over HID, 1 other \(Honeywell Xenon 1950g: HID POS\)/);
  assert.doesNotMatch(JSON.stringify(c), /SECRET-SN-1/);
});

test('a scanner in a vendor layout is read over HID too, and named so', async () => {
  const c = await checkHidDevices({ devices: async () => [device({ vendorId: 0x1209, productId: 0x0002, product: 'Emulator' })] });
  assert.equal(c.status, 'ok');
  assert.match(c.en, /\(Emulator: vendor layout\)/);
});

test('no scanner read over HID: a warning saying how to switch it to HID POS', async () => {
  const c = await checkHidDevices({ devices: async () => [device({ usagePage: 0x01 })] });
  assert.equal(c.status, 'warning');
  assert.match(c.fix.vi, /HID POS/);
});

test('node-hid failing to list is a problem', async () => {
  const c = await checkHidDevices({
    devices: async () => {
      throw new Error('hid_enumerate failed');
    },
  });
  assert.equal(c.status, 'problem');
  assert.match(c.en, /hid_enumerate failed/);
});
