// The app's frame: first-run setup, then sign-in, then the desk with its screen lock.
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskDb, Officer } from '../db/schema.ts';
import { DeskContext } from './DeskContext.tsx';
import { loadOfficeSettings, type DeskSettings } from '../features/settings/officeSettings.ts';
import { SignInPage } from '../features/officers/SignInPage.tsx';
import { LockScreen } from '../features/officers/LockScreen.tsx';
import { useIdle } from '../features/officers/useIdle.ts';
import { DossierListPage, Guide, prefetchDeskPages, ReceptionPage, SettingsPage, SetupWizard } from './lazyPages.ts';
import { audit } from '../db/audit.ts';
import { applySigningConfig } from '../features/signing/signingConfig.ts';
import { useTimestampUpgrades } from '../features/signing/useTimestampUpgrades.ts';
import { useDeskSync } from '../features/sync/useDeskSync.ts';
import { SyncIndicator } from '../features/sync/SyncIndicator.tsx';
import { UpdateBanner } from '../features/update/UpdateBanner.tsx';
import { i18n, type Language } from '../i18n/index.ts';
import type { KeystoreUnlock } from '../db/protection/keyring.ts';
import { hostKeystore } from '../features/protection/hostKeystore.ts';
import { openDeskAtStart } from '../features/protection/unlockDesk.ts';
import { useReprotection, useUnlocked } from '../features/protection/useProtection.ts';
import { useRegisterRequests } from '../features/barcode/hidScans.ts';
import { useCertificationRequests } from '../features/certification/certificationRequest.ts';
import { purgeStaleDrafts } from '../features/protection/retention.ts';
import { readStartupHint, writeStartupHint } from './startupHint.ts';

type Page = 'reception' | 'dossiers' | 'scorecard' | 'certification' | 'settings';

// Not prefetched with the other screens (lazyPages.ts): the scorecard and Chart.js are fetched
// only when an officer opens it.
const ScorecardPage = lazy(() => import('../features/scorecard/ScorecardPage.tsx'));
// Certified copies (issue 15 §1), fetched when opened like the scorecard.
const CertificationPage = lazy(() => import('../features/certification/CertificationPage.tsx').then((m) => ({ default: m.CertificationPage })));

const KEY_HINTS = { reception: ' (F2)', dossiers: ' (F3)', scorecard: ' (F4)' } as const;

