import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Procedure } from '../model.ts';
import { inForceOn, overlap, procedureInForce, proceduresInForce } from './versions.ts';

/** A civil-status procedure changing with Luật Hộ tịch 03/2026/QH16 on 2027-03-01: a test fixture, not bundled data. */
function version(range: Pick<Procedure, 'effectiveFrom' | 'effectiveTo'>, processingHours: number, code = '1.001193'): Procedure {
  return {
    code,
    name: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    level: 'commune',
    processingHours,
    cutoff: '15:00',
    fees: [],
    components: [{ id: 'to-khai', name: 'Tờ khai', accepted: ['original'], count: 1, mandatory: true }],
    source: { url: 'https://example.test', retrieved: '2026-12-07' },
    ...range,
  };
}

const before = version({ effectiveTo: '2027-02-28' }, 0);
const after = version({ effectiveFrom: '2027-03-01' }, 8);
const other = version({}, 24, '2.000815');

test('the version in force is the old one up to its last day and the new one from its first', () => {
  const catalog = [before, other, after];
  assert.equal(procedureInForce(catalog, '1.001193', '2026-12-07'), before);
  assert.equal(procedureInForce(catalog, '1.001193', '2027-02-28'), before);
  assert.equal(procedureInForce(catalog, '1.001193', '2027-03-01'), after);
  assert.equal(procedureInForce(catalog, '1.001193', '2030-01-01'), after);
  assert.equal(procedureInForce(catalog, '2.000815', '2027-03-01'), other);
});

test('no version is in force before the first starts or after the last ends', () => {
  const bounded = [version({ effectiveFrom: '2027-03-01', effectiveTo: '2027-12-31' }, 8)];
  assert.equal(procedureInForce(bounded, '1.001193', '2027-02-28'), undefined);
  assert.equal(procedureInForce(bounded, '1.001193', '2028-01-01'), undefined);
  assert.equal(procedureInForce(bounded, '9.999999', '2027-06-01'), undefined);
});

test('the procedures in force keep one version per code, in catalogue order', () => {
  assert.deepEqual(proceduresInForce([before, other, after], '2027-02-28'), [before, other]);
  assert.deepEqual(proceduresInForce([before, other, after], '2027-03-01'), [other, after]);
});

test('ranges are inclusive at both ends, and an open end reaches any date', () => {
  assert.equal(inForceOn({}, '1900-01-01'), true);
  assert.equal(overlap(before, after), false);
  assert.equal(overlap(before, version({ effectiveFrom: '2027-02-28' }, 8)), true);
  assert.equal(overlap({}, after), true);
  assert.equal(
    overlap(version({ effectiveFrom: '2027-01-01', effectiveTo: '2027-01-31' }, 8), version({ effectiveFrom: '2027-02-01', effectiveTo: '2027-02-28' }, 8)),
    false,
  );
});
