// Officer accounts and their passwords. Only addOfficer/prepareOfficer pay the real
// 600,000 PBKDF2 iterations (about half a second each); everything else uses cheap hashes.
import { FAST_ITERATIONS, openTestDb, snapshot, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PBKDF2_ITERATIONS, hashPassword, passwordProblems, verifyPassword } from './password.ts';
import { addOfficer, authenticate, normaliseUsername, prepareOfficer } from './officers.ts';

const GOOD = { username: 'canbo1', fullName: 'Trần Thị Bình', password: 'mat-khau-an-toan', role: 'officer' as const };

test('prepareOfficer refuses bad input, before any hashing, with bilingual messages', async () => {
  const cases = [
    [{ ...GOOD, username: 'ab' }, 'bad-username', 'Usernames are 3–32 characters: unaccented letters, digits, dot, dash.'],
    [{ ...GOOD, username: 'cán.bộ' }, 'bad-username', 'Usernames are 3–32 characters: unaccented letters, digits, dot, dash.'],
    [{ ...GOOD, username: 'can bo' }, 'bad-username', 'Usernames are 3–32 characters: unaccented letters, digits, dot, dash.'],
    [{ ...GOOD, username: 'a'.repeat(33) }, 'bad-username', 'Usernames are 3–32 characters: unaccented letters, digits, dot, dash.'],
    [{ ...GOOD, fullName: '   ' }, 'bad-name', 'Full name is required.'],
    [{ ...GOOD, password: '1234567' }, 'weak-password', 'The password needs at least 8 characters.'],
  ] as const;
  for (const [input, code, en] of cases) {
    const started = performance.now();
    await assert.rejects(prepareOfficer(input), (e: { code: string; text: { vi: string; en: string } }) => {
      assert.equal(e.code, code, JSON.stringify(input));
      assert.equal(e.text.en, en);
      assert.ok(e.text.vi.length > 0);
      return true;
    });
    assert.ok(performance.now() - started < 100, 'refused before the slow hash');
  }
  assert.deepEqual(passwordProblems('12345678'), []);
  assert.deepEqual(passwordProblems('1234567'), [{ vi: 'Mật khẩu cần ít nhất 8 ký tự.', en: 'The password needs at least 8 characters.' }]);
  assert.equal(normaliseUsername('  CanBo.01 '), 'canbo.01');
});

test('addOfficer stores a normalised officer with an audit entry, and refuses a taken username', async () => {
  const db = openTestDb('officers');
  const officer = await addOfficer(db, { ...GOOD, username: '  CanBo1 ', fullName: ' Trần Thị Bình '.normalize('NFD') }, 'admin-1');
  assert.equal(officer.username, 'canbo1');
  assert.equal(officer.fullName, 'Trần Thị Bình'.normalize('NFC'), 'trimmed and NFC');
  assert.equal(officer.role, 'officer');
  assert.equal(officer.active, true);
  assert.equal(officer.password.iterations, PBKDF2_ITERATIONS);
  assert.ok(!JSON.stringify(officer).includes(GOOD.password), 'the password itself is not stored');
  assert.deepEqual(await db.officers.get(officer.id), officer);
  const audit = await db.audit.toArray();
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.action, 'officer');
  assert.equal(audit[0]!.officerId, 'admin-1');
  assert.equal(audit[0]!.detail, `add ${officer.id}`);
  assert.match(audit[0]!.at, /^\d{4}-\d{2}-\d{2}T/);

  const before = await snapshot(db);
  await assert.rejects(addOfficer(db, { ...GOOD, username: 'CANBO1', fullName: 'Người khác' }, 'admin-1'), { code: 'username-taken' });
  assert.deepEqual(await snapshot(db), before, 'no officer and no audit entry for the refused one');

  // The real hash verifies through authenticate.
  assert.equal((await authenticate(db, 'canbo1', GOOD.password))?.id, officer.id);
});

test('authenticate: right password, wrong password, unknown user, inactive officer', async () => {
  const db = openTestDb('auth');
  const active = await testOfficer({ username: 'canbo1' }, 'mat-khau-an-toan');
  const inactive = await testOfficer({ username: 'nghiviec', active: false }, 'mat-khau-cu-1');
  await db.officers.bulkAdd([active, inactive]);

  assert.deepEqual(await authenticate(db, 'canbo1', 'mat-khau-an-toan'), active);
  assert.equal((await authenticate(db, '  CANBO1 ', 'mat-khau-an-toan'))?.id, active.id, 'the username is normalised');
  assert.equal(await authenticate(db, 'canbo1', 'mat-khau-an-toan '), null);
  assert.equal(await authenticate(db, 'canbo1', 'MAT-KHAU-AN-TOAN'), null);
  assert.equal(await authenticate(db, 'canbo1', ''), null);
  assert.equal(await authenticate(db, 'khongco', 'mat-khau-an-toan'), null);
  assert.equal(await authenticate(db, 'nghiviec', 'mat-khau-cu-1'), null, 'an inactive officer cannot sign in');
  await db.officers.update(inactive.id, { active: true });
  assert.equal((await authenticate(db, 'nghiviec', 'mat-khau-cu-1'))?.id, inactive.id, 'until reactivated');
});

test('verifyPassword is real PBKDF2-SHA256 and compares every byte', async () => {
  // RFC 7914 §11 / common test vector: PBKDF2-HMAC-SHA256("password", "salt", 1, 32).
  const vector = {
    salt: btoa('salt'),
    hash: Buffer.from('120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b', 'hex').toString('base64'),
    iterations: 1,
  };
  assert.equal(await verifyPassword('password', vector), true);
  assert.equal(await verifyPassword('Password', vector), false);

  const stored = await hashPassword('Mật khẩu 2025', FAST_ITERATIONS);
  assert.equal(stored.iterations, FAST_ITERATIONS);
  assert.equal(Buffer.from(stored.salt, 'base64').length, 16);
  assert.equal(Buffer.from(stored.hash, 'base64').length, 32);
  assert.equal(await verifyPassword('Mật khẩu 2025', stored), true);
  assert.equal(await verifyPassword('Mật khẩu 2025'.normalize('NFD'), stored), true, 'NFD input from another keyboard still matches');
  assert.equal(await verifyPassword('Mat khau 2025', stored), false);
  assert.equal(await verifyPassword('Mật khẩu 2025', { ...stored, iterations: FAST_ITERATIONS + 1 }), false);

  const again = await hashPassword('Mật khẩu 2025', FAST_ITERATIONS);
  assert.notEqual(again.salt, stored.salt, 'a fresh salt each time');
  assert.notEqual(again.hash, stored.hash);

  const bytes = Buffer.from(stored.hash, 'base64');
  for (const index of [0, 15, 31]) {
    const flipped = Buffer.from(bytes);
    flipped[index]! ^= 1;
    assert.equal(await verifyPassword('Mật khẩu 2025', { ...stored, hash: flipped.toString('base64') }), false, `byte ${index} differs`);
  }
  assert.equal(await verifyPassword('Mật khẩu 2025', { ...stored, hash: bytes.subarray(0, 16).toString('base64') }), false, 'a truncated hash');
  assert.equal(await verifyPassword('Mật khẩu 2025', { ...stored, hash: '' }), false, 'an empty hash');
});
