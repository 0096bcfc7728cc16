// Issue 6, items 1–3: electron-builder.yml is valid for electron-builder's own schema
// (node_modules/app-builder-lib/scheme.json, checked with ajv in strict mode, without the type
// coercion electron-builder applies), read with the same YAML parser electron-builder uses; it
// holds the deployment settings the issue asks for; the Windows signing hook signs only when
// configured; the release workflow builds, signs and publishes what the README says.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };
const schema = builderRequire('./scheme.json') as object;

type Config = Record<string, any>;
const config = yaml.load(readFileSync(join(REPO, 'electron-builder.yml'), 'utf8')) as Config;

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  // The one keyword of scheme.json outside JSON Schema (ajv-keywords' `typeof`): hooks may be functions.
  ajv.addKeyword({ keyword: 'typeof', schemaType: 'string', validate: (expected: string, data: unknown) => typeof data === expected, errors: false });
  return ajv.compile(schema);
}

describe("electron-builder.yml against electron-builder's schema", () => {
  const validate = validator();

  test('is valid', () => {
    assert.equal(validate(config), true, JSON.stringify(validate.errors, null, 2));
  });

  test('the validator is not lenient: an unknown option, a wrong type and a misplaced option are refused', () => {
    assert.equal(validate({ ...config, nsis: { ...config.nsis, perMachin: true } }), false);
    assert.equal(validate({ ...config, asar: 'yes' }), false);
    assert.equal(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNode: 'false' } }), false);
    assert.equal(validate({ ...config, win: { ...config.win, deleteAppDataOnUninstall: false } }), false);
  });
});

describe('deployment settings', () => {
  test('fuses: run-as-node, NODE_OPTIONS and inspect off; cookie encryption, embedded asar integrity and asar-only on', () => {
    assert.deepEqual(
      {
        runAsNode: config.electronFuses.runAsNode,
        enableNodeOptionsEnvironmentVariable: config.electronFuses.enableNodeOptionsEnvironmentVariable,
        enableNodeCliInspectArguments: config.electronFuses.enableNodeCliInspectArguments,
        enableCookieEncryption: config.electronFuses.enableCookieEncryption,
        enableEmbeddedAsarIntegrityValidation: config.electronFuses.enableEmbeddedAsarIntegrityValidation,
        onlyLoadAppFromAsar: config.electronFuses.onlyLoadAppFromAsar,
        grantFileProtocolExtraPrivileges: config.electronFuses.grantFileProtocolExtraPrivileges,
      },
      {
        runAsNode: false,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        enableCookieEncryption: true,
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true,
        grantFileProtocolExtraPrivileges: false,
      },
    );
    // Integrity needs an archive to check, and electron-builder must not be told to skip it.
    assert.equal(config.asar, true);
    assert.notEqual(config.disableAsarIntegrity, true);
    assert.equal(config.afterPack, undefined, 'electronFuses is the after-pack step; a second one would flip them twice');
  });

  test('Windows: NSIS x64, per-machine, Vietnamese, shortcuts, data kept on uninstall, signing through the hook', () => {
    assert.deepEqual(config.win.target, [{ target: 'nsis', arch: ['x64'] }]);
    assert.equal(config.nsis.perMachine, true);
    assert.equal(config.nsis.oneClick, false);
    assert.deepEqual(config.nsis.installerLanguages, ['vi_VN']);
    assert.equal(config.nsis.language, '1066');
    assert.equal(config.nsis.createDesktopShortcut, 'always');
    assert.equal(config.nsis.createStartMenuShortcut, true);
    assert.equal(config.nsis.deleteAppDataOnUninstall, false);
    assert.equal(config.win.signtoolOptions.sign, './build/sign.cjs');
    assert.deepEqual(config.win.signtoolOptions.signingHashAlgorithms, ['sha256']);
    assert.match(config.nsis.artifactName, /^[\x20-\x7e]+$/, 'ASCII installer name');
  });

  test('Linux: deb and AppImage', () => {
    assert.deepEqual(config.linux.target, ['deb', 'AppImage']);
  });

  test('only the built app, package.json and the catalogue the CLI reads are collected, without maps, tests or the OCR model the desk does not read', () => {
    assert.deepEqual(config.files, [
      'dist/**',
      'package.json',
      'domain/catalog/default-catalog.json',
      '!**/*.map',
      '!**/*.test.*',
      '!**/node_modules/@tesseract.js-data/vie/4.0.0/**',
    ]);
    assert.equal(config.extraMetadata.main, 'dist/main/electron.cjs');
  });
});

