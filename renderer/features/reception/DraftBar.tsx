// One line above the reception form: what became of the officer's draft (restored, not
// restorable, a colleague's left on this desk), when the form was last kept, and the one way to
// throw it away, asked twice so that a stray Enter does not clear a citizen's details (Escape
// or "Giữ lại" keeps it).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDeskDateTime } from '#domain/deskTime.ts';
import { Alert } from '#renderer/ui/Message.tsx';
import type { ReceptionDraftState } from './useReceptionDraft.ts';

export function DraftBar({ draft, blank, onDiscard }: { draft: ReceptionDraftState; blank: boolean; onDiscard(): void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  if (draft.notices.length === 0 && blank) return null;
  return (
    <div className={draft.notices.length === 0 ? 'span draft-bar quiet' : 'span draft-bar'} data-testid="draft-bar">
      {draft.notices.map((n, i) => (
        <Alert key={i} kind={n.kind} text={n.text} />
      ))}
      {!blank && (
        <div className="draft-status">
          <span className="muted" data-testid="draft-saved">
            {draft.savedAt ? t('draft.savedAt', { time: formatDeskDateTime(draft.savedAt) }) : t('draft.saving')}
          </span>
          {confirming ? (
            <span role="group" aria-label={t('draft.confirm')} onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}>
              <span>{t('draft.confirm')}</span>{' '}
              <button
                onClick={() => {
                  setConfirming(false);
                  onDiscard();
                }}
              >
                {t('draft.discardConfirm')}
              </button>{' '}
              <button autoFocus onClick={() => setConfirming(false)}>
                {t('draft.keep')}
              </button>
            </span>
          ) : (
            <button onClick={() => setConfirming(true)}>{t('draft.discard')}</button>
          )}
        </div>
      )}
    </div>
  );
}
