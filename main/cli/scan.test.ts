// `desk scanners` and `desk scan` against an eSCL scanner speaking its own protocol on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsclSimulator } from '#tests/scanner/esclSimulator.ts';
import { listScanners, scan } from './scan.ts';
import type { CliIo } from './io.ts';

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), readStdin: async () => '' };
}

let sim: EsclSimulator;
const dir = mkdtempSync(join(tmpdir(), 'desk-cli-scan-'));

before(async () => {
  sim = await new EsclSimulator({ pages: 2 }).start();
  process.env.DESK_ESCL_DEVICES = sim.url;
});
after(async () => {
  await sim.stop();
  delete process.env.DESK_ESCL_DEVICES;
});

test('desk scanners lists the network scanner, id first', async () => {
  const io = captureIo();
  assert.equal(await listScanners([], io), 0);
  const line = io.stdout.find((l) => l.startsWith('escl:'));
  assert.ok(line, `listed: ${io.stdout.join(' | ')}`);
  assert.equal(line.split('\t')[0], `escl:${sim.url.endsWith('/') ? sim.url : `${sim.url}/`}`);
});

test('desk scanners names a network scanner by its model, and marks an address where nothing answers', async () => {
  process.env.DESK_ESCL_DEVICES = `${sim.url},127.0.0.1:1`;
  try {
    const io = captureIo();
    assert.equal(await listScanners([], io), 0);
    const escl = io.stdout.filter((l) => l.startsWith('escl:')).map((l) => l.split('\t'));
    assert.deepEqual(escl, [
      [`escl:${sim.url}`, 'MotCua eSCL Simulator'],
      ['escl:http://127.0.0.1:1/eSCL/', 'eSCL 127.0.0.1:1', 'không phản hồi / not answering'],
    ]);
  } finally {
    process.env.DESK_ESCL_DEVICES = sim.url;
  }
});

test('desk scan writes the feeder batch as one PDF that qpdf accepts', async () => {
  const io = captureIo();
  const out = join(dir, 'batch.pdf');
  const device = `escl:${sim.url.endsWith('/') ? sim.url : `${sim.url}/`}`;
  assert.equal(await scan(['--device', device, '--out', out, '--source', 'feeder', '--mode', 'gray', '--dpi', '100'], io), 0, io.stderr.join('\n'));
  execFileSync('qpdf', ['--check', out]);
  assert.match(execFileSync('pdfinfo', [out], { encoding: 'utf8' }), /Pages:\s+2/);
});

test('desk scan: a jam mid-batch keeps the page already scanned and exits 1 with the reason', async () => {
  sim.reset({ jamAfterPages: 1 }, 3);
  const io = captureIo();
  const out = join(dir, 'jam.pdf');
  const device = `escl:${sim.url.endsWith('/') ? sim.url : `${sim.url}/`}`;
  assert.equal(await scan(['--device', device, '--out', out, '--source', 'feeder', '--mode', 'gray', '--dpi', '100'], io), 1);
  assert.ok(io.stderr.some((l) => l.includes('Kẹt giấy')) && io.stderr.some((l) => l.includes('Paper jam')), io.stderr.join('\n'));
  assert.ok(existsSync(out));
  assert.match(execFileSync('pdfinfo', [out], { encoding: 'utf8' }), /Pages:\s+1/);
});

test('desk scan: bad options are refused in both languages with exit 2', async () => {
  const io = captureIo();
  assert.equal(await scan(['--device', 'escl:x', '--out', join(dir, 'x.pdf'), '--dpi', '5'], io), 2);
  assert.ok(io.stderr[0]?.startsWith('Tùy chọn quét không hợp lệ'));
  assert.equal(await scan(['--out', join(dir, 'x.pdf')], captureIo()), 2);
});
