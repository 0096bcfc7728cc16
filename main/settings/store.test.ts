// The privileged settings file on a real disk: missing means the defaults, a write is whole or
// not at all, a damaged file is set aside with a bilingual reason and the desk starts anyway.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, saveSettings, settingsPath } from './store.ts';
import { DEFAULT_SETTINGS, SETTINGS_FORMAT, parseSettings, type PrivilegedSettings } from './schema.ts';
import { isDeskError } from '#domain/errors.ts';

const dirFor = (label: string) => mkdtempSync(join(tmpdir(), `desk-store-${label}-`));

const SAMPLE: PrivilegedSettings = {
  ...DEFAULT_SETTINGS,
  scanFolders: ['/srv/scans'],
  esclScanners: ['http://10.0.0.5/eSCL/'],
  pkcs11Modules: [{ id: 'custom-ca-tinh', vendor: 'CA Tỉnh', paths: [{ platform: 'linux', path: '/opt/ca/libtoken.so' }] }],
  tsaUrl: 'http://tsa.example.vn/',
  updateFeedUrl: 'https://capnhat.tinh.gov.vn/desk/update.json',
};

test('no file: the defaults, and no problem', async () => {
  assert.deepEqual(await loadSettings(dirFor('missing')), { settings: DEFAULT_SETTINGS, problem: null });
});

test('what is saved is read back, in a file only its owner can read', async () => {
  const dir = join(dirFor('round'), 'nested', 'data');
  await saveSettings(dir, SAMPLE);
  assert.deepEqual(await loadSettings(dir, 'linux'), { settings: SAMPLE, problem: null });
  if (process.platform !== 'win32') assert.equal(statSync(settingsPath(dir)).mode & 0o077, 0);
  assert.deepEqual(readdirSync(dir), ['privileged-settings.json'], 'no temporary file is left behind');
});

test('a reader never sees half a file, even while the file is rewritten again and again', async () => {
  const dir = dirFor('atomic');
  // Large enough that an in-place write would be seen half done.
  const big = (n: number): PrivilegedSettings => ({
    ...SAMPLE,
    esclScanners: Array.from({ length: 20 }, (_, i) => `http://10.0.${n % 250}.${i}/eSCL/${'x'.repeat(400)}/`),
  });
  await saveSettings(dir, big(0));
  let writing = true;
  const reads: Promise<number> = (async () => {
    let count = 0;
    while (writing) {
      const text = await readFile(settingsPath(dir), 'utf8');
      parseSettings(JSON.parse(text), 'linux');
      count++;
    }
    return count;
  })();
  for (let n = 1; n <= 150; n++) await saveSettings(dir, big(n));
  writing = false;
  assert.ok((await reads) > 0);
  assert.deepEqual((await loadSettings(dir, 'linux')).settings, big(150));
});

test('a write that cannot finish leaves the old file as it was, and says why in both languages', async () => {
  const dir = dirFor('fail');
  await saveSettings(dir, SAMPLE);
  const before = readFileSync(settingsPath(dir), 'utf8');
  // The temporary file's name is taken by a directory of the same pattern: make every rename fail instead.
  const blocked = dirFor('blocked');
  mkdirSync(settingsPath(blocked));
  await assert.rejects(
    saveSettings(blocked, SAMPLE),
    (e: unknown) => isDeskError(e) && e.code === 'settings.write-failed' && /chưa được áp dụng/.test(e.text.vi) && /not applied/.test(e.text.en),
  );
  assert.deepEqual(readdirSync(blocked), ['privileged-settings.json'], 'the temporary file was removed');
  assert.equal(readFileSync(settingsPath(dir), 'utf8'), before);
});

test('a damaged file: a bilingual reason, the defaults, and the file kept aside for support staff', async () => {
  for (const [label, content, reason] of [
    ['truncated', '{"format": "mot-cua-desk-privileged-settings/1", "scanFolders": ["/srv', /JSON|Unterminated|Expected/],
    ['wrong shape', JSON.stringify({ format: SETTINGS_FORMAT, scanFolders: 'nope' }), /scanFolders/],
    [
      'plain-http feed to another host',
      JSON.stringify({ format: SETTINGS_FORMAT, ...SAMPLE, updateFeedUrl: 'http://capnhat.tinh.gov.vn/update.json' }),
      /updateFeedUrl/,
    ],
    [
      'network module',
      JSON.stringify({
        format: SETTINGS_FORMAT,
        ...SAMPLE,
        pkcs11Modules: [{ id: 'x', vendor: 'X', paths: [{ platform: 'win32', path: '\\\\server\\share\\x.dll' }] }],
      }),
      /network paths/,
    ],
    ['foreign folder', JSON.stringify({ format: SETTINGS_FORMAT, ...SAMPLE, scanFolders: ['C:\\Scans'] }), /Windows path/],
  ] as const) {
    const dir = dirFor('damaged');
    writeFileSync(settingsPath(dir), content);
    const { settings, problem } = await loadSettings(dir, 'linux');
    assert.deepEqual(settings, DEFAULT_SETTINGS, label);
    assert.equal(problem?.code, 'settings.damaged', label);
    assert.match(problem.text.vi, /bị hỏng .*cài đặt mặc định/, label);
    assert.match(problem.text.en, reason, label);
    assert.match(problem.text.en, /kept as .*privileged-settings\.json\.damaged/, label);
    assert.equal(readFileSync(`${settingsPath(dir)}.damaged`, 'utf8'), content, label);
    assert.equal(existsSync(settingsPath(dir)), false, label);
  }
});
