// The case (trường hợp) of the procedure, for procedures the national portal prices and times per
// case: picking one brings in that case's time limit, fees and components (domain/catalog/cases.ts).
import { useTranslation } from 'react-i18next';
import type { Procedure } from '#domain/model.ts';
import { caseCode, withCase } from '#domain/catalog/cases.ts';
import { Field } from '#renderer/ui/Field.tsx';

/** `procedure` as picked (not yet applied), so that another case starts from the procedure's own terms. */
export function CaseSelect({ procedure, onPick }: { procedure: Procedure; onPick(p: Procedure): void }) {
  const { t } = useTranslation();
  if (procedure.cases === undefined || procedure.cases.length === 0) return null;
  return (
    <Field label={t('reception.case')} wide>
      <select name="procedure-case" value={procedure.chosenCase ?? ''} onChange={(e) => onPick(withCase(procedure, e.target.value || undefined))}>
        <option value="">{t('reception.noCase')}</option>
        {procedure.cases.map((c) => (
          <option key={c.suffix} value={c.suffix}>
            {caseCode(procedure, c.suffix)} — {c.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
