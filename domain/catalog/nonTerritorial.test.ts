import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeskError } from '../errors.ts';
import { checkCompetentAgency, nonTerritorialBasis, parseNonTerritorial, type NonTerritorialList } from './nonTerritorial.ts';

const CATALOG = new Set(['1.001193', '1.000894', '2.000815']);

/** Shaped like Hải Phòng's QĐ 3407/QĐ-UBND; the signing date, address and codes are this test's own. */
function good(): NonTerritorialList {
  return {
    version: 'hp-2025.1',
    province: 'Thành phố Hải Phòng',
    decisions: [
      {
        number: '3407/QĐ-UBND',
        date: '2025-08-20',
        effectiveFrom: '2025-08-25',
        source: { url: 'https://haiphong.gov.vn/qd-3407', retrieved: '2026-12-07' },
        procedures: ['1.001193', '1.000894'],
      },
    ],
  };
}

function refusal(raw: unknown): DeskError {
  try {
    parseNonTerritorial(raw, CATALOG);
  } catch (e) {
    assert.ok(e instanceof DeskError);
    return e;
  }
  assert.fail('the list was accepted');
}

test('a well-formed list whose codes the catalogue knows is accepted as it is', () => {
  assert.deepEqual(parseNonTerritorial(good(), CATALOG), good());
});

test('an unknown procedure code is refused in both languages, naming the code and where it is', () => {
  const list = good();
  list.decisions[0]!.procedures.push('1.999999');
  const e = refusal(list);
  assert.equal(e.code, 'nonTerritorial.invalid');
  assert.match(e.text.vi, /không nạp phần nào[\s\S]*decisions\[0\]\.procedures\[2\]: thủ tục 1\.999999 không có trong danh mục/);
  assert.match(e.text.en, /nothing was loaded[\s\S]*procedure 1\.999999 is not in the desk's catalogue/);
});

test('a decision without its number, or without its source, is refused', () => {
  const noNumber = good() as unknown as { decisions: Array<Record<string, unknown>> };
  delete noNumber.decisions[0]!.number;
  assert.match(refusal(noNumber).text.en, /decisions\[0\]\.number/);
  const noSource = good() as unknown as { decisions: Array<Record<string, unknown>> };
  delete noSource.decisions[0]!.source;
  assert.match(refusal(noSource).text.vi, /decisions\[0\]\.source/);
  const blankNumber = good();
  blankNumber.decisions[0]!.number = '  ';
  assert.match(refusal(blankNumber).text.en, /decisions\[0\]\.number: must not be empty/);
});

test('a decision in force before it was signed, a date that does not exist and an unknown field are refused', () => {
  const early = good();
  early.decisions[0]!.effectiveFrom = '2025-08-01';
  assert.match(refusal(early).text.en, /in force 2025-08-01, before it was signed 2025-08-20/);
  const badDate = good();
  badDate.decisions[0]!.date = '2025-02-30';
  assert.match(refusal(badDate).text.en, /decisions\[0\]\.date: not a real calendar date/);
  assert.match(refusal({ ...good(), isNonTerritorial: true }).text.en, /isNonTerritorial/);
});

test('a procedure is allowed beyond the boundary only if a decision lists it and is in force that day', () => {
  const list = good();
  assert.equal(nonTerritorialBasis(list, '1.001193', '2025-08-25')?.number, '3407/QĐ-UBND');
  assert.equal(nonTerritorialBasis(list, '1.001193', '2025-08-24'), null);
  assert.equal(nonTerritorialBasis(list, '2.000815', '2026-12-07'), null);
  assert.equal(nonTerritorialBasis(null, '1.001193', '2026-12-07'), null);
});

test('the competent agency needs a name and a valid e-ID other than this office', () => {
  assert.deepEqual(checkCompetentAgency({ name: ' UBND xã An Lão ', agencyId: ' H26.10.05 ' }, 'H26.10.01'), { name: 'UBND xã An Lão', agencyId: 'H26.10.05' });
  assert.throws(
    () => checkCompetentAgency({ name: '', agencyId: 'H26.10.05' }, 'H26.10.01'),
    (e: DeskError) => e.code === 'competentAgency.name',
  );
  assert.throws(
    () => checkCompetentAgency({ name: 'UBND xã An Lão', agencyId: 'h26..05' }, 'H26.10.01'),
    (e: DeskError) => e.code === 'competentAgency.id' && /dấu chấm/.test(e.text.vi) && /doubled dot/.test(e.text.en),
  );
  assert.throws(
    () => checkCompetentAgency({ name: 'UBND xã Tiên Lãng', agencyId: 'H26.10.01' }, 'H26.10.01'),
    (e: DeskError) => e.code === 'competentAgency.self',
  );
});
