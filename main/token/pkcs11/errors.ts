// Every way a PKCS#11 token can fail, as the officer reads it. Messages are built from
// fixed text and CKR names only: a PIN can never reach them.
import { DeskError, type Bilingual } from '#domain/errors.ts';
import { pinStatus, type PinStatus } from './pinStatus.ts';
import type { RawToken, WireError } from './protocol.ts';

export class TokenError extends DeskError {
  /** The CKR_* name when the module returned one, for the administrator's report. */
  readonly ckr: string | undefined;
  /** The token's PIN flags re-read after a PIN failure. */
  readonly pin: PinStatus | undefined;

  constructor(code: string, text: Bilingual, details: { ckr?: string; pin?: PinStatus } = {}) {
    super(code, text);
    this.ckr = details.ckr;
    this.pin = details.pin;
  }
}

const RETRY = {
  vi: 'Hãy rút token ra, cắm lại rồi thử lại.',
  en: 'Unplug the token, plug it back in and try again.',
};

export const pkcs11Errors = {
  moduleMissing: (path: string) =>
    new TokenError('pkcs11.module-missing', {
      vi: `Không tìm thấy thư viện PKCS#11 của token: ${path}. Hãy cài phần mềm token của nhà cung cấp chứng thư số hoặc chọn đúng đường dẫn.`,
      en: `The token's PKCS#11 library was not found: ${path}. Install the certificate authority's token software or choose the right path.`,
    }),
  moduleNotAbsolute: (path: string) =>
    new TokenError('pkcs11.module-path', {
      vi: `Đường dẫn thư viện PKCS#11 phải là đường dẫn đầy đủ trên máy này: ${path}`,
      en: `The PKCS#11 library path must be a full path on this computer: ${path}`,
    }),
  moduleLoad: (path: string, reason: string) =>
    new TokenError('pkcs11.module-load', {
      vi: `Không nạp được thư viện PKCS#11 ${path}. Tệp có thể hỏng, không phải thư viện PKCS#11, hoặc là bản 32-bit: hãy cài lại phần mềm token (bản 64-bit). Chi tiết: ${reason}`,
      en: `Could not load the PKCS#11 library ${path}. It may be damaged, not a PKCS#11 library, or 32-bit: reinstall the token software (64-bit). Detail: ${reason}`,
    }),
  tokenNotFound: (token: string) =>
    new TokenError('pkcs11.token-not-found', {
      vi: `Không thấy token "${token}". Hãy cắm token vào máy rồi thử lại.`,
      en: `Token "${token}" was not found. Plug it in and try again.`,
    }),
  tokenAmbiguous: (label: string) =>
    new TokenError('pkcs11.token-ambiguous', {
      vi: `Có nhiều token cùng tên "${label}". Hãy chọn token theo số sê-ri.`,
      en: `Several tokens are named "${label}". Choose the token by its serial number.`,
    }),
  certificateNotFound: () =>
    new TokenError('pkcs11.certificate-not-found', {
      vi: 'Không thấy chứng thư số đã chọn trên token. Hãy chọn lại chứng thư.',
      en: 'The chosen certificate is not on the token. Choose the certificate again.',
    }),
  noPrivateKey: () =>
    new TokenError('pkcs11.no-private-key', {
      vi: 'Token không có khoá bí mật đi kèm chứng thư số này nên không thể ký. Hãy chọn chứng thư khác.',
      en: 'The token holds no private key for this certificate, so it cannot sign. Choose another certificate.',
    }),
  unsupportedKey: (what: string) =>
    new TokenError('pkcs11.unsupported-key', {
      vi: `Loại khoá của chứng thư này (${what}) chưa được hỗ trợ. Chỉ hỗ trợ RSA và ECDSA P-256.`,
      en: `This certificate's key type (${what}) is not supported. Only RSA and ECDSA P-256 are.`,
    }),
  pinRequiredForSignature: () =>
    new TokenError('pkcs11.pin-per-signature', {
      vi: 'Khoá này yêu cầu nhập mã PIN cho từng lần ký nhưng ứng dụng chưa hỏi PIN. Hãy mở lại token và ký lại.',
      en: 'This key asks for the PIN on every signature but none was asked for. Open the token again and sign again.',
    }),
  pinMissing: () =>
    new TokenError('pkcs11.pin-missing', {
      vi: 'Chưa nhập mã PIN. Token này không có bàn phím nhập PIN riêng.',
      en: 'No PIN was entered. This token has no PIN pad of its own.',
    }),
  sessionLost: () =>
    new TokenError('pkcs11.session-lost', {
      vi: 'Phiên làm việc với token đã kết thúc (token bị rút ra, bị huỷ hoặc đã mở ở nơi khác). Hãy mở lại token và nhập PIN.',
      en: 'The token session has ended (token removed, cancelled or opened elsewhere). Open the token again and enter the PIN.',
    }),
  /** `library`: the module itself hung before it finished loading, so the token is not to blame. */
  timeout: (seconds: number, library?: string) =>
    new TokenError(
      'pkcs11.timeout',
      library
        ? {
            vi: `Thư viện PKCS#11 ${library} không phản hồi sau ${seconds} giây nên đã bị dừng. Tệp có thể không đọc được (ổ mạng bị treo, không phải thư viện) hoặc thư viện bị treo khi khởi động: hãy kiểm tra đường dẫn hoặc cài lại phần mềm token.`,
            en: `The PKCS#11 library ${library} did not answer within ${seconds} seconds and was stopped. The file may be unreadable (a hung network share, not a library) or the library hangs as it starts: check the path or reinstall the token software.`,
          }
        : {
            vi: `Token không phản hồi sau ${seconds} giây nên thao tác đã bị dừng. ${RETRY.vi}`,
            en: `The token did not answer within ${seconds} seconds and the operation was stopped. ${RETRY.en}`,
          },
    ),
  cancelled: () =>
    new TokenError('pkcs11.cancelled', {
      vi: 'Đã huỷ thao tác với token.',
      en: 'The token operation was cancelled.',
    }),
  workerCrashed: (reason: string) =>
    new TokenError('pkcs11.worker-crashed', {
      vi: `Trình điều khiển token gặp lỗi và đã dừng. ${RETRY.vi} Chi tiết: ${reason}`,
      en: `The token driver failed and stopped. ${RETRY.en} Detail: ${reason}`,
    }),
  internal: (reason: string) =>
    new TokenError('pkcs11.internal', {
      vi: `Lỗi khi làm việc với token. ${RETRY.vi} Chi tiết: ${reason}`,
      en: `Error while using the token. ${RETRY.en} Detail: ${reason}`,
    }),
};

