// The whole tree typechecks, including the Electron shell and preload against Electron's own
// types: they cannot run here, so this is what keeps them honest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const root = fileURLToPath(new URL('..', import.meta.url));

test('tsc --noEmit reports no errors', () => {
  const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', '.'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});

// The renderer is typechecked alone, as the browser sees it: DOM types, no Node types. Its
// program must not contain main's files: a type imported from main/ drags main's code (and
// through it Node's types) into the renderer's view, whether or not it happens to compile.
test('the renderer typechecks alone (tsconfig.renderer.json), without main/ or Node types', () => {
  const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.renderer.json', '--listFiles'], { cwd: root, encoding: 'utf8' });
  const files = run.stdout.split('\n').filter((line) => line.startsWith('/'));
  assert.equal(
    run.status,
    0,
    run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('/'))
      .join('\n') + run.stderr,
  );
  const fromMain = files.map((f) => relative(root, f)).filter((f) => f.startsWith(`main${sep}`));
  assert.deepEqual(
    fromMain,
    [],
    'renderer, preload/wire and domain must not import from main/ (tsc --explainFiles -p tsconfig.renderer.json says which file does)',
  );
  const nodeTypes = files.filter((f) => f.includes(`${sep}@types${sep}node${sep}`));
  assert.deepEqual(nodeTypes.slice(0, 1), [], 'Node types reached the renderer (tsc --explainFiles -p tsconfig.renderer.json says through which file)');
});
