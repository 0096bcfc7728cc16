// What certify.copy returns: the signed electronic certified copy and what the book records of
// it. Main's certify service (main/certification/certify.ts) implements this shape.

export interface CertifiedCopy {
  pdf: Uint8Array;
  /** The original's pages (the fee's basis), without the statement page. */
  pages: Array<{ page: number; dpi: number; width: number; height: number }>;
  /** The statement's lines as printed. */
  statement: string[];
  /** "2026/SCT/BSĐT". */
  book: string;
  signer: string;
  /** SHA-256 (hex) of the signer's certificate, read from the signed copy. */
  certificateSha256: string;
  /** ISO 8601, desk time. */
  signingTime: string;
  level: string;
}
