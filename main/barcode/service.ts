// Finds barcode scanners among the HID interfaces (usage page 0x8C, or a vendor layout from
// the data file), keeps one reader per scanner, follows plug and unplug by polling (node-hid
// has no hot-plug events), and keeps the last scans for the renderer to collect
// (barcode.next). Logs counts and sizes only: a citizen-ID QR is personal data.
import type { Bilingual } from '#domain/errors.ts';
import { isDeskError } from '#domain/errors.ts';
import type { HidConnection, HidDeviceInfo, HidTransport } from '#main/token/hid/transport.ts';
import { systemClock, type Clock } from '#main/token/hid/watcher.ts';
import type { BarcodeBatch, BarcodeEvent, BarcodeScannerView } from '#preload/wire/barcode.ts';
import { log as mainLog } from '../log.ts';
import { barcodeErrors } from './errors.ts';
import { DEMO_CARD_QR } from './emulator.ts';
import { defaultLayouts, HID_POS_USAGE_PAGE, layoutFor, type ReportLayout } from './layouts.ts';
import { DEFAULT_LIMITS, ScanAssembler, type AssemblerLimits, type ScanOutcome } from './reports.ts';

export interface BarcodeServiceOptions {
  transport: HidTransport;
  /** The bundled layouts unless given; a promise while the host still reads its own file. */
  layouts?: readonly ReportLayout[] | Promise<readonly ReportLayout[]>;
  limits?: AssemblerLimits;
  /** How often plug and unplug are looked for. */
  intervalMs?: number;
  clock?: Clock;
  log?: typeof mainLog;
  /** Scans kept for collection; older ones are dropped and counted. */
  keep?: number;
  /** The emulated scanner of demo mode, which Settings' test scan may press; never a real device. */
  demo?: { scan(code: string): void };
}

interface OpenScanner {
  view: BarcodeScannerView;
  connection: HidConnection;
  assembler: ScanAssembler;
}

/** A host with no HID devices to read (tests, and hosts that were given no transport). */
export const noHidDevices: HidTransport = {
  enumerate: async () => [],
  open: async () => Promise.reject(new Error('no HID devices on this host')),
};

const idOf = (d: HidDeviceInfo) => `${d.vendorId.toString(16).padStart(4, '0')}:${d.productId.toString(16).padStart(4, '0')}`;

export class BarcodeService {
  private readonly scanners = new Map<string, OpenScanner>();
  private readonly opening = new Set<string>();
  /** Scanners present that could not be opened (Linux: no udev rule): said once in the log, shown as such. */
  private readonly denied = new Map<string, BarcodeScannerView>();
  private events: BarcodeEvent[] = [];
  private seq = 0;
  private dropped = 0;
  private readonly waiters = new Set<() => void>();
  private timer: unknown = null;
  private running = false;
  private readonly clock: Clock;
  private readonly log: typeof mainLog;
  private readonly layouts: readonly ReportLayout[] | Promise<readonly ReportLayout[]>;

  constructor(private readonly options: BarcodeServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? mainLog;
    this.layouts = options.layouts ?? defaultLayouts;
  }

  /** The first poll opens every scanner already present. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
  }

  async close(): Promise<void> {
    this.running = false;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const open = [...this.scanners.values()];
    this.scanners.clear();
    await Promise.all(open.map((s) => s.connection.close()));
    this.wake();
  }

  scannersFound(): BarcodeScannerView[] {
    const open = [...this.scanners.values()].map((s) => ({ ...s.view, counts: { ...s.assembler.counts } }));
    return [...open, ...[...this.denied.values()].map((v) => ({ ...v }))];
  }

  /** Demo mode only: the emulated scanner reads the fake card, as if an officer scanned it. */
  demoScan(): void {
    if (!this.options.demo) throw barcodeErrors.noDemo();
    this.options.demo.scan(DEMO_CARD_QR);
  }

