import { freshName, oldDossier, openAtVersion, rawSchema } from './testKit.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('v6 adds reception drafts, one per officer, indexed by save time and key id, beside a v5 desk whose rows stay as they were', async () => {
  const name = freshName('v6');
  const v5 = await openAtVersion(name, 5);
  const dossier = oldDossier(0);
  await v5.table('dossiers').add(dossier);
  await v5.table('settings').put({ key: 'office', value: { officeName: 'UBND Phường Hai Bà Trưng' } });
  v5.close();

  const v6 = await openAtVersion(name, 6);
  const { version, stores } = await rawSchema(name);
  assert.equal(version, 60);
  assert.equal(stores['receptionDrafts']?.keyPath, 'officerId');
  assert.deepEqual(Object.keys(stores['receptionDrafts'].indexes).sort(), ['kid', 'savedAt']);
  assert.equal(await v6.table('receptionDrafts').count(), 0, 'no draft before anyone types');
  assert.deepEqual(await v6.table('dossiers').get(dossier.id), dossier, 'the v5 dossier is untouched');
  assert.deepEqual((await v6.table('settings').get('office'))?.value, { officeName: 'UBND Phường Hai Bà Trưng' });
  v6.close();
});
