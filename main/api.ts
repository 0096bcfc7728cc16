// The one handler table behind both hosts. Every input is validated against the
// contract here, whichever transport delivered it.
import { contract, type CallName, type CallResult, type ParsedInput, type AppInfo } from '#preload/contract.ts';
import type { Envelope } from '#preload/wire.ts';
import { DeskError, isDeskError } from '#domain/errors.ts';
import { renderForm } from './pdf/forms.ts';
import { FORM_TEMPLATES } from './pdf/templates.ts';
import { receiptRequest } from './pdf/samples.ts';
import { log } from './log.ts';
import { BarcodeService, noHidDevices } from './barcode/service.ts';
import { ScanService } from './scan/service.ts';
import { OcrService } from './ocr/service.ts';
import type { SigningService } from './signing/signingService.ts';
import type { ProvincialLink } from './net/provincialLink.ts';
import { noKeystore, type OsKeystore } from './keystore.ts';
import type { UpdateService } from './update/updateService.ts';
import type { AdminSettings } from './settings/adminSettings.ts';
import type { PrintService } from './print/printService.ts';
import { runDoctor } from './doctor/run.ts';
import { certifyCall } from './certification/certify.ts';

export type Handlers = { [K in CallName]: (input: ParsedInput<K>) => Promise<CallResult<K>> };

export interface HostInfo {
  host: AppInfo['host'];
  version: string;
}

/** The services behind the calls; `admin` owns the privileged settings the others run with. */
export interface HostServices {
  scans: ScanService;
  signing: SigningService;
  link: ProvincialLink;
  updates: UpdateService;
  admin: AdminSettings;
  printing: PrintService;
  /** Barcode scanners over HID; none are read when omitted. */
  barcodes?: BarcodeService;
  keystore?: OsKeystore;
  /** Text recognition of scans; the engine's thread starts with the first job. */
  ocr?: OcrService;
}

/** A service that reads no device: the host gave none. */
function noBarcodes(): BarcodeService {
  return new BarcodeService({ transport: noHidDevices });
}

export function createHandlers(
  info: HostInfo,
  { scans, signing, link, updates, admin, printing, barcodes = noBarcodes(), keystore = noKeystore, ocr = new OcrService() }: HostServices,
): Handlers {
  return {
    'app.info': async () => ({ version: info.version, host: info.host, platform: process.platform }),
    'admin.settings': async () => admin.view(),
    'admin.propose': async (change) => admin.propose(change),
    'admin.confirm': async ({ id, code }) => admin.confirm(id, code),
    'admin.cancel': async ({ id }) => (admin.cancel(id), null),
    'scan.devices': async () => scans.devices(),
    'scan.capabilities': async ({ deviceId }) => scans.capabilities(deviceId),
    'scan.start': async ({ deviceId, request, pageKind }) => ({ jobId: await scans.start(deviceId, request, pageKind) }),
    'scan.next': async ({ jobId, waitMs }) => scans.next(jobId, waitMs),
    'scan.cancel': async ({ jobId }) => (scans.cancel(jobId), null),
    'scan.import': async ({ name, data, pageKind, dpi }) => ({ jobId: scans.importFile({ name, data, pageKind, ...(dpi ? { dpi } : {}) }) }),
    'scan.assembleStart': async ({ pages, meta }) => ({ jobId: await scans.assembly.start(meta, pages) }),
    'scan.assemblePage': async ({ jobId, index, pdf, rotation }) => (await scans.assembly.page(jobId, index, pdf, rotation), null),
    'scan.assembleFinish': async ({ jobId }) => scans.assembly.finish(jobId),
    'scan.assembleCancel': async ({ jobId }) => (await scans.assembly.discard(jobId), null),
    'ocr.start': async ({ pdf }) => ({ jobId: ocr.start(pdf) }),
    'ocr.next': async ({ jobId, waitMs }) => ocr.next(jobId, waitMs),
    'ocr.cancel': async ({ jobId }) => (await ocr.cancel(jobId), null),
    'sign.configure': async (choice) => (admin.configureSigning(choice), null),
    'sign.modules': async () => admin.modules(),
    'sign.tokens': async () => signing.listTokens(),
    'sign.files': async (request) => signing.signFiles(request),
    'sign.timestamp': async ({ pdf }) => signing.timestamp(pdf),
    'sign.verify': async ({ pdf }) => signing.verify(pdf),
    'certify.copy': certifyCall(signing),
    'sync.request': async (request) => link.request(request),
    'keystore.status': async () => ({ available: keystore.available() }),
    'keystore.protect': async ({ data }) => keystore.protect(data),
    'keystore.unprotect': async ({ data }) => keystore.unprotect(data),
    'barcode.scanners': async () => barcodes.scannersFound(),
    'barcode.next': async ({ after, waitMs }) => barcodes.next(after, waitMs),
    'barcode.demoScan': async () => (barcodes.demoScan(), null),
    'update.configure': async ({ deskId }) => admin.configureUpdates(deskId),
    'update.status': async () => updates.status(),
    'update.check': async () => updates.check(),
    'update.download': async () => updates.download(),
    'update.apply': async () => updates.apply(),
    'update.busy': async ({ activity, busy }) => updates.setBusy(activity, busy),
    'forms.versions': async () => FORM_TEMPLATES.map(({ id, effectiveFrom }) => ({ id, effectiveFrom })),
    // Every form main renders is kept a short while, so that print.form can print exactly it.
    'forms.render': async (input) => printing.remember(await renderForm(input)),
    // Never printed, so not kept for printing.
    'forms.sample': () => renderForm(receiptRequest()),
    'print.printers': async () => printing.printers(),
    'print.form': async ({ sha256 }) => printing.print(sha256),
    'doctor.run': async () =>
      runDoctor({
        dataDir: admin.dataDir(),
        applied: { settings: admin.current(), problems: admin.currentProblems() },
        keystore,
        // Browser mode has no printer list (the browser's dialog prints): the doctor says so.
        printers: async () => {
          const view = await printing.printers();
          return view.mode === 'browser' ? null : view.printers.map((p) => p.name);
        },
      }),
  };
}

function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Validates and runs one call; never throws, so both transports answer the same way. */
export async function dispatch(handlers: Handlers, name: string, raw: unknown): Promise<Envelope> {
  try {
    if (!isCallName(name)) {
      throw new DeskError('unknown-call', { vi: `Không có lệnh "${name}".`, en: `Unknown call "${name}".` });
    }
    const parsed = contract[name].input.safeParse(raw);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => i.path.join('.') || '(input)').join(', ');
      throw new DeskError('invalid-input', {
        vi: `Dữ liệu gửi lên không hợp lệ ở: ${where}.`,
        en: `Invalid input at: ${where}.`,
      });
    }
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (e) {
    if (isDeskError(e)) return { ok: false, error: { code: e.code, text: e.text } };
    // Inputs may hold personal data: log the call name and error class only.
    log.error('call failed', { call: name, error: e instanceof Error ? e.name : typeof e });
    return {
      ok: false,
      error: { code: 'internal', text: { vi: 'Lỗi nội bộ, vui lòng thử lại.', en: 'Internal error, please try again.' } },
    };
  }
}
