// The feed address is main's: the desk sends only its roll-out id, proposes an address, and hands
// back the code from the host's console; an address an older desk kept is still there to propose.
import { hostCalls, hostConsole, officeSettings, openTestDb, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const { applyUpdateConfig, forgetLegacyFeedUrl, loadLegacyFeedUrl, rolloutDeskId } = await import('./updateConfig.ts');
const { confirmChange, proposeChange } = await import('../settings/adminChanges.ts');
const { desk } = await import('#renderer/app/host.ts');

test('on start the desk sends main its roll-out id only; without an approved feed updates are off', async () => {
  const settings = officeSettings({ deskNumber: 3, deskCount: 3 });
  assert.equal((await applyUpdateConfig(settings)).state, 'not-configured');
  assert.deepEqual(hostCalls.at(-1), { name: 'update.configure', input: { deskId: `${settings.agencyId}/3` } });
  assert.equal(rolloutDeskId({ agencyId: '000.00.00.H01', deskNumber: 2 }), '000.00.00.H01/2');
});

test('a feed address is proposed, approved with the console code, in main, and audited', async () => {
  const db = openTestDb('update-config', { keys: false });
  const officer = await testOfficer();
  const change = { kind: 'set-update-feed', url: 'https://capnhat.tinh.gov.vn/mot-cua-desk/update.json' } as const;
  const outcome = await proposeChange(db, change, officer.id);
  assert.equal(outcome.state, 'pending');
  assert.equal((await desk['update.status']({})).feedUrl, null, 'nothing before the code');
  const view = await confirmChange(db, change, outcome.state === 'pending' ? outcome.pending : (null as never), hostConsole.lastCode(), officer.id);
  assert.equal(view.updateFeedUrl, 'https://capnhat.tinh.gov.vn/mot-cua-desk/update.json');
  const status = await desk['update.status']({});
  assert.equal(status.feedUrl, 'https://capnhat.tinh.gov.vn/mot-cua-desk/update.json');
  assert.equal(status.canApply, false, 'the test host is browser mode');
  const entry = await db.audit.orderBy('seq').last();
  assert.deepEqual([entry?.action, entry?.detail], ['settings', 'admin set-update-feed https://capnhat.tinh.gov.vn/mot-cua-desk/update.json']);
  const cleared = await proposeChange(db, { kind: 'clear-update-feed' }, officer.id);
  assert.ok(cleared.state === 'applied' && cleared.view.updateFeedUrl === null, 'a removal needs no code');
});

test('a plain-http remote address is refused by main with the reason before any code is shown', async () => {
  const db = openTestDb('update-config-bad', { keys: false });
  const officer = await testOfficer();
  const shown = hostConsole.text.length;
  await assert.rejects(
    proposeChange(db, { kind: 'set-update-feed', url: 'http://capnhat.tinh.gov.vn/update.json' }, officer.id),
    (e: { code: string; text: { vi: string } }) => {
      assert.equal(e.code, 'update.insecure-feed-url');
      assert.match(e.text.vi, /https:\/\//);
      return true;
    },
  );
  assert.equal(hostConsole.text.length, shown);
  assert.equal(await db.audit.count(), 0);
});

test('an address an older desk kept is read back until the administrator drops it', async () => {
  const db = openTestDb('update-config-legacy', { keys: false });
  await db.settings.put({ key: 'update', value: { feedUrl: 'https://capnhat.tinh.gov.vn/desk/update.json' } });
  assert.equal(await loadLegacyFeedUrl(db), 'https://capnhat.tinh.gov.vn/desk/update.json');
  await forgetLegacyFeedUrl(db);
  assert.equal(await loadLegacyFeedUrl(db), null);
});
