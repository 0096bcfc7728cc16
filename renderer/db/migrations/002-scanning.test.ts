import { freshName, oldDossier, oldReceipt, oldScan, oldScanPage, openAtVersion, rawSchema, textOf } from './testKit.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('v2 indexes the files a v1 desk already held by component, and keeps scanned pages in order', async () => {
  const name = freshName('v2');
  const v1 = await openAtVersion(name, 1);
  const giang = oldDossier(0);
  const binh = oldDossier(1);
  const files = [oldReceipt(giang), oldScan(giang, 'to-khai'), oldScan(giang, 'can-cuoc'), oldReceipt(binh), oldScan(binh, 'to-khai')];
  await v1.table('dossiers').bulkAdd([giang, binh]);
  await v1.table('files').bulkAdd(files);
  v1.close();

  const v2 = await openAtVersion(name, 2);
  const { stores } = await rawSchema(name);
  assert.deepEqual(stores['files']!.indexes['[dossierId+specId]']!.keyPath, ['dossierId', 'specId']);
  const declaration = await v2.table('files').where('[dossierId+specId]').equals([giang.id, 'to-khai']).toArray();
  assert.deepEqual(
    declaration.map((f) => f.name),
    ['000.17.22.H56-251124-0001-to-khai.pdf'],
    'a file stored at v1 is found by its component',
  );
  assert.equal(await textOf(declaration[0]!.blob), '%PDF-1.7 to-khai của Nguyễn Thị Hương Giang');
  assert.equal(await v2.table('files').count(), files.length, 'no file lost');
  assert.equal((await v2.table('dossiers').get(binh.id))?.applicant.fullName, 'Trần Văn Bình');

  await v2.table('scanPages').bulkAdd([2, 0, 1].map((p) => oldScanPage(giang, 'can-cuoc', p)));
  await v2.table('scanPages').add(oldScanPage(binh, 'can-cuoc', 0));
  const pages = await v2.table('scanPages').where('[dossierId+specId+position]').between([giang.id, 'can-cuoc', 0], [giang.id, 'can-cuoc', Infinity]).toArray();
  assert.deepEqual(
    pages.map((p) => p.position),
    [0, 1, 2],
    "one component's pages, in order",
  );
  assert.equal(await textOf(pages[1]!.pdf), '%PDF-1.7 trang 2 của Nguyễn Thị Hương Giang');
  v2.close();
});
