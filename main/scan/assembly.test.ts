// Saving a component page by page (assembly.ts, pipeline/pdfAssemble.ts): the same document as
// the in-memory assembler it replaced, and every message the renderer could get wrong refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PDFDocument, StandardFonts, degrees, rgb } from 'pdf-lib';
import { ComponentAssembly, ASSEMBLY_LIMITS } from './assembly.ts';
import { assembleInMemory, type AssemblePage } from './assembleInMemory.ts';
import { buildComponentPdf } from './pipeline/pdf.ts';
import { processImage } from './pipeline/process.ts';
import { makeTestPage } from './pipeline/testPages.ts';

const dir = mkdtempSync(join(tmpdir(), 'assembly-test-'));
const META = { component: 'Giấy tờ chứng minh nơi cư trú', dossierCode: '000.00.12.H19-261207-0001', scannedAt: '2026-12-07T09:30:00+07:00' };
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

/** Scanned pages (bilevel, grey) as toScannedPage makes them, and an imported PDF page turned by its maker. */
let pages: AssemblePage[];
const assemblies: ComponentAssembly[] = [];
/** Each assembly's own root, so one test's open jobs are not another's leftovers. */
const roots = new Map<ComponentAssembly, string>();

function assembly(limits = ASSEMBLY_LIMITS): ComponentAssembly {
  const root = mkdtempSync(join(dir, 'root-'));
  const a = new ComponentAssembly(limits, root);
  assemblies.push(a);
  roots.set(a, root);
  return a;
}

async function imported(label: string, rotate: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([420, 595]);
  page.drawRectangle({ x: 40, y: 400, width: 200, height: 120, color: rgb(0.2, 0.2, 0.2) });
  page.drawText(label, { x: 40, y: 300, size: 40, font });
  page.setRotation(degrees(rotate));
  return doc.save();
}

before(async () => {
  const scanned = async (kind: 'text' | 'photo', seed: number) =>
    buildComponentPdf([await processImage(await makeTestPage(kind, { dpi: 50, seed }), { dpi: 50 })], { component: 'page', scannedAt: META.scannedAt });
  pages = [
    { pdf: await scanned('text', 1), rotation: 0 },
    { pdf: await imported('B', 90), rotation: 90 },
    { pdf: await scanned('photo', 2), rotation: 180 },
    { pdf: await imported('D', 0), rotation: 270 },
    { pdf: await scanned('text', 3), rotation: 0 },
  ];
});

