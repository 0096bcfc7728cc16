import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeskError } from '../errors.ts';
import type { ReceivedComponent } from '../model.ts';
import { resolveLookup } from './lookupResult.ts';
import { stillOwed } from './componentRules.ts';

const PENDING: ReceivedComponent = {
  specId: 'giay-to-tuy-than',
  name: 'Thẻ căn cước của người yêu cầu',
  received: false,
  kind: 'original',
  count: 1,
  lookup: {
    database: 'population',
    databaseName: 'Cơ sở dữ liệu quốc gia về dân cư',
    numberGiven: '001185012345',
    outcome: 'pending',
    at: '2026-12-07T07:42:00+07:00',
    officerId: 'counter',
  },
};
const PAPER: ReceivedComponent = { specId: 'to-khai', name: 'Tờ khai đăng ký khai sinh', received: true, kind: 'original', count: 1 };
const DOSSIER = { code: '000.17.22.H56-261207-0001', procedureCode: '1.001193', components: [PAPER, PENDING] };
const BY = { officerId: 'later', at: '2026-12-08T09:00:00+07:00' };

function refusedWith(code: string, vi: RegExp, en: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof DeskError);
    assert.equal(e.code, code);
    assert.match(e.text.vi, vi);
    assert.match(e.text.en, en);
    return true;
  };
}

test('found: the look-up records the record number, who and when; the number given and database stay; nothing is owed', () => {
  const components = resolveLookup(DOSSIER, { specId: 'giay-to-tuy-than', outcome: 'found', reference: ' 001185012345 ' }, BY);
  assert.ok(components);
  assert.equal(components[0], PAPER, 'other components untouched');
  assert.deepEqual(components[1]?.lookup, { ...PENDING.lookup, outcome: 'found', reference: '001185012345', ...BY });
  assert.equal(stillOwed(components[1]), false);
});

test('not found: the component becomes a paper the citizen owes', () => {
  const components = resolveLookup(DOSSIER, { specId: 'giay-to-tuy-than', outcome: 'not-found', reference: 'ignored' }, BY);
  assert.equal(components?.[1]?.lookup?.outcome, 'not-found');
  assert.equal(components?.[1]?.lookup?.reference, undefined, 'a reference means a record found');
  assert.equal(stillOwed(components[1]), true);
});

test('could not check leaves the look-up open: a later result may still settle it', () => {
  const retried = resolveLookup(DOSSIER, { specId: 'giay-to-tuy-than', outcome: 'could-not-check' }, BY)!;
  const settled = resolveLookup({ ...DOSSIER, components: retried }, { specId: 'giay-to-tuy-than', outcome: 'found', reference: 'X1' }, BY);
  assert.equal(settled?.[1]?.lookup?.outcome, 'found');
});

test('the same result twice changes nothing; a different one after a settled result is refused', () => {
  const found = resolveLookup(DOSSIER, { specId: 'giay-to-tuy-than', outcome: 'found', reference: 'X1' }, BY)!;
  const again = { ...DOSSIER, components: found };
  assert.equal(resolveLookup(again, { specId: 'giay-to-tuy-than', outcome: 'found', reference: 'X1' }, BY), null);
  assert.throws(
    () => resolveLookup(again, { specId: 'giay-to-tuy-than', outcome: 'not-found' }, BY),
    refusedWith('lookup.already-resolved', /Thẻ căn cước.*đã có kết quả tra cứu khác/, /already has a different look-up result/),
  );
});

test('a result for a component without a look-up, or one the dossier lacks, is refused in both languages', () => {
  assert.throws(
    () => resolveLookup(DOSSIER, { specId: 'to-khai', outcome: 'found', reference: '1' }, BY),
    refusedWith('lookup.not-lookup', /Tờ khai đăng ký khai sinh.*không được tra cứu/, /Tờ khai đăng ký khai sinh.*not looked up/),
  );
  assert.throws(
    () => resolveLookup(DOSSIER, { specId: 'giay-khai-tu', outcome: 'found', reference: '1' }, BY),
    refusedWith('lookup.unknown-component', /000\.17\.22\.H56-261207-0001.*giay-khai-tu/, /has no component "giay-khai-tu"/),
  );
});

test('found without the record number, a pending or unknown outcome, an overlong number: refused', () => {
  assert.throws(
    () => resolveLookup(DOSSIER, { specId: 'giay-to-tuy-than', outcome: 'found', reference: '  ' }, BY),
    refusedWith('lookup.reference-required', /phải ghi số\/mã bản ghi/, /must give the number of the record/),
  );
  for (const outcome of ['pending', 'maybe']) {
    assert.throws(
      () => resolveLookup(DOSSIER, { specId: 'giay-to-tuy-than', outcome: outcome as 'found', reference: '1' }, BY),
      refusedWith('lookup.outcome-invalid', /không hợp lệ/, /not valid/),
    );
  }
  assert.throws(
    () => resolveLookup(DOSSIER, { specId: 'giay-to-tuy-than', outcome: 'found', reference: '9'.repeat(101) }, BY),
    refusedWith('lookup.reference-too-long', /100 ký tự/, /100 characters/),
  );
});
