import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '#domain/model.ts';
import { searchProcedures } from '#domain/catalog/procedureSearch.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { proceduresForReception } from '../catalog/inForce.ts';

/** Search-as-you-type over the installed catalogue; arrows and Enter pick. */
export function ProcedurePicker({ value, onPick }: { value: Procedure | null; onPick(p: Procedure | null): void }) {
  const { t } = useTranslation();
  const { db } = useDesk();
  const [all, setAll] = useState<Procedure[]>([]);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);

  useEffect(() => {
    void proceduresForReception(db, new Date()).then(setAll);
  }, [db]);

  const results = useMemo(() => searchProcedures(all, query, { limit: 12 }), [all, query]);

  function pick(p: Procedure) {
    onPick(p);
    setQuery('');
  }

  if (value) {
    return (
      <div className="chosen" data-testid="chosen-procedure">
        <div>
          <div>
            <span className="code">{value.code}</span> <strong>{value.name}</strong>
          </div>
          <div className="facts">
            <span>{value.field}</span>
            <span>
              {t('reception.processing')}: {value.processingHours === 0 ? t('reception.sameDay') : t('reception.workingDays', { n: value.processingHours / 8 })}
            </span>
            <span>
              {t('reception.fee')}: {value.fees.map((f) => f.label).join('; ') || '—'}
            </span>
          </div>
        </div>
        <button onClick={() => onPick(null)}>{t('common.back')}</button>
      </div>
    );
  }

  return (
    <div>
      <input
        name="procedure-search"
        type="search"
        autoFocus
        aria-label={t('reception.procedure')}
        placeholder={t('reception.procedureSearch')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter' && results[active]) pick(results[active]);
          else return;
          e.preventDefault();
        }}
      />
      {results.length > 0 && (
        <ul className="picker-results" role="listbox">
          {results.map((p, i) => (
            <li key={p.code} role="option" aria-selected={i === active} onMouseDown={() => pick(p)}>
              <span className="code">{p.code}</span>
              {p.name}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
