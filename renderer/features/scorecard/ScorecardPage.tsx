// The commune's scorecard (issue 15 §4): one month's figures in total and per procedure, each
// with its definition beside it, two charts, a print-out and a CSV export. Loaded on demand
// (React.lazy in renderer/app/App.tsx), so neither sign-in nor reception parses it or Chart.js.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deskDate, formatDeskDate, formatDeskDateTime } from '#domain/deskTime.ts';
import type { Bilingual } from '#domain/errors.ts';
import { isDeskError } from '#domain/errors.ts';
import { FIGURES, FIGURE_DEFINITIONS, QD766, indicatorOf, type FigureId } from '#domain/scorecard/figures.ts';
import type { Scorecard } from '#domain/scorecard/scorecard.ts';
import { useDesk } from '../../app/DeskContext.tsx';
import { loadScorecard } from './loadScorecard.ts';
import { monthLabel, NOT_RECORDED, scorecardCsv, scorecardFileName } from './scorecardCsv.ts';
import { FigureChart } from './ScorecardCharts.tsx';
import './scorecard.css';

const MONTHS_BACK = 24;

/** The desk months offered, newest first: this one and the 23 before it. */
function recentMonths(now: Date): string[] {
  const [y, m] = deskDate(now).split('-').map(Number) as [number, number];
  return Array.from({ length: MONTHS_BACK }, (_, i) => {
    const k = y * 12 + (m - 1) - i;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Prints the page alone, A4 landscape (scorecard.css): the desk's frame is left out while the print dialog is up. */
function printScorecard(): void {
  document.body.classList.add('print-scorecard');
  const done = () => {
    document.body.classList.remove('print-scorecard');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

export default function ScorecardPage() {
  const { db, settings } = useDesk();
  const { t, i18n } = useTranslation();
  const pick = (b: Bilingual) => (i18n.language === 'en' ? b.en : b.vi);
  const months = useMemo(() => recentMonths(new Date()), []);
  const [month, setMonth] = useState(months[0]!);
  const [card, setCard] = useState<Scorecard | null>(null);
  const [error, setError] = useState<Bilingual | null>(null);

  useEffect(() => {
    let live = true;
    setCard(null);
    setError(null);
    loadScorecard(db, month).then(
      (c) => live && setCard(c),
      (e: unknown) => live && setError(isDeskError(e) ? e.text : { vi: 'Không lập được báo cáo.', en: 'The scorecard could not be computed.' }),
    );
    return () => {
      live = false;
    };
  }, [db, month]);

  const value = (v: number | null) => (v === null ? <span className="not-recorded">{pick(NOT_RECORDED)}</span> : String(v));
  // In the per-procedure table a dash stands for it (the total row and the summary say it in words); a screen reader hears the words.
  const cellValue = (v: number | null) =>
    v === null ? (
      <span className="not-recorded" title={pick(NOT_RECORDED)}>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{pick(NOT_RECORDED)}</span>
      </span>
    ) : (
      String(v)
    );

  return (
    <section className="scorecard" aria-labelledby="scorecard-title">
      <div className="scorecard-head">
        <div>
          <h1 id="scorecard-title">
            {t('scorecard.title')} {monthLabel(month)}
          </h1>
          <p className="muted">
            {settings.officeName}
            {card && ` · ${t('scorecard.computedAt')} ${formatDeskDateTime(card.computedAt)}`}
          </p>
        </div>
        <div className="scorecard-controls">
          <label className="field">
            <span className="label">{t('scorecard.month')}</span>
            <select name="scorecard-month" autoFocus value={month} onChange={(e) => setMonth(e.target.value)}>
              {months.map((m) => (
                <option key={m} value={m}>
                  {monthLabel(m)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={printScorecard} disabled={!card}>
            {t('common.print')}
          </button>
          <button
            type="button"
            name="scorecard-csv"
            onClick={() => card && download(scorecardCsv(card, settings.officeName), scorecardFileName(card.month))}
            disabled={!card}
          >
            {t('scorecard.exportCsv')}
          </button>
        </div>
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {pick(error)}
        </p>
      )}
      {!card && !error && (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {card && (
        <>
          <h2>{t('scorecard.summary')}</h2>
          <table className="scorecard-summary">
            <thead>
              <tr>
                <th scope="col">{t('scorecard.figure')}</th>
                <th scope="col" className="num">
                  {t('scorecard.value')}
                </th>
                <th scope="col">{t('scorecard.definition')}</th>
              </tr>
            </thead>
            <tbody>
              {FIGURES.map((id) => {
                const qd = indicatorOf(id);
                return (
                  <tr key={id} data-figure={id}>
                    <th scope="row">{pick(FIGURE_DEFINITIONS[id].label)}</th>
                    <td className="num">{value(card.total[id])}</td>
                    <td>
                      {pick(FIGURE_DEFINITIONS[id].definition)}
                      {qd && (
                        <span className="indicator">
                          {t('scorecard.indicator')}: {pick(qd.group.name)} — {pick(qd.indicator.name)}
                          {!qd.indicator.confirmed && ` (${t('scorecard.unconfirmed')})`}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {card.rows.length === 0 ? (
            <p className="muted">{t('scorecard.empty')}</p>
          ) : (
            <>
              <h2>{t('scorecard.charts')}</h2>
              <div className="scorecard-charts">
                <FigureChart
                  rows={card.rows}
                  figures={['received', 'decidedOnTime', 'decidedLate', 'overdueNow']}
                  title={t('scorecard.chartProgress')}
                  pick={pick}
                />
                <FigureChart
                  rows={card.rows}
                  figures={['digitised', 'electronicResults', 'reusedComponents', 'lookups']}
                  title={t('scorecard.chartDigital')}
                  pick={pick}
                />
              </div>
              <h2>{t('scorecard.byProcedure')}</h2>
              <div className="scorecard-table-wrap">
                <table className="scorecard-procedures">
                  <thead>
                    <tr>
                      <th scope="col">{t('scorecard.procedure')}</th>
                      {FIGURES.map((id: FigureId) => (
                        <th scope="col" key={id} className="num">
                          {pick(FIGURE_DEFINITIONS[id].label)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {card.rows.map((r) => (
                      <tr key={r.procedureCode} data-procedure={r.procedureCode}>
                        <th scope="row">
                          <span className="code">{r.procedureCode}</span> {r.procedureName}
                        </th>
                        {FIGURES.map((id) => (
                          <td key={id} className="num" data-figure={id}>
                            {cellValue(r.figures[id])}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{t('scorecard.total')}</th>
                      {FIGURES.map((id) => (
                        <td key={id} className="num">
                          {value(card.total[id])}
                        </td>
                      ))}
                    </tr>
                  </tfoot>
                </table>
              </div>
            </>
          )}
          <p className="muted scorecard-source">
            {t('scorecard.source', { decision: QD766.decision, checked: formatDeskDate(QD766.checked) })}{' '}
            {QD766.groups.map((g) => `${pick(g.name)} ${g.maxPoints}`).join(' · ')}
          </p>
        </>
      )}
    </section>
  );
}
