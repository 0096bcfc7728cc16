import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fill, fillSegments, formTemplateInForce, FORM_TEMPLATES, getFormTemplate } from './templates.ts';
import { isDeskError } from '#domain/errors.ts';
import { vietnamTimeFields } from './vietnam-time.ts';

test('the version in force follows the effective dates, in Vietnam time', () => {
  assert.equal(formTemplateInForce('2019-01-06').id, 'tt01-2018');
  assert.equal(formTemplateInForce('2025-09-14').id, 'tt01-2018');
  assert.equal(formTemplateInForce('2025-09-15').id, 'tt03-2025');
  assert.equal(formTemplateInForce('2026-11-23T14:05:00+07:00').id, 'tt03-2025');
  // 17:30 UTC on the 14th is already 00:30 on the 15th in Hà Nội.
  assert.equal(formTemplateInForce('2025-09-14T17:30:00Z').id, 'tt03-2025');
  assert.equal(formTemplateInForce('2025-09-14T16:30:00Z').id, 'tt01-2018');
});

test('before the first version there is no template, said in both languages', () => {
  assert.throws(
    () => formTemplateInForce('2018-12-31'),
    (e: unknown) => isDeskError(e) && e.code === 'form.no-template' && /2018-12-31/.test(e.text.vi) && /2018-12-31/.test(e.text.en),
  );
});

test('templates are listed oldest first with unique ids, and each receipt has two copies', () => {
  const dates = FORM_TEMPLATES.map((t) => t.effectiveFrom);
  assert.deepEqual(dates, [...dates].sort());
  assert.equal(new Set(FORM_TEMPLATES.map((t) => t.id)).size, FORM_TEMPLATES.length);
  for (const t of FORM_TEMPLATES) assert.equal(t.receipt.copies.length, 2);
  assert.deepEqual(getFormTemplate('tt03-2025').receipt.copies, ['(Liên 1: Lưu)', '(Liên 2: Giao người nộp hồ sơ)']);
});

test('unknown versions are refused, listing the known ones', () => {
  assert.throws(
    () => getFormTemplate('tt01-2019'),
    (e: unknown) => isDeskError(e) && e.code === 'form.unknown-template' && /tt03-2025/.test(e.text.en),
  );
});

test('fill substitutes values and leaves a dotted blank for missing ones', () => {
  assert.equal(fill('Quyển số: {book}, Số thứ tự: {sequence}', { book: '03', sequence: 7 }, '…'), 'Quyển số: 03, Số thứ tự: 7');
  assert.equal(fill('Email: {email}', { email: '' }, '……'), 'Email: ……');
  assert.equal(fill('Email: {email}', {}, '……'), 'Email: ……');
  assert.deepEqual(fillSegments('Mã hồ sơ: {code}.', { code: 'X-1' }, '…'), [{ text: 'Mã hồ sơ: ' }, { text: 'X-1', key: 'code' }, { text: '.' }]);
});

test('clock and date lines use the wall time at UTC+7 and NĐ 30/2020 month style', () => {
  const t = getFormTemplate('tt03-2025');
  const at = (iso: string) => vietnamTimeFields(iso);
  assert.equal(fill(t.clockDate, at('2026-11-23T07:05:00Z'), t.blank), '14 giờ 05 phút, ngày 23/11/2026');
  assert.equal(fill(t.clockDate, at('2026-12-31T17:00:00Z'), t.blank), '00 giờ 00 phút, ngày 01/01/2027');
  const line = (iso: string) => fill(t.dateLine, { place: 'Phường Ba Đình', ...at(iso) }, t.blank);
  assert.equal(line('2026-02-05T09:00:00+07:00'), 'Phường Ba Đình, ngày 05 tháng 02 năm 2026');
  assert.equal(line('2026-03-05T09:00:00+07:00'), 'Phường Ba Đình, ngày 05 tháng 3 năm 2026');
  assert.equal(fill(t.dateLine, { place: '', ...at('2026-11-23T09:00:00+07:00') }, t.blank), '……………, ngày 23 tháng 11 năm 2026');
});

test('an unparseable time is a DeskError, not a form dated NaN', () => {
  assert.throws(
    () => vietnamTimeFields('hôm qua'),
    (e: unknown) => isDeskError(e) && e.code === 'form.bad-time',
  );
});

test('every version names and numbers the apology and the tracking book, with fourteen distinct column labels', () => {
  for (const t of FORM_TEMPLATES) {
    assert.match(t.apology.formNumber, /^Mẫu số \d{2}$/);
    assert.match(t.ledger.formNumber, /^Mẫu số \d{2}$/);
    assert.match(t.apology.number, /\{number\}\/PXL/);
    assert.ok(t.apology.title && t.ledger.title && t.ledger.overdue && t.ledger.empty);
    const labels = Object.values(t.ledger.columns);
    assert.equal(labels.length, 14);
    assert.equal(new Set(labels).size, 14);
    assert.ok(labels.every((l) => l.trim() !== ''));
  }
  // TT 03/2025 renumbers the book after inserting a form before it [S].
  assert.equal(getFormTemplate('tt01-2018').ledger.formNumber, 'Mẫu số 06');
  assert.equal(getFormTemplate('tt03-2025').ledger.formNumber, 'Mẫu số 07');
});

test('each version lists its forms 01… in order, and the numbers printed on the forms agree with the list', () => {
  for (const t of FORM_TEMPLATES) {
    assert.deepEqual(
      t.forms.map((f) => f.number),
      t.forms.map((_, i) => String(i + 1).padStart(2, '0')),
      t.id,
    );
    assert.equal(new Set(t.forms.map((f) => f.kind)).size, t.forms.length, t.id);
    assert.ok(t.forms.every((f) => f.name.vi.trim() && f.name.en.trim()));
    const numberOf = (kind: string) => `Mẫu số ${t.forms.find((f) => f.kind === kind)?.number}`;
    assert.equal(t.apology.formNumber, numberOf('apology'), t.id);
    assert.equal(t.control.formNumber, numberOf('control'), t.id);
    assert.equal(t.ledger.formNumber, numberOf('ledger'), t.id);
    assert.equal(t.stop?.formNumber, t.stop ? numberOf('stop') : undefined, t.id);
  }
  // TT 03/2025 Phụ lục I has seven forms; TT 01/2018 had six and no stop notice [S].
  assert.equal(getFormTemplate('tt03-2025').forms.length, 7);
  assert.equal(getFormTemplate('tt01-2018').forms.length, 6);
  assert.equal(getFormTemplate('tt01-2018').stop, undefined);
});
