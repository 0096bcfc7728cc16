import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ProcessedPage } from './compress.ts';
import { buildComponentPdf } from './pdf.ts';
import { ComponentPdfWriter } from './pdfStream.ts';
import { processImage } from './process.ts';
import { makeTestPage } from './testPages.ts';

const dir = mkdtempSync(join(tmpdir(), 'pdf-stream-test-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
const META = { component: 'Giấy tờ chứng minh nơi cư trú', dossierCode: '000.00.12.H19-261207-0001', scannedAt: '2026-12-07T09:30:00+07:00' };

let grey: ProcessedPage;
let bilevel: ProcessedPage;

before(async () => {
  // A small grey page (a photo block) and a real bilevel page from the pipeline.
  const pixels = Buffer.alloc(300 * 420);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 251;
  const jpeg = await sharp(pixels, { raw: { width: 300, height: 420, channels: 1 } })
    .toColourspace('b-w')
    .jpeg({ quality: 70 })
    .toBuffer();
  grey = { kind: 'gray', width: 300, height: 420, dpi: 50, jpeg: new Uint8Array(jpeg) };
  bilevel = await processImage(await makeTestPage('text', { dpi: 100 }), { dpi: 100 });
  assert.equal(bilevel.kind, 'bilevel');
});

/** pdfimages -list rows without the object numbers, which differ between two writers. */
function imageRows(file: string): string[] {
  return sh('pdfimages', ['-list', file])
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((row) => {
      const c = row.trim().split(/\s+/);
      // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
      return [c[0], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[12], c[13], c[14]].join(' ');
    });
}

test('300 grey pages streamed to disk make a valid PDF of 300 pages, the writer holding one page at a time', async () => {
  const file = join(dir, 'grey-300.pdf');
  const writer = await ComponentPdfWriter.create(file, META);
  for (let i = 0; i < 300; i++) await writer.add(grey);
  assert.deepEqual(await writer.close(), { pages: 300, bytes: statSync(file).size });
  assert.equal(writer.maxPagesHeld, 1, 'each page is on disk before the next is taken');
  const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /No syntax or stream encoding errors found/);
  const images = imageRows(file);
  assert.equal(images.length, 300);
  assert.ok(
    images.every((r) => r.startsWith(`${r.split(' ')[0]} image 300 420 gray 1 8 jpeg`)),
    images[0],
  );
  const info = sh('pdfinfo', [file]);
  assert.match(info, /Pages:\s+300/);
  assert.match(info, /Title:\s+Giấy tờ chứng minh nơi cư trú/);
  assert.match(info, /PDF version:\s+1\.7/);
});

test('streamed pages are drawn as the in-memory PDF draws them: same page sizes, same images, same pixels', async () => {
  const pages = [bilevel, grey, bilevel];
  const streamed = join(dir, 'mixed-streamed.pdf');
  const writer = await ComponentPdfWriter.create(streamed, META);
  // Added without waiting, as two scanning lanes would: the writer keeps them in order.
  await Promise.all(pages.map((p) => writer.add(p)));
  await writer.close();
  assert.equal(writer.maxPagesHeld, 3, 'pages added without waiting are held until written');
  const inMemory = join(dir, 'mixed-memory.pdf');
  writeFileSync(inMemory, await buildComponentPdf(pages, META));
  assert.equal(spawnSync('qpdf', ['--check', streamed]).status, 0);
  assert.deepEqual(imageRows(streamed), imageRows(inMemory));
  const sizes = (f: string) => sh('pdfinfo', ['-f', '1', '-l', '3', f]).match(/Page +\d+ size: .*/g);
  assert.deepEqual(sizes(streamed), sizes(inMemory));
  // The rendered pages are the same picture.
  for (const f of [streamed, inMemory]) sh('pdftoppm', ['-r', '30', '-gray', f, `${f}-r`]);
  for (const n of ['1', '2', '3'])
    assert.ok(readFileSync(`${streamed}-r-${n}.pgm`).equals(readFileSync(`${inMemory}-r-${n}.pgm`)), `page ${n} renders the same`);
});

test('a closed writer takes no page, and a PDF without pages is refused', async () => {
  const writer = await ComponentPdfWriter.create(join(dir, 'empty.pdf'), META);
  await assert.rejects(writer.close(), /at least one page/);
  await assert.rejects(writer.add(grey), /already closed/);
});
