import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALT_CODE_DIGIT, KeyboardWedgeDetector, looksLikeCitizenQr, type Scan, type WedgeStep } from './keyboardWedge.ts';

const QR = '001090123456|012345678|Nguyễn Văn A|01011990|Nam|Thôn 1, Xã X, Tỉnh Y|15042021';

/** Feeds keys at a fixed gap from `start`; returns every step. */
function type(d: KeyboardWedgeDetector, keys: string[], start: number, gap: number): WedgeStep[] {
  return keys.map((k, i) => d.feed(k, start + i * gap));
}

const scansOf = (steps: WedgeStep[]): Scan[] => steps.flatMap((s) => (s.scan ? [s.scan] : []));

test('a fast burst ending with Enter is a scan; Enter and keys after the 20th are swallowed', () => {
  // Not a citizen-ID QR, so speed alone recognises it (and the officer is told what it is not).
  const wifi = 'WIFI:S:office-wifi;T:WPA;P:secret;;';
  const d = new KeyboardWedgeDetector();
  const keys = [...wifi];
  const steps = type(d, [...keys, 'Enter'], 1000, 8);
  const scans = scansOf(steps);
  assert.equal(scans.length, 1);
  assert.equal(scans[0]!.text, wifi);
  assert.equal(scans[0]!.endedBy, 'terminator');
  assert.equal(scans[0]!.keys.length, keys.length);
  assert.deepEqual(
    steps.map((s) => s.swallow),
    [...keys.map((_, i) => i >= 19), true],
  );
  // The 19 keys let through are reported so the UI can take them out of the field.
  assert.equal(scans[0]!.leaked.map((k) => k.key).join(''), wifi.slice(0, 19));
  assert.equal(steps.at(-1)!.scan, scans[0]);
});

test('a burst without Enter ends at the pause: on flush, or on the next key', () => {
  const d = new KeyboardWedgeDetector();
  type(d, [...QR], 0, 10);
  const lastAt = (QR.length - 1) * 10;
  assert.equal(d.running, true, "a caller's timer waits on while the run lasts");
  assert.equal(d.flush(lastAt + 1000), null, 'a gap of exactly recognisedMaxGapMs is still inside a recognised burst');
  const scan = d.flush(lastAt + 1001);
  assert.equal(scan?.text, QR);
  assert.equal(scan?.endedBy, 'pause');
  assert.equal(d.flush(lastAt + 1500), null, 'emitted once');
  assert.equal(d.running, false);

  const e = new KeyboardWedgeDetector();
  type(e, [...QR], 0, 10);
  const next = e.feed('x', lastAt + 1100);
  assert.equal(next.scan?.text, QR);
  assert.equal(next.swallow, false, 'the key after the pause is a new, human key');
});

test('slow human typing is never swallowed, however long', () => {
  const d = new KeyboardWedgeDetector();
  const text = 'Nguyễn Văn A, thôn 1, xã X, tỉnh Y, số điện thoại 0912345678';
  const steps = type(d, [...text, 'Enter'], 0, 120);
  assert.ok(steps.every((s) => !s.swallow && s.scan === null));
  assert.equal(d.flush(1_000_000), null);
});

test('fast human bursts shorter than minLength are not scans', () => {
  const d = new KeyboardWedgeDetector();
  const steps: WedgeStep[] = [];
  for (let word = 0; word < 20; word++) steps.push(...type(d, [...'nguyen', ' '], word * 400, 25));
  steps.push(d.feed('Enter', 20 * 400));
  assert.ok(steps.every((s) => !s.swallow && s.scan === null));
});

test('a recognised scan held back mid-way by a busy PC (600 ms) stays one scan; an unrecognised run splits at maxGapMs', () => {
  const d = new KeyboardWedgeDetector();
  const half = Math.floor(QR.length / 2);
  const steps = [...type(d, [...QR.slice(0, half)], 0, 80), ...type(d, [...QR.slice(half), 'Enter'], half * 80 + 600, 80)];
  const scans = scansOf(steps);
  assert.equal(scans.length, 1);
  assert.equal(scans[0]!.text, QR);
  assert.ok(
    steps.slice(half).every((s) => s.swallow),
    'the keys after the stall are swallowed, none reach the field',
  );
});

test('a gap longer than maxGapMs splits the keys into runs', () => {
  const d = new KeyboardWedgeDetector();
  const steps = [...type(d, [...'0123456789'], 0, 10), ...type(d, [...'0123456789', 'Enter'], 400, 10)];
  assert.deepEqual(scansOf(steps), []);
});

