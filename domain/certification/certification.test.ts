// The certification book, statement, fee and refusals: numbers that never repeat across
// offline desks or a restart, the statement's lines from the form data, TT 226/2016's tiers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DeskError } from '../errors.ts';
import { parseCatalog } from '../catalog/validate.ts';
import { nextBookNumber, scheduleBookPartition, type BookState } from './book.ts';
import { BUNDLED_REFUSALS, bookLabel, composeStatement, refusalReason } from './statement.ts';
import { certificationFee } from './fee.ts';

const at = (iso: string) => new Date(iso);

test('two offline desks number the same year without a collision, each without a gap of its own', () => {
  const desk = (slot: number) => [{ from: '2026-01-01', slots: 2, slot }];
  let a: BookState | null = null;
  let b: BookState | null = null;
  const issued: number[] = [];
  const byDesk: Record<string, number[]> = { a: [], b: [] };
  for (let i = 0; i < 50; i++) {
    const now = at(`2026-12-07T0${i % 10}:00:00+07:00`);
    const x = nextBookNumber(a, now, desk(1));
    a = x.state;
    issued.push(x.number);
    byDesk.a!.push(x.number);
    if (i % 3 === 0) {
      const y = nextBookNumber(b, now, desk(2));
      b = y.state;
      issued.push(y.number);
      byDesk.b!.push(y.number);
    }
  }
  assert.equal(new Set(issued).size, issued.length);
  assert.deepEqual(byDesk.a!.slice(0, 3), [1, 3, 5]);
  assert.deepEqual(byDesk.b!.slice(0, 3), [2, 4, 6]);
  for (const numbers of Object.values(byDesk)) numbers.forEach((n, i) => i > 0 && assert.equal(n - numbers[i - 1]!, 2));
});

test('a restart from the stored state goes on after the last number; a new year starts again at the slot', () => {
  const partitions = [{ from: '2026-01-01', slots: 3, slot: 2 }];
  const first = nextBookNumber(null, at('2026-12-31T16:00:00+07:00'), partitions);
  const stored: BookState = JSON.parse(JSON.stringify(first.state));
  const second = nextBookNumber(stored, at('2026-12-31T23:59:00+07:00'), partitions);
  assert.deepEqual([first.number, second.number], [2, 5]);
  // 17:00Z on 31 Dec is already 1 January at UTC+7: the 2027 book.
  const next = nextBookNumber(second.state, at('2026-12-31T17:00:00Z'), partitions);
  assert.deepEqual([next.year, next.number, next.day], [2027, 2, '2027-01-01']);
});

test('a clock moved back a year and a share changed in the year are refused, not guessed', () => {
  const partitions = [{ from: '2026-01-01', slots: 2, slot: 1 }];
  const issued = nextBookNumber(null, at('2027-01-02T08:00:00+07:00'), partitions);
  assert.throws(() => nextBookNumber(issued.state, at('2026-12-30T08:00:00+07:00'), partitions), { code: 'certification.clockBehind' });
  const changed = [...partitions, { from: '2027-03-01', slots: 3, slot: 1 }];
  assert.throws(() => nextBookNumber(issued.state, at('2027-03-02T08:00:00+07:00'), changed), { code: 'certification.partitionChangedThisYear' });
  const scheduled = scheduleBookPartition(partitions, { slots: 3, slot: 1 }, at('2027-03-02T08:00:00+07:00'));
  assert.deepEqual(scheduled.at(-1), { from: '2028-01-01', slots: 3, slot: 1 });
  assert.equal(nextBookNumber(issued.state, at('2028-01-01T08:00:00+07:00'), scheduled).number, 1);
  assert.throws(() => nextBookNumber(null, at('2025-06-01T08:00:00+07:00'), partitions), { code: 'certification.noPartition' });
  assert.throws(() => scheduleBookPartition(partitions, { slots: 2, slot: 3 }, at('2027-03-02T08:00:00+07:00')), DeskError);
});

test('the statement carries the number, the book, the date and the certifier, from the form data', () => {
  const { lines } = composeStatement({
    number: 15,
    year: 2026,
    day: '2026-12-07',
    certifier: 'Nguyễn Thị Hương',
    organisation: 'UBND xã Tân Phú',
    place: 'Tân Phú',
  });
  assert.deepEqual(lines, [
    'Chứng thực bản sao điện tử đúng với bản chính.',
    'Số chứng thực: 15, quyển số 2026/SCT/BSĐT',
    'Tân Phú, ngày 07 tháng 12 năm 2026',
    'Người thực hiện chứng thực',
    '(Ký số của UBND xã Tân Phú)',
    'Nguyễn Thị Hương',
  ]);
  assert.equal(bookLabel(2027), '2027/SCT/BSĐT');
  assert.throws(
    () => composeStatement({ number: 1, year: 2026, day: '2026-12-07', certifier: ' ', organisation: 'UBND', place: '' }),
    (e: unknown) => e instanceof DeskError && /người thực hiện/.test(e.text.vi) && /certifier/.test(e.text.en),
  );
});

test('the fee follows TT 226/2016 from the catalogue: 5 pages 7,000 đ, capped at 200,000 đ; Hải Phòng pays it', () => {
  const catalog = parseCatalog(readFileSync(new URL('../catalog/default-catalog.json', import.meta.url), 'utf8'));
  const rule = catalog.procedures.find((p) => p.code === '2.000815')!.fees[0]!.perPage!;
  const fee = (pages: number, province = 'Đồng Nai', day = '2026-12-07') => certificationFee({ pages, province, day }, rule);
  assert.deepEqual(
    [1, 2, 3, 5, 198, 199, 400].map((p) => fee(p).amount),
    [2000, 4000, 5000, 7000, 200000, 200000, 200000],
  );
  assert.deepEqual(fee(5, 'Hải Phòng'), {
    amount: 0,
    tariff: 7000,
    pages: 5,
    paidBy: { province: 'Hải Phòng', basis: 'NQ 43/2025/NQ-HĐND thành phố Hải Phòng' },
  });
  assert.equal(fee(5, 'Hải Phòng', '2031-01-01').amount, 7000);
  assert.throws(() => fee(0), { code: 'certification.pages' });
});

test('refusal reasons are the law’s list with their clause; an unknown reason is refused', () => {
  assert.ok(BUNDLED_REFUSALS.source.law.includes('Điều 22'));
  for (const id of ['forged', 'altered', 'unreadable', 'may-not-be-copied']) assert.ok(refusalReason(id).clause.startsWith('Điều 22'));
  assert.match(refusalReason('unreadable').text.vi, /không xác định được nội dung \(Điều 22 khoản 2\)/);
  assert.throws(() => refusalReason('ugly'), { code: 'certification.unknownRefusal' });
});