function wrongPin(pin: PinStatus | undefined): Bilingual {
  switch (pin?.state) {
    case 'locked':
      return {
        vi: 'Sai mã PIN. Token đã bị khoá; hãy liên hệ nhà cung cấp chứng thư số để mở khoá.',
        en: 'Wrong PIN. The token is now locked; contact the certificate authority to unblock it.',
      };
    case 'final-try':
      return {
        vi: 'Sai mã PIN. Chỉ còn MỘT lần thử: nếu nhập sai nữa, token sẽ bị khoá.',
        en: 'Wrong PIN. Only ONE attempt is left: another wrong PIN will lock the token.',
      };
    default:
      return {
        vi: 'Sai mã PIN. Token có thể bị khoá sau vài lần nhập sai nữa.',
        en: 'Wrong PIN. The token may lock after a few more wrong attempts.',
      };
  }
}

function pinLength(token: RawToken | undefined): Bilingual {
  const range = token && token.maxPinLength > 0 ? `${token.minPinLength}–${token.maxPinLength}` : undefined;
  return {
    vi: `Độ dài mã PIN không hợp lệ${range ? ` (token này nhận ${range} ký tự)` : ''}. Hãy nhập lại.`,
    en: `The PIN has the wrong length${range ? ` (this token accepts ${range} characters)` : ''}. Type it again.`,
  };
}

