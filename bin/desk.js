#!/usr/bin/env node
// The `desk` command in a checkout (`npx desk`, `npm run desk`). It runs dist/main/cli.mjs, the
// bundle scripts/build.mjs writes, which starts in plain Node without compiling anything. It runs
// main/cli.ts through tsx (a development dependency that compiles TypeScript at every run, 0.4–1.3 s)
// only when the bundle is missing or older than one of the files it was built from
// (dist/main/cli.inputs.json): a support engineer editing a command must run the code being edited,
// not the last build. Where the sources are absent the bundle is all there is. The installed app
// does not come through here: its `desk` script starts the app's own executable with --cli
// (resources/bin/, main/electron.ts).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const bundle = fileURLToPath(new URL('dist/main/cli.mjs', root));

function bundleIsCurrent() {
  if (!existsSync(bundle)) return false;
  if (!existsSync(new URL('main/cli.ts', root))) return true;
  const built = statSync(bundle).mtimeMs;
  const listed = new URL('dist/main/cli.inputs.json', root);
  if (!existsSync(listed)) return false;
  // An input that no longer exists was deleted or renamed since the build: stale too.
  return JSON.parse(readFileSync(listed, 'utf8')).every((file) => {
    const input = new URL(file, root);
    return existsSync(input) && statSync(input).mtimeMs <= built;
  });
}

let main;
if (bundleIsCurrent()) {
  ({ main } = await import(new URL('dist/main/cli.mjs', root).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../main/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