describe("build/sign.cjs (electron-builder's Windows signing hook)", () => {
  const hook = require(join(REPO, 'build/sign.cjs')) as {
    (configuration: object, packager: unknown, env?: NodeJS.ProcessEnv, run?: (file: string, args: string[]) => void): Promise<boolean>;
    signtoolCommands(configuration: object, identity: { args: string[] }, env?: NodeJS.ProcessEnv): string[][];
  };
  const target = { path: 'C:\\build\\win-unpacked\\Một Cửa Desk.exe', name: 'Một Cửa Desk', site: null };
  const THUMB = 'AB'.repeat(20);

  function recorder() {
    const calls: { file: string; args: string[] }[] = [];
    return { calls, run: (file: string, args: string[]) => void calls.push({ file, args }) };
  }

  test('not configured: signs nothing, says so, and lets the build go on unsigned', async (t) => {
    const log = t.mock.method(console, 'log', () => undefined);
    const { calls, run } = recorder();
    assert.equal(await hook(target, null, {}, run), false);
    assert.deepEqual(calls, []);
    assert.match(String(log.mock.calls[0]?.arguments[0]), /no signing certificate configured.*unsigned/);
  });

  test('DESK_SIGN_REQUIRED=1 without a certificate fails the build', async () => {
    const { run } = recorder();
    await assert.rejects(hook(target, null, { DESK_SIGN_REQUIRED: '1' }, run), /DESK_SIGN_REQUIRED=1 but no signing certificate/);
  });

  test('token: signtool /sha1 <thumbprint> with the configured RFC 3161 timestamp, then verify', async (t) => {
    t.mock.method(console, 'log', () => undefined);
    const { calls, run } = recorder();
    const env = { DESK_SIGN_CERT_SHA1: THUMB.toLowerCase(), DESK_SIGN_TIMESTAMP_URL: 'http://ts.example.vn', DESK_SIGNTOOL: 'C:\\sdk\\signtool.exe' };
    assert.equal(await hook(target, null, env, run), true);
    assert.deepEqual(calls, [
      {
        file: 'C:\\sdk\\signtool.exe',
        args: ['sign', '/sha1', THUMB, '/fd', 'sha256', '/tr', 'http://ts.example.vn', '/td', 'sha256', '/d', 'Một Cửa Desk', target.path],
      },
      { file: 'C:\\sdk\\signtool.exe', args: ['verify', '/pa', '/q', target.path] },
    ]);
  });

  test('a malformed thumbprint is refused before anything runs', async () => {
    const { calls, run } = recorder();
    await assert.rejects(hook(target, null, { DESK_SIGN_CERT_SHA1: 'not-a-thumbprint' }, run), /40 hex digits/);
    assert.deepEqual(calls, []);
  });

  test('certificate file (CSC_LINK, resolved by electron-builder): /f and /p, and the password never reaches the log', async (t) => {
    const log = t.mock.method(console, 'log', () => undefined);
    const { calls, run } = recorder();
    const withFile = { ...target, cscInfo: { file: 'C:\\tmp\\cert.pfx', password: 's3cret-pass' } };
    assert.equal(await hook(withFile, null, { DESK_SIGNTOOL: 'signtool.exe' }, run), true);
    assert.deepEqual(calls[0]?.args.slice(0, 5), ['sign', '/f', 'C:\\tmp\\cert.pfx', '/p', 's3cret-pass']);
    assert.ok(log.mock.calls.length > 0);
    for (const call of log.mock.calls) assert.doesNotMatch(String(call.arguments[0]), /s3cret-pass/);
  });

  test('the default timestamp server is used when none is configured', () => {
    const [sign] = hook.signtoolCommands(target, { args: ['/sha1', THUMB] }, {});
    assert.equal(sign![sign!.indexOf('/tr') + 1], 'http://timestamp.digicert.com');
  });
});

describe('.github/workflows/release.yml', () => {
  const workflow = yaml.load(readFileSync(join(REPO, '.github/workflows/release.yml'), 'utf8')) as Config;
  const steps = (job: string) => (workflow.jobs[job].steps as Config[]).map((s) => `${s.run ?? ''} ${s.uses ?? ''}`).join('\n');

  test('runs on v* tags, builds Windows on windows-latest and Linux on ubuntu', () => {
    assert.deepEqual(workflow.on.push.tags, ['v*']);
    assert.equal(workflow.jobs.windows['runs-on'], 'windows-latest');
    assert.match(workflow.jobs.linux['runs-on'], /^ubuntu-/);
    for (const job of ['windows', 'linux']) {
      assert.match(steps(job), /npm ci/);
      assert.match(steps(job), /npm run build/);
    }
    assert.match(steps('windows'), /electron-builder --win nsis --x64 --publish never/);
    assert.match(steps('linux'), /electron-builder --linux deb AppImage --x64 --publish never/);
  });

  test("Windows signing comes from secrets and is required; the installer's signature is checked", () => {
    const env = JSON.stringify(workflow.jobs.windows.env ?? {}) + JSON.stringify(workflow.jobs.windows.steps);
    for (const secret of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'DESK_SIGN_CERT_SHA1']) assert.match(env, new RegExp(`secrets\\.${secret}`));
    assert.match(env, /DESK_SIGN_REQUIRED/);
    assert.match(steps('windows'), /Get-AuthenticodeSignature/);
  });

  test('publishes installers and update feeds, after the security scan', () => {
    const release = steps('release');
    assert.match(release, /gh release create/);
    assert.deepEqual([...workflow.jobs.release.needs].sort(), ['linux', 'scan', 'windows']);
    assert.match(steps('scan'), /npm run security:scan -- --online/);
    const uploads = JSON.stringify(workflow.jobs.windows.steps) + JSON.stringify(workflow.jobs.linux.steps);
    for (const file of ['latest.yml', 'latest-linux.yml', '*.blockmap', '*.exe', '*.deb', '*.AppImage']) assert.ok(uploads.includes(file), file);
  });
});
