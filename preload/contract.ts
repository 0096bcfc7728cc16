// The single source of truth for every privileged call the renderer may make.
// Main validates each input against these schemas; both clients get their types from here.
import { z } from 'zod';
import { COLOR_MODES, KIND_OVERRIDES, SCAN_SOURCES, type ScanBatch, type ScanCapabilities, type ScanDevice } from './wire/scan.ts';
import type { OcrJobStatus } from './wire/ocr.ts';
import { LINK_METHODS, type LinkResponse } from './wire/sync.ts';
import { citizenTextSchema, TEXT_FIELDS } from '#domain/text/citizenText.ts';
import { COPY_KINDS } from '#domain/model.ts';
import type { InstalledModule, TokenList } from './wire/tokens.ts';
import type { BarcodeBatch, BarcodeScannerView } from './wire/barcode.ts';
import { STAMP_CORNERS, STAMP_PAGES, type SignFilesResult, type VerifyReport } from './wire/signing.ts';
import type { UpdateStatus } from './wire/updates.ts';
import type { AdminSettingsView, ProposeResult } from './wire/settings.ts';
import type { PrintersView, PrintOutcome } from './wire/printing.ts';
import type { DoctorReport } from './wire/doctor.ts';
import type { CertifiedCopy } from './wire/certification.ts';

const isoDateTime = z.iso.datetime({ offset: true });

const officeHeader = z.object({
  officeName: z.string().min(1).max(200),
  unitName: z.string().max(200),
  placeName: z.string().max(100),
});

/** Printed on the citizen's forms: controls, bidi overrides and blank names are refused here too, whatever the renderer sends. */
const formApplicant = z.object({
  fullName: citizenTextSchema(TEXT_FIELDS.fullName, { required: true, max: 200 }),
  idNumber: z.string().max(20),
  address: citizenTextSchema(TEXT_FIELDS.address, { required: false, max: 500 }),
  phone: z.string().max(20).optional(),
  email: z.string().max(200).optional(),
});

const componentLine = z.object({
  name: z.string().min(1).max(500),
  kind: z.enum(COPY_KINDS),
  count: z.number().int().min(0).max(999),
  received: z.boolean(),
  note: z.string().max(500).optional(),
  /** A looked-up component, where and how it stands: "Tra cứu Cơ sở dữ liệu quốc gia về dân cư — đã tra cứu". */
  lookup: z.string().min(1).max(300).optional(),
});

/** What every form to an applicant carries: its template version, the office, the procedure and the applicant. */
const applicantForm = {
  templateVersion: z.string(),
  office: officeHeader,
  procedureName: z.string().min(1).max(500),
  applicant: formApplicant,
};
/** The same, for a dossier that has been received and so has its code. */
const dossierForm = { ...applicantForm, dossierCode: z.string().min(1).max(60) };

export const receiptRequest = z.object({
  kind: z.literal('receipt'),
  ...dossierForm,
  components: z.array(componentLine).max(100),
  sets: z.number().int().min(1).max(99),
  /** Legal processing time in working days; halves allowed. 0 = same day ("trong ngày"). */
  processingDays: z.number().min(0).max(1000),
  /** Same day only: received after the cut-off or on a day off, so due "trong ngày làm việc tiếp theo". */
  nextWorkingDay: z.boolean().optional(),
  /** Filed beyond the boundary: the name of the agency that decides the dossier, when it is not this office. */
  competentAgency: z.string().trim().min(1).max(300).optional(),
  /** Who filed on the applicant's behalf, when someone did: the receipt names them. */
  representative: formApplicant.pick({ fullName: true, idNumber: true }).optional(),
  receivedAt: isoDateTime,
  appointmentAt: isoDateTime,
  resultPlace: z.string().max(300),
  fee: z.string().max(2000),
  officerName: z.string().min(1).max(200),
  bookNumber: z.string().max(20).optional(),
  sequence: z.number().int().min(1).optional(),
});

export const supplementRequest = z.object({
  kind: z.literal('supplement'),
  ...applicantForm,
  /** The components still to be provided, with the counts required of each kind. */
  missing: z.array(componentLine).min(1).max(100),
  reason: z.string().min(1).max(2000),
  officerName: z.string().min(1).max(200),
  contact: z.string().max(200),
  issuedAt: isoDateTime,
});

export const refusalRequest = z.object({
  kind: z.literal('refusal'),
  ...applicantForm,
  reason: z.string().min(1).max(2000),
  officerName: z.string().min(1).max(200),
  issuedAt: isoDateTime,
});

