import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '../errors.ts';
import { computeAppointment, type AppointmentRequest } from './appointment.ts';
import { VN_RULES } from './rules.ts';

const appointment = (receivedAt: string, processingHours: number, extra: Partial<AppointmentRequest> = {}) =>
  computeAppointment({ receivedAt, processingHours, rules: VN_RULES, ...extra });

// 2 March 2026 is a Monday with no holiday that week.

test('one working day from Monday opening ends Monday at closing, not Tuesday morning', () => {
  assert.equal(appointment('2026-03-02T07:30:00+07:00', 8), '2026-03-02T17:30:00+07:00');
});

test('one working day from Monday 09:00 is Tuesday 09:00', () => {
  assert.equal(appointment('2026-03-02T09:00:00+07:00', 8), '2026-03-03T09:00:00+07:00');
});

test('same day (0 hours): due at the closing of the day of receipt, not at the receipt instant', () => {
  assert.equal(appointment('2026-12-07T07:42:00+07:00', 0, { cutoff: '15:00' }), '2026-12-07T17:30:00+07:00'); // Monday
  assert.equal(appointment('2026-03-02T15:00:00+07:00', 0, { cutoff: '15:00' }), '2026-03-02T17:30:00+07:00'); // at the cut-off
  assert.equal(appointment('2026-03-02T12:10:00+07:00', 0), '2026-03-02T17:30:00+07:00'); // lunch break
  assert.equal(appointment('2026-03-02T03:27:00+07:00', 0), '2026-03-02T17:30:00+07:00'); // before opening
  assert.equal(appointment('2026-03-02T17:00:00+07:00', 0), '2026-03-02T17:30:00+07:00'); // no cut-off: closing only
});

test('same day received after the cut-off or closing: due at the end of the next working day', () => {
  const cutoff = '15:00';
  assert.equal(appointment('2026-12-07T15:30:00+07:00', 0, { cutoff }), '2026-12-08T17:30:00+07:00'); // Monday → Tuesday
  assert.equal(appointment('2026-03-06T15:30:00+07:00', 0, { cutoff }), '2026-03-09T17:30:00+07:00'); // Friday → Monday
  assert.equal(appointment('2026-03-02T17:30:00+07:00', 0), '2026-03-03T17:30:00+07:00'); // at closing
  assert.equal(appointment('2026-03-02T16:45:00+07:00', 0, { cutoff: '16:00' }), '2026-03-03T17:30:00+07:00');
});

test('same day received on a non-working day: due at the end of the next working day', () => {
  assert.equal(appointment('2026-03-07T10:00:00+07:00', 0, { cutoff: '15:00' }), '2026-03-09T17:30:00+07:00'); // Saturday → Monday
  assert.equal(appointment('2026-02-18T09:00:00+07:00', 0, { cutoff: '15:00' }), '2026-02-23T17:30:00+07:00'); // during Tết
  // Wednesday 29 April after the cut-off: 30/4 and 1/5 off, then the weekend.
  assert.equal(appointment('2026-04-29T15:30:00+07:00', 0, { cutoff: '15:00' }), '2026-05-04T17:30:00+07:00');
  // Friday 9 January after the cut-off: Saturday 10 January is worked (New Year make-up).
  assert.equal(appointment('2026-01-09T15:30:00+07:00', 0, { cutoff: '15:00' }), '2026-01-10T17:30:00+07:00');
});

test('same day follows the office hours: closing is the end of the afternoon period', () => {
  const officeHours = { morning: { start: '07:00', end: '11:00' }, afternoon: { start: '13:00', end: '17:00' } };
  assert.equal(appointment('2026-12-07T07:42:00+07:00', 0, { officeHours, cutoff: '15:00' }), '2026-12-07T17:00:00+07:00');
  assert.equal(appointment('2026-12-07T17:00:00+07:00', 0, { officeHours }), '2026-12-08T17:00:00+07:00');
});

test('working hours end inside office periods: 4 hours from 16:00 is the next morning', () => {
  assert.equal(appointment('2026-03-02T16:00:00+07:00', 4), '2026-03-03T10:00:00+07:00'); // 1.5 h today + 2.5 h tomorrow
  assert.equal(appointment('2026-03-06T16:00:00+07:00', 4), '2026-03-09T10:00:00+07:00'); // Friday → Monday
  assert.equal(appointment('2026-04-29T16:00:00+07:00', 4), '2026-05-04T10:00:00+07:00'); // across 30/4–1/5
  assert.equal(appointment('2026-03-02T09:30:00+07:00', 2), '2026-03-02T11:30:00+07:00'); // ends at noon, not at 13:30
  assert.equal(appointment('2026-03-02T16:00:00+07:00', 4, { cutoff: '15:00' }), '2026-03-03T11:30:00+07:00'); // after the cut-off
});

test('half days: 4 hours from the opening is the end of the morning; 12 hours is the next noon', () => {
  assert.equal(appointment('2026-03-02T07:30:00+07:00', 4), '2026-03-02T11:30:00+07:00');
  assert.equal(appointment('2026-03-02T07:30:00+07:00', 12), '2026-03-03T11:30:00+07:00');
  assert.equal(appointment('2026-03-02T10:30:00+07:00', 4), '2026-03-02T16:30:00+07:00'); // 1 h morning + 3 h afternoon
});

