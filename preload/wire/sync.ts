// What sync.request carries: the provincial API's methods, and the response main's provincial
// link returns to the renderer's sync engine.

/** The methods of the provincial API (tests/provincial/openapi.yaml); sync.request takes no other. */
export const LINK_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type LinkMethod = (typeof LINK_METHODS)[number];

export interface LinkResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/**
 * An electronic certified copy's book entry as the province receives it (PUT
 * /certified-copies/{id}, tests/provincial/openapi.yaml), the signed PDF uploaded first like a
 * dossier's files. An entry never changes once written, so it has no version: the same id
 * always carries the same body.
 */
export interface WireCertifiedCopy {
  id: string;
  /** 2.000815, chứng thực bản sao từ bản chính. */
  procedureCode: string;
  /** The year's book (sổ chứng thực bản sao điện tử), its label ("2026/SCT/BSĐT") and the number in it. */
  book: { year: number; label: string; number: number };
  /** "YYYY-MM-DD" at UTC+7, the book's date column; `at` the desk time it was entered. */
  day: string;
  at: string;
  /** What the original is, as the officer wrote it. */
  document: string;
  /** The original's pages: the fee's basis (TT 226/2016/TT-BTC). */
  pages: number;
  /** What the citizen paid, the tariff before any exemption, and the province's resolution when it paid instead. */
  fee: { amount: number; tariff: number; paidBy?: { province: string; basis: string } };
  signer: { name: string; certificateSha256: string };
  file: { sha256: string; size: number; name: string };
  officerId: string;
  /** The 2.000815 dossier the copy was made for, when it was started from one. */
  dossierCode?: string;
  /** The code on the citizen's slip that fetches the copy (GET /public/certified-copies/{fetchCode}); absent from desks before it. */
  fetchCode?: string;
}
