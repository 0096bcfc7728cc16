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

/** Fields the protection adds to every stored record. */
export const KID_FIELD = 'kid';
export const SEALED_FIELD = 'sealed';
