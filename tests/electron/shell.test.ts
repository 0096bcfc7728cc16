// The Electron shell's hardening (docs/architecture.md, Security baseline), proven without
// Electron: the shell and preload are bundled exactly as scripts/build.mjs bundles them, then
// run under Node with `electron` bound to a recording fake (tests/electron/fakeElectron.ts).
// The same checks run on the shipped artifacts in dist/ when they exist.
// tests/electron/binary.test.ts drives the real binary where present.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { build, type BuildOptions } from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { createFakeElectron, fakeEvent, matchesPattern, FakeWebContents, type FakeElectron, type IpcEvent } from './fakeElectron.ts';
import { CONTENT_SECURITY_POLICY } from '#main/csp.ts';
import { IPC_CHANNEL } from '#preload/channel.ts';
import { contract } from '#preload/contract.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const ORIGIN = 'app://desk';

// ---------------------------------------------------------------------------------------------
// Loading a bundle with `electron` bound to the fake

interface Bundle {
  filename: string;
  script: Script;
}

interface Target {
  name: string;
  main: Bundle;
  preload: Bundle;
}

function compile(code: string, filename: string): Bundle {
  return { filename, script: new Script(Module.wrap(code), { filename }) };
}

/** The same esbuild options as scripts/build.mjs, in memory; file names sit in dist/ so relative lookups match. */
async function bundleFromSource(): Promise<Target> {
  const external = ['electron', 'node-hid'];
  const shared = { bundle: true, platform: 'node', target: 'node20', external, logLevel: 'silent', write: false, absWorkingDir: REPO } satisfies BuildOptions;
  const main = await build({
    ...shared,
    entryPoints: [join(REPO, 'main/electron.ts')],
    outfile: join(REPO, 'dist/main/electron.cjs'),
    format: 'cjs',
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
    external: [...external, '@pdf-lib/fontkit', 'pdf-lib', '@expo-google-fonts/tinos', 'sharp', 'bonjour-service'],
  });
  const preload = await build({
    ...shared,
    entryPoints: [join(REPO, 'preload/electron.ts')],
    outfile: join(REPO, 'dist/preload/electron.cjs'),
    format: 'cjs',
    platform: 'browser',
  });
  return {
    name: 'bundled from source (scripts/build.mjs options)',
    main: compile(main.outputFiles[0]!.text, join(REPO, 'dist/main/electron.from-source.cjs')),
    preload: compile(preload.outputFiles[0]!.text, join(REPO, 'dist/preload/electron.from-source.cjs')),
  };
}

const DIST_MAIN = join(REPO, 'dist/main/electron.cjs');
const DIST_PRELOAD = join(REPO, 'dist/preload/electron.cjs');

/** The newest mtime of the sources the shell and preload are bundled from (tests aside). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function distSkipReason(): string | false {
  if (!existsSync(DIST_MAIN) || !existsSync(DIST_PRELOAD)) return 'dist/ not built (run node scripts/build.mjs)';
  const built = Math.min(statSync(DIST_MAIN).mtimeMs, statSync(DIST_PRELOAD).mtimeMs);
  const sources = Math.max(...['main', 'preload', 'domain'].map((dir) => newestSource(join(REPO, dir))));
  return sources > built ? 'dist/ is older than main/, preload/ or domain/ (run node scripts/build.mjs; npm test does)' : false;
}

function distTarget(): Target {
  return {
    name: 'built artifacts in dist/',
    main: compile(readFileSync(DIST_MAIN, 'utf8'), DIST_MAIN),
    preload: compile(readFileSync(DIST_PRELOAD, 'utf8'), DIST_PRELOAD),
  };
}

/** Runs a CJS bundle as Node would, except that require('electron') gets the fake. Returns what it required. */
function run(bundle: Bundle, fake: FakeElectron): string[] {
  const required: string[] = [];
  const realRequire = createRequire(bundle.filename);
  const fakeRequire = (id: string): unknown => {
    required.push(id);
    return id === 'electron' ? fake.module : realRequire(id);
  };
  const module = { exports: {} as unknown };
  const wrapper = bundle.script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, fakeRequire, module, bundle.filename, dirname(bundle.filename));
  return required;
}

