import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendKindOf, createScanners } from './registry.ts';
import { findExecutable } from './sane.ts';
import { ScanError, type ScannerBackend } from './types.ts';

const fakeEscl: ScannerBackend = {
  kind: 'escl',
  list: async () => {
    throw new ScanError('unplugged');
  },
  capabilities: async () => {
    throw new ScanError('not-found');
  },
  scan: () => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true as const, value: undefined }) }) }),
};

test('prefixes', () => {
  assert.equal(backendKindOf('sane:test:0'), 'sane');
  assert.equal(backendKindOf('escl:http://10.0.0.5/eSCL/'), 'escl');
  assert.equal(backendKindOf('folder:/srv/scans'), 'folder');
  assert.equal(backendKindOf('wia:{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001'), 'wia');
  assert.equal(backendKindOf('twain:x'), null);
  assert.equal(backendKindOf('nothing'), null);
});

test('backends for this platform; findBackend by prefix; one failing backend does not hide the rest', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mcd-registry-'));
  try {
    const hasSane = (await findExecutable('scanimage')) !== null;
    const s = await createScanners({ platform: 'linux', folders: [dir], escl: fakeEscl });
    assert.deepEqual(
      s.backends.map((b) => b.kind),
      [...(hasSane ? ['sane'] : []), 'escl', 'folder'],
    );
    assert.equal(s.findBackend(`folder:${dir}`)?.kind, 'folder');
    assert.equal(s.findBackend('escl:http://x/eSCL/'), fakeEscl);
    assert.equal(s.findBackend('wia:x'), undefined, 'no WIA off Windows');
    assert.throws(
      () => s.backendFor('wia:x'),
      (e) => e instanceof ScanError && e.scanCode === 'not-found',
    );
    const sane = await createScanners({ platform: 'linux', sane: false });
    assert.deepEqual(sane.backends, []);
    const { devices, failures } = await createScanners({ platform: 'linux', sane: false, folders: [dir], escl: fakeEscl }).then((x) => x.listDevices());
    assert.deepEqual(
      devices.map((d) => d.id),
      [`folder:${dir}`],
    );
    assert.deepEqual(
      failures.map((f) => f.backend),
      ['escl'],
    );
    const win = await createScanners({ platform: 'win32', sane: false });
    assert.deepEqual(
      win.backends.map((b) => b.kind),
      ['wia'],
    );
    const noScanimage = await createScanners({ platform: 'linux', sane: { scanimage: join(dir, 'no-such-scanimage') } });
    assert.deepEqual(noScanimage.backends, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
