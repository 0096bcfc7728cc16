import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { FolderBackend, looksComplete, markImported, sniffFormat, type FolderBackendOptions } from './folder.ts';
import { ScanError, type RawPage, type ScanRequest } from './types.ts';

const request: ScanRequest = { source: 'feeder', mode: 'gray', dpi: 200 };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcd-folder-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function backend(extra: Partial<FolderBackendOptions> = {}): FolderBackend {
  return new FolderBackend({ folders: [dir], stableMs: 300, pollMs: 100, ...extra });
}

async function png(width = 40, height = 30, density = 300): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 10, b: 10 } } })
    .withMetadata({ density })
    .png()
    .toBuffer();
}

/** A small, valid one-page PDF. */
function pdf(): Buffer {
  const content = '0 0 m 100 100 l S\n'.repeat(200); // some bulk, so it is written in several chunks
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}endstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Writes `data` in `parts` chunks with `gapMs` between them; resolves with the time of the last write. */
async function writeSlowly(path: string, data: Buffer, parts: number, gapMs: number): Promise<number> {
  const size = Math.ceil(data.length / parts);
  await writeFile(path, data.subarray(0, size));
  for (let off = size; off < data.length; off += size) {
    await sleep(gapMs);
    await appendFile(path, data.subarray(off, off + size));
  }
  return Date.now();
}

/** Collects pages until `n` arrived (then breaks), with a time limit. */
async function take(b: FolderBackend, n: number, limitMs = 5000, opts: { signal?: AbortSignal } = {}): Promise<Array<RawPage & { at: number }>> {
  const out: Array<RawPage & { at: number }> = [];
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), limitMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, ac.signal]) : ac.signal;
  try {
    for await (const p of b.scan(`folder:${dir}`, request, signal)) {
      out.push({ ...p, at: Date.now() });
      if (out.length >= n) break;
    }
  } catch (e) {
    if (!(e instanceof ScanError && e.scanCode === 'cancelled' && ac.signal.aborted)) throw e;
  } finally {
    clearTimeout(timer);
  }
  return out;
}

test('magic bytes and end markers', async () => {
  assert.equal(sniffFormat(Buffer.from('%PDF-1.7\n')), 'pdf');
  assert.equal(sniffFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'jpeg');
  assert.equal(sniffFormat(await png()), 'png');
  assert.equal(sniffFormat(Buffer.from([0x49, 0x49, 0x2a, 0x00])), 'tiff');
  assert.equal(sniffFormat(Buffer.from([0x4d, 0x4d, 0x00, 0x2a])), 'tiff');
  assert.equal(sniffFormat(Buffer.from('hello world')), null);
  const p = pdf();
  assert.equal(looksComplete('pdf', p.subarray(-1024)), true);
  assert.equal(looksComplete('pdf', p.subarray(0, 200)), false);
  const img = await png();
  assert.equal(looksComplete('png', img), true);
  assert.equal(looksComplete('png', img.subarray(0, img.length - 4)), false);
  const jpg = await sharp(img).jpeg().toBuffer();
  assert.equal(looksComplete('jpeg', jpg.subarray(-100)), true);
  assert.equal(looksComplete('jpeg', jpg.subarray(0, jpg.length - 2)), false);
});

test('lists configured folders that exist, by id folder:<abs path>', async () => {
  const b = new FolderBackend({ folders: [{ path: dir, name: 'Máy photocopy tầng 1' }, join(dir, 'missing')] });
  assert.deepEqual(await b.list(), [{ id: `folder:${dir}`, backend: 'folder', name: 'Máy photocopy tầng 1' }]);
  const caps = await b.capabilities(`folder:${dir}`);
  assert.deepEqual(caps.modes, ['color', 'gray', 'bw']);
  await assert.rejects(b.capabilities('folder:/elsewhere'), (e) => e instanceof ScanError && e.scanCode === 'not-found');
  assert.throws(() => new FolderBackend({ folders: ['relative/path'] }));
});

test('a file written slowly in chunks is yielded only once complete, whole', async () => {
  const b = backend();
  const img = await png(400, 300);
  let finished = 0;
  const writer = (async () => {
    await sleep(150);
    // 6 chunks, 120 ms apart: each pause is shorter than stableMs (300), so only growth tells.
    finished = await writeSlowly(join(dir, 'scan0001.png'), img, 6, 120);
  })();
  const pages = await take(b, 1);
  await writer;
  assert.equal(pages.length, 1);
  const page = pages[0]!;
  assert.ok(page.at >= finished, 'not before the last chunk');
  assert.deepEqual(Buffer.from(page.data), img);
  assert.equal(page.format, 'png');
  assert.equal(page.dpi, 300); // from the file's density
  assert.equal(page.mode, 'color');
  assert.equal(page.sourcePath, join(dir, 'scan0001.png'));
  assert.equal(page.index, 0);
});

test('a TIFF (no end marker: only size stability tells) written slowly is yielded whole', async () => {
  const b = backend();
  const tif = await sharp(await png(400, 300))
    .tiff({ compression: 'none' })
    .toBuffer();
  let finished = 0;
  const writer = (async () => {
    await sleep(150);
    finished = await writeSlowly(join(dir, 'scan0002.tif'), tif, 6, 120);
  })();
  const pages = await take(b, 1);
  await writer;
  assert.equal(pages.length, 1);
  assert.ok(pages[0]!.at >= finished + 250, 'waited for the size to settle');
  assert.equal(pages[0]!.format, 'tiff');
  assert.deepEqual(Buffer.from(pages[0]!.data), tif);
});

