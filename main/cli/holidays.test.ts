import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VN_RULES } from '#domain/calendar/rules.ts';
import type { CliIo } from './io.ts';
import { run } from './holidays.ts';

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => '' };
  return { io, out, err };
}

test('lists 2026 with the New Year swap, Tết and the make-up days, one line per day', async () => {
  const { io, out, err } = fakeIo();
  assert.equal(await run(['2026'], io), 0);
  assert.deepEqual(err, []);
  assert.equal(out[0], "2026-01-01 Tết Dương lịch — New Year's Day");
  assert.ok(out.includes('2026-01-10 Làm bù (ngày làm việc) — make-up working day'));
  assert.ok(out.includes("2026-04-27 Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch) — compensatory day off for Hùng Kings' Commemoration Day"));
  assert.ok(out.includes('2026-11-24 Ngày Văn hóa Việt Nam (24/11) — Vietnam Culture Day'));
  assert.deepEqual(
    out.filter((l) => l.startsWith('2026-02')).map((l) => l.slice(0, 10)),
    ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'],
  );
  assert.ok(out.every((l) => /^\d{4}-\d{2}-\d{2} \S.* — \S/.test(l)));
  assert.ok(!out.some((l) => l.startsWith('2026-01-03')), 'plain weekend days are not listed');
});

test('lists the 2026 National Day schedule: 22 August worked, 31 August and 1–2 September off, 3 September worked', async () => {
  const { io, out } = fakeIo();
  assert.equal(await run(['2026'], io), 0);
  assert.deepEqual(
    out.filter((l) => l.startsWith('2026-08') || l.startsWith('2026-09')),
    [
      '2026-08-22 Làm bù (ngày làm việc) — make-up working day',
      '2026-08-31 Nghỉ theo thông báo dịp Quốc khánh (2/9) — day off by official notice (National Day)',
      '2026-09-01 Quốc khánh (ngày liền kề) — National Day (adjacent day)',
      '2026-09-02 Quốc khánh (2/9) — National Day',
    ],
  );
});

test('a range of years runs in date order', async () => {
  const { io, out } = fakeIo();
  assert.equal(await run(['2025', '2027'], io), 0);
  const dates = out.map((l) => l.slice(0, 10));
  assert.equal(dates[0], '2025-01-01');
  assert.equal(dates.at(-1), '2027-11-24');
  assert.ok(out.includes('2027-02-06 Tết Nguyên đán — Lunar New Year (Tết) [dự kiến / provisional]'));
  assert.ok(out.includes('2026-02-17 Tết Nguyên đán — Lunar New Year (Tết)'));
  assert.deepEqual(dates, [...dates].sort());
});

test('--rules uses another rules file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-holidays-'));
  try {
    const file = join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify({ ...VN_RULES, version: 'test-cli-no-notices', notices: [] }));
    const { io, out } = fakeIo();
    assert.equal(await run(['2026', '--rules', file], io), 0);
    assert.ok(!out.some((l) => l.startsWith('2026-01-10')));

    writeFileSync(file, JSON.stringify({ ...VN_RULES, weeklyRestDays: ['caturday'] }));
    const bad = fakeIo();
    assert.equal(await run(['2026', '--rules', file], bad.io), 2);
    assert.match(bad.err[0]!, /^Tệp quy tắc lịch làm việc bị từ chối: weeklyRestDays\.0/);
    assert.match(bad.err[1]!, /^Calendar rules file refused: weeklyRestDays\.0/);
    assert.deepEqual(bad.out, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad invocations exit 2 with a bilingual message', async () => {
  for (const args of [[], ['2026', '2027', '2028'], ['--nope', '2026']]) {
    const { io, err } = fakeIo();
    assert.equal(await run(args, io), 2, args.join(' '));
    assert.match(err[0]!, /Cách dùng \/ Usage/);
  }
  for (const args of [['26'], ['2027', '2026'], ['2026', '--rules', '/nonexistent/rules.json']]) {
    const { io, err } = fakeIo();
    assert.equal(await run(args, io), 2, args.join(' '));
    assert.equal(err.length, 2, 'Vietnamese line, then English line');
  }
});
