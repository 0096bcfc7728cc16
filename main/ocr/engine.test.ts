import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '#domain/errors.ts';
import { OcrEngine } from './engine.ts';
import { makeTestPage } from '#main/scan/pipeline/testPages.ts';

// A cancel that lands while the engine's thread is still starting, with a page waiting for it:
// tesseract.js used to get that page's job after its thread was dropped, which rejected where
// nobody listened (an unhandled rejection, which ends a Node process) and left the page's
// recognition unsettled for ever (seen as a failed e2e file in a full CI run).
test(
  'a page waiting for the engine to start, when the engine is terminated, fails with "stopped"; nothing is left unhandled',
  { timeout: 120_000 },
  async () => {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      const page = new Uint8Array(await makeTestPage('text', { dpi: 200 }));
      const engine = new OcrEngine();
      const recognising = engine.recognize(page, 200);
      await engine.terminate();
      await assert.rejects(recognising, (e) => isDeskError(e) && e.code === 'ocr.stopped');
      // A job sent to a dropped thread rejects on a later turn of the event loop: give it one.
      await new Promise((ok) => setTimeout(ok, 200));
      assert.deepEqual(unhandled.map(String), [], 'no rejection went unhandled');

      // The engine starts again for the next page.
      const result = await engine.recognize(page, 200);
      assert.ok(result.words.length > 0, 'the next page is recognised by a new thread');
      await engine.terminate();
    } finally {
      process.off('unhandledRejection', note);
    }
  },
);
