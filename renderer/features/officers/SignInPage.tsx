import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import { authenticate } from './officers.ts';
import { audit } from '#renderer/db/audit.ts';
import { Alert, toBilingual } from '#renderer/ui/Message.tsx';
import type { Bilingual } from '#domain/errors.ts';
import type { KeystoreUnlock } from '#renderer/db/protection/keyring.ts';
import { hostKeystore } from '../protection/hostKeystore.ts';
import { keystoreNotice, unlockAfterSignIn } from '../protection/unlockDesk.ts';

export function SignInPage({
  db,
  keystoreState,
  keystoreAtStart,
  onSignedIn,
}: {
  db: DeskDb;
  /** Undefined while the database opens: the form is shown meanwhile, its notice once known. */
  keystoreState: KeystoreUnlock | undefined;
  /** What the keystore did at start, waited for by a sign-in submitted before it was known. */
  keystoreAtStart(): Promise<KeystoreUnlock>;
  onSignedIn(officer: Officer): void;
}) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState(false);
  const [problem, setProblem] = useState<Bilingual | null>(null);
  const [busy, setBusy] = useState(false);
  const notice = keystoreNotice(keystoreState);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const atStart = await keystoreAtStart();
      const verified = await authenticate(db, username, password);
      if (!verified) {
        setFailed(true);
        return;
      }
      setFailed(false);
      // The password that proved who signs in also opens the desk's data key (browser mode).
      const officer = await unlockAfterSignIn(db, verified, password, hostKeystore, atStart);
      await audit(db, { officerId: officer.id, action: 'sign-in' });
      onSignedIn(officer);
    } catch (err) {
      setProblem(toBilingual(err));
    } finally {
      setBusy(false);
      setPassword('');
    }
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
        {notice && <Alert kind="info" text={notice} />}
        {problem && <Alert kind="error" text={problem} />}
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
