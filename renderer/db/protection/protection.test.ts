import { APPLICANT, PROCEDURE, officeSettings, openTestDb, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Dexie from 'dexie';
import type { Dossier, ReceivedComponent } from '#domain/model.ts';
import { openDeskDb, type DeskDb } from '../schema.ts';
import { emptyFilter, rowsOf, viewDossiers } from '#renderer/features/dossiers/dossierQuery.ts';
import { pdfFile } from '../pdfFile.ts';
import { reprotectAll } from './reprotect.ts';
import { installFromMaster, startKeyRotation, unlockForOfficer, unlockWithKeystore, wrapForPassword, enrolKeystore, type Keystore } from './keyring.ts';
import { SEALED_BLOB_TYPE, CHUNK_BYTES, sealBlobWith, openSealedWith, parseSealedHeader } from './sealedBlob.ts';

const headerOf = async (sealed: Blob) => parseSealedHeader(new Uint8Array(await sealed.arrayBuffer()));

// recordDecision reaches main (forms.versions) through host.ts: load it after the fake host.
const { recordDecision } = await import('#renderer/features/reception/recordDecision.ts');

const PEOPLE = [
  { fullName: 'Nguyễn Thị Hương Giang', idNumber: '001190234567', phone: '0987654321' },
  { fullName: 'Trần Văn Bình', idNumber: '079085111222', phone: '0911222333' },
];

function components(): ReceivedComponent[] {
  return PROCEDURE.components.map((c) => ({ specId: c.id, name: c.name, received: true, kind: c.accepted[0]!, count: c.count }));
}

async function receive(db: DeskDb, person: (typeof PEOPLE)[number], minute = 0): Promise<Dossier> {
  return recordDecision(
    db,
    { procedure: PROCEDURE, applicant: { ...APPLICANT, ...person }, components: components(), sets: 1, decision: 'accepted' },
    { settings: officeSettings(), officer: await testOfficer(), now: new Date(Date.UTC(2025, 10, 24, 2, minute)) },
  );
}

/** Every store of the database as IndexedDB holds it, read with the plain API (no Dexie, no middleware). */
async function rawStores(name: string): Promise<Record<string, unknown[]>> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const out: Record<string, unknown[]> = {};
  for (const store of Array.from(idb.objectStoreNames)) {
    out[store] = await new Promise((resolve, reject) => {
      const req = idb.transaction(store).objectStore(store).getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  idb.close();
  return out;
}

/** All text and bytes of the raw stores, Blobs read, as one searchable Latin-1/UTF-8 string pair. */
async function rawText(name: string): Promise<{ text: string; bytes: Buffer; blobs: Buffer[] }> {
  const blobs: Buffer[] = [];
  const parts: string[] = [];
  const visit = async (v: unknown): Promise<void> => {
    if (v instanceof Blob) blobs.push(Buffer.from(await v.arrayBuffer()));
    else if (v instanceof Uint8Array) blobs.push(Buffer.from(v));
    else if (Array.isArray(v)) for (const x of v) await visit(x);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) await visit(x);
    else if (v !== undefined && v !== null) parts.push(String(v));
  };
  await visit(await rawStores(name));
  const bytes = Buffer.concat(blobs);
  return { text: parts.join('\n'), bytes, blobs };
}

async function putRaw(name: string, store: string, value: unknown): Promise<void> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = idb.transaction(store, 'readwrite');
    tx.objectStore(store).put(value);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  idb.close();
}

async function found(db: DeskDb, query: string): Promise<string[]> {
  return (await rowsOf(await viewDossiers(db, { ...emptyFilter, query }))).map((r) => r.applicant.fullName);
}

test('stored records, index entries and files hold no personal data in the clear, and the app reads them back whole', async () => {
  const db = openTestDb('at-rest');
  const giang = await receive(db, PEOPLE[0]!);
  await receive(db, PEOPLE[1]!, 1);
  const file = await pdfFile(db.protection, new TextEncoder().encode('%PDF-1.7 Nguyễn Thị Hương Giang 001190234567'), {
    dossierId: giang.id,
    kind: 'scan',
    specId: 'to-khai',
    name: 'Giang-CCCD.pdf',
    createdAt: giang.receivedAt,
  });
  await db.files.add(file);

  const raw = await rawText(db.name);
  // The reader sees the data: the dossier code is stored in the clear on purpose.
  assert.ok(raw.text.includes(giang.code), 'the raw reader finds the clear dossier code');
  for (const secret of [
    'Nguyễn Thị Hương Giang',
    'nguyen thi huong giang',
    'huong',
    'giang',
    '001190234567',
    '0987654321',
    '987654321',
    APPLICANT.address,
    'Giang-CCCD',
  ]) {
    assert.ok(!raw.text.includes(secret), `no "${secret}" in any stored record or index key`);
    assert.ok(!raw.bytes.includes(Buffer.from(secret)), `no "${secret}" in any stored bytes`);
  }
  assert.ok(!raw.blobs.some((b) => b.subarray(0, 4).toString() === '%PDF'), 'no stored file is a readable PDF');
  const stored = (await rawStores(db.name)).dossiers as Array<{ searchKeys: string[] }>;
  assert.ok(
    stored.every((d) => d.searchKeys.every((k) => k.startsWith('~') || k.startsWith('000.') || /^\d{4}$/.test(k))),
    'index keys: the code, its sequence, and tokens',
  );

  assert.deepEqual(await db.dossiers.get(giang.id), giang, 'read back through the desk, the dossier is whole');
  assert.equal(new TextDecoder().decode(await db.protection.openBytes((await db.files.get(file.id))!.blob)), '%PDF-1.7 Nguyễn Thị Hương Giang 001190234567');
});

test('search by name without diacritics, word prefixes, ID number and phone works on blind tokens', async () => {
  const db = openTestDb('blind-search');
  for (const [i, p] of PEOPLE.entries()) await receive(db, p, i);
  assert.deepEqual(await found(db, 'nguyen thi huong'), ['Nguyễn Thị Hương Giang']);
  assert.deepEqual(await found(db, 'gian'), ['Nguyễn Thị Hương Giang'], 'a word prefix');
  assert.deepEqual(await found(db, 'huong giang'), ['Nguyễn Thị Hương Giang'], 'the tail of the name');
  assert.deepEqual(await found(db, 'giang huong'), [], 'words out of order are not the name: tokens alone would match, the check does not');
  assert.deepEqual(await found(db, '001190234567'), ['Nguyễn Thị Hương Giang']);
  assert.deepEqual(await found(db, '0011902'), ['Nguyễn Thị Hương Giang'], 'the start of an ID number');
  assert.deepEqual(await found(db, '0911 222 333'), ['Trần Văn Bình']);
  assert.deepEqual(await found(db, '+84911222333'), ['Trần Văn Bình']);
  assert.deepEqual(await found(db, 'binh'), ['Trần Văn Bình']);
  assert.deepEqual(await found(db, 'le van'), []);
});

test('a changed byte in a sealed record, an edited clear field, or a record moved onto another id is reported, never shown', async () => {
  const db = openTestDb('tamper');
  const d = await receive(db, PEOPLE[0]!);
  const other = await receive(db, PEOPLE[1]!, 1);
  const raw = (await rawStores(db.name)).dossiers as Array<Record<string, unknown>>;
  const row = raw.find((r) => r.id === d.id)!;

  const flipped = new Uint8Array(row.sealed as Uint8Array);
  flipped[20]! ^= 1;
  await putRaw(db.name, 'dossiers', { ...row, sealed: flipped });
  await assert.rejects(
    db.dossiers.get(d.id),
    (e: { code?: string; text?: { vi: string } }) => e.code === 'data-tampered' && /Không đọc được dossiers\//.test(e.text!.vi),
  );
  await assert.rejects(viewDossiers(db, { ...emptyFilter, query: 'nguyen' }).then(rowsOf), { code: 'data-tampered' });

  await putRaw(db.name, 'dossiers', { ...row, status: 10 });
  await assert.rejects(db.dossiers.get(d.id), { code: 'data-tampered' }, 'the status is authenticated with the sealed fields');

  const otherRow = raw.find((r) => r.id === other.id)!;
  await putRaw(db.name, 'dossiers', { ...row, sealed: otherRow.sealed });
  await assert.rejects(db.dossiers.get(d.id), { code: 'data-tampered' }, "another dossier's sealed fields do not open under this id");

  await putRaw(db.name, 'dossiers', row);
  assert.equal((await db.dossiers.get(d.id))?.applicant.fullName, 'Nguyễn Thị Hương Giang', 'the original bytes open again');
});

test('a sealed file with a changed, missing or added byte, or opened with another key, is reported', async () => {
  const db = openTestDb('blob-tamper');
  const plain = new Blob([new Uint8Array(CHUNK_BYTES + 1000).map((_, i) => i % 251)], { type: 'application/pdf' });
  const sealed = await db.protection.sealBlob(plain);
  assert.equal(sealed.type, SEALED_BLOB_TYPE);
  const opened = await db.protection.openBlob(sealed);
  assert.equal(opened.type, 'application/pdf');
  assert.deepEqual(Buffer.from(await opened.arrayBuffer()), Buffer.from(await plain.arrayBuffer()));

  const bytes = new Uint8Array(await sealed.arrayBuffer());
  const variants: Record<string, Uint8Array> = {
    flipped: bytes.map((b, i) => (i === bytes.length - 100 ? b ^ 1 : b)),
    truncated: bytes.subarray(0, bytes.length - 1000 - 16),
    appended: new Uint8Array([...bytes, 0]),
    header: bytes.map((b, i) => (i === 30 ? b ^ 1 : b)),
  };
  for (const [what, v] of Object.entries(variants)) {
    await assert.rejects(db.protection.openBlob(new Blob([v as Uint8Array<ArrayBuffer>], { type: SEALED_BLOB_TYPE })), { code: 'data-tampered' }, what);
  }
  const header = await headerOf(sealed);
  const [first, second] = [bytes.subarray(header.bytes.length, header.bytes.length + CHUNK_BYTES + 16), bytes.subarray(header.bytes.length + CHUNK_BYTES + 16)];
  const swapped = new Blob([header.bytes as Uint8Array<ArrayBuffer>, second, first], { type: SEALED_BLOB_TYPE });
  await assert.rejects(db.protection.openBlob(swapped), { code: 'data-tampered' }, 'chunks in another order');

  const strange = openTestDb('other-desk');
  await assert.rejects(strange.protection.openBlob(sealed), { code: 'data-key-missing' }, "another desk's file names a key this desk does not hold");
  const wrongKey = await crypto.subtle.importKey('raw', new Uint8Array(32) as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt']);
  await assert.rejects(openSealedWith(wrongKey, header, bytes), /does not authenticate/);
  const empty = await sealBlobWith(wrongKey, 'k', new Blob([]));
  const emptyParts = await openSealedWith(wrongKey, await headerOf(empty), new Uint8Array(await empty.arrayBuffer()));
  assert.equal(
    emptyParts.reduce((n, p) => n + p.byteLength, 0),
    0,
    'an empty file seals and opens',
  );
});

test('a locked desk reads and writes nothing, and says why', async () => {
  const db = openDeskDb(`locked-${Math.random()}`);
  await assert.rejects(db.dossiers.add({ id: 'x' } as Dossier), { code: 'data-locked' });
  await assert.rejects(db.protection.sealBlob(new Blob(['x'])), { code: 'data-locked' });
  const filled = openTestDb('to-lock');
  const d = await receive(filled, PEOPLE[0]!);
  filled.close();
  const reopened = openDeskDb(filled.name);
  await assert.rejects(
    reopened.dossiers.get(d.id),
    (e: { code?: string; text?: { vi: string; en: string } }) => e.code === 'data-locked' && /đăng nhập/.test(e.text!.vi),
  );
  assert.equal(await reopened.dossiers.count(), 1, 'counting needs no key');
});

test("an officer's password opens the desk; a wrong one, or a replaced key, does not", async () => {
  const db = openTestDb('password');
  const d = await receive(db, PEOPLE[0]!);
  const officer = await testOfficer({ username: 'giang' }, 'mat-khau-cua-giang');
  const wrapped = { ...officer, keyWrap: await wrapForPassword(db.protection.master, officer.id, 'mat-khau-cua-giang', officer.password.iterations) };
  await db.officers.add(wrapped);
  db.close();

  const desk = openDeskDb(db.name);
  await assert.rejects(unlockForOfficer(desk, desk.protection, wrapped, 'mat-khau-khac'), { code: 'keyring-broken' });
  assert.equal(desk.protection.unlocked, false);
  await unlockForOfficer(desk, desk.protection, wrapped, 'mat-khau-cua-giang');
  assert.equal((await desk.dossiers.get(d.id))?.applicant.idNumber, PEOPLE[0]!.idNumber);

  const dataRow = (await desk.keyring.toArray()).find((r) => r.id.startsWith('data:'))!;
  await desk.keyring.put({ ...dataRow, wrapped: crypto.getRandomValues(new Uint8Array(dataRow.wrapped!.length)) });
  desk.close();
  const replaced = openDeskDb(db.name);
  await assert.rejects(
    unlockForOfficer(replaced, replaced.protection, wrapped, 'mat-khau-cua-giang'),
    (e: { code?: string; text?: { vi: string } }) => e.code === 'keyring-broken' && /Không có gì bị xoá/.test(e.text!.vi),
  );
});

/** A stand-in OS keystore bound to one "computer", like DPAPI to a Windows account. */
function machineKeystore(): Keystore {
  const key = crypto.getRandomValues(new Uint8Array(32));
  const xor = (d: Uint8Array) => d.map((b, i) => b ^ key[i % 32]!);
  return {
    available: async () => true,
    protect: async (d) => new Uint8Array([0x4b, ...xor(d)]),
    unprotect: async (d) => {
      const plain = xor(d.subarray(1));
      if (d[0] !== 0x4b) throw new Error('not ours');
      return plain;
    },
  };
}

test('the OS keystore opens the desk at start; on another computer it cannot, and a password re-enrols it', async () => {
  const db = openTestDb('keystore');
  const d = await receive(db, PEOPLE[0]!);
  const here = machineKeystore();
  await enrolKeystore(db, db.protection.master, here);
  const officer = await testOfficer({}, 'mat-khau-an-toan');
  const withWrap = { ...officer, keyWrap: await wrapForPassword(db.protection.master, officer.id, 'mat-khau-an-toan', officer.password.iterations) };
  db.close();

  const atStart = openDeskDb(db.name);
  assert.equal(await unlockWithKeystore(atStart, atStart.protection, here), 'unlocked');
  assert.equal((await atStart.dossiers.get(d.id))?.applicant.fullName, PEOPLE[0]!.fullName);
  atStart.close();

  const gone = openDeskDb(db.name);
  assert.equal(
    await unlockWithKeystore(gone, gone.protection, { ...here, available: async () => false }),
    'keystore-missing',
    'a keystore that held the key and is gone is reported',
  );
  gone.close();

  const elsewhere = machineKeystore();
  const copied = openDeskDb(db.name);
  assert.equal(await unlockWithKeystore(copied, copied.protection, elsewhere), 'keystore-refused');
  await assert.rejects(copied.dossiers.get(d.id), { code: 'data-locked' });
  const { unlockAfterSignIn } = await import('#renderer/features/protection/unlockDesk.ts');
  await unlockAfterSignIn(copied, withWrap, 'mat-khau-an-toan', elsewhere, 'keystore-refused');
  assert.ok(copied.protection.unlocked);
  assert.ok((await copied.audit.toArray()).some((a) => a.action === 'protection' && a.detail === 'keystore enrolled (keystore-refused)'));
  copied.close();
  const next = openDeskDb(db.name);
  assert.equal(await unlockWithKeystore(next, next.protection, elsewhere), 'unlocked', 'this computer is now the keystore');
});

test('key rotation: new data is sealed with the new key at once, everything stays readable and searchable, then the old key goes', async () => {
  const db = openTestDb('rotation');
  const before = await receive(db, PEOPLE[0]!);
  const file = await pdfFile(db.protection, new TextEncoder().encode('%PDF-1.7 trang'), {
    dossierId: before.id,
    kind: 'scan',
    specId: 'to-khai',
    name: 'a.pdf',
    createdAt: before.receivedAt,
  });
  await db.files.add(file);
  const oldKid = db.protection.current.kid;

  const newKid = await startKeyRotation(db, db.protection, 'admin');
  assert.notEqual(newKid, oldKid);
  assert.ok(
    (await db.audit.toArray()).some((a) => a.action === 'protection' && a.detail === `data key ${oldKid} → ${newKid}`),
    'the rotation is in the audit trail',
  );
  assert.deepEqual(
    db.protection
      .liveKeys()
      .map((k) => k.kid)
      .sort(),
    [oldKid, newKid].sort(),
    'both keys live during the rotation',
  );
  const during = await receive(db, PEOPLE[1]!, 1);
  const rawDuring = (await rawStores(db.name)).dossiers as Array<{ id: string; kid: string }>;
  assert.equal(rawDuring.find((r) => r.id === during.id)?.kid, newKid, 'a dossier received during the rotation uses the new key');
  assert.equal(rawDuring.find((r) => r.id === before.id)?.kid, oldKid);
  assert.deepEqual(await found(db, 'huong giang'), ['Nguyễn Thị Hương Giang'], 'old tokens still answer');
  assert.deepEqual(await found(db, 'binh'), ['Trần Văn Bình'], 'new tokens answer');

  const moved = await reprotectAll(db);
  assert.ok(moved >= 2, `re-protection moved ${moved} rows (the dossier, its file, its sync state…)`);
  const rawAfter = await rawStores(db.name);
  for (const store of ['dossiers', 'files', 'dossierSync'] as const) {
    assert.ok(
      (rawAfter[store] as Array<{ kid: string }>).every((r) => r.kid === newKid),
      `${store}: every row under the new key`,
    );
  }
  assert.equal((await headerOf((await db.files.get(file.id))!.blob)).kid, newKid, 'the file was sealed again');
  assert.deepEqual(
    db.protection.liveKeys().map((k) => k.kid),
    [newKid],
    'the old key is retired',
  );
  assert.equal((await db.keyring.toArray()).filter((r) => r.id.startsWith('data:')).length, 1);
  assert.deepEqual(await found(db, 'huong giang'), ['Nguyễn Thị Hương Giang']);
  assert.equal(new TextDecoder().decode(await db.protection.openBytes((await db.files.get(file.id))!.blob)), '%PDF-1.7 trang');
  db.close();
  const reopened = openDeskDb(db.name);
  await installFromMaster(reopened, reopened.protection, db.protection.master);
  assert.equal((await reopened.dossiers.get(before.id))?.applicant.fullName, 'Nguyễn Thị Hương Giang', 'after a restart, the new key opens the old dossier');
});

test('a desk from before encryption: its plain rows stay readable, its first sign-in creates the keys, and re-protection seals them', async () => {
  const name = `legacy-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const v4 = new Dexie(name);
  v4.version(4).stores({
    procedures: '&code, field',
    dossiers: '&id, code, receivedAt, appointmentAt, decision, [status+receivedAt], *searchKeys',
    officers: '&id, &username',
    audit: '++seq, at, officerId, dossierId',
    files: '&id, dossierId, sha256, [dossierId+specId]',
    outbox: '++seq, dossierId',
    settings: '&key',
    rules: '&version, kind',
    scanPages: '&id, dossierId, [dossierId+specId+position]',
    signatures: '&id, fileId, dossierId, timestampPending',
    syncState: '&key',
    syncUploads: '&sha256',
    dossierSync: '&dossierId, state, receivedDay',
    syncResults: '&id, dossierId, pending',
  });
  const source = openTestDb('legacy-source');
  const dossier = await receive(source, PEOPLE[0]!);
  await v4.table('dossiers').add({ ...dossier, searchKeys: ['nguyen', 'giang', PEOPLE[0]!.idNumber] });
  await v4.table('files').add({
    id: 'f1',
    dossierId: dossier.id,
    kind: 'scan',
    name: 'Giang.pdf',
    sha256: 'a'.repeat(64),
    size: 9,
    blob: new Blob(['%PDF-giang'], { type: 'application/pdf' }),
    createdAt: dossier.receivedAt,
  });
  const officer = await testOfficer({ username: 'cu' }, 'mat-khau-cu-1');
  await v4.table('officers').add(officer);
  v4.close();

  const db = openDeskDb(name);
  assert.equal(db.protection.unlocked, false);
  const signedIn = await unlockForOfficer(db, db.protection, officer, 'mat-khau-cu-1');
  assert.ok(signedIn.keyWrap && (await db.officers.get(officer.id))?.keyWrap, 'the first sign-in made the keys and gave the officer a copy');
  assert.equal((await db.dossiers.get(dossier.id))?.applicant.fullName, 'Nguyễn Thị Hương Giang', 'plain rows read as they are');

  await reprotectAll(db);
  const raw = await rawText(name);
  for (const secret of ['Giang', 'giang', PEOPLE[0]!.idNumber, '%PDF']) {
    assert.ok(!raw.text.includes(secret) && !raw.bytes.includes(Buffer.from(secret)), `no "${secret}" left in the clear`);
  }
  assert.deepEqual(await found(db, 'giang'), ['Nguyễn Thị Hương Giang'], 'found by its new tokens');
  assert.equal(await (await db.protection.openBlob((await db.files.get('f1'))!.blob)).text(), '%PDF-giang');
});

test('a value IndexedDB could not store is refused in a sealed field too, not silently dropped', async () => {
  const db = openTestDb('clone');
  await assert.rejects(receive(db, { ...PEOPLE[0]!, fullName: PEOPLE[0]!.fullName, ...({ extra: () => 1 } as object) }), { name: 'DataCloneError' });
  assert.equal(await db.dossiers.count(), 0);
  await assert.rejects(
    db.files.add({ id: 'plain', dossierId: 'd', kind: 'scan', name: 'x.pdf', sha256: '0', size: 1, blob: new Blob(['%PDF']), createdAt: '' }),
    /must be sealed before it is stored/,
    'a plain file never reaches the disk',
  );
});

test('files sealed with the key: sizes are the plain sizes plus one header and 16 bytes per MiB', async () => {
  const db = openTestDb('sizes');
  for (const size of [0, 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES]) {
    const sealed = await db.protection.sealBlob(new Blob([new Uint8Array(size)]));
    const header = await headerOf(sealed);
    const chunks = Math.max(1, Math.ceil(size / CHUNK_BYTES));
    assert.equal(sealed.size, header.bytes.length + size + 16 * chunks, `${size} bytes`);
    assert.equal((await db.protection.openBlob(sealed)).size, size);
  }
});
