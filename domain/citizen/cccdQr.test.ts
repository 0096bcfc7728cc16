import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '../errors.ts';
import { parseCccdQr, parseScannedCccdQr } from './cccdQr.ts';

const now = new Date('2026-11-22T10:00:00+07:00');
const read = (text: string) => parseCccdQr(text, { now });
const codes = (text: string) => read(text).problems.map((p) => p.code);
const SAMPLE = '001090123456|012345678|Nguyễn Văn A|01011990|Nam|Thôn 1, Xã X, Tỉnh Y|15042021';

function assertRefused(text: string, code: string, vi: RegExp) {
  assert.throws(
    () => read(text),
    (e: unknown) => isDeskError(e) && e.code === code && vi.test(e.text.vi) && e.text.en.length > 0,
  );
}

test('the sample card reads cleanly', () => {
  assert.deepEqual(read(SAMPLE), {
    fields: {
      idNumber: '001090123456',
      oldIdNumber: '012345678',
      fullName: 'Nguyễn Văn A',
      dateOfBirth: '1990-01-01',
      gender: 'male',
      address: 'Thôn 1, Xã X, Tỉnh Y',
      issueDate: '2021-04-15',
      extra: [],
    },
    problems: [],
  });
});

test('empty old CMND, female card', () => {
  const r = read('079305000123||Trần Thị Bình|31122005|Nữ|12 Lê Lợi, Phường Bến Thành, TP Hồ Chí Minh|01022022');
  assert.equal(r.fields.oldIdNumber, null);
  assert.equal(r.fields.gender, 'female');
  assert.equal(r.fields.dateOfBirth, '2005-12-31');
  assert.deepEqual(r.problems, []);
});

test('CR/LF, BOM and stray whitespace are scanner noise', () => {
  const r = read(`\uFEFF  001090123456 |012345678| Nguyễn  Văn\r\nA |01011990|Nam |Thôn 1,  Xã X|15042021\r\n`);
  assert.equal(r.fields.idNumber, '001090123456');
  assert.equal(r.fields.fullName, 'Nguyễn Văn A');
  assert.equal(r.fields.address, 'Thôn 1, Xã X');
  assert.deepEqual(r.problems, []);
});

test('NFD input comes out NFC, and "Nữ" is recognised in NFD', () => {
  const r = read('079305000123||Trần Thị Bình|31122005|Nữ|Phường Bến Thành|01022022'.normalize('NFD'));
  assert.equal(r.fields.fullName, 'Trần Thị Bình');
  assert.ok(r.fields.fullName === r.fields.fullName.normalize('NFC'));
  assert.equal(r.fields.address, 'Phường Bến Thành'.normalize('NFC'));
  assert.equal(r.fields.gender, 'female');
});

test('gender without diacritics or in capitals', () => {
  assert.equal(read(SAMPLE.replace('|Nam|', '|NAM|')).fields.gender, 'male');
  assert.equal(read('079305000123||B|31122005|Nu|X|01022022').fields.gender, 'female');
  const bad = read(SAMPLE.replace('|Nam|', '|Male|'));
  assert.equal(bad.fields.gender, null);
  assert.deepEqual(
    bad.problems.map((p) => p.code),
    ['qr.genderInvalid'],
  );
});

test('missing trailing fields are tolerated and listed', () => {
  const r = read('001090123456|012345678|Nguyễn Văn A');
  assert.equal(r.fields.fullName, 'Nguyễn Văn A');
  assert.equal(r.fields.dateOfBirth, null);
  assert.equal(r.fields.gender, null);
  assert.deepEqual(
    r.problems.map((p) => p.code),
    ['qr.fieldMissing', 'qr.fieldMissing', 'qr.fieldMissing', 'qr.fieldMissing'],
  );
  assert.match(r.problems.map((p) => p.text.vi).join(';'), /ngày sinh.*giới tính.*nơi thường trú.*ngày cấp/);
  const noIssue = read(SAMPLE.slice(0, SAMPLE.lastIndexOf('|')));
  assert.equal(noIssue.fields.issueDate, null);
  assert.deepEqual(
    noIssue.problems.map((p) => p.code),
    ['qr.fieldMissing'],
  );
});

test('extra fields of newer cards are kept, not rejected', () => {
  const r = read(`${SAMPLE}|Việt Nam|Kinh|`);
  assert.deepEqual(r.fields.extra, ['Việt Nam', 'Kinh', '']);
  assert.equal(r.fields.issueDate, '2021-04-15');
  assert.deepEqual(r.problems, []);
});

test('dates must be real calendar dates', () => {
  assert.deepEqual(codes(SAMPLE.replace('01011990', '30021990')), ['qr.dateInvalid']);
  assert.deepEqual(codes(SAMPLE.replace('01011990', '1990-01-01')), ['qr.dateInvalid']);
  assert.equal(read(SAMPLE.replace('01011990', '31131990')).fields.dateOfBirth, null);
  assert.equal(read('079300000123||B|29022000|Nữ|X|01022022').fields.dateOfBirth, '2000-02-29');
  assert.deepEqual(codes(SAMPLE.replace('15042021', '29022021')), ['qr.dateInvalid']);
});

test('a date of birth in the future is a problem', () => {
  // Tomorrow at UTC+7.
  assert.deepEqual(codes('001226123456||Bé C|23112026|Nam|X|'), ['qr.dateOfBirthFuture', 'qr.fieldMissing']);
  // The same day at UTC+7 is not the future.
  const today = read('001226123456||Bé C|22112026|Nam|X|22112026');
  assert.deepEqual(today.problems, []);
});

