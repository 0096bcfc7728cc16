import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BarcodeEvent } from '#preload/wire/barcode.ts';
import { EmulatedBarcodeScanner, EmulatedScannerBus, HID_POS_REPORT_DESCRIPTOR } from './emulator.ts';
import { BarcodeService } from './service.ts';

const CCCD = '001099012345|123456789|Nguyễn Văn Ấn|01011990|Nam|Số 1 Phố Huế, Phường Hai Bà Trưng, Hà Nội|01072021';

/** Collects log lines, so tests can check that no scanned text is ever logged. */
function capturingLog() {
  const lines: string[] = [];
  const write = (message: string, fields?: Record<string, unknown>) => void lines.push(JSON.stringify({ message, ...fields }));
  return { lines, log: { info: write, error: write } };
}

async function setup() {
  const bus = new EmulatedScannerBus();
  const { lines, log } = capturingLog();
  const service = new BarcodeService({ transport: bus, log });
  return { bus, service, lines };
}

/** Waits for the scans after `after`; the wait bound only keeps a broken test from hanging. */
async function scansAfter(service: BarcodeService, after: number, count: number): Promise<BarcodeEvent[]> {
  const events: BarcodeEvent[] = [];
  while (events.length < count) {
    const batch = await service.next(events.at(-1)?.seq ?? after, 5000);
    assert.ok(batch.events.length > 0, 'a scan arrives');
    events.push(...batch.events);
  }
  return events;
}

test('the emulated HID POS descriptor is on usage page 0x8C and describes 63 bytes after report id 2', () => {
  const d = HID_POS_REPORT_DESCRIPTOR;
  assert.deepEqual([...d.subarray(0, 4)], [0x05, 0x8c, 0x09, 0x02]);
  // Sum the Input items' bits, tracking Report Size (0x75) and Report Count (0x95).
  let size = 0;
  let count = 0;
  let bits = 0;
  for (let i = 0; i < d.length;) {
    const prefix = d[i]!;
    const length = [0, 1, 2, 4][prefix & 3]!;
    const value = length === 0 ? 0 : length === 1 ? d[i + 1]! : d[i + 1]! | (d[i + 2]! << 8);
    if ((prefix & 0xfc) === 0x74) size = value;
    if ((prefix & 0xfc) === 0x94) count = value;
    if ((prefix & 0xfc) === 0x80) bits += size * count;
    i += 1 + length;
  }
  assert.equal(bits, 63 * 8);
});

test('a scan split over several reports reaches the renderer queue whole, "Nguyễn Văn Ấn" intact, and nothing of it is logged', async () => {
  const { bus, service, lines } = await setup();
  const scanner = bus.add(new EmulatedBarcodeScanner('hid-pos'));
  service.start();
  await service.poll();
  assert.equal(service.scannersFound()[0]?.mode, 'hid-pos');
  scanner.scan(CCCD);
  const [event] = await scansAfter(service, 0, 1);
  assert.ok(event?.ok);
  assert.equal(event.text, CCCD);
  assert.equal(event.symbology, ']Q1');
  await service.close();
  const logged = lines.join('\n');
  assert.ok(!logged.includes('Nguy') && !logged.includes('001099012345'), 'no personal data in the log');
  assert.match(logged, /barcode scan/);
});

test('two scanners at once, one in a vendor-defined layout from the data file, each read on its own', async () => {
  const { bus, service } = await setup();
  const pos = bus.add(new EmulatedBarcodeScanner('hid-pos'));
  const vendor = bus.add(new EmulatedBarcodeScanner('vendor'));
  service.start();
  await service.poll();
  assert.deepEqual(
    service
      .scannersFound()
      .map((s) => s.mode)
      .sort(),
    ['hid-pos', 'vendor'],
  );
  vendor.scan(CCCD, null);
  const [first] = await scansAfter(service, 0, 1);
  pos.scan('HS-001');
  const [second] = await scansAfter(service, first!.seq, 1);
  assert.ok(first?.ok && second?.ok);
  assert.equal(first.text, CCCD);
  assert.equal(first.mode, 'vendor');
  assert.equal(second.text, 'HS-001');
  await service.close();
});

