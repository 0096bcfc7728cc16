import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkIdNumber, decodeIdNumber } from './idNumber.ts';
import provinceFile from './provinceCodes.json' with { type: 'json' };

const codes = (id: string, facts = {}) => checkIdNumber(id, facts).map((p) => p.code);

test('province list: the 63 pre-2025 provinces, 001…096, marked secondary', () => {
  assert.equal(provinceFile.provinces.length, 63);
  assert.equal(new Set(provinceFile.provinces.map((p) => p.code)).size, 63);
  assert.equal(provinceFile.confidence, 'S');
  const byCode = new Map(provinceFile.provinces.map((p) => [p.code, p.name]));
  assert.equal(byCode.get('001'), 'Hà Nội');
  assert.equal(byCode.get('079'), 'TP Hồ Chí Minh');
  assert.equal(byCode.get('096'), 'Cà Mau');
  assert.equal(byCode.has('003'), false);
});

test('decode: province, century/sex digit and birth year', () => {
  assert.deepEqual(decodeIdNumber('001090123456'), {
    provinceCode: '001',
    provinceName: 'Hà Nội',
    gender: 'male',
    birthYear: 1990,
  });
  assert.deepEqual(decodeIdNumber('079305000123'), {
    provinceCode: '079',
    provinceName: 'TP Hồ Chí Minh',
    gender: 'female',
    birthYear: 2005,
  });
  assert.equal(decodeIdNumber('096199000001')?.gender, 'female');
  assert.equal(decodeIdNumber('096199000001')?.birthYear, 1999);
  assert.equal(decodeIdNumber('001400000001')?.birthYear, 2100);
  assert.equal(decodeIdNumber('001900000001')?.birthYear, 2300);
  assert.equal(decodeIdNumber('003090123456')?.provinceName, null);
});

test('decode: null when not 12 digits', () => {
  assert.equal(decodeIdNumber('00109012345'), null);
  assert.equal(decodeIdNumber('00109012345a'), null);
  assert.equal(decodeIdNumber(''), null);
});

test('a consistent number has no problems', () => {
  assert.deepEqual(checkIdNumber('001090123456'), []);
  assert.deepEqual(checkIdNumber('001090123456', { dateOfBirth: '1990-01-01', gender: 'male' }), []);
  assert.deepEqual(checkIdNumber('079305000123', { dateOfBirth: '2005-12-31', gender: 'female' }), []);
});

test('shape problems: empty, length, non-digits, old CMND hint', () => {
  assert.deepEqual(codes(''), ['id.empty']);
  assert.deepEqual(codes('00109012345'), ['id.length']);
  assert.deepEqual(codes('0010901234567'), ['id.length']);
  assert.deepEqual(codes('00109O123456'), ['id.nonDigit']);
  assert.deepEqual(codes('001 090 123 456'), ['id.nonDigit', 'id.length']);
  const cmnd = checkIdNumber('012345678');
  assert.match(cmnd[0]!.text.vi, /CMND 9 số/);
  assert.match(cmnd[0]!.text.en, /9-digit CMND/);
  // Shape problems stop the positional checks: no bogus province complaint.
  assert.deepEqual(codes('99909012345', { gender: 'female' }), ['id.length']);
});

test('unknown province code', () => {
  const problems = checkIdNumber('003090123456');
  assert.deepEqual(
    problems.map((p) => p.code),
    ['id.province'],
  );
  assert.match(problems[0]!.text.vi, /003/);
  assert.match(problems[0]!.text.en, /003/);
  assert.deepEqual(codes('097090123456'), ['id.province']);
  assert.deepEqual(codes('000090123456'), ['id.province']);
});

test('century digit inconsistent with the date of birth', () => {
  // Digit 2 = male born 2000s, but born 1990.
  assert.deepEqual(codes('001290123456', { dateOfBirth: '1990-01-01' }), ['id.century']);
  // Digit 0 = 1900s, born 2005 (year digits 05 match).
  assert.deepEqual(codes('001005123456', { dateOfBirth: '2005-03-04' }), ['id.century']);
});

test('year digits inconsistent with the date of birth', () => {
  const problems = checkIdNumber('001091123456', { dateOfBirth: '1990-01-01' });
  assert.deepEqual(
    problems.map((p) => p.code),
    ['id.birthYear'],
  );
  assert.match(problems[0]!.text.vi, /1990/);
});

test('sex digit inconsistent with the declared gender, with the expected digit', () => {
  const female = checkIdNumber('001090123456', { gender: 'female', dateOfBirth: '1990-01-01' });
  assert.deepEqual(
    female.map((p) => p.code),
    ['id.gender'],
  );
  assert.match(female[0]!.text.vi, /cần là 1/);
  assert.match(female[0]!.text.en, /expected 1/);
  assert.deepEqual(codes('079305000123', { gender: 'male' }), ['id.gender']);
});

test('several problems are all reported', () => {
  assert.deepEqual(codes('003391123456', { dateOfBirth: '1990-05-06', gender: 'male' }), ['id.province', 'id.century', 'id.birthYear', 'id.gender']);
});

test('an unreadable date of birth is reported, not ignored', () => {
  assert.deepEqual(codes('001090123456', { dateOfBirth: '1990-02-30' }), ['id.dateOfBirthUnreadable']);
  assert.deepEqual(codes('001090123456', { dateOfBirth: '01/01/1990' }), ['id.dateOfBirthUnreadable']);
});

test('every problem message is bilingual', () => {
  for (const p of checkIdNumber('003391123456', { dateOfBirth: '1990-05-06', gender: 'male' })) {
    assert.ok(p.text.vi.length > 0 && p.text.en.length > 0);
    assert.notEqual(p.text.vi, p.text.en);
  }
});
