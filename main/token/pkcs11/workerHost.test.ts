// A worker that dies in the middle of a call: the caller gets a clear error at once and
// the next call runs in a fresh worker against the real module.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { TokenError } from './errors.ts';
import type { WorkerData } from './protocol.ts';
import { createSoftHsmToken, type SoftHsmFixture } from './softhsmFixture.ts';
import { Pkcs11Host, spawnWorker } from './workerHost.ts';

/** Dies on its first request the way a worker thread can: by exiting or by throwing. */
function dyingWorker(how: 'exit' | 'throw'): Worker {
  const die = how === 'exit' ? 'process.exit(3)' : "setImmediate(() => { throw new Error('module fault') })";
  return new Worker(`require('node:worker_threads').parentPort.once('message', () => { ${die}; });`, { eval: true });
}

function firstDiesThenReal(how: 'exit' | 'throw'): (data: WorkerData) => Worker {
  let spawned = 0;
  return (data) => (spawned++ === 0 ? dyingWorker(how) : spawnWorker(data));
}

let fx: SoftHsmFixture;

before(async () => {
  fx = await createSoftHsmToken();
});

after(async () => {
  await fx?.cleanup();
});

describe('a worker that dies mid-call', () => {
  for (const how of ['exit', 'throw'] as const) {
    it(`(${how}) fails the call with a clear error, and the next call works`, async () => {
      const host = new Pkcs11Host(fx.modulePath, firstDiesThenReal(how));
      try {
        const before = host.generation;
        await assert.rejects(host.call('tokens', {}), (e: unknown) => {
          assert.ok(e instanceof TokenError);
          assert.equal(e.code, 'pkcs11.worker-crashed');
          assert.match(e.text.vi, /Trình điều khiển token gặp lỗi/);
          assert.match(e.text.en, how === 'exit' ? /exit 3/ : /module fault/);
          return true;
        });
        // A session from the dead worker is refused, not sent to the new one.
        await assert.rejects(host.call('sign', { signer: 1, mechanism: 'ec', data: new Uint8Array(32), pin: null }, { generation: before }), (e: unknown) => {
          assert.ok(e instanceof TokenError);
          assert.equal(e.code, 'pkcs11.session-lost');
          return true;
        });
        const tokens = await host.call('tokens', {});
        assert.ok(tokens.some((t) => t.label === fx.tokenLabel));
      } finally {
        await host.shutdown();
      }
    });
  }
});
