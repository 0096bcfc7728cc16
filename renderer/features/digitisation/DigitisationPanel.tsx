// The digitisation metadata of one scanned component, filled in the dossier detail: the fields
// the field set asks for (labels from the data, Vietnamese first), each problem beside its
// field, keyboard only (Tab through, Enter saves).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dossier } from '#domain/model.ts';
import type { Bilingual } from '#domain/errors.ts';
import { deskDate } from '#domain/deskTime.ts';
import {
  BUNDLED_FIELD_SET,
  digitisationProblems,
  inputOf,
  type DigitisationField,
  type DigitisationInput,
  type OwnerRole,
} from '#domain/digitisation/metadata.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Field } from '#renderer/ui/Field.tsx';
import { DateField } from '#renderer/ui/DateField.tsx';
import { Alert, bilingualLine, toBilingual } from '#renderer/ui/Message.tsx';
import { i18n } from '#renderer/i18n/index.ts';
import { saveDigitisation } from './saveDigitisation.ts';

const DATE_FIELDS = new Set<DigitisationField>(['issuedOn', 'validUntil']);

export function DigitisationPanel({ dossier, specId, onSaved }: { dossier: Dossier; specId: string; onSaved(d: Dossier): void }) {
  const { t } = useTranslation();
  const { db, officer } = useDesk();
  const stored = dossier.components.find((c) => c.specId === specId)?.digitisation;
  const [input, setInput] = useState<DigitisationInput>(() => inputOf(stored));
  const [showProblems, setShowProblems] = useState(false);
  const [error, setError] = useState<Bilingual | null>(null);
  const [saved, setSaved] = useState(false);
  const today = deskDate(new Date());
  const problems = digitisationProblems(input, today);
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const set = (patch: Partial<DigitisationInput>) => {
    setSaved(false);
    setInput((old) => ({ ...old, ...patch }));
  };
  const err = (key: DigitisationField) => {
    const p = problems[key];
    return showProblems && p ? bilingualLine(p) : undefined;
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setShowProblems(true);
    if (Object.keys(problems).length > 0) return;
    saveDigitisation(db, dossier.id, specId, input, officer).then(
      (updated) => {
        setSaved(true);
        onSaved(updated);
      },
      (e: unknown) => setError(toBilingual(e)),
    );
  }

  return (
    <form className="card digitisation-panel" data-testid="digitisation-panel" aria-label={t('digitisation.title')} onSubmit={submit} noValidate>
      <h4>{t('digitisation.title')}</h4>
      <p className="muted">
        {t('digitisation.component', { procedure: dossier.procedureCode, spec: dossier.components.find((c) => c.specId === specId)?.name ?? specId })} ·{' '}
        {t('digitisation.fieldSet', { version: BUNDLED_FIELD_SET.version })}
      </p>
      <div className="grid">
        {BUNDLED_FIELD_SET.fields.map((f) => {
          const label = `${f.label[lang]}${f.required ? ' *' : ''}`;
          return DATE_FIELDS.has(f.key) ? (
            <DateField
              key={f.key}
              name={`digitisation-${f.key}`}
              label={label}
              value={input[f.key]}
              onChange={(v) => set({ [f.key]: v })}
              error={err(f.key)}
              required={f.required}
              {...(f.key === 'issuedOn' ? { notAfter: today } : {})}
            />
          ) : (
            <Field key={f.key} label={label} error={err(f.key)} wide={f.key === 'summary'}>
              <input
                name={`digitisation-${f.key}`}
                autoComplete="off"
                required={f.required}
                aria-invalid={err(f.key) ? true : undefined}
                value={input[f.key]}
                onChange={(e) => set({ [f.key]: e.target.value })}
              />
            </Field>
          );
        })}
        <Field label={t('digitisation.owner')}>
          <select name="digitisation-owner" value={input.owner} onChange={(e) => set({ owner: e.target.value as OwnerRole })}>
            <option value="applicant">
              {t('digitisation.owners.applicant')}: {dossier.applicant.fullName}
            </option>
            {dossier.applicant.representative && (
              <option value="representative">
                {t('digitisation.owners.representative')}: {dossier.applicant.representative.fullName}
              </option>
            )}
          </select>
        </Field>
        <label className="check">
          <input type="checkbox" name="digitisation-reusable" checked={input.reusable} onChange={(e) => set({ reusable: e.target.checked })} />{' '}
          {t('digitisation.reusable')}
        </label>
      </div>
      {error && <Alert kind="error" text={error} />}
      {saved && <Alert kind="ok" text={{ vi: t('digitisation.saved', { lng: 'vi' }), en: t('digitisation.saved', { lng: 'en' }) }} />}
      <div className="actions" style={{ justifyContent: 'flex-start' }}>
        <button className="primary" type="submit">
          {t('digitisation.save')}
        </button>
      </div>
    </form>
  );
}
