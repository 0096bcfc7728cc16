// Certify a copy: check the original's scan, append the statement page, sign it with the
// office's certificate (PAdES, visible stamp on the statement page). The book number comes in
// from the caller, who records it with the entry in one transaction only once this returns:
// a copy that failed, or was never recorded, uses no number (no gap), and a number recorded
// once is never issued again (no duplicate).
import { DeskError } from '#domain/errors.ts';
import { bookLabel, composeStatement } from '#domain/certification/statement.ts';
import { SigningService } from '../signing/signingService.ts';
import { verifyPdf } from '../signing/verify.ts';
import { checkOriginal, type OriginalPage } from './original.ts';
import { requireOrganisationCertificate } from './organisationCertificate.ts';
import { appendStatementPage } from './statementPage.ts';

export interface CertifyRequest {
  original: Uint8Array;
  tokenId: string;
  certificateId: string;
  /** null: the reader's own PIN pad. Never logged, never stored. */
  pin: string | null;
  /** The certifying office as the desk knows it (settings), and the place printed before the date. */
  office: { name: string; place: string };
  /** The officer who checked the original (người thực hiện chứng thực). */
  certifier: string;
  /** The number the book will record: `nextBookNumber`'s. */
  entry: { number: number; year: number; day: string };
  signedAt?: Date;
}

export interface CertifyResult {
  pdf: Uint8Array;
  /** The original's pages (the fee's basis), not counting the statement page. */
  pages: OriginalPage[];
  statement: string[];
  book: string;
  signer: string;
  /** SHA-256 (hex) of the certificate that signed: the book entry's and the province's record of who certified. */
  certificateSha256: string;
  signingTime: string;
  level: string;
}

export const CERTIFY_REASON = 'Chứng thực bản sao điện tử từ bản chính';

/** The copy before its signature: the scan checked, the statement page appended. No token involved. */
export async function prepareCopy(
  original: Uint8Array,
  details: { organisation: string; place: string; certifier: string; entry: CertifyRequest['entry']; createdAt: Date },
): Promise<{ unsigned: Uint8Array; pages: OriginalPage[]; statement: string[]; book: string }> {
  const { pages, doc } = await checkOriginal(original);
  const statement = composeStatement({ ...details.entry, certifier: details.certifier, organisation: details.organisation, place: details.place });
  const book = bookLabel(details.entry.year);
  const unsigned = await appendStatementPage(doc, {
    lines: statement.lines,
    title: `Bản sao điện tử được chứng thực — số ${details.entry.number}, quyển ${book}`,
    createdAt: details.createdAt,
  });
  return { unsigned, pages, statement: statement.lines, book };
}

export async function certifyCopy(signing: SigningService, request: CertifyRequest): Promise<CertifyResult> {
  // The certificate and the scan are checked before the token is opened: no PIN try is spent on a refusal.
  const { tokens } = await signing.listTokens();
  const certificate = tokens.find((t) => t.id === request.tokenId)?.certificates.find((c) => c.id === request.certificateId);
  if (!certificate) {
    throw new DeskError('certification.noToken', {
      vi: 'Không thấy token hoặc chứng thư số đã chọn. Hãy cắm token của cơ quan rồi chọn lại.',
      en: 'The chosen token or certificate is not there. Plug in the office’s token and choose again.',
    });
  }
  requireOrganisationCertificate(certificate, request.office.name);
  const organisation = certificate.organisation ?? request.office.name;
  const { unsigned, pages, statement, book } = await prepareCopy(request.original, {
    organisation,
    place: request.office.place,
    certifier: request.certifier,
    entry: request.entry,
    createdAt: request.signedAt ?? new Date(),
  });
  const result = await signing.signFiles({
    tokenId: request.tokenId,
    certificateId: request.certificateId,
    pin: request.pin,
    files: [unsigned],
    reason: CERTIFY_REASON,
    ...(request.office.place.trim() ? { location: request.office.place.trim() } : {}),
    stamp: { page: 'last', corner: 'bottom-right', organisation },
  });
  const signed = result.files[0]!;
  // Read back from the copy itself, so the fingerprint recorded is the one the province will find in it.
  const certificateSha256 = (await verifyPdf(signed.pdf, { trustAnchors: [] })).signatures.find((s) => s.kind === 'signature')?.certificateSha256;
  if (!certificateSha256) {
    throw new DeskError('certification.unsigned', {
      vi: 'Bản sao vừa ký không đọc được chứng thư của người ký; không vào sổ. Hãy ký lại.',
      en: 'The copy just signed does not show the signer’s certificate; it is not entered in the book. Sign again.',
    });
  }
  return {
    pdf: signed.pdf,
    pages,
    statement,
    book,
    signer: result.signer,
    certificateSha256,
    signingTime: signed.signingTime,
    level: signed.level,
  };
}

/**
 * certify.copy for the host. The training token holds an officer's certificate, which a copy
 * must not carry; where the desk offers the training token (demo mode, training), its copies
 * are signed by a training token holding a certificate of this office itself instead.
 */
export function certifyCall(signing: SigningService): (request: CertifyRequest) => Promise<CertifyResult> {
  const training = new SigningService();
  return async (request) => {
    if (request.tokenId !== 'emulator' || !(await signing.listTokens()).tokens.some((t) => t.id === 'emulator')) return certifyCopy(signing, request);
    training.configure({
      pkcs11Modules: [],
      emulator: true,
      emulatorHolder: 'organisation',
      emulatorOrganisation: request.office.name,
      tsaUrl: null,
      trustAnchors: [],
    });
    return certifyCopy(training, request);
  };
}
