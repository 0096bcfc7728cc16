// The top bar's sync state: online or not, what is waiting to go, when it last worked, and
// the last problem in plain words. "Đồng bộ ngay" runs a cycle at once.
import { useEffect, useRef, useState } from 'react';
import Dexie from 'dexie';
import { useTranslation } from 'react-i18next';
import { formatDeskDateTime } from '#domain/deskTime.ts';
import { BilingualText } from '#renderer/ui/Message.tsx';
import type { DeskSync } from './useDeskSync.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { RESULT_READY } from '../results/recordHandover.ts';
import { readState, type SyncStateValues } from '#renderer/sync/state.ts';
import { refusedCertifiedCopies, type RefusedCopy } from '#renderer/sync/sendCertifiedCopy.ts';
import { bookLabel } from '#domain/certification/statement.ts';

const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);

export function SyncIndicator({ sync }: { sync: DeskSync }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [ready, setReady] = useState(0);
  const { db } = useDesk();
  const [refused, setRefused] = useState<SyncStateValues['rejectedPublications']>([]);
  const [refusedCopies, setRefusedCopies] = useState<RefusedCopy[]>([]);
  const { status, engine } = sync;
  const box = useRef<HTMLSpanElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  // A pop-up left open followed the officer to every screen and hid the page under it: it
  // closes on Escape, on a click or keyboard focus anywhere else, and on the keys that change
  // screen. A mouse press closes it only once its click is done: the strip leaving moves the
  // page up, and closing on the press moved the button away from under the pointer.
  useEffect(() => {
    if (!open) return;
    let pressing = false;
    const outside = (e: Event) => e.target instanceof Node && !box.current?.contains(e.target);
    const onDown = () => (pressing = true);
    const onClick = (e: Event) => {
      pressing = false;
      if (outside(e)) setOpen(false);
    };
    const onFocus = (e: Event) => !pressing && outside(e) && setOpen(false);
    const onKey = (e: KeyboardEvent) => {
      pressing = false;
      if (e.key === 'Escape') {
        setOpen(false);
        if (box.current?.contains(document.activeElement)) toggle.current?.focus();
      } else if (e.key === 'F2' || e.key === 'F3' || (e.ctrlKey && e.key.toLowerCase() === 'l')) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown, true);
    document.addEventListener('click', onClick, true);
    document.addEventListener('focusin', onFocus);
    window.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      document.removeEventListener('click', onClick, true);
      document.removeEventListener('focusin', onFocus);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);
  // Results the province made ready since: the officer is told without looking for them.
  useEffect(() => {
    void db.dossiers.where('[status+receivedAt]').between([RESULT_READY, Dexie.minKey], [RESULT_READY, Dexie.maxKey]).count().then(setReady);
  }, [db, status?.lastSuccessAt]);
  // What the province sent that this desk refused (a catalogue that does not validate, a look-up
  // result for a component without a look-up), with the reason in both languages.
  useEffect(() => {
    void readState(db, 'rejectedPublications').then((r) => setRefused(r ?? []));
  }, [db, status?.lastSuccessAt]);
  // Certified copies the province refused (a number taken, a fee that does not add up…), with its reason in both languages.
  useEffect(() => {
    void refusedCertifiedCopies(db).then(setRefusedCopies);
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
    <span className="sync-indicator" data-state={state} data-pending={status.pendingDossiers} ref={box}>
      <button ref={toggle} onClick={() => setOpen(!open)} aria-expanded={open} aria-controls="sync-details">
        {state === 'pending' ? t('sync.pendingShort', { count: status.pendingDossiers }) : t(`sync.states.${state}`)}
        {state !== 'pending' && status.pendingDossiers > 0 && ` · ${t('sync.pendingShort', { count: status.pendingDossiers })}`}
      </button>
      {ready > 0 && (
        <span className="results-waiting" data-testid="results-waiting" role="status">
          {t('results.waiting', { count: ready })}
        </span>
      )}
      {open && (
        <div className="sync-details" id="sync-details" role="region" aria-label={t('sync.details')}>
          <div>
            {t('sync.lastSuccess')}: {status.lastSuccessAt ? formatDeskDateTime(status.lastSuccessAt) : t('sync.never')}
          </div>
          {status.pendingDossiers > 0 && <div>{t('sync.pending', { count: status.pendingDossiers, mb: mb(status.pendingBytes) })}</div>}
          {status.erroredDossiers > 0 && <div>{t('sync.errored', { count: status.erroredDossiers })}</div>}
          {status.lastError && (
            <div className="sync-error">
              <BilingualText text={status.lastError.message} />
            </div>
          )}
          {refused.length > 0 && (
            <div className="sync-refused" data-testid="sync-refused">
              {t('sync.refused', { count: refused.length })}
              <ul>
                {refused
                  .slice(-3)
                  .reverse()
                  .map((r) => (
                    <li key={`${r.at}-${r.type}-${r.version}`}>
                      {r.type} {r.version} · {formatDeskDateTime(r.at)}: <BilingualText text={r.message} />
                    </li>
                  ))}
              </ul>
            </div>
          )}
          {refusedCopies.length > 0 && (
            <div className="sync-refused" data-testid="sync-refused-copies">
              {t('sync.refusedCopies', { count: refusedCopies.length })}
              <ul>
                {refusedCopies.slice(0, 3).map((c) => (
                  <li key={c.id}>
                    {t('sync.copyEntry', { number: c.number ?? '—', book: bookLabel(c.year) })} · {formatDeskDateTime(c.at)}: <BilingualText text={c.message} />
                  </li>
                ))}
              </ul>
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
