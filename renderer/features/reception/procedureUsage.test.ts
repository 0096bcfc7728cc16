// The picker's usage summary against a real (fake-indexeddb) desk database with its keys open,
// so the dossiers are sealed as on a desk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Dossier } from '#domain/model.ts';
import { APPLICANT, openTestDb } from '#renderer/test-support/desk.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import { loadProcedureUsage } from './procedureUsage.ts';

let next = 0;

function dossier(procedureCode: string, receivedAt: string): Dossier {
  next += 1;
  return {
    id: `01JDOSSIER${String(next).padStart(16, '0')}`,
    code: `000.17.22.H56-251124-${String(next).padStart(4, '0')}`,
    decision: 'accepted',
    status: 2,
    procedureCode,
    procedureName: procedureCode,
    processingHours: 0,
    fees: [],
    sets: 1,
    applicant: { ...APPLICANT, fullName: 'Nguyễn Văn An' },
    components: [],
    receivedAt,
    appointmentAt: null,
    officerId: 'o1',
    officerName: 'Trần Thị Bình',
    deskId: '1',
    versions: { catalog: 'c', calendar: 'k', forms: 'f', codePattern: 'p' },
    updatedAt: receivedAt,
  };
}

const at = (minute: number) => `2026-12-07T08:${String(minute).padStart(2, '0')}:00+07:00`;

async function receive(db: DeskDb, ...list: Array<[string, number]>) {
  await db.dossiers.bulkAdd(list.map(([code, minute]) => dossier(code, at(minute))));
}

test('counts the desk\u2019s own dossiers per procedure, with the latest receipt', async () => {
  const db = openTestDb('usage');
  assert.equal((await loadProcedureUsage(db)).size, 0, 'a new desk has used nothing');
  await receive(db, ['1.001193', 1], ['1.000894', 2], ['1.001193', 3]);
  const usage = await loadProcedureUsage(db);
  assert.deepEqual(usage.get('1.001193'), { count: 2, lastAt: at(3) });
  assert.deepEqual(usage.get('1.000894'), { count: 1, lastAt: at(2) });
  const raw = await db.dossiers.toCollection().first();
  assert.equal(raw?.procedureCode, '1.001193', 'read through the protection');
});

test('only the latest dossiers of the window count, so the cost does not grow with the register', async () => {
  const db = openTestDb('usage-window');
  await receive(db, ['2.000815', 1], ['2.000815', 2], ['2.000815', 3], ['1.001193', 4], ['1.000894', 5]);
  const usage = await loadProcedureUsage(db, 3);
  assert.deepEqual([...usage.keys()].sort(), ['1.000894', '1.001193', '2.000815']);
  assert.deepEqual(usage.get('2.000815'), { count: 1, lastAt: at(3) });
});

test('after the first read, dossiers received since are added, also within the same second', async () => {
  const db = openTestDb('usage-since');
  await receive(db, ['1.001193', 1], ['1.000894', 2]);
  await loadProcedureUsage(db);
  await receive(db, ['1.000894', 2], ['1.000656', 4], ['1.000656', 5]);
  const usage = await loadProcedureUsage(db);
  assert.deepEqual(usage.get('1.001193'), { count: 1, lastAt: at(1) });
  assert.deepEqual(usage.get('1.000894'), { count: 2, lastAt: at(2) }, 'the dossier of the same second was added, once');
  assert.deepEqual(usage.get('1.000656'), { count: 2, lastAt: at(5) });
  assert.deepEqual(await loadProcedureUsage(db), usage, 'nothing new: the same summary');
  await receive(db, ['1.000656', 6]);
  assert.deepEqual((await loadProcedureUsage(db, 3)).get('1.000656'), { count: 3, lastAt: at(6) }, 'the window holds after an update');
  assert.equal((await loadProcedureUsage(db, 3)).size, 1);
});

test('a register three times the window opens one window of dossiers, then only the new ones', async () => {
  const db = openTestDb('usage-cost');
  const window = 40;
  await receive(db, ...Array.from({ length: 3 * window }, (_, i): [string, number] => [i % 2 ? '1.001193' : '1.000894', i % 60]));
  // Count the dossiers the protection opens: each is a record read and decrypted.
  let opened = 0;
  const openRecord = db.protection.openRecord.bind(db.protection);
  db.protection.openRecord = (table, ...rest) => {
    if (table === 'dossiers') opened += 1;
    return openRecord(table, ...rest);
  };
  const first = await loadProcedureUsage(db, window);
  assert.equal(
    [...first.values()].reduce((n, u) => n + u.count, 0),
    window,
  );
  assert.ok(opened <= window + 1, `the first read opened ${opened} dossiers`);
  opened = 0;
  await receive(db, ['1.000656', 59]);
  const again = await loadProcedureUsage(db, window);
  assert.equal(again.get('1.000656')?.count, 1);
  assert.ok(opened <= 3, `the next read opened ${opened} dossiers (the new one and those of the newest second)`);
});
