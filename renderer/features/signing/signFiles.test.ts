// Signing a dossier's files through the real main-side signing service (training token),
// over fake-indexeddb: all files and records in one transaction, or nothing at all.
import { PROCEDURE, acceptedTestDossier, fakeDesk, snapshot } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

const { addPages, attachComponentPdf } = await import('../scanning/scanPages.ts');
const { followJob } = await import('../scanning/scanJob.ts');
const { signDossierFiles } = await import('./signFiles.ts');

async function dossierWithScans() {
  const { db, officer, dossier } = await acceptedTestDossier('sign-files');
  const png = await sharp({ create: { width: 620, height: 877, channels: 3, background: '#fff' } })
    .png()
    .toBuffer();
  for (const c of PROCEDURE.components) {
    const { jobId } = await fakeDesk['scan.import']({ name: 'page.png', data: new Uint8Array(png), pageKind: 'auto', dpi: 75 });
    await followJob(fakeDesk, jobId, (batch) => addPages(db, dossier.id, c.id, batch.pages));
    await attachComponentPdf(db, dossier, c.id, officer);
  }
  await fakeDesk['sign.configure']({ moduleIds: [], emulator: true, trustAnchors: [] });
  return {
    db,
    officer,
    dossier,
    files: await db.files
      .where('dossierId')
      .equals(dossier.id)
      .and((f) => f.kind === 'scan')
      .toArray(),
  };
}

const REQUEST = { tokenId: 'emulator', certificateId: 'piv-9c', stamp: null } as const;

test('one PIN signs every scanned file: bytes, hashes, signature records, audit and outbox together', async () => {
  const { db, officer, dossier, files } = await dossierWithScans();
  assert.equal(files.length, PROCEDURE.components.length);
  const outboxBefore = await db.outbox.count();
  const { records } = await signDossierFiles(db, dossier, files, { ...REQUEST, pin: '123456' }, officer);
  assert.equal(records.length, files.length);
  const dir = mkdtempSync(join(tmpdir(), 'sign-files-'));
  for (const file of files) {
    const stored = (await db.files.get(file.id))!;
    const bytes = await db.protection.openBytes(stored.blob);
    assert.notEqual(stored.sha256, file.sha256);
    assert.equal(stored.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(stored.size, bytes.length);
    writeFileSync(join(dir, 'f.pdf'), bytes);
    assert.match(execFileSync('pdfsig', [join(dir, 'f.pdf')], { encoding: 'utf8' }), /Signature is Valid\./);
  }
  assert.equal(await db.signatures.where('dossierId').equals(dossier.id).count(), files.length);

  // The signed manifest: openssl reads the CMS and the JSON names every file by its final hash.
  const manifests = await db.files
    .where('dossierId')
    .equals(dossier.id)
    .and((f) => f.kind === 'manifest')
    .toArray();
  assert.equal(manifests.length, 1);
  writeFileSync(join(dir, 'manifest.p7m'), await db.protection.openBytes(manifests[0]!.blob));
  const json = execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', join(dir, 'manifest.p7m'), '-noverify', '-binary'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const manifest = JSON.parse(json) as { format: string; dossier: { id: string; code: string }; files: { sha256: string; name: string }[] };
  assert.equal(manifest.format, 'mot-cua-desk/dossier-manifest/v1');
  assert.equal(manifest.dossier.id, dossier.id);
  const stored = await db.files
    .where('dossierId')
    .equals(dossier.id)
    .and((f) => f.kind !== 'manifest')
    .toArray();
  assert.deepEqual(manifest.files.map((f) => f.sha256).sort(), stored.map((f) => f.sha256).sort());
  assert.equal((await db.audit.where('dossierId').equals(dossier.id).toArray()).filter((a) => a.action === 'sign').length, 1);
  assert.equal(await db.outbox.count(), outboxBefore + 1);
});

test('a wrong PIN, or a file that changed meanwhile, leaves every record as it was', async () => {
  const { db, officer, dossier, files } = await dossierWithScans();
  const state = async () => ({ ...(await snapshot(db)), hashes: (await db.files.toArray()).map((f) => f.sha256), signatures: await db.signatures.count() });
  const before = await state();
  await assert.rejects(signDossierFiles(db, dossier, files, { ...REQUEST, pin: '000000' }, officer), /PIN/);
  assert.deepEqual(await state(), before);
  const stale = [{ ...files[0]!, sha256: '0'.repeat(64) }, files[1]!];
  await assert.rejects(signDossierFiles(db, dossier, stale, { ...REQUEST, pin: '123456' }, officer), /thay đổi/);
  assert.deepEqual(await state(), before);
});

test('a visible stamp on blank scans goes to a free area of each file, and the desk learns where', async () => {
  const { db, officer, dossier, files } = await dossierWithScans();
  const stamp = { page: 'last', corner: 'bottom-right', organisation: 'UBND xã Tân Phú', title: 'Công chức một cửa' } as const;
  const { stamps } = await signDossierFiles(db, dossier, files, { ...REQUEST, pin: '123456', stamp }, officer);
  assert.equal(stamps.length, files.length);
  for (const s of stamps) {
    assert.equal(s?.placed, 'free-area');
    assert.ok(s?.text.includes('Công chức một cửa') && s.text.includes('Nguyễn Thị Hương'), JSON.stringify(s));
  }
});
