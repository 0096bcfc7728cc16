import { freshName, oldDossier, oldOfficer, oldReceipt, oldScan, oldScanPage, openAtVersion, rawRows, rawSchema, textOf } from './testKit.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDeskDb } from '../schema.ts';
import { MIGRATIONS } from './index.ts';
import { unlockForOfficer } from '../protection/keyring.ts';
import { reprotectAll } from '../protection/reprotect.ts';
import { emptyFilter, rowsOf, viewDossiers } from '#renderer/features/dossiers/dossierQuery.ts';

const PROTECTED_AT_V5 = ['dossiers', 'files', 'scanPages', 'syncResults', 'dossierSync'];
const SECRETS = ['Giang', 'giang', 'Bình', 'binh', '001190234567', '079085111222', '0987654321', 'Phố Huế', 'phố Huế', '%PDF', 'JPEG', 'Trích lục'];

/** Every string and every stored byte of the given stores, as they are on disk. */
async function onDisk(name: string, stores: string[]): Promise<{ text: string; bytes: Buffer }> {
  const parts: string[] = [];
  const blobs: Buffer[] = [];
  const visit = async (v: unknown): Promise<void> => {
    if (v instanceof Blob) blobs.push(Buffer.from(await v.arrayBuffer()));
    else if (v instanceof Uint8Array) blobs.push(Buffer.from(v));
    else if (Array.isArray(v)) for (const x of v) await visit(x);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) await visit(x);
    else if (v !== undefined && v !== null) parts.push(String(v));
  };
  for (const store of stores) await visit(await rawRows(name, store));
  return { text: parts.join('\n'), bytes: Buffer.concat(blobs) };
}

