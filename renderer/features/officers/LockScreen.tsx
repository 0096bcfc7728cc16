import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import { verifyPassword } from './password.ts';
import { audit } from '#renderer/db/audit.ts';
import { BilingualText } from '#renderer/ui/Message.tsx';
import { leaveText, unsavedSettings } from '../settings/unsavedSettings.ts';

/** Covers the desk (citizen data included) until the same officer types the password again. */
export function LockScreen(props: { db: DeskDb; officer: Officer; onUnlock(): void; onSwitch(): void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState(false);
  // Settings left open with changes under the lock: switching officer signs out and drops them,
  // so the lock asks first, as Settings does; the changes can only be saved by unlocking.
  const [dropping, setDropping] = useState<string[] | null>(null);

  function switchOfficer() {
    const fields = unsavedSettings();
    if (fields.length > 0) setDropping(fields);
    else props.onSwitch();
  }

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
        {dropping ? (
          <div
            className="leave-warning"
            role="alertdialog"
            aria-labelledby="lock-leave-text"
            onKeyDown={(e) => {
              if (e.key !== 'Escape') return;
              e.stopPropagation();
              setDropping(null);
            }}
          >
            <p id="lock-leave-text">
              <BilingualText text={leaveText(dropping, 'switch')} />
            </p>
            <div className="actions">
              <button type="button" className="primary" autoFocus onClick={() => setDropping(null)}>
                {t('settingsSections.stay')}
              </button>
              <button type="button" onClick={props.onSwitch}>
                {t('settingsSections.discardSwitch')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="link" onClick={switchOfficer}>
            {t('lock.other')}
          </button>
        )}
      </form>
    </div>
  );
}
