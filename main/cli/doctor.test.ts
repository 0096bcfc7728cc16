// `desk doctor --json` run as support staff run it, a child process on this machine, with its own
// data folder: every check reported with a valid status, and the exit status 1 exactly when one
// is a problem. The province is a node:http server on 127.0.0.1 whose clock is 10 minutes behind.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCTOR_CHECK_IDS, type DoctorReport } from '#preload/wire/doctor.ts';
import { DEFAULT_SETTINGS, serialiseSettings } from '../settings/schema.ts';
import { settingsPath } from '../settings/store.ts';

const desk = fileURLToPath(new URL('../../bin/desk.js', import.meta.url));

const province = createServer((req, res) => {
  res.sendDate = false;
  res.setHeader('date', new Date(Date.now() - 600_000).toUTCString());
  res.end(req.url === '/api/health' ? '{"ok":true}' : '');
});
after(() => new Promise((r) => province.close(r)));

function doctor(dataDir: string): Promise<{ code: number; report: DoctorReport }> {
  return new Promise((resolve, reject) => {
    // NODE_TEST_CONTEXT is inherited: the eSCL backend then does not browse mDNS on the LAN.
    execFile(
      process.execPath,
      [desk, 'doctor', '--json'],
      { env: { ...process.env, DESK_DATA_DIR: dataDir, DESK_ESCL_DEVICES: '' } },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: number }).code : 0;
        if (typeof code !== 'number') return reject(error);
        try {
          resolve({ code, report: JSON.parse(stdout) as DoctorReport });
        } catch (e) {
          reject(new Error(`not JSON (${(e as Error).message}): ${stdout} ${stderr}`));
        }
      },
    );
  });
}

function assertWellFormed(report: DoctorReport): void {
  assert.deepEqual(
    report.checks.map((c) => c.id),
    [...DOCTOR_CHECK_IDS],
  );
  for (const c of report.checks) {
    assert.ok(['ok', 'warning', 'problem'].includes(c.status), `${c.id}: ${c.status}`);
    for (const text of [c.vi, c.en, c.fix.vi, c.fix.en]) assert.ok(text.length > 0, `${c.id} says something in both languages`);
  }
}

test('desk doctor --json on this machine: every check, a valid status each, exit status 1 exactly when a problem is found', async () => {
  const { code, report } = await doctor(mkdtempSync(join(tmpdir(), 'doctor-cli-')));
  assertWellFormed(report);
  assert.equal(code, report.checks.some((c) => c.status === 'problem') ? 1 : 0);
  assert.equal(report.checks.find((c) => c.id === 'settings')?.status, 'warning');
});

test('desk doctor --json with the province 10 minutes behind: the clock is a problem and the exit status 1', async () => {
  await new Promise<void>((r) => province.listen(0, '127.0.0.1', r));
  const dataDir = mkdtempSync(join(tmpdir(), 'doctor-cli-'));
  const endpoint = `http://127.0.0.1:${(province.address() as AddressInfo).port}/api/`;
  writeFileSync(settingsPath(dataDir), serialiseSettings({ ...DEFAULT_SETTINGS, provincial: { endpoint, ca: [] } }));
  const { code, report } = await doctor(dataDir);
  assertWellFormed(report);
  const byId = (id: string) => report.checks.find((c) => c.id === id)!;
  assert.equal(byId('settings').status, 'ok');
  assert.equal(byId('provincial').status, 'ok');
  assert.equal(byId('clock').status, 'problem');
  assert.match(byId('clock').vi, /nhanh hơn giờ của tỉnh/);
  assert.equal(code, 1);
});
