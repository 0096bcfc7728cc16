import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { analysePixels, decodeImage } from './analyse.ts';
import { compressPixels, pageBytes, readTiffStrips, rotatePage, type ProcessedPage } from './compress.ts';
import { buildComponentPdf } from './pdf.ts';
import { processImage, processPage, type AnalysedPage } from './process.ts';
import { makeTestPage, type TestPageKind } from './testPages.ts';

const dir = mkdtempSync(join(tmpdir(), 'pipeline-test-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const pages = new Map<string, Buffer>();
const processed = new Map<string, AnalysedPage>();

async function page(kind: TestPageKind, dpi = 300, channels?: 1 | 3): Promise<Buffer> {
  const key = `${kind}-${dpi}-${channels ?? ''}`;
  if (!pages.has(key)) pages.set(key, await makeTestPage(kind, { dpi, ...(channels ? { channels } : {}) }));
  return pages.get(key)!;
}

async function pdfFile(name: string, ps: ProcessedPage[]): Promise<string> {
  const bytes = await buildComponentPdf(ps, {
    component: 'Tờ khai đăng ký khai sinh',
    dossierCode: '000.00.12.H19-261120-0001',
    scannedAt: '2026-11-20T09:30:00+07:00',
  });
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

before(async () => {
  for (const k of ['text', 'photo', 'seal'] as const) processed.set(k, await processImage(await page(k), { dpi: 300 }));
});

test('classifies text as bilevel, the photo page as grey, the red seal page as colour', async () => {
  assert.equal(processed.get('text')!.analysis.kind, 'bilevel');
  assert.equal(processed.get('photo')!.analysis.kind, 'gray');
  assert.equal(processed.get('seal')!.analysis.kind, 'color');
  // A colour scan of a black-and-white page is still bilevel; a grey scan is never colour.
  const colourText = analysePixels(await decodeImage(await page('text', 200, 3)));
  assert.equal(colourText.kind, 'bilevel');
  const seal = await decodeImage(await page('seal'));
  assert.equal(analysePixels(seal, { mode: 'gray' }).kind, 'gray');
});

test('the officer override wins over the pixels', async () => {
  const d = await decodeImage(await page('text'));
  assert.equal(analysePixels(d, { override: 'color' }).kind, 'gray'); // a grey image cannot become colour
  assert.equal(analysePixels(d, { override: 'gray' }).kind, 'gray');
  assert.equal(analysePixels(d, { override: 'gray' }).autoKind, 'bilevel');
  const s = await decodeImage(await page('seal'));
  assert.equal(analysePixels(s, { override: 'bilevel' }).kind, 'bilevel');
});

test('blank detection: noisy, dusty back sides with show-through are blank; a page with one short line is not', async () => {
  for (const seed of [1, 2, 3]) {
    const blank = analysePixels(await decodeImage(await makeTestPage('blank', { seed, noise: 6 })));
    assert.equal(blank.blank, true, `blank seed ${seed}`);
  }
  const colourBlank = analysePixels(await decodeImage(await makeTestPage('blank', { channels: 3, dpi: 200 })));
  assert.equal(colourBlank.blank, true);
  for (const dpi of [200, 300]) assert.equal(analysePixels(await decodeImage(await page('sparse', dpi))).blank, false, `sparse ${dpi}`);
  for (const k of ['text', 'photo', 'seal']) assert.equal(processed.get(k)!.analysis.blank, false, k);
});

test('bilevel 300 dpi text page: G4 ≤ 40 KB and ≤ 1/3 of the same page as JPEG', async () => {
  const g4 = processed.get('text')!;
  assert.equal(g4.kind, 'bilevel');
  const jpeg = await processImage(await page('text'), { dpi: 300, override: 'gray' });
  assert.equal(jpeg.kind, 'gray');
  assert.ok(pageBytes(g4) <= 40 * 1024, `G4 ${pageBytes(g4)} B`);
  assert.ok(pageBytes(g4) * 3 <= pageBytes(jpeg), `G4 ${pageBytes(g4)} B vs JPEG ${pageBytes(jpeg)} B`);
});

/** Share of pixels whose ink/paper verdict (at mid-grey) differs from the noise-free page. */
async function shapeDifference(jpeg: Uint8Array, kind: TestPageKind, channels: 1 | 3): Promise<number> {
  const clean = await sharp(await makeTestPage(kind, { dpi: 200, channels, noise: 0 }))
    .greyscale()
    .raw()
    .toBuffer();
  const decoded = await sharp(jpeg).greyscale().raw().toBuffer();
  assert.equal(decoded.length, clean.length);
  let differ = 0;
  for (let i = 0; i < clean.length; i++) if (clean[i]! < 128 !== decoded[i]! < 128) differ++;
  return differ / clean.length;
}

for (const [label, kind, channels, override] of [
  ['grey text', 'text', 1, 'gray'],
  ['colour text', 'text', 3, 'color'],
  ['colour page with a seal', 'seal', 3, 'auto'],
] as const) {
  test(`200 dpi ${label} kept as JPEG: at most 150 KB, text shapes intact`, async (t) => {
    const p = await processImage(await page(kind, 200, channels), { dpi: 200, override });
    assert.equal(p.kind, channels === 1 ? 'gray' : 'color');
    const kb = pageBytes(p) / 1024;
    t.diagnostic(`${label}: ${kb.toFixed(0)} KB`);
    assert.ok(kb <= 150, `${kb.toFixed(0)} KB`);
    // Legibility: the glyphs' outlines survive (noise and ringing move under 0.5% of pixels; quality 20 moves 0.7%).
    const moved = await shapeDifference(p.jpeg, kind, channels);
    assert.ok(moved < 0.005, `${(moved * 100).toFixed(2)}% of pixels changed side`);
  });
}

test('TIFF strips: 256-row strips covering the page, white-is-zero', () => {
  const g4 = processed.get('text')!;
  assert.equal(g4.kind, 'bilevel');
  if (g4.kind !== 'bilevel') return;
  const parsed = readTiffStrips(g4.tiff);
  assert.equal(parsed.compression, 4);
  assert.equal(parsed.photometric, 0);
  assert.equal(g4.blackIs1, false);
  assert.equal(
    parsed.strips.reduce((n, s) => n + s.rows, 0),
    2480 === g4.width ? 3508 : g4.height,
  );
  assert.equal(parsed.strips.length, Math.ceil(g4.height / parsed.rowsPerStrip));
});

test('component PDF: qpdf-clean, version ≥ 1.4, A4 at 100%, metadata, ccitt and jpeg images at 300 dpi', async () => {
  const file = await pdfFile('mixed.pdf', [processed.get('text')!, processed.get('photo')!, processed.get('seal')!]);
  sh('qpdf', ['--check', file]);
  const info = sh('pdfinfo', [file]);
  assert.match(info, /^Pages:\s+3$/m);
  const version = Number(/^PDF version:\s+([\d.]+)/m.exec(info)![1]);
  assert.ok(version >= 1.4);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info)!;
  assert.ok(Math.abs(Number(size[1]) - 595) <= 1 && Math.abs(Number(size[2]) - 842) <= 1, size[0]);
  assert.match(info, /^Title:\s+Tờ khai đăng ký khai sinh$/m);
  assert.match(info, /^Subject:\s+000\.00\.12\.H19-261120-0001$/m);
  assert.match(info, /^Keywords:.*3 pages/m);
  assert.match(info, /^Producer:\s+Một Cửa Desk$/m);
  assert.match(info, /^CreationDate:.*2026/m);
  const rows = sh('pdfimages', ['-list', file])
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((l) => l.trim().split(/\s+/));
  const byPage = (p: string) => rows.filter((r) => r[0] === p);
  assert.ok(byPage('1').length >= 13 && byPage('1').every((r) => r[8] === 'ccitt' && r[12] === '300' && r[13] === '300'));
  assert.deepEqual(
    byPage('2').map((r) => [r[3], r[4], r[5], r[8], r[12]]),
    [['2480', '3508', 'gray', 'jpeg', '300']],
  );
  assert.deepEqual(
    byPage('3').map((r) => [r[5], r[8], r[12]]),
    [['rgb', 'jpeg', '300']],
  );
});

test('pdftoppm renders every page; the bilevel page is black where the text is, white in the margin', async (t) => {
  const file = await pdfFile('render.pdf', [processed.get('text')!, processed.get('photo')!, processed.get('seal')!]);
  sh('pdftoppm', ['-r', '75', '-gray', '-png', file, join(dir, 'r')]);
  const out = readdirSync(dir)
    .filter((f) => f.startsWith('r-'))
    .sort();
  assert.equal(out.length, 3);
  const mean = async (f: string, left: number, top: number, width: number, height: number) =>
    (await sharp(await sharp(join(dir, f)).extract({ left, top, width, height }).png().toBuffer()).stats()).channels[0]!.mean; // stats() reads the input: crop first
  // 75 dpi: 620×877 px. The text block starts 30 mm (≈ 89 px) from the left, first baseline ≈ 22 mm.
  const ink = await mean(out[0]!, 89, 60, 350, 250);
  const margin = await mean(out[0]!, 5, 300, 60, 300);
  // Thin 13 pt strokes cover a few % of the block at 75 dpi: darker than the blank margin.
  assert.ok(ink < 235 && margin - ink > 20, `text region mean ${ink}, margin ${margin}`);
  assert.ok(margin > 250, `margin mean ${margin}`);
  // The original grey page, rendered the same way, matches the bilevel text region roughly.
  const crop = await sharp(await page('text'))
    .resize(620, 877)
    .greyscale()
    .extract({ left: 89, top: 60, width: 350, height: 250 })
    .png()
    .toBuffer();
  const orig = (await sharp(crop).stats()).channels[0]!.mean;
  t.diagnostic(`text block mean: original ${orig.toFixed(1)}, rendered bilevel ${ink.toFixed(1)}, margin ${margin.toFixed(1)}`);
  assert.ok(Math.abs(orig - ink) < 15, `original ${orig} vs rendered ${ink}`);
  for (const f of out) assert.ok((await sharp(join(dir, f)).stats()).channels[0]!.mean < 254, `${f} is not empty`);
  const photo = await mean(out[1]!, 100, 200, 400, 200);
  assert.ok(photo < 200, `photo block ${photo}`);
});

test('200 dpi pages come out at 100% scale too', async () => {
  const p = await processImage(await page('text', 200), { dpi: 200 });
  const file = await pdfFile('a4-200.pdf', [p]);
  sh('qpdf', ['--check', file]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(sh('pdfinfo', [file]))!;
  assert.ok(Math.abs(Number(size[1]) - 595) <= 1 && Math.abs(Number(size[2]) - 842) <= 1, size[0]);
  assert.match(sh('pdfimages', ['-list', file]), /ccitt\s+no\s+\d+\s+\d+\s+200\s+200/);
});

test('rotation: at encode time and afterwards, bilevel and JPEG', async () => {
  const d = await decodeImage(await page('text', 200));
  const a = analysePixels(d);
  const turned = await compressPixels(d, a, { rotate: 90 });
  assert.equal(turned.width, d.height);
  assert.equal(turned.height, d.width);
  const back = await rotatePage(turned, 270);
  assert.equal(back.kind, 'bilevel');
  assert.equal(back.width, d.width);
  const straight = await compressPixels(d, a);
  assert.ok(Math.abs(pageBytes(back) - pageBytes(straight)) / pageBytes(straight) < 0.02, 'bilevel rotation round trip is lossless');
  const jpeg = await compressPixels(d, { ...a, kind: 'gray' });
  const j180 = await rotatePage(jpeg, 180);
  assert.equal(j180.kind, 'gray');
  const file = await pdfFile('rotated.pdf', [turned, back, j180]);
  const sizes = [...sh('pdfinfo', ['-f', '1', '-l', '3', file]).matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => [
    Math.round(Number(m[1])),
    Math.round(Number(m[2])),
  ]);
  assert.deepEqual(sizes, [
    [842, 595],
    [595, 842],
    [595, 842],
  ]);
});

test('processPage takes a RawPage from a scanner backend', async () => {
  const raw = { index: 0, data: await page('seal', 200), format: 'png' as const, dpi: 200, mode: 'color' as const };
  const p = await processPage(raw);
  assert.equal(p.kind, 'color');
  assert.equal(p.dpi, 200);
  const grey = await processPage({ ...raw, mode: 'gray' });
  assert.equal(grey.kind, 'gray');
});
