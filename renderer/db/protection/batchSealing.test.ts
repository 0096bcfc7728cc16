import { APPLICANT, PROCEDURE, officeSettings, openTestDb, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, hkdfSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Dossier, ReceivedComponent } from '#domain/model.ts';
import { emptyFilter, rowsOf, viewDossiers } from '#renderer/features/dossiers/dossierQuery.ts';
import type { DeskDb } from '../schema.ts';
import { Protection } from './protection.ts';
import { blindToken, deriveDataKey } from './dataKey.ts';
import { PROTECTED_TABLES } from './protectedTables.ts';
import { bulkPutSealed } from './bulkPutSealed.ts';

const { recordDecision } = await import('#renderer/features/reception/recordDecision.ts');

const SPEC = PROTECTED_TABLES.dossiers!;
type Row = Record<string, unknown>;

const fixture = JSON.parse(await readFile(new URL('./sealed-before-batching.fixture.json', import.meta.url), 'utf8')) as {
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

test('a dossier sealed by the code before batch sealing opens with today’s, and both sealing paths give it the very same search tokens', async () => {
  const protection = fixtureProtection();
  const stored = { ...fixture.stored, sealed: new Uint8Array(Buffer.from(fixture.stored.sealed, 'base64')) };
  assert.deepEqual(protection.openRecord('dossiers', SPEC, stored), fixture.record);
  // Tokens are what the register searches: a changed token would hide every dossier stored
  // before. (The index may gain tokens of new kinds; every old one must still come out the same.)
  const tokensNow = new Set(protection.sealRecord('dossiers', SPEC, fixture.record).searchKeys as string[]);
  const [batched] = await protection.sealRecords('dossiers', SPEC, [fixture.record]);
  const batchedTokens = new Set(batched!.searchKeys as string[]);
  for (const token of fixture.stored.searchKeys) {
    assert.ok(tokensNow.has(token), `sealRecord still gives ${token}`);
    assert.ok(batchedTokens.has(token), `sealRecords still gives ${token}`);
  }
  assert.deepEqual(protection.openRecord('dossiers', SPEC, batched!), fixture.record, 'WebCrypto’s sealing opens with the same code');
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

function components(): ReceivedComponent[] {
  return PROCEDURE.components.map((c) => ({ specId: c.id, name: c.name, received: true, kind: c.accepted[0]!, count: c.count }));
}

async function sampleDossiers(db: DeskDb, count: number): Promise<Dossier[]> {
  const first = await recordDecision(
    db,
    { procedure: PROCEDURE, applicant: { ...APPLICANT }, components: components(), sets: 1, decision: 'accepted' },
    { settings: officeSettings(), officer: await testOfficer(), now: new Date(Date.UTC(2025, 10, 24, 2, 0)) },
  );
  await db.dossiers.clear();
  return Array.from({ length: count }, (_, i) => ({
    ...first,
    id: `${first.id.slice(0, 20)}${String(i).padStart(6, '0')}`,
    code: `${first.code.slice(0, -4)}${String(i + 1).padStart(4, '0')}`,
    applicant: { ...first.applicant, fullName: i === count - 1 ? 'Lê Thị Cuối Cùng' : `Phạm Văn Mẫu ${i}`, idNumber: `0011900${String(i).padStart(5, '0')}` },
  }));
}

async function rawDossiers(db: DeskDb): Promise<Row[]> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(db.name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const rows = await new Promise<Row[]>((resolve, reject) => {
    const req = idb.transaction('dossiers').objectStore('dossiers').getAll();
    req.onsuccess = () => resolve(req.result as Row[]);
    req.onerror = () => reject(req.error);
  });
  idb.close();
  return rows;
}

test('dossiers stored in sealed batches are stored sealed, read back whole and found by name and ID number', async () => {
  const db = openTestDb('batch-sealing');
  const dossiers = await sampleDossiers(db, 250);
  await bulkPutSealed(db.protection, db.dossiers, dossiers, 100);
  assert.equal(await db.dossiers.count(), 250);
  assert.deepEqual(await db.dossiers.bulkGet(dossiers.map((d) => d.id)), dossiers);
  const raw = JSON.stringify(await rawDossiers(db));
  for (const secret of ['Phạm Văn Mẫu', 'pham van', 'Lê Thị Cuối Cùng', '001190000', APPLICANT.address])
    assert.ok(!raw.includes(secret), `no "${secret}" on disk`);
  const found = async (query: string) => (await rowsOf(await viewDossiers(db, { ...emptyFilter, query }))).map((r) => r.applicant.fullName);
  assert.deepEqual(await found('le thi cuoi'), ['Lê Thị Cuối Cùng']);
  assert.deepEqual(await found('001190000249'), ['Lê Thị Cuối Cùng']);
  assert.equal((await found('pham van mau')).length, 249);
});

test('the middleware lets through only rows sealRecords made, once and for their own table: any other row is sealed as it is written', async () => {
  const db = openTestDb('preseal-gate');
  const [a, b] = await sampleDossiers(db, 2);
  // A plain dossier that merely looks sealed is still sealed, its name never stored plain.
  await db.dossiers.put({ ...a!, sealed: new Uint8Array(40), kid: db.protection.current.kid } as unknown as Dossier);
  assert.deepEqual(await db.dossiers.get(a!.id), a);
  assert.ok(!JSON.stringify(await rawDossiers(db)).includes('Phạm Văn Mẫu'));
  // A row sealed for another table is not taken as sealed for this one.
  const [forOtherTable] = await db.protection.sealRecords('receptionDrafts', SPEC, [b as unknown as Row]);
  assert.equal(db.protection.takePresealed('dossiers', forOtherTable!), false);
  const [sealed] = await db.protection.sealRecords('dossiers', SPEC, [b as unknown as Row]);
  assert.equal(db.protection.takePresealed('dossiers', sealed!), true);
  assert.equal(db.protection.takePresealed('dossiers', sealed!), false, 'handed over once');
});
