// Builds everything the app runs: the renderer (Vite) and the Electron shell and
// preload (esbuild, one file each: a sandboxed preload cannot require other files).
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { buildCli } from './cliBuild.mjs';

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
  // tesseract.js starts its worker thread from its own files (main/ocr/engine.ts).
  external: [...shared.external, '@pdf-lib/fontkit', 'pdf-lib', '@expo-google-fonts/tinos', 'sharp', 'bonjour-service', 'pkcs11js', 'tesseract.js'],
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
// The `desk` support CLI (scripts/cliBuild.mjs says how and why).
await buildCli(process.cwd(), 'dist/main');
await esbuild({ ...shared, entryPoints: ['preload/electron.ts'], outfile: 'dist/preload/electron.cjs', format: 'cjs', platform: 'browser' });
