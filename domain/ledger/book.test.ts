// The tracking book's numbers: never the same across offline desks, a new book at midnight of
// 31 December desk time, a desk's share not changed within the year, the label as data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeskPartition } from '../dossierCode/allocator.ts';
import { bookLabelFor, checkBookLabel, ledgerPartitions, nextLedgerEntry, withBookLabel } from './book.ts';
import type { YearBookState } from './yearBook.ts';

const at = (iso: string) => new Date(iso);
const desk = (slot: number, slots = 2): DeskPartition[] => [{ from: '2000-01-01', slots, slot }];

test('two desks numbering offline never give one number twice, and each desk follows on in its own share', () => {
  const states: Array<YearBookState | null> = [null, null, null];
  const given: number[] = [];
  // Three desks of three slots, each accepting a different number of dossiers the same day.
  for (const [slot, count] of [
    [1, 5],
    [2, 2],
    [3, 4],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const { entry, state } = nextLedgerEntry(states[slot - 1]!, at(`2026-12-07T08:0${i}:00+07:00`), desk(slot, 3), undefined);
      states[slot - 1] = JSON.parse(JSON.stringify(state)) as YearBookState;
      given.push(entry.number);
      assert.equal(entry.year, 2026);
      assert.equal(entry.book, '01/2026');
    }
  }
  assert.equal(new Set(given).size, given.length, 'no number given twice');
  assert.deepEqual(given.slice(0, 5), [1, 4, 7, 10, 13], 'desk 1 of 3 issues 1, 4, 7 …');
  assert.deepEqual(given.slice(5, 7), [2, 5]);
  assert.deepEqual(given.slice(7), [3, 6, 9, 12]);
});

test('the book changes at midnight of 31 December desk time, not the machine’s', () => {
  const partitions = desk(2);
  const late = nextLedgerEntry(null, at('2026-12-31T23:59:59+07:00'), partitions, undefined);
  assert.deepEqual(late.entry, { book: '01/2026', year: 2026, number: 2 });
  const again = nextLedgerEntry(late.state, at('2026-12-31T16:59:59Z'), partitions, undefined);
  assert.deepEqual(again.entry, { book: '01/2026', year: 2026, number: 4 });
  // 17:00Z on 31 December is 00:00 on 1 January at UTC+7: the 2027 book starts again at the desk's first number.
  const next = nextLedgerEntry(again.state, at('2026-12-31T17:00:00Z'), partitions, { 2027: 'A/2027' });
  assert.deepEqual(next.entry, { book: 'A/2027', year: 2027, number: 2 });
  assert.throws(() => nextLedgerEntry(next.state, at('2026-12-31T16:00:00Z'), partitions, undefined), { code: 'ledger.clockBehind' });
});

test('a share changed within the year is refused; Settings schedule it from the next 1 January', () => {
  const issued = nextLedgerEntry(null, at('2026-03-02T08:00:00+07:00'), desk(1), undefined);
  const changed: DeskPartition[] = [{ from: '2000-01-01', slots: 3, slot: 1 }];
  assert.throws(
    () => nextLedgerEntry(issued.state, at('2026-03-02T09:00:00+07:00'), changed, undefined),
    (e: Error & { code?: string; text?: { vi: string } }) => {
      assert.equal(e.code, 'ledger.partitionChangedThisYear');
      assert.match(e.text?.vi ?? '', /Sổ theo dõi hồ sơ/);
      return true;
    },
  );
  // What the desk numbers with after Settings say "desk 1 of 3": the old share until 31 December.
  const scheduled = ledgerPartitions(desk(1), { slots: 3, slot: 1 }, at('2026-03-02T09:00:00+07:00'));
  assert.deepEqual(scheduled, [...desk(1), { from: '2027-01-01', slots: 3, slot: 1 }]);
  assert.equal(nextLedgerEntry(issued.state, at('2026-03-02T09:00:00+07:00'), scheduled, undefined).entry.number, 3);
  assert.equal(nextLedgerEntry(issued.state, at('2027-01-01T00:00:00+07:00'), scheduled, undefined).entry.number, 1);
  assert.throws(() => nextLedgerEntry(null, at('2026-01-01T08:00:00+07:00'), [{ from: '2000-01-01', slots: 2, slot: 3 }], undefined), {
    code: 'ledger.bookConfig',
  });
});

test('the book label: 01/<year> unless the administrator set one, this year or next only, printable and short', () => {
  assert.equal(bookLabelFor(undefined, 2027), '01/2027');
  const labels = withBookLabel(undefined, 2027, '  02/2027 ', 2026);
  assert.deepEqual(labels, { 2027: '02/2027' });
  assert.equal(bookLabelFor(labels, 2027), '02/2027');
  assert.equal(bookLabelFor(labels, 2026), '01/2026');
  assert.throws(() => withBookLabel(labels, 2025, '01/2025', 2026), { code: 'ledger.bookYear' });
  assert.throws(() => withBookLabel(labels, 2028, '01/2028', 2026), { code: 'ledger.bookYear' });
  assert.throws(() => checkBookLabel('   '), { code: 'ledger.bookLabel' });
  assert.throws(() => checkBookLabel('x'.repeat(21)), { code: 'ledger.bookLabel' });
  assert.throws(() => checkBookLabel('01\n2027'), { code: 'ledger.bookLabel' });
});
