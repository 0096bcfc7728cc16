import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from './io.ts';
import { run } from './catalog.ts';

const BUNDLED = fileURLToPath(new URL('../../domain/catalog/default-catalog.json', import.meta.url));

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => '' };
  return { io, out, err };
}

function withTemp(fn: (dir: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-catalog-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('check on the bundled catalogue prints OK with the count and version', async () => {
  const { io, out, err } = fakeIo();
  assert.equal(await run(['check', BUNDLED], io), 0);
  assert.deepEqual(err, []);
  assert.equal(out.length, 1);
  assert.match(out[0]!, /^OK: \d+ thủ tục \/ procedures, version 2026\.11-default$/);
  assert.ok(Number(out[0]!.match(/\d+/)![0]) >= 25);
});

test(
  'check on a bad catalogue exits 1 with both languages and the path on stderr',
  withTemp(async (dir) => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 'x',
        effectiveFrom: '2026-11-23',
        procedures: [
          {
            code: '1.001193',
            name: 'Đăng ký khai sinh',
            field: 'Hộ tịch',
            level: 'commune',
            processingHours: 0,
            cutoff: '3pm',
            fees: [],
            components: [{ id: 'a', name: 'a', accepted: ['original'], count: 1, mandatory: true }],
            source: { url: 'https://x.vn', retrieved: '2026-11-23' },
          },
        ],
      }),
    );
    const { io, out, err } = fakeIo();
    assert.equal(await run(['check', file], io), 1);
    assert.deepEqual(out, []);
    const text = err.join('\n');
    assert.match(text, /Danh mục thủ tục không hợp lệ/);
    assert.match(text, /The procedure catalogue is invalid/);
    assert.match(text, /procedures\[0\]\.cutoff/);
  }),
);

test(
  'check on a file that is not JSON exits 1',
  withTemp(async (dir) => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ nope');
    const { io, err } = fakeIo();
    assert.equal(await run(['check', file], io), 1);
    assert.match(err.join('\n'), /invalid JSON/);
  }),
);

test(
  'a missing file exits 2 with a clear message',
  withTemp(async (dir) => {
    const file = join(dir, 'absent.json');
    const { io, out, err } = fakeIo();
    assert.equal(await run(['check', file], io), 2);
    assert.deepEqual(out, []);
    assert.match(err.join('\n'), /file not found/);
    assert.ok(err.join('\n').includes(file));
  }),
);

test('wrong arguments print the usage and exit 2', async () => {
  for (const args of [[], ['check'], ['verify', BUNDLED], ['check', BUNDLED, 'extra']]) {
    const { io, err } = fakeIo();
    assert.equal(await run(args, io), 2, JSON.stringify(args));
    assert.match(err.join('\n'), /desk catalog check FILE/);
  }
});
