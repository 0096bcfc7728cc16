import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import { verifyPassword } from './password.ts';
import { audit } from '#renderer/db/audit.ts';

/** Covers the desk (citizen data included) until the same officer types the password again. */
export function LockScreen(props: { db: DeskDb; officer: Officer; onUnlock(): void; onSwitch(): void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await verifyPassword(password, props.officer.password);
    setPassword('');
    if (!ok) {
      setFailed(true);
      return;
    }
    await audit(props.db, { officerId: props.officer.id, action: 'unlock' });
    props.onUnlock();
  }

  return (
    <div className="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-title">
      <form className="card narrow" onSubmit={(e) => void submit(e)}>
        <h2 id="lock-title">{t('lock.title')}</h2>
        <p>{t('lock.hint', { name: props.officer.fullName })}</p>
        <label className="field">
          <span className="label">{t('setup.password')}</span>
          <input name="unlock-password" type="password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {failed && (
          <div role="alert" className="alert alert-error">
            {t('signIn.failed')}
          </div>
        )}
        <button className="primary" type="submit">
          {t('lock.unlock')}
        </button>
        <button type="button" className="link" onClick={props.onSwitch}>
          {t('lock.other')}
        </button>
      </form>
    </div>
  );
}
