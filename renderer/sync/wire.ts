// The dossier as the province receives it (openapi.yaml `Dossier`): the desk's record
// without its local fields, plus a version and the files. The province refuses unknown
// fields, so every field is picked by name: a field added to the local model never leaks.
import type { CopyKind, Decision, Dossier, ElectronicResult, LookupOutcome } from '#domain/model.ts';
import type { Digitisation } from '#domain/digitisation/metadata.ts';
import type { StoredFile } from '../db/schema.ts';

export interface WireFile {
  sha256: string;
  size: number;
  name: string;
  kind: StoredFile['kind'];
  specId?: string;
}

/** A component's database look-up: who, when, where, the number given and the outcome. */
export interface WireLookup {
  database: string;
  databaseName: string;
  numberGiven: string;
  outcome: LookupOutcome;
  /** For 'found': the number of the record the database returned. */
  reference?: string;
  at: string;
  officerId: string;
}

/** A component's digitisation metadata (TT 01/2023/TT-VPCP), and where a reused one came from. */
export interface WireDigitisation {
  fieldSet: string;
  procedureCode: string;
  specId: string;
  documentType: string;
  number: string;
  issuedOn: string;
  issuer: string;
  summary?: string;
  validUntil?: string;
  reusable: boolean;
  owner: { role: 'applicant' | 'representative'; fullName: string; idNumber: string };
  at: string;
  officerId: string;
  reusedFrom?: { fromDossierId: string; fromCode: string; sha256: string; at: string; officerId: string };
}

export interface WireDossier {
  id: string;
  version: number;
  code: string;
  decision: Decision;
  status: number;
  procedureCode: string;
  procedureName: string;
  /** Quyển số and số thứ tự in the office's tracking book, as the receipt printed them; absent before the book was numbered. */
  ledger?: { book: string; year: number; number: number };
  /** The case (trường hợp) the officer picked: its full code ("1.001193.01") and name. */
  procedureCase?: { code: string; name: string };
  processingHours: number;
  fees: Array<{ amount: number; label: string }>;
  /** The fee this dossier owes, computed at the decision (domain/catalog/fees.ts): amount in VND and the line behind it. */
  fee?: { amount: number; reasons: Array<{ label: string; amount: number; exemption?: { kind: string; basis: string } }> };
  /** The dated version of the procedure the dossier was received under (null = open end). */
  procedureVersion?: { effectiveFrom: string | null; effectiveTo: string | null };
  sets: number;
  applicant: {
    fullName: string;
    idNumber: string;
    dateOfBirth: string;
    gender: 'male' | 'female';
    address: string;
    phone?: string;
    email?: string;
    representative?: { fullName: string; idNumber: string };
  };
  components: Array<{
    specId: string;
    name: string;
    received: boolean;
    kind: CopyKind;
    count: number;
    note?: string;
    lookup?: WireLookup;
    digitisation?: WireDigitisation;
  }>;
  receivedAt: string;
  appointmentAt: string | null;
  reason?: string;
  /** A supplement request: the components (spec ids) Mẫu 02 asked for. */
  supplementItems?: string[];
  officerId: string;
  officerName: string;
  versions: { catalog: string; calendar: string; forms: string; codePattern: string };
  updatedAt: string;
  extensions?: Array<{ previousAppointmentAt: string; newAppointmentAt: string; reason: string; at: string; officerId: string }>;
  handover?: {
    recipientName: string;
    relation: 'self' | 'authorised';
    recipientIdNumber: string;
    at: string;
    officerId: string;
    officerName: string;
    note?: string;
  };
  beyondBoundary?: { receiving: { name: string; agencyId: string }; competent: { name: string; agencyId: string }; decision: string };
  /** The processing stopped (Mẫu 05): the province sets TrangThaiHoSo 8. */
  stop?: { reason: string; guidance?: string; leaderName?: string; at: string; officerId: string; officerName: string };
  /** The paper file's hand-offs (Mẫu 06), oldest first; the first makes a received dossier 4. */
  handOffs?: Array<{ from: string; to: string; receiverName?: string; at: string; note?: string; officerId: string; officerName: string }>;
  /** A signed result file attached at the desk (among `files`, kind 'result'), and how it was handed over. */
  electronicResult?: {
    sha256: string;
    name: string;
    signer: string;
    verdict: 'valid' | 'indeterminate';
    attachedAt: string;
    officerId: string;
    delivery?: { channel: 'file' | 'qr' | 'print'; at: string; officerId: string; officerName: string };
  };
  files: WireFile[];
}

