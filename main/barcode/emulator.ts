// Barcode scanners at the HID-report level, behind the same HidTransport seam as node-hid
// (main/token/hid/transport.ts), so the service, the CLI, the demo mode and the tests run
// their production code against them. Faults: garbage reports, unplug mid-scan, floods.
import { EmulatedInputReports } from '#main/token/hid/emulatedReports.ts';
import { tokenErrors } from '#main/token/hid/errors.ts';
import type { HidConnection, HidDeviceInfo, HidTransport } from '#main/token/hid/transport.ts';
import { defaultLayouts, HID_POS_USAGE_PAGE, layoutFor, type ReportLayout } from './layouts.ts';
import { encodeReports } from './reports.ts';

/** pid.codes test vendor, shared with the token emulator; product 0x0002 is the vendor-layout scanner. */
export const EMULATOR_VENDOR_ID = 0x1209;
export const EMULATOR_HID_POS_PRODUCT_ID = 0x0003;
export const EMULATOR_VENDOR_PRODUCT_ID = 0x0002;

/**
 * The report descriptor of the emulated HID POS scanner: Bar Code Scanner page 0x8C,
 * Scanned Data Report 0x12 as report id 2, laid out as the bundled HID POS layout
 * (length, symbology 0xFB–0xFD, 56 bytes of Decoded Data 0xFE, two vendor bytes,
 * Decode Data Continued 0xFF as bit 0 of the last byte): 63 bytes after the report id.
 */
// prettier-ignore
export const HID_POS_REPORT_DESCRIPTOR = Uint8Array.from([
  0x05, 0x8c, 0x09, 0x02, 0xa1, 0x01, // Usage Page (Bar Code Scanner), Usage (Bar Code Scanner), Collection (Application)
  0x09, 0x12, 0xa1, 0x02, 0x85, 0x02, //   Usage (Scanned Data Report), Collection (Logical), Report ID (2)
  0x15, 0x00, 0x26, 0xff, 0x00, 0x75, 0x08, //   Logical 0…255, 8 bits
  0x06, 0x00, 0xff, 0x09, 0x01, 0x95, 0x01, 0x81, 0x02, //   vendor usage: length of the data field, 1 byte, Input
  0x05, 0x8c, 0x09, 0xfb, 0x09, 0xfc, 0x09, 0xfd, 0x95, 0x03, 0x81, 0x02, //   Symbology Identifier 1–3, Input
  0x09, 0xfe, 0x95, 0x38, 0x82, 0x02, 0x01, //   Decoded Data, 56 bytes, Input (Buffered Bytes)
  0x06, 0x00, 0xff, 0x09, 0x02, 0x95, 0x02, 0x81, 0x02, //   vendor: further symbology, reserved
  0x05, 0x8c, 0x09, 0xff, 0x25, 0x01, 0x75, 0x01, 0x95, 0x01, 0x81, 0x02, //   Decode Data Continued, 1 bit
  0x75, 0x07, 0x81, 0x03, //   padding to the byte
  0xc0, 0xc0,
]);

/** A fake card for demos and `desk qr listen --emulator`: province 001, a made-up number, no real person. */
export const DEMO_CARD_QR = '001090000999||Nguyễn Văn Ấn|01011990|Nam|Số 1 phố Huế, Phường Hai Bà Trưng, Hà Nội|15042021';

export type EmulatedScannerMode = 'hid-pos' | 'vendor';

let instances = 0;

export class EmulatedBarcodeScanner {
  readonly info: HidDeviceInfo;
  readonly layout: ReportLayout;
  private plugged = true;
  private readonly connections = new Set<EmulatedScannerConnection>();

  constructor(
    readonly mode: EmulatedScannerMode = 'hid-pos',
    options: { path?: string; layouts?: readonly ReportLayout[] } = {},
  ) {
    instances++;
    this.info = {
      path: options.path ?? `emulator-barcode:${instances}`,
      vendorId: EMULATOR_VENDOR_ID,
      productId: mode === 'hid-pos' ? EMULATOR_HID_POS_PRODUCT_ID : EMULATOR_VENDOR_PRODUCT_ID,
      usagePage: mode === 'hid-pos' ? HID_POS_USAGE_PAGE : 0xff00,
      usage: mode === 'hid-pos' ? 0x02 : 0x01,
      manufacturer: 'Một Cửa Desk',
      product: mode === 'hid-pos' ? 'Máy quét giả lập (HID POS)' : 'Máy quét giả lập (riêng hãng)',
      serialNumber: String(instances).padStart(8, '0'),
    };
    const layout = layoutFor(this.info, options.layouts ?? defaultLayouts);
    if (!layout) throw new Error(`no layout for the emulated ${mode} scanner`);
    this.layout = layout;
  }

