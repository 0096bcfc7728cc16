import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '#domain/errors.ts';
import { defaultLayouts, HID_POS_USAGE_PAGE, layoutFor, parseLayouts, type ReportLayout } from './layouts.ts';
import { decodeReport, encodeReports, ScanAssembler, type ScanOutcome } from './reports.ts';

const hidPos = layoutFor({ vendorId: 0x0c2e, productId: 0x0b61, usagePage: HID_POS_USAGE_PAGE }, defaultLayouts)!;
const vendor = layoutFor({ vendorId: 0x1209, productId: 0x0002, usagePage: 0xff00 }, defaultLayouts)!;
const utf8 = (s: string) => new TextEncoder().encode(s);
// A citizen-ID QR as the card prints it: id|old id|name|birth|sex|address|issued.
const CCCD = '001099012345|123456789|Nguyễn Văn Ấn|01011990|Nam|Số 1 Phố Huế, Phường Hai Bà Trưng, Hà Nội|01072021';

function feed(assembler: ScanAssembler, reports: Uint8Array[]): ScanOutcome[] {
  return reports.map((r) => assembler.push(r)).filter((o): o is ScanOutcome => o !== null);
}

test('the bundled file gives the HID POS layout to any usage-page 0x8C interface and the emulator its vendor layout', () => {
  assert.equal(hidPos.reportId, 0x02);
  assert.equal(hidPos.dataCapacity, 56);
  assert.equal(vendor.reportId, 0x01);
  assert.equal(layoutFor({ vendorId: 0x046d, productId: 0xc52b, usagePage: 0x01 }, defaultLayouts), null);
});

test('a citizen-ID QR spanning several HID POS reports arrives whole, Vietnamese intact, with its symbology', () => {
  const reports = encodeReports(utf8(CCCD), hidPos, ']Q1');
  assert.ok(reports.length >= 2, 'the payload needs more than one report');
  const assembler = new ScanAssembler(hidPos);
  const outcomes = feed(assembler, reports);
  assert.equal(outcomes.length, 1);
  const [scan] = outcomes;
  assert.ok(scan?.ok);
  assert.equal(scan.text, CCCD);
  assert.ok(scan.text.includes('Nguyễn Văn Ấn'));
  assert.equal(scan.symbology, ']Q1');
  assert.equal(scan.reports, reports.length);
});

test('a multi-byte letter split across two reports is joined before decoding', () => {
  // "Ấ" is three bytes in UTF-8; put its first byte at the very end of the first report.
  const payload = utf8('x'.repeat(hidPos.dataCapacity - 1) + 'Ấn');
  const [scan] = feed(new ScanAssembler(hidPos), encodeReports(payload, hidPos));
  assert.ok(scan?.ok);
  assert.ok(scan.text.endsWith('Ấn'));
});

test('the vendor-defined layout from the data file reads its own report id, length and flag', () => {
  const reports = encodeReports(utf8(CCCD), vendor);
  assert.equal(reports[0]?.[0], 0x01);
  assert.equal(reports[0]?.[62], 0x80);
  const [scan] = feed(new ScanAssembler(vendor), reports);
  assert.ok(scan?.ok);
  assert.equal(scan.text, CCCD);
  assert.equal(scan.symbology, null);
});

test('an administrator layout file is checked: data outside the report is refused with a bilingual message', () => {
  const bad = { ...vendor, dataOffset: 10, dataCapacity: 60 };
  assert.throws(
    () => parseLayouts({ layouts: [bad] }),
    (e) => isDeskError(e) && e.code === 'barcode.bad-layouts' && e.text.vi.startsWith('Tệp'),
  );
  const catchAll: Partial<ReportLayout> = { ...vendor };
  delete catchAll.vendorId;
  delete catchAll.productId;
  assert.throws(
    () => parseLayouts({ layouts: [catchAll] }),
    (e) => isDeskError(e) && e.code === 'barcode.bad-layouts',
  );
});

test('garbage reports are ignored and counted, and a scan around them still arrives', () => {
  const assembler = new ScanAssembler(hidPos);
  const [first, ...rest] = encodeReports(utf8(CCCD), hidPos);
  const wrongId = new Uint8Array(64).fill(0x41);
  const short = new Uint8Array([0x02, 3, 0x41]);
  const badLength = new Uint8Array(64);
  badLength[0] = 0x02;
  badLength[1] = 200;
  const outcomes = feed(assembler, [wrongId, first!, short, badLength, ...rest]);
  assert.equal(outcomes.length, 1);
  assert.ok(outcomes[0]?.ok);
  assert.equal(outcomes[0].text, CCCD);
  assert.deepEqual(assembler.counts, { reports: 4 + rest.length, scans: 1, garbage: 3, rejected: 0, swallowed: 0 });
  assert.deepEqual(decodeReport(badLength, hidPos), { kind: 'garbage', reason: 'length' });
});

test('bytes that are not UTF-8 give a clear message and no text', () => {
  const [scan] = feed(new ScanAssembler(hidPos), encodeReports(new Uint8Array([0x4e, 0xc3, 0x28, 0xff]), hidPos));
  assert.ok(scan && !scan.ok);
  assert.equal(scan.error.code, 'barcode.invalid-utf8');
  assert.ok(!('text' in scan));
});

test('a 100 KB scan is refused whole, and the scanner reads the next code normally', () => {
  const assembler = new ScanAssembler(hidPos);
  const huge = encodeReports(new Uint8Array(100 * 1024).fill(0x41), hidPos);
  const outcomes = feed(assembler, [...huge, ...encodeReports(utf8('HS-001'), hidPos)]);
  assert.equal(outcomes.length, 2);
  assert.ok(outcomes[0] && !outcomes[0].ok);
  assert.equal(outcomes[0].error.code, 'barcode.too-long');
  assert.ok(outcomes[1]?.ok);
  assert.equal(outcomes[1].text, 'HS-001');
  assert.equal(assembler.counts.rejected, 1);
});

test('a flood of empty reports that never clears "more follows" is cut off and counted', () => {
  const assembler = new ScanAssembler(hidPos, { maxScanBytes: 4096, maxReportsPerScan: 8 });
  const stuck = encodeReports(new Uint8Array(0), hidPos)[0]!;
  stuck[hidPos.continuedOffset] = 1;
  const outcomes = feed(
    assembler,
    Array.from({ length: 100 }, () => stuck),
  );
  assert.equal(outcomes.length, 1, 'one refusal, said once');
  assert.ok(outcomes[0] && !outcomes[0].ok && outcomes[0].error.code === 'barcode.flood');
  assert.equal(assembler.counts.swallowed, 100 - 9);
});

test('unplugging mid-scan reports the cut and drops what arrived', () => {
  const assembler = new ScanAssembler(hidPos);
  const [first] = encodeReports(utf8(CCCD), hidPos);
  assert.equal(assembler.push(first!), null);
  const cut = assembler.abort();
  assert.ok(cut && !cut.ok);
  assert.equal(cut.error.code, 'barcode.unplugged');
  assert.equal(assembler.abort(), null, 'nothing in progress after the cut');
});

test('a trailing CR LF the scanner adds is no part of the code', () => {
  const [scan] = feed(new ScanAssembler(hidPos), encodeReports(utf8('HS-001\r\n'), hidPos));
  assert.ok(scan?.ok);
  assert.equal(scan.text, 'HS-001');
});