/**
 * TrangThaiHoSo at receipt. The province takes `status` on first intake only and owns it
 * afterwards, so the wire carries the receipt status, never the one the feed wrote back:
 * a status move must not change the body of a version already sent.
 */
export const RECEIPT_STATUS: Record<Decision, number> = { accepted: 2, supplement: 5, refused: 3 };

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** Files in id order, so the same local state always gives the same body. */
export function wireFiles(files: StoredFile[]): WireFile[] {
  return [...files]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((f) => ({ sha256: f.sha256, size: f.size, name: f.name, kind: f.kind, ...optional('specId', f.specId) }));
}

function wireDigitisation(d: Digitisation): WireDigitisation {
  return {
    fieldSet: d.fieldSet,
    procedureCode: d.procedureCode,
    specId: d.specId,
    documentType: d.documentType,
    number: d.number,
    issuedOn: d.issuedOn,
    issuer: d.issuer,
    ...optional('summary', d.summary),
    ...optional('validUntil', d.validUntil),
    reusable: d.reusable,
    owner: { role: d.owner.role, fullName: d.owner.fullName, idNumber: d.owner.idNumber },
    at: d.at,
    officerId: d.officerId,
    ...optional(
      'reusedFrom',
      d.reusedFrom
        ? {
            fromDossierId: d.reusedFrom.fromDossierId,
            fromCode: d.reusedFrom.fromCode,
            sha256: d.reusedFrom.sha256,
            at: d.reusedFrom.at,
            officerId: d.reusedFrom.officerId,
          }
        : undefined,
    ),
  };
}

