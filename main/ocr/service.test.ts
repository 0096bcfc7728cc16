import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildComponentPdf } from '#main/scan/pipeline/pdf.ts';
import { isDeskError } from '#domain/errors.ts';
import type { OcrJobStatus } from '#preload/wire/ocr.ts';
import { OcrEngine } from './engine.ts';
import { OcrService } from './service.ts';
import { pdfToText, scannedComponent, scanTestPage } from './testSupport.ts';

const engine = new OcrEngine();
const service = new OcrService(engine);
after(() => service.close());

async function until(jobId: string, stop: (s: OcrJobStatus) => boolean): Promise<OcrJobStatus> {
  for (;;) {
    const status = await service.next(jobId, 5000);
    if (stop(status) || status.state === 'done' || status.state === 'cancelled' || status.state === 'failed') return status;
  }
}

test('a 300-page batch cancelled halfway hands back no PDF (no half text layer); the job queued behind it then runs', async () => {
  const page = await scanTestPage({ kind: 'sparse', dpi: 100, store: 'bilevel' });
  const batch = await buildComponentPdf(
    Array.from({ length: 300 }, () => page),
    { component: 'Hồ sơ', scannedAt: '2026-12-07T09:00:00+07:00' },
  );
  const big = service.start(batch);
  const next = service.start(await scannedComponent([{ dpi: 200, store: 'bilevel' }]));
  assert.equal((await service.next(next, 0)).state, 'queued', 'one job at a time');
  const halfway = await until(big, (s) => s.pagesDone >= 150);
  assert.equal(halfway.state, 'running');
  assert.equal(halfway.pages, 300);
  await service.cancel(big);
  const end = await until(big, () => false);
  assert.equal(end.state, 'cancelled');
  assert.equal(end.pdf, undefined);
  assert.ok(end.pagesDone >= 150 && end.pagesDone < 300, `stopped at ${end.pagesDone}`);
  assert.equal(end.error?.code, 'ocr.cancelled');
  assert.match(end.error.text.vi, /Đã dừng nhận dạng chữ/);
  assert.match(end.error.text.en, /stopped/);
  // Its final state was handed over: the job is gone.
  await assert.rejects(service.next(big, 0), (e) => isDeskError(e) && e.code === 'ocr.not-found');

  // The engine's thread ended mid-page; the next job starts a new one.
  const done = await until(next, () => false);
  assert.equal(done.state, 'done', JSON.stringify(done.error));
  assert.ok(done.pdf);
  assert.ok(pdfToText(done.pdf).includes('Nguyễn Thị Thu Hương'));
});

test('a queued job cancelled never starts; a file that is not a PDF fails with its reason; main keeps answering meanwhile', async () => {
  const first = service.start(await scannedComponent([{ dpi: 200, store: 'gray' }]));
  const queued = service.start(await scannedComponent([{ dpi: 100, store: 'bilevel' }]));
  const broken = service.start(new TextEncoder().encode('not a pdf'));
  await service.cancel(queued);
  const cancelled = await service.next(queued, 0);
  assert.equal(cancelled.state, 'cancelled');
  assert.equal(cancelled.pagesDone, 0);
  // While the page is recognised in the engine's thread, main's event loop keeps turning.
  let turns = 0;
  let turning = true;
  const spin = (): void => {
    turns++;
    if (turning) setImmediate(spin);
  };
  spin();
  const done = await until(first, () => false);
  turning = false;
  assert.equal(done.state, 'done');
  assert.ok(turns > 100, `main's event loop turned ${turns} times during a page`);
  const failed = await until(broken, () => false);
  assert.equal(failed.state, 'failed');
  assert.equal(failed.error?.code, 'ocr.not-pdf');
});

test('OCR touches no network: with every socket and fetch blocked, in main and in the worker thread, a page is still recognised', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mot-cua-ocr-offline-'));
  try {
    const blocker = join(dir, 'block-network.cjs');
    writeFileSync(
      blocker,
      `const net = require('node:net'); const dns = require('node:dns'); const { isMainThread } = require('node:worker_threads');
if (!isMainThread) process.stderr.write('blocker loaded in a worker\\n');
const refuse = (what) => function () { process.stderr.write('NETWORK ATTEMPT ' + what + '\\n'); throw new Error('network blocked'); };
// A local pipe (tsx's own IPC) is no network; any TCP connection is refused and reported.
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const [first] = args;
  const pipe = typeof first === 'string' || (Array.isArray(first) ? typeof first[0]?.path === 'string' : typeof first?.path === 'string');
  return pipe ? connect.apply(this, args) : refuse('tcp').call(this);
};
dns.lookup = refuse('dns'); globalThis.fetch = refuse('fetch');`,
    );
    const here = (f: string) => pathToFileURL(join(import.meta.dirname, f)).href;
    const script = `import { OcrEngine } from '${here('engine.ts')}';
import { addTextLayer } from '${here('ocrPdf.ts')}';
import { scannedComponent, pdfToText } from '${here('testSupport.ts')}';
const engine = new OcrEngine();
const result = await addTextLayer(await scannedComponent([{ dpi: 200, store: 'bilevel' }]), engine);
await engine.terminate();
process.stdout.write(JSON.stringify({ words: result.words, found: pdfToText(result.pdf).includes('Tân Phước') }));`;
    const probe = join(dir, 'probe.mts');
    writeFileSync(probe, script);
    const run = spawnSync(process.execPath, ['--require', blocker, '--import', 'tsx', probe], {
      encoding: 'utf8',
      // An engine that tried the network never starts (engine.ts): fail rather than wait.
      timeout: 240_000,
      env: { ...process.env, HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /blocker loaded in a worker/, 'the block covers the engine thread');
    assert.doesNotMatch(run.stderr, /NETWORK ATTEMPT/);
    const out = JSON.parse(run.stdout) as { words: number; found: boolean };
    assert.ok(out.words > 100 && out.found, run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
