// `desk hid list` and `desk qr listen`: what support staff ask on the phone — which HID
// devices this PC sees and which the desk takes for a barcode scanner or a token, and whether
// a scan reaches the desk at all. A scan's text is personal data: printed only with --show.
import { parseArgs } from 'node:util';
import { isDeskError } from '#domain/errors.ts';
import { BarcodeService } from '../barcode/service.ts';
import { DEMO_CARD_QR, EmulatedBarcodeScanner, EmulatedScannerBus } from '../barcode/emulator.ts';
import { defaultLayouts, HID_POS_USAGE_PAGE, layoutFor, loadLayoutsFile, type ReportLayout } from '../barcode/layouts.ts';
import { defaultKnownDevices, matchKnownDevice } from '../token/hid/knownDevices.ts';
import { createNodeHidTransport } from '../token/hid/nodeHid.ts';
import type { HidDeviceInfo, HidTransport } from '../token/hid/transport.ts';
import type { CliIo } from './io.ts';

const HID_USAGE = 'Cách dùng / Usage: desk hid list [--emulator] [--layouts FILE] [--json]';
const QR_USAGE = 'Cách dùng / Usage: desk qr listen [--emulator] [--layouts FILE] [--show] [--count N]';

/** Tests pass their own transport; otherwise node-hid, or the emulator with --emulator. */
export interface HidCliDeps {
  transport?: HidTransport;
  /** Called once the listener is reading, so a test (or the emulator's demo) can scan. */
  onListening?: () => void;
}

function emulatedBus(): { bus: EmulatedScannerBus; scanner: EmulatedBarcodeScanner } {
  const bus = new EmulatedScannerBus();
  const scanner = bus.add(new EmulatedBarcodeScanner('hid-pos'));
  bus.add(new EmulatedBarcodeScanner('vendor'));
  return { bus, scanner };
}

const hex = (n: number | undefined, width = 4) => (n === undefined ? '?'.repeat(width) : n.toString(16).toUpperCase().padStart(width, '0'));

export type HidKind = 'barcode-hid-pos' | 'barcode-vendor' | 'token' | 'other';

export function kindOf(device: HidDeviceInfo, layouts: readonly ReportLayout[]): HidKind {
  if (layoutFor(device, layouts)) return device.usagePage === HID_POS_USAGE_PAGE ? 'barcode-hid-pos' : 'barcode-vendor';
  if (matchKnownDevice(device, defaultKnownDevices)) return 'token';
  return 'other';
}

const KIND_LABEL: Record<HidKind, string> = {
  'barcode-hid-pos': 'máy quét mã vạch (HID POS) / barcode scanner (HID POS)',
  'barcode-vendor': 'máy quét mã vạch (riêng hãng) / barcode scanner (vendor layout)',
  token: 'token ký số / signing token',
  other: 'khác / other',
};

async function layoutsFrom(file: string | undefined): Promise<readonly ReportLayout[]> {
  return file ? loadLayoutsFile(file) : defaultLayouts;
}

function fail(io: CliIo, e: unknown): number {
  io.err(isDeskError(e) ? `${e.text.vi} / ${e.text.en}` : `Lỗi / error: ${e instanceof Error ? e.message : String(e)}`);
  return 1;
}

export async function hid(args: string[], io: CliIo, deps: HidCliDeps = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { emulator: { type: 'boolean' }, layouts: { type: 'string' }, json: { type: 'boolean' } } });
  } catch {
    io.err(HID_USAGE);
    return 2;
  }
  if (parsed.positionals.join(' ') !== 'list') {
    io.err(HID_USAGE);
    return 2;
  }
  try {
    const layouts = await layoutsFrom(parsed.values.layouts);
    const transport = deps.transport ?? (parsed.values.emulator ? emulatedBus().bus : createNodeHidTransport());
    const devices = await transport.enumerate();
    const rows = devices.map((d) => ({
      path: d.path,
      vendorId: hex(d.vendorId),
      productId: hex(d.productId),
      usagePage: hex(d.usagePage),
      usage: hex(d.usage, 2),
      kind: kindOf(d, layouts),
      product: [d.manufacturer, d.product].filter(Boolean).join(' '),
    }));
    if (parsed.values.json) {
      io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    if (rows.length === 0) io.out('Không thấy thiết bị HID nào / no HID devices found (Linux: kiểm tra quyền hidraw / check hidraw permissions).');
    for (const r of rows)
      io.out(`${r.vendorId}:${r.productId}\tusage page 0x${r.usagePage} usage 0x${r.usage}\t${KIND_LABEL[r.kind]}\t${r.product}\t${r.path}`);
    return 0;
  } catch (e) {
    return fail(io, e);
  }
}

export async function qr(args: string[], io: CliIo, deps: HidCliDeps = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { emulator: { type: 'boolean' }, layouts: { type: 'string' }, show: { type: 'boolean' }, count: { type: 'string' } },
    });
  } catch {
    io.err(QR_USAGE);
    return 2;
  }
  const count = parsed.values.count === undefined ? Infinity : Number(parsed.values.count);
  if (parsed.positionals.join(' ') !== 'listen' || !(count >= 1)) {
    io.err(QR_USAGE);
    return 2;
  }
  let service: BarcodeService | undefined;
  try {
    const layouts = await layoutsFrom(parsed.values.layouts);
    let transport = deps.transport;
    let onListening = deps.onListening;
    if (!transport && parsed.values.emulator) {
      const { bus, scanner } = emulatedBus();
      transport = bus;
      // The emulator shows the whole path once: a fake card scanned as the officer would.
      onListening ??= () => scanner.scan(DEMO_CARD_QR);
    }
    service = new BarcodeService({ transport: transport ?? createNodeHidTransport(), layouts });
    service.start();
    await service.poll();
    const found = service.scannersFound();
    if (found.length === 0) io.out('Chưa thấy máy quét HID nào; đang chờ cắm vào… / no HID scanner yet; waiting for one…');
    for (const s of found) io.out(`Đang nghe / listening: ${s.name} (${s.ids}, ${s.mode})`);
    let after = (await service.next(0, 0)).last;
    onListening?.();
    let printed = 0;
    while (printed < count) {
      const batch = await service.next(after, 20_000);
      for (const e of batch.events) {
        if (printed >= count) break;
        printed++;
        if (e.ok) {
          const bytes = new TextEncoder().encode(e.text).length;
          io.out(
            `#${e.seq} ${e.scanner}: ${bytes} byte${e.symbology ? `, ${e.symbology}` : ''}${parsed.values.show ? `\t${e.text}` : ' (--show để xem nội dung / to print it)'}`,
          );
        } else io.out(`#${e.seq} ${e.scanner}: ${e.message.vi} / ${e.message.en}`);
      }
      after = batch.last;
    }
    return 0;
  } catch (e) {
    return fail(io, e);
  } finally {
    await service?.close();
  }
}
