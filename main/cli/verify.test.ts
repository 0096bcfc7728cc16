// `desk verify`: verdicts in both languages and the exit codes scripts rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sign } from '../signing/pades.ts';
import { samplePdf, tempDir, testPki } from '../signing/test-support.ts';
import { run } from './verify.ts';
import type { CliIo } from './io.ts';

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), readStdin: async () => '' };
}

const dir = tempDir('cli-verify-');

test('desk verify: two valid signatures with the dev CA trusted exit 0, printing signer and verdict per signature', async () => {
  const pki = await testPki();
  const first = await sign(await samplePdf(), { signer: pki.officer });
  const second = await sign(first.pdf, { signer: pki.leader });
  const file = join(dir, 'signed.pdf');
  writeFileSync(file, second.pdf);
  const io = captureIo();
  assert.equal(await run([file, '--trust', pki.trustDir], io), 0, io.stdout.join('\n'));
  const out = io.stdout.join('\n');
  assert.match(out, /2 chữ ký \/ signature\(s\)/);
  assert.match(out, /\[1\] Chữ ký \/ Signature "Signature1": HỢP LỆ \/ VALID/);
  assert.match(out, /Người ký \/ Signer: Nguyễn Thị Hương \(UBND xã Tân Phú\)/);
  assert.match(out, /\[2\] .*"Signature2": HỢP LỆ \/ VALID/);
  assert.match(out, /do người ký khai, chưa được chứng minh \/ claimed by the signer, not proven/);
});

test('desk verify: without trust the same file is indeterminate and exits 2; a tampered one is invalid and exits 1', async () => {
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(), { signer: pki.officer });
  const file = join(dir, 'one.pdf');
  writeFileSync(file, pdf);
  const untrusted = captureIo();
  assert.equal(await run([file], untrusted), 2);
  assert.match(untrusted.stdout.join('\n'), /CHƯA XÁC ĐỊNH \/ INDETERMINATE/);
  const json = captureIo();
  assert.equal(await run([file, '--json'], json), 2);
  const report = JSON.parse(json.stdout.join('\n')) as { signatures: { verdict: string; signer: string }[] };
  assert.deepEqual(report.signatures.map((s) => [s.verdict, s.signer]), [['indeterminate', 'Nguyễn Thị Hương']]);
  assert.match(untrusted.stdout.join('\n'), /No trust anchors are configured/);

  const tampered = pdf.slice();
  const at = Buffer.from(pdf).indexOf('\n') + 2;
  tampered[at] = tampered[at]! ^ 0x01;
  writeFileSync(file, tampered);
  const io = captureIo();
  assert.equal(await run([file, '--trust', pki.trustDir], io), 1);
  assert.match(io.stdout.join('\n'), /KHÔNG HỢP LỆ \/ INVALID/);
});

test('desk verify: an unsigned PDF exits 2, a damaged file 1, bad invocations 64', async () => {
  const unsigned = join(dir, 'unsigned.pdf');
  writeFileSync(unsigned, await samplePdf());
  const io = captureIo();
  assert.equal(await run([unsigned], io), 2);
  assert.match(io.stdout.join('\n'), /không có chữ ký nào \/ no signatures/);

  const junk = join(dir, 'junk.pdf');
  writeFileSync(junk, 'not a pdf');
  const bad = captureIo();
  assert.equal(await run([junk], bad), 1);
  assert.ok(bad.stderr.some((l) => l.startsWith('Tệp không phải PDF hợp lệ')));

  assert.equal(await run([], captureIo()), 64);
  assert.equal(await run([unsigned, 'extra.pdf'], captureIo()), 64);
  assert.equal(await run([unsigned, '--bogus'], captureIo()), 64);
  assert.equal(await run([join(dir, 'missing.pdf')], captureIo()), 64);
  assert.equal(await run([unsigned, '--trust', join(dir, 'no-such-folder')], captureIo()), 64);
});
