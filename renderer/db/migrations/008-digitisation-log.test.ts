import { freshName, oldDossier, openAtVersion, rawSchema } from './testKit.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('v8 adds the digitisation log, counted by kind and month from its index, beside a v7 desk whose rows stay as they were', async () => {
  const name = freshName('v8');
  const v7 = await openAtVersion(name, 7);
  const dossier = oldDossier(0);
  await v7.table('dossiers').add(dossier);
  v7.close();

  const v8 = await openAtVersion(name, 8);
  const { version, stores } = await rawSchema(name);
  assert.equal(version, 80);
  assert.equal(stores['digitisationLog']?.keyPath, 'id');
  assert.deepEqual(Object.keys(stores['digitisationLog'].indexes).sort(), ['[kind+at]', 'dossierId']);
  assert.deepEqual(await v8.table('dossiers').get(dossier.id), dossier, 'the v7 dossier is untouched');
  await v8.table('digitisationLog').bulkAdd([
    { id: 'a', kind: 'reused', dossierId: dossier.id, at: '2026-12-07T09:00:00+07:00', officerId: 'o', specId: 's' },
    { id: 'b', kind: 'reused', dossierId: dossier.id, at: '2027-01-02T09:00:00+07:00', officerId: 'o', specId: 's' },
    { id: 'c', kind: 'digitised', dossierId: dossier.id, at: '2026-12-08T09:00:00+07:00', officerId: 'o', specId: 's' },
  ]);
  const december = await v8.table('digitisationLog').where('[kind+at]').between(['reused', '2026-12-01'], ['reused', '2027-01-01']).count();
  assert.equal(december, 1);
  v8.close();
});