test('auto-repeat of a held key is not a scan', () => {
  const d = new KeyboardWedgeDetector();
  const steps = Array.from({ length: 50 }, (_, i) => d.feed('a', i * 30, i > 0));
  steps.push(d.feed('Enter', 50 * 30));
  assert.ok(steps.every((s) => !s.swallow && s.scan === null));
});

test('Shift between characters neither counts nor breaks the burst', () => {
  const d = new KeyboardWedgeDetector({ minLength: 5 });
  const keys = ['Shift', 'A', 'b', 'Shift', 'C', 'd', 'e', 'Shift', 'f', 'Enter'];
  const steps = type(d, keys, 0, 5);
  const scans = scansOf(steps);
  assert.equal(steps[7]!.swallow, false, 'a silent key inside a recognised burst is let through: cancelling it would drop the character after it');
  assert.equal(scans[0]?.text, 'AbCdef');
  assert.equal(scans[0]?.keys.length, 6);
});

test('an editing key ends the run like a pause', () => {
  const d = new KeyboardWedgeDetector({ minLength: 5 });
  const steps = type(d, ['1', '2', '3', 'Backspace', '4', '5', '6', 'Enter'], 0, 5);
  assert.deepEqual(scansOf(steps), []);
  const e = new KeyboardWedgeDetector({ minLength: 3 });
  const s2 = type(e, ['1', '2', '3', 'Tab'], 0, 5);
  assert.equal(s2.at(-1)!.scan?.endedBy, 'pause');
  assert.equal(s2.at(-1)!.swallow, false);
});

test('multi-code-unit keys: decomposed Vietnamese letters and astral characters', () => {
  const d = new KeyboardWedgeDetector({ minLength: 4 });
  const keys = ['N', 'g', 'u', 'y', 'e\u0302\u0303', 'n', ' ', '𝐀', 'Enter'];
  const scans = scansOf(type(d, keys, 0, 3));
  assert.equal(scans[0]?.text, 'Nguyễn 𝐀');
  assert.equal(scans[0]?.keys.length, 8, 'counted in keystrokes, not code units');
});

test('options are configurable: Tab as terminator, a wider gap', () => {
  const d = new KeyboardWedgeDetector({ minLength: 3, fastGapMs: 60, maxGapMs: 60, terminators: ['Enter', 'Tab'] });
  const steps = type(d, ['a', 'b', 'c', 'Tab'], 0, 50);
  assert.equal(steps.at(-1)!.scan?.text, 'abc');
  assert.equal(steps.at(-1)!.swallow, true);
  assert.throws(() => new KeyboardWedgeDetector({ minLength: 1 }), RangeError);
  assert.throws(() => new KeyboardWedgeDetector({ maxGapMs: 0 }), RangeError);
  assert.throws(() => new KeyboardWedgeDetector({ fastGapMs: 0 }), RangeError);
  assert.throws(() => new KeyboardWedgeDetector({ fastGapMs: 50, maxGapMs: 40 }), RangeError);
});

test('two scans in a row are reported separately', () => {
  const d = new KeyboardWedgeDetector();
  const first = type(d, [...QR, 'Enter'], 0, 5);
  const second = type(d, [...QR.replace('Nam', 'Nữ'), 'Enter'], 5000, 5);
  assert.equal(scansOf(first).length, 1);
  assert.equal(scansOf(second)[0]?.text, QR.replace('Nam', 'Nữ'));
});

test('an interruption ends a run: a short run is dropped, a burst is reported', () => {
  const d = new KeyboardWedgeDetector();
  type(d, [...'0912345678'], 0, 1);
  assert.equal(d.interrupt(12), null, 'ten quick keys are not a scan');
  const after = type(d, [...'0010901234567'], 14, 1);
  assert.equal(scansOf(after).length, 0);
  assert.equal(
    after.some((s) => s.swallow),
    false,
    'the run restarted after the interruption',
  );
  type(d, [...QR], 500, 2);
  assert.equal(d.interrupt(500 + QR.length * 2)?.text, QR);
});

test('a scanner at 35 or 80 ms per key is recognised by the QR\'s head: 12 digits and "|"', () => {
  for (const gap of [35, 80]) {
    const d = new KeyboardWedgeDetector();
    const steps = type(d, [...QR, 'Enter'], 0, gap);
    const scans = scansOf(steps);
    assert.equal(scans.length, 1, `${gap} ms`);
    assert.equal(scans[0]!.text, QR);
    assert.equal(scans[0]!.endedBy, 'terminator');
    // The twelve digits reached the field; from the separator on nothing did, Enter included.
    assert.equal(scans[0]!.leaked.map((k) => k.key).join(''), '001090123456');
    assert.deepEqual(
      steps.map((s) => s.swallow),
      [...[...QR].map((_, i) => i >= 12), true],
    );
    assert.deepEqual(
      steps.flatMap((s, i) => (s.started ? [i] : [])),
      [0],
      'one run, started at its first key',
    );
  }
});

