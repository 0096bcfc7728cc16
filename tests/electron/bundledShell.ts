// The Electron shell as scripts/build.mjs bundles it, run in this process with the fake electron
// and driven over IPC like the renderer. The shell tests share this so each bundles and boots the
// real main/electron.ts the same way and differs only in what it checks.
import assert from 'node:assert/strict';
import { build, type Plugin } from 'esbuild';
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { createFakeElectron, type FakeElectron } from './fakeElectron.ts';
import { IPC_CHANNEL } from '#preload/channel.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Native or asset-carrying packages the build leaves out of the bundle too. */
const EXTERNAL = ['electron', 'node-hid', '@pdf-lib/fontkit', 'pdf-lib', '@expo-google-fonts/tinos', 'sharp', 'bonjour-service', 'pkcs11js'];

export interface BundledShell {
  /** Starts a fresh shell on a new fake electron and waits for app.whenReady. */
  boot(appPath: string): Promise<FakeElectron>;
}

/** Bundles main/electron.ts once as dist/main/electron.<name>-test.cjs (in memory); plugins stand in for data files. */
export async function bundleShell(name: string, plugins: Plugin[] = []): Promise<BundledShell> {
  const filename = join(REPO, `dist/main/electron.${name}-test.cjs`);
  const bundled = await build({
    entryPoints: [join(REPO, 'main/electron.ts')],
    outfile: filename,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
    absWorkingDir: REPO,
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
    external: EXTERNAL,
    plugins,
  });
  const shell = new Script(Module.wrap(bundled.outputFiles[0]!.text), { filename });
  return {
    async boot(appPath) {
      const fake = createFakeElectron({ appPath, version: '9.9.9' });
      const realRequire = createRequire(filename);
      const module = { exports: {} };
      (shell.runInThisContext() as (...args: unknown[]) => void).call(
        module.exports,
        module.exports,
        (id: string) => (id === 'electron' ? fake.module : realRequire(id)),
        module,
        filename,
        dirname(filename),
      );
      await fake.becomeReady();
      return fake;
    },
  };
}

export type Answer<T> = { ok: true; result: T } | { ok: false; error: { code: string; text: { vi: string; en: string } } };

/** One call over the desk's IPC channel, from the app's own page. */
export function ipcCall<T>(fake: FakeElectron, name: string, input: unknown): Promise<Answer<T>> {
  return fake.state.ipcHandlers.get(IPC_CHANNEL)!({ senderFrame: { url: 'app://desk/index.html' } }, name, input) as Promise<Answer<T>>;
}

/** A call that must succeed: its result, or the test fails with main's answer. */
export async function ipcOk<T>(fake: FakeElectron, name: string, input: unknown): Promise<T> {
  const answer = await ipcCall<T>(fake, name, input);
  assert.ok(answer.ok, JSON.stringify(answer));
  return answer.result;
}
