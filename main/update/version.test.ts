import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeVersion } from './version.ts';

test("a newer version is offered; required only when the desk is below the feed's minimum", () => {
  assert.deepEqual(judgeVersion('0.1.0', { version: '0.2.0' }), { verdict: 'newer', required: false });
  assert.deepEqual(judgeVersion('0.1.0', { version: '0.2.0', minimumVersion: '0.1.0' }), { verdict: 'newer', required: false });
  assert.deepEqual(judgeVersion('0.1.0', { version: '0.2.0', minimumVersion: '0.1.5' }), { verdict: 'newer', required: true });
});

test('semver order, not text order: 0.10.0 is newer than 0.9.1, a release newer than its pre-release', () => {
  assert.equal(judgeVersion('0.9.1', { version: '0.10.0' }).verdict, 'newer');
  assert.equal(judgeVersion('1.0.0-rc.1', { version: '1.0.0' }).verdict, 'newer');
  assert.equal(judgeVersion('1.0.0', { version: '1.0.0-rc.1' }).verdict, 'older');
});

test('the same version is up to date, an older one is refused as a downgrade, each with its reason', () => {
  const same = judgeVersion('0.2.0', { version: '0.2.0' });
  assert.equal(same.verdict, 'same');
  assert.match(same.verdict === 'same' ? same.reason.vi : '', /mới nhất \(0\.2\.0\)/);
  const older = judgeVersion('0.2.0', { version: '0.1.9' });
  assert.equal(older.verdict, 'older');
  assert.match(older.verdict === 'older' ? older.reason.vi : '', /Không hạ cấp/);
  assert.match(older.verdict === 'older' ? older.reason.en : '', /No downgrade: .*0\.1\.9.*0\.2\.0/);
});