test('a PDF whose writer pauses longer than stableMs is still not taken half-done', async () => {
  const b = backend({ stableMs: 150 });
  const doc = pdf();
  let finished = 0;
  const writer = (async () => {
    await sleep(100);
    finished = await writeSlowly(join(dir, 'SCAN_0002.PDF'), doc, 4, 400); // pauses of 400 ms > 150 ms
  })();
  const pages = await take(b, 1, 6000);
  await writer;
  assert.equal(pages.length, 1);
  assert.ok(pages[0]!.at >= finished);
  assert.equal(pages[0]!.format, 'pdf');
  assert.deepEqual(Buffer.from(pages[0]!.data), doc);
  assert.equal(pages[0]!.dpi, 200); // from the request: a PDF does not say
});

test('files present at start are ignored; includeExisting takes them; each file once', async () => {
  await writeFile(join(dir, 'old.png'), await png());
  const later = await png(20, 20);
  const writer = (async () => {
    await sleep(200);
    await writeFile(join(dir, 'new.png'), later);
  })();
  const pages = await take(backend(), 2, 1000); // only one will come
  await writer;
  assert.deepEqual(
    pages.map((p) => p.sourcePath),
    [join(dir, 'new.png')],
  );

  const all = await take(backend({ includeExisting: true }), 3, 900);
  assert.deepEqual(all.map((p) => p.sourcePath).sort(), [join(dir, 'new.png'), join(dir, 'old.png')]);
  assert.deepEqual(
    all.map((p) => p.index),
    [0, 1],
  );
});

test('only scans are taken: unknown bytes ignored, extension does not matter, temp names wait', async () => {
  const img = await png();
  const jpg = await sharp(img).jpeg().toBuffer();
  const tif = await sharp(img).tiff().toBuffer();
  const writer = (async () => {
    await sleep(100);
    await writeFile(join(dir, 'notes.txt'), 'not a scan at all, just text');
    await writeFile(join(dir, 'odd-name.dat'), jpg);
    await writeFile(join(dir, 'page.tif.part'), tif); // a copy tool's temporary name
    await sleep(500);
    await rename(join(dir, 'page.tif.part'), join(dir, 'page.tif'));
  })();
  const pages = await take(backend(), 2, 3000);
  await writer;
  assert.deepEqual(
    pages.map((p) => [p.sourcePath, p.format]),
    [
      [join(dir, 'odd-name.dat'), 'jpeg'],
      [join(dir, 'page.tif'), 'tiff'],
    ],
  );
});

test('poll-only mode (fs.watch off) still finds files', async () => {
  const writer = (async () => {
    await sleep(100);
    await writeFile(join(dir, 'a.png'), await png());
  })();
  const pages = await take(backend({ useWatch: false }), 1, 3000);
  await writer;
  assert.equal(pages.length, 1);
});

test('markImported moves to imported/, never overwrites; the file is not yielded again', async () => {
  const b = backend();
  const img = await png();
  const seen: string[] = [];
  const ac = new AbortController();
  const run = (async () => {
    try {
      for await (const p of b.scan(`folder:${dir}`, request, ac.signal)) {
        seen.push(p.sourcePath!);
        await b.markImported(p.sourcePath!);
      }
    } catch (e) {
      assert.ok(e instanceof ScanError && e.scanCode === 'cancelled');
    }
  })();
  await sleep(100);
  await writeFile(join(dir, 'scan.png'), img);
  await sleep(700);
  await writeFile(join(dir, 'scan.png'), img); // the copier reuses the name
  await sleep(700);
  ac.abort();
  await run;
  assert.deepEqual(seen, [join(dir, 'scan.png'), join(dir, 'scan.png')]);
  assert.deepEqual((await readdir(join(dir, 'imported'))).sort(), ['scan (2).png', 'scan.png']);
  assert.equal(existsSync(join(dir, 'scan.png')), false);
  assert.deepEqual(await readFile(join(dir, 'imported', 'scan.png')), img);
  // markImported on its own
  await mkdir(join(dir, 'x'));
  await writeFile(join(dir, 'x', 'f.pdf'), pdf());
  assert.equal(await markImported(join(dir, 'x', 'f.pdf')), join(dir, 'x', 'imported', 'f.pdf'));
});

test('abort ends with cancelled; idleMs ends quietly', async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 150);
  await assert.rejects(
    (async () => {
      for await (const _ of backend().scan(`folder:${dir}`, request, ac.signal)) void _;
    })(),
    (e) => e instanceof ScanError && e.scanCode === 'cancelled' && e.text.vi.length > 0 && e.text.en.length > 0,
  );
  const t0 = Date.now();
  const pages: RawPage[] = [];
  for await (const p of backend({ idleMs: 300 }).scan(`folder:${dir}`, request, new AbortController().signal)) pages.push(p);
  assert.equal(pages.length, 0);
  assert.ok(Date.now() - t0 >= 280 && Date.now() - t0 < 1500);
});

test('a folder that vanishes (unmounted share) → unplugged', async () => {
  const gone = join(dir, 'share');
  await mkdir(gone);
  const b = new FolderBackend({ folders: [gone], stableMs: 100, pollMs: 50 });
  const run = (async () => {
    for await (const _ of b.scan(`folder:${gone}`, request, new AbortController().signal)) void _;
  })();
  // Watched from the start: under load the scan may notice the missing folder before rm returns.
  const unplugged = assert.rejects(run, (e) => e instanceof ScanError && e.scanCode === 'unplugged');
  await sleep(100);
  await rm(gone, { recursive: true });
  await unplugged;
});
