// Arranging scanned pages and filing them as a component PDF, through the real main-side
// import and assembly (test-support/desk.ts) over fake-indexeddb.
import { PROCEDURE, acceptedTestDossier, fakeDesk, hostCalls } from '#renderer/test-support/desk.ts';
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

test('saving sends one page a message, in order with its rotation, and the PDF comes back at finish', async () => {
  const { db, officer, dossier } = await desk();
  const [a, b, c] = await pagesOf(db, dossier.id, FIRST);
  await movePage(db, a!, 1);
  await rotatePage(db, c!);
  const from = hostCalls.length;
  await attachComponentPdf(db, dossier, FIRST, officer);
  const calls = hostCalls.slice(from).filter((call) => call.name.startsWith('scan.assemble'));
  assert.deepEqual(
    calls.map((call) => call.name),
    ['scan.assembleStart', 'scan.assemblePage', 'scan.assemblePage', 'scan.assemblePage', 'scan.assembleFinish'],
  );
  const sent = calls.slice(1, 4).map((call) => call.input as { index: number; rotation: number; pdf: Uint8Array });
  assert.deepEqual(
    sent.map((p) => [p.index, p.rotation]),
    [
      [0, 0],
      [1, 0],
      [2, 90],
    ],
  );
  // In the order the officer arranged: B, A, C.
  const opened = await Promise.all([b!, a!, c!].map((p) => db.protection.openBytes(p.pdf)));
  assert.deepEqual(
    sent.map((p) => Buffer.from(p.pdf).toString('hex')),
    opened.map((p) => Buffer.from(p).toString('hex')),
  );
});

test("a page gone while saving stops the save, drops main's job and files nothing", async () => {
  const { db, officer, dossier } = await desk();
  const [, second] = await pagesOf(db, dossier.id, FIRST);
  const from = hostCalls.length;
  // Another window deletes the second page as main receives the first: its deletion is a
  // transaction begun before the save reads that page, so IndexedDB orders it first.
  const push = hostCalls.push.bind(hostCalls);
  hostCalls.push = (...calls) => {
    if (calls.some((call) => call.name === 'scan.assemblePage')) void db.scanPages.delete(second!.id);
    return push(...calls);
  };
  try {
    await assert.rejects(attachComponentPdf(db, dossier, FIRST, officer), { code: 'scan.pages-changed' });
  } finally {
    hostCalls.push = push;
  }
  assert.deepEqual(
    hostCalls.slice(from).map((call) => call.name),
    ['scan.assembleStart', 'scan.assemblePage', 'scan.assembleCancel'],
  );
  assert.equal((await db.files.where('dossierId').equals(dossier.id).toArray()).filter((f) => f.kind === 'scan').length, 0);
});
