import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inRolloutStage, rolloutBucket } from './rollout.ts';

const desks = Array.from({ length: 2000 }, (_, i) => `8.1.000000000.H01/${i}`);

test("a desk's bucket is 0..99 and the same every time it asks", () => {
  for (const desk of desks.slice(0, 50)) {
    const bucket = rolloutBucket(desk, '0.2.0');
    assert.ok(Number.isInteger(bucket) && bucket >= 0 && bucket < 100);
    assert.equal(rolloutBucket(desk, '0.2.0'), bucket);
  }
});

test('0% reaches no desk, 100% every desk, 20% about a fifth', () => {
  assert.equal(desks.filter((d) => inRolloutStage(d, '0.2.0', 0)).length, 0);
  assert.equal(desks.filter((d) => inRolloutStage(d, '0.2.0', 100)).length, desks.length);
  const share = desks.filter((d) => inRolloutStage(d, '0.2.0', 20)).length / desks.length;
  assert.ok(share > 0.16 && share < 0.24, `share ${share}`);
});

test('stages grow: a desk in the 10% stage stays in the 50% stage', () => {
  for (const desk of desks) if (inRolloutStage(desk, '0.2.0', 10)) assert.ok(inRolloutStage(desk, '0.2.0', 50));
});

test('each version picks its early desks afresh', () => {
  const early = (version: string) => new Set(desks.filter((d) => inRolloutStage(d, version, 10)));
  const a = early('0.2.0');
  const b = early('0.3.0');
  const both = [...a].filter((d) => b.has(d)).length;
  assert.ok(both < a.size / 2, `${both} of ${a.size} early desks again`);
});
