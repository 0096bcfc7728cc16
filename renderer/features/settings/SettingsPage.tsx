// Desk settings for the administrator, one section at a time: the office, the catalogue, the
// calendar, devices, signing, sync, updates, data protection, officers and the audit trail.
// A list on the left (arrow keys, Home, End) opens a section; each section has its own save,
// says what is not saved yet, and asks before the administrator leaves it with changes.
import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '#domain/errors.ts';
import { parseCatalog } from '#domain/catalog/validate.ts';
import { decodeUserText } from '#domain/text/decodeText.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import type { AuditEntry, Officer } from '#renderer/db/schema.ts';
import { OfficeFields } from './OfficeFields.tsx';
import { officeFieldProblems, type OfficeField } from './officeSettings.ts';
import { saveOfficeSettings } from './saveOfficeSettings.ts';
import { installCatalog, catalogVersion } from '../catalog/installCatalog.ts';
import { addOfficer } from '../officers/officers.ts';
import { Alert, BilingualText } from '#renderer/ui/Message.tsx';
import { useNotice } from '#renderer/ui/useNotice.ts';
import { Field } from '#renderer/ui/Field.tsx';
import { ScannerSettings } from '../scanning/ScannerSettings.tsx';
import { loadAdminSettings } from './adminChanges.ts';
import { deskCalendar } from '../reception/deskRules.ts';
import { SigningSettings } from '../signing/SigningSettings.tsx';
import { SyncSettings } from '../sync/SyncSettings.tsx';
import { ProtectionSettings } from '../protection/ProtectionSettings.tsx';
import { UpdateSettings } from '../update/UpdateSettings.tsx';
import { PrinterSettings } from '../printing/PrinterSettings.tsx';
import { CalendarNotices } from './CalendarNotices.tsx';
import { LedgerBookSettings } from './LedgerBookSettings.tsx';
import { NonTerritorialSettings } from '../catalog/NonTerritorialSettings.tsx';
import { PASSWORD_RULES } from '../officers/password.ts';
import { SystemCheck } from './SystemCheck.tsx';
import { BarcodeDevices } from './BarcodeDevices.tsx';
import { SETTINGS_SECTIONS, initialSection, rememberSection, sectionAfterKey, sectionHash, type SettingsSection } from './sections.ts';
import { useUnsaved } from './useUnsaved.ts';
import { leaveText, provideUnsavedSettings } from './unsavedSettings.ts';
import { formatDeskDateTime } from '#domain/deskTime.ts';

const saved: Bilingual = { vi: 'Đã lưu.', en: 'Saved.' };