  /** Scans after `after` (a seq); waits up to waitMs for one when there is none yet. */
  async next(after: number, waitMs: number): Promise<BarcodeBatch> {
    const pending = () => this.events.filter((e) => e.seq > after);
    if (pending().length === 0 && waitMs > 0 && this.running) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.waiters.delete(done);
          this.clock.clearTimeout(timer);
          resolve();
        };
        const timer = this.clock.setTimeout(done, waitMs);
        this.waiters.add(done);
      });
    }
    return { events: pending(), last: this.seq, dropped: this.dropped };
  }

  /** One enumeration: opens new scanners, forgets removed ones. Exposed for tests and `desk hid list`. */
  async poll(): Promise<void> {
    const layouts = await this.layouts;
    const devices = await this.options.transport.enumerate();
    const present = new Set<string>();
    for (const device of devices) {
      const layout = layoutFor(device, layouts);
      if (!layout) continue;
      present.add(device.path);
      if (!this.scanners.has(device.path) && !this.opening.has(device.path)) await this.open(device, layout);
    }
    for (const [path, scanner] of this.scanners) if (!present.has(path)) this.gone(path, scanner);
    for (const path of this.denied.keys()) if (!present.has(path)) this.denied.delete(path);
  }

  private async open(device: HidDeviceInfo, layout: ReportLayout): Promise<void> {
    this.opening.add(device.path);
    const view: BarcodeScannerView = {
      path: device.path,
      ids: idOf(device),
      name: [device.manufacturer, device.product].filter(Boolean).join(' ') || idOf(device),
      mode: device.usagePage === HID_POS_USAGE_PAGE ? 'hid-pos' : 'vendor',
      layout: layout.name,
      counts: { reports: 0, scans: 0, garbage: 0, rejected: 0, swallowed: 0 },
    };
    try {
      const connection = await this.options.transport.open(device.path);
      const scanner: OpenScanner = { view, connection, assembler: new ScanAssembler(layout, this.options.limits ?? DEFAULT_LIMITS) };
      this.denied.delete(device.path);
      this.scanners.set(device.path, scanner);
      this.log.info('barcode scanner opened', { device: view.ids, mode: view.mode });
      void this.readLoop(device.path, scanner);
    } catch (e) {
      // Typically hidraw permissions on Linux; tried again at each poll, said once. The wedge still works.
      if (!this.denied.has(device.path)) {
        this.log.error('barcode scanner cannot be opened', { device: idOf(device), error: isDeskError(e) ? e.code : 'unknown' });
      }
      this.denied.set(device.path, { ...view, denied: true });
    } finally {
      this.opening.delete(device.path);
    }
  }

  private async readLoop(path: string, scanner: OpenScanner): Promise<void> {
    for (;;) {
      if (this.scanners.get(path) !== scanner) return;
      let report: Uint8Array | null;
      try {
        report = await scanner.connection.read(1000);
      } catch {
        this.gone(path, scanner);
        return;
      }
      if (!report) continue;
      const outcome = scanner.assembler.push(report);
      if (outcome) this.deliver(scanner, outcome);
    }
  }

  private gone(path: string, scanner: OpenScanner): void {
    if (this.scanners.get(path) !== scanner) return;
    this.scanners.delete(path);
    const cut = scanner.assembler.abort();
    if (cut) this.deliver(scanner, cut);
    void scanner.connection.close();
    const { garbage, rejected, scans, swallowed } = scanner.assembler.counts;
    this.log.info('barcode scanner gone', { device: scanner.view.ids, scans, garbage, rejected, swallowed });
  }

  private deliver(scanner: OpenScanner, outcome: ScanOutcome): void {
    const base = { seq: ++this.seq, scanner: scanner.view.name, mode: scanner.view.mode };
    const event: BarcodeEvent = outcome.ok
      ? { ...base, ok: true, text: outcome.text, symbology: outcome.symbology }
      : { ...base, ok: false, code: outcome.error.code, message: outcome.error.text satisfies Bilingual };
    this.log.info(outcome.ok ? 'barcode scan' : 'barcode scan refused', {
      device: scanner.view.ids,
      bytes: outcome.bytes,
      reports: outcome.reports,
      ...(outcome.ok ? {} : { code: outcome.error.code }),
      garbage: scanner.assembler.counts.garbage,
    });
    this.events.push(event);
    const keep = this.options.keep ?? 20;
    if (this.events.length > keep) {
      this.dropped += this.events.length - keep;
      this.events = this.events.slice(-keep);
    }
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private async tick(): Promise<void> {
    try {
      await this.poll();
    } catch (e) {
      this.log.error('HID enumeration failed', { error: isDeskError(e) ? e.code : e instanceof Error ? e.name : 'unknown' });
    }
    if (this.running) this.timer = this.clock.setTimeout(() => void this.tick(), this.options.intervalMs ?? 1000);
  }
}
