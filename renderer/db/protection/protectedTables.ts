// Which tables hold citizens' data, and which of their fields may stay in the clear. The
// lists name what is allowed plain (indexed fields, counters, hashes), so a field added
// later is encrypted unless someone decides otherwise here.
import type { Dossier } from '#domain/model.ts';
import { dossierIndexTerms, type SearchTerm } from '#domain/search/blindTerms.ts';

export interface TableProtection {
  primaryKey: string;
  /** Kept as they are: indexed or needed without the key (sync state, sizes, hashes). */
  clear: readonly string[];
  /** Blob fields: stored as sealed Blobs, sealed by the caller before the transaction. */
  blobs: readonly string[];
  /** Index entries derived from the plain record: plain keys and terms to blind. */
  index?: { field: string; of(record: Record<string, unknown>): { clear: string[]; terms: BlindTerm[] } };
  /**
   * Clear fields computed from the plain record at each write, for indexes only: never part of
   * the record read back, nor of its associated data (an upgrade may add the index before any
   * row has them). A field `of` leaves out is not stored, so the row stays out of its index.
   */
  derived?: { fields: readonly string[]; of(record: Record<string, unknown>, blind: (term: BlindTerm) => string): Record<string, unknown> };
}

/** A term the index holds only as a keyed token: a search term, or the procedure below. */
export type BlindTerm = SearchTerm | { kind: 'r'; value: string };

/**
 * The procedure a dossier is for, as a blind token beside its search tokens: the scorecard
 * counts "overdue now" per procedure from the index (renderer/features/scorecard) instead of
 * opening every overdue dossier, while the disk still never says which procedure a dossier is
 * for (it tells what a citizen applied for: see README.md). Kind 'r' keeps it apart from the
 * name and number terms, so no search query ever meets it.
 */
export function procedureTerm(code: string): BlindTerm {
  return { kind: 'r', value: code };
}

export const PROTECTED_TABLES: Readonly<Record<string, TableProtection>> = {
  dossiers: {
    primaryKey: 'id',
    // The register's indexes: receipt and appointment times, decision, status, the dossier code.
    clear: ['id', 'code', 'receivedAt', 'appointmentAt', 'decision', 'status'],
    blobs: [],
    index: {
      field: 'searchKeys',
      of: (record) => {
        const d = record as unknown as Dossier;
        const others = [d.applicant.representative?.idNumber, d.handover?.recipientIdNumber].filter((id): id is string => !!id);
        const { clear, terms } = dossierIndexTerms(
          { code: d.code, fullName: d.applicant.fullName, idNumber: d.applicant.idNumber, phone: d.applicant.phone },
          others,
        );
        return { clear, terms: d.procedureCode ? [...terms, procedureTerm(d.procedureCode)] : terms };
      },
    },
    derived: { fields: ['dueBy'], of: (record, blind) => overdueFields(record as unknown as Dossier, blind) },
  },
  files: {
    primaryKey: 'id',
    clear: ['id', 'dossierId', 'kind', 'specId', 'sha256', 'size', 'createdAt'],
    blobs: ['blob'],
  },
  scanPages: {
    primaryKey: 'id',
    clear: ['id', 'dossierId', 'specId', 'position', 'kind', 'blank', 'rotation', 'widthPt', 'heightPt', 'createdAt'],
    blobs: ['pdf', 'thumbnail'],
  },
  syncResults: {
    primaryKey: 'id',
    clear: ['id', 'dossierId', 'sha256', 'size', 'pending', 'fetchedAt'],
    blobs: ['blob'],
  },
  dossierSync: {
    primaryKey: 'dossierId',
    // Everything the sync engine schedules by; the province's note and result names are sealed.
    clear: [
      'dossierId',
      'receivedDay',
      'receivedAt',
      'state',
      'version',
      'versionSeq',
      'ackVersion',
      'ackFiles',
      'firstAckAt',
      'ackAt',
      'lagMs',
      'serverVersion',
      'error',
    ],
    blobs: [],
  },
  receptionDrafts: {
    primaryKey: 'officerId',
    // Whose draft and when it was saved; the form itself (the applicant, the checklist, the reason) is sealed.
    clear: ['officerId', 'savedAt', 'format'],
    blobs: [],
  },
};

/**
 * What the scorecard counts "overdue now" by (domain/scorecard overdueAt: accepted, status
 * below 8, appointment set), kept beside each dossier so that it is one IndexedDB count() per
 * procedure instead of reading every overdue id (renderer/features/scorecard/loadScorecard.ts):
 * `dueBy` = [the procedure's blind token, or '' for a dossier without a procedure, the
 * appointment], on the dossiers that can be overdue only. It shows nothing the clear status,
 * decision, appointment and `searchKeys` do not already.
 */
export function overdueFields(d: Pick<Dossier, 'decision' | 'status' | 'appointmentAt' | 'procedureCode'>, blind: (term: BlindTerm) => string) {
  const canBeOverdue = d.decision === 'accepted' && d.status < 8 && typeof d.appointmentAt === 'string';
  return canBeOverdue ? { dueBy: [d.procedureCode ? blind(procedureTerm(d.procedureCode)) : '', d.appointmentAt] } : {};
}

/** Fields the protection adds to every stored record. */
export const KID_FIELD = 'kid';
export const SEALED_FIELD = 'sealed';
