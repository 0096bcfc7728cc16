// The text layer reaches the stored component PDF through the real main side (OCR in its
// worker thread) over fake-indexeddb: kept when nothing changed, never over a signed dossier,
// and a cancelled job leaves the file as it was.
import { PROCEDURE, acceptedTestDossier, fakeDesk } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ulid } from 'ulid';
import type { StoredFile } from '#renderer/db/schema.ts';

const { addPages, attachComponentPdf } = await import('./scanPages.ts');
const { followJob } = await import('./scanJob.ts');
const { cancelOcr, keepTextLayer, ocrTasks, runOcrAgain, startOcr, subscribeOcr } = await import('./ocrJobs.ts');

const [FIRST] = PROCEDURE.components.map((c) => c.id) as [string];

/** A 200 dpi grey page of Vietnamese print, as a scanner would send it. */
async function printedPage(): Promise<Uint8Array<ArrayBuffer>> {
  const lines = ['Kính gửi: Ủy ban nhân dân xã Tân Phước', 'Họ và tên: Nguyễn Thị Thu Hương', 'Nơi cư trú: ấp Phước Hòa, tỉnh Đồng Tháp'];
  const text = lines.map((l, i) => `<text x="150" y="${300 + i * 90}" font-size="50" font-family="Liberation Serif">${l}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339"><rect width="100%" height="100%" fill="#fff"/>${text}</svg>`;
  return Uint8Array.from(await sharp(Buffer.from(svg)).greyscale().withMetadata({ density: 200 }).png().toBuffer());
}

async function savedScan() {
  const { db, officer, dossier } = await acceptedTestDossier('ocr-jobs');
  const { jobId } = await fakeDesk['scan.import']({ name: 'to-khai.png', data: await printedPage(), pageKind: 'auto' });
  await followJob(fakeDesk, jobId, (batch) => addPages(db, dossier.id, FIRST, batch.pages));
  const file = await attachComponentPdf(db, dossier, FIRST, officer);
  return { db, officer, dossier, file };
}

function ended(fileId: string): Promise<string> {
  return new Promise((resolve) => {
    const check = () => {
      const task = ocrTasks().find((t) => t.fileId === fileId);
      if (task && task.state !== 'queued' && task.state !== 'running') {
        stop();
        resolve(task.state);
      }
    };
    const stop = subscribeOcr(check);
    check();
  });
}

function pdfText(bytes: Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ocr-jobs-')), 'scan.pdf');
  writeFileSync(path, bytes);
  execFileSync('qpdf', ['--check', path]);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).normalize('NFC');
}

test('a saved scan becomes searchable: the stored file takes the text layer, with its hash, audit and outbox entries', async () => {
  const { db, officer, file } = await savedScan();
  assert.doesNotMatch(pdfText(await db.protection.openBytes(file.blob)), /Phước/);
  const outbox = await db.outbox.count();
  await startOcr(fakeDesk, db, file, officer);
  assert.equal(await ended(file.id), 'saved');
  const stored = (await db.files.get(file.id))!;
  assert.notEqual(stored.sha256, file.sha256);
  const text = pdfText(await db.protection.openBytes(stored.blob));
  for (const words of ['Tân Phước', 'Nguyễn Thị Thu Hương', 'Đồng Tháp']) assert.ok(text.includes(words), `«${words}» not found in:\n${text}`);
  assert.equal(await db.outbox.count(), outbox + 1);
  assert.ok((await db.audit.toArray()).some((e) => e.action === 'scan' && e.detail?.endsWith(': ocr')));
});

test('a dossier signed since the scan was saved keeps its file as it was: a signed file is never altered', async () => {
  const { db, officer, dossier, file } = await savedScan();
  await db.signatures.add({
    id: ulid(),
    dossierId: dossier.id,
    fileId: 'manifest',
    officerId: officer.id,
    signer: 'UBND xã',
    signedAt: '2099-01-01T09:00:00+07:00',
    level: 'B-B',
    timestampPending: 0,
  });
  const changed: StoredFile = { ...file };
  assert.equal(await keepTextLayer(db, changed, new TextEncoder().encode('%PDF-1.7 new'), officer), null);
  assert.equal((await db.files.get(file.id))!.sha256, file.sha256);
});

test('a cancelled recognition leaves the stored file unchanged', async () => {
  const { db, officer, file } = await savedScan();
  await startOcr(fakeDesk, db, file, officer);
  await cancelOcr(fakeDesk, file.id);
  assert.equal(await ended(file.id), 'cancelled');
  assert.equal((await db.files.get(file.id))!.sha256, file.sha256);
  assert.match(ocrTasks().find((t) => t.fileId === file.id)!.message!.vi, /Đã dừng/);
});

test('a cancelled recognition run again goes through the same worker and the stored file takes its text layer in one transaction', async () => {
  const { db, officer, file } = await savedScan();
  await startOcr(fakeDesk, db, file, officer);
  await cancelOcr(fakeDesk, file.id);
  assert.equal(await ended(file.id), 'cancelled');
  const before = { outbox: await db.outbox.count(), audit: await db.audit.count() };

  await runOcrAgain(fakeDesk, db, file.id, officer);
  assert.equal(await ended(file.id), 'saved');
  const stored = (await db.files.get(file.id))!;
  assert.notEqual(stored.sha256, file.sha256);
  assert.ok(pdfText(await db.protection.openBytes(stored.blob)).includes('Nguyễn Thị Thu Hương'));
  assert.deepEqual({ outbox: await db.outbox.count(), audit: await db.audit.count() }, { outbox: before.outbox + 1, audit: before.audit + 1 });

  // Saved: there is nothing to run again, and asking does nothing.
  await runOcrAgain(fakeDesk, db, file.id, officer);
  assert.equal(ocrTasks().find((t) => t.fileId === file.id)?.state, 'saved');
  assert.equal((await db.files.get(file.id))!.sha256, stored.sha256);
});

test('running again a recognition whose file was replaced meanwhile is refused in both languages, and nothing is written', async () => {
  const { db, officer, file } = await savedScan();
  await startOcr(fakeDesk, db, file, officer);
  await cancelOcr(fakeDesk, file.id);
  assert.equal(await ended(file.id), 'cancelled');
  await db.files.update(file.id, { sha256: 'f'.repeat(64) });
  const outbox = await db.outbox.count();
  await runOcrAgain(fakeDesk, db, file.id, officer);
  const task = ocrTasks().find((t) => t.fileId === file.id)!;
  assert.equal(task.state, 'failed');
  assert.match(task.message!.vi, /đã được thay hoặc xóa/);
  assert.match(task.message!.en, /replaced or removed/);
  assert.equal(await db.outbox.count(), outbox);
});
