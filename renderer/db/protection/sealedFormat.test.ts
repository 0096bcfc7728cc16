import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, hkdfSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Protection } from './protection.ts';
import { blindToken, deriveDataKey } from './dataKey.ts';
import { PROTECTED_TABLES } from './protectedTables.ts';

const SPEC = PROTECTED_TABLES.dossiers!;
type Row = Record<string, unknown>;

const fixture = JSON.parse(await readFile(new URL('./sealed-dossier.fixture.json', import.meta.url), 'utf8')) as {
  stored: Row & { sealed: string; searchKeys: string[] };
  record: Row;
};

function fixtureProtection(): Protection {
  const protection = new Protection();
  protection.install(
    [
      deriveDataKey(
        'fixkid',
        new Uint8Array(32).map((_, i) => i + 1),
      ),
    ],
    'fixkid',
    new Uint8Array(32),
  );
  return protection;
}

test('a dossier sealed by the code before the faster blind tokens opens with today’s, which gives it the very same search tokens', () => {
  const protection = fixtureProtection();
  const stored = { ...fixture.stored, sealed: new Uint8Array(Buffer.from(fixture.stored.sealed, 'base64')) };
  assert.deepEqual(protection.openRecord('dossiers', SPEC, stored), fixture.record);
  // Tokens are what the register searches: a changed token would hide every dossier stored
  // before. (The index may gain tokens of new kinds; every old one must still come out the same.)
  const resealed = protection.sealRecord('dossiers', SPEC, fixture.record);
  const tokensNow = new Set(resealed.searchKeys as string[]);
  for (const token of fixture.stored.searchKeys) assert.ok(tokensNow.has(token), `sealRecord still gives ${token}`);
  assert.deepEqual(protection.openRecord('dossiers', SPEC, resealed), fixture.record);
});

test('a blind token is the first 64 bits of HMAC-SHA-256 under the index key, whatever the length of the term', () => {
  const secret = new Uint8Array(32).map((_, i) => 255 - i);
  const key = deriveDataKey('kid123', secret);
  // The index key as dataKey derives it, recomputed with Node's own crypto.
  const indexKey = Buffer.from(hkdfSync('sha256', secret, 'mot-cua-desk/kid123', 'blind index v1', 32));
  for (const value of ['a', 'nguyen thi huo', '001190234567', 'đ'.repeat(200)]) {
    const mac = createHmac('sha256', indexKey).update(`n:${value}`).digest().subarray(0, 8).toString('base64url');
    assert.equal(blindToken(key, 'n', value), `~kid123.${mac}`, value.slice(0, 20));
  }
});