export function toWireDossier(dossier: Dossier, files: StoredFile[], version: number): WireDossier {
  const a = dossier.applicant;
  return {
    id: dossier.id,
    version,
    code: dossier.code,
    decision: dossier.decision,
    status: RECEIPT_STATUS[dossier.decision],
    procedureCode: dossier.procedureCode,
    procedureName: dossier.procedureName,
    ...optional('ledger', dossier.ledger ? { book: dossier.ledger.book, year: dossier.ledger.year, number: dossier.ledger.number } : undefined),
    ...optional('procedureCase', dossier.procedureCase ? { code: dossier.procedureCase.code, name: dossier.procedureCase.name } : undefined),
    processingHours: dossier.processingHours,
    fees: dossier.fees.map((f) => ({ amount: f.amount, label: f.label })),
    ...optional(
      'fee',
      dossier.fee
        ? {
            amount: dossier.fee.amount,
            reasons: dossier.fee.reasons.map((r) => ({
              label: r.label,
              amount: r.amount,
              ...optional('exemption', r.exemption ? { kind: r.exemption.kind, basis: r.exemption.basis } : undefined),
            })),
          }
        : undefined,
    ),
    ...optional(
      'procedureVersion',
      dossier.procedureVersion ? { effectiveFrom: dossier.procedureVersion.effectiveFrom, effectiveTo: dossier.procedureVersion.effectiveTo } : undefined,
    ),
    sets: dossier.sets,
    applicant: {
      fullName: a.fullName,
      idNumber: a.idNumber,
      dateOfBirth: a.dateOfBirth,
      gender: a.gender,
      address: a.address,
      ...optional('phone', a.phone),
      ...optional('email', a.email),
      ...optional('representative', a.representative ? { fullName: a.representative.fullName, idNumber: a.representative.idNumber } : undefined),
    },
    components: dossier.components.map((c) => ({
      specId: c.specId,
      name: c.name,
      received: c.received,
      kind: c.kind,
      count: c.count,
      ...optional('note', c.note),
      // The province keeps the look-up result with the dossier (NQ 66.7/2025/NQ-CP) and may resolve a pending one.
      ...optional(
        'lookup',
        c.lookup
          ? {
              database: c.lookup.database,
              databaseName: c.lookup.databaseName,
              numberGiven: c.lookup.numberGiven,
              outcome: c.lookup.outcome,
              ...optional('reference', c.lookup.reference),
              at: c.lookup.at,
              officerId: c.lookup.officerId,
            }
          : undefined,
      ),
      // The metadata goes with the scan it describes, so the province can offer the paper again (issue 15 §2).
      ...optional('digitisation', c.digitisation ? wireDigitisation(c.digitisation) : undefined),
    })),
    receivedAt: dossier.receivedAt,
    appointmentAt: dossier.appointmentAt,
    ...optional('reason', dossier.reason),
    // The province reprints Mẫu 02 as issued: the list the officer left, not every paper missing.
    ...optional('supplementItems', dossier.supplementItems ? [...dossier.supplementItems] : undefined),
    officerId: dossier.officerId,
    officerName: dossier.officerName,
    versions: {
      catalog: dossier.versions.catalog,
      calendar: dossier.versions.calendar,
      forms: dossier.versions.forms,
      codePattern: dossier.versions.codePattern,
    },
    updatedAt: dossier.updatedAt,
    ...optional(
      'extensions',
      dossier.extensions?.map((e) => ({
        previousAppointmentAt: e.previousAppointmentAt,
        newAppointmentAt: e.newAppointmentAt,
        reason: e.reason,
        at: e.at,
        officerId: e.officerId,
      })),
    ),
    ...optional(
      'handover',
      dossier.handover
        ? {
            recipientName: dossier.handover.recipientName,
            relation: dossier.handover.relation,
            recipientIdNumber: dossier.handover.recipientIdNumber,
            at: dossier.handover.at,
            officerId: dossier.handover.officerId,
            officerName: dossier.handover.officerName,
            ...optional('note', dossier.handover.note),
          }
        : undefined,
    ),
    ...optional(
      'beyondBoundary',
      dossier.beyondBoundary
        ? {
            receiving: { name: dossier.beyondBoundary.receiving.name, agencyId: dossier.beyondBoundary.receiving.agencyId },
            competent: { name: dossier.beyondBoundary.competent.name, agencyId: dossier.beyondBoundary.competent.agencyId },
            decision: dossier.beyondBoundary.decision,
          }
        : undefined,
    ),
    ...optional(
      'stop',
      dossier.stop
        ? {
            reason: dossier.stop.reason,
            ...optional('guidance', dossier.stop.guidance),
            ...optional('leaderName', dossier.stop.leaderName),
            at: dossier.stop.at,
            officerId: dossier.stop.officerId,
            officerName: dossier.stop.officerName,
          }
        : undefined,
    ),
    ...optional(
      'handOffs',
      dossier.handOffs?.map((h) => ({
        from: h.from,
        to: h.to,
        ...optional('receiverName', h.receiverName),
        at: h.at,
        ...optional('note', h.note),
        officerId: h.officerId,
        officerName: h.officerName,
      })),
    ),
    ...optional('electronicResult', dossier.electronicResult ? wireResult(dossier.electronicResult) : undefined),
    files: wireFiles(files),
  };
}

function wireResult(r: ElectronicResult): NonNullable<WireDossier['electronicResult']> {
  return {
    sha256: r.sha256,
    name: r.name,
    signer: r.signer,
    verdict: r.verdict,
    attachedAt: r.attachedAt,
    officerId: r.officerId,
    ...optional(
      'delivery',
      r.delivery ? { channel: r.delivery.channel, at: r.delivery.at, officerId: r.delivery.officerId, officerName: r.delivery.officerName } : undefined,
    ),
  };
}
