// Issue 17, "The command line ships with the desk": the installed `desk` runs from the built files
// alone. The folder laid out here is the installed app as electron-builder.yml describes it
// (tests/package/package.test.ts checks that electron-builder really produces it):
//
//   mot-cua-desk                 the app's executable
//   resources/bin/desk           shipped as is from resources/bin (extraResources)
//   resources/app/               what app.asar holds: dist/, package.json, the bundled catalogue,
//                                and node_modules with the production dependencies only
//
// Electron's binary is absent here (ELECTRON_SKIP_BINARY_DOWNLOAD), so `mot-cua-desk` is a
// stand-in: plain `node` doing what main/electron.ts does with --cli (import dist/main/cli.mjs
// from the app folder, run main(), exit with its code). Everything else is the shipped code: no
// sources, no tsx, no development dependency is reachable from the app folder.
// Not covered: Electron's own start-up, its loading of ESM from inside app.asar, and desk.cmd.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, copyFile, cp, mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { samplePdf } from '#main/signing/test-support.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
};

let work = '';
let installed = '';
let home = '';
let saneConfig = '';

/** Links each installed top-level production package into `to`, and no development package. */
async function productionModules(to: string): Promise<void> {
  for (const [key, entry] of Object.entries(lock.packages)) {
    const name = key.startsWith('node_modules/') ? key.slice('node_modules/'.length) : '';
    if (!name || name.includes('/node_modules/') || entry.dev || entry.devOptional) continue;
    const from = join(REPO, key);
    if (!existsSync(from)) continue; // an optional package for another platform
    await mkdir(dirname(join(to, name)), { recursive: true });
    await symlink(from, join(to, name), 'dir');
  }
}

