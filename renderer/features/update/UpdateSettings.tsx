// Cài đặt → Cập nhật phần mềm: the province's update feed address (main's privileged setting,
// changed through a proposal the administrator approves on main's side), a check now, and what
// the last check said (including why an update was refused).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '#domain/errors.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { desk } from '#renderer/app/host.ts';
import { Alert, toBilingual } from '#renderer/ui/Message.tsx';
import { Field } from '#renderer/ui/Field.tsx';
import { AdminChangeStatus, NotYetApproved, useAdminSettings } from '../settings/useAdminSettings.tsx';
import { sameAddress } from '../settings/adminChanges.ts';
import { forgetLegacyFeedUrl, loadLegacyFeedUrl } from './updateConfig.ts';
import type { UpdateStatus } from '#preload/wire/updates.ts';

export function UpdateSettings({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const { db } = useDesk();
  const admin = useAdminSettings();
  const [feedUrl, setFeedUrl] = useState('');
  const [legacy, setLegacy] = useState<string | null>(null);
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [problem, setProblem] = useState<Bilingual | null>(null);

  useEffect(() => {
    void loadLegacyFeedUrl(db).then(setLegacy);
    void desk['update.status']({}).then(setStatus, () => undefined);
  }, [db]);
  const approved = admin.view?.updateFeedUrl ?? null;
  useEffect(() => setFeedUrl(approved ?? ''), [approved]);
  const legacyFeed = legacy && !(approved && sameAddress(approved, legacy)) ? legacy : null;

  async function run(action: () => Promise<UpdateStatus>) {
    setProblem(null);
    try {
      setStatus(await action());
    } catch (e) {
      setProblem(toBilingual(e));
    }
  }

  const afterChange = async () => {
    await forgetLegacyFeedUrl(db);
    setLegacy(null);
    await run(() => desk['update.status']({}));
  };

  function propose(e: FormEvent) {
    e.preventDefault();
    void admin.propose(feedUrl.trim() ? { kind: 'set-update-feed', url: feedUrl.trim() } : { kind: 'clear-update-feed' }, afterChange);
  }

  return (
    <form onSubmit={propose} aria-label={t('update.settings')}>
      <h2>{t('update.settings')}</h2>
      <fieldset disabled={disabled || !admin.view} style={{ border: 'none', padding: 0 }}>
        <div className="grid">
          <Field label={t('update.feedUrl')}>
            <input
              name="update-feed-url"
              placeholder="https://capnhat.tinh.gov.vn/mot-cua-desk/update.json"
              value={feedUrl}
              onChange={(e) => setFeedUrl(e.target.value)}
            />
          </Field>
        </div>
        {admin.view && legacyFeed && (
          <ul>
            <NotYetApproved
              value={legacyFeed}
              onPropose={() => void admin.propose({ kind: 'set-update-feed', url: legacyFeed }, afterChange)}
              onDiscard={() => void forgetLegacyFeedUrl(db).then(() => setLegacy(null))}
            />
          </ul>
        )}
        <div className="actions">
          <button type="button" onClick={() => void run(() => desk['update.check']({}))} disabled={!status?.feedUrl}>
            {t('update.check')}
          </button>
          <button type="submit">{t('update.save')}</button>
        </div>
        <AdminChangeStatus admin={admin} />
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
