// Which top folders import which: `npm run -s graph:imports`. Counts every static or dynamic
// import between the tree's top folders (subpath #folder/… or relative), tests and benches
// apart, so that a boundary crossing shows up as an edge nobody expected.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const TOPS = ['domain', 'main', 'preload', 'renderer', 'tests', 'bench', 'scripts'];
const IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (/\.(ts|tsx|mjs)$/.test(entry.name)) yield path;
  }
}

/** Node-only test kits inside product folders: the ones tsconfig.renderer.json leaves out. */
const TEST_KIT = /\.test\.tsx?$|[/\\]test-support[/\\]|[/\\]testKit\.ts$|[/\\]chaosRun\.ts$/;

/** "renderer" or "renderer (tests)": a test file's imports say nothing about the product's graph. */
function nodeOf(path) {
  const top = relative(ROOT, path).split(sep)[0];
  return TEST_KIT.test(path) && top !== 'tests' ? `${top} (tests)` : top;
}

const edges = new Map();
for (const top of TOPS) {
  for (const file of files(join(ROOT, top))) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      let target;
      if (spec.startsWith('#')) target = spec.slice(1).split('/')[0];
      else if (spec.startsWith('.')) target = relative(ROOT, resolve(dirname(file), spec)).split(sep)[0];
      if (!TOPS.includes(target) || target === top) continue;
      const key = `${nodeOf(file)} → ${target}`;
      edges.set(key, (edges.get(key) ?? 0) + 1);
    }
  }
}
for (const [edge, count] of [...edges].sort()) console.log(`${edge.padEnd(28)} ${count}`);
