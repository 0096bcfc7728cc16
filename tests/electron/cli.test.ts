// The shell's --cli switch (main/electron.ts), what the installed `desk` and `desk.cmd` run: the
// built dist/main/electron.cjs with the fake electron, in a child process so that the switch reads
// a real process.argv and app.exit ends a real process. It runs the command from dist/main/cli.mjs,
// exits with the command's code once the output is written, and touches no window and no
// single-instance lock, so it works beside a running desk. PKCS#11 modules run in Electron's
// utility processes (the fake's are real child processes), as in the app.
// Electron's real binary is absent here; tests/package/cli.test.ts runs the shipped scripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const built = ['dist/main/electron.cjs', 'dist/main/cli.mjs'].every((file) => existsSync(join(REPO, file)));
const skip = built ? false : 'dist/ not built (run node scripts/build.mjs; npm test does)';

function shell(args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string; calls: string[] } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'tests/electron/cliHost.ts'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 120_000,
    env,
  });
  const marker = /\nELECTRON CALLS (.*)\n$/.exec(result.stderr);
  assert.ok(marker, `app.exit was never called:\n${result.stderr}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls: JSON.parse(marker[1]!) as string[] };
}

test('mot-cua-desk --cli holidays 2026 prints the days off and exits 0 through app.exit, with no window and no lock', { skip }, () => {
  const { status, stdout, calls } = shell(['--cli', 'holidays', '2026']);
  assert.equal(status, 0);
  assert.match(stdout, /^2026-01-01 Tết Dương lịch — New Year's Day$/m);
  assert.match(stdout, /^2026-11-24 Ngày Văn hóa Việt Nam \(24\/11\) — Vietnam Culture Day$/m);
  assert.ok(calls.includes('app.exit'), calls.join(', '));
  for (const unwanted of ['app.requestSingleInstanceLock', 'BrowserWindow', 'utilityProcess.fork']) {
    assert.ok(!calls.some((call) => call.startsWith(unwanted)), `${unwanted} called: ${calls.join(', ')}`);
  }
});

test("mot-cua-desk --cli passes the command's own exit code on: an unknown command is 2", { skip }, () => {
  const { status, stderr, stdout } = shell(['--cli', 'nope']);
  assert.equal(status, 2);
  assert.match(stderr, /Không có lệnh "nope" \/ unknown command "nope"/);
  assert.match(stdout, /desk holidays FROM_YEAR/);
});

const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so';
const softhsmMissing = spawnSync('softhsm2-util', ['--version']).error || !existsSync(SOFTHSM) ? 'SoftHSM2 not installed' : false;

test(
  'mot-cua-desk --cli tokens lists a SoftHSM2 token through a utility process, never a fork of the app binary',
  { skip: skip || softhsmMissing },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'desk-cli-hsm-'));
    try {
      await mkdir(join(dir, 'tokens'));
      const conf = join(dir, 'softhsm2.conf');
      await writeFile(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
      const env = { ...process.env, SOFTHSM2_CONF: conf };
      execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'Token Một Cửa', '--so-pin', '13579135', '--pin', '246810'], { env, stdio: 'pipe' });
      const { status, stdout, stderr, calls } = shell(['--cli', 'tokens', '--module', SOFTHSM], env);
      assert.equal(status, 0, stderr);
      assert.match(stdout, /^pkcs11:.*\tToken Một Cửa \(SoftHSM project\)\tPIN: ok$/m);
      assert.ok(calls.includes('utilityProcess.fork'), calls.join(', '));
      assert.ok(calls.indexOf('app.whenReady') < calls.indexOf('utilityProcess.fork'), calls.join(', '));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
