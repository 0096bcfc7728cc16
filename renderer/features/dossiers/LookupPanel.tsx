// The dossier's database look-ups (NQ 66.7/2025/NQ-CP): each with its outcome; one left pending
// at the counter is resolved here (found with the record's number, not found, could not check),
// and a paper a failed look-up left owed is asked for with Mẫu 02.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '#domain/errors.ts';
import type { Dossier, ReceivedComponent } from '#domain/model.ts';
import { RESOLVED_OUTCOMES, type ResolvedOutcome } from '#domain/catalog/lookupResult.ts';
import { formatDeskDateTime } from '#domain/deskTime.ts';
import type { StoredFile } from '#renderer/db/schema.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Alert, toBilingual } from '#renderer/ui/Message.tsx';
import { Field } from '#renderer/ui/Field.tsx';
import { SYNC_ACTOR } from '#renderer/sync/changes.ts';
import { owedAfterLookup, recordLookupResult } from './lookupLater.ts';
import { issueOwedPapersRequest } from './owedPapersRequest.ts';

/** A look-up still to be made: pending at the counter, or tried and not reached. */
const open = (c: ReceivedComponent) => c.lookup?.outcome === 'pending' || c.lookup?.outcome === 'could-not-check';

function ResolveForm({ dossier, component, onChanged }: { dossier: Dossier; component: ReceivedComponent; onChanged(d: Dossier): void }) {
  const { t } = useTranslation();
  const { db, officer } = useDesk();
  const [outcome, setOutcome] = useState<ResolvedOutcome>('found');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<Bilingual | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    recordLookupResult(db, dossier.id, { specId: component.specId, outcome, ...(outcome === 'found' ? { reference } : {}) }, officer).then(
      (updated) => onChanged(updated),
      (err: unknown) => setError(toBilingual(err)),
    );
  }

  return (
    <form className="grid" onSubmit={submit} aria-label={t('lookupLater.formLabel', { name: component.name })}>
      <Field label={t('reception.lookupOutcome')}>
        <select name={`lookup-outcome-${component.specId}`} value={outcome} onChange={(e) => setOutcome(e.target.value as ResolvedOutcome)}>
          {RESOLVED_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`reception.lookupOutcomes.${o}`)}
            </option>
          ))}
        </select>
      </Field>
      {outcome === 'found' && (
        <Field label={t('lookupLater.reference')}>
          <input name={`lookup-reference-${component.specId}`} required maxLength={100} value={reference} onChange={(e) => setReference(e.target.value)} />
        </Field>
      )}
      <div className="actions">
        <button type="submit" className="primary">
          {t('lookupLater.record')}
        </button>
      </div>
      {error && <Alert kind="error" text={error} />}
    </form>
  );
}

function OwedRequest({ dossier, owed, onIssued }: { dossier: Dossier; owed: ReceivedComponent[]; onIssued(file: StoredFile): void }) {
  const { t } = useTranslation();
  const { db, settings, officer } = useDesk();
  const databases = [...new Set(owed.map((c) => c.lookup?.databaseName ?? ''))].join(', ');
  const [reason, setReason] = useState(() => t('lookupLater.owedReasonPrefill', { database: databases, names: owed.map((c) => c.name).join(', ') }));
  const [error, setError] = useState<Bilingual | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    issueOwedPapersRequest(db, dossier, reason, settings, officer).then(onIssued, (err: unknown) => setError(toBilingual(err)));
  }

  return (
    <form onSubmit={submit} aria-label={t('lookupLater.owedTitle')}>
      <h4>{t('lookupLater.owedTitle')}</h4>
      <Field label={t('lookupLater.owedReason')} wide>
        <textarea name="owed-reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div className="actions" style={{ justifyContent: 'flex-start' }}>
        <button type="submit">{t('lookupLater.issue')}</button>
      </div>
      {error && <Alert kind="error" text={error} />}
    </form>
  );
}

export function LookupPanel({ dossier, onChanged, onIssued }: { dossier: Dossier; onChanged(d: Dossier): void; onIssued(file: StoredFile): void }) {
  const { t } = useTranslation();
  const looked = dossier.components.filter((c) => c.lookup !== undefined);
  if (looked.length === 0) return null;
  const owed = owedAfterLookup(dossier);
  return (
    <section className="lookup-panel" aria-labelledby="lookup-panel-title">
      <h3 id="lookup-panel-title">{t('lookupLater.title')}</h3>
      {looked.map((c) => {
        const l = c.lookup!;
        return (
          <div key={c.specId} className="component-row" data-lookup-later={c.specId} data-outcome={l.outcome}>
            <p>
              <strong>{c.name}</strong> — {l.databaseName} · {t('reception.lookupNumber')}: {l.numberGiven}
            </p>
            <p data-testid="lookup-outcome">
              {t('reception.lookupOutcome')}: {t(`reception.lookupOutcomes.${l.outcome}`)}
              {l.reference ? ` · ${t('lookupLater.reference')}: ${l.reference}` : ''} · {formatDeskDateTime(l.at)}
              {l.officerId === SYNC_ACTOR ? ` (${t('lookupLater.byProvince')})` : ''}
            </p>
            {owed.includes(c) && <p className="field-error">{t('lookupLater.owed')}</p>}
            {open(c) && !dossier.handover && <ResolveForm dossier={dossier} component={c} onChanged={onChanged} />}
          </div>
        );
      })}
      {owed.length > 0 && !dossier.handover && <OwedRequest key={owed.map((c) => c.specId).join()} dossier={dossier} owed={owed} onIssued={onIssued} />}
    </section>
  );
}
