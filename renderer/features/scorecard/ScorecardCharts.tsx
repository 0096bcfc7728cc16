// The scorecard's two charts, drawn by Chart.js through react-chartjs-2 (see README.md for why
// this library). Only the parts a bar chart needs are registered, so the bundle carries no
// other chart type. A canvas says nothing to a screen reader: each chart is an image named by
// a summary, and the tables beside it hold every number it draws.
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip, type ChartOptions } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import type { Bilingual } from '#domain/errors.ts';
import { FIGURE_DEFINITIONS, type FigureId } from '#domain/scorecard/figures.ts';
import type { ScorecardRow } from '#domain/scorecard/scorecard.ts';

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

// Distinct hues, each at least 3:1 against the white card (WCAG 1.4.11 for graphics).
const COLOURS: Partial<Record<FigureId, string>> = {
  received: '#1a5fb4',
  decidedOnTime: '#1e7d3a',
  decidedLate: '#b3261e',
  overdueNow: '#8a4b00',
  digitised: '#1a5fb4',
  electronicResults: '#6b3fa0',
  reusedComponents: '#1e7d3a',
  lookups: '#8a4b00',
};

const options: ChartOptions<'bar'> = {
  // Drawn at once: a print or a screenshot taken right after shows the bars, not a frame of an animation.
  animation: false,
  responsive: true,
  maintainAspectRatio: false,
  indexAxis: 'y',
  scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
  plugins: { legend: { position: 'bottom' } },
};

export function FigureChart({ rows, figures, title, pick }: { rows: ScorecardRow[]; figures: FigureId[]; title: string; pick: (b: Bilingual) => string }) {
  // A figure this desk does not record yet is left out of the chart rather than drawn as 0.
  const shown = figures.filter((id) => rows.every((r) => r.figures[id] !== null));
  const data = {
    labels: rows.map((r) => r.procedureCode),
    datasets: shown.map((id) => ({
      label: pick(FIGURE_DEFINITIONS[id].label),
      data: rows.map((r) => r.figures[id] ?? 0),
      backgroundColor: COLOURS[id] ?? '#5b6675',
    })),
  };
  const summary = `${title}: ${rows.map((r) => `${r.procedureCode} ${shown.map((id) => `${pick(FIGURE_DEFINITIONS[id].label)} ${r.figures[id] ?? 0}`).join(', ')}`).join('; ')}`;
  return (
    <figure className="scorecard-chart">
      <figcaption>{title}</figcaption>
      <div className="scorecard-chart-area" style={{ height: `${Math.max(10, 4 + rows.length * 2.2)}rem` }}>
        <Bar data={data} options={options} role="img" aria-label={summary} />
      </div>
    </figure>
  );
}
