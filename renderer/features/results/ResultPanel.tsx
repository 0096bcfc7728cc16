// A dossier whose result is ready: the province's result files, and the hand-over record
// (who took the result, when). Once returned, who and when are shown instead.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '#domain/errors.ts';
import type { Dossier } from '#domain/model.ts';
import { formatDeskDateTime } from '#domain/deskTime.ts';
import type { SyncResultRow } from '#renderer/db/schema.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Alert, toBilingual } from '#renderer/ui/Message.tsx';
import { Field } from '#renderer/ui/Field.tsx';
import { RESULT_READY, recordHandover, type HandoverInput } from './recordHandover.ts';

export function ResultPanel({ dossier, onChanged, onShow }: { dossier: Dossier; onChanged(d: Dossier): void; onShow(name: string, bytes: Uint8Array): void }) {
  const { t } = useTranslation();
  const { db, officer, sync } = useDesk();
  const [results, setResults] = useState<SyncResultRow[]>([]);
  const [form, setForm] = useState<HandoverInput>({
    recipientName: dossier.applicant.fullName,
    relation: 'self',
    recipientIdNumber: dossier.applicant.idNumber,
  });
  const [error, setError] = useState<Bilingual | null>(null);

  useEffect(() => {
    void db.syncResults.where('dossierId').equals(dossier.id).toArray().then(setResults);
  }, [db, dossier.id, dossier.status, sync.status?.lastSuccessAt]);

  if (dossier.handover) {
    const h = dossier.handover;
    return <p data-testid="handover">{t('results.returned', { name: h.recipientName, at: formatDeskDateTime(h.at), officer: h.officerName })}</p>;
  }
  if (dossier.status !== RESULT_READY) return null;

  function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    recordHandover(db, dossier.id, form, officer).then(onChanged, (err: unknown) => setError(toBilingual(err)));
  }

  return (
    <form className="card result-panel" onSubmit={submit} aria-label={t('results.title')}>
      <h3>{t('results.title')}</h3>
      {results.map((r) =>
        r.blob ? (
          <button
            key={r.id}
            type="button"
            onClick={() =>
              void db.protection.openBytes(r.blob!).then(
                (b) => onShow(r.name, b),
                (err: unknown) => setError(toBilingual(err)),
              )
            }
          >
            {r.name} ({Math.round(r.size / 1024)} KB)
          </button>
        ) : (
          <span key={r.id}>{t('results.downloading', { name: r.name })}</span>
        ),
      )}
      <div className="grid">
        <Field label={t('results.recipient')}>
          <input name="recipient-name" value={form.recipientName} onChange={(e) => setForm({ ...form, recipientName: e.target.value })} />
        </Field>
        <Field label={t('results.relation')}>
          <select
            name="recipient-relation"
            value={form.relation}
            onChange={(e) =>
              setForm({
                ...form,
                relation: e.target.value as HandoverInput['relation'],
                ...(e.target.value === 'authorised' ? { recipientName: '', recipientIdNumber: '' } : {}),
              })
            }
          >
            <option value="self">{t('results.self')}</option>
            <option value="authorised">{t('results.authorised')}</option>
          </select>
        </Field>
        <Field label={t('results.idNumber')}>
          <input
            name="recipient-id"
            inputMode="numeric"
            value={form.recipientIdNumber}
            onChange={(e) => setForm({ ...form, recipientIdNumber: e.target.value })}
          />
        </Field>
        <Field label={t('results.note')}>
          <input name="handover-note" value={form.note ?? ''} onChange={(e) => setForm({ ...form, note: e.target.value })} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          {t('results.record')}
        </button>
      </div>
      {error && <Alert kind="error" text={error} />}
    </form>
  );
}
