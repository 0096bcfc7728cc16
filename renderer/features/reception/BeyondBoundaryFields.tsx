// "Phi địa giới hành chính": shown only for a procedure the installed provincial list allows
// today, so the officer is never offered what the province did not open. recordDecision
// checks the list again in its own transaction.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgencyRef, Procedure } from '#domain/model.ts';
import { deskDate } from '#domain/deskTime.ts';
import { nonTerritorialBasis, type NonTerritorialDecision } from '#domain/catalog/nonTerritorial.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Field } from '#renderer/ui/Field.tsx';
import { currentNonTerritorial } from '../catalog/nonTerritorial.ts';

/** `value` is null while the dossier is one of this commune's own. */
export function BeyondBoundaryFields({ procedure, value, onChange }: { procedure: Procedure; value: AgencyRef | null; onChange(v: AgencyRef | null): void }) {
  const { t } = useTranslation();
  const { db } = useDesk();
  const [basis, setBasis] = useState<NonTerritorialDecision | null>(null);

  useEffect(() => {
    void currentNonTerritorial(db).then((list) => setBasis(nonTerritorialBasis(list, procedure.code, deskDate(new Date()))));
  }, [db, procedure.code]);

  if (!basis) return null;
  return (
    <div className="beyond-boundary" data-testid="beyond-boundary">
      <label>
        <input
          type="checkbox"
          name="beyond-boundary"
          checked={value !== null}
          onChange={(e) => onChange(e.target.checked ? { name: '', agencyId: '' } : null)}
        />{' '}
        {t('reception.beyondBoundary', { decision: basis.number })}
      </label>
      {value && (
        <>
          <Field label={t('reception.competentName')} wide>
            <input name="competent-name" value={value.name} onChange={(e) => onChange({ ...value, name: e.target.value })} />
          </Field>
          <Field label={t('reception.competentId')}>
            <input name="competent-id" value={value.agencyId} onChange={(e) => onChange({ ...value, agencyId: e.target.value.toUpperCase() })} />
          </Field>
        </>
      )}
    </div>
  );
}
