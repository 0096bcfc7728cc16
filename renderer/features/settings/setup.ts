// First run: the office, its first administrator and the bundled catalogue, in one transaction.
import type { Catalog } from '#domain/model.ts';
import type { Bilingual } from '#domain/errors.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import { prepareOfficer, type NewOfficer } from '../officers/officers.ts';
import { passwordProblems } from '../officers/password.ts';
import { OFFICE_KEY, validateOfficeSettings } from './officeSettings.ts';
import { writeCatalog } from '../catalog/installCatalog.ts';
import { audit } from '#renderer/db/audit.ts';
import { PARTITIONS_KEY, initialPartitions } from '../reception/deskRules.ts';
import { deskDay, nextDay } from '#domain/dossierCode/calendarDay.ts';
import { KEYSTORE_ROW, installFromMaster, newKeyring, noKeystore, wrapForPassword, type Keystore } from '#renderer/db/protection/keyring.ts';

export interface SetupOptions {
  /**
   * Other desks of the office already issued codes today under their partition. This desk
   * then numbers from tomorrow: today its slot could repeat one of their codes.
   */
  othersNumberingToday?: boolean;
  now?: Date;
  /** The OS keystore that also wraps the desk's master key (Electron); none in browser mode. */
  keystore?: Keystore;
}

export async function completeSetup(db: DeskDb, office: unknown, admin: Omit<NewOfficer, 'role'>, catalog: Catalog, options: SetupOptions = {}): Promise<void> {
  const settings = validateOfficeSettings(office);
  const partitions = options.othersNumberingToday
    ? [{ from: nextDay(deskDay(options.now ?? new Date())), slots: settings.deskCount, slot: settings.deskNumber }]
    : initialPartitions(settings);
  const prepared = await prepareOfficer({ ...admin, role: 'admin' });
  // The desk's keys are born with its first administrator, who can always open them.
  const keyring = newKeyring(options.now);
  const officer = { ...prepared, keyWrap: await wrapForPassword(keyring.master, prepared.id, admin.password, prepared.password.iterations) };
  const keystore = options.keystore ?? noKeystore;
  const keystoreRow = (await keystore.available())
    ? { id: KEYSTORE_ROW, wrapped: await keystore.protect(keyring.master), createdAt: new Date().toISOString() }
    : null;
  await db.transaction('rw', [db.settings, db.officers, db.procedures, db.procedureVersions, db.rules, db.audit, db.keyring], async () => {
    await db.keyring.bulkAdd(keystoreRow ? [...keyring.rows, keystoreRow] : keyring.rows);
    await db.settings.put({ key: OFFICE_KEY, value: settings });
    await db.settings.put({ key: PARTITIONS_KEY, value: partitions });
    await db.officers.add(officer);
    await audit(db, { officerId: officer.id, action: 'settings', detail: 'first-run' });
    await writeCatalog(db, catalog, officer.id);
  });
  await installFromMaster(db, db.protection, keyring.master);
}

export type AdminField = 'username' | 'fullName' | 'password' | 'again';

/** What is wrong with each field of the administrator's page, for the message beside it. */
export function adminFieldProblems(admin: Record<AdminField, string>): Partial<Record<AdminField, Bilingual>> {
  const problems: Partial<Record<AdminField, Bilingual>> = {};
  if (!admin.username.trim()) problems.username = { vi: 'Chưa nhập tên đăng nhập.', en: 'The username is empty.' };
  if (!admin.fullName.trim()) problems.fullName = { vi: 'Chưa nhập họ và tên.', en: 'The full name is empty.' };
  const weak = passwordProblems(admin.password)[0];
  if (weak) problems.password = weak;
  else if (admin.password !== admin.again) problems.again = { vi: 'Hai lần nhập mật khẩu không khớp.', en: 'The passwords do not match.' };
  return problems;
}