function desk(args: string[], stdin = ''): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(join(installed, 'resources', 'bin', 'desk'), args, {
    cwd: work,
    input: stdin,
    encoding: 'utf8',
    timeout: 120_000,
    // The PATH of a support engineer's shell; nothing from this test run (NODE_OPTIONS, tsx).
    env: { PATH: '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', SANE_CONFIG_DIR: saneConfig },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(async () => {
  if (!existsSync(join(REPO, 'dist/main/cli.mjs'))) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(build.status, 0, `npm run build failed:\n${build.stderr}`);
  }
  work = await mkdtemp(join(tmpdir(), 'desk-cli-'));
  installed = join(work, 'opt', 'Một Cửa Desk');
  home = join(work, 'home');
  await mkdir(home, { recursive: true });

  const app = join(installed, 'resources', 'app');
  await mkdir(join(app, 'domain', 'catalog'), { recursive: true });
  await cp(join(REPO, 'dist', 'main'), join(app, 'dist', 'main'), { recursive: true });
  await copyFile(join(REPO, 'package.json'), join(app, 'package.json'));
  await copyFile(join(REPO, 'domain/catalog/default-catalog.json'), join(app, 'domain/catalog/default-catalog.json'));
  await productionModules(join(app, 'node_modules'));
  await cp(join(REPO, 'resources', 'bin'), join(installed, 'resources', 'bin'), { recursive: true });

  await writeFile(
    join(installed, 'standin-cli.mjs'),
    [
      "const { main } = await import(new URL('./resources/app/dist/main/cli.mjs', import.meta.url));",
      'process.exitCode = await main(process.argv.slice(2));',
      '',
    ].join('\n'),
  );
  await writeFile(
    join(installed, 'mot-cua-desk'),
    [
      '#!/bin/sh',
      '# Stand-in for the packaged Electron executable: what main/electron.ts does with --cli, in plain node.',
      '[ "$1" = --cli ] || { echo "stand-in: --cli expected first, got: $*" >&2; exit 64; }',
      'shift',
      `exec '${process.execPath}' "$(dirname "$0")/standin-cli.mjs" "$@"`,
      '',
    ].join('\n'),
  );
  await chmod(join(installed, 'mot-cua-desk'), 0o755);

  // SANE's test backend, as main/scan/sane.test.ts enables it: Debian's config leaves it off.
  saneConfig = join(work, 'sane');
  await mkdir(saneConfig);
  await writeFile(join(saneConfig, 'dll.conf'), 'test\n');
  if (existsSync('/etc/sane.d/test.conf')) await copyFile('/etc/sane.d/test.conf', join(saneConfig, 'test.conf'));
  else await writeFile(join(saneConfig, 'test.conf'), 'number_of_devices 2\n');
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test('the installed app folder holds no sources, no tsx and no development dependency', async () => {
  const app = join(installed, 'resources', 'app');
  assert.ok(!existsSync(join(app, 'main')), 'no main/ sources');
  const modules = await readdir(join(app, 'node_modules'));
  for (const dev of ['tsx', 'esbuild', 'typescript', 'electron', 'vite']) assert.ok(!modules.includes(dev), `${dev} must not be reachable`);
  assert.ok(modules.includes('pdf-lib') && modules.includes('sharp'), modules.join(', '));
});

test('desk holidays: the statutory days off of 2026 from the shipped script', () => {
  const { status, stdout, stderr } = desk(['holidays', '2026']);
  assert.equal(status, 0, stderr);
  assert.match(stdout, /^2026-01-01 Tết Dương lịch — New Year's Day$/m);
  assert.match(stdout, /^2026-09-02 Quốc khánh \(2\/9\) — National Day$/m);
  assert.equal(stderr, '');
});

test('desk scanners: lists the SANE test devices through the real scanimage', { skip: !existsSync('/usr/bin/scanimage') && 'scanimage not installed' }, () => {
  const { status, stdout, stderr } = desk(['scanners']);
  assert.equal(status, 0, stderr);
  assert.match(stdout, /^sane:test:0\t/m);
  assert.match(stdout, /^sane:test:1\t/m);
});

test('desk verify: a file signed by the shipped `desk sign` with the training token is intact but untrusted (exit 2)', async () => {
  const input = join(work, 'in.pdf');
  const signed = join(work, 'signed.pdf');
  await writeFile(input, await samplePdf());
  const signing = desk(['sign', input, '--out', signed, '--token', 'emulator', '--pin-stdin'], '123456\n');
  assert.equal(signing.status, 0, signing.stderr);

  const { status, stdout, stderr } = desk(['verify', signed]);
  assert.equal(status, 2, `${stdout}\n${stderr}`);
  assert.match(stdout, /Người ký \/ Signer: Nguyễn Thị Hương/);

  const json = desk(['verify', signed, '--json']);
  assert.equal(json.status, 2, json.stderr);
  assert.equal((JSON.parse(json.stdout) as { signatures: unknown[] }).signatures.length, 1);
});

test('desk through a link elsewhere on the PATH, as the deb installs /usr/bin/desk, finds the app beside its target', async () => {
  const bin = join(work, 'usr-bin');
  await mkdir(bin);
  await symlink(join(installed, 'resources', 'bin', 'desk'), join(bin, 'desk'));
  const result = spawnSync(join(bin, 'desk'), ['catalog', 'show', '1.000894'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: home } });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^1\.000894 — Đăng ký kết hôn$/m);
});

test('an unknown command exits 2 with the usage, in both languages', () => {
  const { status, stderr, stdout } = desk(['nope']);
  assert.equal(status, 2);
  assert.match(stderr, /Không có lệnh "nope" \/ unknown command "nope"/);
  assert.match(stdout, /desk holidays FROM_YEAR/);
});

// bin/desk.js, the checkout's `desk`: a copy of the repository's files with the production
// dependencies only, so a run that reaches for tsx fails and shows which way it went.
async function checkoutCopy(name: string, sources: string[]): Promise<string> {
  const root = join(work, name);
  await cp(join(REPO, 'bin'), join(root, 'bin'), { recursive: true });
  await cp(join(REPO, 'dist', 'main'), join(root, 'dist', 'main'), { recursive: true });
  for (const file of sources) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await copyFile(join(REPO, file), join(root, file));
  }
  if (!sources.includes('package.json')) await copyFile(join(REPO, 'package.json'), join(root, 'package.json'));
  await productionModules(join(root, 'node_modules'));
  return root;
}

function runDeskJs(root: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'desk.js'), 'holidays', '2026'], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', HOME: home },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('bin/desk.js without the sources (an installed package) runs the bundle, with no tsx anywhere', async () => {
  const root = await checkoutCopy('no-sources', []);
  const { status, stdout, stderr } = runDeskJs(root);
  assert.equal(status, 0, stderr);
  assert.match(stdout, /^2026-09-02 Quốc khánh/m);
});

test('bin/desk.js in a checkout runs the bundle while it is current, and the sources through tsx once one is edited', async () => {
  const inputs = JSON.parse(readFileSync(join(REPO, 'dist/main/cli.inputs.json'), 'utf8')) as string[];
  assert.ok(inputs.includes('main/cli.ts') && inputs.includes('main/cli/holidays.ts') && inputs.includes('package-lock.json'), inputs.join(', '));
  const root = await checkoutCopy('checkout', inputs);
  const built = new Date(Date.now() - 60_000);
  const older = new Date(Date.now() - 3_600_000);
  for (const file of inputs) await utimes(join(root, file), older, older);
  for (const file of await readdir(join(root, 'dist', 'main'))) await utimes(join(root, 'dist', 'main', file), built, built);

  const current = runDeskJs(root);
  assert.equal(current.status, 0, current.stderr);
  assert.match(current.stdout, /^2026-09-02 Quốc khánh/m);

  const now = new Date();
  await utimes(join(root, 'main/cli/holidays.ts'), now, now);
  const edited = runDeskJs(root);
  assert.notEqual(edited.status, 0);
  assert.match(edited.stderr, /Cannot find package 'tsx'/);
});
