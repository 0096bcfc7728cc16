// How the `desk` support CLI is bundled: scripts/build.mjs writes it into dist/main, and the
// benchmark (bench/cli.ts) into a folder of its own, with the same options.
//
// Built so that it starts in plain Node (bin/desk.js) and in the packaged app's `--cli` switch
// (main/electron.ts) without tsx, a development dependency that compiled TypeScript at every run
// (0.4–1.3 s). ESM with code splitting: each command is its own chunk, so `desk holidays` does not
// parse the signing and scanning code (one 2.6 MB CommonJS file cost ~70 ms more per run). The
// chunks sit beside cli.mjs so that import.meta.url finds what the sources find from main/:
// pkcs11-worker.cjs, and ../../domain/catalog/ (electron-builder.yml ships that file too).
import { build } from 'esbuild';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Native or data-carrying packages load from node_modules, which electron-builder ships. */
export const MAIN_EXTERNAL = ['electron', 'node-hid', '@pdf-lib/fontkit', 'pdf-lib', '@expo-google-fonts/tinos', 'sharp', 'bonjour-service', 'pkcs11js'];

/** Bundles main/cli.ts into `outdir` (cli.mjs and its cli-*.mjs chunks, old chunks removed) from the repository at `root`. */
export async function buildCli(root, outdir) {
  for (const old of await readdir(outdir).catch(() => [])) if (/^cli[.-]/.test(old)) await rm(join(outdir, old));
  const result = await build({
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    metafile: true,
    entryPoints: { cli: 'main/cli.ts' },
    outdir,
    format: 'esm',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'cli-[name]-[hash]',
    external: MAIN_EXTERNAL,
  });
  // What the bundle was built from, so bin/desk.js in a checkout can tell a stale bundle (a source
  // edited since) and run the sources through tsx instead. The package files stand for the bundled
  // dependencies (and the #subpath imports), which npm replaces without touching the sources.
  const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  await writeFile(join(outdir, 'cli.inputs.json'), `${JSON.stringify([...inputs, 'package.json', 'package-lock.json'])}\n`);
}
