import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '../errors.ts';
import { deskDay, isCalendarDay, nextDay } from './calendarDay.ts';

test('midnight at UTC+7: 23:59:59+07:00 and 00:00:00+07:00 are different days', () => {
  assert.equal(deskDay(new Date('2026-11-22T23:59:59+07:00')), '2026-11-22');
  assert.equal(deskDay(new Date('2026-11-23T00:00:00+07:00')), '2026-11-23');
});

test('the same midnight seen in UTC: 16:59:59Z vs 17:00:00Z', () => {
  assert.equal(deskDay(new Date('2026-11-22T16:59:59Z')), '2026-11-22');
  assert.equal(deskDay(new Date('2026-11-22T17:00:00Z')), '2026-11-23');
  assert.equal(deskDay(new Date('2026-12-31T17:00:00Z')), '2027-01-01');
});

test('the machine time zone does not move midnight', () => {
  const saved = process.env.TZ;
  try {
    for (const tz of ['America/Los_Angeles', 'Europe/London', 'Pacific/Kiritimati', 'UTC']) {
      process.env.TZ = tz;
      assert.equal(deskDay(new Date('2026-11-22T16:59:59Z')), '2026-11-22', tz);
      assert.equal(deskDay(new Date('2026-11-22T17:00:00Z')), '2026-11-23', tz);
    }
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

test('an invalid Date is refused rather than printed as NaN', () => {
  assert.throws(
    () => deskDay(new Date('not a date')),
    (e) => isDeskError(e) && e.code === 'time.invalid',
  );
});

test('calendar days', () => {
  assert.ok(isCalendarDay('2024-02-29'));
  assert.ok(!isCalendarDay('2026-02-29'));
  assert.ok(!isCalendarDay('2026-13-01'));
  assert.ok(!isCalendarDay('26-11-22'));
  assert.equal(nextDay('2026-12-31'), '2027-01-01');
  assert.equal(nextDay('2024-02-28'), '2024-02-29');
});
