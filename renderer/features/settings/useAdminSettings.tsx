// One settings section's view of main's privileged settings, its proposals, and the code box a
// proposal waits on in browser mode.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '#domain/errors.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Alert, BilingualText } from '#renderer/ui/Message.tsx';
import { useNotice, type Notice } from '#renderer/ui/useNotice.ts';
import { Field } from '#renderer/ui/Field.tsx';
import {
  cancelChange,
  confirmChange,
  loadAdminSettings,
  proposeChange,
  type AdminSettingsView,
  type PendingChange,
  type SettingsChange,
} from './adminChanges.ts';

interface Waiting {
  change: SettingsChange;
  pending: PendingChange;
  onApplied: ((view: AdminSettingsView) => Promise<void> | void) | undefined;
}

export interface AdminSettingsState {
  view: AdminSettingsView | null;
  waiting: Waiting | null;
  notice: Notice | null;
  /** Proposes a change; `onApplied` runs once main has applied it (now, or after the code). */
  propose(change: SettingsChange, onApplied?: (view: AdminSettingsView) => Promise<void> | void): Promise<void>;
  confirm(code: string): Promise<void>;
  cancel(): Promise<void>;
}

const APPLIED: Bilingual = { vi: 'Đã áp dụng.', en: 'Applied.' };
const WAITING: Bilingual = {
  vi: 'Thay đổi đang chờ xác nhận: nhập mã hiển thị trên cửa sổ dòng lệnh của máy chủ.',
  en: "The change is waiting for approval: enter the code shown in the host's console.",
};

export function useAdminSettings(): AdminSettingsState {
  const { db, officer } = useDesk();
  const [view, setView] = useState<AdminSettingsView | null>(null);
  const [waiting, setWaiting] = useState<Waiting | null>(null);
  const { notice, show, clear, fail } = useNotice();

  useEffect(() => {
    loadAdminSettings().then(setView, fail);
  }, [fail]);

  const applied = useCallback(
    async (next: AdminSettingsView, onApplied: Waiting['onApplied']) => {
      setView(next);
      setWaiting(null);
      await onApplied?.(next);
      show({ kind: 'ok', text: APPLIED });
    },
    [show],
  );

  const propose = useCallback<AdminSettingsState['propose']>(
    async (change, onApplied) => {
      clear();
      try {
        const outcome = await proposeChange(db, change, officer.id);
        if (outcome.state === 'applied') await applied(outcome.view, onApplied);
        else if (outcome.state === 'pending') {
          setWaiting({ change, pending: outcome.pending, onApplied });
          show({ kind: 'info', text: WAITING });
        } else show({ kind: 'info', text: outcome.text });
      } catch (e) {
        fail(e);
      }
    },
    [db, officer.id, applied, show, clear, fail],
  );

  const confirm = useCallback(
    async (code: string) => {
      if (!waiting) return;
      clear();
      try {
        await applied(await confirmChange(db, waiting.change, waiting.pending, code, officer.id), waiting.onApplied);
      } catch (e) {
        // Too many tries or an expired code end the proposal: the box goes with it.
        if (e instanceof Error && 'code' in e && e.code !== 'admin.wrong-code') setWaiting(null);
        fail(e);
      }
    },
    [db, officer.id, waiting, applied, clear, fail],
  );

  const cancel = useCallback(async () => {
    if (!waiting) return;
    setWaiting(null);
    clear();
    await cancelChange(waiting.pending).catch(() => undefined);
  }, [waiting, clear]);

  return { view, waiting, notice, propose, confirm, cancel };
}

/** The code box of a proposal waiting in browser mode, and the section's last notice. */
export function AdminChangeStatus({ admin }: { admin: AdminSettingsState }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  return (
    <>
      {admin.waiting && (
        <div className="admin-code" role="group" aria-label={t('admin.codeTitle')}>
          <p>
            <BilingualText text={admin.waiting.pending.summary} />
          </p>
          <div className="grid">
            <Field label={t('admin.codeHint')}>
              <input
                name="admin-code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                onKeyDown={(e) => {
                  // The box may sit inside a section's form: Enter confirms the code, it does not propose again.
                  if (e.key !== 'Enter') return;
                  e.preventDefault();
                  if (code.length === 6) void admin.confirm(code).then(() => setCode(''));
                }}
              />
            </Field>
          </div>
          <div className="actions">
            <button type="button" className="primary" disabled={code.length !== 6} onClick={() => void admin.confirm(code).then(() => setCode(''))}>
              {t('admin.confirm')}
            </button>
            <button type="button" onClick={() => void admin.cancel().then(() => setCode(''))}>
              {t('admin.cancel')}
            </button>
          </div>
        </div>
      )}
      {admin.notice && <Alert kind={admin.notice.kind} text={admin.notice.text} />}
    </>
  );
}

/** A value the desk kept before main owned it, not (yet) in main: offered for approval, or dropped. */
export function NotYetApproved(props: { value: string; onPropose(): void; onDiscard(): void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <li className="not-approved" data-testid="not-approved">
      <code>{props.value}</code> <em>({t('admin.notApproved')})</em>{' '}
      <button type="button" onClick={props.onPropose} disabled={props.disabled}>
        {t('admin.propose')}
      </button>{' '}
      <button type="button" onClick={props.onDiscard} disabled={props.disabled}>
        {t('admin.discard')}
      </button>
    </li>
  );
}
