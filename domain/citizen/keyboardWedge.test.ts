import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyboardWedgeDetector, type Scan, type WedgeStep } from './keyboardWedge.ts';

const QR = '001090123456|012345678|Nguyễn Văn A|01011990|Nam|Thôn 1, Xã X, Tỉnh Y|15042021';

/** Feeds keys at a fixed gap from `start`; returns every step. */
function type(d: KeyboardWedgeDetector, keys: string[], start: number, gap: number): WedgeStep[] {
  return keys.map((k, i) => d.feed(k, start + i * gap));
}

const scansOf = (steps: WedgeStep[]): Scan[] => steps.flatMap((s) => (s.scan ? [s.scan] : []));

test('a fast burst ending with Enter is a scan; Enter and keys after the 20th are swallowed', () => {
  const d = new KeyboardWedgeDetector();
  const keys = [...QR];
  const steps = type(d, [...keys, 'Enter'], 1000, 8);
  const scans = scansOf(steps);
  assert.equal(scans.length, 1);
  assert.equal(scans[0]!.text, QR);
  assert.equal(scans[0]!.endedBy, 'terminator');
  assert.equal(scans[0]!.keys.length, keys.length);
  assert.deepEqual(
    steps.map((s) => s.swallow),
    [...keys.map((_, i) => i >= 19), true],
  );
  // The 19 keys let through are reported so the UI can take them out of the field.
  assert.equal(scans[0]!.leaked.map((k) => k.key).join(''), QR.slice(0, 19));
  assert.equal(steps.at(-1)!.scan, scans[0]);
});

test('a burst without Enter ends at the pause: on flush, or on the next key', () => {
  const d = new KeyboardWedgeDetector();
  type(d, [...QR], 0, 10);
  const lastAt = (QR.length - 1) * 10;
  assert.equal(d.flush(lastAt + 35), null, 'a gap of exactly maxGapMs is still inside the burst');
  const scan = d.flush(lastAt + 36);
  assert.equal(scan?.text, QR);
  assert.equal(scan?.endedBy, 'pause');
  assert.equal(d.flush(lastAt + 500), null, 'emitted once');

  const e = new KeyboardWedgeDetector();
  type(e, [...QR], 0, 10);
  const next = e.feed('x', lastAt + 200);
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

test('a gap longer than maxGapMs splits the keys into runs', () => {
  const d = new KeyboardWedgeDetector();
  const steps = [...type(d, [...'0123456789'], 0, 10), ...type(d, [...'0123456789', 'Enter'], 200, 10)];
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
  const keys = ['Shift', 'A', 'b', 'Shift', 'C', 'd', 'e', 'Enter'];
  const scans = scansOf(type(d, keys, 0, 5));
  assert.equal(scans[0]?.text, 'AbCde');
  assert.equal(scans[0]?.keys.length, 5);
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
  const d = new KeyboardWedgeDetector({ minLength: 3, maxGapMs: 60, terminators: ['Enter', 'Tab'] });
  const steps = type(d, ['a', 'b', 'c', 'Tab'], 0, 50);
  assert.equal(steps.at(-1)!.scan?.text, 'abc');
  assert.equal(steps.at(-1)!.swallow, true);
  assert.throws(() => new KeyboardWedgeDetector({ minLength: 1 }), RangeError);
  assert.throws(() => new KeyboardWedgeDetector({ maxGapMs: 0 }), RangeError);
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
  type(d, [...QR], 100, 2);
  assert.equal(d.interrupt(100 + QR.length * 2)?.text, QR);
});
