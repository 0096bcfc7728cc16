import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAgencyId, checkOfficeAgencyId } from './agencyId.ts';

const codes = (id: string) => checkAgencyId(id).problems.map((p) => p.code);

test('legacy right-to-left IDs are accepted and recognised', () => {
  for (const id of ['000.17.22.H56', '000.00.00.H49', '000.00.14.H56']) {
    const r = checkAgencyId(id);
    assert.deepEqual(r.problems, [], id);
    assert.equal(r.order, 'rightToLeft', id);
  }
  assert.deepEqual(checkAgencyId('000.17.22.H56').groups, ['000', '17', '22', 'H56']);
});

test('current left-to-right IDs are accepted and recognised', () => {
  for (const id of ['H15.50.05.13', 'H55.242', 'G09.01']) {
    const r = checkAgencyId(id);
    assert.deepEqual(r.problems, [], id);
    assert.equal(r.order, 'leftToRight', id);
  }
});

test('order is undetermined for one group, or when both or neither end look like level 1', () => {
  assert.equal(checkAgencyId('H56').order, 'undetermined');
  assert.equal(checkAgencyId('H15.H56').order, 'undetermined');
  assert.equal(checkAgencyId('000.17.22').order, 'undetermined');
  assert.deepEqual(codes('000.17.22'), [], 'still a well-formed e-ID');
});

test('at most 35 characters', () => {
  const id35 = `H15.${'1'.repeat(31)}`;
  assert.equal(id35.length, 35);
  assert.deepEqual(codes(id35), []);
  assert.deepEqual(codes(`${id35}2`), ['agencyId.tooLong']);
});

test('only 0–9, A–Z and dots', () => {
  assert.deepEqual(codes('h15.50.05.13'), ['agencyId.characters']);
  assert.deepEqual(codes('H15-50-05-13'), ['agencyId.characters']);
  assert.deepEqual(codes('H15 50'), ['agencyId.characters']);
  assert.match(checkAgencyId('H15_50').problems[0]!.text.vi, /_/);
  assert.deepEqual(codes('Đ15.50'), ['agencyId.characters']);
});

test('no empty groups', () => {
  for (const id of ['.H15.50', 'H15.50.', 'H15..50', '.']) assert.deepEqual(codes(id), ['agencyId.emptyGroup'], id);
  assert.deepEqual(codes(''), ['agencyId.empty']);
});

test("an office's own e-ID must name its level-1 unit at one end", () => {
  const office = (id: string) => checkOfficeAgencyId(id).problems.map((p) => p.code);
  for (const id of ['000.17.22.H56', 'H15.50.05.13', 'H55.242', 'G09', '000.99.99.H99']) assert.deepEqual(office(id), [], id);
  for (const id of ['ABC', '000.17.22', '000.H56.22', '123']) assert.deepEqual(office(id), ['agencyId.noLevelOne'], id);
  assert.match(checkOfficeAgencyId('ABC').problems[0]!.text.vi, /cấp 1/);
  assert.match(checkOfficeAgencyId('ABC').problems[0]!.text.en, /level-1/);
  assert.deepEqual(office('abc'), ['agencyId.characters'], 'lower case is a character problem before anything else');
  assert.deepEqual(office(''), ['agencyId.empty']);
});
