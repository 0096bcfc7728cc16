// `desk hid list` and `desk qr listen` against emulated devices: no real HID device is opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EmulatedBarcodeScanner, EmulatedScannerBus } from '../barcode/emulator.ts';
import { EMULATOR_PRODUCT_ID, EMULATOR_VENDOR_ID, FIDO_USAGE_PAGE } from '../token/hid/emulator.ts';
import { hid, qr } from './hid.ts';
import type { CliIo } from './io.ts';

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), readStdin: async () => '' };
}

const CCCD = '001090000111||Nguyễn Văn Ấn|01011990|Nam|Hà Nội|15042021';

test('desk hid list marks each HID device: barcode scanner (HID POS or vendor layout), token, other', async () => {
  // Listed only, never opened: the token emulator's ids and a mouse.
  const bus = new EmulatedScannerBus({
    enumerate: async () => [
      { path: 'token', vendorId: EMULATOR_VENDOR_ID, productId: EMULATOR_PRODUCT_ID, usagePage: FIDO_USAGE_PAGE, usage: 0x01, product: 'Token' },
      { path: 'mouse', vendorId: 0x046d, productId: 0xc077, usagePage: 0x01, usage: 0x02, product: 'Mouse' },
    ],
    open: () => Promise.reject(new Error('not opened in this test')),
  });
  bus.add(new EmulatedBarcodeScanner('hid-pos'));
  bus.add(new EmulatedBarcodeScanner('vendor'));
  const io = captureIo();
  assert.equal(await hid(['list', '--json'], io, { transport: bus }), 0);
  const rows = JSON.parse(io.stdout.join('\n')) as { kind: string; usagePage: string }[];
  assert.deepEqual(
    rows.map((r) => `${r.kind} ${r.usagePage}`),
    ['barcode-hid-pos 008C', 'barcode-vendor FF00', 'token F1D0', 'other 0001'],
  );
  const text = captureIo();
  assert.equal(await hid(['list'], text, { transport: bus }), 0);
  assert.ok(text.stdout.some((l) => l.includes('HID POS') && l.includes('usage page 0x008C')));
});

test('desk qr listen prints scans as they arrive without their text unless --show, and refusals in both languages', async () => {
  const bus = new EmulatedScannerBus();
  const scanner = bus.add(new EmulatedBarcodeScanner('hid-pos'));
  const quiet = captureIo();
  const listening = () => {
    scanner.scan(CCCD);
    scanner.scan(Uint8Array.of(0xff, 0xfe));
  };
  assert.equal(await qr(['listen', '--count', '2'], quiet, { transport: bus, onListening: listening }), 0);
  const out = quiet.stdout.join('\n');
  assert.ok(!out.includes('Nguy') && !out.includes('001090000111'), out);
  assert.match(out, /Đang nghe \/ listening/);
  assert.match(out, /#1 .*byte, \]Q1/);
  assert.match(out, /#2 .*UTF-8.*\/ The scanned code is not valid UTF-8/);

  const shown = captureIo();
  assert.equal(await qr(['listen', '--count', '1', '--show'], shown, { transport: bus, onListening: () => scanner.scan(CCCD) }), 0);
  assert.ok(shown.stdout.some((l) => l.endsWith(`\t${CCCD}`)));
});

test('desk qr listen --emulator shows the whole path with a fake card; bad arguments print the usage', async () => {
  const io = captureIo();
  assert.equal(await qr(['listen', '--emulator', '--count', '1', '--show'], io), 0);
  assert.ok(io.stdout.some((l) => l.includes('Nguyễn Văn Ấn')));
  const bad = captureIo();
  assert.equal(await qr(['listen', '--count', '0'], bad), 2);
  assert.equal(await hid(['show'], bad), 2);
});
