// Desk settings for the administrator: the office, the catalogue, officers and the audit trail.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '#domain/errors.ts';
import { parseCatalog } from '#domain/catalog/validate.ts';
import { decodeUserText } from '#domain/text/decodeText.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import type { AuditEntry, Officer } from '#renderer/db/schema.ts';
import { OfficeFields } from './OfficeFields.tsx';
import { saveOfficeSettings } from './saveOfficeSettings.ts';
import { installCatalog, catalogVersion } from '../catalog/installCatalog.ts';
import { addOfficer } from '../officers/officers.ts';
import { Alert } from '#renderer/ui/Message.tsx';
import { useNotice } from '#renderer/ui/useNotice.ts';
import { Field } from '#renderer/ui/Field.tsx';
import { ScannerSettings } from '../scanning/ScannerSettings.tsx';
import { loadAdminSettings } from './adminChanges.ts';
import { deskCalendar } from '../reception/deskRules.ts';
import { SigningSettings } from '../signing/SigningSettings.tsx';
import { SyncSettings } from '../sync/SyncSettings.tsx';
import { ProtectionSettings } from '../protection/ProtectionSettings.tsx';
import { UpdateSettings } from '../update/UpdateSettings.tsx';
import { CalendarNotices } from './CalendarNotices.tsx';
import { NonTerritorialSettings } from '../catalog/NonTerritorialSettings.tsx';

export function SettingsPage() {
  const { t } = useTranslation();
  const { db, settings, officer, reloadSettings, sync } = useDesk();
  const [office, setOffice] = useState(settings);
  const { notice, run: runNoticed } = useNotice();
  const [version, setVersion] = useState('');
  const [officers, setOfficers] = useState<Officer[]>([]);
  const [trail, setTrail] = useState<AuditEntry[]>([]);
  const [draft, setDraft] = useState({ username: '', fullName: '', password: '', role: 'officer' as Officer['role'] });
  const isAdmin = officer.role === 'admin';
  // What main could not read or apply of its own settings at start (a damaged file): said here, not only in its log.
  const [adminProblems, setAdminProblems] = useState<Bilingual[]>([]);
  // Received calendars the desk does not compute with, and why.
  const [calendarProblems, setCalendarProblems] = useState<Bilingual[]>([]);

  const refresh = useCallback(async () => {
    setVersion(await catalogVersion(db));
    setOfficers(await db.officers.toArray());
    setTrail(await db.audit.orderBy('seq').reverse().limit(100).toArray());
    setCalendarProblems((await deskCalendar(db)).ignored);
  }, [db]);
  useEffect(() => {
    void refresh();
    loadAdminSettings().then(
      (view) => setAdminProblems(view.problems),
      () => setAdminProblems([]),
    );
  }, [refresh]);

  const run = (action: () => Promise<Bilingual>) => runNoticed(action, refresh);

  const saved: Bilingual = { vi: 'Đã lưu.', en: 'Saved.' };

  function saveOffice(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await saveOfficeSettings(db, office, officer.id);
      await reloadSettings();
      return saved;
    });
  }

  function importCatalog(file: File | undefined) {
    if (!file) return;
    void run(async () => {
      const catalog = parseCatalog(decodeUserText(new Uint8Array(await file.arrayBuffer()), file.name));
      await installCatalog(db, catalog, officer.id);
      return {
        vi: t('settings.catalogInstalled', { lng: 'vi', version: catalog.version, n: catalog.procedures.length }),
        en: t('settings.catalogInstalled', { lng: 'en', version: catalog.version, n: catalog.procedures.length }),
      };
    });
  }

  function createOfficer(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await addOfficer(db, draft, officer.id);
      setDraft({ username: '', fullName: '', password: '', role: 'officer' });
      return saved;
    });
  }

  return (
    <div className="card">
      <h1>{t('settings.title')}</h1>
      {notice && <Alert kind={notice.kind} text={notice.text} />}
      {[...adminProblems, ...calendarProblems].map((problem, i) => (
        <Alert key={i} kind="error" text={problem} />
      ))}
      <form onSubmit={saveOffice}>
        <h2>{t('settings.office')}</h2>
        <fieldset disabled={!isAdmin} style={{ border: 'none', padding: 0 }}>
          <OfficeFields value={office} onChange={setOffice} />
          <div className="actions">
            <button className="primary" type="submit">
              {t('common.save')}
            </button>
          </div>
        </fieldset>
      </form>
      <h2>{t('settings.catalog')}</h2>
      <p data-testid="catalog-version">{version}</p>
      {isAdmin && (
        <Field label={t('settings.catalogImport')}>
          <input type="file" name="catalog-file" accept="application/json,.json" onChange={(e) => importCatalog(e.target.files?.[0])} />
        </Field>
      )}
      <NonTerritorialSettings disabled={!isAdmin} onChange={refresh} />
      <CalendarNotices disabled={!isAdmin} onChange={refresh} />
      <ScannerSettings disabled={!isAdmin} />
      <SyncSettings sync={sync} disabled={!isAdmin} />
      <SigningSettings disabled={!isAdmin} />
      <UpdateSettings disabled={!isAdmin} />
      <ProtectionSettings disabled={!isAdmin} />
      <h2>{t('settings.officers')}</h2>
      <table>
        <tbody>
          {officers.map((o) => (
            <tr key={o.id}>
              <td>{o.username}</td>
              <td>{o.fullName}</td>
              <td>{t(`settings.roles.${o.role}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {isAdmin && (
        <form onSubmit={createOfficer}>
          <h3>{t('settings.addOfficer')}</h3>
          <div className="grid">
            <Field label={t('setup.username')}>
              <input name="new-username" value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} />
            </Field>
            <Field label={t('setup.fullName')}>
              <input name="new-fullname" value={draft.fullName} onChange={(e) => setDraft({ ...draft, fullName: e.target.value })} />
            </Field>
            <Field label={t('setup.password')}>
              <input name="new-password" type="password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />
            </Field>
            <Field label={t('settings.role')}>
              <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Officer['role'] })}>
                <option value="officer">{t('settings.roles.officer')}</option>
                <option value="admin">{t('settings.roles.admin')}</option>
              </select>
            </Field>
          </div>
          <div className="actions">
            <button type="submit">{t('settings.addOfficer')}</button>
          </div>
        </form>
      )}
      <h2>{t('settings.audit')}</h2>
      <table className="audit">
        <tbody>
          {trail.map((entry) => (
            <tr key={entry.seq}>
              <td>{entry.at}</td>
              <td>{officers.find((o) => o.id === entry.officerId)?.username ?? entry.officerId}</td>
              <td>{entry.action}</td>
              <td>{entry.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
