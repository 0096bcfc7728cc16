// Sync under faults, end to end: the desk in browser mode, the reference province as its own
// process, and a seeded fault-injecting proxy between them on 127.0.0.1 (500s, 503s, requests
// dropped before and after the province handled them, uploads cut mid-body, delays, an outage).
// Meanwhile the desk's browser is closed and reopened and the province is killed (SIGKILL) and
// restarted. With a clean link again: every dossier is held exactly once with matching hashes
// and the desk's outbox is empty. The counts are reported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, openSettings, scanFirstComponent, signIn, syncNow } from '../support/deskFlows.ts';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy.ts';
import { seededRandom } from '#domain/seededRandom.ts';
import { blobPath, folders } from '../provincial/store.ts';

const ADMIN = { username: 'canbo5', fullName: 'Vũ Minh Tâm', password: 'mat-khau-su-co' };
const SERVER = fileURLToPath(new URL('../provincial/server.ts', import.meta.url));
const OPERATOR = fileURLToPath(new URL('../provincial/operator.ts', import.meta.url));
const DOSSIERS = 5;
const dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-faults-'));
let province: ChildProcess | null = null;
let provinceUrl = '';
let proxy: FaultProxy;
let desk: DeskSession;

/** Starts the province as its own process (so it can be killed), on `port` or a free one. */
function startProvince(port = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER, '--data', dataDir, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    province = child;
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`province exited ${code}: ${out}`)));
  });
}

function killProvince(): void {
  province?.kill('SIGKILL');
  province = null;
}

before(async () => {
  if (chromiumMissing) return;
  provinceUrl = await startProvince();
  proxy = await startFaultProxy(() => provinceUrl, seededRandom(20261124));
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
  await proxy?.close();
  killProvince();
});

const operator = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', OPERATOR, ...args, '--data', dataDir], { encoding: 'utf8' });

async function scanInto(page: Page, code: string, label: string): Promise<void> {
  await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
  await page.locator('input[name=dossier-search]').fill(code);
  await page.getByRole('row').filter({ hasText: code }).dblclick();
  await scanFirstComponent(page, label);
  await page.getByRole('button', { name: 'Đóng' }).click();
}

/** The desk's dossiers that have files, with their files' hashes, read from its IndexedDB. */
function localFiles(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const open = indexedDB.open('mot-cua-desk');
    const db: IDBDatabase = await new Promise((ok, no) => ((open.onsuccess = () => ok(open.result)), (open.onerror = () => no(open.error))));
    const files: Array<{ dossierId: string; sha256: string }> = await new Promise((ok) => {
      const q = db.transaction('files').objectStore('files').getAll();
      q.onsuccess = () => ok(q.result);
    });
    const out: Record<string, string[]> = {};
    for (const f of files) (out[f.dossierId] ??= []).push(f.sha256);
    db.close();
    return out;
  });
}

test('faults, a browser closed mid-sync and a killed province: nothing lost, nothing duplicated', { skip: chromiumMissing, timeout: 300_000 }, async (t) => {
  const step = storySteps(t);
  let page = desk.page;
  const codes: string[] = [];

  await step('a registered demo desk with dossiers waiting to go', async () => {
    await firstRun(page, ADMIN, 'demo');
    await signIn(page, ADMIN);
    await openSettings(page, 'Cơ quan');
    const agency = await page.locator('input[name=agencyId]').inputValue();
    await page.getByRole('tab', { name: 'Đồng bộ', exact: true }).click();
    const form = page.getByRole('form', { name: 'Đồng bộ với hệ thống của tỉnh' });
    await form.locator('input[name=sync-endpoint]').fill(proxy.url);
    await form.getByRole('button', { name: 'Lưu cấu hình đồng bộ' }).click();
    // Main shows the address and a one-time code on the host's console; the administrator types it in.
    await desk.confirmOnConsole(page);
    await form.getByRole('status').filter({ hasText: 'Đã áp dụng' }).waitFor();
    const { code } = JSON.parse(operator('enrol', '--agency', agency)) as { code: string };
    await form.locator('input[name=enrolment-code]').fill(code);
    await form.getByRole('button', { name: 'Đăng ký máy' }).click();
    await form.getByTestId('sync-identity').waitFor();
    await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
    await page.locator('select[name=status-filter]').selectOption('2');
    await page
      .locator('.list-row .code')
      .nth(DOSSIERS - 1)
      .waitFor();
    for (let i = 0; i < DOSSIERS; i++) codes.push((await page.locator('.list-row .code').nth(i).textContent()) ?? '');
    await page.locator('select[name=status-filter]').selectOption('');
    proxy.faults = true;
    for (const [i, code] of codes.entries()) await scanInto(page, code, `Trang ${i + 1}`);
  });

  await step('faults on the link; the browser is closed and reopened; the province is killed and restarted; an outage', async () => {
    const port = Number(new URL(provinceUrl).port);
    for (let round = 0; round < 12; round++) {
      await syncNow(page);
      await page.waitForTimeout(1500);
      if (round === 3) {
        page = await desk.restartBrowser();
        await signIn(page, ADMIN);
      }
      if (round === 6) {
        killProvince();
        await page.waitForTimeout(1500);
        provinceUrl = await startProvince(port);
      }
      if (round === 9) proxy.outage(3000);
    }
  });

  await step('with a clean link the desk catches up: every dossier once, every hash right, the outbox empty', async () => {
    proxy.faults = false;
    for (let i = 0; i < 30 && (await page.locator('.sync-indicator[data-pending="0"]').count()) === 0; i++) {
      await syncNow(page);
      await page.waitForTimeout(2000);
    }
    assert.equal(await page.locator('.sync-indicator').getAttribute('data-pending'), '0', 'the outbox drained');
    const local = await localFiles(page);
    const db = new Database(join(dataDir, 'provincial.sqlite'), { readonly: true });
    const f = folders(dataDir);
    let lost = 0;
    let duplicated = 0;
    let hashMismatches = 0;
    try {
      for (const [dossierId, hashes] of Object.entries(local)) {
        const held = (db.prepare('SELECT count(*) AS n FROM dossiers WHERE id = ?').get(dossierId) as { n: number }).n;
        if (held === 0) lost += 1;
        duplicated += Math.max(0, held - 1);
        const remote = (db.prepare('SELECT sha256 FROM dossier_files WHERE dossier_id = ?').all(dossierId) as Array<{ sha256: string }>)
          .map((r) => r.sha256)
          .sort();
        if (remote.join() !== [...new Set(hashes)].sort().join()) hashMismatches += 1;
        for (const sha of remote)
          if (
            createHash('sha256')
              .update(readFileSync(blobPath(f, sha)))
              .digest('hex') !== sha
          )
            hashMismatches += 1;
      }
      duplicated += (db.prepare('SELECT count(*) AS n FROM (SELECT code FROM dossiers GROUP BY code HAVING count(*) > 1)').get() as { n: number }).n;
    } finally {
      db.close();
    }
    t.diagnostic(`sync under faults: ${JSON.stringify({ dossiers: Object.keys(local).length, lost, duplicated, hashMismatches, faults: proxy.tally })}`);
    assert.ok(Object.keys(local).length >= DOSSIERS);
    assert.deepEqual({ lost, duplicated, hashMismatches }, { lost: 0, duplicated: 0, hashMismatches: 0 });
  });
});