export function SettingsPage() {
  const { t } = useTranslation();
  const { db, sync } = useDesk();
  const [section, setSection] = useState<SettingsSection>(() => initialSection(window.location.hash));
  // Where the administrator asked to go while the section has unsaved changes, and how to go there.
  const [leaving, setLeaving] = useState<{ target: string; signOut?: boolean; proceed(): void } | null>(null);
  // What main could not read or apply of its own settings at start (a damaged file): said here, not only in its log.
  const [adminProblems, setAdminProblems] = useState<Bilingual[]>([]);
  // Received calendars the desk does not compute with, and why.
  const [calendarProblems, setCalendarProblems] = useState<Bilingual[]>([]);
  const panel = useRef<HTMLDivElement>(null);
  const tabs = useRef(new Map<SettingsSection, HTMLButtonElement>());
  const unsaved = useUnsaved(panel);

  const refreshProblems = useCallback(async () => setCalendarProblems((await deskCalendar(db)).ignored), [db]);
  useEffect(() => {
    void refreshProblems();
    loadAdminSettings().then(
      (view) => setAdminProblems(view.problems),
      () => setAdminProblems([]),
    );
  }, [refreshProblems]);

  useEffect(() => {
    rememberSection(section);
    window.history.replaceState(null, '', sectionHash(section));
  }, [section]);

  // A reload or a closed window would lose the section's changes: the browser asks first.
  const dirty = unsaved.fields.length > 0;
  // Each question first looks at the fields as they are now: a panel may have emptied its own
  // field after saving it (the enrolment code), and that is nothing to lose.
  const check = unsaved.check;
  useEffect(() => provideUnsavedSettings(check), [check]);
  useEffect(() => {
    if (!dirty) return;
    const ask = (e: BeforeUnloadEvent) => check().length > 0 && e.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [dirty, check]);

  // F2, F3, the top bar's screens and its sign-out would close Settings and drop the changes:
  // the same question first. Listening on window in the capture phase runs before the app's own keys and clicks.
  const forget = unsaved.forget;
  useEffect(() => {
    if (!dirty) return;
    let allowed = false;
    const leaveBy = (target: string, proceed: () => void, signOut = false) =>
      setLeaving({
        target,
        signOut,
        proceed: () => {
          allowed = true;
          forget();
          setLeaving(null);
          proceed();
        },
      });
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (allowed || (e.key !== 'F2' && e.key !== 'F3') || check().length === 0) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      const key = e.key;
      leaveBy(t(key === 'F2' ? 'nav.reception' : 'nav.dossiers'), () => window.dispatchEvent(new globalThis.KeyboardEvent('keydown', { key })));
    };
    const onClick = (e: MouseEvent) => {
      const button = e.target instanceof Element ? e.target.closest<HTMLButtonElement>('.topbar nav button:not(.active), .topbar button[name=sign-out]') : null;
      if (allowed || !button || check().length === 0) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      leaveBy(button.textContent ?? '', () => button.click(), button.name === 'sign-out');
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('click', onClick, true);
    };
  }, [dirty, forget, check, t]);

  function open(next: SettingsSection) {
    if (next === section) return;
    if (dirty && check().length > 0) {
      setLeaving({ target: t(`settingsSections.${next}`), proceed: () => go(next) });
      return;
    }
    go(next);
  }

  function go(next: SettingsSection) {
    unsaved.forget();
    setLeaving(null);
    setSection(next);
    tabs.current.get(next)?.focus();
  }

  function onListKey(e: KeyboardEvent) {
    const next = sectionAfterKey(section, e.key);
    if (!next) return;
    e.preventDefault();
    open(next);
  }

  return (
    <div className="card settings">
      <h1>{t('settings.title')}</h1>
      {[...adminProblems, ...calendarProblems].map((problem, i) => (
        <Alert key={i} kind="error" text={problem} />
      ))}
      <div className="settings-layout">
        <div role="tablist" aria-orientation="vertical" aria-label={t('settingsSections.list')} className="settings-nav" onKeyDown={onListKey}>
          {SETTINGS_SECTIONS.map((s) => (
            <button
              key={s}
              ref={(el) => {
                if (el) tabs.current.set(s, el);
              }}
              role="tab"
              id={`settings-tab-${s}`}
              aria-selected={s === section}
              aria-controls="settings-panel"
              tabIndex={s === section ? 0 : -1}
              className={s === section ? 'active' : ''}
              onClick={() => open(s)}
            >
              {t(`settingsSections.${s}`)}
              {s === section && dirty && <span className="unsaved-dot" aria-label={t('settingsSections.hasUnsaved')} />}
            </button>
          ))}
        </div>
        <div role="tabpanel" id="settings-panel" aria-labelledby={`settings-tab-${section}`} className="settings-panel" ref={panel}>
          {leaving && (
            <LeaveWarning
              fields={unsaved.fields}
              target={leaving.target}
              signOut={leaving.signOut}
              onStay={() => {
                setLeaving(null);
                tabs.current.get(section)?.focus();
              }}
              onDiscard={leaving.proceed}
            />
          )}
          {dirty && !leaving && (
            <p className="unsaved" role="status" data-testid="unsaved">
              <BilingualText
                text={{
                  vi: `Chưa lưu: ${unsaved.fields.join(', ')}. Bấm nút lưu của mục này để giữ thay đổi.`,
                  en: `Not saved yet: ${unsaved.fields.join(', ')}. Use this section's save button to keep the changes.`,
                }}
              />
            </p>
          )}
          <SectionBody key={section} section={section} onChange={refreshProblems} sync={sync} />
        </div>
      </div>
    </div>
  );
}

function LeaveWarning(props: { fields: string[]; target: string; signOut?: boolean; onStay(): void; onDiscard(): void }) {
  const { t } = useTranslation();
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => stay.current?.focus(), []);
  return (
    <div
      className="leave-warning"
      role="alertdialog"
      aria-labelledby="leave-warning-text"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        props.onStay();
      }}
    >
      <p id="leave-warning-text">
        <BilingualText text={leaveText(props.fields, props.signOut ? 'sign-out' : { section: props.target })} />
      </p>
      <div className="actions">
        <button ref={stay} type="button" className="primary" onClick={props.onStay}>
          {t('settingsSections.stay')}
        </button>
        <button type="button" onClick={props.onDiscard}>
          {t(props.signOut ? 'settingsSections.discardSignOut' : 'settingsSections.discard')}
        </button>
      </div>
    </div>
  );
}

function SectionBody({ section, onChange, sync }: { section: SettingsSection; onChange(): Promise<unknown>; sync: ReturnType<typeof useDesk>['sync'] }) {
  const { officer } = useDesk();
  const disabled = officer.role !== 'admin';
  switch (section) {
    case 'office':
      return (
        <>
          <OfficeSection />
          <LedgerBookSettings disabled={disabled} />
        </>
      );
    case 'catalog':
      return <CatalogSection onChange={onChange} />;
    case 'calendar':
      return <CalendarNotices disabled={disabled} onChange={onChange} />;
    case 'scanners':
      return <ScannerSettings disabled={disabled} />;
    case 'devices':
      return <BarcodeDevices />;
    case 'printer':
      return <PrinterSettings disabled={disabled} />;
    case 'signing':
      return <SigningSettings disabled={disabled} />;
    case 'sync':
      return <SyncSettings sync={sync} disabled={disabled} />;
    case 'updates':
      return <UpdateSettings disabled={disabled} />;
    case 'protection':
      return <ProtectionSettings disabled={disabled} />;
    case 'officers':
      return <OfficersSection />;
    case 'audit':
      return <AuditSection />;
    case 'system':
      return <SystemCheck />;
  }
}

