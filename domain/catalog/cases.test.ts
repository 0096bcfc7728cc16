import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeskError } from '../errors.ts';
import type { Procedure } from '../model.ts';
import { parseCatalog } from './validate.ts';
import { applyCase, caseCode, dossierCase, procedureLine, withCase } from './cases.ts';
import { searchProcedures } from './procedureSearch.ts';

/** A procedure priced and timed per case, as the national portal lists some: test data, not a real record. */
function raw(): Record<string, unknown> {
  return {
    code: '1.001193',
    name: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    level: 'commune',
    processingHours: 0,
    cutoff: '15:00',
    fees: [{ amount: 0, label: 'Miễn', channels: ['direct', 'online', 'post'] }],
    components: [
      { id: 'to-khai', name: 'Tờ khai', accepted: ['original'], count: 1, mandatory: true },
      { id: 'chung-sinh', name: 'Giấy chứng sinh', accepted: ['original'], count: 1, mandatory: true, condition: { when: 'case', cases: ['01'] } },
      {
        id: 'bien-ban',
        name: 'Biên bản xác nhận trẻ bị bỏ rơi',
        accepted: ['original'],
        count: 1,
        mandatory: true,
        condition: { when: 'case', cases: ['02'] },
      },
    ],
    source: { url: 'https://dichvucong.gov.vn/x', retrieved: '2026-12-07' },
    cases: [
      { suffix: '01', name: 'Trẻ em có giấy chứng sinh' },
      { suffix: '02', name: 'Trẻ em bị bỏ rơi', processingHours: 40, cutoff: null, fees: [{ amount: 8000, label: 'Lệ phí', channels: ['direct'] }] },
    ],
  };
}

const file = (...procedures: unknown[]) => JSON.stringify({ version: 't', effectiveFrom: '2026-12-07', procedures });

function refusedWith(text: string): DeskError {
  try {
    parseCatalog(text);
  } catch (e) {
    assert.ok(e instanceof DeskError);
    return e;
  }
  assert.fail('the catalogue was accepted');
}

test('a catalogue with cases parses, each case keeping what it sets', () => {
  const [p] = parseCatalog(file(raw())).procedures;
  assert.deepEqual(
    p!.cases?.map((c) => c.suffix),
    ['01', '02'],
  );
  assert.deepEqual(p!.cases?.[1]?.fees, [{ amount: 8000, label: 'Lệ phí', channels: ['direct'] }]);
  assert.deepEqual(p!.components[1]?.condition, { when: 'case', cases: ['01'] });
});

test('a condition naming a case the procedure lacks is refused in both languages, nothing parsed', () => {
  const p = raw();
  (p.components as Array<Record<string, unknown>>)[2]!.condition = { when: 'case', cases: ['03'] };
  const e = refusedWith(file(p));
  assert.match(
    e.text.vi,
    /procedures\[0\]\.components\[2\]\.condition: thủ tục 1\.001193, thành phần "bien-ban": điều kiện nêu trường hợp "03" nhưng thủ tục không có trường hợp đó \(có: 01, 02\)/,
  );
  assert.match(e.text.en, /the condition names case "03", which the procedure does not have \(it has: 01, 02\)/);
});

test('a case condition on a procedure without cases, or naming no case, is refused', () => {
  const { cases: _none, ...p } = raw();
  assert.match(refusedWith(file(p)).text.en, /condition names case "01", which the procedure does not have \(it has: —\)/);
  const q = raw();
  (q.components as Array<Record<string, unknown>>)[1]!.condition = { when: 'case' };
  assert.match(refusedWith(file(q)).text.vi, /điều kiện trường hợp không nêu trường hợp nào/);
});

