import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDigitisation, digitisationProblems, fieldSetSchema, stillReusable, BUNDLED_FIELD_SET, type DigitisationInput } from './metadata.ts';
import { isDeskError } from '../errors.ts';

const TODAY = '2026-12-07';
const good: DigitisationInput = {
  documentType: 'Giấy khai sinh',
  number: '123/2020/KS',
  issuedOn: '2020-05-12',
  issuer: 'UBND Phường Hai Bà Trưng',
  summary: '',
  validUntil: '',
  reusable: true,
  owner: 'applicant',
};
const ctx = {
  today: TODAY,
  at: '2026-12-07T09:00:00+07:00',
  officerId: 'o1',
  procedureCode: '1.001193',
  specId: 'giay-to-tuy-than',
  applicant: { fullName: 'Nguyễn Văn An', idNumber: '001090123456' },
};

test('the bundled field set names its source and check date, and requires type, number, issue date and issuer', () => {
  assert.equal(BUNDLED_FIELD_SET.source.checked, '2026-12-07');
  assert.match(BUNDLED_FIELD_SET.source.law, /TT 01\/2023\/TT-VPCP/);
  assert.deepEqual(
    BUNDLED_FIELD_SET.fields.filter((f) => f.required).map((f) => f.key),
    ['documentType', 'number', 'issuedOn', 'issuer'],
  );
});

test('a complete entry builds the metadata with its owner taken from the dossier', () => {
  const d = buildDigitisation(good, ctx);
  assert.equal(d.fieldSet, BUNDLED_FIELD_SET.version);
  assert.deepEqual(d.owner, { role: 'applicant', fullName: 'Nguyễn Văn An', idNumber: '001090123456' });
  assert.equal(d.validUntil, undefined);
  assert.equal(d.summary, undefined);
});

test('an issue date in the future is refused beside the field, in both languages', () => {
  const problems = digitisationProblems({ ...good, issuedOn: '2026-12-08' }, TODAY);
  assert.match(problems.issuedOn?.vi ?? '', /Ngày cấp không được ở sau hôm nay \(07\/12\/2026\)/);
  assert.match(problems.issuedOn?.en ?? '', /issue date cannot be after today/);
  assert.throws(
    () => buildDigitisation({ ...good, issuedOn: '2027-01-01' }, ctx),
    (e) => isDeskError(e) && e.code === 'digitisation-invalid',
  );
});

test('a validity end before the issue date is refused on the validity field', () => {
  const problems = digitisationProblems({ ...good, validUntil: '2020-05-11' }, TODAY);
  assert.deepEqual(Object.keys(problems), ['validUntil']);
  assert.match(problems.validUntil?.vi ?? '', /ở trước ngày cấp \(12\/05\/2020\)/);
});

test('a required field left empty is named; an optional one is not', () => {
  const problems = digitisationProblems({ ...good, number: ' ', issuer: '' }, TODAY);
  assert.deepEqual(Object.keys(problems).sort(), ['issuer', 'number']);
  assert.match(problems.number?.vi ?? '', /Cần nhập số, ký hiệu/);
});

test('the field set is data: a version that makes the summary required asks for it', () => {
  const stricter = fieldSetSchema.parse({
    ...BUNDLED_FIELD_SET,
    version: 'test',
    fields: BUNDLED_FIELD_SET.fields.map((f) => (f.key === 'summary' ? { ...f, required: true } : f)),
  });
  assert.ok(digitisationProblems(good, TODAY, stricter).summary);
  assert.equal(buildDigitisation({ ...good, summary: 'Khai sinh' }, { ...ctx, fieldSet: stricter }).fieldSet, 'test');
});

test('a representative owner needs a representative on the dossier', () => {
  assert.throws(() => buildDigitisation({ ...good, owner: 'representative' }, ctx), /người nộp thay/);
  const d = buildDigitisation(
    { ...good, owner: 'representative' },
    { ...ctx, applicant: { ...ctx.applicant, representative: { fullName: 'Trần B', idNumber: '001 090 000 001' } } },
  );
  assert.deepEqual(d.owner, { role: 'representative', fullName: 'Trần B', idNumber: '001090000001' });
});

test('offered again only while reusable and valid: the last valid day included', () => {
  const d = buildDigitisation({ ...good, validUntil: TODAY }, ctx);
  assert.equal(stillReusable(d, TODAY), true);
  assert.equal(stillReusable(d, '2026-12-08'), false);
  assert.equal(stillReusable({ ...d, reusable: false }, TODAY), false);
  const { validUntil: _end, ...endless } = d;
  assert.equal(stillReusable(endless, '2099-01-01'), true);
});
