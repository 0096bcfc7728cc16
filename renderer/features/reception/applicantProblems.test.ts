import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Applicant } from '#domain/model.ts';
import { applicantProblems } from './applicantProblems.ts';

const now = new Date('2026-11-23T09:00:00+07:00');
const GOOD: Applicant = {
  fullName: 'Nguyễn Văn An',
  idNumber: '001090123456',
  dateOfBirth: '1990-01-01',
  gender: 'male',
  address: 'Số 5, ngõ 12 phố Huế, Hà Nội',
};

test('a well-typed applicant, NFD included, has no problems', () => {
  assert.deepEqual(applicantProblems(GOOD, now), {});
  assert.deepEqual(applicantProblems({ ...GOOD, fullName: GOOD.fullName.normalize('NFD') }, now), {});
});

test('a name or address that only looks filled in is a problem that names the field', () => {
  for (const blank of ['   ', '\u200b', '\u3164', '\u2800 ']) {
    const problems = applicantProblems({ ...GOOD, fullName: blank }, now);
    assert.ok(problems.fullName, JSON.stringify(blank));
    assert.match(problems.fullName.en, /full name/i);
  }
  assert.match(applicantProblems({ ...GOOD, address: '\u00a0\u200b' }, now).address?.vi ?? '', /Địa chỉ chứa ký tự vô hình U\+200B/);
});

test('controls and bidi overrides are refused with their code point', () => {
  assert.match(applicantProblems({ ...GOOD, fullName: 'Nguyễn\u0007 An' }, now).fullName?.en ?? '', /control character U\+0007/);
  assert.match(applicantProblems({ ...GOOD, address: 'Số 5 \u2066phố\u2069' }, now).address?.en ?? '', /bidirectional control character U\+2066/);
  const rep = applicantProblems({ ...GOOD, representative: { fullName: 'Lê\u202eB', idNumber: '001090123457' } }, now);
  assert.match(rep.representative?.vi ?? '', /Họ tên người nộp thay chứa .* U\+202E/);
});