/** Mẫu 04: the apology for a late result, with the new appointment. */
export const apologyRequest = z
  .object({
    kind: z.literal('apology'),
    ...dossierForm,
    receivedAt: isoDateTime,
    appointmentAt: isoDateTime,
    newAppointmentAt: isoDateTime,
    /** Why the result is late: the letter is pointless without it, so blanks are refused too. */
    reason: z.string().trim().min(1).max(2000),
    /** "THỦ TRƯỞNG CƠ QUAN" when absent; "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" for a deputy. */
    leaderTitle: z.string().max(200).optional(),
    leaderName: z.string().max(200).optional(),
    issuedAt: isoDateTime,
    /** The register number before "/PXL"; a dotted blank when absent. */
    number: z.string().max(20).optional(),
  })
  .refine((r) => Date.parse(r.newAppointmentAt) > Date.parse(r.appointmentAt), {
    path: ['newAppointmentAt'],
    message: 'newAppointmentAt must be after appointmentAt (ngày hẹn trả mới phải sau ngày hẹn cũ)',
  });

const isoDate = z.iso.date();

const ledgerRow = z.object({
  code: z.string().min(1).max(60),
  /** The dossier's place in the year's book (quyển số, số thứ tự), as its receipt printed it; absent on dossiers accepted before the book was numbered. */
  book: z.object({ label: z.string().trim().min(1).max(20), number: z.number().int().min(1) }).optional(),
  procedureName: z.string().min(1).max(500),
  sets: z.number().int().min(1).max(99),
  applicantName: citizenTextSchema(TEXT_FIELDS.fullName, { required: true, max: 200 }),
  /** Address and phone as one line, the way the book prints them. */
  contact: z.string().max(400),
  leadAgency: z.string().max(300),
  receivedAt: isoDateTime,
  appointmentAt: isoDateTime,
  forwardedAt: isoDateTime.optional(),
  resultAt: isoDateTime.optional(),
  returnedAt: isoDateTime.optional(),
  /** The processing stopped (Mẫu 05): no result is due after it. */
  stoppedAt: isoDateTime.optional(),
  note: z.string().max(300).optional(),
});

/** The tracking book (Sổ theo dõi hồ sơ) for the dossiers received between two Vietnam dates. */
export const ledgerRequest = z
  .object({
    kind: z.literal('ledger'),
    templateVersion: z.string(),
    office: officeHeader,
    from: isoDate,
    to: isoDate,
    rows: z.array(ledgerRow).max(5000),
    /** Also the "today" against which unreturned dossiers are judged overdue. */
    issuedAt: isoDateTime,
  })
  .refine((r) => r.from <= r.to, { path: ['to'], message: 'to must not be before from ("đến ngày" không được trước "từ ngày")' });

/** Mẫu 05 (TT 03/2025): the notice that the processing of a dossier is stopped, and why. */
export const stopRequest = z.object({
  kind: z.literal('stop'),
  ...dossierForm,
  receivedAt: isoDateTime,
  /** Why processing stops: the notice is pointless without it, so blanks are refused too. */
  reason: z.string().trim().min(1).max(2000),
  /** What the applicant must do next, or the legal basis of the stop; a dotted blank when absent. */
  guidance: z.string().max(2000).optional(),
  leaderTitle: z.string().max(200).optional(),
  leaderName: z.string().max(200).optional(),
  issuedAt: isoDateTime,
  /** The register number before "/TB"; a dotted blank when absent. */
  number: z.string().max(20).optional(),
});

/** One hand-off of the paper file; what is not known yet is left blank for handwriting. */
const handOff = z.object({
  from: z.string().min(1).max(300),
  to: z.string().max(300),
  at: isoDateTime.optional(),
  /** The person who took the file, printed under "Người nhận". */
  receiverName: z.string().max(200).optional(),
  result: z.string().max(300).optional(),
  note: z.string().max(300).optional(),
});

/** Mẫu 06 (TT 03/2025; Mẫu 05 of TT 01/2018): the control sheet that travels with the paper file. */
export const controlRequest = z.object({
  kind: z.literal('control'),
  templateVersion: z.string(),
  office: officeHeader,
  dossierCode: z.string().min(1).max(60),
  procedureName: z.string().min(1).max(500),
  applicantName: citizenTextSchema(TEXT_FIELDS.fullName, { required: true, max: 200 }),
  appointmentAt: isoDateTime,
  /** Filed beyond the boundary: the agency that decides the dossier, when it is not this office. */
  competentAgency: z.string().trim().min(1).max(300).optional(),
  handOffs: z.array(handOff).max(40),
  /** Empty rows after the known hand-offs, for those written by hand along the way. */
  blankRows: z.number().int().min(0).max(20).optional(),
  issuedAt: isoDateTime,
});

