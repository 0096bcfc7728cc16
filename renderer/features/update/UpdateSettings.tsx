// Cài đặt → Cập nhật phần mềm: the province's update feed address, a check now, and what the
// last check said (including why an update was refused).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '../../../domain/errors.ts';
import { useDesk } from '../../app/DeskContext.tsx';
import { desk } from '../../app/host.ts';
import { Alert, toBilingual } from '../../ui/Message.tsx';
import { Field } from '../../ui/Field.tsx';
import type { UpdateStatus } from '../../../main/update/updateService.ts';
import { loadUpdateConfig, saveUpdateConfig } from './updateConfig.ts';

export function UpdateSettings({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const { db, settings, officer } = useDesk();
  const [feedUrl, setFeedUrl] = useState('');
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [problem, setProblem] = useState<Bilingual | null>(null);

  useEffect(() => {
    void loadUpdateConfig(db).then((c) => setFeedUrl(c.feedUrl ?? ''));
    void desk['update.status']({}).then(setStatus, () => undefined);
  }, [db]);

  async function run(action: () => Promise<UpdateStatus>) {
    setProblem(null);
    try {
      setStatus(await action());
    } catch (e) {
      setProblem(toBilingual(e));
    }
  }

  function save(e: FormEvent) {
    e.preventDefault();
    void run(() => saveUpdateConfig(db, settings, { feedUrl: feedUrl.trim() || null }, officer.id));
  }

  return (
    <form onSubmit={save} aria-label={t('update.settings')}>
      <h2>{t('update.settings')}</h2>
      <fieldset disabled={disabled} style={{ border: 'none', padding: 0 }}>
        <div className="grid">
          <Field label={t('update.feedUrl')}>
            <input name="update-feed-url" placeholder="https://capnhat.tinh.gov.vn/mot-cua-desk/update.json" value={feedUrl} onChange={(e) => setFeedUrl(e.target.value)} />
          </Field>
        </div>
        <div className="actions">
          <button type="button" onClick={() => void run(() => desk['update.check']({}))} disabled={!status?.feedUrl}>
            {t('update.check')}
          </button>
          <button type="submit">{t('update.save')}</button>
        </div>
      </fieldset>
      {status && (
        <p data-testid="update-status" data-state={status.state}>
          {t('update.current', { version: status.currentVersion })}
        </p>
      )}
      {status?.message && <Alert kind={status.state === 'refused' || status.state === 'error' ? 'error' : 'info'} text={status.message} />}
      {problem && <Alert kind="error" text={problem} />}
    </form>
  );
}