// ---------------------------------------------------------------------------------------------
// A stand-in app directory: app.getAppPath() answers it, the shell serves its dist/renderer

let appPath = '';
let rendererRoot = '';
const INDEX_HTML = '<!doctype html><html><head><title>Một Cửa Desk</title><script type="module" src="./assets/app.js"></script></head><body></body></html>';
const APP_JS = 'console.log("desk");';

before(async () => {
  appPath = await mkdtemp(join(tmpdir(), 'desk-shell-'));
  rendererRoot = join(appPath, 'dist', 'renderer');
  await mkdir(join(rendererRoot, 'assets'), { recursive: true });
  await writeFile(join(rendererRoot, 'index.html'), INDEX_HTML);
  await writeFile(join(rendererRoot, 'assets', 'app.js'), APP_JS);
  // Things the protocol must never serve: outside the app, and a sibling whose name shares the prefix.
  await writeFile(join(appPath, 'secret.txt'), 'outside the renderer');
  await mkdir(join(appPath, 'dist', 'renderer-secrets'), { recursive: true });
  await writeFile(join(appPath, 'dist', 'renderer-secrets', 'key.txt'), 'sibling of the renderer');
});

after(async () => {
  if (appPath) await rm(appPath, { recursive: true, force: true });
});

interface Booted {
  fake: FakeElectron;
  required: string[];
}

async function bootShell(
  target: Target,
  options: { singleInstanceLock?: boolean; ready?: boolean; keystore?: 'os' | 'basic_text' | 'none' } = {},
): Promise<Booted> {
  const fake = createFakeElectron({
    appPath,
    singleInstanceLock: options.singleInstanceLock ?? true,
    version: '9.9.9-test',
    ...(options.keystore ? { keystore: options.keystore } : {}),
  });
  const required = run(target.main, fake);
  if (options.ready ?? true) await fake.becomeReady();
  return { fake, required };
}

function protocolHandler(fake: FakeElectron): (request: Request) => Response | Promise<Response> {
  const handler = fake.state.protocolHandlers.get('app');
  assert.ok(handler, 'protocol.handle("app", …) was registered');
  return handler;
}

/** A Request for the URL; undici refuses URLs with credentials, which Chromium hands over as they are. */
function appRequest(url: string): Request {
  try {
    return new Request(url);
  } catch {
    return { url, method: 'GET', headers: new Headers() } as unknown as Request;
  }
}

/** Asks the app:// handler for a URL as Chromium would hand it over: a status, or 'failed' when the load fails. */
async function fetchApp(fake: FakeElectron, url: string): Promise<{ status: number | 'failed'; response?: Response }> {
  try {
    const response = await protocolHandler(fake)(appRequest(url));
    return { status: response.status, response };
  } catch {
    return { status: 'failed' };
  }
}

function ipcHandler(fake: FakeElectron): (event: IpcEvent, ...args: unknown[]) => unknown {
  const handler = fake.state.ipcHandlers.get(IPC_CHANNEL);
  assert.ok(handler, `ipcMain.handle("${IPC_CHANNEL}", …) was registered`);
  return handler;
}

function newWebContents(fake: FakeElectron): FakeWebContents {
  const contents = new FakeWebContents();
  const handled = fake.state.app.emit('web-contents-created', fakeEvent(), contents);
  assert.ok(handled > 0, 'a web-contents-created handler is registered');
  return contents;
}

function navigate(contents: FakeWebContents, url: string): boolean {
  const event = fakeEvent();
  contents.emit('will-navigate', event, url);
  return event.defaultPrevented;
}