export const formRequest = z.discriminatedUnion('kind', [
  receiptRequest,
  supplementRequest,
  refusalRequest,
  apologyRequest,
  stopRequest,
  controlRequest,
  ledgerRequest,
]);
export type FormRequest = z.infer<typeof formRequest>;
export type ReceiptRequest = z.infer<typeof receiptRequest>;
export type SupplementRequest = z.infer<typeof supplementRequest>;
export type RefusalRequest = z.infer<typeof refusalRequest>;
export type ApologyRequest = z.infer<typeof apologyRequest>;
export type LedgerRequest = z.infer<typeof ledgerRequest>;
export type StopRequest = z.infer<typeof stopRequest>;
export type ControlRequest = z.infer<typeof controlRequest>;
export type HandOff = ControlRequest['handOffs'][number];
export type LedgerRow = LedgerRequest['rows'][number];

const scanRequest = z.object({
  source: z.enum(SCAN_SOURCES),
  mode: z.enum(COLOR_MODES),
  dpi: z.number().int().min(50).max(1200),
});

/** How the officer wants pages compressed: decided per page, or forced for the batch. */
export const pageKind = z.enum(KIND_OVERRIDES);

const bytes = (max: number) => z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'bytes').refine((b) => b.length <= max, `at most ${max} bytes`);
const MAX_FILE = 200 * 1024 * 1024;
const MAX_IMAGE = 1024 * 1024;
const manifestEntry = z.object({ name: z.string().min(1).max(300), kind: z.string().min(1).max(40), specId: z.string().max(100).optional() });
const address = z.string().trim().min(1).max(500);
/** Browser mode: the path to approve on the console. Electron ignores it: the path is picked in main's own dialog. */
const proposedPath = z.string().trim().min(1).max(500).optional();

/**
 * A change the renderer proposes to main's privileged settings (main/settings/). Main checks it
 * and has the administrator approve it on a surface the renderer cannot draw; a removal only
 * narrows what main reaches and applies at once.
 */
export const settingsChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('add-scan-folder'), path: proposedPath }),
  z.object({ kind: z.literal('remove-scan-folder'), path: z.string().min(1).max(500) }),
  z.object({ kind: z.literal('add-escl-scanner'), address }),
  z.object({ kind: z.literal('remove-escl-scanner'), address: z.string().min(1).max(500) }),
  z.object({ kind: z.literal('add-pkcs11-module'), vendor: z.string().trim().min(1).max(120), path: proposedPath }),
  z.object({ kind: z.literal('remove-pkcs11-module'), id: z.string().min(1).max(60) }),
  z.object({ kind: z.literal('set-provincial'), endpoint: address, ca: z.array(z.string().min(1).max(20_000)).max(10) }),
  z.object({ kind: z.literal('clear-provincial') }),
  z.object({ kind: z.literal('set-tsa'), url: address }),
  z.object({ kind: z.literal('clear-tsa') }),
  z.object({ kind: z.literal('set-update-feed'), url: address }),
  z.object({ kind: z.literal('clear-update-feed') }),
  // An installed printer by its system name; main checks it against the system's list.
  z.object({ kind: z.literal('set-printer'), name: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('clear-printer') }),
]);
export type SettingsChange = z.infer<typeof settingsChange>;

export interface AppInfo {
  version: string;
  host: 'electron' | 'web';
  platform: string;
}

/** A call: its validated input, and its result type carried as a phantom. */
interface Call<I extends z.ZodType, O> {
  input: I;
  /** Never set: carries the result type (a function type, so that null survives NonNullable). */
  result?: () => O;
}
const call =
  <O>() =>
  <I extends z.ZodType>(input: I): Call<I, O> => ({ input });

export interface FormTemplateVersion {
  id: string;
  effectiveFrom: string;
}