test('a case listed twice, a case code of the wrong shape, or a case list on another condition is refused', () => {
  const twice = raw();
  twice.cases = [...(twice.cases as unknown[]), { suffix: '01', name: 'Lại' }];
  assert.match(refusedWith(file(twice)).text.en, /procedures\[0\]\.cases\[2\]\.suffix: procedure 1\.001193: case 1\.001193\.01 is listed twice/);
  const shape = raw();
  shape.cases = [{ suffix: 'a1', name: 'X' }];
  assert.match(refusedWith(file(shape)).text.en, /procedures\[0\]\.cases\[0\]\.suffix: expected a case number like 01/);
  const other = raw();
  (other.components as Array<Record<string, unknown>>)[0]!.condition = { when: 'representative', cases: ['01'] };
  assert.match(refusedWith(file(other)).text.vi, /điều kiện "representative" không nhận danh sách trường hợp/);
});

test("a case's fee without a channel, and a case component's unknown database, are refused like the procedure's own", () => {
  const p = raw();
  (p.cases as Array<Record<string, unknown>>)[1]!.fees = [{ amount: 8000, label: 'Lệ phí' }];
  assert.match(refusedWith(file(p)).text.en, /procedures\[0\]\.cases\[1\]\.fees\[0\]\.channels: procedure 1\.001193, fee "Lệ phí": names no channel/);
  const q = raw();
  (q.cases as Array<Record<string, unknown>>)[0]!.components = [
    {
      id: 'cccd',
      name: 'CCCD',
      accepted: ['original'],
      count: 1,
      mandatory: true,
      satisfiedBy: 'lookup',
      lookup: { database: 'nowhere', paperIfLookupFails: true },
    },
  ];
  assert.match(refusedWith(file(q)).text.en, /procedures\[0\]\.cases\[0\]\.components\[0\]\.lookup: .*database "nowhere" is not in the catalogue/);
});

test('picking a case applies its time, cut-off, fees and only its conditional components', () => {
  const p = parseCatalog(file(raw())).procedures[0]!;
  const none = applyCase(p);
  assert.deepEqual(
    none.components.map((c) => c.id),
    ['to-khai'],
    'no case picked: no case-conditioned component',
  );
  const first = applyCase(withCase(p, '01'));
  assert.deepEqual(
    first.components.map((c) => c.id),
    ['to-khai', 'chung-sinh'],
  );
  assert.equal(first.processingHours, 0);
  assert.equal(first.cutoff, '15:00');
  const second = applyCase(withCase(p, '02'));
  assert.deepEqual(
    second.components.map((c) => c.id),
    ['to-khai', 'bien-ban'],
  );
  assert.equal(second.processingHours, 40);
  assert.equal(second.cutoff, null, 'a case may clear the cut-off');
  assert.equal(second.fees[0]?.amount, 8000);
  assert.deepEqual(dossierCase(second), { code: '1.001193.02', name: 'Trẻ em bị bỏ rơi' });
  assert.equal(dossierCase(applyCase(withCase(second, undefined))), undefined, 'the case can be cleared');
  assert.throws(
    () => withCase(p, '09'),
    (e) => e instanceof DeskError && e.text.vi.includes('không có trường hợp 1.001193.09') && e.text.en.includes('has no case 1.001193.09'),
  );
});

test('the forms name the case after the procedure', () => {
  assert.equal(caseCode({ code: '1.001193' }, '01'), '1.001193.01');
  assert.equal(
    procedureLine({ procedureName: 'Đăng ký khai sinh', procedureCase: { code: '1.001193.01', name: 'Trẻ em có giấy chứng sinh' } }),
    'Đăng ký khai sinh (trường hợp 1.001193.01: Trẻ em có giấy chứng sinh)',
  );
  assert.equal(procedureLine({ procedureName: 'Đăng ký khai sinh' }), 'Đăng ký khai sinh');
});

test('searching a case code finds the procedure with that case picked', () => {
  const procedures: Procedure[] = parseCatalog(file(raw())).procedures;
  const [hit] = searchProcedures(procedures, '1.001193.02');
  assert.equal(hit?.code, '1.001193');
  assert.equal(hit?.chosenCase, '02');
  assert.equal(searchProcedures(procedures, '100119302')[0]?.chosenCase, '02', 'without dots too');
  assert.equal(searchProcedures(procedures, '1.001193')[0]?.chosenCase, undefined, 'the bare code picks no case');
  assert.deepEqual(searchProcedures(procedures, '1.001193.09'), [], 'a case the procedure lacks finds nothing');
});
