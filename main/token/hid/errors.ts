// What the officer reads when a HID token fails. One place, so the wording stays
// consistent and no message ever carries a PIN: none of these take one.
import { DeskError } from '#domain/errors.ts';

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

export const tokenErrors = {
  deviceGone: () =>
    new DeskError('token.device-gone', {
      vi: 'Token đã bị rút ra hoặc không còn phản hồi. Hãy cắm lại token rồi thử lại.',
      en: 'The token was unplugged or stopped responding. Plug it in again and retry.',
    }),
  timeout: (seconds: number) =>
    new DeskError('token.timeout', {
      vi: `Token không trả lời sau ${seconds} giây. Hãy rút token ra, cắm lại rồi thử lại.`,
      en: `The token did not answer within ${seconds} seconds. Unplug it, plug it in again and retry.`,
    }),
  malformed: (detail: string) =>
    new DeskError('token.malformed-reply', {
      vi: `Token trả lời sai định dạng (${detail}). Hãy rút token ra, cắm lại rồi thử lại.`,
      en: `The token sent a malformed reply (${detail}). Unplug it, plug it in again and retry.`,
    }),
  channelBusy: () =>
    new DeskError('token.busy', {
      vi: 'Token đang được một chương trình khác sử dụng. Hãy đóng chương trình ký số khác rồi thử lại.',
      en: 'Another program is using the token. Close other signing software and retry.',
    }),
  protocol: (code: number) =>
    new DeskError('token.protocol-error', {
      vi: `Token báo lỗi giao tiếp (mã 0x${hex(code, 2)}). Hãy rút token ra, cắm lại rồi thử lại.`,
      en: `The token reported a protocol error (code 0x${hex(code, 2)}). Unplug it, plug it in again and retry.`,
    }),
  card: (operation: string, sw: number) =>
    new DeskError('token.card-error', {
      vi: `Token từ chối thao tác "${operation}" (mã 0x${hex(sw, 4)}).`,
      en: `The token refused "${operation}" (status 0x${hex(sw, 4)}).`,
    }),
  notPiv: () =>
    new DeskError('token.not-piv', {
      vi: 'Thiết bị này không có ứng dụng ký số PIV nên không dùng được để ký.',
      en: 'This device has no PIV signing application and cannot be used for signing.',
    }),
  noCertificate: () =>
    new DeskError('token.no-certificate', {
      vi: 'Không tìm thấy chứng thư số dùng để ký trên token.',
      en: 'No signing certificate was found on the token.',
    }),
  unsupportedKey: (what: string) =>
    new DeskError('token.unsupported-key', {
      vi: `Khoá trên token không được hỗ trợ (${what}). Chỉ hỗ trợ RSA 2048 và ECDSA P-256.`,
      en: `The key on the token is not supported (${what}). Only RSA 2048 and ECDSA P-256 are.`,
    }),
  pinFormat: () =>
    new DeskError('token.pin-format', {
      vi: 'Mã PIN phải có từ 6 đến 8 ký tự.',
      en: 'The PIN must be 6 to 8 characters long.',
    }),
  wrongPin: (triesLeft: number) =>
    new DeskError('token.wrong-pin', {
      vi: `Sai mã PIN. Còn ${triesLeft} lần thử trước khi token bị khoá.`,
      en: `Wrong PIN. ${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left before the token locks.`,
    }),
  locked: () =>
    new DeskError('token.locked', {
      vi: 'Token đã bị khoá do nhập sai PIN quá số lần cho phép. Hãy liên hệ tổ chức cấp chứng thư số để mở khoá.',
      en: 'The token is locked after too many wrong PINs. Contact the certificate authority that issued it to unlock it.',
    }),
  pinRequired: () =>
    new DeskError('token.pin-required', {
      vi: 'Token yêu cầu nhập mã PIN trước mỗi lần ký. Hãy nhập lại mã PIN.',
      en: 'The token needs the PIN before every signature. Enter the PIN again.',
    }),
  signerUsed: () =>
    new DeskError('token.signer-used', {
      vi: 'Mỗi lần nhập mã PIN chỉ ký được một lần. Hãy nhập lại mã PIN để ký tiếp.',
      en: 'Each PIN entry allows one signature. Enter the PIN again to sign again.',
    }),
  notFound: () =>
    new DeskError('token.not-found', {
      vi: 'Không tìm thấy token. Hãy kiểm tra token đã được cắm vào máy.',
      en: 'The token was not found. Check that it is plugged in.',
    }),
  cannotOpen: () =>
    new DeskError('token.cannot-open', {
      vi: 'Không mở được token. Có thể máy chưa cấp quyền truy cập thiết bị hoặc một chương trình khác đang giữ token.',
      en: 'The token could not be opened. The system may not grant access to the device, or another program holds it.',
    }),
  badDigest: (length: number) =>
    new DeskError('token.bad-digest', {
      vi: `Dữ liệu cần ký phải là mã băm SHA-256 dài 32 byte (nhận được ${length} byte).`,
      en: `The data to sign must be a 32-byte SHA-256 digest (got ${length} bytes).`,
    }),
  knownDevices: (detail: string) =>
    new DeskError('token.known-devices', {
      vi: `Danh sách thiết bị token không hợp lệ: ${detail}`,
      en: `The list of known token devices is invalid: ${detail}`,
    }),
};
