import { PROCEDURE, freshName, oldDossier, oldOfficer, oldReceipt, openAtVersion, rawSchema, textOf } from './testKit.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Dexie from 'dexie';
import { openDeskDb } from '../schema.ts';

test('v1 creates the first desk: its stores, keys and indexes as IndexedDB holds them', async () => {
  const name = freshName('v1-schema');
  (await openAtVersion(name, 1)).close();
  const { version, stores } = await rawSchema(name);
  assert.equal(version, 10, 'Dexie stores version n as n × 10');
  assert.deepEqual(Object.keys(stores).sort(), ['audit', 'dossiers', 'files', 'officers', 'outbox', 'procedures', 'rules', 'settings']);
  const dossiers = stores['dossiers']!;
  assert.equal(dossiers.keyPath, 'id');
  assert.deepEqual(Object.keys(dossiers.indexes).sort(), ['[status+receivedAt]', 'appointmentAt', 'code', 'decision', 'receivedAt', 'searchKeys']);
  assert.deepEqual(dossiers.indexes['[status+receivedAt]']!.keyPath, ['status', 'receivedAt']);
  assert.equal(dossiers.indexes['searchKeys']!.multiEntry, true);
  assert.equal(stores['officers']!.indexes['username']!.unique, true);
  for (const store of ['audit', 'outbox']) assert.equal(stores[store]!.autoIncrement, true, `${store} numbers its rows`);
  assert.deepEqual(Object.keys(stores['files']!.indexes).sort(), ['dossierId', 'sha256']);
});

test("a v1 desk answers its register queries, and opens on today's chain with nothing lost", async () => {
  const name = freshName('v1-data');
  const v1 = await openAtVersion(name, 1);
  const dossiers = [oldDossier(0, 2), oldDossier(1, 2), oldDossier(2, 4)];
  await v1.table('procedures').add(PROCEDURE);
  await v1.table('dossiers').bulkAdd(dossiers);
  await v1.table('files').bulkAdd(dossiers.map(oldReceipt));
  await v1.table('officers').add(await oldOfficer('mat-khau-an-toan'));
  await v1.table('audit').bulkAdd(dossiers.map((d) => ({ at: d.receivedAt, officerId: 'officer-binh', action: 'receive', dossierId: d.id, detail: d.code })));
  await v1.table('outbox').bulkAdd(dossiers.map((d) => ({ dossierId: d.id, kind: 'dossier.upsert', createdAt: d.receivedAt })));
  await v1.table('settings').put({ key: 'office', value: { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56' } });
  await v1
    .table('rules')
    .add({ kind: 'catalog', version: '2025.11', effectiveFrom: '2025-07-01', data: { procedures: [PROCEDURE.code] }, installedAt: '2025-11-01T00:00:00.000Z' });

  const received = await v1.table('dossiers').where('[status+receivedAt]').between([2, Dexie.minKey], [2, Dexie.maxKey]).toArray();
  assert.deepEqual(
    received.map((d) => d.code),
    ['000.17.22.H56-251124-0001', '000.17.22.H56-251124-0002'],
    'status 2 in receipt order',
  );
  assert.deepEqual(
    (await v1.table('dossiers').where('searchKeys').startsWith('huong').distinct().toArray()).map((d) => d.applicant.fullName),
    ['Nguyễn Thị Hương Giang'],
  );
  assert.equal((await v1.table('dossiers').where('code').equals('000.17.22.H56-251124-0003').first())?.applicant.fullName, 'Lê Thị Ánh Tuyết');
  await assert.rejects(v1.table('officers').add({ id: 'officer-other', username: 'canbo1' }), { name: 'ConstraintError' }, 'usernames are unique');
  assert.deepEqual(await v1.table('audit').orderBy('seq').keys(), [1, 2, 3]);
  assert.equal(await v1.table('rules').where('kind').equals('catalog').count(), 1);
  v1.close();

  const today = openDeskDb(name);
  await today.open();
  // The register's reads drop the search keys (blind tokens since v5); everything else reads as stored.
  assert.deepEqual(
    await today.dossiers.toArray(),
    dossiers.map(({ searchKeys: _keys, ...d }) => d),
  );
  assert.equal(await textOf((await today.files.get(oldReceipt(dossiers[0]!).id))?.blob), await textOf(oldReceipt(dossiers[0]!).blob));
  assert.deepEqual(
    (await today.outbox.toArray()).map((o) => o.seq),
    [1, 2, 3],
  );
  assert.equal((await today.officers.where('username').equals('canbo1').first())?.fullName, 'Trần Thị Bình');
  assert.equal((await today.procedures.get(PROCEDURE.code))?.name, PROCEDURE.name);
  assert.deepEqual((await today.settings.get('office'))?.value, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56' });
  assert.equal((await today.rules.get('2025.11'))?.kind, 'catalog');
  today.close();
});
