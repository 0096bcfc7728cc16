// The desk's one IndexedDB database and the types of its tables as they are today. Its
// versions live one to a file in migrations/, each frozen once shipped, so that any old
// profile migrates step by step (see README.md).
import Dexie, { type EntityTable } from 'dexie';
import type { AgencyRef, Applicant, Dossier, ExemptGroup, LookupOutcome, Procedure, ReceivedComponent } from '#domain/model.ts';
import { Protection } from './protection/protection.ts';
import { protectionMiddleware } from './protection/middleware.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import type { ScannedPage } from '#preload/wire/scan.ts';

/** The desk's master key wrapped under a key derived from one officer's password. */
export interface KeyWrap {
  /** base64 PBKDF2 salt, its own (never the password hash's). */
  salt: string;
  iterations: number;
  sealed: Uint8Array;
}

export interface Officer {
  id: string;
  username: string;
  fullName: string;
  role: 'admin' | 'officer';
  /** PBKDF2-SHA256: base64 salt and hash, and the iteration count used. */
  password: { salt: string; hash: string; iterations: number };
  active: boolean;
  createdAt: string;
  /** Absent until the officer first signs in on a desk whose keys are open (older profiles). */
  keyWrap?: KeyWrap;
}

/**
 * The desk's keys, wrapped (renderer/db/protection/keyring.ts): `data:<kid>` rows hold data
 * keys wrapped by the master key, `current` names the one new data is sealed with, and
 * `keystore` holds the master key wrapped by the OS keystore.
 */
export interface KeyringRow {
  id: string;
  kid?: string;
  wrapped?: Uint8Array;
  createdAt?: string;
}

export interface AuditEntry {
  seq?: number;
  at: string;
  officerId: string;
  action:
    | 'sign-in'
    | 'sign-out'
    | 'lock'
    | 'unlock'
    | 'receive'
    | 'supplement'
    | 'refuse'
    | 'print'
    | 'scan'
    | 'sign'
    | 'handover'
    | 'lookup'
    | 'stop'
    | 'hand-off'
    | 'settings'
    | 'officer'
    | 'catalog'
    | 'demo'
    | 'protection'
    | 'retention'
    | 'export';
  dossierId?: string;
  /** Never personal data: codes, counts and field names only. */
  detail?: string;
}

/**
 * A stored file: a printed form or a component's scanned document (PDF), or the dossier's
 * signed manifest (CMS with the dossier record and every file's SHA-256). A signed certified
 * copy ('certified-copy') is kept here too, sealed like every file, under its book entry's id
 * in `dossierId`: it belongs to no dossier's files.
 */
export interface StoredFile {
  id: string;
  dossierId: string;
  kind: 'receipt' | 'supplement' | 'refusal' | 'scan' | 'manifest' | 'apology' | 'stop' | 'control' | 'result' | 'certified-copy';
  /** For scans: the component (ComponentSpec id) the document belongs to. */
  specId?: string;
  name: string;
  sha256: string;
  size: number;
  blob: Blob;
  createdAt: string;
}

/**
 * A scanned or imported page waiting to become part of a component's PDF. Pages are kept
 * one by one as they arrive, so neither a crash nor a reload loses any.
 */
export interface ScanPageRecord {
  id: string;
  dossierId: string;
  specId: string;
  /** Order within the component; rewritten densely on every move or delete. */
  position: number;
  kind: ScannedPage['kind'];
  blank: boolean;
  rotation: 0 | 90 | 180 | 270;
  widthPt: number;
  heightPt: number;
  pdf: Blob;
  thumbnail: Blob;
  createdAt: string;
}

/** A signature the desk added to a stored file; the file's bytes carry the signature itself. */
export interface SignatureRecord {
  id: string;
  dossierId: string;
  fileId: string;
  officerId: string;
  /** The certificate holder's name as the token gave it. */
  signer: string;
  /** ISO 8601 at +07:00. */
  signedAt: string;
  level: 'B-B' | 'B-T';
  /** 1 while a timestamp authority has not yet answered (IndexedDB cannot index booleans). */
  timestampPending: 0 | 1;
}

/**
 * A change that must reach the province, written in the same transaction as the change. For
 * 'certification.upsert' (a certified copy's book entry) `dossierId` holds the entry's id.
 */
export interface OutboxEntry {
  seq?: number;
  dossierId: string;
  kind: 'dossier.upsert' | 'certification.upsert';
  createdAt: string;
}

export interface Setting<T = unknown> {
  key: string;
  value: T;
}

