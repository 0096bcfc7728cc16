// What sign.files and sign.verify return: the signed files, and each signature's verdict with
// the reasons and the later changes behind it. Main's signing service and verifier implement
// these shapes; the signing panel and the signature report read them.
import type { Bilingual } from '#domain/errors.ts';

/** PAdES baseline levels (ETSI EN 319 142-1). */
export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
/** The levels the desk signs at: B-T when a timestamp server answered, else B-B. */
export type SigningLevel = Extract<PadesLevel, 'B-B' | 'B-T'>;

/** Where the NĐ 30/2020 stamp goes: the officer picks a page and a corner. */
export const STAMP_PAGES = ['first', 'last'] as const;
export type StampPage = (typeof STAMP_PAGES)[number];
export const STAMP_CORNERS = ['bottom-right', 'bottom-left', 'top-right'] as const;
export type StampCorner = (typeof STAMP_CORNERS)[number];

/**
 * Where a visible stamp went: the free area main found nearest the corner asked for, the
 * officer's own rectangle, or nowhere — invisible, because the page had no free area large
 * enough (the stamp's text then stays in the signature field, and `reason` says so).
 * Rectangles are in PDF points, origin bottom-left; `page` is zero-based.
 */
export type StampOutcome =
  | { placed: 'free-area' | 'officer'; page: number; rect: { x: number; y: number; width: number; height: number }; text: string[] }
  | { placed: 'invisible'; reason: Bilingual; text: string[] };

export interface SignedFile {
  pdf: Uint8Array;
  level: SigningLevel;
  timestampPending: boolean;
  /** ISO 8601 at +07:00. */
  signingTime: string;
  /** Where the stamp went; absent when no stamp was asked for. */
  stamp?: StampOutcome;
}

export interface SignFilesResult {
  files: SignedFile[];
  signer: string;
  /** The signed manifest (CMS with the JSON inside), when one was asked for. */
  manifest: Uint8Array | null;
}

export type ChangeKind =
  | 'signature'
  | 'document-timestamp'
  | 'dss'
  | 'metadata'
  | 'form-fill'
  | 'annotation'
  | 'overlay'
  | 'page-content'
  | 'resources'
  | 'page'
  | 'page-tree'
  | 'catalog'
  | 'form'
  | 'structure';

export interface RevisionChange {
  kind: ChangeKind;
  /** Whether the signature's permissions allow it. */
  allowed: boolean;
  text: Bilingual;
}

export type DocMdpLevel = 1 | 2 | 3;

export type Verdict = 'valid' | 'invalid' | 'indeterminate';
export type TimeSource = 'signature-timestamp' | 'document-timestamp' | 'claimed';

export interface SignedRevision {
  /** The signature on the revision it signed alone: integrity, cryptography, trust. */
  verdict: Verdict;
  /** The signed revision is the file's first `length` bytes (the ByteRange's end); null when the byte range is unusable. */
  length: number | null;
}

export interface SignatureReport {
  /** Fully qualified field name. */
  field: string;
  kind: 'signature' | 'document-timestamp';
  /**
   * For the document as it is now: the signed revision's verdict, unless something changed
   * after signing that the signature does not permit — then invalid, whatever the signed
   * revision's verdict.
   */
  verdict: Verdict;
  /** Why the verdict is not `valid`; empty when it is. */
  reasons: Bilingual[];
  /** Worth knowing whatever the verdict: permitted later changes, revocation not checked. */
  warnings: Bilingual[];
  /** Certificate holder (CN): the officer, or the TSA for a document timestamp. */
  signer: string | null;
  /** SHA-256 (hex) of the signer's certificate, once the signature's CMS named it: what a certified copy's book entry records. */
  certificateSha256?: string;
  organisation: string | null;
  /** ISO 8601 at +07:00. */
  signingTime: string | null;
  /** 'claimed' is the signer's own clock (/M), proven by nothing. */
  timeSource: TimeSource | null;
  /** PAdES baseline level, only for an ETSI.CAdES.detached signature meeting PAdES; else null. */
  level: PadesLevel | null;
  /** What the signature is, named for people: "PAdES B-T", "PKCS#7 (adbe.pkcs7.detached)", "RFC 3161 (ETSI.RFC3161)"… */
  format: string;
  subFilter: string | null;
  signedRevision: SignedRevision;
  /** Incremental updates appended after the signed revision. */
  laterRevisions: number;
  /** What they changed, each allowed or not by the signature's permissions. */
  changes: RevisionChange[];
  /** The DocMDP level later changes were judged by: 1 none, 2 form filling and signing, 3 also annotations. */
  permission: DocMdpLevel;
}

export interface VerifyReport {
  signatures: SignatureReport[];
}
