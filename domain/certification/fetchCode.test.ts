// The fetch code: its format, its 60 random bits drawn from the random source, and how a citizen's
// typing is read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FETCH_CODE_BITS, FETCH_CODE_PATTERN, newFetchCode, normaliseFetchCode } from './fetchCode.ts';

test('a code is 12 Crockford symbols in three groups, and carries at least 50 random bits', () => {
  const code = newFetchCode();
  assert.match(code, FETCH_CODE_PATTERN);
  assert.ok(FETCH_CODE_BITS >= 50);
  assert.equal(code.replace(/-/g, '').length * 5, FETCH_CODE_BITS);
});

test('every symbol comes from the random source: 12 bytes asked, each byte’s low 5 bits used', () => {
  const asked: number[] = [];
  const code = newFetchCode((b) => {
    asked.push(b.length);
    b.set([0, 1, 31, 32 + 10, 255, 17, 18, 19, 20, 21, 22, 23]);
    return b;
  });
  assert.deepEqual(asked, [12]);
  assert.equal(code, '01ZA-ZHJK-MNPQ');
});

test('codes differ from one another: 10,000 drawn, no two alike, every symbol of the alphabet seen', () => {
  const codes = new Set(Array.from({ length: 10_000 }, () => newFetchCode()));
  assert.equal(codes.size, 10_000);
  const seen = new Set([...codes].join('').replace(/-/g, ''));
  assert.equal(seen.size, 32);
});

test('what a citizen types is read back to the code; anything else is no code', () => {
  assert.equal(normaliseFetchCode('01za zhjk mnpq'), '01ZA-ZHJK-MNPQ');
  assert.equal(normaliseFetchCode('OlZA-ZHJK-MNPQ'), '01ZA-ZHJK-MNPQ');
  assert.equal(normaliseFetchCode('01ZA-ZHJK-MNP'), null);
  assert.equal(normaliseFetchCode('01ZA-ZHJK-MNPU'), null);
  assert.equal(normaliseFetchCode('../../etc/passwd'), null);
  assert.equal(normaliseFetchCode('1'.repeat(100)), null);
});
