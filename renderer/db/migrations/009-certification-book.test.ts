import { freshName, oldDossier, openAtVersion, rawSchema } from './testKit.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('v9 adds the certification book: a number twice in a year is refused by the index, refusals have none', async () => {
  const name = freshName('v9');
  const v8 = await openAtVersion(name, 8);
  const dossier = oldDossier(0);
  await v8.table('dossiers').add(dossier);
  v8.close();

  const v9 = await openAtVersion(name, 9);
  const { stores } = await rawSchema(name);
  assert.equal(stores['certifications']?.keyPath, 'id');
  assert.deepEqual(Object.keys(stores['certifications'].indexes).sort(), ['[year+number]', 'day']);
  assert.deepEqual(await v9.table('dossiers').get(dossier.id), dossier, 'the v8 dossier is untouched');
  const book = v9.table('certifications');
  await book.bulkAdd([
    { id: 'a', kind: 'certified', year: 2026, number: 1, day: '2026-12-07' },
    { id: 'b', kind: 'refused', year: 2026, day: '2026-12-07', reason: 'unreadable' },
    { id: 'c', kind: 'refused', year: 2026, day: '2026-12-08', reason: 'forged' },
    { id: 'd', kind: 'certified', year: 2027, number: 1, day: '2027-01-02' },
  ]);
  await assert.rejects(book.add({ id: 'e', kind: 'certified', year: 2026, number: 1, day: '2026-12-08' }), { name: 'ConstraintError' });
  assert.equal(await book.where('day').between('2026-12-07', '2026-12-08', true, true).count(), 3);
  v9.close();
});
