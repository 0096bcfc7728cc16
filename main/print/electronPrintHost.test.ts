// The desktop app's print host against a stand-in for Electron's BrowserWindow: what it loads,
// the options it prints with, and that nothing is left behind. Whether Electron's PDF viewer
// really puts the pages on paper is not something a test here can show (see README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeskError } from '#domain/errors.ts';
import { createElectronPrintHost, type PrintWindow, type SilentPrintOptions } from './electronPrintHost.ts';

interface Recorded {
  loaded: Array<{ path: string; bytes: Buffer; mode: number }>;
  printed: SilentPrintOptions[];
  destroyed: number;
}

function fakeWindows(answer: (options: SilentPrintOptions, done: (success: boolean, reason: string) => void) => void) {
  const seen: Recorded = { loaded: [], printed: [], destroyed: 0 };
  const createWindow = (): PrintWindow => ({
    loadFile: async (path) => void seen.loaded.push({ path, bytes: readFileSync(path), mode: statSync(path).mode & 0o777 }),
    destroy: () => void seen.destroyed++,
    webContents: {
      getPrintersAsync: async () => [
        { name: 'HP_LaserJet_M404', displayName: 'HP LaserJet M404 (Tầng 1)', description: 'HP LaserJet Pro M404n' },
        { name: 'Brother', displayName: '', description: '' },
      ],
      print: (options, callback) => {
        seen.printed.push(options);
        answer(options, callback);
      },
    },
  });
  return { seen, createWindow };
}

test('a form is printed silently, once, on the named printer, from a private file removed afterwards', async () => {
  const tempDir = mkdtempSync(join(tmpdir(), 'desk-print-test-'));
  const { seen, createWindow } = fakeWindows((_o, done) => done(true, ''));
  const host = createElectronPrintHost({ createWindow, tempDir });
  const pdf = new Uint8Array(Buffer.from('%PDF-1.7 the receipt'));
  await host.print({ pdf, printer: 'HP_LaserJet_M404' });
  assert.equal(host.mode, 'silent');
  assert.deepEqual(seen.loaded[0]!.bytes, Buffer.from(pdf));
  if (process.platform !== 'win32') assert.equal(seen.loaded[0]!.mode, 0o600);
  assert.deepEqual(seen.printed, [{ silent: true, deviceName: 'HP_LaserJet_M404', copies: 1, printBackground: true }]);
  assert.equal(seen.destroyed, 1);
  assert.equal(existsSync(seen.loaded[0]!.path), false);
  assert.deepEqual(readdirSync(tempDir), []);
});

test('a printer that refuses, or never answers, is a bilingual print.failed; the window and file go all the same', async () => {
  const tempDir = mkdtempSync(join(tmpdir(), 'desk-print-test-'));
  const refusing = fakeWindows((_o, done) => done(false, 'Invalid deviceName provided'));
  await assert.rejects(
    createElectronPrintHost({ createWindow: refusing.createWindow, tempDir }).print({ pdf: new Uint8Array([1]), printer: 'Gone' }),
    (e: DeskError) => e.code === 'print.failed' && /Invalid deviceName provided/.test(e.text.en) && /Máy in không nhận lệnh in/.test(e.text.vi),
  );
  assert.equal(refusing.seen.destroyed, 1);

  const silent = fakeWindows(() => undefined);
  await assert.rejects(
    createElectronPrintHost({ createWindow: silent.createWindow, tempDir, timeoutMs: 0 }).print({ pdf: new Uint8Array([1]), printer: 'Stuck' }),
    (e: DeskError) => e.code === 'print.failed' && /timeout/.test(e.text.en),
  );
  assert.equal(silent.seen.destroyed, 1);
  assert.deepEqual(readdirSync(tempDir), []);
});

test('the pick-list is the system’s printers, each by the name jobs are sent to', async () => {
  const { seen, createWindow } = fakeWindows(() => undefined);
  const printers = await createElectronPrintHost({ createWindow }).printers();
  assert.deepEqual(printers, [
    { name: 'HP_LaserJet_M404', displayName: 'HP LaserJet M404 (Tầng 1)', description: 'HP LaserJet Pro M404n' },
    { name: 'Brother', displayName: 'Brother', description: '' },
  ]);
  assert.equal(seen.destroyed, 1);
});
