// Cài đặt → the province's list of procedures received beyond the administrative boundary:
// which version is in force, from which decisions, and (for an administrator) loading a file.
// The province can also send it through the changes feed (renderer/sync/changes.ts).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NonTerritorialList } from '#domain/catalog/nonTerritorial.ts';
import { decodeUserText } from '#domain/text/decodeText.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Alert } from '#renderer/ui/Message.tsx';
import { useNotice } from '#renderer/ui/useNotice.ts';
import { Field } from '#renderer/ui/Field.tsx';
import { currentNonTerritorial, installNonTerritorialFile } from './nonTerritorial.ts';
import { formatDeskDate } from '#domain/deskTime.ts';

export function NonTerritorialSettings({ disabled, onChange }: { disabled: boolean; onChange: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const { db, officer } = useDesk();
  const { notice, run } = useNotice();
  const [list, setList] = useState<NonTerritorialList | null>(null);

  const load = useCallback(async () => setList(await currentNonTerritorial(db)), [db]);
  useEffect(() => {
    void load();
  }, [load]);

  function importFile(file: File | undefined) {
    if (!file) return;
    void run(
      async () => {
        const installed = await installNonTerritorialFile(db, decodeUserText(new Uint8Array(await file.arrayBuffer()), file.name), officer.id);
        const n = new Set(installed.decisions.flatMap((d) => d.procedures)).size;
        return {
          vi: t('nonTerritorial.installed', { lng: 'vi', version: installed.version, n }),
          en: t('nonTerritorial.installed', { lng: 'en', version: installed.version, n }),
        };
      },
      async () => Promise.all([load(), onChange()]),
    );
  }

  return (
    <section data-testid="non-territorial">
      <h2>{t('nonTerritorial.title')}</h2>
      {notice && <Alert kind={notice.kind} text={notice.text} />}
      {list ? (
        <ul>
          {list.decisions.map((d) => (
            <li key={d.number}>
              {t('nonTerritorial.decision', { number: d.number, from: formatDeskDate(d.effectiveFrom), n: d.procedures.length })}{' '}
              <span className="muted">{d.source.url}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('nonTerritorial.none')}</p>
      )}
      {!disabled && (
        <Field label={t('nonTerritorial.import')}>
          <input type="file" name="non-territorial-file" accept="application/json,.json" onChange={(e) => importFile(e.target.files?.[0])} />
        </Field>
      )}
    </section>
  );
}
