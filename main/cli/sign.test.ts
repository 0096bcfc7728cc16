// `desk tokens` and `desk sign` with the training token: the PIN from stdin or DESK_PIN,
// never from the command line; the signed file checked by pdfsig; the stamp's images, title and
// place from the command line, checked before the token is touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { pdfsig, samplePdf, sealPng, signerPng, tempDir } from '../signing/test-support.ts';
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

test('desk sign --image --seal --title draws the signer’s stamp in a free area; pdfsig calls it valid and the text names the signer', async () => {
  const input = join(dir, 'in4.pdf');
  const output = join(dir, 'out4.pdf');
  writeFileSync(input, await samplePdf());
  writeFileSync(join(dir, 'sig.png'), await signerPng());
  // The seal as a JPEG: offices often have only a scan of it.
  writeFileSync(
    join(dir, 'seal.jpg'),
    await sharp(await sealPng())
      .flatten({ background: '#ffffff' })
      .jpeg()
      .toBuffer(),
  );
  const io = captureIo('123456\n');
  const args = [
    input,
    '--out',
    output,
    '--token',
    'emulator',
    '--pin-stdin',
    '--image',
    join(dir, 'sig.png'),
    '--seal',
    join(dir, 'seal.jpg'),
    '--title',
    'Công chức một cửa',
  ];
  assert.equal(await sign(args, io), 0, io.stderr.join('\n'));
  assert.match(io.stdout.join('\n'), /chỗ trống, trang 2, .* \/ visible stamp in a free area, page 2/);
  const signed = new Uint8Array(readFileSync(output));
  assert.match(pdfsig(signed).signatures[0] ?? '', /Signature is Valid\./);
  const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', output, '-'], { encoding: 'utf8' }).normalize('NFC');
  for (const expected of ['Công chức một cửa', 'Nguyễn Thị Hương', 'UBND xã Tân Phú', 'Ký số lúc'])
    assert.ok(text.includes(expected), `${expected} in ${text}`);
  // The images are drawn: red (seal) and blue (signature) pixels on page 2.
  execFileSync('pdftoppm', ['-r', '72', '-f', '2', '-l', '2', '-png', '-singlefile', output, join(dir, 'page4')]);
  const { data } = await sharp(join(dir, 'page4.png')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let red = 0;
  let blue = 0;
  for (let i = 0; i < data.length; i += 3) {
    if (data[i]! > 150 && data[i + 1]! < 90 && data[i + 2]! < 90) red++;
    if (data[i + 2]! > 130 && data[i]! < 90) blue++;
  }
  assert.ok(red > 100 && blue > 100, `red ${red}, blue ${blue}`);
});

test('desk sign --area places the stamp where the officer says, page counted from 1', async () => {
  const input = join(dir, 'in5.pdf');
  const output = join(dir, 'out5.pdf');
  writeFileSync(input, await samplePdf());
  const io = captureIo('123456\n');
  assert.equal(await sign([input, '--out', output, '--token', 'emulator', '--pin-stdin', '--area', '1,40,300,220,90'], io), 0, io.stderr.join('\n'));
  assert.match(io.stdout.join('\n'), /vùng đã chọn, trang 1, x=40 y=300 220×90 pt/);
  assert.match(Buffer.from(readFileSync(output)).toString('latin1'), /\/Rect \[ 40 300 260 390 \]/);
});

test('desk sign refuses a bad image, seal, area or template in both languages, before the token is touched, writing nothing', async () => {
  const input = join(dir, 'in6.pdf');
  writeFileSync(input, await samplePdf());
  writeFileSync(join(dir, 'notes.png'), 'không phải ảnh');
  writeFileSync(join(dir, 'huge.png'), Buffer.alloc(1024 * 1024 + 1, 1));
  writeFileSync(
    join(dir, 'tiny.json'),
    JSON.stringify({ ...JSON.parse(readFileSync(new URL('../signing/stamp-content.json', import.meta.url), 'utf8')), fontSize: 8 }),
  );
  const cases: [string[], RegExp, RegExp][] = [
    [['--image', join(dir, 'notes.png')], /Ảnh chữ ký không phải tệp PNG hay JPEG/, /signature image is not a valid PNG or JPEG/],
    [['--seal', join(dir, 'huge.png')], /Tệp quá lớn/, /File too large/],
    [['--seal', join(dir, 'missing.png')], /không tìm thấy tệp/, /file not found/],
    [['--area', '0,1,2,3'], /--area "0,1,2,3" không hợp lệ/, /--area "0,1,2,3" is not valid/],
    [['--corner', 'middle'], /--corner phải là/, /--corner must be one of/],
    [['--appearance', join(dir, 'tiny.json')], /sai ở: fontSize/, /wrong at: fontSize/],
  ];
  for (const [extra, vi, en] of cases) {
    const out = join(dir, 'never.pdf');
    const io = captureIo('999999\n');
    assert.equal(await sign([input, '--out', out, '--token', 'emulator', '--pin-stdin', ...extra], io), 2, extra.join(' '));
    assert.match(io.stderr[0] ?? '', vi);
    assert.match(io.stderr[1] ?? '', en);
    // Refused before the token: the wrong PIN on stdin was never tried.
    assert.equal(io.stderr.length, 2);
    assert.ok(!existsSync(out));
  }
});

test('desk sign --stamp on a page with no free area signs invisibly and says why, in both languages', async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const page = doc.addPage([420, 595]);
  for (let y = 10; y < 590; y += 12) page.drawText('x'.repeat(90), { x: 5, y, size: 11, font });
  const input = join(dir, 'full.pdf');
  const output = join(dir, 'full-signed.pdf');
  writeFileSync(input, await doc.save());
  const io = captureIo('123456\n');
  assert.equal(await sign([input, '--out', output, '--token', 'emulator', '--pin-stdin', '--stamp'], io), 0, io.stderr.join('\n'));
  assert.match(io.stdout[1] ?? '', /không còn chỗ trống .* \/ The page has no free area/);
  assert.match(pdfsig(new Uint8Array(readFileSync(output))).signatures[0] ?? '', /Signature is Valid\./);
});
