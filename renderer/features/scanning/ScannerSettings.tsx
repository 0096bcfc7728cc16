// Cài đặt → Máy quét: the network scanners and scan folders main reaches, as main holds them.
// Adding one is a proposal main checks and the administrator approves on main's side; removing
// one applies at once.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Field } from '#renderer/ui/Field.tsx';
import { AdminChangeStatus, NotYetApproved, useAdminSettings } from '../settings/useAdminSettings.tsx';
import { esclAddressOf, sameAddress } from '../settings/adminChanges.ts';
import { forgetLegacyScanner, loadLegacyScanners, type LegacyScanners } from './scannerConfig.ts';

export function ScannerSettings({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const { db } = useDesk();
  const admin = useAdminSettings();
  const [legacy, setLegacy] = useState<LegacyScanners>({ escl: [], folders: [] });
  const [address, setAddress] = useState('');
  const [folder, setFolder] = useState('');

  useEffect(() => {
    void loadLegacyScanners(db).then(setLegacy);
  }, [db]);

  const view = admin.view;
  const dialog = view?.approval === 'dialog';
  const forget = async (kind: keyof LegacyScanners, value: string) => {
    await forgetLegacyScanner(db, kind, value);
    setLegacy(await loadLegacyScanners(db));
  };
  const unapprovedEscl = legacy.escl.filter((a) => !view?.esclScanners.some((m) => sameAddress(m, esclAddressOf(a))));
  const unapprovedFolders = legacy.folders.filter((f) => !view?.scanFolders.includes(f));

  return (
    <section aria-label={t('settings.scanners')}>
      <h2>{t('settings.scanners')}</h2>
      <fieldset disabled={disabled || !view} style={{ border: 'none', padding: 0 }}>
        <h3>{t('settings.esclScanners')}</h3>
        <ul data-testid="escl-scanners">
          {view?.esclScanners.map((a) => (
            <li key={a}>
              <code>{a}</code>{' '}
              <button type="button" onClick={() => void admin.propose({ kind: 'remove-escl-scanner', address: a })}>
                {t('admin.remove')}
              </button>
            </li>
          ))}
          {view?.environment.esclScanners.map((a) => (
            <li key={`env-${a}`}>
              <code>{a}</code> <em>({t('admin.fromEnvironment')})</em>
            </li>
          ))}
          {view &&
            unapprovedEscl.map((a) => (
              <NotYetApproved
                key={`legacy-${a}`}
                value={a}
                onPropose={() => void admin.propose({ kind: 'add-escl-scanner', address: a }, () => forget('escl', a))}
                onDiscard={() => void forget('escl', a)}
              />
            ))}
        </ul>
        <div className="grid">
          <Field label={t('admin.address')}>
            <input name="escl-address" placeholder="http://192.168.1.50/eSCL/" value={address} onChange={(e) => setAddress(e.target.value)} />
          </Field>
        </div>
        <div className="actions">
          <button
            type="button"
            disabled={!address.trim()}
            onClick={() => void admin.propose({ kind: 'add-escl-scanner', address: address.trim() }, () => setAddress(''))}
          >
            {t('admin.addScanner')}
          </button>
        </div>
        <h3>{t('settings.scanFolders')}</h3>
        <ul data-testid="scan-folders">
          {view?.scanFolders.map((f) => (
            <li key={f}>
              <code>{f}</code>{' '}
              <button type="button" onClick={() => void admin.propose({ kind: 'remove-scan-folder', path: f })}>
                {t('admin.remove')}
              </button>
            </li>
          ))}
          {view?.environment.scanFolders.map((f) => (
            <li key={`env-${f}`}>
              <code>{f}</code> <em>({t('admin.fromEnvironment')})</em>
            </li>
          ))}
          {view &&
            unapprovedFolders.map((f) => (
              <NotYetApproved
                key={`legacy-${f}`}
                value={f}
                onPropose={() => void admin.propose({ kind: 'add-scan-folder', path: f }, () => forget('folders', f))}
                onDiscard={() => void forget('folders', f)}
              />
            ))}
        </ul>
        {!dialog && (
          <div className="grid">
            <Field label={t('admin.folderPath')}>
              <input name="scan-folder" placeholder="D:\Scan" value={folder} onChange={(e) => setFolder(e.target.value)} />
            </Field>
          </div>
        )}
        <div className="actions">
          <button
            type="button"
            disabled={!dialog && !folder.trim()}
            onClick={() => void admin.propose({ kind: 'add-scan-folder', ...(dialog ? {} : { path: folder.trim() }) }, () => setFolder(''))}
          >
            {dialog ? t('admin.pickFolder') : t('admin.addFolder')}
          </button>
        </div>
      </fieldset>
      <AdminChangeStatus admin={admin} />
    </section>
  );
}
