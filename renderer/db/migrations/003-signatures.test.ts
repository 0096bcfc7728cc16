import { freshName, oldDossier, oldScan, oldScanPage, openAtVersion, rawSchema } from './testKit.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';

test("v3 adds the signatures of a v2 desk's files, found by file, dossier and pending timestamp", async () => {
  const name = freshName('v3');
  const v2 = await openAtVersion(name, 2);
  const giang = oldDossier(0);
  const tuyet = oldDossier(2);
  const scans = [oldScan(giang, 'to-khai'), oldScan(giang, 'can-cuoc'), oldScan(tuyet, 'to-khai')];
  await v2.table('dossiers').bulkAdd([giang, tuyet]);
  await v2.table('files').bulkAdd(scans);
  await v2.table('scanPages').add(oldScanPage(tuyet, 'can-cuoc', 0));
  v2.close();

  const v3 = await openAtVersion(name, 3);
  const { stores } = await rawSchema(name);
  assert.deepEqual(Object.keys(stores['signatures']!.indexes).sort(), ['dossierId', 'fileId', 'timestampPending']);
  await v3.table('signatures').bulkAdd(
    scans.map((f, i) => ({
      id: `sig-${f.id}`,
      dossierId: f.dossierId,
      fileId: f.id,
      officerId: 'officer-binh',
      signer: 'TRẦN THỊ BÌNH',
      signedAt: '2025-11-24T10:00:00+07:00',
      level: i === 1 ? 'B-B' : 'B-T',
      timestampPending: i === 1 ? 1 : 0,
    })),
  );
  assert.deepEqual(
    (await v3.table('signatures').where('timestampPending').equals(1).toArray()).map((s) => s.fileId),
    [scans[1]!.id],
    'the one waiting for a timestamp',
  );
  assert.equal(await v3.table('signatures').where('dossierId').equals(giang.id).count(), 2);
  assert.equal((await v3.table('signatures').where('fileId').equals(scans[2]!.id).first())?.signer, 'TRẦN THỊ BÌNH');
  assert.equal(await v3.table('files').where('[dossierId+specId]').equals([giang.id, 'can-cuoc']).count(), 1, 'v2 data kept');
  assert.equal(await v3.table('scanPages').where('dossierId').equals(tuyet.id).count(), 1);
  v3.close();
});
