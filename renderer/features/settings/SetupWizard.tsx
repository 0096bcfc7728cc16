// First run in two pages: the office, then its first administrator. Each page is checked
// before the officer leaves it, each problem shows beside its field, and the demo office
// never overwrites what was typed for good.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskDb } from '#renderer/db/schema.ts';
import { defaultOfficeSettings, officeFieldProblems, type DeskSettings, type OfficeField } from './officeSettings.ts';
import { adminFieldProblems, completeSetup, type AdminField } from './setup.ts';
import { hostKeystore } from '../protection/hostKeystore.ts';
import { OfficeFields } from './OfficeFields.tsx';
import { Alert, BilingualText, bilingualLine, toBilingual } from '#renderer/ui/Message.tsx';
import { Field } from '#renderer/ui/Field.tsx';
import { bundledCatalog } from '../catalog/bundled.ts';
import { DEMO_OFFICE, seedDemo } from '../demo/seedDemo.ts';
import { PASSWORD_RULES } from '../officers/password.ts';
import type { Bilingual } from '#domain/errors.ts';

/** Moves focus to the first field with a problem, so the officer lands on what to fix. */
function focusFirstInvalid(form: HTMLFormElement | null) {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('.field.invalid input, .field.invalid select')?.focus());
}

export function SetupWizard({ db, onDone }: { db: DeskDb; onDone(): Promise<void> }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<'office' | 'admin'>('office');
  const [office, setOffice] = useState<DeskSettings>(defaultOfficeSettings);
  // What the officer had typed when the demo box was ticked: unticking gives it back.
  const [typed, setTyped] = useState<DeskSettings | null>(null);
  const [officeErrors, setOfficeErrors] = useState<Partial<Record<OfficeField, Bilingual>>>({});
  const [othersNumberingToday, setOthersNumberingToday] = useState(false);
  const [admin, setAdmin] = useState<Record<AdminField, string>>({ username: '', fullName: '', password: '', again: '' });
  const [adminErrors, setAdminErrors] = useState<Partial<Record<AdminField, Bilingual>>>({});
  const [error, setError] = useState<Bilingual | null>(null);
  const [busy, setBusy] = useState(false);
  // Browser mode has no OS keystore: the administrator's password is then what opens the data.
  const [passwordOpensData, setPasswordOpensData] = useState(false);
  const officeForm = useRef<HTMLFormElement>(null);
  const adminForm = useRef<HTMLFormElement>(null);
  const demo = typed !== null;

  useEffect(() => {
    hostKeystore.available().then(
      (available) => setPasswordOpensData(!available),
      () => setPasswordOpensData(true),
    );
  }, []);

  function toggleDemo(on: boolean) {
    if (on) {
      setTyped(office);
      setOffice({ ...office, ...DEMO_OFFICE });
    } else if (typed) {
      setOffice(typed);
      setTyped(null);
    }
    setOfficeErrors({});
  }

  function editOffice(next: DeskSettings) {
    setOffice(next);
    // A problem fixed disappears as the officer types; new ones wait for the next "Tiếp".
    const now = officeFieldProblems(next);
    setOfficeErrors((shown) => Object.fromEntries(Object.entries(now).filter(([key]) => key in shown)));
  }

  function nextPage(e: FormEvent) {
    e.preventDefault();
    const problems = officeFieldProblems(office);
    setOfficeErrors(problems);
    if (Object.keys(problems).length > 0) {
      focusFirstInvalid(officeForm.current);
      return;
    }
    setStep('admin');
  }

  function editAdmin(next: Record<AdminField, string>) {
    setAdmin(next);
    const now = adminFieldProblems(next);
    setAdminErrors((shown) => Object.fromEntries(Object.entries(now).filter(([key]) => key in shown)));
  }

  async function finish(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const problems = adminFieldProblems(admin);
    setAdminErrors(problems);
    if (Object.keys(problems).length > 0) {
      focusFirstInvalid(adminForm.current);
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

  const adminError = (key: AdminField) => {
    const problem = adminErrors[key];
    return problem ? bilingualLine(problem) : undefined;
  };

  return (
    <div className="centered">
      <div className="card wizard">
        <h1>{t('setup.title')}</h1>
        <ol className="steps">
          <li className={step === 'office' ? 'current' : ''} aria-current={step === 'office' ? 'step' : undefined}>
            {t('setup.officeStep')}
          </li>
          <li className={step === 'admin' ? 'current' : ''} aria-current={step === 'admin' ? 'step' : undefined}>
            {t('setup.adminStep')}
          </li>
        </ol>
        {step === 'office' ? (
          <form ref={officeForm} noValidate onSubmit={nextPage}>
            <label className="check">
              <input type="checkbox" name="demo" checked={demo} onChange={(e) => toggleDemo(e.target.checked)} />
              {t('setup.demo')}
            </label>
            {demo && <p className="muted">{t('setup.demoKeepsTyped')}</p>}
            <OfficeFields value={office} onChange={editOffice} errors={officeErrors} />
            {office.deskCount > 1 && (
              <label className="check">
                <input type="checkbox" name="othersNumberingToday" checked={othersNumberingToday} onChange={(e) => setOthersNumberingToday(e.target.checked)} />
                {t('setup.othersNumberingToday')}
              </label>
            )}
            <div className="actions">
              <button className="primary" type="submit">
                {t('common.next')}
              </button>
            </div>
          </form>
        ) : (
          <form ref={adminForm} noValidate onSubmit={(e) => void finish(e)}>
            <div className="grid">
              <Field label={t('setup.username')} error={adminError('username')}>
                <input name="admin-username" autoFocus value={admin.username} onChange={(e) => editAdmin({ ...admin, username: e.target.value })} />
              </Field>
              <Field label={t('setup.fullName')} error={adminError('fullName')}>
                <input name="admin-fullname" value={admin.fullName} onChange={(e) => editAdmin({ ...admin, fullName: e.target.value })} />
              </Field>
              <Field label={t('setup.password')} error={adminError('password')}>
                <input
                  name="admin-password"
                  type="password"
                  autoComplete="new-password"
                  aria-describedby="password-rules"
                  value={admin.password}
                  onChange={(e) => editAdmin({ ...admin, password: e.target.value })}
                />
              </Field>
              <Field label={t('setup.passwordAgain')} error={adminError('again')}>
                <input
                  name="admin-password-again"
                  type="password"
                  autoComplete="new-password"
                  value={admin.again}
                  onChange={(e) => editAdmin({ ...admin, again: e.target.value })}
                />
              </Field>
            </div>
            <ul id="password-rules" className="password-rules" aria-label={t('setup.passwordRules')}>
              {PASSWORD_RULES.map((rule) => {
                const met = rule.met(admin.password);
                return (
                  <li key={rule.rule.en} className={met ? 'met' : ''} data-met={met}>
                    <span aria-hidden="true">{met ? '✓' : '•'}</span> <BilingualText text={rule.rule} />
                    <span className="visually-hidden">{met ? ` (${t('setup.ruleMet')})` : ''}</span>
                  </li>
                );
              })}
            </ul>
            {passwordOpensData && <Alert kind="info" text={BROWSER_MODE_PASSWORD} />}
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

// renderer/db/protection/README.md: with no OS keystore the desk's master key is wrapped only by the officers' passwords.
const BROWSER_MODE_PASSWORD: Bilingual = {
  vi: 'Chế độ trình duyệt: máy này không có kho khóa của hệ điều hành, nên mật khẩu này còn là chìa khóa mở dữ liệu của quầy (hồ sơ được mã hóa). Dữ liệu an toàn đến đâu là nhờ mật khẩu; quên mật khẩu của mọi cán bộ thì không mở được dữ liệu. Hãy chọn mật khẩu mạnh và giữ kỹ.',
  en: "Browser mode: this computer has no OS keystore, so this password is also the key that opens the desk's data (dossiers are encrypted). The data is only as safe as the password; if every officer's password is forgotten, the data cannot be opened. Choose a strong password and keep it safe.",
};
