// The OS keystore (main/keystore.ts): the desktop app has Electron's safeStorage; the command line
// and browser mode have none, and then cannot tell what the app would find.
import type { DoctorCheck } from '#preload/wire/doctor.ts';
import type { OsKeystore } from '../keystore.ts';
import { check, reason } from './check.ts';

const UNLOCK = {
  vi: 'Trên Linux, đăng nhập phiên có GNOME Keyring hoặc KWallet (Secret Service) đang mở khoá; trên Windows, đăng nhập bằng tài khoản Windows của cán bộ.',
  en: "On Linux, log in to a session with GNOME Keyring or KWallet (Secret Service) unlocked; on Windows, log in with the officer's Windows account.",
};

/** keystore: the host's own, or null where this process has no way to reach one (CLI, browser mode). */
export function checkKeystore(keystore: OsKeystore | null): DoctorCheck {
  if (keystore === null) {
    return check(
      'keystore',
      'warning',
      {
        vi: 'Dòng lệnh không kiểm tra được kho khoá của hệ điều hành (chỉ ứng dụng mới dùng nó).',
        en: 'The command line cannot check the OS keystore (only the app uses it).',
      },
      { vi: 'Mở Cài đặt → Kiểm tra hệ thống trong ứng dụng để kiểm tra kho khoá.', en: 'Open Settings → System check in the app to check the keystore.' },
    );
  }
  let available: boolean;
  try {
    available = keystore.available();
  } catch (e) {
    const why = reason(e);
    return check('keystore', 'problem', { vi: `Kho khoá của hệ điều hành báo lỗi (${why.vi}).`, en: `The OS keystore fails (${why.en}).` }, UNLOCK);
  }
  if (!available) {
    return check(
      'keystore',
      'warning',
      {
        vi: 'Máy này không có kho khoá của hệ điều hành; dữ liệu chỉ được mở bằng mật khẩu cán bộ.',
        en: "This computer has no OS keystore; the data is opened with officers' passwords alone.",
      },
      UNLOCK,
    );
  }
  return check('keystore', 'ok', { vi: 'Kho khoá của hệ điều hành dùng được.', en: 'The OS keystore is available.' });
}
