import { freshName, oldDossier, oldReceipt, openAtVersion, rawSchema } from './testKit.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';

test("v4 adds the sync's state beside a v3 desk's outbox, which keeps its order and numbering", async () => {
  const name = freshName('v4');
  const v3 = await openAtVersion(name, 3);
  const dossiers = [oldDossier(0), oldDossier(1), oldDossier(2)];
  await v3.table('dossiers').bulkAdd(dossiers);
  await v3.table('files').bulkAdd(dossiers.map(oldReceipt));
  await v3.table('outbox').bulkAdd(dossiers.map((d) => ({ dossierId: d.id, kind: 'dossier.upsert', createdAt: d.receivedAt })));
  await v3.table('settings').put({ key: 'sync', value: { url: 'https://motcua.hanoi.invalid/api' } });
  v3.close();

  const v4 = await openAtVersion(name, 4);
  const { stores } = await rawSchema(name);
  for (const [store, keyPath, indexes] of [
    ['syncState', 'key', []],
    ['syncUploads', 'sha256', []],
    ['dossierSync', 'dossierId', ['receivedDay', 'state']],
    ['syncResults', 'id', ['dossierId', 'pending']],
  ] as const) {
    assert.equal(stores[store]?.keyPath, keyPath, store);
    assert.deepEqual(Object.keys(stores[store].indexes).sort(), indexes, store);
  }

  const pending = await v4.table('outbox').orderBy('seq').toArray();
  assert.deepEqual(
    pending.map((o) => [o.seq, o.dossierId]),
    dossiers.map((d, i) => [i + 1, d.id]),
    'what a v3 desk had to send, still in order',
  );
  assert.equal(
    await v4.table('outbox').add({ dossierId: dossiers[0]!.id, kind: 'dossier.upsert', createdAt: '2025-11-25T08:00:00+07:00' }),
    4,
    'numbering goes on',
  );

  await v4.table('syncState').put({ key: 'cursor', value: 'feed-0042' });
  await v4.table('syncUploads').put({ sha256: 'c'.repeat(64), url: 'https://motcua.hanoi.invalid/tus/abc' });
  await v4.table('dossierSync').bulkPut(
    dossiers.map((d, i) => ({
      dossierId: d.id,
      receivedDay: d.receivedAt.slice(0, 10),
      receivedAt: d.receivedAt,
      state: i === 0 ? 'acked' : 'pending',
      version: 1,
      versionSeq: i + 1,
    })),
  );
  await v4.table('syncResults').put({
    id: `${dossiers[0]!.id}:${'d'.repeat(64)}`,
    dossierId: dossiers[0]!.id,
    sha256: 'd'.repeat(64),
    name: 'Trích lục — Nguyễn Thị Hương Giang.pdf',
    size: 1200,
    pending: 1,
  });
  assert.equal(await v4.table('dossierSync').where('state').equals('pending').count(), 2);
  assert.equal(await v4.table('dossierSync').where('receivedDay').equals('2025-11-24').count(), 3);
  assert.equal(await v4.table('syncResults').where('pending').equals(1).count(), 1);
  assert.equal(await v4.table('syncResults').where('dossierId').equals(dossiers[0]!.id).count(), 1);
  assert.equal(await v4.table('files').count(), 3, 'v3 data kept');
  assert.deepEqual((await v4.table('settings').get('sync'))?.value, { url: 'https://motcua.hanoi.invalid/api' });
  v4.close();
});
