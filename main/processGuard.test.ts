import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const guard = fileURLToPath(new URL('./processGuard.ts', import.meta.url));

function runHost(guarded: boolean) {
  const script = `
    ${guarded ? `const { keepRunningOnUnhandledRejection } = await import(${JSON.stringify(guard)}); keepRunningOnUnhandledRejection();` : ''}
    Promise.reject(new TypeError('Nguyễn Văn A 001090123456'));
    setTimeout(() => process.stdout.write('still answering'), 50);
  `;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
}

test('a host keeps running after a promise nobody awaited, and logs only the error class', () => {
  const unguarded = runHost(false);
  assert.notEqual(unguarded.status, 0, 'without the guard node ends the process');
  const guarded = runHost(true);
  assert.equal(guarded.status, 0, guarded.stderr);
  assert.equal(guarded.stdout, 'still answering');
  assert.match(guarded.stderr, /"message":"unhandled rejection","error":"TypeError"/);
  assert.doesNotMatch(guarded.stderr, /Nguyễn|001090123456/);
});
