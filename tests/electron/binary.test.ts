// The real Electron app, when its binary is on this machine. It usually is not: CI installs with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1 and only Electron's types are used, so this test skips and
// tests/electron/shell.test.ts proves the shell with a fake `electron` instead.
//
// Never download: `require('electron')` (and Playwright's _electron.launch without an
// executablePath) runs electron/install.js when the binary is missing, so the path is found here
// by reading the same files that package reads, and Playwright is always given it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { electronBinary, isExecutable } from '#scripts/electronBinary.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

function skipReason(): string | false {
  const binary = electronBinary();
  if (!binary || !isExecutable(binary)) {
    return 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): the shell is covered by shell.test.ts with a fake electron';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'Electron binary present but no display: run under xvfb-run -a';
  }
  return false;
}

const skip = skipReason();

test('the real Electron app opens a hardened window with window.desk and no require', { skip, timeout: 60_000 }, async () => {
  for (const built of ['dist/main/electron.cjs', 'dist/preload/electron.cjs', 'dist/renderer/index.html']) {
    assert.ok(existsSync(join(REPO, built)), `${built} exists (run node scripts/build.mjs)`);
  }
  const { _electron } = await import('playwright-core');
  const app = await _electron.launch({
    executablePath: electronBinary()!,
    args: [REPO],
    cwd: REPO,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_ENABLE_LOGGING: '1' },
    timeout: 30_000,
  });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    assert.equal(new URL(page.url()).protocol, 'app:');
    assert.equal(new URL(page.url()).host, 'desk');
    assert.equal(await page.title(), 'Một Cửa Desk');
    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const desk = w.desk as Record<string, unknown> | undefined;
      return {
        desk: typeof desk,
        methods: desk ? Object.keys(desk).sort() : [],
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
      };
    });
    assert.equal(globals.desk, 'object');
    assert.ok(globals.methods.includes('app.info'), globals.methods.join(', '));
    assert.equal(globals.require, 'undefined');
    assert.equal(globals.process, 'undefined');
    assert.equal(globals.module, 'undefined');
    const info = await page.evaluate(() =>
      (window as unknown as { desk: Record<string, (input: unknown) => Promise<{ host: string }>> }).desk['app.info']!({}),
    );
    assert.equal(info.host, 'electron');
    // Remote content stays out: the session cancels the request.
    const remote = await page.evaluate(() =>
      fetch('https://example.com/').then(
        () => 'loaded',
        () => 'blocked',
      ),
    );
    assert.equal(remote, 'blocked');
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const wc = BrowserWindow.getAllWindows()[0]!.webContents;
      const p = (wc as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
      return { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration, webSecurity: p.webSecurity };
    });
    assert.deepEqual(prefs, { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  } finally {
    await app.close();
  }
});