test('an old CMND number and a separator are a QR head too, so the old card is named, not typed', () => {
  const d = new KeyboardWedgeDetector();
  const steps = type(d, [...'012345678|Nguyễn Văn A|01011990', 'Enter'], 0, 80);
  assert.equal(steps[9]!.swallow, true, 'swallowed from the separator');
  assert.equal(scansOf(steps)[0]?.leaked.length, 9);
});

test("a slow run without the head is pulled back whole once it ends with the QR's shape; its Enter is swallowed", () => {
  const d = new KeyboardWedgeDetector();
  const foreign = 'P<UTOERIKSSON<<ANNA<MARIA|L898902C3|UTO';
  const steps = type(d, [...foreign, 'Enter'], 0, 80);
  assert.ok(
    steps.slice(0, -1).every((s) => !s.swallow && s.scan === null),
    'nothing to go on until it ends',
  );
  const scan = steps.at(-1)!.scan;
  assert.equal(scan?.text, foreign);
  assert.equal(scan?.leaked.length, [...foreign].length, 'every key reached the field and is taken back');
  assert.equal(steps.at(-1)!.swallow, true, 'the Enter does not submit or press anything');

  const e = new KeyboardWedgeDetector();
  type(e, [...foreign], 0, 80);
  assert.equal(e.flush(foreign.length * 80 + 300)?.endedBy, 'pause', 'without Enter, the pause ends it');
});

test('a fast typist at 80 ms per key is never taken for a scanner', () => {
  const d = new KeyboardWedgeDetector();
  const words = ['Nguyễn Văn An', '001090123456', '0912345678', 'Số 5, ngõ 12 phố Huế, Phường Hai Bà Trưng, Hà Nội'];
  for (const [i, w] of words.entries()) {
    const steps = type(d, [...w, i % 2 === 0 ? 'Tab' : 'Enter'], i * 10_000, 80);
    assert.ok(
      steps.every((s) => !s.swallow && s.scan === null),
      w,
    );
  }
  assert.equal(d.flush(1_000_000), null);
});

test('Alt codes: the Alt and numpad-digit events are the pace, the character that follows is the key', () => {
  // Alt down, four digits, Alt up, then the character: six events for "á", one for "a".
  const keysOf = (text: string): string[] => [...text].flatMap((ch) => (/[\x20-\x7e]/.test(ch) ? [ch] : ['Alt', ...Array(4).fill(ALT_CODE_DIGIT), 'Alt', ch]));
  const qr = '001090123456||Nguyễn Văn An|01011990|Nam|Hà Nội|15042021'.normalize('NFD');
  for (const gap of [4, 35, 80]) {
    const d = new KeyboardWedgeDetector();
    const scans = scansOf(type(d, [...keysOf(qr), 'Enter'], 0, gap));
    assert.equal(scans.length, 1, `${gap} ms`);
    assert.equal(scans[0]!.text, qr.normalize('NFC'), 'decomposed tones come out composed');
  }
  // At 20 ms per event a character typed by Alt code takes 120 ms, yet the run stays fast.
  const d = new KeyboardWedgeDetector();
  const steps = type(d, keysOf('Nguyễn Thị Ánh Hồng Ngọc Trâm'), 0, 20);
  assert.ok(
    steps.some((s) => s.swallow),
    'recognised by speed alone at minLength characters',
  );
});

test('a silent key after a long pause ends the run instead of joining it', () => {
  const d = new KeyboardWedgeDetector();
  type(d, [...QR], 0, 4);
  const step = d.feed('Shift', QR.length * 4 + 1500);
  assert.equal(step.scan?.text, QR);
  assert.equal(step.swallow, false);
});

test('looksLikeCitizenQr: the head, or two separators in a long text', () => {
  assert.equal(looksLikeCitizenQr(QR), true);
  assert.equal(looksLikeCitizenQr('  012345678|x'), true);
  assert.equal(looksLikeCitizenQr('P<UTOERIKSSON<<ANNA<MARIA|L898902C3|UTO'), true);
  assert.equal(looksLikeCitizenQr('a|b|c'), false, 'too short to be a card');
  assert.equal(looksLikeCitizenQr('001090123456'), false, 'an ID number alone is what officers type');
  assert.equal(looksLikeCitizenQr('Số 5, ngõ 12 phố Huế, Phường Hai Bà Trưng'), false);
});
