// What the officer is told about the PIN before typing it. PKCS#11 v2 gives no
// retry count, only four flags, so the notice can only be as precise as they are.
import type { Bilingual } from '#domain/errors.ts';
import type { PinState } from '#preload/wire/tokens.ts';

export const TOKEN_FLAGS = {
  loginRequired: 0x0000_0004,
  userPinInitialized: 0x0000_0008,
  protectedAuthenticationPath: 0x0000_0100,
  tokenInitialized: 0x0000_0400,
  userPinCountLow: 0x0001_0000,
  userPinFinalTry: 0x0002_0000,
  userPinLocked: 0x0004_0000,
  userPinToBeChanged: 0x0008_0000,
} as const;

export interface PinStatus {
  /** The most serious condition the flags report. */
  state: PinState;
  countLow: boolean;
  finalTry: boolean;
  locked: boolean;
  toBeChanged: boolean;
  /** Shown beside the PIN box; null when there is nothing to warn about. */
  notice: Bilingual | null;
  minLength: number;
  maxLength: number;
}

const NOTICES: Record<Exclude<PinState, 'ok'>, Bilingual> = {
  locked: {
    vi: 'Mã PIN của token đã bị khoá do nhập sai quá nhiều lần. Không thể ký bằng token này cho đến khi nhà cung cấp chứng thư số mở khoá.',
    en: 'The token PIN is locked after too many wrong attempts. This token cannot sign until the certificate authority unblocks it.',
  },
  'final-try': {
    vi: 'Chỉ còn MỘT lần nhập mã PIN: nếu nhập sai, token sẽ bị khoá.',
    en: 'Only ONE PIN attempt is left: a wrong PIN will lock the token.',
  },
  'count-low': {
    vi: 'Token đã ghi nhận mã PIN nhập sai trước đó và số lần thử còn lại đang ít. Hãy nhập thật cẩn thận.',
    en: 'The token has recorded a wrong PIN and few attempts remain. Type it carefully.',
  },
  'not-initialized': {
    vi: 'Token chưa được đặt mã PIN người dùng. Hãy khởi tạo token bằng phần mềm của nhà cung cấp.',
    en: 'The token has no user PIN yet. Initialise it with the vendor software.',
  },
  'to-be-changed': {
    vi: 'Token yêu cầu đổi mã PIN (mã mặc định hoặc đã hết hạn). Hãy đổi PIN bằng phần mềm của nhà cung cấp trước khi ký.',
    en: 'The token asks for a PIN change (default or expired PIN). Change it with the vendor software before signing.',
  },
};

export function pinStatus(flags: number, minLength = 0, maxLength = 0): PinStatus {
  const has = (bit: number) => (flags & bit) !== 0;
  const countLow = has(TOKEN_FLAGS.userPinCountLow);
  const finalTry = has(TOKEN_FLAGS.userPinFinalTry);
  const locked = has(TOKEN_FLAGS.userPinLocked);
  const toBeChanged = has(TOKEN_FLAGS.userPinToBeChanged);
  const state: PinState = locked
    ? 'locked'
    : finalTry
      ? 'final-try'
      : countLow
        ? 'count-low'
        : !has(TOKEN_FLAGS.userPinInitialized)
          ? 'not-initialized'
          : toBeChanged
            ? 'to-be-changed'
            : 'ok';
  return { state, countLow, finalTry, locked, toBeChanged, notice: state === 'ok' ? null : NOTICES[state], minLength, maxLength };
}