export const contract = {
  'app.info': call<AppInfo>()(z.object({})),
  // Main's privileged settings: shown, proposed, approved on main's side (main/settings/README.md).
  'admin.settings': call<AdminSettingsView>()(z.object({})),
  'admin.propose': call<ProposeResult>()(settingsChange),
  'admin.confirm': call<AdminSettingsView>()(z.object({ id: z.uuid(), code: z.string().regex(/^\d{6}$/) })),
  'admin.cancel': call<null>()(z.object({ id: z.uuid() })),
  'scan.devices': call<ScanDevice[]>()(z.object({ refresh: z.boolean().optional() })),
  'scan.capabilities': call<ScanCapabilities>()(z.object({ deviceId: z.string().min(1).max(500) })),
  'scan.start': call<{ jobId: string }>()(z.object({ deviceId: z.string().min(1).max(500), request: scanRequest, pageKind })),
  'scan.next': call<ScanBatch>()(z.object({ jobId: z.string().min(1).max(100), waitMs: z.number().int().min(0).max(5000) })),
  'scan.cancel': call<null>()(z.object({ jobId: z.string().min(1).max(100) })),
  // A job like a scan: pages through scan.next, stopped by scan.cancel.
  'scan.import': call<{ jobId: string }>()(
    z.object({ name: z.string().max(500), data: bytes(MAX_FILE), pageKind, dpi: z.number().int().min(50).max(1200).optional() }),
  ),
  // Saving a component, one page a message (main/scan/assembly.ts): start with the page count,
  // each page in order, then finish for the PDF. The job id is main's; cancel drops the job.
  'scan.assembleStart': call<{ jobId: string }>()(
    z.object({
      pages: z.number().int().min(1).max(2000),
      meta: z.object({ dossierCode: z.string().max(60).optional(), component: z.string().min(1).max(500), scannedAt: isoDateTime }),
    }),
  ),
  'scan.assemblePage': call<null>()(
    z.object({
      jobId: z.uuid(),
      index: z.number().int().min(0).max(1999),
      pdf: bytes(MAX_FILE),
      rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
    }),
  ),
  'scan.assembleFinish': call<Uint8Array>()(z.object({ jobId: z.uuid() })),
  'scan.assembleCancel': call<null>()(z.object({ jobId: z.uuid() })),
  // Text recognition of a component's PDF (main/ocr/): a job queued and polled like a scan; the PDF
  // with its invisible text layer comes once, with state 'done'. A cancelled job hands back nothing.
  'ocr.start': call<{ jobId: string }>()(z.object({ pdf: bytes(MAX_FILE) })),
  'ocr.next': call<OcrJobStatus>()(z.object({ jobId: z.string().min(1).max(100), waitMs: z.number().int().min(0).max(5000) })),
  'ocr.cancel': call<null>()(z.object({ jobId: z.string().min(1).max(100) })),
  // Selects among the modules sign.modules lists (an unknown id is refused); main owns the paths and the TSA.
  'sign.configure': call<null>()(
    z.object({
      moduleIds: z.array(z.string().min(1).max(60)).max(20),
      emulator: z.boolean(),
      trustAnchors: z.array(bytes(64 * 1024)).max(100),
    }),
  ),
  'sign.modules': call<InstalledModule[]>()(z.object({})),
  'sign.tokens': call<TokenList>()(z.object({})),
  'sign.files': call<SignFilesResult>()(
    z.object({
      tokenId: z.string().min(1).max(2000),
      certificateId: z.string().min(1).max(200),
      // Never stored, never logged; null when the reader has its own PIN pad.
      pin: z.string().min(4).max(32).nullable(),
      files: z.array(bytes(MAX_FILE)).min(1).max(100),
      reason: z.string().max(200).optional(),
      location: z.string().max(200).optional(),
      stamp: z
        .object({
          page: z.enum(STAMP_PAGES),
          corner: z.enum(STAMP_CORNERS),
          // The officer's own rectangle (zero-based page, PDF points); main checks it against the page.
          area: z
            .object({
              page: z.number().int().min(0).max(9999),
              x: z.number().finite(),
              y: z.number().finite(),
              width: z.number().positive().max(5000),
              height: z.number().positive().max(5000),
            })
            .optional(),
          organisation: z.string().min(1).max(200),
          title: z.string().max(120).optional(),
          signerImage: bytes(MAX_IMAGE).optional(),
          sealImage: bytes(MAX_IMAGE).optional(),
        })
        .nullable(),
      manifest: z
        .object({
          dossier: z.record(z.string(), z.unknown()),
          entries: z.array(manifestEntry).max(100),
          others: z.array(manifestEntry.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0) })).max(200),
        })
        .optional(),
    }),
  ),
  'sign.timestamp': call<Uint8Array>()(z.object({ pdf: bytes(MAX_FILE) })),
  // An electronic certified copy (issue 15 §1): the original's scan checked, the statement page
  // added, signed by the office's certificate; the number is the book's next, recorded by the
  // renderer only once this returns. The PIN is never stored or logged.
  'certify.copy': call<CertifiedCopy>()(
    z.object({
      original: bytes(MAX_FILE),
      tokenId: z.string().min(1).max(2000),
      certificateId: z.string().min(1).max(200),
      pin: z.string().min(4).max(32).nullable(),
      office: z.object({ name: z.string().max(200), place: z.string().max(200) }),
      certifier: z.string().min(1).max(200),
      entry: z.object({ number: z.number().int().min(1), year: z.number().int().min(2000).max(2999), day: isoDate }),
    }),
  ),
  'sign.verify': call<VerifyReport>()(z.object({ pdf: bytes(MAX_FILE) })),
  'sync.request': call<LinkResponse>()(
    z.object({
      url: z.string().min(1).max(2000),
      method: z.enum(LINK_METHODS),
      headers: z.record(z.string().max(200), z.string().max(8000)),
      body: bytes(16 * 1024 * 1024).optional(),
    }),
  ),
  // The OS keystore wraps the desk's 32-byte master key (renderer/db/protection/keyring.ts).
  'keystore.status': call<{ available: boolean }>()(z.object({})),
  'keystore.protect': call<Uint8Array>()(z.object({ data: bytes(64) })),
  'keystore.unprotect': call<Uint8Array>()(z.object({ data: bytes(4096) })),
  // Barcode scanners read over HID by main (main/barcode/): main's push to the renderer is a long
  // poll, the same call in both hosts: the scans after seq `after`, waiting up to waitMs for one.
  'barcode.scanners': call<BarcodeScannerView[]>()(z.object({})),
  'barcode.next': call<BarcodeBatch>()(z.object({ after: z.number().int().min(0), waitMs: z.number().int().min(0).max(25_000) })),
  // Demo mode only: main's emulated scanner reads main's own fake card; the renderer sends no text.
  'barcode.demoScan': call<null>()(z.object({})),
  // Self-updates from the province's update server (main/update/README.md).
  // The desk's id for the staged roll-out; the feed address is main's (admin.*).
  'update.configure': call<UpdateStatus>()(z.object({ deskId: z.string().trim().min(1).max(200) })),
  'update.status': call<UpdateStatus>()(z.object({})),
  'update.check': call<UpdateStatus>()(z.object({})),
  'update.download': call<UpdateStatus>()(z.object({})),
  'update.apply': call<UpdateStatus>()(z.object({})),
  /** Work only the renderer knows of; installing waits while it is reported. */
  'update.busy': call<null>()(z.object({ activity: z.enum(['reception']), busy: z.boolean() })),
  'forms.versions': call<FormTemplateVersion[]>()(z.object({})),
  'forms.render': call<Uint8Array>()(formRequest),
  /** A receipt of invented people that the page draws once where nothing shows it, so its first real form is not drawn by cold code. */
  'forms.sample': call<Uint8Array>()(z.object({})),
  // Printing (main/print/): the printers for the settings pick-list, and a form main rendered,
  // named by its SHA-256, sent to main's approved printer; the renderer never sends a PDF or a printer.
  'print.printers': call<PrintersView>()(z.object({})),
  'print.form': call<PrintOutcome>()(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  // Settings → Kiểm tra hệ thống: main runs `desk doctor`'s checks with its own settings and data
  // folder (main/doctor/); the renderer names no path or address.
  'doctor.run': call<DoctorReport>()(z.object({})),
};

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<K extends CallName> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends CallName> = z.output<Contract[K]['input']>;
export type CallResult<K extends CallName> = ReturnType<NonNullable<Contract[K]['result']>>;

/** What `window.desk` offers the renderer, whichever host it runs in. */
export type DeskApi = { [K in CallName]: (input: CallInput<K>) => Promise<CallResult<K>> };

/** A transport sends one call to main and returns its raw (decoded) result. */
export type Transport = (name: CallName, input: unknown) => Promise<unknown>;

export function createDeskApi(transport: Transport): DeskApi {
  const api = {} as Record<CallName, (input: unknown) => Promise<unknown>>;
  for (const name of Object.keys(contract) as CallName[]) {
    api[name] = (input) => transport(name, input);
  }
  return api as DeskApi;
}
