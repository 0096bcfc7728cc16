// The idle warm-up of the form renderer: it renders what its plan says and stops when main closes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { warmFormRenderer } from './warmUp.ts';

test('the warm-up renders its planned receipts', async () => {
  assert.equal(await warmFormRenderer(new AbortController().signal, { delayMs: 0, renders: 3, pauseMs: 0 }), 3);
});

test('closing main stops the warm-up, during its first wait or between renders', async () => {
  const closed = new AbortController();
  const waiting = warmFormRenderer(closed.signal, { delayMs: 60_000, renders: 3, pauseMs: 0 });
  closed.abort();
  assert.equal(await waiting, 0);
  const between = new AbortController();
  const rendering = warmFormRenderer(between.signal, { delayMs: 0, renders: 50, pauseMs: 60_000 });
  setTimeout(() => between.abort(), 0);
  assert.ok((await rendering) < 50);
});
