// One line under the top bar when there is something to say about updates: an update ready
// ("Có bản cập nhật 0.2.0 — sẽ cài khi không có hồ sơ đang tiếp nhận"), its download, why it
// waits or was refused. Quiet when the desk is up to date or updates are not set up.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '#domain/errors.ts';
import { BilingualText, toBilingual } from '#renderer/ui/Message.tsx';
import { useUpdates } from './useUpdates.ts';

const QUIET = new Set(['not-configured', 'idle', 'checking', 'up-to-date', 'not-in-stage']);

export function UpdateBanner() {
  const { t } = useTranslation();
  const { status, check, install } = useUpdates();
  const [problem, setProblem] = useState<Bilingual | null>(null);
  if (!status || (QUIET.has(status.state) && !problem)) return null;

  const run = (action: () => Promise<void>) => {
    setProblem(null);
    void action().catch((e) => setProblem(toBilingual(e)));
  };
  const percent = status.progress && status.progress.total > 0 ? Math.floor((status.progress.received * 100) / status.progress.total) : null;
  return (
    <div
      className={`update-banner alert alert-${status.state === 'refused' || status.state === 'error' || problem ? 'error' : 'info'}`}
      role="status"
      data-testid="update-banner"
      data-state={status.state}
    >
      {status.message && <BilingualText text={status.message} />}
      {status.state === 'downloading' && percent !== null && <span> ({percent}%)</span>}
      {problem && (
        <div>
          <BilingualText text={problem} />
        </div>
      )}
      <span className="actions">
        {status.state === 'downloaded' && status.canApply && <button onClick={() => run(install)}>{t('update.install')}</button>}
        {(status.state === 'error' || status.state === 'refused') && <button onClick={() => run(check)}>{t('update.check')}</button>}
      </span>
    </div>
  );
}
