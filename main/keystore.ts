// The operating system's keystore, as the desk uses it: to wrap the desk's master key so that
// only this Windows account on this computer (DPAPI; the Secret Service or KWallet on Linux)
// can unwrap it. Electron gives one through safeStorage (main/electron.ts); browser mode and
// the CLI have none, and the renderer then relies on officers' passwords alone.
import { DeskError } from '#domain/errors.ts';

export interface OsKeystore {
  /** False where encryption would not really be bound to the OS account (Linux "basic_text"). */
  available(): boolean;
  protect(data: Uint8Array): Uint8Array;
  unprotect(data: Uint8Array): Uint8Array;
}

function unavailable(): DeskError {
  return new DeskError('keystore-unavailable', {
    vi: 'Máy này không có kho khoá của hệ điều hành; dữ liệu được mở bằng mật khẩu cán bộ.',
    en: "This computer has no OS keystore; the data is opened with officers' passwords.",
  });
}

export const noKeystore: OsKeystore = {
  available: () => false,
  protect: () => {
    throw unavailable();
  },
  unprotect: () => {
    throw unavailable();
  },
};

/** What the renderer is told when the keystore cannot open what it wrapped: not an internal error. */
export function keystoreRefused(): DeskError {
  return new DeskError('keystore-refused', {
    vi: 'Kho khoá của hệ điều hành không mở được khoá dữ liệu (máy khác, hoặc tài khoản Windows đã thay đổi).',
    en: 'The OS keystore cannot open the data key (another computer, or the Windows account changed).',
  });
}
