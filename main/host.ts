// The composition root of main: the services behind the handler table, built the same way for
// the Electron shell, browser mode and the test host, from the few things that differ per host.
// Plain Node: main/electron.ts passes its Electron pieces (dialogs, safeStorage, utilityProcess) in.
import { createHandlers, type Handlers, type HostInfo } from './api.ts';
import type { OsKeystore } from './keystore.ts';
import { ProvincialLink } from './net/provincialLink.ts';
import { createConfiguredScanners } from './scan/config.ts';
import { ScanService } from './scan/service.ts';
import { OcrService } from './ocr/service.ts';
import { AdminSettings, type CheckedChange } from './settings/adminSettings.ts';
import type { Approver } from './settings/approval.ts';
import { SigningService } from './signing/signingService.ts';
import { installProcessLauncher } from './token/pkcs11/pkcs11Tokens.ts';
import type { ProcessLauncher } from './token/pkcs11/processLauncher.ts';
import { createUpdateService, type ApplyHost, type UpdateService } from './update/updateService.ts';
import { PrintService } from './print/printService.ts';
import { BarcodeService, noHidDevices } from './barcode/service.ts';
import { layoutsInDataDir } from './barcode/layouts.ts';
import { log } from './log.ts';
import type { HidTransport } from './token/hid/transport.ts';
import { browserPrintHost, type PrintHost } from './print/printHost.ts';
import { warmFormRenderer } from './pdf/warmUp.ts';

export interface MainServicesOptions {
  /** What app.info answers. */
  info: HostInfo;
  /** Where main keeps its privileged settings. */
  dataDir: string;
  /** Where update installers are downloaded. */
  updateDir: string;
  /** How a verified update takes over; null where nothing may replace the app (browser mode, tests). */
  applyHost: ApplyHost | null;
  /** Who approves a settings change, on a surface the renderer can neither draw nor answer. */
  approver: Approver<CheckedChange>;
  /** The host's own folders (data, updates, the renderer): never accepted as scan folders. */
  appDirs: string[];
  keystore?: OsKeystore;
  /** Who prints: the desktop app silently on the approved printer; browser mode (the default) through the browser's dialog. */
  printHost?: PrintHost;
  /** How PKCS#11 module processes start; Node's child processes unless the host says otherwise. */
  processLauncher?: ProcessLauncher;
  /** Where barcode scanners are looked for: node-hid on a desk, the emulator in demo mode and tests; none when omitted. */
  barcodeTransport?: HidTransport;
  /** Demo mode's emulated scanner, for Settings' test scan. */
  barcodeDemo?: { scan(code: string): void };
  /** Render sample receipts at idle after start (pdf/warmUp.ts): the desktop app and browser mode do, tests need not. */
  warmForms?: boolean;
  /** Services the caller made (tests): used instead of new ones, and left for the caller to close. */
  scans?: ScanService;
  signing?: SigningService;
}

export interface MainServices {
  scans: ScanService;
  signing: SigningService;
  link: ProvincialLink;
  updates: UpdateService;
  printing: PrintService;
  barcodes: BarcodeService;
  /** Main's privileged settings read and applied to the services, then the handler table: no call is answered before. */
  ready: Promise<{ admin: AdminSettings; handlers: Handlers }>;
  /** Stops what these services run (pending update, scan jobs, token processes); not the services the caller passed in. */
  close(): Promise<void>;
}

/**
 * The services exist when this returns (a host can register its cleanup at once); the
 * privileged settings are still being read, and `ready` says when they are applied.
 */
export function createMainServices(options: MainServicesOptions): MainServices {
  // Set before any service exists, so no module process can start with another launcher.
  if (options.processLauncher) installProcessLauncher(options.processLauncher);
  const scans = options.scans ?? new ScanService(createConfiguredScanners, { appDirs: options.appDirs });
  const signing = options.signing ?? new SigningService();
  const link = new ProvincialLink();
  const updates = createUpdateService({ version: options.info.version, dir: options.updateDir, host: options.applyHost, scans, signing });
  const printing = new PrintService(options.printHost ?? browserPrintHost);
  const ocr = new OcrService();
  const barcodes = new BarcodeService({
    transport: options.barcodeTransport ?? noHidDevices,
    ...(options.barcodeDemo ? { demo: options.barcodeDemo } : {}),
    layouts: layoutsInDataDir(options.dataDir, (code) => log.error('barcode layouts file set aside', { code })),
  });
  barcodes.start();
  const warmUp = new AbortController();
  if (options.warmForms) void warmFormRenderer(warmUp.signal).catch((e: unknown) => log.error('form warm-up failed', { error: String(e) }));
  const ready = AdminSettings.open({ dir: options.dataDir, approver: options.approver, scans, signing, link, updates, printing }).then((admin) => ({
    admin,
    handlers: createHandlers(options.info, { scans, signing, link, updates, admin, printing, barcodes, keystore: options.keystore, ocr }),
  }));
  return {
    scans,
    signing,
    link,
    updates,
    printing,
    barcodes,
    ready,
    close: async () => {
      warmUp.abort();
      updates.close();
      await Promise.all([barcodes.close(), ocr.close(), options.scans ? undefined : scans.close(), options.signing ? undefined : signing.close()]);
    },
  };
}
