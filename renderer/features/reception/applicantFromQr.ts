// Turns a scanned citizen-ID QR into the applicant block, keeping what the officer already
// typed for fields the card does not carry (phone, email, representative). Input the wedge
// refused, and a scan that is no card, an old card's or cut short, fill nothing: the notice
// says why and the form stays as it was.
import type { Applicant } from '#domain/model.ts';
import type { Bilingual } from '#domain/errors.ts';
import { parseScannedCccdQr } from '#domain/citizen/cccdQr.ts';
import { toBilingual } from '#renderer/ui/Message.tsx';
import type { QrInput } from './useQrWedge.ts';

export interface QrFill {
  applicant: Applicant | null;
  notice: { kind: 'ok' | 'error' | 'info'; text: Bilingual };
}

export function applicantFromQr(input: QrInput, current: Applicant): QrFill {
  if (input.kind === 'refused') return { applicant: null, notice: { kind: 'error', text: input.error.text } };
  try {
    const { fields, problems } = parseScannedCccdQr(input.text);
    const applicant: Applicant = {
      ...current,
      fullName: fields.fullName,
      idNumber: fields.idNumber,
      dateOfBirth: fields.dateOfBirth ?? current.dateOfBirth,
      gender: fields.gender ?? current.gender,
      address: fields.address ?? current.address,
    };
    const filled: Bilingual = { vi: 'Đã điền từ mã QR thẻ căn cước.', en: 'Filled in from the citizen ID card QR code.' };
    if (problems.length === 0) return { applicant, notice: { kind: 'ok', text: filled } };
    return {
      applicant,
      notice: {
        kind: 'info',
        text: {
          vi: `${filled.vi} Cần kiểm tra: ${problems.map((p) => p.text.vi).join('; ')}.`,
          en: `${filled.en} Please check: ${problems.map((p) => p.text.en).join('; ')}.`,
        },
      },
    };
  } catch (e) {
    return { applicant: null, notice: { kind: 'error', text: toBilingual(e) } };
  }
}
