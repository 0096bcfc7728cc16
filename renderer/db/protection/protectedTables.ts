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
  index?: { field: string; of(record: Record<string, unknown>): { clear: string[]; terms: SearchTerm[] } };
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
        return dossierIndexTerms({ code: d.code, fullName: d.applicant.fullName, idNumber: d.applicant.idNumber, phone: d.applicant.phone }, others);
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
