// The feed address goes to main first (which refuses a plain-http remote address), then into the
// desk's settings with an audit entry; on start the desk hands it back to main with its roll-out id.
import { hostCalls, officeSettings, openTestDb, testOfficer } from '../../test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const { applyUpdateConfig, loadUpdateConfig, rolloutDeskId, saveUpdateConfig } = await import('./updateConfig.ts');

test('a valid feed address is configured in main, stored, and audited without personal data', async () => {
  const db = openTestDb('update-config', { keys: false });
  const officer = await testOfficer();
  const settings = officeSettings({ deskNumber: 3, deskCount: 3 });
  const status = await saveUpdateConfig(db, settings, { feedUrl: 'https://capnhat.tinh.gov.vn/mot-cua-desk/update.json' }, officer.id);
  assert.equal(status.state, 'idle');
  assert.equal(status.feedUrl, 'https://capnhat.tinh.gov.vn/mot-cua-desk/update.json');
  assert.equal(status.canApply, false, 'the test host is browser mode');
  assert.deepEqual(await loadUpdateConfig(db), { feedUrl: 'https://capnhat.tinh.gov.vn/mot-cua-desk/update.json' });
  const entry = await db.audit.orderBy('seq').last();
  assert.deepEqual([entry?.action, entry?.detail], ['settings', 'update feed set']);
  assert.deepEqual(hostCalls.at(-1), { name: 'update.configure', input: { feedUrl: 'https://capnhat.tinh.gov.vn/mot-cua-desk/update.json', deskId: `${settings.agencyId}/3` } });
});

test('a plain-http remote address is refused by main with the reason, and nothing is stored', async () => {
  const db = openTestDb('update-config-bad', { keys: false });
  const officer = await testOfficer();
  await assert.rejects(saveUpdateConfig(db, officeSettings(), { feedUrl: 'http://capnhat.tinh.gov.vn/update.json' }, officer.id), (e: { code: string; text: { vi: string } }) => {
    assert.equal(e.code, 'update.insecure-feed-url');
    assert.match(e.text.vi, /https:\/\//);
    return true;
  });
  assert.deepEqual(await loadUpdateConfig(db), { feedUrl: null });
});

test('on start the stored address reaches main; none means updates are off', async () => {
  const db = openTestDb('update-config-start', { keys: false });
  assert.equal((await applyUpdateConfig(db, officeSettings())).state, 'not-configured');
  assert.equal(rolloutDeskId({ agencyId: '000.00.00.H01', deskNumber: 2 }), '000.00.00.H01/2');
});
