// Issue 6, item 6: Electronegativity over the app's sources (what `npm run security:scan` runs)
// finds nothing HIGH and parses every file; each remaining finding is one that
// tests/package/electronegativity.md explains. A canary proves the scanner is not blind to our
// TypeScript: the same scan over a window with contextIsolation off must report HIGH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failures, scan } from './security-scan.ts';

test('Electronegativity: no HIGH finding in main/, preload/, renderer/, every file parsed, every finding explained', { timeout: 60_000 }, async () => {
  const report = await scan();
  assert.ok(report.files > 50, `only ${report.files} files scanned`);
  assert.deepEqual(failures(report), []);
  const explained = await readFile(new URL('./electronegativity.md', import.meta.url), 'utf8');
  for (const issue of report.issues) {
    assert.ok(explained.includes(issue.id), `${issue.id} (${issue.file}:${issue.line}) is not explained in tests/package/electronegativity.md`);
  }
});

test('Electronegativity reads modern TypeScript: a window without context isolation in a .ts file is reported HIGH', { timeout: 60_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'electronegativity-canary-'));
  try {
    await mkdir(join(root, 'main'));
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'canary', devDependencies: { electron: '45.4.1' } }));
    await writeFile(
      join(root, 'main', 'window.ts'),
      [
        "import { BrowserWindow } from 'electron';",
        'type Prefs = { nodeIntegration: boolean };',
        'const size = { width: 800 } as const satisfies Record<string, number>;',
        'export function open(): BrowserWindow {',
        '  return new BrowserWindow({ ...size, webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });',
        '}',
        'export const prefs: Prefs = { nodeIntegration: true };',
      ].join('\n'),
    );
    const report = await scan({ root });
    assert.deepEqual(report.errors, []);
    const high = report.issues.filter((i) => i.severity === 'HIGH').map((i) => i.id);
    assert.ok(high.includes('CONTEXT_ISOLATION_JS_CHECK'), `HIGH findings: ${high.join(', ')}`);
    assert.ok(failures(report).length > 0);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
