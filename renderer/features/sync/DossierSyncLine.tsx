// One dossier's sync state: waiting, received by the province (with the lag between the
// desk's receipt and the province learning of it), refused and why, and the province's word.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierSyncRow } from '#renderer/db/schema.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { BilingualText } from '#renderer/ui/Message.tsx';
import { dossierSyncState } from '#renderer/sync/engine.ts';

function lagText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} ph / min`;
  const hours = minutes / 60;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} ngày / days`;
}

export function DossierSyncLine({ dossierId }: { dossierId: string }) {
  const { t, i18n } = useTranslation();
  const { db, sync } = useDesk();
  const [row, setRow] = useState<DossierSyncRow | undefined>();
  useEffect(() => {
    void dossierSyncState(db, dossierId).then(setRow);
  }, [db, dossierId, sync.status?.lastSuccessAt, sync.status?.pendingDossiers]);
  if (!row)
    return (
      <span data-testid="dossier-sync" data-state="pending">
        {t('sync.state')}: {t('sync.states2.pending')}
      </span>
    );
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  return (
    <span data-testid="dossier-sync" data-state={row.state}>
      {t('sync.state')}: {t(`sync.states2.${row.state}`)}
      {row.lagMs !== undefined && ` · ${t('sync.lag')} ${lagText(row.lagMs)}`}
      {row.provincial?.label && ` · ${row.provincial.label[lang]}`}
      {row.error && (
        <>
          {' · '}
          <BilingualText text={row.error.message} />
        </>
      )}
    </span>
  );
}