test("v5 marks every row of a v4 desk that holds citizens' data as stored before encryption; re-protection after the first sign-in seals them", async () => {
  const name = freshName('v5');
  const v4 = await openAtVersion(name, 4);
  const giang = oldDossier(0);
  const binh = oldDossier(1);
  const files = [oldReceipt(giang), oldScan(giang, 'to-khai'), oldScan(binh, 'can-cuoc')];
  const pages = [oldScanPage(binh, 'to-khai', 0), oldScanPage(binh, 'to-khai', 1)];
  const result = {
    id: `${giang.id}:${'d'.repeat(64)}`,
    dossierId: giang.id,
    sha256: 'd'.repeat(64),
    name: 'Trích lục — Nguyễn Thị Hương Giang.pdf',
    size: 34,
    pending: 0,
    blob: new Blob(['%PDF-1.7 Trích lục hộ tịch']),
    fetchedAt: '2025-11-27T09:00:00+07:00',
  };
  const syncRow = {
    dossierId: giang.id,
    receivedDay: '2025-11-24',
    receivedAt: giang.receivedAt,
    state: 'acked',
    version: 1,
    versionSeq: 1,
    ackVersion: 1,
    provincial: {
      status: 9,
      label: { vi: 'Đã có kết quả', en: 'Result ready' },
      note: 'Bà Nguyễn Thị Hương Giang nhận kết quả tại quầy',
      at: '2025-11-27T09:00:00+07:00',
      results: [{ sha256: 'd'.repeat(64), size: 34, name: result.name }],
    },
  };
  const officer = await oldOfficer('mat-khau-cu-1');
  await v4.table('dossiers').bulkAdd([giang, binh]);
  await v4.table('files').bulkAdd(files);
  await v4.table('scanPages').bulkAdd(pages);
  await v4.table('syncResults').add(result);
  await v4.table('dossierSync').add(syncRow);
  await v4.table('officers').add(officer);
  await v4.table('outbox').bulkAdd([giang, binh].map((d) => ({ dossierId: d.id, kind: 'dossier.upsert', createdAt: d.receivedAt })));
  await v4.table('signatures').add({
    id: 'sig-1',
    dossierId: giang.id,
    fileId: files[1]!.id,
    officerId: officer.id,
    signer: 'TRẦN THỊ BÌNH',
    signedAt: '2025-11-24T10:00:00+07:00',
    level: 'B-T',
    timestampPending: 0,
  });
  await v4.table('settings').put({ key: 'office', value: { officeName: 'UBND Phường Hai Bà Trưng' } });
  v4.close();
  const stored: Record<string, number> = { dossiers: 2, files: files.length, scanPages: pages.length, syncResults: 1, dossierSync: 1 };

  const db = openDeskDb(
    name,
    MIGRATIONS.filter((m) => m.version <= 5),
  );
  await db.open();
  const { version, stores } = await rawSchema(name);
  assert.equal(version, 50);
  assert.deepEqual(stores['keyring']?.indexes, {}, 'an empty keyring: no key before the first sign-in');
  for (const table of PROTECTED_AT_V5) {
    const rows = await rawRows(name, table);
    assert.equal(rows.length, stored[table], `${table}: nothing lost`);
    assert.ok(
      rows.every((r) => r['kid'] === '' && !('sealed' in r)),
      `${table}: every row marked "before encryption", still plain`,
    );
    assert.equal(await db.table(table).where('kid').equals('').count(), rows.length, `${table}: the kid index finds them`);
  }
  for (const table of ['officers', 'outbox', 'signatures', 'settings']) {
    assert.ok(
      (await rawRows(name, table)).every((r) => !('kid' in r)),
      `${table} holds no citizen data: left as it was`,
    );
  }
  const { searchKeys: _plainKeys, ...giangRecord } = giang;
  const [rawGiang] = await rawRows(name, 'dossiers');
  assert.deepEqual(rawGiang, { ...giangRecord, kid: '' }, 'the marker added, the plain search keys (names, ID, phone) gone, nothing else changed');
  assert.deepEqual(
    await rawRows(name, 'files').then((rows) => rows.map(({ kid, blob: _blob, ...f }) => [kid, f])),
    files.map(({ blob: _blob, ...f }) => ['', f]),
  );
  assert.equal((await db.dossiers.get(giang.id))?.applicant.fullName, 'Nguyễn Thị Hương Giang', 'a locked desk still reads its plain rows');

  await unlockForOfficer(db, db.protection, officer, 'mat-khau-cu-1');
  const current = db.protection.current.kid;
  assert.equal(
    await reprotectAll(db),
    Object.values(stored).reduce((a, b) => a + b),
    'every marked row re-protected',
  );
  for (const table of PROTECTED_AT_V5) {
    assert.ok(
      (await rawRows(name, table)).every((r) => r['kid'] === current && r['sealed'] instanceof Uint8Array),
      `${table}: sealed with the new key`,
    );
  }
  const disk = await onDisk(name, PROTECTED_AT_V5);
  for (const secret of SECRETS) {
    assert.ok(!disk.text.includes(secret) && !disk.bytes.includes(Buffer.from(secret)), `no "${secret}" left in the clear`);
  }

  assert.deepEqual(await db.dossiers.get(giang.id), giangRecord, 'the dossier reads back whole');
  assert.equal(await (await db.protection.openBlob((await db.files.get(files[1]!.id))!.blob)).text(), await textOf(files[1]!.blob));
  const page = (await db.scanPages.get(pages[1]!.id))!;
  assert.equal(await (await db.protection.openBlob(page.pdf)).text(), '%PDF-1.7 trang 2 của Trần Văn Bình');
  assert.equal(await (await db.protection.openBlob(page.thumbnail)).text(), 'JPEG trang 2');
  const fetched = (await db.syncResults.get(result.id))!;
  assert.equal(fetched.name, result.name);
  assert.equal(await (await db.protection.openBlob(fetched.blob!)).text(), '%PDF-1.7 Trích lục hộ tịch');
  assert.deepEqual((await db.dossierSync.get(giang.id))?.provincial, syncRow.provincial);
  const rows = await rowsOf(await viewDossiers(db, { ...emptyFilter, query: 'huong giang' }));
  assert.deepEqual(
    rows.map((d) => d.id),
    [giang.id],
    'found by name through the new blind tokens',
  );
  db.close();
});
