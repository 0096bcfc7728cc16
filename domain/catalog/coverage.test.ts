// What the bundled catalogue promises a commune desk (issue 13 §3): the six fields a commune
// one-stop shop receives, and for every procedure either a source that confirms its name, time
// limit and components or a warning the administrator sees — a receipt printed from an
// unconfirmed time or checklist must not look trusted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Procedure, ProcedureField } from '../model.ts';
import { sourceWarnings } from './sources.ts';
import { parseCatalog } from './validate.ts';

const bundled = parseCatalog(readFileSync(new URL('./default-catalog.json', import.meta.url), 'utf8'));

/** The national field names the bundled entries use, one pattern per area of a commune desk. */
const AREAS: Record<string, RegExp> = {
  'hộ tịch': /^Hộ tịch$/,
  'chứng thực': /^Chứng thực$/,
  'bảo trợ xã hội': /^Bảo trợ xã hội$/,
  'hộ kinh doanh': /hộ kinh doanh/,
  'đất đai': /^Đất đai$/,
  'cư trú': /cư trú/,
};

const communeProcedures = bundled.procedures.filter((p) => p.level === 'commune');

/** What a receipt prints and the appointment is computed from. */
const CORE: ProcedureField[] = ['name', 'processingHours', 'components'];

function sourced(p: Procedure): boolean {
  return !CORE.some((f) => p.unconfirmed?.includes(f));
}

for (const [area, field] of Object.entries(AREAS)) {
  test(`the bundled catalogue has a commune procedure in ${area}`, () => {
    assert.ok(
      communeProcedures.some((p) => field.test(p.field)),
      `no commune procedure in ${area}`,
    );
  });
}

test('every commune procedure whose name, time or components its source does not confirm is warned about', () => {
  const warned = new Set(sourceWarnings(bundled).map((w) => w.index));
  const silent = bundled.procedures.flatMap((p, i) => (p.level === 'commune' && !sourced(p) && !warned.has(i) ? [p.code] : []));
  assert.deepEqual(silent, []);
});

test('every commune procedure falls in one of the six areas', () => {
  const outside = communeProcedures.filter((p) => !Object.values(AREAS).some((f) => f.test(p.field))).map((p) => `${p.code} ${p.field}`);
  assert.deepEqual(outside, []);
});

/** Listed in docs/domain/dossier-codes-and-catalogue.md with their sources. */
const ADDED_2026_12_07 = [
  '1.004222',
  '1.004194',
  '1.005461',
  '1.003197',
  '1.010038',
  '1.010039',
  '1.002755',
  '1.010028',
  '1.003677',
  '1.010041',
  '1.010040',
  '1.004746',
];

test('procedures added on 2026-12-07 carry that check date, and only đăng ký lại kết hôn lacks a source for its checklist', () => {
  const added = bundled.procedures.filter((p) => ADDED_2026_12_07.includes(p.code));
  assert.equal(added.length, ADDED_2026_12_07.length);
  for (const p of added) assert.equal(p.source.retrieved, '2026-12-07', p.code);
  assert.deepEqual(
    added.filter((p) => !sourced(p)).map((p) => p.code),
    ['1.004746'],
  );
});
