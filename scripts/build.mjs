// Builds everything the app runs: the renderer (Vite) and the Electron shell and
// preload (esbuild, one file each: a sandboxed preload cannot require other files).
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { readdir, rm, writeFile } from 'node:fs/promises';

await viteBuild({ logLevel: 'warn' });

const shared = { bundle: true, platform: 'node', target: 'node20', external: ['electron', 'node-hid'], logLevel: 'warning' };
await esbuild({
  ...shared,
  entryPoints: ['main/electron.ts'],
  outfile: 'dist/main/electron.cjs',
  format: 'cjs',
  // Modules find their data files relative to import.meta.url, which CJS lacks.
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
  // Native or data-carrying packages stay in node_modules, which electron-builder ships.
  external: [...shared.external, '@pdf-lib/fontkit', 'pdf-lib', '@expo-google-fonts/tinos', 'sharp', 'bonjour-service', 'pkcs11js'],
});
// PKCS#11 modules may block or crash: each runs in a child process (Electron's utilityProcess in the
// app, node:child_process elsewhere) started from this bundle, found beside electron.cjs.
await esbuild({
  ...shared,
  entryPoints: ['main/token/pkcs11/pkcs11Worker.ts'],
  outfile: 'dist/main/pkcs11-worker.cjs',
  format: 'cjs',
  external: [...shared.external, 'pkcs11js'],
});
// The `desk` support CLI, built so that it starts in plain Node (bin/desk.js) and in the packaged
// app's `--cli` switch (main/electron.ts) without tsx, a development dependency that compiled
// TypeScript at every run (0.4–1.3 s). ESM with code splitting: each command is its own chunk, so
// `desk holidays` does not parse the signing and scanning code (one 2.6 MB CommonJS file cost
// ~70 ms more per run). The chunks sit beside cli.mjs in dist/main so that import.meta.url finds
// what the sources find from main/: pkcs11-worker.cjs, and ../../domain/catalog/ in a checkout.
for (const old of await readdir('dist/main').catch(() => [])) if (/^cli[.-]/.test(old)) await rm(`dist/main/${old}`);
const cli = await esbuild({
  ...shared,
  metafile: true,
  entryPoints: { cli: 'main/cli.ts' },
  outdir: 'dist/main',
  format: 'esm',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'cli-[name]-[hash]',
  external: [...shared.external, '@pdf-lib/fontkit', 'pdf-lib', '@expo-google-fonts/tinos', 'sharp', 'bonjour-service', 'pkcs11js'],
});
// What the bundle was built from, so bin/desk.js in a checkout can tell a stale bundle (a source
// edited since) and run the sources through tsx instead. The package files stand for the bundled
// dependencies (and the #subpath imports), which npm replaces without touching the sources.
const cliInputs = Object.keys(cli.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
await writeFile('dist/main/cli.inputs.json', `${JSON.stringify([...cliInputs, 'package.json', 'package-lock.json'])}\n`);
await esbuild({ ...shared, entryPoints: ['preload/electron.ts'], outfile: 'dist/preload/electron.cjs', format: 'cjs', platform: 'browser' });