after(async () => {
  await Promise.all(assemblies.map((a) => a.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function streamed(a: ComponentAssembly, list: readonly AssemblePage[]): Promise<Uint8Array> {
  const id = await a.start(META, list.length);
  for (const [index, page] of list.entries()) await a.page(id, index, page.pdf, page.rotation);
  return a.finish(id);
}

async function refused(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (e: { code?: string; text?: { vi?: string; en?: string } }) => {
    assert.equal(e.code, code);
    assert.ok(e.text?.vi && e.text.en, 'a bilingual message');
    return true;
  });
}

/** The files in the assembly's temporary folder: main's own, never named to the renderer. */
function tempFiles(a: ComponentAssembly): string[] {
  const root = roots.get(a)!;
  return readdirSync(root)
    .filter((d) => d.startsWith('desk-assemble-'))
    .flatMap((d) => readdirSync(join(root, d)));
}

test('the streamed component is the in-memory one: pages in order, rotations, metadata, same pixels, qpdf-valid', async () => {
  const a = assembly();
  const files = { streamed: join(dir, 'streamed.pdf'), memory: join(dir, 'memory.pdf') };
  writeFileSync(files.streamed, await streamed(a, pages));
  writeFileSync(files.memory, await assembleInMemory(pages, META));
  const check = spawnSync('qpdf', ['--check', files.streamed], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /No syntax or stream encoding errors found/);
  const info = (f: string) =>
    sh('pdfinfo', ['-isodates', '-f', '1', '-l', String(pages.length), f])
      .split('\n')
      .filter((l) => /^(Title|Subject|Keywords|Producer|Creator|CreationDate|Pages|Page +\d+ (size|rot)):/.test(l));
  assert.deepEqual(info(files.streamed), info(files.memory));
  const own = info(files.streamed);
  assert.ok(
    own.some((l) => /^Keywords: +pages:5$/.test(l)),
    own.join('\n'),
  );
  // The imported page B carried /Rotate 90 of its own: the officer's 90 comes on top.
  assert.deepEqual(
    own.filter((l) => / rot:/.test(l)).map((l) => Number(l.split(':')[1])),
    [0, 180, 180, 270, 0],
  );
  for (const f of Object.values(files)) sh('pdftoppm', ['-r', '20', '-gray', f, `${f}-r`]);
  for (let n = 1; n <= pages.length; n++) {
    const png = (f: string) => readFileSync(`${f}-r-${n}.pgm`);
    assert.ok(png(files.streamed).equals(png(files.memory)), `page ${n} renders the same`);
  }
  // Each page is its own picture: a swapped order would not pass the comparison above.
  assert.ok(!readFileSync(`${files.streamed}-r-1.pgm`).equals(readFileSync(`${files.streamed}-r-5.pgm`)));
  assert.equal(a.open, 0, 'the finished job is gone');
  assert.deepEqual(tempFiles(a), [], 'and so is its file');
});

test('a page out of order is refused, and the job is gone with its file', async () => {
  const a = assembly();
  const id = await a.start(META, 3);
  await a.page(id, 0, pages[0]!.pdf, 0);
  await refused(a.page(id, 2, pages[2]!.pdf, 0), 'scan.assemble-order');
  await refused(a.page(id, 1, pages[1]!.pdf, 0), 'scan.assemble-unknown');
  assert.deepEqual(tempFiles(a), []);
});

test('two pages at once: the second is refused as out of order, never written beside the first, which goes on', async () => {
  const a = assembly();
  const id = await a.start(META, 2);
  const both = [a.page(id, 0, pages[0]!.pdf, 0), a.page(id, 0, pages[4]!.pdf, 0)];
  await refused(both[1]!, 'scan.assemble-order');
  await both[0];
  await a.page(id, 1, pages[1]!.pdf, 0);
  const file = join(dir, 'two.pdf');
  writeFileSync(file, await a.finish(id));
  assert.match(sh('pdfinfo', [file]), /Pages:\s+2\n/);
});

test('an unknown job id, a page after finish and a finish twice are refused', async () => {
  const a = assembly();
  await refused(a.page('4b1f0c7e-5d2a-4c8e-9f3b-2a6d8e1c0b7a', 0, pages[0]!.pdf, 0), 'scan.assemble-unknown');
  await refused(a.finish('4b1f0c7e-5d2a-4c8e-9f3b-2a6d8e1c0b7a'), 'scan.assemble-unknown');
  const id = await a.start(META, 1);
  await a.page(id, 0, pages[0]!.pdf, 0);
  await a.finish(id);
  await refused(a.page(id, 1, pages[1]!.pdf, 0), 'scan.assemble-unknown');
  await refused(a.finish(id), 'scan.assemble-unknown');
});

test('more pages than announced, or than a component may have, are refused', async () => {
  const a = assembly({ ...ASSEMBLY_LIMITS, pages: 3 });
  await refused(a.start(META, 4), 'scan.assemble-too-many');
  const id = await a.start(META, 2);
  await a.page(id, 0, pages[0]!.pdf, 0);
  await a.page(id, 1, pages[1]!.pdf, 0);
  await refused(a.page(id, 2, pages[2]!.pdf, 0), 'scan.assemble-too-many');
  // One message holding several pages counts them all.
  const three = await PDFDocument.create();
  for (let i = 0; i < 4; i++) three.addPage([100, 100]);
  const other = await a.start(META, 1);
  await refused(a.page(other, 0, await three.save(), 0), 'scan.assemble-too-many');
  assert.equal(a.open, 0);
  assert.deepEqual(tempFiles(a), []);
});

test('a finish before every announced page, a file over the byte limit and too many jobs are refused', async () => {
  const a = assembly({ ...ASSEMBLY_LIMITS, bytes: 2000, jobs: 2 });
  const id = await a.start(META, 2);
  await a.page(id, 0, pages[1]!.pdf, 0);
  await refused(a.finish(id), 'scan.assemble-incomplete');
  const big = await a.start(META, 1);
  await refused(a.page(big, 0, pages[2]!.pdf, 0), 'scan.assemble-too-large');
  await a.start(META, 1);
  await a.start(META, 1);
  await refused(a.start(META, 1), 'scan.assemble-busy');
});

test('a page that is not a readable PDF is the bilingual scan.bad-page naming it, and the job is dropped', async () => {
  const a = assembly();
  const id = await a.start(META, 2);
  await a.page(id, 0, pages[0]!.pdf, 0);
  await assert.rejects(a.page(id, 1, new TextEncoder().encode('%PDF-1.7 not really'), 0), (e: { code?: string; text?: { vi: string; en: string } }) => {
    assert.equal(e.code, 'scan.bad-page');
    assert.match(e.text!.vi, /Trang thứ 2/);
    assert.match(e.text!.en, /Page 2/);
    return true;
  });
  assert.equal(a.open, 0);
  assert.deepEqual(tempFiles(a), []);
  // A PDF without a page is no page either.
  const empty = await a.start(META, 1);
  await refused(a.page(empty, 0, await (await PDFDocument.create()).save({ addDefaultPage: false }), 0), 'scan.bad-page');
});

test('a job left idle is deleted with its file', async () => {
  const a = assembly({ ...ASSEMBLY_LIMITS, idleMs: 1 });
  const id = await a.start(META, 1);
  assert.equal(tempFiles(a).length, 1);
  while (a.open > 0) await sleep(5);
  assert.deepEqual(tempFiles(a), []);
  await refused(a.page(id, 0, pages[0]!.pdf, 0), 'scan.assemble-unknown');
});
