import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from './io.ts';
import { run } from './appointment.ts';

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => '' };
  return { io, out, err };
}

async function runOk(args: string[]): Promise<string> {
  const { io, out, err } = fakeIo();
  assert.equal(await run(args, io), 0, err.join('\n'));
  assert.equal(out.length, 1);
  return out[0]!;
}

async function withCatalog(fn: (file: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'desk-appointment-'));
  try {
    const file = join(dir, 'catalog.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 'test',
        effectiveFrom: '2026-01-01',
        procedures: [
          { code: '1.001193', name: 'Đăng ký khai sinh', processingHours: 0, cutoff: null },
          { code: '1.000656', name: 'Đăng ký kết hôn', processingHours: 24, cutoff: '15:00' },
          { code: '2.000001', name: 'Chứng thực', processingHours: 4, cutoff: null },
        ],
      }),
    );
    await fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('--days and --hours print the appointment at +07:00', async () => {
  assert.equal(await runOk(['--received', '2026-03-02T09:00:00+07:00', '--days', '1']), '2026-03-03T09:00:00+07:00');
  assert.equal(await runOk(['--received', '2026-03-02T07:30:00+07:00', '--hours', '4']), '2026-03-02T11:30:00+07:00');
  assert.equal(await runOk(['--received', '2026-03-02T07:30:00+07:00', '--days', '0.5']), '2026-03-02T11:30:00+07:00');
  assert.equal(await runOk(['--received', '2026-01-09T09:00:00+07:00', '--days', '1']), '2026-01-10T09:00:00+07:00');
});

test('--cutoff moves a late receipt to the next working day', async () => {
  const args = ['--received', '2026-03-02T15:30:00+07:00', '--days', '1'];
  assert.equal(await runOk(args), '2026-03-03T15:30:00+07:00');
  assert.equal(await runOk([...args, '--cutoff', '15:00']), '2026-03-03T17:30:00+07:00');
});

test('--procedure takes processing time and cut-off from the catalogue; --cutoff overrides', () =>
  withCatalog(async (catalog) => {
    const late = '2026-03-02T15:30:00+07:00';
    // 3 days, counted from Tuesday's opening because 15:30 is after the procedure's 15:00 cut-off.
    assert.equal(await runOk(['--received', late, '--procedure', '1.000656', '--catalog', catalog]), '2026-03-05T17:30:00+07:00');
    // With a 16:00 cut-off Monday's last 2 hours count.
    assert.equal(await runOk(['--received', late, '--procedure', '1.000656', '--catalog', catalog, '--cutoff', '16:00']), '2026-03-05T15:30:00+07:00');
    // No cut-off of its own: Monday 15:30–17:30 counts, then 2 hours on Tuesday.
    assert.equal(await runOk(['--received', late, '--procedure', '2.000001', '--catalog', catalog]), '2026-03-03T09:30:00+07:00');
    // Same day without a cut-off of its own: due at Monday's closing, not at the receipt instant.
    assert.equal(await runOk(['--received', late, '--procedure', '1.001193', '--catalog', catalog]), '2026-03-02T17:30:00+07:00');
  }));

test('a same-day procedure of the bundled catalogue is due at the end of the working day, or of the next after 15:00', async () => {
  assert.equal(await runOk(['--received', '2026-12-07T07:42:00+07:00', '--procedure', '1.001193']), '2026-12-07T17:30:00+07:00');
  assert.equal(await runOk(['--received', '2026-12-07T15:30:00+07:00', '--procedure', '1.001193']), '2026-12-08T17:30:00+07:00');
  assert.equal(await runOk(['--received', '2026-12-11T15:30:00+07:00', '--procedure', '2.000815']), '2026-12-14T17:30:00+07:00'); // Friday → Monday
});

test('an unknown procedure code is refused in both languages', () =>
  withCatalog(async (catalog) => {
    const { io, out, err } = fakeIo();
    assert.equal(await run(['--received', '2026-03-02T09:00:00+07:00', '--procedure', '9.999999', '--catalog', catalog], io), 2);
    assert.deepEqual(out, []);
    assert.match(err[0]!, /Không có thủ tục mã "9\.999999"/);
    assert.match(err[1]!, /No procedure with code "9\.999999"/);
  }));

test('bad input exits 2 with a message on stderr', async () => {
  const usage = [
    [],
    ['--received', '2026-03-02T09:00:00+07:00'],
    ['--received', '2026-03-02T09:00:00+07:00', '--days', '1', '--hours', '8'],
    ['--days', '1'],
    ['--received', '2026-03-02T09:00:00+07:00', '--days', '1', '--bogus'],
  ];
  for (const args of usage) {
    const { io, err } = fakeIo();
    assert.equal(await run(args, io), 2, args.join(' '));
    assert.match(err[0]!, /Cách dùng \/ Usage/);
  }
  const refused = [
    ['--received', 'yesterday', '--days', '1'],
    ['--received', '2026-03-02T09:00:00', '--days', '1'],
    ['--received', '2026-03-02T09:00:00+07:00', '--days=-1'],
    ['--received', '2026-03-02T09:00:00+07:00', '--hours', 'eight'],
    ['--received', '2026-03-02T09:00:00+07:00', '--days', '1', '--cutoff', '25:00'],
    ['--received', '2026-03-02T09:00:00+07:00', '--procedure', 'x', '--catalog', '/nonexistent/catalog.json'],
  ];
  for (const args of refused) {
    const { io, out, err } = fakeIo();
    assert.equal(await run(args, io), 2, args.join(' '));
    assert.deepEqual(out, []);
    assert.equal(err.length, 2, `Vietnamese then English for ${args.join(' ')}`);
  }
});
