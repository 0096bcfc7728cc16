// Where a scan from a HID barcode scanner goes. A citizen-ID QR fills the reception form
// (the wedge's parser); a web address or a payment QR is refused, since the desk neither
// opens links nor takes payments from codes; anything else is what the current screen
// searches for — on a receipt, the dossier code.
import { looksLikeCitizenQr } from '#domain/citizen/keyboardWedge.ts';
import { DeskError } from '#domain/errors.ts';

export type ScanRoute = { kind: 'citizen'; text: string } | { kind: 'search'; text: string } | { kind: 'refused'; error: DeskError };

/** Longer than any dossier code or search the register takes; a longer scan is no search. */
export const MAX_SEARCH_LENGTH = 60;

export const scanErrors = {
  url: () =>
    new DeskError('barcode.url', {
      vi: 'Mã vừa quét là một địa chỉ web, không phải mã QR thẻ căn cước hay mã hồ sơ: không mở, không điền gì.',
      en: 'The scanned code is a web address, not a citizen ID QR or a dossier code: nothing was opened or filled in.',
    }),
  payment: () =>
    new DeskError('barcode.payment', {
      vi: 'Mã vừa quét là mã thanh toán (VietQR/EMVCo), không phải mã QR thẻ căn cước hay mã hồ sơ: không điền gì.',
      en: 'The scanned code is a payment code (VietQR/EMVCo), not a citizen ID QR or a dossier code: nothing was filled in.',
    }),
  unknown: () =>
    new DeskError('barcode.unknown', {
      vi: 'Mã vừa quét không phải mã QR thẻ căn cước hay mã hồ sơ: không điền gì.',
      en: 'The scanned code is neither a citizen ID QR nor a dossier code: nothing was filled in.',
    }),
  behindDialog: () =>
    new DeskError('barcode.behindDialog', {
      vi: 'Mã được quét khi màn hình đang khoá hoặc đang mở một hộp thoại: không điền gì vào biểu mẫu phía sau. Hãy mở khoá hoặc đóng hộp thoại rồi quét lại.',
      en: 'A code was scanned while the screen was locked or a dialog was open: nothing was filled into the form behind it. Unlock or close the dialog, then scan again.',
    }),
};

// A scheme and a colon: http:, https:, but also tel:, mailto: or javascript:.
const URL_LIKE = /^[a-z][a-z0-9+.-]{1,20}:/i;
// EMVCo merchant-presented QR (VietQR included) starts with payload format indicator "01".
const EMV_PAYMENT = /^000201/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export function routeScan(text: string): ScanRoute {
  const trimmed = text.trim();
  if (looksLikeCitizenQr(trimmed)) return { kind: 'citizen', text: trimmed };
  if (EMV_PAYMENT.test(trimmed)) return { kind: 'refused', error: scanErrors.payment() };
  if (URL_LIKE.test(trimmed)) return { kind: 'refused', error: scanErrors.url() };
  if (trimmed.length === 0 || [...trimmed].length > MAX_SEARCH_LENGTH || CONTROL.test(trimmed)) return { kind: 'refused', error: scanErrors.unknown() };
  return { kind: 'search', text: trimmed };
}