/** A versioned rule set in force (catalogue, calendar, forms, code pattern). */
export interface RuleSet<T = unknown> {
  kind: 'catalog' | 'calendar' | 'nonTerritorial';
  version: string;
  effectiveFrom: string;
  data: T;
  installedAt: string;
}

/** Key-value state of the provincial sync (identity, token, cursor, outcomes); see renderer/sync/README.md. */
export interface SyncStateRow<T = unknown> {
  key: string;
  value: T;
}

/** A resumable upload of one content hash, kept so that a restarted desk resumes it. */
export interface SyncUploadRow {
  sha256: string;
  /** Absolute tus upload URL, while an upload is under way. */
  url?: string;
  /** When the province was last seen to hold the file. */
  presentAt?: string;
  /** Set when the local Blob no longer hashes to sha256: it must be rescanned. */
  corrupt?: { actualSha256: string; at: string };
  /** Uploads the province refused for a hash mismatch although the local Blob matched. */
  mismatches?: number;
}

/** Where one dossier stands with the province. */
export interface DossierSyncRow {
  dossierId: string;
  /** The dossier's receipt day at +07:00 (reconciliation is per receipt day). */
  receivedDay: string;
  receivedAt: string;
  state: 'pending' | 'acked' | 'error' | 'superseded';
  /** The last version number given to this dossier, and the outbox seq it covers. */
  version: number;
  versionSeq: number;
  ackVersion?: number;
  /** The file hashes of ackVersion, for the reconciliation digest. */
  ackFiles?: string[];
  firstAckAt?: string;
  ackAt?: string;
  /** firstAckAt − receivedAt: how late the province learnt of the dossier. */
  lagMs?: number;
  /** A newer version the province said it holds (dossier-version-stale). */
  serverVersion?: number;
  error?: { code: string; message: { vi: string; en: string }; at: string; seq: number };
  /** The province's latest word on the dossier, kept raw (codes outside 1–10 too). */
  provincial?: {
    status: number;
    label: { vi: string; en: string } | null;
    note: string | null;
    at: string;
    results: Array<{ sha256: string; size: number; name: string }>;
  };
}

/** A result file the province attached to a dossier's status change; fetched after the feed. */
export interface SyncResultRow {
  /** `${dossierId}:${sha256}` */
  id: string;
  dossierId: string;
  sha256: string;
  name: string;
  size: number;
  /** 1 until the bytes are here and verified (IndexedDB cannot index booleans). */
  pending: 0 | 1;
  blob?: Blob;
  fetchedAt?: string;
}

/**
 * The reception form one officer has filled and not yet decided (renderer/features/reception/
 * receptionDraft.ts): sealed at rest but for the officer's id, the save time and the key id.
 */
/** A version of a procedure as stored: the procedure and its key "code@effectiveFrom". */
export type ProcedureVersionRow = Procedure & { key: string };

/** The key a version is stored under: its code and first day ("" when open-ended); unique since versions of a code do not overlap. */
export function procedureVersionKey(p: Pick<Procedure, 'code' | 'effectiveFrom'>): string {
  return `${p.code}@${p.effectiveFrom ?? ''}`;
}

export interface ReceptionDraftRow {
  officerId: string;
  /** Desk time of the last save, ISO 8601 with +07:00. */
  savedAt: string;
  /** The shape of `form`, so that a later app can tell an older draft apart. */
  format: 1;
  form: {
    /** The procedure picked, by code and its name then: the catalogue may have dropped it since. */
    procedure: { code: string; name: string } | null;
    applicant: Applicant;
    components: ReceivedComponent[];
    lookups: Array<{ specId: string; numberGiven: string; outcome: LookupOutcome }>;
    /** The decision boxes as the officer left them: each decision's reason, Mẫu 02's list, which box is open. */
    decision: { open: 'supplement' | 'refused' | null; acceptReason: string; supplementReason: string; refuseReason: string; supplementItems: string[] };
    competent: AgencyRef | null;
    fee: { line: number; pages: number; channel: 'direct' | 'post'; groups: ExemptGroup[] };
    /** Earlier papers chosen for reuse (issue 15 §2); absent in drafts saved before it was kept. */
    reuse?: Array<{ specId: string; fromDossierId: string; fileId: string }>;
  };
}

/**
 * One component digitised, one reused from an earlier dossier, or one electronic result (issue
 * 15 §2), for the scorecard to count by kind and month (`[kind+at]`): ids, a time and a
 * component only, never a person, so it stays in the clear.
 */