export function App({ db }: { db: DeskDb }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<DeskSettings | null | undefined>(undefined);
  const [officer, setOfficer] = useState<Officer | null>(null);
  const [locked, setLocked] = useState(false);
  const [page, setPage] = useState<Page>('reception');
  // A receipt scanned at reception by a HID scanner: the register opens on its dossier code.
  useRegisterRequests(() => setPage('dossiers'));
  // A 2.000815 dossier's "certify a copy of this original": the certification screen opens on it.
  useCertificationRequests(() => setPage('certification'));
  const [guideOpen, setGuideOpen] = useState(false);
  const [keystoreState, setKeystoreState] = useState<KeystoreUnlock | undefined>(undefined);
  const [startError, setStartError] = useState<string | null>(null);
  const unlocked = useUnlocked(db);
  // A desk set up before shows its sign-in form at once; the database, opening meanwhile, has the last word.
  const [hint] = useState(readStartupHint);
  // What the keystore did at start, which a sign-in submitted before the database opened waits for.
  const keystoreAtStart = useRef<Promise<KeystoreUnlock> | null>(null);

  const reloadSettings = useCallback(async () => {
    const loaded = await loadOfficeSettings(db);
    writeStartupHint({ setUp: loaded !== null });
    setSettings(loaded);
  }, [db]);
  useEffect(() => {
    // The OS keystore opens the desk's data before anyone signs in (Electron); browser mode waits for a password.
    const atStart = openDeskAtStart(db, hostKeystore);
    keystoreAtStart.current = atStart;
    atStart.then(setKeystoreState, (e: unknown) => setStartError(e instanceof Error ? e.message : String(e)));
    void reloadSettings();
    // Main holds its privileged settings itself; the desk tells it only which modules and anchors it chose.
    void applySigningConfig(db).catch(() => undefined);
    void db.settings.get('language').then((row) => {
      if (!row) return;
      writeStartupHint({ language: row.value as Language });
      return i18n.changeLanguage(row.value as Language);
    });
  }, [db, reloadSettings]);

  const lock = useCallback(() => {
    if (!officer || locked) return;
    setLocked(true);
    void audit(db, { officerId: officer.id, action: 'lock' });
  }, [db, officer, locked]);
  useIdle((settings?.idleLockMinutes ?? 5) * 60_000, lock, officer !== null && !locked);
  useTimestampUpgrades(db, officer !== null);
  // Sync goes on while the screen is locked: it needs no officer, only the desk's key.
  const sync = useDeskSync(db, settings !== null && settings !== undefined && unlocked);
  const reprotection = useReprotection(db, unlocked);
  // The sign-in form is up: fetch the desk's screens while the officer types.
  const signInShown = settings !== null && (settings !== undefined || hint.setUp);
  useEffect(() => {
    if (signInShown) prefetchDeskPages();
  }, [signInShown]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!officer || locked) return;
      if (e.key === 'F1') setGuideOpen((open) => !open);
      else if (e.key === 'F2') setPage('reception');
      else if (e.key === 'F3') setPage('dossiers');
      else if (e.key === 'F4') setPage('scorecard');
      else if (e.ctrlKey && e.key.toLowerCase() === 'l') lock();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [officer, locked, lock]);

  async function toggleLanguage() {
    const next: Language = i18n.language === 'vi' ? 'en' : 'vi';
    await i18n.changeLanguage(next);
    writeStartupHint({ language: next });
    await db.settings.put({ key: 'language', value: next });
  }

  async function signOut() {
    if (officer) await audit(db, { officerId: officer.id, action: 'sign-out' });
    setOfficer(null);
    setLocked(false);
  }

  if (startError)
    return (
      <div className="splash" role="alert">
        {startError}
      </div>
    );
  const loading = <div className="splash">{t('common.loading')}</div>;
  // Only a first start (or a desk without the hint) waits for the database to choose between the wizard and sign-in.
  if (settings === undefined && !hint.setUp) return loading;
  if (settings === null)
    return (
      <Suspense fallback={loading}>
        <SetupWizard db={db} onDone={reloadSettings} />
      </Suspense>
    );
  function signedIn(o: Officer) {
    setOfficer(o);
    setPage('reception');
    // A draft left past the retention rule's limit (a citizen's details in a form nobody
    // finished) goes at the next sign-in, not only when the administrator runs retention.
    void purgeStaleDrafts(db, o.id).catch(() => undefined);
  }

  if (!officer) return <SignInPage db={db} keystoreState={keystoreState} keystoreAtStart={() => keystoreAtStart.current!} onSignedIn={signedIn} />;
  // Signed in before the office's settings arrived: the desk needs them, and they are a moment away.
  if (settings === undefined) return loading;

  return (
    <DeskContext.Provider value={{ db, settings, officer, reloadSettings, sync, reprotection }}>
      {/* Inert while locked: the desk under the lock can be neither focused, clicked nor read out. */}
      <div className="desk" aria-hidden={locked} inert={locked}>
        <header className="topbar">
          <div className="brand" title={`${settings.officeName} · ${t('setup.deskNumber')} ${settings.deskNumber}`}>
            <strong>{t('app.name')}</strong>
            <span>
              {settings.officeName} · {t('setup.deskNumber')} {settings.deskNumber}
            </span>
          </div>
          <nav>
            {(['reception', 'dossiers', 'scorecard', 'certification', 'settings'] as const).map((p) => (
              <button key={p} className={page === p ? 'tab active' : 'tab'} onClick={() => setPage(p)}>
                {t(`nav.${p}`)}
                {p !== 'settings' && p !== 'certification' && <span className="key-hint">{KEY_HINTS[p]}</span>}
              </button>
            ))}
          </nav>
          <div className="session">
            <SyncIndicator sync={sync} />
            <span className="officer" title={officer.fullName}>
              {officer.fullName}
            </span>
            <button onClick={() => setGuideOpen(true)} aria-haspopup="dialog">
              {t('guide.open')}
            </button>
            <button onClick={() => void toggleLanguage()}>{t('nav.language')}</button>
            <button className="lock" onClick={lock} title={`${t('nav.lock')} (Ctrl+L)`}>
              <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
                <rect x="3" y="7" width="10" height="8" rx="1" fill="currentColor" />
                <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
              </svg>
              <span className="text">{t('nav.lock')}</span>
            </button>
            <button name="sign-out" onClick={() => void signOut()}>
              {t('nav.signOut')}
            </button>
          </div>
        </header>
        <UpdateBanner />
        <main className="page">
          <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
            {page === 'reception' && <ReceptionPage />}
            {page === 'dossiers' && <DossierListPage />}
            {page === 'scorecard' && <ScorecardPage />}
            {page === 'certification' && <CertificationPage />}
            {page === 'settings' && <SettingsPage />}
          </Suspense>
        </main>
      </div>
      {guideOpen && !locked && (
        <Suspense fallback={null}>
          <Guide onClose={() => setGuideOpen(false)} />
        </Suspense>
      )}
      {locked && <LockScreen db={db} officer={officer} onUnlock={() => setLocked(false)} onSwitch={() => void signOut()} />}
    </DeskContext.Provider>
  );
}
