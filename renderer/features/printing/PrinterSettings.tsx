// Cài đặt → Máy in: the printer forms go to, main's privileged setting. The administrator picks
// one of the printers the system has installed (main lists them) and main has the choice approved
// on its own surface; the renderer never names a printer main would use unapproved.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { desk } from '#renderer/app/host.ts';
import { Field } from '#renderer/ui/Field.tsx';
import type { PrintersView } from '#preload/wire/printing.ts';
import { AdminChangeStatus, NotYetApproved, useAdminSettings } from '../settings/useAdminSettings.tsx';
import { forgetLegacyPrinter, loadLegacyPrinter } from './legacyPrinter.ts';

export function PrinterSettings({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const { db, officer, reloadSettings } = useDesk();
  const admin = useAdminSettings();
  const [system, setSystem] = useState<PrintersView | null>(null);
  const [name, setName] = useState('');
  const [legacy, setLegacy] = useState<string | null>(null);

  useEffect(() => {
    void loadLegacyPrinter(db).then(setLegacy);
    void desk['print.printers']({}).then(setSystem, () => setSystem({ mode: 'browser', printers: [] }));
  }, [db]);
  const approved = admin.view?.printer ?? null;
  useEffect(() => {
    setName(approved ?? system?.printers[0]?.name ?? '');
  }, [approved, system]);
  const kept = legacy !== null && legacy !== approved ? legacy : null;

  const forget = async () => {
    await forgetLegacyPrinter(db, officer.id);
    setLegacy(null);
    await reloadSettings();
  };

  function propose(e: FormEvent) {
    e.preventDefault();
    if (name.trim()) void admin.propose({ kind: 'set-printer', name: name.trim() }, forget);
  }

  const listed = system !== null && system.printers.length > 0;
  return (
    <form onSubmit={propose} aria-label={t('print.settings')}>
      <h2>{t('print.settings')}</h2>
      {system && <p className="muted">{t(system.mode === 'silent' ? 'print.silentHint' : 'print.browserHint')}</p>}
      <p>
        {t('print.current')}: <strong data-testid="printer-current">{approved ?? t('print.none')}</strong>
      </p>
      <fieldset disabled={disabled || !admin.view || !system} style={{ border: 'none', padding: 0 }}>
        <div className="grid">
          {listed ? (
            <Field label={t('print.pick')}>
              <select name="printer" value={name} onChange={(e) => setName(e.target.value)}>
                {system.printers.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.displayName === p.name ? p.name : `${p.displayName} (${p.name})`}
                  </option>
                ))}
              </select>
            </Field>
          ) : (
            <Field label={t('print.name')}>
              <input name="printer" value={name} onChange={(e) => setName(e.target.value)} />
            </Field>
          )}
        </div>
        {system?.mode === 'silent' && !listed && <p className="muted">{t('print.noneInstalled')}</p>}
        {admin.view && kept && (
          <ul>
            <NotYetApproved value={kept} onPropose={() => void admin.propose({ kind: 'set-printer', name: kept }, forget)} onDiscard={() => void forget()} />
          </ul>
        )}
        <div className="actions">
          {approved && (
            <button type="button" onClick={() => void admin.propose({ kind: 'clear-printer' })}>
              {t('print.clear')}
            </button>
          )}
          <button type="submit" className="primary" disabled={!name.trim()}>
            {t('print.propose')}
          </button>
        </div>
        <AdminChangeStatus admin={admin} />
      </fieldset>
    </form>
  );
}
