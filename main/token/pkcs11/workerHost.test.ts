// A module process that dies in the middle of a call: the caller gets a clear error at
// once and the next call runs in a fresh process against the real module.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { TokenError } from './errors.ts';
import { nodeLauncher, type ProcessLauncher } from './processLauncher.ts';
import { createSoftHsmToken, type SoftHsmFixture } from './softhsmFixture.ts';
import { Pkcs11Host } from './workerHost.ts';

/** A real child process that dies on its first request: by exiting, or by an uncaught exception. */
const dyingLauncher =
  (how: 'exit' | 'throw'): ProcessLauncher =>
  (events) => {
    const die = how === 'exit' ? 'process.exit(3)' : "setImmediate(() => { throw new Error('module fault') })";
    // The hello comes first; the request after it is the one to die on.
    const code = `let seen = 0; process.on('message', () => { if (++seen === 2) { ${die}; } });`;
    const child = spawn(process.execPath, ['-e', code], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    child.on('exit', (exitCode, signal) => events.exit(signal ? `signal ${signal}` : `exit ${exitCode}`));
    return { send: (message) => void child.send(message), stop: () => void child.kill('SIGKILL') };
  };

function firstDiesThenReal(how: 'exit' | 'throw'): ProcessLauncher {
  let launched = 0;
  return (events) => (launched++ === 0 ? dyingLauncher(how)(events) : nodeLauncher(events));
}

let fx: SoftHsmFixture;

before(async () => {
  fx = await createSoftHsmToken();
});

after(async () => {
  await fx?.cleanup();
});

describe('a module process that dies mid-call', () => {
  for (const how of ['exit', 'throw'] as const) {
    it(`(${how}) fails the call with a clear error, and the next call works`, async () => {
      const host = new Pkcs11Host(fx.modulePath, firstDiesThenReal(how));
      try {
        const before = host.generation;
        await assert.rejects(host.call('tokens', {}), (e: unknown) => {
          assert.ok(e instanceof TokenError);
          assert.equal(e.code, 'pkcs11.worker-crashed');
          assert.match(e.text.vi, /Trình điều khiển token gặp lỗi/);
          // An uncaught exception ends a Node process with exit code 1.
          assert.match(e.text.en, how === 'exit' ? /exit 3/ : /exit 1/);
          return true;
        });
        // A session from the dead process is refused, not sent to the new one.
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
