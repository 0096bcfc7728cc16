import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COPY_KINDS, LOOKUP_OUTCOMES, type CopyKind, type LookupOutcome, type Procedure, type ReceivedComponent } from '#domain/model.ts';
import { componentApplies, isLookup, type ReceptionEntries } from '#domain/catalog/componentRules.ts';
import type { LookupEntry } from './recordDecision.ts';

/** The id that ties a component's name to its box. */
const boxId = (specId: string) => `component-${specId}`;

export function initialChecklist(procedure: Procedure): ReceivedComponent[] {
  return procedure.components.map((spec) => ({
    specId: spec.id,
    name: spec.name,
    received: false,
    kind: spec.accepted[0] ?? 'original',
    count: spec.count,
  }));
}

/**
 * The procedure's required components: what the citizen handed over, in which form, how many.
 * A component whose condition does not hold (the authorisation letter without a representative) is not shown.
 */
export function ComponentChecklist(props: {
  procedure: Procedure;
  entries: ReceptionEntries;
  value: ReceivedComponent[];
  onChange(next: ReceivedComponent[]): void;
  lookups: LookupEntry[];
  onLookups(next: LookupEntry[]): void;
  /** The applicant's ID number: what a look-up starts from until the officer enters another. */
  idNumber: string;
}) {
  const { t } = useTranslation();
  const lookupOf = (specId: string): LookupEntry =>
    props.lookups.find((l) => l.specId === specId) ?? { specId, numberGiven: props.idNumber, outcome: 'pending' };
  const setLookup = (entry: LookupEntry) => props.onLookups([...props.lookups.filter((l) => l.specId !== entry.specId), entry]);
  const update = (i: number, patch: Partial<ReceivedComponent>) => props.onChange(props.value.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  return (
    <table className="checklist">
      <thead>
        <tr>
          <th>{t('reception.received')}</th>
          <th>{t('reception.components')}</th>
          <th>{t('reception.kind')}</th>
          <th>{t('reception.count')}</th>
          <th>{t('reception.note')}</th>
        </tr>
      </thead>
      <tbody>
        {props.value.map((c, i) => {
          const spec = props.procedure.components.find((s) => s.id === c.specId);
          if (spec !== undefined && !componentApplies(spec, props.entries)) return null;
          return (
            <tr key={c.specId} data-component={c.specId}>
              <td className="tick">
                {/* The whole cell ticks the box, and so does the component's name: a bigger target than the box. */}
                <label htmlFor={boxId(c.specId)}>
                  <input
                    id={boxId(c.specId)}
                    type="checkbox"
                    checked={c.received}
                    onChange={(e) => update(i, { received: e.target.checked })}
                    onKeyDown={moveBetweenBoxes}
                  />
                </label>
              </td>
              <td>
                <label htmlFor={boxId(c.specId)} className="component-name">
                  {c.name}
                  {spec !== undefined && isLookup(spec) ? (
                    <span className="tag">{t('reception.lookup')}</span>
                  ) : (
                    spec?.mandatory && <span className="tag">{t('reception.mandatory')}</span>
                  )}
                </label>
                {spec !== undefined && isLookup(spec) && (
                  <div className="lookup" data-lookup={c.specId}>
                    <input
                      aria-label={t('reception.lookupNumber')}
                      value={lookupOf(c.specId).numberGiven}
                      onChange={(e) => setLookup({ ...lookupOf(c.specId), numberGiven: e.target.value })}
                    />
                    <select
                      aria-label={t('reception.lookupOutcome')}
                      value={lookupOf(c.specId).outcome}
                      onChange={(e) => setLookup({ ...lookupOf(c.specId), outcome: e.target.value as LookupOutcome })}
                    >
                      {LOOKUP_OUTCOMES.map((o) => (
                        <option key={o} value={o}>
                          {t(`reception.lookupOutcomes.${o}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                )}
              </td>
              <td>
                <select aria-label={`${t('reception.kind')}: ${c.name}`} value={c.kind} onChange={(e) => update(i, { kind: e.target.value as CopyKind })}>
                  {(spec?.accepted ?? COPY_KINDS).map((k) => (
                    <option key={k} value={k}>
                      {t(`reception.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  aria-label={`${t('reception.count')}: ${c.name}`}
                  type="number"
                  min={0}
                  max={99}
                  value={c.count}
                  onChange={(e) => update(i, { count: Math.max(0, Number(e.target.value) || 0) })}
                />
              </td>
              <td>
                <input aria-label={`${t('reception.note')}: ${c.name}`} value={c.note ?? ''} onChange={(e) => update(i, { note: e.target.value })} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * Up and down arrows go from one component's box to the next, so ticking a dossier's papers by
 * keyboard is Space and an arrow a paper, not four Tabs through each row's other fields.
 */
function moveBetweenBoxes(e: KeyboardEvent<HTMLInputElement>): void {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const boxes = [...(e.currentTarget.closest('table')?.querySelectorAll<HTMLInputElement>('td.tick input[type=checkbox]') ?? [])];
  const next = boxes[boxes.indexOf(e.currentTarget) + (e.key === 'ArrowDown' ? 1 : -1)];
  if (!next) return;
  e.preventDefault();
  next.focus();
}
