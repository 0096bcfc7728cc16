// Chaos (see chaosRun.ts): drops, 503s, cut uploads, desk restarts and a province restart,
// then a clean link: nothing lost, nothing duplicated, every file's hash right, the outbox empty.
import { openTestDb } from '../test-support/desk.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runChaos } from './chaosRun.ts';
import { startProvince } from './testKit.ts';

const SEED = 20261123;

test('chaos: drops, 503s, cut uploads, desk restarts and a province restart lose and duplicate nothing', async () => {
  const province = await startProvince();
  const db = openTestDb('chaos');
  try {
    const figures = await runChaos(province, db, SEED);
    console.log(`chaos figures: ${JSON.stringify(figures)}`);
    assert.equal(figures.lost, 0);
    assert.equal(figures.duplicated, 0);
    assert.equal(figures.hashMismatches, 0);
    assert.equal(figures.outboxLeft, 0);
    assert.equal(figures.errored, 0);
  } finally {
    db.close();
    await province.close();
  }
});
