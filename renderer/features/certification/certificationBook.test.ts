// The book on a desk's database: numbers in one transaction with the state, a peek that was
// overtaken refused, a restart going on from the stored state, two desks never the same number,
// refusals with the law's reason, the book for a period in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeskError } from '#domain/errors.ts';
import { FETCH_CODE_PATTERN } from '#domain/certification/fetchCode.ts';
import { openTestDb, officeSettings, deskInstant } from '#renderer/test-support/desk.ts';
import { bookForPeriod, peekBookNumber, recordCertified, recordRefusal } from './certificationBook.ts';

const entry = { document: 'Bằng tốt nghiệp', pages: 3, fee: 5000, sha256: 'ab'.repeat(32) };

test('each copy takes the next number with its state and audit; an overtaken peek is refused and uses nothing', async () => {
  const db = openTestDb('cert-book');
  const settings = officeSettings();
  const now = deskInstant('2026-12-07', '09:00');
  const first = await peekBookNumber(db, settings, now);
  const overtaken = await peekBookNumber(db, settings, now);
  await recordCertified(db, settings, first, entry, 'officer-1', now);
  await assert.rejects(
    recordCertified(db, settings, overtaken, entry, 'officer-1', now),
    (e: unknown) => e instanceof DeskError && e.code === 'certification.bookMoved' && /số 2/.test(e.text.vi),
  );
  const second = await peekBookNumber(db, settings, now);
  await recordCertified(db, settings, second, entry, 'officer-1', now);
  const rows = await bookForPeriod(db, '2026-12-07', '2026-12-07');
  assert.deepEqual(
    rows.map((r) => r.number),
    [1, 2],
  );
  assert.equal((await db.audit.filter((a) => a.action === 'sign').toArray()).length, 2);
  db.close();
});

test('a write that fails half-way leaves neither the entry nor the state: the next copy gets the same number, never a gap', async () => {
  const db = openTestDb('cert-crash');
  const settings = officeSettings();
  const now = deskInstant('2026-12-07', '10:00');
  const peeked = await peekBookNumber(db, settings, now);
  // The last write of the transaction fails, as a crash would cut it short: everything rolls back.
  const add = db.audit.add.bind(db.audit);
  db.audit.add = (() => Promise.reject(new Error('power cut'))) as unknown as typeof db.audit.add;
  await assert.rejects(recordCertified(db, settings, peeked, entry, 'officer-1', now), /power cut/);
  db.audit.add = add;
  assert.equal(await db.settings.get('certificationBook'), undefined);
  assert.equal(await db.certifications.count(), 0);
  assert.equal((await peekBookNumber(db, settings, now)).number, 1);
  db.close();
});

test('two desks of one office never give the same number; the period lists refusals with their reason', async () => {
  const [a, b] = [openTestDb('cert-desk-a'), openTestDb('cert-desk-b')];
  const [sa, sb] = [officeSettings({ deskCount: 2, deskNumber: 1 }), officeSettings({ deskCount: 2, deskNumber: 2 })];
  const numbers: number[] = [];
  for (let i = 0; i < 4; i++) {
    const now = deskInstant('2026-12-07', `1${i}:00`);
    for (const [db, s] of [
      [a, sa],
      [b, sb],
    ] as const) {
      numbers.push((await recordCertified(db, s, await peekBookNumber(db, s, now), entry, 'o', now)).number!);
    }
  }
  assert.equal(new Set(numbers).size, 8);
  await recordRefusal(a, 'unreadable', 'Giấy khai sinh', 'o', deskInstant('2026-12-08', '08:00'));
  await assert.rejects(recordRefusal(a, 'ugly', 'Giấy khai sinh', 'o'), { code: 'certification.unknownRefusal' });
  const eighth = await bookForPeriod(a, '2026-12-08', '2026-12-08');
  assert.deepEqual(
    eighth.map((r) => [r.kind, r.reason, r.number]),
    [['refused', 'unreadable', undefined]],
  );
  a.close();
  b.close();
});

test('a desk renumbered in Settings mid-year goes on in its share until 1 January, then takes the new one', async () => {
  const db = openTestDb('cert-renumbered');
  const before = officeSettings({ deskCount: 2, deskNumber: 1 });
  const june = deskInstant('2026-06-01', '09:00');
  await recordCertified(db, before, await peekBookNumber(db, before, june), entry, 'o', june);
  const after = officeSettings({ deskCount: 3, deskNumber: 3 });
  const july = deskInstant('2026-07-01', '09:00');
  const second = await recordCertified(db, after, await peekBookNumber(db, after, july), entry, 'o', july);
  assert.equal(second.number, 3, 'still desk 1 of 2 in 2026: 1, 3');
  const january = deskInstant('2027-01-02', '09:00');
  const third = await recordCertified(db, after, await peekBookNumber(db, after, january), entry, 'o', january);
  assert.deepEqual([third.year, third.number], [2027, 3], 'desk 3 of 3 from 2027');
  db.close();
});

test('each copy gets its own fetch code in the write that numbers it; a write cut short keeps none', async () => {
  const db = openTestDb('cert-fetch-code');
  const settings = officeSettings();
  const now = deskInstant('2026-12-07', '11:00');
  const first = await recordCertified(db, settings, await peekBookNumber(db, settings, now), entry, 'officer-1', now);
  const second = await recordCertified(db, settings, await peekBookNumber(db, settings, now), entry, 'officer-1', now);
  assert.match(first.fetchCode ?? '', FETCH_CODE_PATTERN);
  assert.notEqual(first.fetchCode, second.fetchCode);
  assert.equal((await db.certifications.get(first.id))?.fetchCode, first.fetchCode);
  const add = db.audit.add.bind(db.audit);
  db.audit.add = (() => Promise.reject(new Error('power cut'))) as unknown as typeof db.audit.add;
  await assert.rejects(recordCertified(db, settings, await peekBookNumber(db, settings, now), entry, 'officer-1', now), /power cut/);
  db.audit.add = add;
  assert.deepEqual((await db.certifications.toArray()).map((r) => r.fetchCode).sort(), [first.fetchCode, second.fetchCode].sort());
  // Refusals take no number and give nothing to fetch.
  assert.equal((await recordRefusal(db, 'altered', 'Giấy tờ bị sửa', 'officer-1', now)).fetchCode, undefined);
  db.close();
});
