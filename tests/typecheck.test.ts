// The whole tree typechecks, including the Electron shell and preload against Electron's own
// types: they cannot run here, so this is what keeps them honest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

test('tsc --noEmit reports no errors', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', '.'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
