import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeScorecard, monthBounds, type ScorecardInput } from './scorecard.ts';
import { FIGURES, FIGURE_DEFINITIONS, QD766, indicatorOf } from './figures.ts';
import { CERTIFIED, DOSSIERS, ELECTRONIC_RESULTS, EXPECTED, EXPECTED_TOTAL, MONTH, NOW, REUSED, SCANNED } from './scorecard.fixture.ts';

const input: ScorecardInput = {
  month: MONTH,
  now: NOW,
  dossiers: DOSSIERS,
  scannedSpecs: SCANNED,
  electronicResults: ELECTRONIC_RESULTS,
  reusedComponents: REUSED,
  certifiedCopies: CERTIFIED,
};

test('the fixture is the fifty dossiers the issue asks for', () => {
  assert.equal(DOSSIERS.length, 50);
  assert.equal(new Set(DOSSIERS.map((d) => d.id)).size, 50);
});

test('November 2026 per procedure matches the figures counted by hand', () => {
  const card = computeScorecard(input);
  assert.deepEqual(
    card.rows.map((r) => r.procedureCode),
    Object.keys(EXPECTED).sort(),
  );
  for (const row of card.rows) assert.deepEqual(row.figures, EXPECTED[row.procedureCode], row.procedureCode);
  assert.deepEqual(card.total, EXPECTED_TOTAL);
  assert.equal(card.computedAt, '2026-12-07T10:00:00+07:00');
});

test('the order of the records does not change a figure', () => {
  const card = computeScorecard({ ...input, dossiers: [...DOSSIERS].reverse(), electronicResults: [...ELECTRONIC_RESULTS].reverse() });
  assert.deepEqual(card.total, EXPECTED_TOTAL);
});

test('a figure this desk does not record yet is null, never a zero', () => {
  const card = computeScorecard({ ...input, electronicResults: null, reusedComponents: null, certifiedCopies: null });
  for (const id of ['electronicResults', 'reusedComponents', 'certifiedCopies'] as const) {
    assert.equal(card.total[id], null, id);
    for (const row of card.rows) assert.equal(row.figures[id], null, `${row.procedureCode} ${id}`);
  }
  assert.equal(card.total.received, 39);
  assert.ok(!card.rows.some((r) => r.procedureCode === '2.000815'), 'no row for a procedure only the book would have named');
});

test('a month outside the records has a row for nothing but overdue, which is judged now', () => {
  const card = computeScorecard({ ...input, month: '2025-01' });
  assert.equal(card.total.received, 0);
  assert.equal(card.total.overdueNow, 4);
});

test('months are desk months; a malformed one is refused in both languages', () => {
  assert.deepEqual(monthBounds('2026-12'), { from: '2026-12-01T00:00:00+07:00', to: '2027-01-01T00:00:00+07:00' });
  assert.throws(
    () => computeScorecard({ ...input, month: '2026-13' }),
    (e: unknown) => e instanceof Error && 'text' in e && (e as { text: { vi: string; en: string } }).text.vi.includes('mm/yyyy'),
  );
});

test('every figure has its definition in both languages; the QĐ 766 indicators they name exist, with the date they were checked', () => {
  for (const id of FIGURES) {
    const def = FIGURE_DEFINITIONS[id];
    assert.ok(def.label.vi && def.label.en && def.definition.vi && def.definition.en, id);
    if (def.indicator) assert.ok(indicatorOf(id), `${id} names ${def.indicator}`);
  }
  assert.equal(QD766.checked, '2026-12-07');
  assert.equal(
    QD766.groups.reduce((s, g) => s + g.maxPoints, 0),
    100,
  );
});
