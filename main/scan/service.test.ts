// ScanService as the hosts use it: configuration checked before it is accepted, scan-to-folder
// files through the import pipeline, imports as cancellable jobs — with real folders and files.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { isDeskError } from '#domain/errors.ts';
import type { ScannerConfig } from './config.ts';
import type { FolderPolicyContext } from './folderPolicy.ts';
import { createScanners } from './registry.ts';
import { ScanService } from './service.ts';
import { bilevelTiff } from './pipeline/testFiles.ts';
import type { ScanBatch } from '#preload/wire/scan.ts';

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

const root = await mkdtemp(join(tmpdir(), 'mcd-service-'));
const services: ScanService[] = [];
after(async () => {
  await Promise.all(services.map((s) => s.close()));
  await rm(root, { recursive: true, force: true });
  assert.deepEqual(unhandled, [], 'no unhandled rejection');
});

/** A service over scan folders only: no SANE (`scanimage -L` can take minutes to probe), no network. */
function service(options: { appDirs?: string[] } = {}): ScanService {
  const s = new ScanService(
    (config?: ScannerConfig, policy?: FolderPolicyContext) =>
      createScanners({ sane: false, folders: config?.folders ?? [], folderOptions: { stableMs: 200, pollMs: 50, ...(policy ? { policy } : {}) } }),
    options,
  );
  services.push(s);
  return s;
}

async function refused(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(isDeskError(e), String(e));
    assert.equal(e.code, code);
    assert.ok(e.text.vi.length > 10 && e.text.en.length > 10 && e.text.vi !== e.text.en);
    return true;
  });
}

/** Collects a job's batches until it is done. */
async function drain(s: ScanService, jobId: string, onBatch: (b: ScanBatch) => void = () => undefined): Promise<ScanBatch> {
  const all: ScanBatch = { pages: [], done: false, error: null };
  for (;;) {
    const batch = await s.next(jobId, 2000);
    onBatch(batch);
    all.pages.push(...batch.pages);
    if (batch.done) return { ...all, done: true, error: batch.error };
  }
}

test('a folder absolute only on another OS is refused, and nothing is left to reject later', async () => {
  const s = service();
  await refused(s.configure({ escl: [], folders: ['C:\\Scans'] }), 'scan.folder-not-absolute');
  await refused(s.configure({ escl: ['ftp://10.0.0.5/'], folders: [] }), 'scan.address');
  assert.ok(Array.isArray(await s.devices()), 'the scanners still answer');
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(unhandled, []);
});

test('the root, system folders, a home, a file, a missing folder and a link to /etc are refused', async () => {
  const s = service({ appDirs: [join(root, 'app')] });
  const file = join(root, 'note.txt');
  await writeFile(file, 'x');
  const link = join(root, 'to-etc');
  await symlink('/etc', link);
  await mkdir(join(root, 'app', 'scans'), { recursive: true });
  for (const [folder, code] of [
    ['/', 'scan.folder-root'],
    ['/etc', 'scan.folder-system'],
    ['/root', 'scan.folder-system'],
    ['/var/log', 'scan.folder-system'],
    [process.env.HOME ?? '/root', process.env.HOME && process.env.HOME !== '/root' ? 'scan.folder-home' : 'scan.folder-system'],
    [file, 'scan.folder-not-directory'],
    [join(root, 'missing'), 'scan.folder-missing'],
    [link, 'scan.folder-system'],
    [join(root, 'app', 'scans'), 'scan.folder-app-data'],
  ] as const) {
    await refused(s.configure({ escl: [], folders: [folder] }), code);
  }
  assert.deepEqual(await s.devices(), [], 'nothing refused was accepted');
});

