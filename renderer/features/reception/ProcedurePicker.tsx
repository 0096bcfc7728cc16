// Picking the procedure, keyboard first (a combobox with a grouped listbox, WAI-ARIA APG): type
// and Enter picks the best match; arrows move; Escape clears the text, then leaves a field, then
// closes the list. With nothing typed it offers what this desk received lately and most, and
// the fields (lĩnh vực) to browse. Ranking is domain/catalog/procedureSearch.ts.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '#domain/model.ts';
import { browseProcedures, searchProcedures, type ProcedureUsage } from '#domain/catalog/procedureSearch.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { proceduresForReception } from '../catalog/inForce.ts';
import { loadProcedureUsage } from './procedureUsage.ts';

/** The best matches shown for a query; a field being browsed shows all of its procedures. */
const RESULTS = 12;
/** How far each key moves the selection; a page is about what the list shows at 1366×768. */
const STEPS = new Map([
  ['ArrowDown', 1],
  ['ArrowUp', -1],
  ['PageDown', 5],
  ['PageUp', -5],
]);

type Option = { kind: 'procedure'; procedure: Procedure } | { kind: 'field'; field: string; procedures: number };
interface Group {
  key: string;
  label: string | null;
  options: Option[];
}

export function ProcedurePicker({ value, onPick }: { value: Procedure | null; onPick(p: Procedure | null): void }) {
  const { t } = useTranslation();
  const { db } = useDesk();
  const id = useId();
  const [all, setAll] = useState<Procedure[]>([]);
  const [usage, setUsage] = useState<ProcedureUsage>(new Map());
  const [query, setQuery] = useState('');
  const [field, setField] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(true);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void proceduresForReception(db, new Date()).then(setAll);
  }, [db]);

  // Re-read whenever the picker is shown again: a dossier may have been received meanwhile.
  const picking = value === null;
  useEffect(() => {
    if (!picking) return;
    let live = true;
    // Usage only orders the list; without it the search still works, so a failed read leaves it unordered.
    loadProcedureUsage(db).then(
      (u) => live && setUsage(u),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [db, picking]);

  const groups = useMemo<Group[]>(() => {
    if (query.trim() !== '' || field !== null) {
      const found = searchProcedures(all, query, { usage, field: field ?? undefined, limit: field === null ? RESULTS : all.length });
      return [{ key: 'results', label: null, options: found.map((procedure): Option => ({ kind: 'procedure', procedure })) }];
    }
    const browse = browseProcedures(all, usage);
    const procedures = (list: Procedure[]) => list.map((procedure): Option => ({ kind: 'procedure', procedure }));
    return [
      { key: 'recent', label: t('reception.picker.recent'), options: procedures(browse.recent) },
      { key: 'frequent', label: t('reception.picker.frequent'), options: procedures(browse.frequent) },
      { key: 'fields', label: t('reception.picker.fields'), options: browse.fields.map((f): Option => ({ kind: 'field', ...f })) },
    ].filter((g) => g.options.length > 0);
  }, [all, usage, query, field, t]);
  const options = groups.flatMap((g) => g.options);
  const shown = open && options.length > 0;
  const current = Math.min(active, options.length - 1);

  function pick(p: Procedure) {
    onPick(p);
    setQuery('');
    setField(null);
    setActive(0);
  }

  function choose(option: Option) {
    if (option.kind === 'procedure') pick(option.procedure);
    else {
      setField(option.field);
      setQuery('');
      setActive(0);
      setOpen(true);
    }
  }

  function leaveField() {
    setField(null);
    setActive(0);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const step = STEPS.get(e.key);
    if (step !== undefined) {
      if (!open) setOpen(true);
      else setActive(Math.max(0, Math.min(current + step, options.length - 1)));
    } else if (e.key === 'Enter' && shown && options[current]) choose(options[current]);
    else if (e.key === 'Escape' && query !== '') {
      setQuery('');
      setActive(0);
    } else if (e.key === 'Escape' && field !== null) leaveField();
    else if (e.key === 'Escape' && shown) setOpen(false);
    else if (e.key === 'Backspace' && query === '' && field !== null) leaveField();
    else return;
    e.preventDefault();
    e.stopPropagation();
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

  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const announcement =
    query.trim() === '' && field === null
      ? t('reception.picker.browsing', { n: options.length })
      : options.length === 0
        ? t('reception.picker.none', { query: query.trim() })
        : t('reception.picker.found', { n: options.length, first: options[0]?.kind === 'procedure' ? options[0].procedure.name : '' });
  let offset = 0;
  const placed = groups.map((g) => {
    const start = offset;
    offset += g.options.length;
    return { ...g, start };
  });

  return (
    <div className="picker">
      <div className="picker-input">
        {field !== null && (
          <span className="picker-field">
            {t('reception.picker.inField', { field })}
            <button
              type="button"
              className="link"
              onClick={() => {
                leaveField();
                // Back to typing, with the fields listed again.
                input.current?.focus();
                setOpen(true);
              }}
            >
              {t('reception.picker.allFields')}
            </button>
          </span>
        )}
        <input
          name="procedure-search"
          type="text"
          role="combobox"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          aria-label={t('reception.procedure')}
          aria-describedby={`${id}-hint`}
          aria-autocomplete="list"
          aria-expanded={shown}
          aria-controls={listId}
          aria-activedescendant={shown && current >= 0 ? optionId(current) : undefined}
          placeholder={t('reception.procedureSearch')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          ref={input}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
      </div>
      <span id={`${id}-hint`} className="visually-hidden">
        {t('reception.picker.hint')}
      </span>
      <div role="status" className="visually-hidden">
        {open ? announcement : ''}
      </div>
      {open && query.trim() !== '' && options.length === 0 && <p className="picker-none muted">{announcement}</p>}
      <div id={listId} role="listbox" aria-label={t('reception.procedure')} className="picker-results" hidden={!shown}>
        {placed.map((g) => (
          <ul
            key={g.key}
            role="group"
            aria-labelledby={g.label ? `${id}-${g.key}` : undefined}
            aria-label={g.label ? undefined : t('reception.picker.results')}
          >
            {g.label && (
              <li role="presentation" id={`${id}-${g.key}`} className="picker-group">
                {g.label}
              </li>
            )}
            {g.options.map((option, j) => {
              const i = g.start + j;
              return (
                <li
                  key={option.kind === 'procedure' ? option.procedure.code : `field:${option.field}`}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === current}
                  className={option.kind === 'field' ? 'picker-field-option' : undefined}
                  // Keep the focus in the input, so the keyboard goes on working after a click.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    choose(option);
                  }}
                  onMouseMove={() => i !== current && setActive(i)}
                >
                  {option.kind === 'procedure' ? (
                    <>
                      <span className="code">{option.procedure.code}</span>
                      {option.procedure.name}
                    </>
                  ) : (
                    t('reception.picker.fieldOption', { field: option.field, n: option.procedures })
                  )}
                </li>
              );
            })}
          </ul>
        ))}
      </div>
    </div>
  );
}
