// Installing the beyond-boundary list: checked against the desk's own catalogue, stored whole
// with its version and an audit entry, or refused with nothing written.
import { PROCEDURE, openTestDb, snapshot } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeskError } from '#domain/errors.ts';
import { currentNonTerritorial, installNonTerritorial, installNonTerritorialFile } from './nonTerritorial.ts';

const LIST = {
  version: 'h56-test.1',
  province: 'Thành phố Hà Nội',
  decisions: [
    {
      number: '999/QĐ-UBND',
      date: '2025-11-20',
      effectiveFrom: '2025-11-24',
      source: { url: 'https://example.gov.vn/999', retrieved: '2026-12-07' },
      procedures: [PROCEDURE.code],
    },
  ],
};

test('a list whose procedures the desk holds is installed with its version and audited', async () => {
  const db = openTestDb('non-territorial');
  await db.procedures.put(PROCEDURE);
  assert.equal(await currentNonTerritorial(db), null);
  await installNonTerritorial(db, LIST, 'admin-1');
  assert.deepEqual(await currentNonTerritorial(db), LIST);
  const row = (await db.rules.where('kind').equals('nonTerritorial').toArray())[0];
  assert.equal(row?.effectiveFrom, '2025-11-24');
  assert.deepEqual(
    (await db.audit.toArray()).map((a) => [a.action, a.officerId, a.detail]),
    [['catalog', 'admin-1', 'non-territorial h56-test.1 (1)']],
  );
});

test('a list naming a procedure the desk does not hold is refused, and the list in force stays', async () => {
  const db = openTestDb('non-territorial-bad');
  await db.procedures.put(PROCEDURE);
  await installNonTerritorial(db, LIST, 'admin-1');
  const before = await snapshot(db);
  const bad = structuredClone(LIST);
  bad.version = 'h56-test.2';
  bad.decisions[0]!.procedures.push('1.999999');
  await assert.rejects(
    installNonTerritorial(db, bad, 'admin-1'),
    (e: unknown) => e instanceof DeskError && e.code === 'nonTerritorial.invalid' && /1\.999999/.test(e.text.vi),
  );
  assert.deepEqual(await snapshot(db), before);
  assert.equal((await currentNonTerritorial(db))?.version, 'h56-test.1');
});

test('a file that is not JSON is refused in both languages with nothing written', async () => {
  const db = openTestDb('non-territorial-json');
  await db.procedures.put(PROCEDURE);
  const before = await snapshot(db);
  await assert.rejects(
    installNonTerritorialFile(db, '{"version": ', 'admin-1'),
    (e: unknown) => e instanceof DeskError && /không phải JSON hợp lệ/.test(e.text.vi) && /not valid JSON/.test(e.text.en),
  );
  assert.deepEqual(await snapshot(db), before);
  await installNonTerritorialFile(db, JSON.stringify(LIST), 'admin-1');
  assert.equal((await currentNonTerritorial(db))?.version, 'h56-test.1');
});