  get isPlugged(): boolean {
    return this.plugged;
  }

  connect(): HidConnection {
    if (!this.plugged) throw tokenErrors.cannotOpen();
    const connection = new EmulatedScannerConnection(() => this.connections.delete(connection));
    this.connections.add(connection);
    return connection;
  }

  /** A code read: its bytes as the device would send them, split over as many reports as needed. */
  scan(code: string | Uint8Array, symbology: string | null = ']Q1'): void {
    const bytes = typeof code === 'string' ? new TextEncoder().encode(code) : code;
    this.send(encodeReports(bytes, this.layout, symbology));
  }

  /** Reports exactly as given: garbage, floods, hand-made layouts. */
  send(reports: Uint8Array[]): void {
    for (const report of reports) for (const connection of this.connections) connection.reports.push(report);
  }

  /** Reports nobody can read as a scan: another report id, too short, a length past the data field. */
  sendGarbage(count: number): void {
    const garbage: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const report = new Uint8Array(this.layout.reportSize);
      if (i % 3 === 0) report[0] = this.layout.reportId ^ 0x7f;
      else if (i % 3 === 1) {
        garbage.push(Uint8Array.of(this.layout.reportId, 1));
        continue;
      } else {
        report[0] = this.layout.reportId;
        report[this.layout.lengthOffset] = this.layout.dataCapacity + 1;
      }
      garbage.push(report);
    }
    this.send(garbage);
  }

  /** The first report(s) of a code arrive, then the cable is pulled. */
  unplugMidScan(code: string): void {
    const reports = encodeReports(new TextEncoder().encode(code), this.layout, ']Q1');
    this.send(reports.slice(0, Math.max(1, reports.length - 1)));
    this.unplug();
  }

  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    for (const connection of this.connections) connection.reports.fail();
    this.connections.clear();
  }

  plugIn(): void {
    this.plugged = true;
  }
}

class EmulatedScannerConnection implements HidConnection {
  readonly reports = new EmulatedInputReports();

  constructor(private readonly onClose: () => void) {}

  /** Scanners take no output reports in this emulator: there is nothing to configure. */
  async write(): Promise<void> {
    if (this.reports.gone) throw tokenErrors.deviceGone();
  }

  read(timeoutMs: number): Promise<Uint8Array | null> {
    // Reports queued before the unplug were in the host's buffer already, as with hidraw.
    const next = this.reports.shift();
    if (next) return Promise.resolve(next);
    if (this.reports.gone) return Promise.reject(tokenErrors.deviceGone());
    if (this.reports.closed) return Promise.resolve(null);
    return this.reports.wait(timeoutMs);
  }

  async close(): Promise<void> {
    this.onClose();
    this.reports.close();
  }
}

/** What is plugged in, for the service and `desk hid list`: emulated scanners plus any other emulated HID devices. */
export class EmulatedScannerBus implements HidTransport {
  private readonly scanners = new Map<string, EmulatedBarcodeScanner>();

  constructor(private readonly others: HidTransport | null = null) {}

  add(scanner: EmulatedBarcodeScanner): EmulatedBarcodeScanner {
    this.scanners.set(scanner.info.path, scanner);
    return scanner;
  }

  async enumerate(): Promise<HidDeviceInfo[]> {
    const own = [...this.scanners.values()].filter((s) => s.isPlugged).map((s) => ({ ...s.info }));
    return [...own, ...((await this.others?.enumerate()) ?? [])];
  }

  async open(path: string): Promise<HidConnection> {
    const scanner = this.scanners.get(path);
    if (scanner) {
      if (!scanner.isPlugged) throw tokenErrors.notFound();
      return scanner.connect();
    }
    if (this.others) return this.others.open(path);
    throw tokenErrors.notFound();
  }
}
