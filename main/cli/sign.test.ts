// `desk tokens` and `desk sign` with the training token: the PIN from stdin or DESK_PIN,
// never from the command line; the signed file checked by pdfsig.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pdfsig, samplePdf, tempDir } from '../signing/test-support.ts';
import { listTokens, sign } from './sign.ts';
import type { CliIo } from './io.ts';
import { createSoftHsmToken } from '../token/pkcs11/softhsmFixture.ts';

function captureIo(stdin = ''): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), readStdin: async () => stdin };
}

const dir = tempDir('cli-sign-');

test('desk tokens --emulator lists the training token with its certificate and PIN tries', async () => {
  const io = captureIo();
  assert.equal(await listTokens(['--emulator'], io), 0, io.stderr.join('\n'));
  assert.match(io.stdout[0]!, /^emulator\t.*Nguyễn Thị Hương\tPIN: 3/);
  assert.match(io.stdout[1]!, /--cert piv-9c\tNguyễn Thị Hương, UBND xã Tân Phú/);
});

test('desk sign --token emulator --pin-stdin writes a PAdES file pdfsig calls valid', async () => {
  const input = join(dir, 'in.pdf');
  const output = join(dir, 'out.pdf');
  writeFileSync(input, await samplePdf());
  const io = captureIo('123456\n');
  assert.equal(await sign([input, '--out', output, '--token', 'emulator', '--stamp', '--pin-stdin'], io), 0, io.stderr.join('\n'));
  assert.match(io.stdout.join('\n'), /PAdES B-B/);
  const { signatures, output: text } = pdfsig(new Uint8Array(readFileSync(output)));
  assert.match(signatures[0] ?? '', /Signature is Valid\./, text);
});

test('desk sign refuses without a PIN, with a wrong PIN, and with missing arguments — writing nothing', async () => {
  const input = join(dir, 'in2.pdf');
  writeFileSync(input, await samplePdf());
  const saved = process.env.DESK_PIN;
  delete process.env.DESK_PIN;
  try {
    const noPin = captureIo();
    assert.equal(await sign([input, '--out', join(dir, 'a.pdf'), '--token', 'emulator'], noPin), 1);
    assert.match(noPin.stderr.join('\n'), /DESK_PIN/);
    const wrong = captureIo('999999\n');
    assert.equal(await sign([input, '--out', join(dir, 'b.pdf'), '--token', 'emulator', '--pin-stdin'], wrong), 1);
    assert.match(wrong.stderr.join('\n'), /PIN/);
    assert.ok(!wrong.stderr.join('\n').includes('999999'));
    assert.equal(await sign([input, '--token', 'emulator'], captureIo()), 2);
    assert.ok(!existsSync(join(dir, 'a.pdf')) && !existsSync(join(dir, 'b.pdf')));
  } finally {
    if (saved !== undefined) process.env.DESK_PIN = saved;
  }
});

test('desk sign --token pkcs11 --module LIB signs with the SoftHSM2 token, PIN from stdin', async () => {
  const softhsm = await createSoftHsmToken();
  try {
    const input = join(dir, 'in3.pdf');
    const output = join(dir, 'out3.pdf');
    writeFileSync(input, await samplePdf());
    const listing = captureIo();
    assert.equal(await listTokens(['--module', softhsm.modulePath], listing), 0, listing.stderr.join('\n'));
    assert.match(listing.stdout.join('\n'), new RegExp(softhsm.tokenLabel));
    const io = captureIo(`${softhsm.userPin}\n`);
    assert.equal(
      await sign(['--token', 'pkcs11', '--module', softhsm.modulePath, '--cert', softhsm.rsa.id, '--pin-stdin', '--out', output, input], io),
      0,
      io.stderr.join('\n'),
    );
    assert.match(pdfsig(new Uint8Array(readFileSync(output))).signatures[0] ?? '', /Signature is Valid\./);
  } finally {
    await softhsm.cleanup();
  }
});
