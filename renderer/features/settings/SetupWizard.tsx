import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskDb } from '#renderer/db/schema.ts';
import { defaultOfficeSettings, type DeskSettings } from './officeSettings.ts';
import { completeSetup } from './setup.ts';
import { hostKeystore } from '../protection/hostKeystore.ts';
import { OfficeFields } from './OfficeFields.tsx';
import { Alert, toBilingual } from '#renderer/ui/Message.tsx';
import { Field } from '#renderer/ui/Field.tsx';
import { bundledCatalog } from '../catalog/bundled.ts';
import { DEMO_OFFICE, seedDemo } from '../demo/seedDemo.ts';
import type { Bilingual } from '#domain/errors.ts';

export function SetupWizard({ db, onDone }: { db: DeskDb; onDone(): Promise<void> }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<'office' | 'admin'>('office');
  const [office, setOffice] = useState<DeskSettings>(defaultOfficeSettings);
  const [demo, setDemo] = useState(false);
  const [othersNumberingToday, setOthersNumberingToday] = useState(false);
  const [admin, setAdmin] = useState({ username: '', fullName: '', password: '', again: '' });
  const [error, setError] = useState<Bilingual | null>(null);
  const [busy, setBusy] = useState(false);

  function toggleDemo(on: boolean) {
    setDemo(on);
    if (on) setOffice({ ...office, ...DEMO_OFFICE });
  }

  async function finish(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (admin.password !== admin.again) {
      setError({ vi: 'Hai lần nhập mật khẩu không khớp.', en: 'The passwords do not match.' });
      return;
    }
    setBusy(true);
    try {
      await completeSetup(db, office, admin, bundledCatalog, { othersNumberingToday, keystore: hostKeystore });
      if (demo) await seedDemo(db, 60);
      await onDone();
    } catch (err) {
      setError(toBilingual(err));
      setBusy(false);
    }
  }

  return (
    <div className="centered">
      <div className="card wizard">
        <h1>{t('setup.title')}</h1>
        <ol className="steps">
          <li className={step === 'office' ? 'current' : ''}>{t('setup.officeStep')}</li>
          <li className={step === 'admin' ? 'current' : ''}>{t('setup.adminStep')}</li>
        </ol>
        {step === 'office' ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setStep('admin');
            }}
          >
            <label className="check">
              <input type="checkbox" name="demo" checked={demo} onChange={(e) => toggleDemo(e.target.checked)} />
              {t('setup.demo')}
            </label>
            <OfficeFields value={office} onChange={setOffice} />
            {office.deskCount > 1 && (
              <label className="check">
                <input type="checkbox" name="othersNumberingToday" checked={othersNumberingToday} onChange={(e) => setOthersNumberingToday(e.target.checked)} />
                {t('setup.othersNumberingToday')}
              </label>
            )}
            <button className="primary" type="submit">
              {t('common.next')}
            </button>
          </form>
        ) : (
          <form onSubmit={(e) => void finish(e)}>
            <div className="grid">
              <Field label={t('setup.username')}>
                <input name="admin-username" autoFocus required value={admin.username} onChange={(e) => setAdmin({ ...admin, username: e.target.value })} />
              </Field>
              <Field label={t('setup.fullName')}>
                <input name="admin-fullname" required value={admin.fullName} onChange={(e) => setAdmin({ ...admin, fullName: e.target.value })} />
              </Field>
              <Field label={t('setup.password')}>
                <input
                  name="admin-password"
                  type="password"
                  required
                  value={admin.password}
                  onChange={(e) => setAdmin({ ...admin, password: e.target.value })}
                />
              </Field>
              <Field label={t('setup.passwordAgain')}>
                <input
                  name="admin-password-again"
                  type="password"
                  required
                  value={admin.again}
                  onChange={(e) => setAdmin({ ...admin, again: e.target.value })}
                />
              </Field>
            </div>
            {error && <Alert kind="error" text={error} />}
            <div className="actions">
              <button type="button" onClick={() => setStep('office')}>
                {t('common.back')}
              </button>
              <button className="primary" type="submit" disabled={busy}>
                {t('setup.finish')}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
