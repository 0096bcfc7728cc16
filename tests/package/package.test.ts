// Issue 6, item 3: what the package holds, produced by electron-builder itself. Electron's zip
// cannot be downloaded here, so electron-builder packs `--linux dir` around a stand-in
// distribution (`electronDist`): an `electron` "executable" that carries Electron's fuse wire
// (sentinel + the 8 fuses at Electron's defaults) and a few locale files. Everything else is the
// real pipeline: electron-builder.yml, file collection, the production node_modules, asar
// packing with integrity, asarUnpack, electronLanguages and the electronFuses step.
// Then app.asar is read with @electron/asar (the copy electron-builder uses) and the packaged
// renderer is loaded in Chromium under the app's CSP.
//
// dist/ is what `npm run build` wrote (npm test builds first); it is built here if missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, chromiumMissing, CHROMIUM_ARGS } from '../support/browser.ts';
import { startWebHost } from '#main/web.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const asar = builderRequire('@electron/asar') as typeof import('@electron/asar');
const fuses = builderRequire('@electron/fuses') as typeof import('@electron/fuses');

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
const ELECTRON_VERSION = (require('electron/package.json') as { version: string }).version;

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults, in wire order: RunAsNode, CookieEncryption, NodeOptions, Inspect, AsarIntegrity, OnlyFromAsar, V8Snapshot, FileProtocol. */
const ELECTRON_DEFAULT_WIRE = '10110001';

let work = '';
let appDir = '';
let asarPath = '';
let files: string[] = [];
let builderLog = '';

interface AsarEntry {
  files?: Record<string, AsarEntry>;
  unpacked?: boolean;
  size?: number;
  integrity?: { algorithm: string; hash: string; blocks: string[] };
}

function entryAt(header: AsarEntry, path: string): AsarEntry | undefined {
  let node: AsarEntry | undefined = header;
  for (const part of path.split('/').filter(Boolean)) node = node?.files?.[part];
  return node;
}