test('cut-off: receipt after it counts from the next working day; at or before it, the same day', () => {
  const cutoff = '15:00';
  assert.equal(appointment('2026-03-02T15:30:00+07:00', 8, { cutoff }), '2026-03-03T17:30:00+07:00');
  assert.equal(appointment('2026-03-02T15:00:00+07:00', 8, { cutoff }), '2026-03-03T15:00:00+07:00');
  assert.equal(appointment('2026-03-02T14:30:00+07:00', 8, { cutoff }), '2026-03-03T14:30:00+07:00');
  // Without a cut-off the remaining afternoon counts.
  assert.equal(appointment('2026-03-02T15:30:00+07:00', 8), '2026-03-03T15:30:00+07:00');
});

test('receipt outside office periods starts at the next period', () => {
  assert.equal(appointment('2026-03-02T06:45:00+07:00', 8), '2026-03-02T17:30:00+07:00'); // before opening
  assert.equal(appointment('2026-03-02T12:00:00+07:00', 4), '2026-03-02T17:30:00+07:00'); // lunch
  assert.equal(appointment('2026-03-02T18:00:00+07:00', 4), '2026-03-03T11:30:00+07:00'); // after closing
});

test('receipt on a non-working day starts at the next working day', () => {
  assert.equal(appointment('2026-03-07T10:00:00+07:00', 8), '2026-03-09T17:30:00+07:00'); // Saturday → Monday
  assert.equal(appointment('2026-02-18T09:00:00+07:00', 4), '2026-02-23T11:30:00+07:00'); // during Tết
});

test('weekends, holidays and make-up Saturdays are respected', () => {
  assert.equal(appointment('2026-03-06T09:00:00+07:00', 8), '2026-03-09T09:00:00+07:00'); // Friday → Monday
  assert.equal(appointment('2026-01-09T09:00:00+07:00', 8), '2026-01-10T09:00:00+07:00'); // Saturday 10 Jan is worked
  assert.equal(appointment('2025-12-31T16:00:00+07:00', 16, { cutoff: '15:00' }), '2026-01-06T17:30:00+07:00');
  assert.equal(appointment('2026-02-13T10:00:00+07:00', 8), '2026-02-23T10:00:00+07:00'); // across Tết 2026
  // Fri 24 April + 3 days: weekend, Mon 27 (Hùng Kings in lieu), Tue 28, Wed 29, then 30/4–1/5 off.
  assert.equal(appointment('2026-04-24T09:00:00+07:00', 24), '2026-05-04T09:00:00+07:00');
  assert.equal(appointment('2026-03-02T09:00:00+07:00', 15 * 8), '2026-03-23T09:00:00+07:00'); // 15 working days
});

test('times are desk times (UTC+7) whatever the offset of the input', () => {
  assert.equal(appointment('2026-03-02T02:00:00Z', 4), '2026-03-02T15:00:00+07:00');
  assert.equal(appointment('2026-03-01T21:00:00-05:00', 4), '2026-03-02T15:00:00+07:00');
  assert.equal(appointment('2026-03-02T09:00+07:00', 8), '2026-03-03T09:00:00+07:00');
});

test('office hours are parameters; a day of other length still counts as one working day', () => {
  const officeHours = { morning: { start: '07:00', end: '11:00' }, afternoon: { start: '13:00', end: '16:30' } };
  assert.equal(appointment('2026-03-02T07:00:00+07:00', 8, { officeHours }), '2026-03-02T16:30:00+07:00');
  assert.equal(appointment('2026-03-02T09:00:00+07:00', 8, { officeHours }), '2026-03-03T09:00:00+07:00');
  // 7.5 office hours a day: half a day is 3 h 45 min of clock time.
  assert.equal(appointment('2026-03-02T07:00:00+07:00', 4, { officeHours }), '2026-03-02T10:45:00+07:00');
});

test('bad input is refused in both languages', () => {
  const refused = (f: () => unknown) =>
    assert.throws(f, (e) => isDeskError(e) && e.code === 'appointment.bad-input' && e.text.vi.length > 0 && e.text.en.length > 0);
  refused(() => appointment('2026-03-02T09:00:00', 8)); // no offset
  refused(() => appointment('2026-02-30T09:00:00+07:00', 8));
  refused(() => appointment('2026-03-02T09:00:00+07:00', -1));
  refused(() => appointment('2026-03-02T09:00:00+07:00', Number.NaN));
  refused(() => appointment('2026-03-02T09:00:00+07:00', 8, { cutoff: '3pm' }));
  refused(() =>
    appointment('2026-03-02T09:00:00+07:00', 8, { officeHours: { morning: { start: '11:30', end: '07:30' }, afternoon: { start: '13:30', end: '17:30' } } }),
  );
});

test('100 000 appointments take well under a few seconds', () => {
  const started = performance.now();
  for (let i = 0; i < 100_000; i++) {
    appointment(`2026-${String((i % 12) + 1).padStart(2, '0')}-15T09:00:00+07:00`, 8 * ((i % 20) + 1), { cutoff: '15:00' });
  }
  assert.ok(performance.now() - started < 5000);
});
