import { freshName, oldDossier, openAtVersion, rawSchema } from './testKit.ts';
import { OVERDUE_TALLY_PENDING } from './010-overdue-tally.ts';
import { MIGRATIONS } from './index.ts';
import { openDeskDb } from '../schema.ts';
import { newKeyring } from '../protection/keyring.ts';
import { blindToken, deriveDataKey } from '../protection/dataKey.ts';
import { openBytes } from '../protection/recordCipher.ts';
import { test } from 'node:test';
import Dexie from 'dexie';
import assert from 'node:assert/strict';

test('v10 indexes dueBy; a v9 desk with dossiers keeps them as they were and is marked until the scorecard tallies them', async () => {
  const name = freshName('v10');
  const v9 = await openAtVersion(name, 9);
  const dossier = oldDossier(0);
  await v9.table('dossiers').add(dossier);
  v9.close();

  const v10 = await openAtVersion(name, 10);
  const { version, stores } = await rawSchema(name);
  assert.equal(version, 100);
  const index = stores['dossiers']!.indexes['dueBy'];
  assert.ok(index, 'dossiers has an index on dueBy');
  assert.equal(index.multiEntry, false, 'dueBy is one compound key, not one entry per element');
  const dossiers = v10.table('dossiers');
  assert.deepEqual(await dossiers.get(dossier.id), dossier, 'the v9 dossier is untouched');
  assert.deepEqual(await v10.table('settings').get(OVERDUE_TALLY_PENDING), { key: OVERDUE_TALLY_PENDING, value: true });

  await dossiers.bulkAdd([
    { ...oldDossier(1), id: 't1', dueBy: ['~tok.a', '2025-11-28T15:00:00+07:00'] },
    { ...oldDossier(1), id: 't2', dueBy: ['~tok.a', '2025-12-20T15:00:00+07:00'] },
    { ...oldDossier(1), id: 't3', dueBy: ['~tok.b', '2025-11-29T15:00:00+07:00'] },
    { ...oldDossier(1), id: 't4' },
  ]);
  const now = '2025-12-01T00:00:00+07:00';
  assert.equal(await dossiers.where('dueBy').between(['~tok.a', ''], ['~tok.a', now]).count(), 1);
  assert.equal(await dossiers.where('dueBy').between(['~tok.b', ''], ['~tok.b', now]).count(), 1);
  assert.equal(await dossiers.where('dueBy').between(['', ''], ['\uffff', '']).count(), 3, 'the rows without dueBy are out of the index');
  v10.close();
});

test('v10 on a desk without dossiers leaves no mark', async () => {
  const name = freshName('v10-empty');
  (await openAtVersion(name, 9)).close();
  const v10 = await openAtVersion(name, 10);
  assert.equal(await v10.table('settings').get(OVERDUE_TALLY_PENDING), undefined);
  v10.close();
});

test('a dossier sealed at v9 opens as it was at v10, outside dueBy until it is written again', async () => {
  const name = freshName('v10-sealed');
  const { master, rows } = newKeyring();
  const data = rows.find((r) => r.id.startsWith('data:'))!;
  const keyOf = () => deriveDataKey(data.kid!, openBytes(master, data.wrapped!, new TextEncoder().encode(`data-key/${data.kid}`)));
  const open = async (version: number) => {
    const db = openDeskDb(
      name,
      MIGRATIONS.filter((m) => m.version <= version),
    );
    db.protection.install([keyOf()], data.kid!, master);
    await db.open();
    return db;
  };
  const { searchKeys: _plainKeys, ...dossier } = oldDossier(0);
  const v9 = await open(9);
  await v9.dossiers.add(dossier);
  v9.close();
  // Today's middleware writes dueBy at any version; the v9 app did not.
  const raw = new Dexie(name);
  await raw.open();
  await raw.table('dossiers').update(dossier.id, { dueBy: undefined });
  raw.close();

  const v10 = await open(10);
  assert.deepEqual(await v10.dossiers.get(dossier.id), dossier, 'the sealed v9 dossier opens as it was');
  assert.equal(await v10.dossiers.where('dueBy').between(['', ''], ['\uffff', '']).count(), 0, 'no dueBy before it is written again');
  assert.ok(await v10.settings.get(OVERDUE_TALLY_PENDING), 'the desk is marked');
  await v10.dossiers.put((await v10.dossiers.get(dossier.id))!);
  const token = blindToken(v10.protection.current, 'r', dossier.procedureCode);
  assert.equal(await v10.dossiers.where('dueBy').equals([token, dossier.appointmentAt!]).count(), 1, 'written again, it has its dueBy');
  assert.deepEqual(await v10.dossiers.get(dossier.id), dossier, 'and the record read back has no extra field');
  v10.close();
});
