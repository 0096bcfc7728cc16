// Opening the desk's data: at start-up with the OS keystore where there is one, otherwise
// (browser mode, a copied profile, a changed Windows account) with the password of the
// officer who signs in, after which the keystore is enrolled again.
import type { Bilingual } from '#domain/errors.ts';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';
import { enrolKeystore, unlockForOfficer, unlockWithKeystore, type Keystore, type KeystoreUnlock } from '#renderer/db/protection/keyring.ts';

export function openDeskAtStart(db: DeskDb, keystore: Keystore): Promise<KeystoreUnlock> {
  return unlockWithKeystore(db, db.protection, keystore);
}

/** What the sign-in page says when the keystore did not open the desk although it should have. */
export function keystoreNotice(state: KeystoreUnlock | undefined): Bilingual | null {
  if (state === 'keystore-missing') {
    return {
      vi: 'Kho khoá của hệ điều hành trên máy này đang không dùng được, nên dữ liệu của quầy chưa mở. Không có dữ liệu nào bị mất: hãy đăng nhập bằng mật khẩu của mình để mở.',
      en: "This computer's OS keystore is not available, so the desk's data is still locked. No data is lost: sign in with your password to open it.",
    };
  }
  if (state !== 'keystore-refused') return null;
  return {
    vi: 'Kho khoá của hệ điều hành không mở được dữ liệu của quầy (hồ sơ chép sang máy khác, hoặc tài khoản Windows đã thay đổi). Không có dữ liệu nào bị mất: hãy đăng nhập bằng mật khẩu của mình để mở lại; máy này sẽ được ghi nhận làm kho khoá mới.',
    en: "The OS keystore cannot open this desk's data (the profile was copied to another computer, or the Windows account changed). No data is lost: sign in with your password to open it again; this computer then becomes its keystore.",
  };
}

/** After the password was verified. Returns the officer as stored now (with their key wrap). */
export async function unlockAfterSignIn(
  db: DeskDb,
  officer: Officer,
  password: string,
  keystore: Keystore,
  atStart: KeystoreUnlock | undefined,
): Promise<Officer> {
  const opened = await unlockForOfficer(db, db.protection, officer, password);
  if ((atStart === 'keystore-refused' || atStart === 'not-enrolled') && (await enrolKeystore(db, db.protection.master, keystore))) {
    await audit(db, { officerId: officer.id, action: 'protection', detail: `keystore enrolled (${atStart})` });
  }
  return opened;
}