const BY_CKR: Record<string, (token: RawToken | undefined, pin: PinStatus | undefined) => [string, Bilingual]> = {
  CKR_PIN_INCORRECT: (_t, pin) => ['pkcs11.pin-incorrect', wrongPin(pin)],
  CKR_PIN_INVALID: () => [
    'pkcs11.pin-invalid',
    { vi: 'Mã PIN chứa ký tự token không chấp nhận. Hãy nhập lại.', en: 'The PIN contains characters the token does not accept. Type it again.' },
  ],
  CKR_PIN_LEN_RANGE: (token) => ['pkcs11.pin-length', pinLength(token)],
  CKR_PIN_EXPIRED: () => [
    'pkcs11.pin-expired',
    {
      vi: 'Mã PIN đã hết hạn. Hãy đổi PIN bằng phần mềm của nhà cung cấp rồi ký lại.',
      en: 'The PIN has expired. Change it with the vendor software, then sign again.',
    },
  ],
  CKR_PIN_LOCKED: () => [
    'pkcs11.pin-locked',
    {
      vi: 'Mã PIN của token đã bị khoá. Hãy liên hệ nhà cung cấp chứng thư số để mở khoá.',
      en: 'The token PIN is locked. Contact the certificate authority to unblock it.',
    },
  ],
  CKR_USER_PIN_NOT_INITIALIZED: () => [
    'pkcs11.pin-not-initialized',
    {
      vi: 'Token chưa được đặt mã PIN người dùng. Hãy khởi tạo bằng phần mềm của nhà cung cấp.',
      en: 'The token has no user PIN yet. Initialise it with the vendor software.',
    },
  ],
  CKR_TOKEN_NOT_PRESENT: () => ['pkcs11.token-removed', { vi: `Không thấy token trong đầu đọc. ${RETRY.vi}`, en: `No token in the reader. ${RETRY.en}` }],
  CKR_DEVICE_REMOVED: () => [
    'pkcs11.token-removed',
    { vi: `Token đã bị rút ra trong lúc đang dùng. ${RETRY.vi}`, en: `The token was removed while in use. ${RETRY.en}` },
  ],
  CKR_SLOT_ID_INVALID: () => ['pkcs11.token-removed', { vi: `Đầu đọc token không còn trên máy. ${RETRY.vi}`, en: `The token reader is gone. ${RETRY.en}` }],
  CKR_TOKEN_NOT_RECOGNIZED: () => [
    'pkcs11.token-unrecognized',
    {
      vi: 'Thư viện PKCS#11 này không nhận ra token. Hãy chọn đúng phần mềm của nhà cung cấp token.',
      en: 'This PKCS#11 library does not recognise the token. Choose the token vendor’s own library.',
    },
  ],
  CKR_DEVICE_ERROR: () => ['pkcs11.device-error', { vi: `Token báo lỗi phần cứng. ${RETRY.vi}`, en: `The token reported a hardware error. ${RETRY.en}` }],
  CKR_DEVICE_MEMORY: () => ['pkcs11.device-error', { vi: `Token hết bộ nhớ. ${RETRY.vi}`, en: `The token ran out of memory. ${RETRY.en}` }],
  CKR_FUNCTION_CANCELED: () => [
    'pkcs11.cancelled',
    { vi: 'Thao tác đã bị huỷ trên token hoặc bàn phím nhập PIN.', en: 'The operation was cancelled on the token or its PIN pad.' },
  ],
  CKR_SESSION_HANDLE_INVALID: () => ['pkcs11.session-lost', pkcs11Errors.sessionLost().text],
  CKR_SESSION_CLOSED: () => ['pkcs11.session-lost', pkcs11Errors.sessionLost().text],
  CKR_USER_NOT_LOGGED_IN: () => ['pkcs11.session-lost', pkcs11Errors.sessionLost().text],
  CKR_KEY_FUNCTION_NOT_PERMITTED: () => [
    'pkcs11.key-cannot-sign',
    { vi: 'Token không cho phép dùng khoá này để ký. Hãy chọn chứng thư khác.', en: 'The token does not allow this key to sign. Choose another certificate.' },
  ],
  CKR_MECHANISM_INVALID: () => [
    'pkcs11.key-cannot-sign',
    { vi: 'Token không hỗ trợ kiểu ký cần dùng cho khoá này.', en: 'The token does not support the signing mechanism this key needs.' },
  ],
};

/** Turns what the worker reported into the error the officer sees. */
export function fromWire(error: WireError, modulePath: string): TokenError {
  switch (error.kind) {
    case 'desk':
      return new TokenError(error.code, { vi: error.vi, en: error.en });
    case 'load':
      return pkcs11Errors.moduleLoad(modulePath, error.message);
    case 'internal':
      return pkcs11Errors.internal(error.message);
    case 'pkcs11': {
      const pin = error.token ? pinStatus(error.token.flags, error.token.minPinLength, error.token.maxPinLength) : undefined;
      const known = BY_CKR[error.ckr];
      if (known) {
        const [code, text] = known(error.token, pin);
        return new TokenError(code, text, { ckr: error.ckr, pin });
      }
      return new TokenError(
        'pkcs11.failed',
        {
          vi: `Token báo lỗi ${error.ckr} (${error.method}). ${RETRY.vi} Nếu vẫn lỗi, báo quản trị viên mã lỗi này.`,
          en: `The token reported ${error.ckr} (${error.method}). ${RETRY.en} If it persists, give the administrator this code.`,
        },
        { ckr: error.ckr, pin },
      );
    }
  }
}
