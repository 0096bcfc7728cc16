import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from './io.ts';
import { MAX_CATALOG_BYTES, run } from './catalog.ts';
import { toWindows1258 } from '#tests/support/windows1258.ts';

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

test(
  'a catalogue saved as Windows-1258 ("ANSI") is refused naming the encoding and the byte offset',
  withTemp(async (dir) => {
    const text = readFileSync(BUNDLED, 'utf8');
    const file = join(dir, 'ansi.json');
    writeFileSync(file, toWindows1258(text));
    const { io, out, err } = fakeIo();
    assert.equal(await run(['check', file], io), 1);
    assert.deepEqual(out, []);
    const firstForeign = Buffer.byteLength(
      text.slice(
        0,
        [...text].findIndex((c) => c > '\x7f'),
      ),
    );
    assert.match(err[0]!, /có vẻ là bảng mã cũ Windows-1258\/1252 \(ANSI\).*hãy lưu lại dưới dạng UTF-8/);
    assert.match(err[1]!, new RegExp(`at offset ${firstForeign}\\b.*looks like a legacy Windows-1258/1252 \\(ANSI\\)`));
    assert.ok(!err.join('\n').includes('\ufffd'));
  }),
);

test(
  'a catalogue with a UTF-8 byte-order mark (Notepad\'s "UTF-8 with BOM") is accepted',
  withTemp(async (dir) => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(BUNDLED)]));
    const { io, out, err } = fakeIo();
    assert.equal(await run(['check', file], io), 0, err.join('\n'));
    assert.match(out[0]!, /^OK: \d+ thủ tục/);
  }),
);

test(
  'a catalogue saved as UTF-16 LE with its mark (Notepad\'s "Unicode") is read',
  withTemp(async (dir) => {
    const file = join(dir, 'utf16.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(BUNDLED, 'utf8'), 'utf16le')]));
    const { io, out, err } = fakeIo();
    assert.equal(await run(['check', file], io), 0, err.join('\n'));
    assert.match(out[0]!, /^OK: \d+ thủ tục/);
  }),
);

test(
  'an invisible character in the file is shown as U+XXXX, never printed raw',
  withTemp(async (dir) => {
    const file = join(dir, 'hidden.json');
    writeFileSync(file, '\u202e{"version": 1}');
    const { io, err } = fakeIo();
    assert.equal(await run(['check', file], io), 1);
    assert.match(err.join('\n'), /U\+202E/);
    assert.ok(!err.join('\n').includes('\u202e'));
  }),
);

test(
  'a FIFO is refused at once instead of waiting for a writer',
  { skip: process.platform === 'win32' ? 'no FIFOs on Windows' : false, timeout: 30_000 },
  withTemp(async (dir) => {
    const fifo = join(dir, 'catalog.json');
    execFileSync('mkfifo', [fifo]);
    try {
      const { io, out, err } = fakeIo();
      assert.equal(await run(['check', fifo], io), 2);
      assert.deepEqual(out, []);
      assert.match(err.join('\n'), /không phải tệp thông thường/);
      assert.match(err.join('\n'), /is not a regular file/);
    } finally {
      // Were the command blocked opening the FIFO, a writer coming and going lets it end.
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // ENXIO: nobody is reading it, which is the point.
      }
    }
  }),
);

test(
  'a catalogue over the size limit is refused before it is read',
  withTemp(async (dir) => {
    const file = join(dir, 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, MAX_CATALOG_BYTES + 1);
    const { io, err } = fakeIo();
    assert.equal(await run(['check', file], io), 2);
    assert.match(err.join('\n'), /File too large: .*huge\.json \(at most 32 MiB\)/);
  }),
);

test(
  'a directory is refused as not a regular file',
  withTemp(async (dir) => {
    const { io, err } = fakeIo();
    assert.equal(await run(['check', dir], io), 2);
    assert.match(err.join('\n'), /is not a regular file/);
  }),
);
