// The top bar's sync state: online or not, what is waiting to go, when it last worked, and
// the last problem in plain words. "Đồng bộ ngay" runs a cycle at once.
import { useEffect, useState } from 'react';
import Dexie from 'dexie';
import { useTranslation } from 'react-i18next';
import { formatVietnameseDateTime } from '#domain/deskTime.ts';
import { BilingualText } from '#renderer/ui/Message.tsx';
import type { DeskSync } from './useDeskSync.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { RESULT_READY } from '../results/recordHandover.ts';

const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);

export function SyncIndicator({ sync }: { sync: DeskSync }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [ready, setReady] = useState(0);
  const { db } = useDesk();
  const { status, engine } = sync;
  // Results the province made ready since: the officer is told without looking for them.
  useEffect(() => {
    void db.dossiers.where('[status+receivedAt]').between([RESULT_READY, Dexie.minKey], [RESULT_READY, Dexie.maxKey]).count().then(setReady);
  }, [db, status?.lastSuccessAt]);
  if (!status || !engine)
    return (
      <span className="sync-indicator" data-state="off">
        {t('sync.off')}
      </span>
    );
  const state =
    status.phase === 'enrolment-required'
      ? 'enrol'
      : status.online === false
        ? 'offline'
        : status.phase === 'syncing'
          ? 'syncing'
          : status.pendingDossiers > 0
            ? 'pending'
            : 'ok';
  return (
    <span className="sync-indicator" data-state={state} data-pending={status.pendingDossiers}>
      <button onClick={() => setOpen(!open)} aria-expanded={open}>
        {t(`sync.states.${state}`)}
        {status.pendingDossiers > 0 && ` · ${t('sync.pending', { count: status.pendingDossiers, mb: mb(status.pendingBytes) })}`}
      </button>
      {ready > 0 && (
        <span className="results-waiting" data-testid="results-waiting" role="status">
          {t('results.waiting', { count: ready })}
        </span>
      )}
      {open && (
        <div className="sync-details" role="status">
          <div>
            {t('sync.lastSuccess')}: {status.lastSuccessAt ? formatVietnameseDateTime(status.lastSuccessAt) : t('sync.never')}
          </div>
          {status.erroredDossiers > 0 && <div>{t('sync.errored', { count: status.erroredDossiers })}</div>}
          {status.lastError && (
            <div className="sync-error">
              <BilingualText text={status.lastError.message} />
            </div>
          )}
          <button onClick={() => void engine.syncNow()} disabled={status.phase === 'syncing'}>
            {t('sync.now')}
          </button>
        </div>
      )}
    </span>
  );
}
