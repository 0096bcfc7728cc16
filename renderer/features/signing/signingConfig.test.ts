// A desk set up before main owned its PKCS#11 modules and TSA kept them in its own settings: none
// of that is lost. A kept path main now lists becomes a choice by id; the rest stays visible as
// "not yet approved" until proposed or dropped; main is only ever sent ids it lists.
import { hostCalls, hostConsole, openTestDb, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { applySigningConfig, forgetLegacySigning, loadSigningConfig } = await import('./signingConfig.ts');
const { confirmChange, proposeChange } = await import('../settings/adminChanges.ts');
const { loadLegacyScanners, forgetLegacyScanner } = await import('../scanning/scannerConfig.ts');

test('kept module paths and TSA: an approved one becomes a choice by id, the others stay to be approved', async () => {
  const db = openTestDb('signing-legacy', { keys: false });
  const officer = await testOfficer({ role: 'admin' });
  const library = join(mkdtempSync(join(tmpdir(), 'desk-legacy-')), 'libcatinh.so');
  writeFileSync(library, 'ELF');
  await db.settings.put({
    key: 'signing',
    value: { pkcs11Modules: [library, '/opt/other/libtoken.so'], tsaUrl: 'http://tsa.example.vn/', trustAnchors: [], emulator: true },
  });

  const before = await loadSigningConfig(db);
  assert.deepEqual(before.legacy, { modules: [library, '/opt/other/libtoken.so'], tsaUrl: 'http://tsa.example.vn/' });
  await applySigningConfig(db);
  assert.deepEqual(hostCalls.at(-1), { name: 'sign.configure', input: { moduleIds: [], emulator: true, trustAnchors: [] } }, 'no path ever goes to main');
  assert.deepEqual((await loadSigningConfig(db)).legacy.modules, [library, '/opt/other/libtoken.so'], 'nothing dropped while main does not list them');

  const change = { kind: 'add-pkcs11-module', vendor: 'CA Tỉnh', path: library } as const;
  const proposed = await proposeChange(db, change, officer.id);
  assert.equal(proposed.state, 'pending');
  await confirmChange(db, change, proposed.state === 'pending' ? proposed.pending : (null as never), hostConsole.lastCode(), officer.id);

  await applySigningConfig(db);
  const after = await loadSigningConfig(db);
  assert.deepEqual(after.moduleIds, ['custom-ca-tinh']);
  assert.deepEqual(after.legacy, { modules: ['/opt/other/libtoken.so'], tsaUrl: 'http://tsa.example.vn/' });
  assert.deepEqual(hostCalls.at(-1), { name: 'sign.configure', input: { moduleIds: ['custom-ca-tinh'], emulator: true, trustAnchors: [] } });

  await forgetLegacySigning(db, { tsaUrl: true });
  await forgetLegacySigning(db, { module: '/opt/other/libtoken.so' });
  assert.deepEqual((await loadSigningConfig(db)).legacy, { modules: [], tsaUrl: null });
  assert.equal((await loadSigningConfig(db)).emulator, true, 'the desk’s own choices stay');
});

test('kept scanners are read back until each is dropped', async () => {
  const db = openTestDb('scanners-legacy', { keys: false });
  await db.settings.put({ key: 'scanners', value: { escl: ['10.0.0.5'], folders: ['/srv/scans'] } });
  assert.deepEqual(await loadLegacyScanners(db), { escl: ['10.0.0.5'], folders: ['/srv/scans'] });
  await forgetLegacyScanner(db, 'escl', '10.0.0.5');
  assert.deepEqual(await loadLegacyScanners(db), { escl: [], folders: ['/srv/scans'] });
});
