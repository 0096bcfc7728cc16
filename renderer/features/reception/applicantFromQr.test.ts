// What a scan does to the applicant block: a card fills it and keeps what the card does not
// carry; anything else fills nothing and says why in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeskError } from '#domain/errors.ts';
import type { Applicant } from '#domain/model.ts';
import { applicantFromQr } from './applicantFromQr.ts';

const QR = '001090123456|012345678|Nguyễn Văn An|01011990|Nam|Số 5, ngõ 12 phố Huế, Hà Nội|15042021';
const typed: Applicant = { fullName: 'Lê Thị Cúc', idNumber: '', dateOfBirth: '', gender: 'female', address: '', phone: '0912345678', email: '' };

test('a whole card fills the block and keeps the phone the officer typed', () => {
  const fill = applicantFromQr({ kind: 'scan', text: QR }, typed);
  assert.equal(fill.notice.kind, 'ok');
  assert.deepEqual(fill.applicant, {
    ...typed,
    fullName: 'Nguyễn Văn An',
    idNumber: '001090123456',
    dateOfBirth: '1990-01-01',
    gender: 'male',
    address: 'Số 5, ngõ 12 phố Huế, Hà Nội',
  });
});

test('bad input fills nothing and says why, Vietnamese first', () => {
  const cases: [string, RegExp, RegExp][] = [
    ['012345678|Nguyễn Văn An|01011990', /CMND 9 số/, /old 9-digit CMND/],
    ['P<UTOERIKSSON<<ANNA<MARIA|L898902C3|UTO', /không phải mã QR/, /not the QR/],
    [QR.slice(0, 40), /cắt ngắn/, /cut short/],
  ];
  for (const [text, vi, en] of cases) {
    const fill = applicantFromQr({ kind: 'scan', text }, typed);
    assert.equal(fill.applicant, null, text);
    assert.equal(fill.notice.kind, 'error');
    assert.match(fill.notice.text.vi, vi);
    assert.match(fill.notice.text.en, en);
  }
  const refused = applicantFromQr({ kind: 'refused', error: new DeskError('qr.pasted', { vi: 'Không dán', en: 'Not pasted' }) }, typed);
  assert.deepEqual(refused, { applicant: null, notice: { kind: 'error', text: { vi: 'Không dán', en: 'Not pasted' } } });
});