before(async () => {
  if (!existsSync(join(REPO, 'dist/main/electron.cjs')) || !existsSync(join(REPO, 'dist/renderer/index.html'))) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(build.status, 0, `npm run build failed:\n${build.stderr}`);
  }
  work = await mkdtemp(join(tmpdir(), 'desk-package-'));
  const electronDist = join(work, 'electron-dist');
  await mkdir(join(electronDist, 'locales'), { recursive: true });
  await writeFile(
    join(electronDist, 'electron'),
    `#!/bin/sh\n# stand-in for Electron ${ELECTRON_VERSION}\nexit 0\n${SENTINEL}\x01\x08${ELECTRON_DEFAULT_WIRE}\n`,
    'latin1',
  );
  await chmod(join(electronDist, 'electron'), 0o755);
  for (const locale of ['vi', 'en-US', 'fr', 'zh-CN']) await writeFile(join(electronDist, 'locales', `${locale}.pak`), locale);

  const env = { ...process.env };
  for (const name of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'WIN_CSC_LINK', 'DESK_SIGN_CERT_SHA1', 'GH_TOKEN', 'GITHUB_TOKEN']) delete env[name];
  const result = spawnSync(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.electronVersion=${ELECTRON_VERSION}`,
      `-c.directories.output=${join(work, 'out')}`,
    ],
    { cwd: REPO, env, encoding: 'utf8', timeout: 120_000 },
  );
  builderLog = `${result.stdout}\n${result.stderr}`;
  assert.equal(result.status, 0, `electron-builder failed:\n${builderLog}`);
  appDir = join(work, 'out', 'linux-unpacked');
  asarPath = join(appDir, 'resources', 'app.asar');
  files = asar.listPackage(asarPath, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test('electron-builder packs without downloading anything and flips the fuses itself', (t) => {
  t.diagnostic(`app.asar: ${(statSync(asarPath).size / 1024 / 1024).toFixed(1)} MB`);
  assert.match(builderLog, /using custom unpacked Electron distribution/);
  assert.match(builderLog, /executing @electron\/fuses/);
  assert.ok(existsSync(asarPath));
});

test('the app part of app.asar is dist/, package.json and the catalogue the CLI reads only: no sources, tests, bench, source maps', () => {
  const app = files.filter((f) => !f.startsWith('/node_modules'));
  const catalogue = ['/domain', '/domain/catalog', '/domain/catalog/default-catalog.json'];
  const unexpected = app.filter((f) => f !== '/package.json' && f !== '/dist' && !f.startsWith('/dist/') && !catalogue.includes(f));
  assert.deepEqual(unexpected, []);
  for (const required of ['/dist/main/electron.cjs', '/dist/main/pkcs11-worker.cjs', '/dist/preload/electron.cjs', '/dist/renderer/index.html']) {
    assert.ok(files.includes(required), `${required} missing`);
  }
  assert.deepEqual(
    files.filter((f) => /\.test\.|\.spec\./.test(f)),
    [],
    'test files',
  );
  assert.deepEqual(
    files.filter((f) => /\.map$/.test(f)),
    [],
    'source maps',
  );
  assert.deepEqual(
    app.filter((f) => /(^|\/)(tests?|bench|__tests__)(\/|$)/.test(f)),
    [],
    'test or bench folders',
  );
  assert.deepEqual(
    app.filter((f) => /\.tsx?$/.test(f)),
    [],
    'TypeScript sources',
  );
});

test('package.json in the archive starts dist/main/electron.cjs and carries no devDependencies or scripts', () => {
  const packaged = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8')) as Record<string, unknown>;
  assert.equal(packaged.main, 'dist/main/electron.cjs');
  assert.equal(packaged.name, pkg.name);
  assert.equal(packaged.version, pkg.version);
  assert.equal(packaged.devDependencies, undefined);
  assert.equal(packaged.scripts, undefined);
});

test('node_modules holds every production dependency and no development-only package', () => {
  const installed = new Set(
    files
      .filter((f) => /\/node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(f))
      .map((f) => f.replace(/^.*\/node_modules\//, '').replace(/\/package\.json$/, '')),
  );
  const missing = Object.keys(pkg.dependencies).filter((name) => !files.includes(`/node_modules/${name}/package.json`));
  assert.deepEqual(missing, []);
  const direct = Object.keys(pkg.devDependencies).filter((name) => installed.has(name));
  assert.deepEqual(direct, [], 'devDependencies packaged');
  // Every package the lockfile marks dev-only (transitive ones too), unless another copy of the same name is needed in production.
  const nameOf = (key: string) => key.replace(/^.*node_modules\//, '');
  const isDev = (v: { dev?: boolean; devOptional?: boolean }) => Boolean(v.dev || v.devOptional);
  const prodNames = new Set(
    Object.entries(lock.packages)
      .filter(([k, v]) => k !== '' && !isDev(v))
      .map(([k]) => nameOf(k)),
  );
  const devOnly = new Set(
    Object.entries(lock.packages)
      .filter(([k, v]) => k !== '' && isDev(v) && !prodNames.has(nameOf(k)))
      .map(([k]) => nameOf(k)),
  );
  assert.ok(devOnly.has('electron') && devOnly.has('better-sqlite3') && devOnly.has('typescript'));
  assert.deepEqual(
    [...installed].filter((name) => devOnly.has(name)),
    [],
    'dev-only packages packaged',
  );
});

test('asar integrity: every archived file carries SHA-256 block hashes for the integrity fuse', () => {
  const header = asar.getRawHeader(asarPath).header as AsarEntry;
  let checked = 0;
  const walk = (node: AsarEntry, path: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      if (child.files) walk(child, `${path}/${name}`);
      else if ('size' in child) {
        assert.equal(child.integrity?.algorithm, 'SHA256', `${path}/${name} has no integrity`);
        assert.ok((child.integrity?.blocks.length ?? 0) >= 1);
        checked += 1;
      }
    }
  };
  walk(header, '');
  assert.ok(checked > 1000, `${checked} files`);
});

test("native addons and sharp's libvips are unpacked; the PKCS#11 worker stays inside the integrity-checked archive", async () => {
  const header = asar.getRawHeader(asarPath).header as AsarEntry;
  const natives = files.filter((f) => /\.node$/.test(f) && entryAt(header, f)?.size !== undefined);
  assert.ok(natives.some((f) => f.includes('/pkcs11js/')) && natives.some((f) => f.includes('/node-hid/')) && natives.some((f) => f.includes('/@img/sharp-')));
  for (const f of natives) {
    assert.equal(entryAt(header, f)?.unpacked, true, `${f} is inside the archive`);
    assert.ok(existsSync(join(appDir, 'resources', 'app.asar.unpacked', f)), `${f} not in app.asar.unpacked`);
  }
  const libvips = await readdir(join(appDir, 'resources', 'app.asar.unpacked', 'node_modules', '@img'));
  assert.ok(
    libvips.some((d) => d.startsWith('sharp-libvips-')),
    `unpacked @img: ${libvips.join(', ')}`,
  );
  assert.notEqual(entryAt(header, '/dist/main/pkcs11-worker.cjs')?.unpacked, true);
  assert.notEqual(entryAt(header, '/dist/main/electron.cjs')?.unpacked, true);
});

test("the OCR engine's worker script, WebAssembly core and Vietnamese model are unpacked for its worker thread; the unused model is not packed", () => {
  const unpacked = (f: string) => existsSync(join(appDir, 'resources', 'app.asar.unpacked', f));
  for (const f of [
    'node_modules/tesseract.js/src/worker-script/node/index.js',
    'node_modules/tesseract.js-core/tesseract-core-lstm.wasm',
    'node_modules/@tesseract.js-data/vie/4.0.0_best_int/vie.traineddata.gz',
    'node_modules/regenerator-runtime/runtime.js',
    'node_modules/is-url/index.js',
    'node_modules/bmp-js/index.js',
    'node_modules/wasm-feature-detect/package.json',
  ]) {
    assert.ok(unpacked(f), `${f} not in app.asar.unpacked (main/ocr/README.md)`);
  }
  assert.ok(!files.some((f) => f.includes('/@tesseract.js-data/vie/4.0.0/')), 'the 4.0.0 model is left out');
  assert.ok(!unpacked('node_modules/@tesseract.js-data/vie/4.0.0/vie.traineddata.gz'), 'the 4.0.0 model is left out');
});

test('the packaged executable has the fuses of electron-builder.yml flipped', async () => {
  const wire = (await fuses.getCurrentFuseWire(join(appDir, pkg.name))) as unknown as Record<number, number>;
  const O = fuses.FuseV1Options;
  const S = { ENABLE: 49, DISABLE: 48 }; // FuseState: '1' and '0' in the binary
  const expected: [number, number, string][] = [
    [O.RunAsNode, S.DISABLE, 'run as node off'],
    [O.EnableCookieEncryption, S.ENABLE, 'cookie encryption on'],
    [O.EnableNodeOptionsEnvironmentVariable, S.DISABLE, 'NODE_OPTIONS off'],
    [O.EnableNodeCliInspectArguments, S.DISABLE, 'inspect flags off'],
    [O.EnableEmbeddedAsarIntegrityValidation, S.ENABLE, 'embedded asar integrity on'],
    [O.OnlyLoadAppFromAsar, S.ENABLE, 'only load app from asar on'],
    [O.GrantFileProtocolExtraPrivileges, S.DISABLE, 'file: protocol privileges off'],
  ];
  for (const [index, state, what] of expected) assert.equal(wire[index], state, what);
});

test('the support CLI ships: `desk` (executable) and desk.cmd beside the archive, its bundle and catalogue inside', async () => {
  const bin = join(appDir, 'resources', 'bin');
  assert.deepEqual((await readdir(bin)).sort(), ['desk', 'desk.cmd']);
  assert.ok((statSync(join(bin, 'desk')).mode & 0o111) !== 0, 'resources/bin/desk is executable');
  const script = readFileSync(join(bin, 'desk'), 'utf8');
  assert.match(script, /^app=.*\/\.\.\/\.\.\/mot-cua-desk$/m);
  assert.match(script, /^exec "\$app" --cli "\$@"$/m);
  assert.ok(existsSync(join(appDir, 'mot-cua-desk')), 'the executable resources/bin/desk starts');
  for (const required of ['/dist/main/cli.mjs', '/domain/catalog/default-catalog.json']) assert.ok(files.includes(required), `${required} missing`);
  assert.ok(
    files.some((f) => /^\/dist\/main\/cli-holidays-.*\.mjs$/.test(f)),
    'the holidays chunk',
  );
});

test('only the Vietnamese and English Chromium locales are shipped', async () => {
  assert.deepEqual((await readdir(join(appDir, 'locales'))).sort(), ['en-US.pak', 'vi.pak']);
});

test('the packaged renderer: index.html has no remote URL, and every asset it names is in the archive', () => {
  const html = asar.extractFile(asarPath, 'dist/renderer/index.html').toString('utf8');
  assert.doesNotMatch(html, /(https?:|wss?:|ftp:)?\/\/[^\s"'<>]/i, 'remote URL in index.html');
  const refs = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]!);
  assert.ok(refs.length >= 2);
  for (const ref of refs) {
    assert.match(ref, /^\.?\//, `${ref} is not a path on the app's origin`);
    assert.ok(files.includes(`/dist/renderer/${ref.replace(/^\.?\//, '')}`), `${ref} is not packaged`);
  }
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, "inline script (blocked by script-src 'self')");
  assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, 'inline style or handler (blocked by the CSP)');
});

test("the packaged renderer loads in Chromium under the app's CSP with no violation and no request off its origin", { skip: chromiumMissing }, async () => {
  const rendererDir = join(work, 'packaged-renderer');
  for (const f of files.filter((f) => f.startsWith('/dist/renderer/'))) {
    const entry = entryAt(asar.getRawHeader(asarPath).header, f);
    if (!entry || entry.files) continue;
    const target = join(rendererDir, f.slice('/dist/renderer/'.length));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, asar.extractFile(asarPath, f.slice(1)));
  }
  const { chromium } = await import('playwright-core');
  const host = await startWebHost({ rendererDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const violations: string[] = [];
    const offOrigin: string[] = [];
    const origin = new URL(host.url).origin;
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) offOrigin.push(url);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`Refused to load: CSP ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`),
      );
    });
    const response = await page.goto(host.openUrl);
    assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
    await page.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0, undefined, { timeout: 15_000 });
    await page.waitForTimeout(300);
    // renderer/zodJitless.ts sets zod jitless first, so not even its eval probe is refused.
    assert.deepEqual(violations, []);
    assert.deepEqual(offOrigin, []);
  } finally {
    await browser.close();
    await host.close();
  }
});
