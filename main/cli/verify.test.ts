// `desk verify`: verdicts in both languages and the exit codes scripts rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rewritePageOne } from '../signing/changeFixtures.ts';
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
  assert.match(out, /Mức \/ Level: PAdES B-B\n/);
  // The officer's signature is followed by the leader's only: nothing to warn about.
  assert.match(out, /Bản đã ký \/ Signed version: \d+ byte đầu \/ first \d+ bytes — HỢP LỆ \/ VALID/);
});

test('desk verify: page 1 rewritten after signing exits 1, saying the signed version is intact and how long it is', async () => {
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(), { signer: pki.officer });
  const file = join(dir, 'rewritten.pdf');
  writeFileSync(file, await rewritePageOne(pdf, 'Giay bien nhan', 'Giay bien nhan DA SUA'));
  const io = captureIo();
  assert.equal(await run([file, '--trust', pki.trustDir], io), 1, io.stdout.join('\n'));
  const out = io.stdout.join('\n');
  assert.match(out, /"Signature1": KHÔNG HỢP LỆ \/ INVALID/);
  assert.match(out, new RegExp(`Bản đã ký / Signed version: ${pdf.length} byte đầu / first ${pdf.length} bytes — HỢP LỆ / VALID`));
  assert.match(
    out,
    /Lý do \/ Reason: Tài liệu bị thay đổi sau khi ký, điều chữ ký không cho phép: Nội dung trang 1 bị thay đổi\. \/ Changed after signing in a way the signature does not permit: The content of page 1 was changed\./,
  );
  const json = captureIo();
  assert.equal(await run([file, '--trust', pki.trustDir, '--json'], json), 1);
  const report = JSON.parse(json.stdout.join('\n')) as { signatures: { verdict: string; signedRevision: { verdict: string; length: number } }[] };
  assert.deepEqual(
    report.signatures.map((s) => [s.verdict, s.signedRevision]),
    [['invalid', { verdict: 'valid', length: pdf.length }]],
  );
});

test('desk verify: a damaged signature dictionary is a broken signature (exit 1), not an unsigned file', async () => {
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(false), { signer: pki.officer });
  const damaged = Buffer.from(pdf);
  damaged.write('/ByteRange (', damaged.lastIndexOf('/ByteRange ['), 'latin1');
  const file = join(dir, 'damaged-dictionary.pdf');
  writeFileSync(file, damaged);
  const io = captureIo();
  assert.equal(await run([file, '--trust', pki.trustDir], io), 1, io.stdout.join('\n'));
  assert.match(
    io.stdout.join('\n'),
    /KHÔNG HỢP LỆ \/ INVALID[\s\S]*Lý do \/ Reason: Từ điển chữ ký bị hỏng, không đọc được\. \/ The signature dictionary is damaged/,
  );
});

test('desk verify: a FIFO, a device and a file over 200 MB are refused before reading (exit 64)', { timeout: 20_000 }, async () => {
  const fifo = join(dir, 'pipe.pdf');
  execFileSync('mkfifo', [fifo]);
  const big = join(dir, 'big.pdf');
  writeFileSync(big, '%PDF-1.7\n');
  // Sparse: 201 MB on paper, nothing on disk.
  truncateSync(big, 201 * 1024 * 1024);
  for (const [file, message] of [
    [fifo, /is not a regular file/],
    ['/dev/zero', /is not a regular file/],
    [big, /File too large: .* \(at most 200 MiB\)/],
  ] as const) {
    const io = captureIo();
    assert.equal(await run([file], io), 64, file);
    assert.match(io.stderr.join('\n'), message, file);
  }
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
  assert.deepEqual(
    report.signatures.map((s) => [s.verdict, s.signer]),
    [['indeterminate', 'Nguyễn Thị Hương']],
  );
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