// ---------------------------------------------------------------------------------------------

const targets: { name: string; skip: string | false; load: () => Promise<Target> | Target }[] = [
  { name: 'bundled from source (scripts/build.mjs options)', skip: false, load: bundleFromSource },
  { name: 'built artifacts in dist/', skip: distSkipReason(), load: distTarget },
];

for (const { name, skip, load } of targets) {
  describe(`Electron shell: ${name}`, { skip }, () => {
    let target: Target;
    before(async () => {
      target = await load();
    });

    describe('start-up', () => {
      test('registers app:// as a privileged standard, secure scheme before ready, and nothing else before ready', async () => {
        const { fake } = await bootShell(target, { ready: false });
        assert.equal(fake.state.privilegedSchemes.length, 1);
        const schemes = fake.state.privilegedSchemes[0]!;
        assert.deepEqual(
          schemes.map((s) => s.scheme),
          ['app'],
        );
        const privileges = schemes[0]!.privileges ?? {};
        assert.equal(privileges.standard, true);
        assert.equal(privileges.secure, true);
        // Nothing that would weaken the page's CSP or open it to other origins.
        assert.notEqual(privileges.bypassCSP, true, 'bypassCSP must stay off');
        assert.notEqual(privileges.corsEnabled, true, 'corsEnabled is not needed');
        assert.equal(fake.called('app.requestSingleInstanceLock').length, 1);
        assert.equal(fake.called('new BrowserWindow').length, 0);
        assert.equal(fake.called('protocol.handle').length, 0);
        assert.equal(fake.called('ipcMain.handle').length, 0);
      });

      test('on ready: locks the session down, serves app://, handles IPC, then opens one window', async () => {
        const { fake } = await bootShell(target);
        const order = fake.calls.map((c) => c.api);
        const first = (api: string) => order.indexOf(api);
        for (const api of [
          'session.setPermissionRequestHandler',
          'session.setPermissionCheckHandler',
          'session.webRequest.onBeforeRequest',
          'protocol.handle',
          'ipcMain.handle',
        ]) {
          assert.ok(first(api) >= 0, `${api} called`);
          assert.ok(first(api) < first('new BrowserWindow'), `${api} before the window opens`);
        }
        assert.equal(fake.state.windows.length, 1);
      });

      test('a second instance quits without opening anything', async () => {
        const { fake } = await bootShell(target, { singleInstanceLock: false });
        assert.equal(fake.state.quitCount, 1);
        assert.equal(fake.state.windows.length, 0);
        assert.equal(fake.state.ipcHandlers.size, 0);
        assert.equal(fake.state.protocolHandlers.size, 0);
      });

      test('the first instance focuses its window when a second one starts, and quits when its windows close', async () => {
        const { fake } = await bootShell(target);
        fake.state.app.emit('second-instance', fakeEvent(), [], process.cwd());
        assert.equal(fake.state.windows[0]!.focused, 1);
        assert.equal(fake.state.quitCount, 0);
        fake.state.app.emit('window-all-closed');
        assert.equal(fake.state.quitCount, 1);
      });
    });

    describe('window', () => {
      test('webPreferences: context isolation, sandbox, no Node, web security, the built preload', async () => {
        const { fake } = await bootShell(target);
        const window = fake.state.windows[0]!;
        const prefs = window.options.webPreferences ?? {};
        assert.equal(prefs.contextIsolation, true);
        assert.equal(prefs.sandbox, true);
        assert.equal(prefs.nodeIntegration, false);
        assert.equal(prefs.webSecurity, true);
        assert.equal(prefs.preload, join(appPath, 'dist', 'preload', 'electron.cjs'));
        for (const weakening of [
          'nodeIntegrationInWorker',
          'nodeIntegrationInSubFrames',
          'webviewTag',
          'allowRunningInsecureContent',
          'experimentalFeatures',
        ] as const) {
          assert.notEqual(prefs[weakening], true, `${weakening} must stay off`);
        }
        assert.equal(prefs.enableBlinkFeatures, undefined);
        assert.equal(window.options.title, 'Một Cửa Desk');
      });

      test('the preload it names is what scripts/build.mjs writes', () => {
        const buildScript = readFileSync(join(REPO, 'scripts/build.mjs'), 'utf8');
        assert.match(buildScript, /entryPoints: \['preload\/electron\.ts'\], outfile: 'dist\/preload\/electron\.cjs'/);
      });

      test('loads the renderer from app://desk, never http(s) or file', async () => {
        const { fake } = await bootShell(target);
        const window = fake.state.windows[0]!;
        assert.equal(fake.called('BrowserWindow.loadFile').length, 0);
        assert.ok(window.loadedUrls.length >= 1);
        for (const url of window.loadedUrls) {
          const parsed = new URL(url);
          assert.equal(parsed.protocol, 'app:', url);
          assert.equal(parsed.host, 'desk', url);
        }
      });

      test('stays hidden until ready-to-show', async () => {
        const { fake } = await bootShell(target);
        const window = fake.state.windows[0]!;
        assert.equal(window.options.show, false);
        assert.equal(window.shown, 0);
        window.emit('ready-to-show');
        assert.equal(window.shown, 1);
      });
    });

    describe('session', () => {
      const permissions = [
        'media',
        'geolocation',
        'notifications',
        'clipboard-read',
        'hid',
        'serial',
        'usb',
        'openExternal',
        'fullscreen',
        'midiSysex',
        'unknown',
      ];

      test('every permission request is denied', async () => {
        const { fake } = await bootShell(target);
        const handler = fake.state.permissionRequestHandler;
        assert.ok(handler, 'setPermissionRequestHandler was called');
        for (const permission of permissions) {
          const answers: boolean[] = [];
          await handler(new FakeWebContents(), permission, (granted: boolean) => answers.push(granted), { requestingUrl: `${ORIGIN}/index.html` });
          assert.deepEqual(answers, [false], permission);
        }
      });

      test('every permission check is denied, even from app://desk', async () => {
        const { fake } = await bootShell(target);
        const handler = fake.state.permissionCheckHandler;
        assert.ok(handler, 'setPermissionCheckHandler was called');
        for (const permission of permissions) {
          assert.equal(handler(null, permission, ORIGIN, { requestingUrl: `${ORIGIN}/index.html`, isMainFrame: true }), false, permission);
        }
      });

      test('remote http, https, ws and wss requests are cancelled; app://desk is not', async () => {
        const { fake } = await bootShell(target);
        assert.ok(fake.state.beforeRequest.length > 0, 'webRequest.onBeforeRequest was called');
        const outcome = (url: string) => {
          const responses: { cancel?: boolean }[] = [];
          for (const { filter, listener } of fake.state.beforeRequest) {
            if (filter && !filter.urls.some((pattern) => matchesPattern(pattern, url))) continue;
            listener({ url }, (response) => responses.push(response));
          }
          return responses;
        };
        for (const url of [
          'https://example.com/',
          'http://example.com/tracker.gif?x=1',
          'http://127.0.0.1:8080/api',
          'http://localhost/',
          'ws://example.com/socket',
          'wss://example.com:8443/socket',
        ]) {
          const responses = outcome(url);
          assert.ok(responses.length > 0, `${url} reaches a listener`);
          assert.ok(
            responses.every((r) => r.cancel === true),
            `${url} is cancelled`,
          );
        }
        assert.ok(
          outcome(`${ORIGIN}/index.html`).every((r) => r.cancel !== true),
          'the app itself still loads',
        );
      });
    });

    describe('navigation, popups and webviews', () => {
      test('will-navigate to another origin is prevented', async () => {
        const { fake } = await bootShell(target);
        const contents = newWebContents(fake);
        for (const url of [
          'https://example.com/',
          'http://127.0.0.1:5173/',
          'file:///etc/passwd',
          'app://evil/index.html',
          'javascript:alert(1)',
          'data:text/html,<h1>x</h1>',
          'devtools://devtools/bundled/inspector.html',
        ]) {
          assert.equal(navigate(contents, url), true, `navigation to ${url} prevented`);
        }
      });

      test('will-navigate within app://desk is allowed', async () => {
        const { fake } = await bootShell(target);
        const contents = newWebContents(fake);
        for (const url of [`${ORIGIN}/index.html`, `${ORIGIN}/`, `${ORIGIN}/index.html#/dossiers`]) {
          assert.equal(navigate(contents, url), false, `navigation to ${url} allowed`);
        }
      });

      test('will-navigate to a look-alike of app://desk is prevented', async () => {
        const { fake } = await bootShell(target);
        const contents = newWebContents(fake);
        for (const url of ['app://desk.evil.example/index.html', 'app://desk@evil.example/index.html', 'app://desk:8080/index.html', 'app://deskx/']) {
          assert.equal(navigate(contents, url), true, `navigation to ${url} prevented`);
        }
      });

      test('window.open is denied, whatever the URL', async () => {
        const { fake } = await bootShell(target);
        const contents = newWebContents(fake);
        assert.ok(contents.windowOpenHandler, 'setWindowOpenHandler was called');
        for (const url of ['https://example.com/', `${ORIGIN}/index.html`, 'about:blank']) {
          const details = {
            url,
            frameName: '',
            features: '',
            disposition: 'new-window',
            referrer: { url: '', policy: 'no-referrer' },
            postBody: undefined,
          } as never;
          assert.deepEqual(contents.windowOpenHandler(details), { action: 'deny' }, url);
        }
      });

      test('webviews are never attached', async () => {
        const { fake } = await bootShell(target);
        const contents = newWebContents(fake);
        const event = fakeEvent();
        const webPreferences = { nodeIntegration: true };
        contents.emit('will-attach-webview', event, webPreferences, { src: 'https://example.com/' });
        assert.equal(event.defaultPrevented, true);
      });

      test('the app window and any later web contents get the same guards', async () => {
        const { fake } = await bootShell(target);
        for (const contents of [fake.state.windows[0]!.webContents, newWebContents(fake)]) {
          assert.ok(contents.count('will-navigate') > 0);
          assert.ok(contents.count('will-attach-webview') > 0);
          assert.ok(contents.windowOpenHandler);
          assert.equal(navigate(contents, 'https://example.com/'), true);
        }
      });
    });

    describe('app:// protocol', () => {
      test('serves index.html with the CSP of main/csp.ts and nosniff', async () => {
        const { fake } = await bootShell(target);
        for (const url of [`${ORIGIN}/`, `${ORIGIN}/index.html`]) {
          const { status, response } = await fetchApp(fake, url);
          assert.equal(status, 200, url);
          assert.equal(response!.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
          assert.equal(response!.headers.get('x-content-type-options'), 'nosniff');
          assert.equal(await response!.text(), INDEX_HTML);
        }
        assert.deepEqual(fake.state.fetched, [pathToFileURL(join(rendererRoot, 'index.html')).href, pathToFileURL(join(rendererRoot, 'index.html')).href]);
      });

      test('serves assets under the renderer root, also with the CSP', async () => {
        const { fake } = await bootShell(target);
        const { status, response } = await fetchApp(fake, `${ORIGIN}/assets/app.js`);
        assert.equal(status, 200);
        assert.equal(response!.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
        assert.equal(await response!.text(), APP_JS);
      });

      test('path traversal with encoded separators is refused with 403 before any file is read', async () => {
        const { fake } = await bootShell(target);
        for (const url of [
          `${ORIGIN}/..%2f..%2fsecret.txt`,
          `${ORIGIN}/%2e%2e%2f%2e%2e%2fsecret.txt`,
          `${ORIGIN}/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd`,
          `${ORIGIN}/assets/..%2f..%2f..%2fsecret.txt`,
          `${ORIGIN}/..%2frenderer-secrets%2fkey.txt`,
          `${ORIGIN}/..%2f`,
        ]) {
          assert.equal((await fetchApp(fake, url)).status, 403, url);
        }
        assert.deepEqual(fake.state.fetched, []);
      });

      test('dot segments (plain or %2e) never read outside the renderer root', async () => {
        const { fake } = await bootShell(target);
        for (const url of [
          `${ORIGIN}/../../etc/passwd`,
          `${ORIGIN}/%2e%2e/%2e%2e/etc/passwd`,
          `${ORIGIN}/%2E%2E/secret.txt`,
          `${ORIGIN}/assets/../../../secret.txt`,
          `${ORIGIN}/.%2e/.%2e/secret.txt`,
        ]) {
          const { status } = await fetchApp(fake, url);
          // The URL parser resolves these to paths under the root (e.g. /etc/passwd → <root>/etc/passwd),
          // which do not exist: the load fails or is refused, and nothing outside is touched.
          assert.ok(status === 403 || status === 404 || status === 'failed', `${url} → ${status}`);
        }
        for (const fetched of fake.state.fetched) {
          assert.ok(fileURLToPath(fetched).startsWith(rendererRoot + sep), `${fetched} is under the renderer root`);
        }
      });

      test('other hosts are refused with 403', async () => {
        const { fake } = await bootShell(target);
        for (const url of [
          'app://evil/index.html',
          'app://desk.evil.example/index.html',
          'app://desk:8080/index.html',
          'app://localhost/',
          'app://desk@evil.example/index.html',
        ]) {
          assert.equal((await fetchApp(fake, url)).status, 403, url);
        }
        assert.deepEqual(fake.state.fetched, []);
      });

      test('a malformed escape reads no file', async () => {
        const { fake } = await bootShell(target);
        const { status } = await fetchApp(fake, `${ORIGIN}/%E0%A4%A`);
        assert.notEqual(status, 200);
        assert.deepEqual(fake.state.fetched, []);
      });

      test('a malformed escape is answered (400), not thrown', async () => {
        const { fake } = await bootShell(target);
        assert.equal((await fetchApp(fake, `${ORIGIN}/%E0%A4%A`)).status, 400);
      });
    });

    describe('IPC', () => {
      const call = (fake: FakeElectron, url: string | null, name: string, input: unknown) =>
        ipcHandler(fake)({ senderFrame: url === null ? null : { url } }, name, input) as Promise<unknown>;

      test('one handler, on the channel of preload/channel.ts', async () => {
        const { fake } = await bootShell(target);
        assert.deepEqual([...fake.state.ipcHandlers.keys()], [IPC_CHANNEL]);
        assert.equal(fake.called('ipcMain.handle').length, 1);
      });

      test('refuses callers whose frame is not app://desk', async () => {
        const { fake } = await bootShell(target);
        for (const url of ['https://example.com/', 'file:///tmp/evil.html', 'app://evil/index.html', 'about:blank', 'data:text/html,x', '', null]) {
          const answer = await call(fake, url, 'app.info', {});
          assert.deepEqual(answer, { ok: false, error: { code: 'forbidden', text: { vi: 'Bị từ chối.', en: 'Forbidden.' } } }, String(url));
        }
      });

      test('the OS keystore wraps the master key through safeStorage, and only this computer unwraps it', async () => {
        const { fake } = await bootShell(target);
        const master = new Uint8Array(32).map((_, i) => i * 7);
        assert.deepEqual(await call(fake, ORIGIN + '/', 'keystore.status', {}), { ok: true, result: { available: true } });
        const wrapped = (await call(fake, ORIGIN + '/', 'keystore.protect', { data: master })) as { ok: true; result: Uint8Array };
        assert.equal(wrapped.ok, true);
        assert.ok(!Buffer.from(wrapped.result).includes(Buffer.from(master)), 'the wrapped key does not contain the key');
        const back = (await call(fake, ORIGIN + '/', 'keystore.unprotect', { data: wrapped.result })) as { ok: true; result: Uint8Array };
        assert.deepEqual([...back.result], [...master]);

        const otherComputer = (await bootShell(target)).fake;
        const refused = (await call(otherComputer, ORIGIN + '/', 'keystore.unprotect', { data: wrapped.result })) as {
          ok: false;
          error: { code: string; text: { vi: string } };
        };
        assert.equal(refused.ok, false);
        assert.equal(refused.error.code, 'keystore-refused');
        assert.match(refused.error.text.vi, /Kho khoá/);
      });

      test("Linux's fixed-key safeStorage fallback and a missing keystore count as no keystore", async () => {
        for (const keystore of ['basic_text', 'none'] as const) {
          const { fake } = await bootShell(target, { keystore });
          const status = (await call(fake, ORIGIN + '/', 'keystore.status', {})) as { ok: true; result: { available: boolean } };
          assert.equal(status.result.available, process.platform === 'linux' || keystore === 'none' ? false : true, keystore);
        }
      });

      test('refuses callers on a look-alike of app://desk', async () => {
        const { fake } = await bootShell(target);
        for (const url of ['app://desk.evil.example/index.html', 'app://desk@evil.example/', 'app://desk:8080/']) {
          const answer = (await call(fake, url, 'app.info', {})) as { ok: boolean; error?: { code: string } };
          assert.equal(answer.ok, false, url);
          assert.equal(answer.error?.code, 'forbidden', url);
        }
      });

      test('dispatches a valid call from app://desk: app.info says host "electron"', async () => {
        const { fake } = await bootShell(target);
        const answer = await call(fake, `${ORIGIN}/index.html`, 'app.info', {});
        assert.deepEqual(answer, { ok: true, result: { host: 'electron', version: '9.9.9-test', platform: process.platform } });
      });

      test('refuses invalid input with the bilingual invalid-input envelope', async () => {
        const { fake } = await bootShell(target);
        const answer = (await call(fake, `${ORIGIN}/index.html`, 'forms.render', { kind: 'receipt' })) as {
          ok: boolean;
          error: { code: string; text: { vi: string; en: string } };
        };
        assert.equal(answer.ok, false);
        assert.equal(answer.error.code, 'invalid-input');
        assert.match(answer.error.text.vi, /^Dữ liệu gửi lên không hợp lệ ở: .+\.$/);
        assert.match(answer.error.text.en, /^Invalid input at: .+\.$/);
      });

      test('refuses unknown calls, including prototype names', async () => {
        const { fake } = await bootShell(target);
        for (const name of ['fs.readFile', 'constructor', '__proto__', 'toString']) {
          const answer = (await call(fake, `${ORIGIN}/index.html`, name, {})) as { ok: boolean; error: { code: string } };
          assert.equal(answer.ok, false, name);
          assert.equal(answer.error.code, 'unknown-call', name);
        }
      });
    });

    describe('preload', () => {
      test('requires nothing but electron (a sandboxed preload cannot load files)', () => {
        const fake = createFakeElectron({ appPath });
        const required = run(target.preload, fake);
        assert.deepEqual([...new Set(required)], ['electron']);
      });

      test('exposes exactly one global, desk, whose methods are the contract calls', () => {
        const fake = createFakeElectron({ appPath });
        run(target.preload, fake);
        const exposures = fake.called('contextBridge.exposeInMainWorld');
        assert.equal(exposures.length, 1);
        assert.equal(exposures[0]!.args[0], 'desk');
        const desk = fake.state.exposed.get('desk') as Record<string, unknown>;
        assert.deepEqual(Object.keys(desk).sort(), Object.keys(contract).sort());
        for (const [name, method] of Object.entries(desk)) assert.equal(typeof method, 'function', name);
        // Nothing of Electron or Node leaks through the bridge.
        assert.equal(fake.state.exposed.size, 1);
        for (const api of ['ipcRenderer.invoke']) assert.equal(fake.called(api).length, 0, `${api} not called at load`);
      });

      test('each method invokes the IPC channel with its call name and input, and resolves the result', async () => {
        const fake = createFakeElectron({ appPath });
        run(target.preload, fake);
        fake.setInvokeResponder(async (_channel, args) => ({ ok: true, result: { echoed: args[0] } }));
        const desk = fake.state.exposed.get('desk') as Record<string, (input: unknown) => Promise<unknown>>;
        for (const name of Object.keys(contract)) {
          const input = { probe: name };
          assert.deepEqual(await desk[name]!(input), { echoed: name });
          assert.deepEqual(fake.state.invocations.at(-1), { channel: IPC_CHANNEL, args: [name, input] });
        }
      });

      test('an error envelope becomes a thrown DeskError', async () => {
        const fake = createFakeElectron({ appPath });
        run(target.preload, fake);
        const text = { vi: 'Dữ liệu gửi lên không hợp lệ ở: kind.', en: 'Invalid input at: kind.' };
        fake.setInvokeResponder(async () => ({ ok: false, error: { code: 'invalid-input', text } }));
        const desk = fake.state.exposed.get('desk') as Record<string, (input: unknown) => Promise<unknown>>;
        await assert.rejects(desk['forms.render']!({}), (e: unknown) => {
          assert.ok(e instanceof Error);
          assert.equal(e.name, 'DeskError');
          assert.equal((e as Error & { code: string }).code, 'invalid-input');
          assert.deepEqual((e as Error & { text: unknown }).text, text);
          assert.equal(e.message, `${text.vi} / ${text.en}`);
          return true;
        });
      });

      test('round trip: preload → ipcMain → handler table, as the renderer would call', async () => {
        const { fake } = await bootShell(target);
        run(target.preload, fake);
        const desk = fake.state.exposed.get('desk') as Record<string, (input: unknown) => Promise<unknown>>;
        assert.deepEqual(await desk['app.info']!({}), { host: 'electron', version: '9.9.9-test', platform: process.platform });
        const versions = (await desk['forms.versions']!({})) as { id: string; effectiveFrom: string }[];
        assert.ok(Array.isArray(versions) && versions.length > 0);
        await assert.rejects(desk['forms.render']!({ kind: 'receipt' }), { name: 'DeskError', code: 'invalid-input' });
      });
    });
  });
}

describe('packaging (docs/architecture.md: "Electron fuses are set in electron-builder.yml")', () => {
  test('electron-builder.yml flips the security fuses', () => {
    const yml = readFileSync(join(REPO, 'electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?:[ \t]+.*\n?)*)/m.exec(yml)?.[1] ?? '';
    const fuses = Object.fromEntries([...block.matchAll(/^\s+(\w+):\s*(true|false)\s*$/gm)].map((m) => [m[1], m[2] === 'true']));
    assert.deepEqual(
      {
        runAsNode: fuses.runAsNode,
        enableNodeOptionsEnvironmentVariable: fuses.enableNodeOptionsEnvironmentVariable,
        enableNodeCliInspectArguments: fuses.enableNodeCliInspectArguments,
        enableEmbeddedAsarIntegrityValidation: fuses.enableEmbeddedAsarIntegrityValidation,
        onlyLoadAppFromAsar: fuses.onlyLoadAppFromAsar,
        grantFileProtocolExtraPrivileges: fuses.grantFileProtocolExtraPrivileges,
      },
      {
        runAsNode: false,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true,
        grantFileProtocolExtraPrivileges: false,
      },
    );
  });
});
