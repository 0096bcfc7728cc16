// The fee of this dossier at the counter: which of the procedure's fee lines applies (they are
// cases, not items), whether it came by post, the exemptions that line lists for the officer to
// tick, and the pages where it is priced per page. The amount shown is the one recordDecision
// stores and the receipt prints, from the same domain function.
import { useTranslation } from 'react-i18next';
import type { ExemptGroup, Procedure } from '#domain/model.ts';
import { applicableFee, formatAppliedFee, type FeeInput } from '#domain/catalog/fees.ts';
import { Field } from '#renderer/ui/Field.tsx';

/** The officer's choices; the desk receives directly, or by post when marked so. */
export type FeeChoice = Required<Pick<FeeInput, 'line' | 'pages'>> & { channel: 'direct' | 'post'; groups: ExemptGroup[] };

export const NO_FEE_CHOICE: FeeChoice = { line: 0, pages: 1, channel: 'direct', groups: [] };

export function FeeFields({ procedure, value, onChange }: { procedure: Procedure; value: FeeChoice; onChange(v: FeeChoice): void }) {
  const { t } = useTranslation();
  if (procedure.fees.length === 0) return null;
  const line = procedure.fees[value.line];
  const groups = (line?.exemptions ?? []).flatMap((e) => ('applicant' in e.when ? [{ group: e.when.applicant, basis: e.basis }] : []));
  const toggle = (group: ExemptGroup, on: boolean) => onChange({ ...value, groups: on ? [...value.groups, group] : value.groups.filter((g) => g !== group) });
  return (
    <div className="fee-fields" data-testid="fee-fields">
      {procedure.fees.length > 1 && (
        <Field label={t('reception.feeLine')} wide>
          <select name="fee-line" value={value.line} onChange={(e) => onChange({ ...value, line: Number(e.target.value), groups: [] })}>
            {procedure.fees.map((f, i) => (
              <option key={i} value={i}>
                {f.label}
              </option>
            ))}
          </select>
        </Field>
      )}
      <label>
        <input
          type="checkbox"
          name="by-post"
          checked={value.channel === 'post'}
          onChange={(e) => onChange({ ...value, channel: e.target.checked ? 'post' : 'direct' })}
        />{' '}
        {t('reception.byPost')}
      </label>
      {groups.map(({ group, basis }) => (
        <label key={group}>
          <input type="checkbox" name={`exempt-${group}`} checked={value.groups.includes(group)} onChange={(e) => toggle(group, e.target.checked)} />{' '}
          {t('reception.exemptAs', { group: t(`reception.exemptGroup.${group}`), basis })}
        </label>
      ))}
      {line?.perPage && (
        <Field label={t('reception.pages')}>
          <input
            name="pages"
            type="number"
            min={1}
            value={value.pages}
            onChange={(e) => onChange({ ...value, pages: Math.max(1, Math.floor(Number(e.target.value)) || 1) })}
          />
        </Field>
      )}
      <p data-testid="fee-due">
        {t('reception.feeDue')}: {formatAppliedFee(applicableFee(procedure.fees, value))}
      </p>
    </div>
  );
}
