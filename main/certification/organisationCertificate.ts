// An electronic certified copy carries the signature of the certifying office, not of the
// officer: NĐ 30/2020 Phụ lục I (chữ ký số của cơ quan, tổ chức) and NĐ 23/2015 as amended
// (the copy is signed with the certifying body's digital signature) [S, checked 2026-12-07].
// An office certificate is issued to the organisation itself: its subject's common name is the
// organisation's name (CN = O), where an officer's certificate names a person working there.
// The desk's choice, since no certificate profile was retrieved: CN equals O, and both name
// this office when the desk knows its name ("UBND" and "Ủy ban nhân dân" count as the same).
import { DeskError } from '#domain/errors.ts';
import type { TokenCertificateInfo } from '#preload/wire/tokens.ts';

function normalise(name: string): string {
  return name
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(ủy|uỷ) ban nhân dân\b/, 'ubnd');
}

/** Refuses, before the PIN is asked, a certificate that is not the office's own. */
export function requireOrganisationCertificate(certificate: TokenCertificateInfo, office: string): void {
  const subject = normalise(certificate.subject);
  const organisation = normalise(certificate.organisation ?? '');
  const ofOffice = office.trim() === '' || organisation === normalise(office);
  if (subject === '' || subject !== organisation || !ofOffice) {
    const whose = certificate.organisation ? `${certificate.subject} (${certificate.organisation})` : certificate.subject;
    const expected = office.trim() || certificate.organisation || '…';
    throw new DeskError('certification.notOrganisationCertificate', {
      vi: `Chứng thư số "${whose}" không phải chứng thư của cơ quan ${expected}. Bản sao điện tử phải được ký bằng chữ ký số của cơ quan chứng thực: hãy dùng token của cơ quan.`,
      en: `The certificate "${whose}" is not the certificate of the office ${expected}. An electronic certified copy must carry the certifying office’s signature: use the office’s token.`,
    });
  }
}