function OfficeSection() {
  const { t } = useTranslation();
  const { db, settings, officer, reloadSettings } = useDesk();
  const [office, setOffice] = useState(settings);
  const [errors, setErrors] = useState<Partial<Record<OfficeField, Bilingual>>>({});
  const { notice, run } = useNotice();

  function save(e: FormEvent) {
    e.preventDefault();
    const problems = officeFieldProblems(office);
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    void run(async () => {
      await saveOfficeSettings(db, office, officer.id);
      await reloadSettings();
      return saved;
    });
  }

  return (
    <form onSubmit={save} noValidate aria-label={t('settingsSections.office')}>
      <h2>{t('settings.office')}</h2>
      {notice && <Alert kind={notice.kind} text={notice.text} />}
      <fieldset disabled={officer.role !== 'admin'} style={{ border: 'none', padding: 0 }}>
        <OfficeFields value={office} onChange={setOffice} errors={errors} />
        <div className="actions">
          <button className="primary" type="submit">
            {t('common.save')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

function CatalogSection({ onChange }: { onChange(): Promise<unknown> }) {
  const { t } = useTranslation();
  const { db, officer } = useDesk();
  const [version, setVersion] = useState('');
  const { notice, run } = useNotice();
  const refresh = useCallback(async () => setVersion(await catalogVersion(db)), [db]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  function importCatalog(file: File | undefined) {
    if (!file) return;
    void run(async () => {
      const catalog = parseCatalog(decodeUserText(new Uint8Array(await file.arrayBuffer()), file.name));
      await installCatalog(db, catalog, officer.id);
      return {
        vi: t('settings.catalogInstalled', { lng: 'vi', version: catalog.version, n: catalog.procedures.length }),
        en: t('settings.catalogInstalled', { lng: 'en', version: catalog.version, n: catalog.procedures.length }),
      };
    }, refresh);
  }

  return (
    <>
      <h2>{t('settings.catalog')}</h2>
      {notice && <Alert kind={notice.kind} text={notice.text} />}
      <p data-testid="catalog-version">{version}</p>
      {officer.role === 'admin' && (
        <Field label={t('settings.catalogImport')}>
          <input type="file" name="catalog-file" accept="application/json,.json" onChange={(e) => importCatalog(e.target.files?.[0])} />
        </Field>
      )}
      <NonTerritorialSettings disabled={officer.role !== 'admin'} onChange={onChange} />
    </>
  );
}

function OfficersSection() {
  const { t } = useTranslation();
  const { db, officer } = useDesk();
  const [officers, setOfficers] = useState<Officer[]>([]);
  const [draft, setDraft] = useState({ username: '', fullName: '', password: '', role: 'officer' as Officer['role'] });
  const { notice, run } = useNotice();
  const refresh = useCallback(async () => setOfficers(await db.officers.toArray()), [db]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  function createOfficer(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await addOfficer(db, draft, officer.id);
      setDraft({ username: '', fullName: '', password: '', role: 'officer' });
      return saved;
    }, refresh);
  }

  return (
    <>
      <h2>{t('settings.officers')}</h2>
      {notice && <Alert kind={notice.kind} text={notice.text} />}
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
      {officer.role === 'admin' && (
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
              <input
                name="new-password"
                type="password"
                autoComplete="new-password"
                aria-describedby="new-password-rules"
                value={draft.password}
                onChange={(e) => setDraft({ ...draft, password: e.target.value })}
              />
            </Field>
            <Field label={t('settings.role')}>
              <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Officer['role'] })}>
                <option value="officer">{t('settings.roles.officer')}</option>
                <option value="admin">{t('settings.roles.admin')}</option>
              </select>
            </Field>
          </div>
          <ul id="new-password-rules" className="password-rules" aria-label={t('setup.passwordRules')}>
            {PASSWORD_RULES.map((rule) => (
              <li key={rule.rule.en} className={rule.met(draft.password) ? 'met' : ''}>
                <span aria-hidden="true">{rule.met(draft.password) ? '✓' : '•'}</span> <BilingualText text={rule.rule} />
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="submit">{t('settings.addOfficer')}</button>
          </div>
        </form>
      )}
    </>
  );
}

function AuditSection() {
  const { t } = useTranslation();
  const { db } = useDesk();
  const [officers, setOfficers] = useState<Officer[]>([]);
  const [trail, setTrail] = useState<AuditEntry[]>([]);
  useEffect(() => {
    void db.officers.toArray().then(setOfficers);
    void db.audit.orderBy('seq').reverse().limit(100).toArray().then(setTrail);
  }, [db]);
  return (
    <>
      <h2>{t('settings.audit')}</h2>
      <table className="audit">
        <tbody>
          {trail.map((entry) => (
            <tr key={entry.seq}>
              <td>{formatDeskDateTime(entry.at)}</td>
              <td>{officers.find((o) => o.id === entry.officerId)?.username ?? entry.officerId}</td>
              <td>{entry.action}</td>
              <td>{entry.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
