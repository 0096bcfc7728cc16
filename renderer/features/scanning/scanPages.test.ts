// Arranging scanned pages and filing them as a component PDF, through the real main-side
// import and assembly (test-support/desk.ts) over fake-indexeddb.
import { PROCEDURE, acceptedTestDossier, fakeDesk } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

const { addPages, attachComponentPdf, deletePage, movePage, movePageToComponent, pagesOf, rotatePage } = await import('./scanPages.ts');
const { followJob } = await import('./scanJob.ts');

const [FIRST, SECOND] = PROCEDURE.components.map((c) => c.id) as [string, string];

async function pagePng(label: string): Promise<Uint8Array<ArrayBuffer>> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="620" height="877"><rect width="100%" height="100%" fill="#fff"/><text x="60" y="200" font-size="40" font-family="DejaVu Sans">${label}</text></svg>`;
  return Uint8Array.from(await sharp(Buffer.from(svg)).withMetadata({ density: 75 }).png().toBuffer());
}

async function desk() {
  const { db, officer, dossier } = await acceptedTestDossier('scan-pages');
  for (const label of ['Trang A', 'Trang B', 'Trang C']) {
    const { jobId } = await fakeDesk['scan.import']({ name: `${label}.png`, data: await pagePng(label), pageKind: 'auto' });
    await followJob(fakeDesk, jobId, (batch) => addPages(db, dossier.id, FIRST, batch.pages));
  }
  return { db, officer, dossier };
}

test('pages keep a dense order through moves, rotation, deletion and a move to another component', async () => {
  const { db, dossier } = await desk();
  const [a, b, c] = await pagesOf(db, dossier.id, FIRST);
  await movePage(db, a!, 1);
  assert.deepEqual(
    (await pagesOf(db, dossier.id, FIRST)).map((p) => p.id),
    [b!.id, a!.id, c!.id],
  );
  await rotatePage(db, c!);
  assert.equal((await db.scanPages.get(c!.id))!.rotation, 90);
  await movePageToComponent(db, b!, SECOND);
  const first = await pagesOf(db, dossier.id, FIRST);
  assert.deepEqual(
    first.map((p) => [p.id, p.position]),
    [
      [a!.id, 0],
      [c!.id, 1],
    ],
  );
  assert.deepEqual(
    (await pagesOf(db, dossier.id, SECOND)).map((p) => [p.id, p.position]),
    [[b!.id, 0]],
  );
  await deletePage(db, a!);
  assert.deepEqual(
    (await pagesOf(db, dossier.id, FIRST)).map((p) => [p.id, p.position]),
    [[c!.id, 0]],
  );
});

test('saving files the component PDF with its hash, audit and outbox, and clears its pages', async () => {
  const { db, officer, dossier } = await desk();
  const [, second] = await pagesOf(db, dossier.id, FIRST);
  await rotatePage(db, second!);
  const outboxBefore = await db.outbox.count();
  const file = await attachComponentPdf(db, dossier, FIRST, officer);
  const bytes = await db.protection.openBytes(file.blob);
  assert.equal(file.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.equal(file.size, bytes.length);
  assert.equal(file.specId, FIRST);
  const path = join(mkdtempSync(join(tmpdir(), 'scan-pages-')), 'component.pdf');
  writeFileSync(path, bytes);
  execFileSync('qpdf', ['--check', path]);
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', '3', path], { encoding: 'utf8' });
  assert.match(info, /Pages:\s+3/);
  assert.match(info, /Page\s+2 rot:\s+90/, "the officer's rotation is kept");
  assert.equal((await pagesOf(db, dossier.id, FIRST)).length, 0);
  assert.equal(await db.outbox.count(), outboxBefore + 1);
  assert.equal((await db.audit.toArray()).filter((e) => e.action === 'scan').length, 1);
});

test('saving with no pages is refused and writes nothing', async () => {
  const { db, officer, dossier } = await desk();
  await assert.rejects(attachComponentPdf(db, dossier, SECOND, officer), { code: 'scan.no-pages' });
  assert.equal((await db.files.where('dossierId').equals(dossier.id).toArray()).filter((f) => f.kind === 'scan').length, 0);
});