export interface DigitisationLogRow {
  /** A ULID. */
  id: string;
  kind: 'digitised' | 'reused' | 'electronic-result';
  dossierId: string;
  /** Desk time, ISO 8601 with +07:00. */
  at: string;
  officerId: string;
  /** The component (ComponentSpec id); absent for a result. */
  specId?: string;
  /** For 'reused': the dossier the component was first digitised in. */
  fromDossierId?: string;
}

/**
 * One row of the electronic certification book (v9, renderer/features/certification/): a copy
 * certified with its number, or a refusal with the law's reason. Names no citizen: in the clear.
 */
export interface CertificationRow {
  /** A ULID. */
  id: string;
  kind: 'certified' | 'refused';
  /** The book's year; with `number`, unique among certified copies. */
  year: number;
  /** Absent for a refusal. */
  number?: number;
  /** "YYYY-MM-DD" at UTC+7. */
  day: string;
  /** Desk time, ISO 8601 with +07:00. */
  at: string;
  officerId: string;
  /** What the original is (e.g. "Bằng tốt nghiệp"), as the officer wrote it. */
  document: string;
  /** The original's pages (0 for a refusal before any scan) and the fee the citizen paid, VND. */
  pages: number;
  fee: number;
  /** The province's resolution when it paid the fee. */
  feePaidBy?: string;
  /** The signed copy's SHA-256, hex. */
  sha256?: string;
  /** What the citizen's slip carries to fetch the copy from the province (domain/certification/fetchCode.ts); absent on entries made before it. */
  fetchCode?: string;
  /** A refusal's reason id (domain/certification/refusal-reasons.json). */
  reason?: string;
  /**
   * What the province is sent of a certified copy (renderer/sync/sendCertifiedCopy.ts); absent on
   * entries written before copies were synced. The signer as the token named it and the SHA-256
   * of its certificate, the tariff before a province's exemption and that province, the stored
   * copy (`files`, kind 'certified-copy') and the 2.000815 dossier it was made for.
   */
  signer?: string;
  certificateSha256?: string;
  tariff?: number;
  feePaidByProvince?: string;
  fileId?: string;
  dossierId?: string;
  dossierCode?: string;
  /** Where the entry stands with the province: sent and stored, or refused with its reason (`seq`: the outbox entry refused). */
  sync?: { state: 'pending' | 'acked' | 'error'; ackAt?: string; error?: { code: string; message: { vi: string; en: string }; at: string; seq: number } };
}

export type DeskDb = Dexie & {
  /** One version per code (the one in force when installed, else the first listed), for look-ups by code. */
  procedures: EntityTable<Procedure, 'code'>;
  /** Every version of every procedure, keyed by code and first day (procedureVersionKey). */
  procedureVersions: EntityTable<ProcedureVersionRow, 'key'>;
  dossiers: EntityTable<Dossier, 'id'>;
  officers: EntityTable<Officer, 'id'>;
  audit: EntityTable<AuditEntry, 'seq'>;
  files: EntityTable<StoredFile, 'id'>;
  outbox: EntityTable<OutboxEntry, 'seq'>;
  settings: EntityTable<Setting, 'key'>;
  rules: EntityTable<RuleSet, 'version'>;
  scanPages: EntityTable<ScanPageRecord, 'id'>;
  signatures: EntityTable<SignatureRecord, 'id'>;
  syncState: EntityTable<SyncStateRow, 'key'>;
  syncUploads: EntityTable<SyncUploadRow, 'sha256'>;
  dossierSync: EntityTable<DossierSyncRow, 'dossierId'>;
  syncResults: EntityTable<SyncResultRow, 'id'>;
  keyring: EntityTable<KeyringRow, 'id'>;
  receptionDrafts: EntityTable<ReceptionDraftRow, 'officerId'>;
  digitisationLog: EntityTable<DigitisationLogRow, 'id'>;
  certifications: EntityTable<CertificationRow, 'id'>;
  /** This database's keys while the app runs; see renderer/db/protection/README.md. */
  protection: Protection;
};

export const DB_NAME = 'mot-cua-desk';

/** Declares the given versions on db, oldest first: all of them in the app, up to one step in its tests. */
export function declareVersions(db: Dexie, migrations: readonly Migration[] = MIGRATIONS): void {
  for (const m of migrations) {
    const declared = db.version(m.version).stores(m.stores);
    if (m.upgrade) declared.upgrade(m.upgrade);
  }
}

export function openDeskDb(name = DB_NAME, migrations: readonly Migration[] = MIGRATIONS): DeskDb {
  const db = new Dexie(name) as DeskDb;
  db.protection = new Protection();
  db.use(protectionMiddleware(db.protection));
  declareVersions(db, migrations);
  return db;
}
