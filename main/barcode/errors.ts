// What the officer (and `desk qr listen`) reads when a scan over HID cannot be used.
// None of these carries the scanned text: a citizen-ID QR is personal data.
import { DeskError } from '#domain/errors.ts';

export const barcodeErrors = {
  tooLong: (limit: number) =>
    new DeskError('barcode.too-long', {
      vi: `Mã vừa quét dài hơn ${limit} byte nên đã bị bỏ qua. Mã QR trên căn cước không dài như vậy; hãy quét lại đúng mã.`,
      en: `The scanned code is longer than ${limit} bytes and was ignored. A citizen-ID QR is never that long; scan the right code.`,
    }),
  invalidUtf8: () =>
    new DeskError('barcode.invalid-utf8', {
      vi: 'Mã vừa quét không phải văn bản UTF-8 hợp lệ nên không điền gì. Hãy quét lại; nếu vẫn lỗi, máy quét có thể đang đặt sai bảng mã.',
      en: 'The scanned code is not valid UTF-8 text, so nothing was filled in. Scan again; if it keeps failing, the scanner may be set to the wrong character set.',
    }),
  unpluggedMidScan: () =>
    new DeskError('barcode.unplugged', {
      vi: 'Máy quét bị rút ra giữa lúc gửi mã; phần đã nhận bị bỏ. Hãy cắm lại máy quét rồi quét lại.',
      en: 'The scanner was unplugged while sending a code; what arrived was discarded. Plug it in again and scan again.',
    }),
  flood: (limit: number) =>
    new DeskError('barcode.flood', {
      vi: `Máy quét gửi quá ${limit} gói tin cho một mã nên mã bị bỏ qua. Hãy rút máy quét ra rồi cắm lại.`,
      en: `The scanner sent more than ${limit} reports for one code, so it was ignored. Unplug the scanner and plug it in again.`,
    }),
  noDemo: () =>
    new DeskError('barcode.no-demo', {
      vi: 'Chỉ quét thử bằng máy quét giả lập khi chạy ở chế độ giả lập (DESK_BARCODE=emulator). Hãy quét bằng máy quét thật.',
      en: 'The emulated scanner can only be used in emulator mode (DESK_BARCODE=emulator). Scan with the real scanner.',
    }),
  badLayouts: (detail: string) =>
    new DeskError('barcode.bad-layouts', {
      vi: `Tệp cấu hình máy quét mã vạch không hợp lệ (${detail}).`,
      en: `The barcode scanner layout file is not valid (${detail}).`,
    }),
};
