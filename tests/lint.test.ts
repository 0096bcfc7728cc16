// Lint and format are part of the test run: a boundary crossed (domain/ reaching for node:
// or main/, the renderer or the contract importing main/, electron imported outside the two
// shell files), a type-aware lint error, or a file Prettier would change fails npm test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** A tool's own command-line script (eslint exports no bin path, so it is found beside its package.json). */
function run(pkg: string, bin: string, args: string[]) {
  const script = join(dirname(require.resolve(`${pkg}/package.json`)), bin);
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

test('eslint reports nothing (boundaries, type-aware rules, React hooks)', () => {
  const lint = run('eslint', 'bin/eslint.js', ['.', '--max-warnings', '0']);
  assert.equal(lint.status, 0, lint.stdout + lint.stderr);
});

test('prettier would change nothing', () => {
  const format = run('prettier', 'bin/prettier.cjs', ['--check', '.']);
  assert.equal(format.status, 0, format.stdout + format.stderr);
});
