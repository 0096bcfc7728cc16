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
  // Social protection at the commune: bảo trợ xã hội and the preferential care of người có công.
  'bảo trợ xã hội': /^(Bảo trợ xã hội|Người có công)$/,
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

test('the bundled catalogue covers at least 40 commune procedures (issue 13 §3)', () => {
  assert.ok(communeProcedures.length >= 40, `${communeProcedures.length} commune procedures`);
});

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

/** The second batch of 2026-12-07, from the national portal's records (same document). */
const ADDED_FROM_NATIONAL_RECORDS = [
  '1.004772',
  '2.002189',
  '1.001570',
  '1.001266',
  '2.000720',
  '1.012796',
  '1.014027',
  '1.010833',
  '2.001016',
  '2.001406',
  '2.000913',
];

test('procedures added on 2026-12-07 carry that check date, each with a sourced checklist; the times left open are named', () => {
  const codes = [...ADDED_2026_12_07, ...ADDED_FROM_NATIONAL_RECORDS];
  const added = bundled.procedures.filter((p) => codes.includes(p.code));
  assert.equal(added.length, codes.length);
  for (const p of added) assert.equal(p.source.retrieved, '2026-12-07', p.code);
  assert.deepEqual(
    added.filter((p) => p.unconfirmed?.includes('components')).map((p) => p.code),
    [],
  );
  // The portal gives these times in a unit it calls "Khác", or none; the desk's figure is a warning, not a fact.
  assert.deepEqual(
    added.filter((p) => !sourced(p)).map((p) => p.code),
    ['1.004772', '2.002189', '2.001016', '2.001406', '2.000913'],
  );
});

test('the fees of đăng ký lại khai tử and đăng ký lại kết hôn name the province and resolution that set them', () => {
  for (const code of ['1.005461', '1.004746']) {
    const p = bundled.procedures.find((q) => q.code === code)!;
    assert.ok(!p.unconfirmed?.includes('fees'), code);
    assert.ok(p.fees.length > 0 && p.fees.every((f) => f.province?.resolution.includes('NQ-HĐND')), code);
  }
});

/** A citation a reader can look up: an article of a law, or a numbered resolution. */
const CITED = /Điều \d+|NQ \d+\/\d{4}\/NQ-HĐND/;

test('every fee exemption cites its text, or says it is unconfirmed and its procedure warns about the fee', () => {
  const loose = bundled.procedures.flatMap((p) =>
    p.fees.flatMap((f) =>
      (f.exemptions ?? [])
        .filter((e) => !CITED.test(e.basis) && !(e.basis.includes('chưa xác nhận') && p.unconfirmed?.includes('fees')))
        .map((e) => `${p.code}: ${e.basis}`),
    ),
  );
  assert.deepEqual(loose, []);
});
