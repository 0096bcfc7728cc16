// The desk's core records. Types, and the closed sets behind them, shared by renderer, main and
// CLI, so that the Dexie schema, the forms and the (later) provincial sync all speak of the same thing.
import type { Digitisation } from './digitisation/metadata.ts';
import type { LedgerEntry } from './ledger/book.ts';

/** How a component must be presented: original, certified copy, or plain photocopy. */
export const COPY_KINDS = ['original', 'certified', 'photocopy'] as const;
export type CopyKind = (typeof COPY_KINDS)[number];

/** One required document of a procedure, as the catalogue lists it. */
export interface ComponentSpec {
  id: string;
  name: string;
  /** Kinds the officer may accept for this component. */
  accepted: CopyKind[];
  count: number;
  mandatory: boolean;
  note?: string;
  /**
   * How the component is satisfied; absent = 'paper' (handed in, `accepted` kinds and `count`).
   * 'presented' is shown and checked, not kept; 'lookup' is looked up in `lookup.database`
   * (NQ 66.7/2025/NQ-CP: no paper whose data is in a published database).
   */
  satisfiedBy?: Satisfaction;
  /** Required when satisfiedBy is 'lookup'. */
  lookup?: ComponentLookup;
  /** Absent = always applies; otherwise only when the officer's entries meet it. */
  condition?: ComponentCondition;
  /** The legal text behind satisfiedBy/condition and the date it was checked. */
  basis?: { text: string; checked: string; unconfirmed?: boolean };
}

