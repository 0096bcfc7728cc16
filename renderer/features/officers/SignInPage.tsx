import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskDb, Officer } from '../../db/schema.ts';
import { authenticate } from './officers.ts';
import { audit } from '../../db/audit.ts';

export function SignInPage({ db, onSignedIn }: { db: DeskDb; onSignedIn(officer: Officer): void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const officer = await authenticate(db, username, password);
    setBusy(false);
    setPassword('');
    if (!officer) {
      setFailed(true);
      return;
    }
    await audit(db, { officerId: officer.id, action: 'sign-in' });
    onSignedIn(officer);
  }

  return (
    <div className="centered">
      <form className="card narrow" onSubmit={(e) => void submit(e)}>
        <h1>{t('app.name')}</h1>
        <p className="muted">{t('app.tagline')}</p>
        <h2>{t('signIn.title')}</h2>
        <label className="field">
          <span className="label">{t('setup.username')}</span>
          <input name="username" autoFocus autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="field">
          <span className="label">{t('setup.password')}</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {failed && (
          <div role="alert" className="alert alert-error">
            {t('signIn.failed')}
          </div>
        )}
        <button className="primary" type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </div>
  );
}