test('a dedicated folder is accepted; a PDF the copier leaves there becomes pages of the scan', async () => {
  const dir = join(root, 'copier');
  await mkdir(dir);
  const s = service();
  await s.configure({ escl: [], folders: [dir] });
  const [device] = await s.devices();
  assert.deepEqual(device, { id: `folder:${dir}`, backend: 'folder', name: 'copier' });
  const jobId = await s.start(device.id, { source: 'feeder', mode: 'gray', dpi: 200 }, 'auto');
  // Files already there when the session starts are an earlier session's: let it take its first look.
  assert.deepEqual((await s.next(jobId, 300)).pages, []);
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Trang 1', { x: 50, y: 700 });
  doc.addPage([842, 595]).drawText('Trang 2', { x: 50, y: 500 });
  await writeFile(join(dir, 'scan0001.pdf'), await doc.save());
  const pages: ScanBatch['pages'] = [];
  while (pages.length < 2) {
    const batch = await s.next(jobId, 2000);
    assert.equal(batch.error, null);
    pages.push(...batch.pages);
  }
  s.cancel(jobId);
  assert.deepEqual(
    pages.map((p) => [p.kind, p.widthPt, p.heightPt]),
    [
      ['pdf', 595, 842],
      ['pdf', 842, 595],
    ],
  );
  for (const p of pages) assert.equal((await PDFDocument.load(p.pdf)).getPageCount(), 1);
  const end = await drain(s, jobId);
  assert.equal(end.error?.code, 'scan.cancelled');
});

test('an import is a job: pages arrive through next(), and a cancelled import stops', async () => {
  const s = service();
  const tiff = bilevelTiff(
    Array.from({ length: 12 }, () => [1200, 1600] as [number, number]),
    150,
  );
  const whole = await drain(s, s.importFile({ name: 'ho-so.tiff', data: tiff, pageKind: 'auto' }));
  assert.equal(whole.error, null);
  assert.equal(whole.pages.length, 12);

  const jobId = s.importFile({ name: 'ho-so.tiff', data: tiff, pageKind: 'auto' });
  const first = await s.next(jobId, 5000);
  assert.equal(first.pages.length, 1);
  s.cancel(jobId);
  const rest = await drain(s, jobId);
  assert.equal(rest.pages.length, 0, 'no page arrives after the cancel');
  assert.equal(rest.error?.code, 'import.cancelled');
  assert.match(rest.error.text.vi, /Đã dừng nhập tệp/);
});

test('an import refused for its size reports it as the job error, with no page', async () => {
  const s = service();
  const bomb = bilevelTiff(Array.from({ length: 200 }, () => [9000, 9000] as [number, number]));
  const end = await drain(s, s.importFile({ name: 'bom.tiff', data: bomb, pageKind: 'auto' }));
  assert.equal(end.pages.length, 0);
  assert.equal(end.error?.code, 'import.too-many-pixels');
});

test('only devices main listed can be asked for: an id carrying an address or a name main never listed is not found', async () => {
  const dir = join(root, 'listed');
  await mkdir(dir);
  const s = service();
  await s.configure({ escl: [], folders: [dir] });
  for (const made_up of ['escl:http://127.0.0.1:9/eSCL/', 'sane:net:127.0.0.1:test:0', `folder:${root}`, 'wia:{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}']) {
    await refused(s.capabilities(made_up), 'scan.not-found');
    await refused(s.start(made_up, { source: 'flatbed', mode: 'gray', dpi: 200 }, 'auto'), 'scan.not-found');
  }
  const [device] = await s.devices();
  assert.equal(device?.id, `folder:${dir}`);
});

test("the service's assembly refuses a page that is not a readable PDF with a clear message, and close() leaves no file", async () => {
  const page = await PDFDocument.create();
  page.addPage([595, 842]);
  const good = await page.save();
  const s = service();
  const id = await s.assembly.start({ component: 'Tờ khai', scannedAt: '2026-12-07T08:00:00+07:00' }, 3);
  await s.assembly.page(id, 0, good, 0);
  await refused(s.assembly.page(id, 1, new TextEncoder().encode('%PDF-1.7 not really'), 0), 'scan.bad-page');
  await s.assembly.start({ component: 'Tờ khai', scannedAt: '2026-12-07T08:00:00+07:00' }, 1);
  assert.equal(s.assembly.open, 1);
  await s.close();
  assert.equal(s.assembly.open, 0);
});