test('issue date after today or before birth is a problem', () => {
  assert.deepEqual(codes(SAMPLE.replace('15042021', '01012027')), ['qr.issueDateImpossible']);
  assert.deepEqual(codes(SAMPLE.replace('15042021', '31121989')), ['qr.issueDateImpossible']);
});

test('the ID number is cross-checked against date of birth and gender', () => {
  assert.deepEqual(codes(SAMPLE.replace('|Nam|', '|Nữ|')), ['id.gender']);
  assert.deepEqual(codes(SAMPLE.replace('01011990', '01011991')), ['id.birthYear']);
  assert.deepEqual(codes(SAMPLE.replace('01011990', '01011890')), ['id.century']);
  assert.deepEqual(codes(SAMPLE.replace('001090', '003090')), ['id.province']);
});

test('a malformed old CMND is a problem, a 12-digit one is fine', () => {
  assert.deepEqual(codes(SAMPLE.replace('012345678', '01234')), ['qr.oldIdInvalid']);
  assert.equal(read(SAMPLE.replace('012345678', '001090000111')).fields.oldIdNumber, '001090000111');
});

test('text that is not a citizen-ID QR is refused with a clear message', () => {
  assertRefused('', 'qr.empty', /rỗng/);
  assertRefused('  \r\n', 'qr.empty', /rỗng/);
  assertRefused('https://dichvucong.gov.vn/p/home/dvc-trang-chu.html', 'qr.notCitizenId', /đường liên kết/);
  assertRefused('www.example.vn|a|b', 'qr.notCitizenId', /đường liên kết/);
  assertRefused('012345678|Nguyễn Văn A|01011990', 'qr.oldCard', /CMND 9 số/);
  assertRefused('012345678', 'qr.oldCard', /CMND 9 số/);
  assertRefused('001090123456|012345678', 'qr.notCitizenId', /không phải mã QR/);
  assertRefused('P<UTOERIKSSON<<ANNA<MARIA|x|y', 'qr.notCitizenId', /nước ngoài/);
  assertRefused('00109012345|x|Nguyễn Văn A', 'qr.notCitizenId', /không phải mã QR/);
  assertRefused('WIFI:S:office;T:WPA;P:secret;;', 'qr.notCitizenId', /không phải mã QR/);
});

test('controls, bidi overrides and invisible characters in a field refuse the QR, naming the field and the code point', () => {
  const cases: [string, RegExp, RegExp][] = [
    [SAMPLE.replace('Nguyễn Văn A', 'Nguyễn\u0000 Văn A'), /họ và tên chứa ký tự điều khiển U\+0000/i, /full name contains the control character U\+0000/],
    [SAMPLE.replace('Nguyễn Văn A', 'Nguyễn Văn A\u0007'), /U\+0007/, /U\+0007/],
    [
      SAMPLE.replace('Nguyễn Văn A', '\u202eA náV nễyugN'),
      /họ và tên chứa ký tự điều khiển chiều văn bản \(bidi\) U\+202E/i,
      /bidirectional control character U\+202E/,
    ],
    [SAMPLE.replace('Thôn 1', 'Thôn \u20661\u2069'), /nơi thường trú chứa .* U\+2066/i, /permanent address contains .* U\+2066/],
    [SAMPLE.replace('Thôn 1', 'Thôn\u200f 1'), /U\+200F/, /U\+200F/],
    [SAMPLE.replace('Nguyễn Văn A', 'Nguyễn\tVăn A'), /U\+0009/, /U\+0009/],
    [SAMPLE.replace('Nguyễn Văn A', '\u3164'), /ký tự vô hình U\+3164/, /invisible character U\+3164/],
  ];
  for (const [text, vi, en] of cases) {
    assert.throws(
      () => read(text),
      (e: unknown) => isDeskError(e) && e.code === 'qr.forbiddenCharacter' && vi.test(e.text.vi) && en.test(e.text.en),
      JSON.stringify(text),
    );
  }
});

test('a name of blanks only is a missing name, never a blank one', () => {
  const r = read(SAMPLE.replace('Nguyễn Văn A', ' \u00a0\u2003 '));
  assert.equal(r.fields.fullName, '');
  assert.deepEqual(codes(SAMPLE.replace('Nguyễn Văn A', ' \u00a0\u2003 ')), ['qr.fieldMissing']);
});

test('a scan cut short is refused, naming what is missing; a whole scan reads as parseCccdQr does', () => {
  const at = { now };
  assert.deepEqual(parseScannedCccdQr(SAMPLE, at), read(SAMPLE));
  assert.equal(parseScannedCccdQr('079305000123||B|31122005|Nu||', at).fields.address, null, 'empty fields are the card, not the scan');
  assert.throws(
    () => parseScannedCccdQr(SAMPLE.slice(0, SAMPLE.indexOf('|Nam|') + 4), at),
    (e: unknown) =>
      isDeskError(e) &&
      e.code === 'qr.truncated' &&
      /5\/7 trường, thiếu nơi thường trú, ngày cấp/.test(e.text.vi) &&
      /5 of 7 fields.*permanent address, issue date missing/.test(e.text.en),
  );
  assert.throws(
    () => parseScannedCccdQr('001090123456|012345678|Nguyễn Văn', at),
    (e: unknown) => isDeskError(e) && e.code === 'qr.truncated',
  );
  // What is not a card at all is named as such, not as truncated.
  assert.throws(
    () => parseScannedCccdQr('012345678|Nguyễn Văn A', at),
    (e: unknown) => isDeskError(e) && e.code === 'qr.oldCard',
  );
});
