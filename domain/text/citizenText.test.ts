import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '../errors.ts';
import { checkCitizenText, citizenText, citizenTextSchema, showInvisible, TEXT_FIELDS } from './citizenText.ts';

const name = (raw: string) => checkCitizenText(raw, TEXT_FIELDS.fullName, { required: true });

test('a real Vietnamese name typed in NFD comes out NFC, blanks collapsed, and is accepted', () => {
  const nfd = '  Nguyễn   Thị\u00a0Ánh  Tuyết '.normalize('NFD');
  assert.notEqual(nfd, nfd.normalize('NFC'));
  assert.deepEqual(name(nfd), { ok: true, value: 'Nguyễn Thị Ánh Tuyết'.normalize('NFC') });
  assert.equal(citizenText('Đặng Hữu Phước'.normalize('NFD'), TEXT_FIELDS.fullName, { required: true }), 'Đặng Hữu Phước'.normalize('NFC'));
});

test('a required value of blanks only is refused; an optional one becomes empty', () => {
  for (const blank of ['', '   ', '\u00a0', '\u2003\u3000']) {
    const r = name(blank);
    assert.equal(r.ok, false, JSON.stringify(blank));
    if (!r.ok) {
      assert.equal(r.problem.code, 'text.empty');
      assert.match(r.problem.text.vi, /Cần nhập họ và tên/);
      assert.match(r.problem.text.en, /full name is required/);
    }
  }
  assert.deepEqual(checkCitizenText('  ', TEXT_FIELDS.address, { required: false }), { ok: true, value: '' });
});

test('every character that hides or reorders text is refused with the field, its kind and its code point', () => {
  const cases: [string, string, string][] = [
    ['A\u0000B', 'text.control', 'U+0000'],
    ['A\u0007B', 'text.control', 'U+0007'],
    ['A\tB', 'text.control', 'U+0009'],
    ['A\nB', 'text.control', 'U+000A'],
    ['A\u007fB', 'text.control', 'U+007F'],
    ['A\u0085B', 'text.control', 'U+0085'],
    ['A\u009bB', 'text.control', 'U+009B'],
    ...[0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c].map((cp): [string, string, string] => [
      `A${String.fromCodePoint(cp)}B`,
      'text.bidi',
      `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`,
    ]),
    ['A\ud800B', 'text.surrogate', 'U+D800'],
    ['A\udc00', 'text.surrogate', 'U+DC00'],
    ['A\ufdd0', 'text.noncharacter', 'U+FDD0'],
    ['A\uffff', 'text.noncharacter', 'U+FFFF'],
    ['A\u{1fffe}', 'text.noncharacter', 'U+1FFFE'],
    ['A\u200bB', 'text.invisible', 'U+200B'],
    ['A\ufeffB', 'text.invisible', 'U+FEFF'],
    ['A\u2028B', 'text.invisible', 'U+2028'],
    ['\u3164', 'text.invisible', 'U+3164'],
  ];
  for (const [raw, code, label] of cases) {
    const r = name(raw);
    assert.equal(r.ok, false, JSON.stringify(raw));
    if (r.ok) continue;
    assert.equal(r.problem.code, code, JSON.stringify(raw));
    assert.ok(r.problem.text.vi.startsWith('Họ và tên chứa'), r.problem.text.vi);
    assert.ok(r.problem.text.vi.includes(label) && r.problem.text.en.includes(label), r.problem.text.en);
    assert.match(r.problem.text.en, /^The full name contains/);
    assert.equal(showInvisible(r.problem.text.vi), r.problem.text.vi, 'the message itself holds no raw invisible character');
  }
  assert.throws(
    () => citizenText('Lê\u202eA', TEXT_FIELDS.address, { required: false }),
    (e: unknown) => isDeskError(e) && e.code === 'text.bidi' && /Địa chỉ chứa .* U\+202E ở ký tự thứ 3/.test(e.text.vi),
  );
});

test('ordinary Vietnamese, foreign letters and punctuation pass unchanged', () => {
  for (const ok of ['Trần Thị Bình', "O'Brien-Smith", 'Số 12/3, ngõ 45, P. Bến Nghé, Q.1', 'Ðào (Đào)', '金 Kim', 'Nguyễn Văn Ấ']) {
    assert.deepEqual(name(ok), { ok: true, value: ok });
  }
});

test('showInvisible writes hidden characters as U+XXXX and leaves the rest alone', () => {
  assert.equal(showInvisible('\ufeff{"a":1}'), '<U+FEFF>{"a":1}');
  assert.equal(showInvisible('x\u0000y\u202ez\ud800'), 'x<U+0000>y<U+202E>z<U+D800>');
  assert.equal(showInvisible('Nguyễn Văn A'), 'Nguyễn Văn A');
});

test('the zod schema cleans what it accepts and keeps both languages of what it refuses', () => {
  const schema = citizenTextSchema(TEXT_FIELDS.fullName, { required: true, max: 20 });
  assert.equal(schema.parse(' Lê  Văn Tám '.normalize('NFD')), 'Lê Văn Tám');
  const blank = schema.safeParse('   ');
  assert.equal(blank.success, false);
  const bidi = schema.safeParse('A\u202eB');
  assert.equal(bidi.success, false);
  if (!bidi.success) {
    const issue = bidi.error.issues[0]!;
    assert.match(issue.message, /U\+202E .*\/ .*U\+202E/);
    assert.equal(issue.code, 'custom');
    assert.deepEqual(Object.keys((issue as { params?: { text?: object } }).params?.text ?? {}), ['vi', 'en']);
  }
  assert.equal(schema.safeParse('x'.repeat(21)).success, false);
});
