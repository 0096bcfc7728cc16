// doctor.run through the handler table, as Settings → Kiểm tra hệ thống calls it: main runs the
// checks with its own data folder, applied settings, keystore and printer list.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeskError } from '#domain/errors.ts';
import { DOCTOR_CHECK_IDS, type DoctorReport } from '#preload/wire/doctor.ts';
import type { CallName } from '#preload/contract.ts';
import { dispatch } from '../api.ts';
import { testSpooler } from '../print/test-support.ts';
import { openTestHost, type TestHost } from '../settings/test-support.ts';
import { settingsPath } from '../settings/store.ts';

async function call<T>(host: TestHost, name: CallName, input: unknown): Promise<T> {
  const envelope = await dispatch(host.handlers, name, input);
  if (!envelope.ok) throw new DeskError(envelope.error.code, envelope.error.text);
  return envelope.result as T;
}

const byId = (report: DoctorReport, id: string) => report.checks.find((c) => c.id === id)!;

test('doctor.run: every check, the printer main prints to, and the renderer cannot point it at another folder', async () => {
  const spooler = testSpooler(['Canon_LBP2900']);
  const host = await openTestHost({ printHost: spooler });
  after(() => host.close());
  const proposed = await call<{ pending: { id: string } }>(host, 'admin.propose', { kind: 'set-printer', name: 'Canon_LBP2900' });
  await call(host, 'admin.confirm', { id: proposed.pending.id, code: host.console.lastCode() });

  const report = await call<DoctorReport>(host, 'doctor.run', { dataDir: '/etc', endpoint: 'http://10.0.0.1/' });
  assert.deepEqual(
    report.checks.map((c) => c.id),
    [...DOCTOR_CHECK_IDS],
  );
  assert.equal(byId(report, 'settings').status, 'ok');
  assert.equal(byId(report, 'printer').status, 'ok');
  assert.match(byId(report, 'storage').en, new RegExp(host.dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
  assert.equal(byId(report, 'keystore').status, 'warning', 'the test host has no OS keystore');
  assert.equal(byId(report, 'provincial').status, 'warning', 'no address of the renderer’s is used');

  spooler.installed.length = 0;
  const later = await call<DoctorReport>(host, 'doctor.run', {});
  assert.equal(byId(later, 'printer').status, 'problem');
});

test('doctor.run: a damaged settings file the desk set aside is a problem with its reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-damaged-'));
  writeFileSync(settingsPath(dir), '{ not json');
  const host = await openTestHost({ dir });
  after(() => host.close());
  const settings = byId(await call<DoctorReport>(host, 'doctor.run', {}), 'settings');
  assert.equal(settings.status, 'problem');
  assert.match(settings.vi, /bị hỏng/);
});
