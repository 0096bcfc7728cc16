// Builds bench/pageSeed.entry.ts (and bench/protectionPage.entry.ts) into one script each for
// page.evaluate. The generator's module graph reaches React and react-i18next only through a
// component file it takes one pure function from: those are stubbed, the rest (calendar, code
// allocator, Dexie, the protection middleware and its ciphers) is real.
import { build, type Plugin } from 'esbuild';
import { fileURLToPath } from 'node:url';

const STUBBED = /^(react|react-dom|react-i18next|react\/jsx-runtime|react\/jsx-dev-runtime)$/;

const stubUi: Plugin = {
  name: 'stub-ui',
  setup(b) {
    b.onResolve({ filter: STUBBED }, (args) => ({ path: args.path, namespace: 'stub-ui' }));
    b.onLoad({ filter: /.*/, namespace: 'stub-ui' }, () => ({
      contents:
        'export const useTranslation = () => ({ t: (k) => k }); export const jsx = () => null; export const jsxs = () => null; export const Fragment = null; export default {};',
      loader: 'js',
    }));
  },
};

const bundles = new Map<string, Promise<string>>();

export function pageSeedScript(): Promise<string> {
  return pageScript('./pageSeed.entry.ts');
}

/** One bench entry (relative to bench/) as an IIFE script for page.evaluate; built once a run. */
export function pageScript(entry: string): Promise<string> {
  const cached = bundles.get(entry);
  if (cached) return cached;
  const bundle = build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    plugins: [stubUi],
    // The desk's CSP has no 'unsafe-eval', yet zod's probe for it passes in a script run over
    // CDP: make this copy of zod jitless while its schemas are built, then put the page's
    // shared zod setting back.
    banner: { js: 'var __deskZod = (globalThis.__zod_globalConfig ??= {}), __deskJitless = __deskZod.jitless; __deskZod.jitless = true;' },
    footer: { js: '__deskZod.jitless = __deskJitless;' },
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  bundles.set(entry, bundle);
  return bundle;
}
