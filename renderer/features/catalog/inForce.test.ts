import { PROCEDURE, openTestDb } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Catalog } from '#domain/model.ts';
import { installCatalog } from './installCatalog.ts';
import { proceduresForReception } from './inForce.ts';

// Luật Hộ tịch 03/2026/QH16 takes effect on 2027-03-01: a test fixture, not bundled data.
const CATALOG: Catalog = {
  version: '2027.03-test',
  effectiveFrom: '2027-01-01',
  procedures: [
    { ...PROCEDURE, code: '1.000001', name: 'Thủ tục bãi bỏ từ 01/3/2027', effectiveTo: '2027-02-28' },
    { ...PROCEDURE, code: '1.000002', name: 'Thủ tục mới từ 01/3/2027', effectiveFrom: '2027-03-01' },
    { ...PROCEDURE, code: '1.000003', name: 'Thủ tục không đổi' },
  ],
};

test('reception is offered the procedures in force on the desk date, which turns at midnight in Vietnam, not UTC', async () => {
  const db = openTestDb('catalog-in-force');
  await installCatalog(db, CATALOG, 'admin-1');
  const codes = async (iso: string) => (await proceduresForReception(db, new Date(iso))).map((p) => p.code);
  assert.deepEqual(await codes('2027-02-28T23:59:00+07:00'), ['1.000001', '1.000003']);
  // 00:10 on 1 March in Vietnam is still 28 February in UTC.
  assert.deepEqual(await codes('2027-03-01T00:10:00+07:00'), ['1.000002', '1.000003']);
});

test('two versions of one code: reception is offered the one in force that day, and the other one waits for its date', async () => {
  const db = openTestDb('catalog-versions-in-force');
  await installCatalog(
    db,
    {
      version: '2027.03-versions',
      effectiveFrom: '2027-01-01',
      procedures: [
        { ...PROCEDURE, effectiveTo: '2027-02-28' },
        { ...PROCEDURE, effectiveFrom: '2027-03-01', processingHours: 8 },
      ],
    },
    'admin-1',
  );
  const offered = async (iso: string) => (await proceduresForReception(db, new Date(iso))).map((p) => [p.code, p.processingHours]);
  assert.deepEqual(await offered('2027-02-28T16:00:00+07:00'), [[PROCEDURE.code, PROCEDURE.processingHours]]);
  assert.deepEqual(await offered('2027-03-01T07:30:00+07:00'), [[PROCEDURE.code, 8]]);
  const [p] = await proceduresForReception(db, new Date('2027-03-01T07:30:00+07:00'));
  assert.ok(p && !('key' in p), 'the storage key stays in the table');
});
