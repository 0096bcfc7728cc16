// The composition root reads barcode scanners through the transport the host gives it, and
// the renderer collects scans through the contract (barcode.next), validated like every call.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainServices } from '#main/host.ts';
import { dispatch } from '#main/api.ts';
import { createConsoleApprover } from '#main/settings/approval.ts';
import type { CheckedChange } from '#main/settings/adminSettings.ts';
import type { BarcodeBatch, BarcodeScannerView } from '#preload/wire/barcode.ts';
import { DEMO_CARD_QR, EmulatedBarcodeScanner, EmulatedScannerBus } from './emulator.ts';
import { EMULATED_SCANNER_IDS } from '#preload/wire/barcode.ts';
import { defaultLayouts, LAYOUTS_FILE_NAME } from './layouts.ts';

function servicesWith(bus: EmulatedScannerBus | undefined, layoutsFile?: string, demo?: EmulatedBarcodeScanner) {
  const dir = mkdtempSync(join(tmpdir(), 'desk-barcode-host-'));
  if (layoutsFile !== undefined) writeFileSync(join(dir, LAYOUTS_FILE_NAME), layoutsFile);
  const main = createMainServices({
    info: { host: 'web', version: 'test' },
    dataDir: dir,
    updateDir: join(dir, 'updates'),
    applyHost: null,
    approver: createConsoleApprover<CheckedChange>({ out: { write: () => true } }),
    appDirs: [dir],
    ...(bus ? { barcodeTransport: bus } : {}),
    ...(demo ? { barcodeDemo: demo } : {}),
  });
  after(async () => {
    await main.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return main;
}

test('a scan from the host’s scanner reaches barcode.next; a bad request is refused by the contract', async () => {
  const bus = new EmulatedScannerBus();
  const scanner = bus.add(new EmulatedBarcodeScanner('hid-pos'));
  const main = servicesWith(bus);
  const { handlers } = await main.ready;
  await main.barcodes.poll();
  const listed = await dispatch(handlers, 'barcode.scanners', {});
  assert.ok(listed.ok);
  assert.deepEqual(
    (listed.result as BarcodeScannerView[]).map((s) => s.mode),
    ['hid-pos'],
  );
  scanner.scan('Nguyễn Văn Ấn');
  const batch = await dispatch(handlers, 'barcode.next', { after: 0, waitMs: 5000 });
  assert.ok(batch.ok);
  const [event] = (batch.result as BarcodeBatch).events;
  assert.ok(event?.ok);
  assert.equal(event.text, 'Nguyễn Văn Ấn');
  const refused = await dispatch(handlers, 'barcode.next', { after: -1, waitMs: 10 ** 6 });
  assert.ok(!refused.ok && refused.error.code === 'invalid-input');
});

test('a host given no transport reads no device', async () => {
  const main = servicesWith(undefined);
  const { handlers } = await main.ready;
  await main.barcodes.poll();
  const listed = await dispatch(handlers, 'barcode.scanners', {});
  assert.ok(listed.ok);
  assert.deepEqual(listed.result, []);
});

test('an administrator layouts file in main’s data folder replaces the bundled one; a damaged one is set aside', async () => {
  const bus = new EmulatedScannerBus();
  bus.add(new EmulatedBarcodeScanner('hid-pos'));
  bus.add(new EmulatedBarcodeScanner('vendor'));
  const vendorOnly = defaultLayouts.filter((l) => l.vendorId === 0x1209);
  const own = servicesWith(bus, JSON.stringify({ layouts: vendorOnly }));
  await own.ready;
  await own.barcodes.poll();
  assert.deepEqual(
    own.barcodes.scannersFound().map((s) => s.mode),
    ['vendor'],
  );

  const damaged = servicesWith(bus, '{ "layouts": [ { "name": "no ids" } ] }');
  await damaged.ready;
  await damaged.barcodes.poll();
  assert.deepEqual(
    damaged.barcodes
      .scannersFound()
      .map((s) => s.mode)
      .sort(),
    ['hid-pos', 'vendor'],
  );
});

test('demo mode: barcode.demoScan makes the emulated scanner read main’s fake card; without the emulator it is refused', async () => {
  const bus = new EmulatedScannerBus();
  const scanner = bus.add(new EmulatedBarcodeScanner('hid-pos'));
  assert.equal(`${scanner.info.vendorId.toString(16).padStart(4, '0')}:${scanner.info.productId.toString(16).padStart(4, '0')}`, EMULATED_SCANNER_IDS);
  const demo = servicesWith(bus, undefined, scanner);
  const { handlers } = await demo.ready;
  await demo.barcodes.poll();
  const pressed = await dispatch(handlers, 'barcode.demoScan', {});
  assert.ok(pressed.ok);
  const batch = await dispatch(handlers, 'barcode.next', { after: 0, waitMs: 5000 });
  assert.ok(batch.ok);
  const [event] = (batch.result as BarcodeBatch).events;
  assert.ok(event?.ok && event.text === DEMO_CARD_QR);

  const plain = servicesWith(bus);
  const refused = await dispatch((await plain.ready).handlers, 'barcode.demoScan', {});
  assert.ok(!refused.ok && refused.error.code === 'barcode.no-demo');
});
