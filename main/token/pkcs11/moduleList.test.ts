import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDeskError } from '#domain/errors.ts';
import { addSiteModule, installedModules, knownModules, parseCustomModule, parseModuleList, readSiteModules } from './moduleList.ts';

const WINDOWS_ENV = { SystemRoot: 'D:\\WINDOWS', ProgramFiles: 'D:\\Program Files' };

describe('known-modules.json', () => {
  it('names the Vietnamese CAs’ modules and marks guessed paths unconfirmed', () => {
    const ids = knownModules.map((m) => m.id);
    for (const id of ['vnpt-ca', 'viettel-ca', 'bkav-ca', 'fpt-ca', 'vgca-safenet', 'feitian-epass2003', 'opensc', 'softhsm2']) assert.ok(ids.includes(id), id);
    const vnpt = knownModules.find((m) => m.id === 'vnpt-ca')!;
    assert.ok(vnpt.paths.every((p) => p.unconfirmed === true));
  });

  it('rejects a malformed list with a bilingual error', () => {
    assert.throws(
      () => parseModuleList({ modules: [{ id: 'x', vendor: 'X', paths: [] }] }, 'test'),
      (e: unknown) => isDeskError(e) && e.code === 'pkcs11.module-list' && /modules\.0\.paths/.test(e.text.en),
    );
  });
});

describe('installedModules', () => {
  it('expands %SystemRoot% and reports only the files that exist', () => {
    const present = new Set(['D:\\WINDOWS\\System32\\vnptca_p11_v10.dll', 'D:\\WINDOWS\\System32\\eTPKCS11.dll']);
    const found = installedModules({ platform: 'win32', env: WINDOWS_ENV, exists: (p) => present.has(p) });
    assert.deepEqual(
      found.map((m) => [m.id, m.path, m.unconfirmed]),
      [
        ['vnpt-ca', 'D:\\WINDOWS\\System32\\vnptca_p11_v10.dll', true],
        ['vgca-safenet', 'D:\\WINDOWS\\System32\\eTPKCS11.dll', true],
      ],
    );
  });

  it('skips paths whose environment variable is not set', () => {
    const looked: string[] = [];
    installedModules({ platform: 'win32', env: {}, exists: (p) => (looked.push(p), false) });
    assert.ok(
      looked.every((p) => !p.includes('%') && !p.startsWith('\\')),
      looked.join(', '),
    );
  });

  it('lists site modules first and hides software tokens unless asked', () => {
    const site = parseCustomModule({ vendor: 'CA Tỉnh', path: '/opt/ca/libtoken.so', platform: 'linux' });
    const all = installedModules({ platform: 'linux', exists: () => true, extra: [site], includeTesting: true });
    assert.equal(all[0]?.path, '/opt/ca/libtoken.so');
    assert.ok(all.some((m) => m.testing));
    assert.ok(!installedModules({ platform: 'linux', exists: () => true }).some((m) => m.testing));
  });
});

describe('custom modules', () => {
  it('accepts a full local library path', () => {
    const m = parseCustomModule({ vendor: 'Bộ phận Một cửa Đà Nẵng', path: 'C:\\Program Files\\CA\\token.dll', platform: 'win32' });
    assert.equal(m.id, 'custom-bo-phan-mot-cua-da-nang');
    assert.deepEqual(m.paths, [{ platform: 'win32', path: 'C:\\Program Files\\CA\\token.dll' }]);
  });

  it('refuses relative, network and non-library paths, in both languages', () => {
    const bad = [
      { vendor: 'X', path: 'token.dll', platform: 'win32' },
      { vendor: 'X', path: '\\\\server\\share\\token.dll', platform: 'win32' },
      { vendor: 'X', path: 'C:\\CA\\token.exe', platform: 'win32' },
      { vendor: 'X', path: 'lib/token.so', platform: 'linux' },
      { vendor: '', path: '/usr/lib/token.so', platform: 'linux' },
      { vendor: 'X', path: '/usr/lib/token.so', platform: 'beos' },
    ];
    for (const input of bad) {
      assert.throws(
        () => parseCustomModule(input),
        (e: unknown) => isDeskError(e) && e.code === 'pkcs11.custom-module' && e.text.vi.startsWith('Thư viện PKCS#11'),
        JSON.stringify(input),
      );
    }
  });

  it('adds to the site file once, and reads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-modules-'));
    try {
      const file = join(dir, 'nested', 'pkcs11-modules.json');
      assert.deepEqual(await readSiteModules(file), []);
      const input = { vendor: 'CA Tỉnh', path: '/opt/ca/libtoken.so', platform: 'linux' };
      await addSiteModule(file, input);
      const twice = await addSiteModule(file, input);
      assert.equal(twice.length, 1);
      assert.deepEqual(await readSiteModules(file), twice);
      assert.ok(JSON.parse(await readFile(file, 'utf8')).modules);
      await writeFile(file, '{ not json');
      await assert.rejects(readSiteModules(file), (e: unknown) => isDeskError(e) && e.code === 'pkcs11.module-list');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
