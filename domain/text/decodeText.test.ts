import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '../errors.ts';
import { decodeUserText } from './decodeText.ts';
import { showInvisible } from './citizenText.ts';
import { toWindows1258 } from '#tests/support/windows1258.ts';

const NAME = '{"name":"Đăng ký khai sinh cho trẻ em"}';
const utf8 = (text: string) => new TextEncoder().encode(text);

function refusedWith(bytes: Uint8Array, code: string, check: (vi: string, en: string) => void) {
  assert.throws(
    () => decodeUserText(bytes, 'danh-muc.json'),
    (e: unknown) => {
      assert.ok(isDeskError(e), String(e));
      assert.equal(e.code, code);
      assert.equal(showInvisible(e.text.vi), e.text.vi);
      check(e.text.vi, e.text.en);
      return true;
    },
  );
}

test('UTF-8 passes as it is, and a UTF-8 byte-order mark is dropped', () => {
  assert.equal(decodeUserText(utf8(NAME), 'f'), NAME);
  assert.equal(decodeUserText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(NAME)]), 'f'), NAME);
});

test('UTF-16 with its byte-order mark, little or big endian, is decoded', () => {
  const units = [...NAME].map((c) => c.charCodeAt(0));
  const le = new Uint8Array([0xff, 0xfe, ...units.flatMap((u) => [u & 0xff, u >> 8])]);
  const be = new Uint8Array([0xfe, 0xff, ...units.flatMap((u) => [u >> 8, u & 0xff])]);
  assert.equal(decodeUserText(le, 'f'), NAME);
  assert.equal(decodeUserText(be, 'f'), NAME);
});

test('UTF-16 that breaks after its mark, and UTF-16 without a mark, are refused by name', () => {
  refusedWith(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x00, 0xd8]), 'text.badUtf16', (vi, en) => {
    assert.match(vi, /UTF-16 LE/);
    assert.match(en, /UTF-16 LE byte-order mark but is not valid/);
  });
  const noBom = new Uint8Array([...NAME].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]));
  refusedWith(noBom, 'text.utf16NoBom', (vi, en) => {
    assert.match(vi, /UTF-16 không có BOM/);
    assert.match(en, /UTF-16 without a byte-order mark/);
  });
});

test('Windows-1258 ("ANSI") is refused naming the encoding and the offset of the first foreign byte', () => {
  const ansi = toWindows1258(NAME);
  assert.equal(new TextDecoder('windows-1258').decode(ansi).normalize('NFC'), NAME, 'the fixture really is Windows-1258');
  const at = NAME.indexOf('Đ');
  refusedWith(ansi, 'text.notUtf8', (vi, en) => {
    assert.match(vi, /có vẻ là bảng mã cũ Windows-1258\/1252 \(ANSI\)/);
    assert.match(vi, /hãy lưu lại dưới dạng UTF-8/);
    assert.ok(vi.includes(`ở vị trí ${at}`), vi);
    assert.ok(en.includes(`at offset ${at}`), en);
    assert.match(en, /0xD0/);
    assert.match(en, /looks like a legacy Windows-1258\/1252 \(ANSI\).*save it again as UTF-8/);
  });
});

test('offsets count the byte-order mark, and malformed UTF-8 of every kind is caught', () => {
  refusedWith(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xc3]), 'text.notUtf8', (_vi, en) => assert.match(en, /0xC3 at offset 4/));
  for (const bad of [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf8], [0x80]]) {
    refusedWith(new Uint8Array([0x41, ...bad]), 'text.notUtf8', (_vi, en) => assert.match(en, /at offset 1/));
  }
});

test('a file name with hidden characters is shown as U+XXXX in the message', () => {
  assert.throws(
    () => decodeUserText(new Uint8Array([0xff]), 'a\u202egnp.json'),
    (e: unknown) => isDeskError(e) && e.text.en.startsWith('a<U+202E>gnp.json:'),
  );
});