test('garbage reports are ignored and counted, and the scan after them arrives', async () => {
  const { bus, service, lines } = await setup();
  const scanner = bus.add(new EmulatedBarcodeScanner('hid-pos'));
  service.start();
  await service.poll();
  scanner.sendGarbage(6);
  scanner.scan('HS-002');
  const [event] = await scansAfter(service, 0, 1);
  assert.ok(event?.ok);
  assert.equal(event.text, 'HS-002');
  assert.equal(service.scannersFound()[0]?.counts.garbage, 6);
  assert.ok(
    lines.some((l) => l.includes('"garbage":6')),
    'the count is logged',
  );
  await service.close();
});

test('unplugging mid-scan is reported, nothing half is delivered, and the replugged scanner reads again', async () => {
  const { bus, service } = await setup();
  const scanner = bus.add(new EmulatedBarcodeScanner('hid-pos'));
  service.start();
  await service.poll();
  scanner.unplugMidScan(CCCD);
  const [cut] = await scansAfter(service, 0, 1);
  assert.ok(cut && !cut.ok);
  assert.equal(cut.code, 'barcode.unplugged');
  assert.match(cut.message.vi, /rút ra/);
  await service.poll();
  assert.equal(service.scannersFound().length, 0);
  scanner.plugIn();
  await service.poll();
  scanner.scan('HS-003');
  const [again] = await scansAfter(service, cut.seq, 1);
  assert.ok(again?.ok);
  assert.equal(again.text, 'HS-003');
  await service.close();
});

test('a 100 KB scan and invalid UTF-8 each give a clear refusal with no text', async () => {
  const { bus, service } = await setup();
  const scanner = bus.add(new EmulatedBarcodeScanner('hid-pos'));
  service.start();
  await service.poll();
  scanner.scan(new Uint8Array(100 * 1024).fill(0x41));
  scanner.scan(Uint8Array.of(0x4e, 0xc3, 0x28));
  const events = await scansAfter(service, 0, 2);
  assert.deepEqual(
    events.map((e) => (e.ok ? 'ok' : e.code)),
    ['barcode.too-long', 'barcode.invalid-utf8'],
  );
  for (const e of events) assert.ok(!('text' in e));
  await service.close();
});

test('uncollected scans are bounded: the oldest are dropped and counted', async () => {
  const bus = new EmulatedScannerBus();
  const { log } = capturingLog();
  const service = new BarcodeService({ transport: bus, log, keep: 3 });
  const scanner = bus.add(new EmulatedBarcodeScanner('hid-pos'));
  service.start();
  await service.poll();
  for (let i = 0; i < 5; i++) scanner.scan(`HS-${i}`);
  let batch = await service.next(0, 5000);
  while (batch.last < 5) batch = await service.next(batch.last, 5000);
  assert.equal(batch.dropped, 2);
  const all = await service.next(0, 0);
  assert.deepEqual(
    all.events.map((e) => (e.ok ? e.text : e.code)),
    ['HS-2', 'HS-3', 'HS-4'],
  );
  await service.close();
});

test('a scanner that cannot be opened (no hidraw access) is listed as such and logged once, not at every poll', async () => {
  const scanner = new EmulatedBarcodeScanner('hid-pos');
  const { lines, log } = capturingLog();
  const service = new BarcodeService({
    transport: { enumerate: async () => [scanner.info], open: () => Promise.reject(new Error('EACCES')) },
    log,
  });
  await service.poll();
  await service.poll();
  await service.poll();
  assert.deepEqual(
    service.scannersFound().map((s) => [s.mode, s.denied]),
    [['hid-pos', true]],
  );
  assert.equal(lines.filter((l) => l.includes('cannot be opened')).length, 1);
  await service.close();
});