export const SATISFACTIONS = ['paper', 'presented', 'lookup'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export interface ComponentLookup {
  /** Id of one of the catalogue's `databases`. */
  database: string;
  /** The paper is asked for only when the look-up finds nothing. */
  paperIfLookupFails: boolean;
  /** Copied from the catalogue's `databases` when it is installed, so a stored procedure names it; never written in the file. */
  name?: { vi: string; en: string };
}

/** Conditions in data, evaluated against what the officer enters at the counter. */
export const CONDITION_KINDS = ['representative', 'case'] as const;
/**
 * 'representative': only when someone files on the applicant's behalf; 'case': only when the
 * officer picked one of these cases (ProcedureCase.suffix) of the procedure.
 */
export type ComponentCondition = { when: 'representative' } | { when: 'case'; cases: string[] };

/** A national or sectoral database the desk looks data up in, e.g. 'population'. */
export interface LookupDatabase {
  id: string;
  name: { vi: string; en: string };
}

/** Channels a dossier can be filed by; the provinces' codes are 1, 2, 3 (docs/domain/statuses-and-sync.md). */
export const CHANNELS = ['direct', 'online', 'post'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Groups of applicants a fee line may exempt; the officer ticks which one the applicant belongs to. */
export const EXEMPT_GROUPS = ['disabled', 'poor-household', 'under-age', 'elderly', 'meritorious-family', 'ethnic-minority-hardship'] as const;
export type ExemptGroup = (typeof EXEMPT_GROUPS)[number];

/** A condition the desk evaluates for this applicant and dossier, with the text that grants it. */
export interface FeeExemption {
  when: { applicant: ExemptGroup } | { channel: Channel };
  /** The legal basis, e.g. "NQ 23/2026/NQ-HĐND Hải Phòng"; printed after the exemption. */
  basis: string;
}

/** A price per page that falls from a given page on, capped per copy (certification, TT 226/2016). */
export interface PerPageRule {
  /** Ascending by fromPage, the first from page 1; each tier's amount applies to its pages. */
  tiers: Array<{ fromPage: number; amount: number }>;
  /** Most one copy may cost, in VND. */
  maxPerCopy: number;
}

export interface FeeSpec {
  /** In VND; 0 means free. With a per-page rule, the price of page 1 (the rule's first tier). */
  amount: number;
  label: string;
  /** The channels this line applies to; a catalogue must name them (issue 13 refuses a fee without). */
  channels: Channel[];
  perPage?: PerPageRule;
  /** The province's resolution that sets this amount, when it is provincial and not national. */
  province?: { name: string; resolution: string; url: string; checked: string };
  exemptions?: FeeExemption[];
}

/** The fee a dossier owes, as computed at the counter, with why (domain/catalog/fees.ts). */
export interface AppliedFee {
  amount: number;
  /** The fee line that applies (none when no line is for the channel): its label, amount, and any exemption with its basis. */
  reasons: Array<{ label: string; amount: number; exemption?: { kind: ExemptGroup | Channel; basis: string } }>;
}

export interface Procedure {
  /** National procedure code, e.g. "1.001193"; local variants keep their suffix. */
  code: string;
  name: string;
  field: string;
  /** Administrative level that handles it: 'commune' after the July 2025 reform. */
  level: 'commune' | 'district' | 'province';
  /**
   * Legal processing time in working hours (8 per day; allows half-days). 0 = same day ("trong
   * ngày"): due at the end of the working day of receipt, or of the next one after the cut-off.
   */
  processingHours: number;
  /** Afternoon cut-off "HH:mm" after which counting starts the next working day; null = desk default. */
  cutoff: string | null;
  fees: FeeSpec[];
  components: ComponentSpec[];
  /** Where each figure came from; never invented. */
  source: { url: string; retrieved: string; note?: string };
  /** Figures that could not be confirmed from a public source: names of this record's fields. */
  unconfirmed?: ProcedureField[];
  /**
   * First and last desk date (YYYY-MM-DD, both inclusive) this version of the procedure is in
   * force; absent = open-ended. Several versions of one code may not overlap.
   */
  effectiveFrom?: string;
  effectiveTo?: string;
  /** The cases (trường hợp) the national portal prices and times on their own; absent = none. */
  cases?: ProcedureCase[];
  /** The case the officer picked at the counter (a suffix of `cases`); never in a catalogue file. */
  chosenCase?: string;
}

/**
 * A case of a procedure, e.g. 1.001193.01: its own code suffix and name, and whatever it sets
 * differently from the procedure (absent = the procedure's own).
 */
export interface ProcedureCase {
  /** Appended to the procedure's code with a dot: "01" → "1.001193.01". */
  suffix: string;
  name: string;
  processingHours?: number;
  cutoff?: string | null;
  fees?: FeeSpec[];
  components?: ComponentSpec[];
  /**
   * The national record the case split was taken from (its case code, time and fees). The
   * procedure's own page seldom lists cases, so a case without one is reported as unsourced.
   */
  source?: { url: string; retrieved: string; note?: string };
}

/** The fields of a procedure record an administrator can mark as unconfirmed. */
export const PROCEDURE_FIELDS = [
  'code',
  'name',
  'field',
  'level',
  'processingHours',
  'cutoff',
  'fees',
  'components',
  'effectiveFrom',
  'effectiveTo',
  'cases',
] as const;
export type ProcedureField = (typeof PROCEDURE_FIELDS)[number];

export interface Catalog {
  version: string;
  effectiveFrom: string;
  /** The databases components may be looked up in; absent = none. */
  databases?: LookupDatabase[];
  procedures: Procedure[];
}

export type Gender = 'male' | 'female';

export interface Applicant {
  fullName: string;
  idNumber: string;
  /** ISO date YYYY-MM-DD. */
  dateOfBirth: string;
  gender: Gender;
  address: string;
  phone?: string;
  email?: string;
  /** Someone submitting on the applicant's behalf. */
  representative?: { fullName: string; idNumber: string };
}

/** What the officer checked for one required component. */
export interface ReceivedComponent {
  specId: string;
  name: string;
  received: boolean;
  kind: CopyKind;
  count: number;
  note?: string;
  /** For a look-up component: the look-up made (or pending) at the counter. */
  lookup?: LookupRecord;
  /** Its scan's digitisation metadata (TT 01/2023/TT-VPCP), when the officer entered it or reused an earlier one. */
  digitisation?: Digitisation;
}

/** 'pending': not yet looked up (offline); it does not block the receipt. */
export const LOOKUP_OUTCOMES = ['found', 'not-found', 'could-not-check', 'pending'] as const;
export type LookupOutcome = (typeof LOOKUP_OUTCOMES)[number];

export interface LookupRecord {
  database: string;
  /** The database's Vietnamese name at receipt, as the receipt prints it. */
  databaseName: string;
  /** The number the person gave (CCCD, passport, register entry). */
  numberGiven: string;
  outcome: LookupOutcome;
  /**
   * What the database answered for 'found': the record's number (the personal identification
   * number, the civil-status register entry), so the dossier shows which record replaced the paper.
   */
  reference?: string;
  /** Desk time of the look-up, ISO 8601 with +07:00. */
  at: string;
  /** Who looked it up: an officer, or 'provincial-sync' when the province's feed brought the result. */
  officerId: string;
}

/** Reception outcomes of NĐ 118/2025 and TT 03/2025 (forms 01, 02, 03). */
export type Decision = 'accepted' | 'supplement' | 'refused';

/** TrangThaiHoSo as the provincial systems use it; labels live in data (docs/domain/statuses-and-sync.md). */
export type StatusCode = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/** The versions of every rule set in force when the dossier was received. */
export interface RuleVersions {
  catalog: string;
  calendar: string;
  forms: string;
  codePattern: string;
}

/** Who took the result away, and when: the desk's record of returning it (TrangThaiHoSo 10). */
export interface Handover {
  recipientName: string;
  /** The applicant in person, or someone they authorised (who must show an ID). */
  relation: 'self' | 'authorised';
  recipientIdNumber: string;
  /** Desk time, ISO 8601 with +07:00. */
  at: string;
  officerId: string;
  officerName: string;
  note?: string;
}

/** A later appointment the office promised in a letter of apology (Mẫu 04). */
export interface Extension {
  previousAppointmentAt: string;
  newAppointmentAt: string;
  reason: string;
  /** Desk time, ISO 8601 with +07:00. */
  at: string;
  officerId: string;
}

export interface Dossier {
  /** A ULID of the receipt instant: id order is receipt order, which the register relies on. */
  id: string;
  /** National dossier code; empty for supplement/refusal records that never got one. */
  code: string;
  /** Quyển số and số thứ tự in the tracking book, given at acceptance; absent on dossiers accepted before the book was numbered. */
  ledger?: LedgerEntry;
  decision: Decision;
  status: StatusCode;
  procedureCode: string;
  procedureName: string;
  /** The case the officer picked (full code, e.g. "1.001193.01", and name); absent when the procedure has none or none was picked. */
  procedureCase?: { code: string; name: string };
  /** The legal terms at receipt, so a reprint matches the appointment made then. */
  processingHours: number;
  /** The procedure's fee lines at receipt; dossiers stored before issue 13 lack their channels. */
  fees: Array<Pick<FeeSpec, 'amount' | 'label'> & Partial<FeeSpec>>;
  /** The fee this dossier owes, computed at the decision; absent on dossiers stored before it was. */
  fee?: AppliedFee;
  /** Number of sets (bộ) handed in. */
  sets: number;
  applicant: Applicant;
  components: ReceivedComponent[];
  /** Desk time when the officer decided, ISO 8601 with +07:00: the legal receipt time. */
  receivedAt: string;
  /** Appointment for the result, ISO 8601 with +07:00; null unless accepted. */
  appointmentAt: string | null;
  /** The officer's reason when accepting despite a missing component, asking for a supplement, or refusing. */
  reason?: string;
  /** A supplement request: the components (spec ids) the officer put on Mẫu 02; absent on dossiers stored before the officer chose them. */
  supplementItems?: string[];
  officerId: string;
  officerName: string;
  deskId: string;
  versions: RuleVersions;
  updatedAt: string;
  handover?: Handover;
  /** Each extension of the appointment, oldest first; appointmentAt holds the latest. */
  extensions?: Extension[];
  /** Filed here though another agency decides it ("phi địa giới hành chính"): both agencies, and the provincial decision that allows it. */
  beyondBoundary?: BeyondBoundary;
  /**
   * The dated version of the procedure in force at receipt (its effective range; null = open
   * end), so the dossier says which terms it was received under; absent on dossiers stored before.
   */
  procedureVersion?: ProcedureVersionRef;
  /** The processing stopped (TrangThaiHoSo 8), the applicant told by Mẫu 05 of TT 03/2025. */
  stop?: StopRecord;
  /** Each hand-off of the paper file, oldest first, as the control sheet (Mẫu 06) lists them. */
  handOffs?: HandOffRecord[];
  /** The result as a signed file attached at the desk, and how it was handed over (issue 15 §2). */
  electronicResult?: ElectronicResult;
}

/** How an electronic result reached the citizen: the file saved for them, a QR code to fetch it, or printed. */
export const RESULT_DELIVERIES = ['file', 'qr', 'print'] as const;
export type ResultDelivery = (typeof RESULT_DELIVERIES)[number];

/** A signed result file attached to a dossier, with what the desk's verifier found. */
export interface ElectronicResult {
  /** The stored file (kind 'result') and its SHA-256. */
  fileId: string;
  sha256: string;
  name: string;
  /** The signer of the first signature as the verifier read it, and its verdict ('valid', or 'indeterminate' when trust could not be established). */
  signer: string;
  verdict: 'valid' | 'indeterminate';
  /** Desk time, ISO 8601 with +07:00. */
  attachedAt: string;
  officerId: string;
  delivery?: { channel: ResultDelivery; at: string; officerId: string; officerName: string };
}

/** Why and when the processing of a received dossier stopped, as Mẫu 05 states it. */
export interface StopRecord {
  reason: string;
  /** What the applicant should do next, or the legal basis of the stop. */
  guidance?: string;
  /** The head who signs the notice, when the officer names them. */
  leaderName?: string;
  /** Desk time, ISO 8601 with +07:00. */
  at: string;
  officerId: string;
  officerName: string;
}

/** The paper file passed from one unit to another (a row of Mẫu 06): who gave it, who took it, when. */
export interface HandOffRecord {
  /** The unit or agency that gives the file. */
  from: string;
  /** The unit or agency that receives it. */
  to: string;
  /** The person who took the file, when known. */
  receiverName?: string;
  /** Desk time of the hand-off, ISO 8601 with +07:00. */
  at: string;
  note?: string;
  /** The officer who recorded it on the desk. */
  officerId: string;
  officerName: string;
}

/** Which dated version of a procedure (domain/catalog/versions.ts): its first and last day, YYYY-MM-DD. */
export interface ProcedureVersionRef {
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

/** An agency by name and electronic identifier (QĐ 20/2020/QĐ-TTg). */
export interface AgencyRef {
  name: string;
  agencyId: string;
}

export interface BeyondBoundary {
  /** This desk's office, which received the dossier and returns the result. */
  receiving: AgencyRef;
  /** The agency that decides the dossier. */
  competent: AgencyRef;
  /** The provincial decision allowing the procedure beyond the boundary, e.g. "3407/QĐ-UBND". */
  decision: string;
}

export interface OfficeSettings {
  officeName: string;
  /** Receiving unit printed under the office name. */
  unitName: string;
  /** Agency electronic identifier under QĐ 20/2020, e.g. "000.17.22.H56" or "H15.50.05.13". */
  agencyId: string;
  level: 'commune' | 'ward' | 'special' | 'district';
  /** Place name for the form's date line, e.g. "Phường Ba Đình". */
  placeName: string;
  deskNumber: number;
  /** Working hours "HH:mm". */
  morning: { start: string; end: string };
  afternoon: { start: string; end: string };
  /** Default cut-off "HH:mm" after which counting starts the next working day. */
  cutoff: string;
  /**
   * Not used: the printer is main's privileged setting (set-printer). A name an older desk kept here
   * is offered once for approval in Settings → Printer, then cleared.
   */
  printer: string;
  idleLockMinutes: number;
  resultPlace: string;
}
