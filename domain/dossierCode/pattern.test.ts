import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '../errors.ts';
import { compileTemplate, DEFAULT_CODE_PATTERN, formatCode, patternInForce, type CodePattern } from './pattern.ts';

const at = (template: string): CodePattern => ({ version: 't', effectiveFrom: '2020-01-01', template });

test('default pattern reproduces the real examples', () => {
  assert.equal(formatCode(DEFAULT_CODE_PATTERN, { agencyId: '000.17.22.H56', day: '2021-05-31', sequence: 1 }), '000.17.22.H56-210531-0001');
  assert.equal(formatCode(DEFAULT_CODE_PATTERN, { agencyId: 'H15.50.05.13', day: '2026-10-08', sequence: 975 }), 'H15.50.05.13-261008-0975');
});

test('the sequence width is a minimum: the 10,000th of a 4-digit day has 5 digits', () => {
  const code = (sequence: number) => formatCode(DEFAULT_CODE_PATTERN, { agencyId: 'H55.242', day: '2026-11-22', sequence });
  assert.equal(code(9999), 'H55.242-261122-9999');
  assert.equal(code(10000), 'H55.242-261122-10000');
  assert.equal(code(123456), 'H55.242-261122-123456');
  assert.notEqual(code(10000), code(1), 'no silent wrap-around to 0000/0001');
});

test('other layouts, such as a ministry 7-digit sequence with a literal prefix', () => {
  assert.equal(formatCode(at('{agency}-{yymmdd}-09{seq:7}'), { agencyId: 'G09', day: '2026-01-05', sequence: 42 }), 'G09-260105-090000042');
  assert.equal(formatCode(at('{yymmdd}.{seq:1}.{agency}'), { agencyId: 'H55', day: '2026-01-05', sequence: 7 }), '260105.7.H55');
});

test('sequence must be a positive integer', () => {
  for (const sequence of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => formatCode(DEFAULT_CODE_PATTERN, { agencyId: 'H55', day: '2026-01-05', sequence }), RangeError);
  }
});

test('malformed templates are refused with the reason', () => {
  const cases: Array<[string, RegExp]> = [
    ['{agency}-{yymmdd}', /thiếu \{seq\}/],
    ['{yymmdd}-{seq:4}', /thiếu \{agency\}/],
    ['{agency}-{seq:4}', /thiếu \{yymmdd\}/],
    ['{agency}-{yymmdd}-{seq:0}', /không hiểu/],
    ['{agency}-{yymmdd}-{seq:10}', /không hiểu/],
    ['{agency}-{yyyymmdd}-{seq:4}', /không hiểu/],
    ['{agency}-{yymmdd}-{seq:4}-{seq:2}', /hai lần/],
    ['{agency}-{yymmdd}-{seq:4', /thiếu dấu "\}"/],
    ['{agency}}-{yymmdd}-{seq:4}', /thừa dấu "\}"/],
  ];
  for (const [template, reason] of cases) {
    assert.throws(
      () => compileTemplate(template),
      (e: unknown) => isDeskError(e) && e.code === 'dossierCode.template' && reason.test(e.text.vi) && e.text.en.includes(template),
      template,
    );
  }
});

test('the pattern in force is the latest effective on that day', () => {
  const v1 = { version: 'v1', effectiveFrom: '2020-09-15', template: '{agency}-{yymmdd}-{seq:4}' };
  const v2 = { version: 'v2', effectiveFrom: '2026-01-01', template: '{agency}-{yymmdd}-{seq:5}' };
  assert.equal(patternInForce([v2, v1], '2025-12-31').version, 'v1');
  assert.equal(patternInForce([v2, v1], '2026-01-01').version, 'v2');
  assert.throws(
    () => patternInForce([v2], '2025-12-31'),
    (e: unknown) => isDeskError(e) && e.code === 'dossierCode.noPattern',
  );
});
