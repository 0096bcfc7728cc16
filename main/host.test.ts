// The composition root both hosts and the test host build main with: what it promises beyond
// the services themselves (their own tests cover those).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainServices, type MainServicesOptions } from './host.ts';
import { dispatch } from './api.ts';
import { ScanService } from './scan/service.ts';
import { scannersOf } from './scan/registry.ts';
import { createConsoleApprover } from './settings/approval.ts';
import type { CheckedChange } from './settings/adminSettings.ts';
import { DEFAULT_SETTINGS } from './settings/schema.ts';
import { saveSettings } from './settings/store.ts';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'desk-host-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function optionsIn(dir: string): MainServicesOptions {
  return {
    info: { host: 'electron', version: '9.8.7' },
    dataDir: dir,
    updateDir: join(dir, 'updates'),
    applyHost: null,
    approver: createConsoleApprover<CheckedChange>({ out: { write: () => true } }),
    appDirs: [dir],
  };
}

async function answer(handlers: Parameters<typeof dispatch>[0], name: string): Promise<unknown> {
  const envelope = await dispatch(handlers, name, {});
  assert.ok(envelope.ok, JSON.stringify(envelope));
  return envelope.result;
}

test("the handler table is ready only with the data directory's privileged settings applied, and answers as the host it was given", async () => {
  const dir = tempDir();
  await saveSettings(dir, { ...DEFAULT_SETTINGS, tsaUrl: 'http://tsa.example.vn/rfc3161' });
  const keystore = { available: () => true, protect: (data: Uint8Array) => data, unprotect: (data: Uint8Array) => data };
  const main = createMainServices({ ...optionsIn(dir), keystore, scans: new ScanService(async () => scannersOf([])) });
  after(() => main.close());
  const { handlers, admin } = await main.ready;
  assert.equal(admin.current().tsaUrl, 'http://tsa.example.vn/rfc3161');
  assert.equal(((await answer(handlers, 'admin.settings')) as { tsaUrl: string }).tsaUrl, 'http://tsa.example.vn/rfc3161');
  assert.deepEqual(await answer(handlers, 'app.info'), { version: '9.8.7', host: 'electron', platform: process.platform });
  assert.deepEqual(await answer(handlers, 'keystore.status'), { available: true });
});

test('close() stops the services it made and leaves the ones the caller passed in running', async () => {
  const dir = tempDir();
  const given = new ScanService(async () => scannersOf([]));
  after(() => given.close());
  const withGiven = createMainServices({ ...optionsIn(dir), scans: given });
  const made = createMainServices(optionsIn(tempDir()));
  await Promise.all([withGiven.ready, made.ready]);
  assert.equal(withGiven.scans, given);

  const file = { name: 'not-a-scan.pdf', data: new Uint8Array([1, 2, 3]), pageKind: 'auto' as const };
  const givenJob = withGiven.scans.importFile(file);
  const madeJob = made.scans.importFile(file);
  await Promise.all([withGiven.close(), made.close()]);
  await assert.doesNotReject(given.next(givenJob, 0), "the caller's service still has its job");
  await assert.rejects(made.scans.next(madeJob, 0), { code: 'scan.not-found' });
});
