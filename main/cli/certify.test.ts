// `desk certify` with the training token: a signed copy pdfsig accepts, the book file gaining
// one entry per copy and never the same number twice; refusals (an officer's certificate, a
// blank page, no PIN) write neither the copy nor the book.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdfsig, qpdfCheck, tempDir } from '../signing/test-support.ts';
import { createSoftHsmToken } from '../token/pkcs11/softhsmFixture.ts';
import { scannedOriginal } from '../certification/testOriginals.ts';
import { certify } from './certify.ts';
import type { CliIo } from './io.ts';

function captureIo(stdin = ''): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), readStdin: async () => stdin };
}

const dir = tempDir('cli-certify-');
const office = ['--office', 'UBND xã Tân Phú', '--place', 'Tân Phú', '--certifier', 'Nguyễn Thị Hương'];

test('desk certify numbers copies in the book file, 1 then 2, each signed and listed with its fee', async () => {
  const scan = join(dir, 'scan.pdf');
  writeFileSync(scan, await scannedOriginal(['text', 'seal', 'sparse', 'text', 'seal']));
  const book = join(dir, 'book.json');
  for (const n of [1, 2]) {
    const out = join(dir, `copy${n}.pdf`);
    const io = captureIo('123456\n');
    const code = await certify(['--original', scan, '--token', 'emulator', '--pin-stdin', '--out', out, '--book', book, ...office], io);
    assert.equal(code, 0, io.stderr.join('\n'));
    assert.match(io.stdout.join('\n'), new RegExp(`số / number ${n}, quyển / book \\d{4}/SCT/BSĐT, 5 trang`));
    assert.match(io.stdout.join('\n'), /Lệ phí \/ fee: 7\.000 đồng/);
    const pdf = new Uint8Array(readFileSync(out));
    assert.match(pdfsig(pdf).signatures[0] ?? '', /Signature is Valid\./);
    qpdfCheck(pdf);
    assert.match(execFileSync('pdftotext', ['-f', '6', '-l', '6', out, '-'], { encoding: 'utf8' }), new RegExp(`Số chứng thực: ${n}, quyển số`));
  }
  const saved = JSON.parse(readFileSync(book, 'utf8')) as { entries: Array<{ number: number; pages: number; fee: number }> };
  assert.deepEqual(
    saved.entries.map((e) => [e.number, e.pages, e.fee]),
    [
      [1, 5, 7000],
      [2, 5, 7000],
    ],
  );
});

test('desk certify refuses an officer’s certificate, a blank page, a wrong and a missing PIN, writing nothing and never echoing the PIN', async () => {
  const good = join(dir, 'good.pdf');
  const blank = join(dir, 'blank.pdf');
  writeFileSync(good, await scannedOriginal(['text']));
  writeFileSync(blank, await scannedOriginal(['blank']));
  const book = join(dir, 'refused-book.json');
  const out = join(dir, 'refused.pdf');
  const softhsm = await createSoftHsmToken();
  const saved = process.env.DESK_PIN;
  delete process.env.DESK_PIN;
  try {
    const officer = captureIo(`${softhsm.userPin}\n`);
    const args = ['--token', 'pkcs11', '--module', softhsm.modulePath, '--cert', softhsm.rsa.id, '--pin-stdin', '--out', out, '--book', book, ...office];
    assert.equal(await certify(['--original', good, ...args], officer), 1);
    assert.match(officer.stderr.join('\n'), /không phải chứng thư của cơ quan UBND xã Tân Phú.*office’s token/s);
    const blankIo = captureIo('123456\n');
    assert.equal(await certify(['--original', blank, '--token', 'emulator', '--pin-stdin', '--out', out, '--book', book, ...office], blankIo), 1);
    assert.match(blankIo.stderr.join('\n'), /Trang 1 của bản chính trống/);
    const wrongPin = captureIo('999999\n');
    assert.equal(await certify(['--original', good, '--token', 'emulator', '--pin-stdin', '--out', out, '--book', book, ...office], wrongPin), 1);
    assert.match(wrongPin.stderr.join('\n'), /PIN/);
    assert.ok(!wrongPin.stderr.join('\n').includes('999999'), 'the PIN is never echoed');
    const noPin = captureIo();
    assert.equal(await certify(['--original', good, '--token', 'emulator', '--out', out, '--book', book, ...office], noPin), 1);
    assert.match(noPin.stderr.join('\n'), /DESK_PIN/);
    assert.equal(await certify(['--original', good, '--token', 'emulator'], captureIo()), 2);
    assert.ok(!existsSync(out) && !existsSync(book));
  } finally {
    if (saved !== undefined) process.env.DESK_PIN = saved;
    await softhsm.cleanup();
  }
});

test('two desks sharing the book offline (--slot 1/2 and 2/2, each its own book file) never give the same number', async () => {
  const scan = join(dir, 'scan-two.pdf');
  writeFileSync(scan, await scannedOriginal(['seal']));
  const numbers: number[] = [];
  for (const round of [1, 2, 3]) {
    for (const desk of [1, 2]) {
      const io = captureIo('123456\n');
      const args = ['--original', scan, '--token', 'emulator', '--pin-stdin', '--slot', `${desk}/2`, '--book', join(dir, `desk${desk}.json`)];
      assert.equal(await certify([...args, '--out', join(dir, `d${desk}-${round}.pdf`), ...office], io), 0, io.stderr.join('\n'));
      numbers.push(Number(/số \/ number (\d+)/.exec(io.stdout[0]!)![1]));
    }
  }
  assert.deepEqual(numbers, [1, 2, 3, 4, 5, 6]);
  assert.equal(await certify(['--original', scan, '--token', 'emulator', '--slot', '3/2', '--out', join(dir, 'x.pdf'), ...office], captureIo()), 2);
});
