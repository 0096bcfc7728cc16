import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDate, readDateTime, readTime } from './dateInput.ts';
import { formatDeskDate, formatDeskDateTime } from './deskTime.ts';

const iso = (typed: string, options?: { notAfter?: string }) => {
  const r = readDate(typed, options);
  return r.kind === 'date' ? r.iso : r.kind;
};
const problem = (r: ReturnType<typeof readDate> | ReturnType<typeof readTime>) => {
  assert.equal(r.kind, 'problem');
  assert.ok(r.kind === 'problem' && r.problem.vi.length > 0 && r.problem.en.length > 0, 'in both languages');
  return r.kind === 'problem' ? r.problem : { vi: '', en: '' };
};

test('the ways an officer types 12 May 1985 all read day first', () => {
  for (const typed of ['12051985', '12/05/1985', '12-5-1985', '12.5.1985', '12/5/1985', ' 12 / 05 / 1985 ', '12 5 1985', '1985-05-12']) {
    assert.equal(iso(typed), '1985-05-12', typed);
  }
  assert.equal(iso('1/2/2003'), '2003-02-01', 'day first, never month first');
  assert.equal(iso(''), 'empty');
  assert.equal(iso('   '), 'empty');
});

test('only real calendar dates pass', () => {
  assert.equal(iso('29/02/2024'), '2024-02-29');
  assert.equal(iso('29/02/2000'), '2000-02-29');
  assert.match(problem(readDate('29/02/2023')).vi, /Không có ngày 29\/02\/2023/);
  assert.match(problem(readDate('29/02/1900')).en, /29\/02\/1900 is not a date/);
  assert.match(problem(readDate('31/04/1985')).vi, /31\/04\/1985/);
  assert.match(problem(readDate('05/13/1985')).vi, /Không có ngày 05\/13\/1985/, 'a US-order date with a day over 12 is refused, not swapped');
  assert.match(problem(readDate('00/05/1985')).vi, /Không có ngày/);
});

test('shapes the desk cannot read are refused with the format it wants', () => {
  for (const typed of ['12 tháng 5', 'abc', '1205198', '12/05', '12//05/1985', '123/05/1985']) {
    assert.match(problem(readDate(typed)).vi, /ngày\/tháng\/năm/, typed);
  }
  assert.match(problem(readDate('120585')).vi, /4 chữ số/, 'a two-digit year is asked for in full');
  assert.match(problem(readDate('12/05/85')).en, /all 4 digits/);
  assert.match(problem(readDate('12/05/1885')).vi, /1900–2199/);
});

test('a date after the limit (a birth date after today) is refused', () => {
  assert.equal(iso('07/12/2026', { notAfter: '2026-12-07' }), '2026-12-07');
  const p = problem(readDate('08/12/2026', { notAfter: '2026-12-07' }));
  assert.equal(p.vi, 'Ngày 08/12/2026 ở sau hôm nay (07/12/2026).');
  assert.equal(p.en, '08/12/2026 is after today (07/12/2026).');
});

test('date and time: day first and 24-hour, stored as desk time', () => {
  for (const typed of ['12/05/2026 14:30', '12-5-2026 14:30', '12052026 1430', '120520261430', '12/05/2026, 14h30', '12.05.2026 14g30']) {
    const r = readDateTime(typed);
    assert.deepEqual(r, { kind: 'date', iso: '2026-05-12T14:30:00+07:00' }, typed);
  }
  assert.deepEqual(readDateTime('1/2/2027 9:05'), { kind: 'date', iso: '2027-02-01T09:05:00+07:00' });
  assert.deepEqual(readDateTime('15012027 930'), { kind: 'date', iso: '2027-01-15T09:30:00+07:00' });
  assert.match(problem(readDateTime('12 05 2026')).vi, /cả giờ/, 'a date alone, even with spaces, asks for the time');
  assert.deepEqual(readDateTime(''), { kind: 'empty' });
  assert.match(problem(readDateTime('12/05/2026')).vi, /cả giờ/);
  assert.match(problem(readDateTime('12/05/2026 24:00')).vi, /Không có giờ 24:00/);
  assert.match(problem(readDateTime('12/05/2026 2:30 PM')).vi, /24 giờ/);
  assert.match(problem(readDateTime('31/06/2026 09:00')).vi, /Không có ngày 31\/06\/2026/);
});

test('the screen shows dates dd/mm/yyyy and times 24-hour in desk time, whatever the machine', () => {
  assert.equal(formatDeskDate('1985-05-12'), '12/05/1985');
  assert.equal(formatDeskDate('2026-11-23T22:30:00Z'), '24/11/2026');
  assert.equal(formatDeskDateTime('2026-11-23T14:05:00+07:00'), '23/11/2026 14:05');
  assert.equal(formatDeskDateTime('2026-11-23T22:30:00Z'), '24/11/2026 05:30', 'a UTC instant is shown in Asia/Ho_Chi_Minh');
});

test('a time of day is read 24-hour, however it is typed', () => {
  const hhmm = (typed: string) => {
    const r = readTime(typed);
    return r.kind === 'time' ? r.hhmm : r.kind;
  };
  for (const typed of ['7:30', '07:30', '7h30', '730', '0730', '7.30', ' 7 : 30 ']) assert.equal(hhmm(typed), '07:30', typed);
  assert.equal(hhmm('16'), '16:00');
  assert.equal(hhmm('16h'), '16:00');
  assert.equal(hhmm('0000'), '00:00');
  assert.equal(hhmm(''), 'empty');
  assert.match(problem(readTime('24:00')).vi, /Không có giờ 24:00/);
  assert.match(problem(readTime('7:60')).en, /7:60 is not a time/);
  for (const typed of ['4:00 PM', 'abc', '12345', '7:3']) assert.match(problem(readTime(typed)).vi, /24 giờ/, typed);
});
