// Installing a catalogue replaces the old one as a whole and records its version.
import { PROCEDURE, openTestDb, snapshot } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Catalog } from '#domain/model.ts';
import { parseCatalog } from '#domain/catalog/validate.ts';
import { CATALOG_VERSION_KEY, catalogVersion, installCatalog, writeCatalog } from './installCatalog.ts';
import { withDatabaseNames } from '#domain/catalog/componentRules.ts';

const bundled = parseCatalog(readFileSync(new URL('../../../domain/catalog/default-catalog.json', import.meta.url), 'utf8'));

const NEXT: Catalog = {
  version: '2027.01-local',
  effectiveFrom: '2027-01-01',
  procedures: [
    { ...PROCEDURE, name: 'Cấp bản sao trích lục hộ tịch (sửa đổi)', processingHours: 16 },
    { ...PROCEDURE, code: '2.000635', name: 'Thủ tục mới' },
  ],
};

test('installCatalog stores every procedure and records the version', async () => {
  const db = openTestDb('catalog');
  assert.equal(await catalogVersion(db), '');
  await installCatalog(db, bundled, 'admin-1');
  assert.equal(await catalogVersion(db), bundled.version);
  assert.equal(await db.procedures.count(), bundled.procedures.length);
  assert.deepEqual(
    await db.procedures.get('1.001193'),
    // Stored with each look-up naming its database (the birth registration looks up identity papers).
    withDatabaseNames(bundled).find((p) => p.code === '1.001193'),
  );
  const rules = await db.rules.toArray();
  assert.equal(rules.length, 1);
  assert.equal(rules[0]!.kind, 'catalog');
  assert.equal(rules[0]!.version, bundled.version);
  assert.equal(rules[0]!.effectiveFrom, bundled.effectiveFrom);
  assert.deepEqual(rules[0]!.data, { count: bundled.procedures.length });
  assert.ok(!Number.isNaN(Date.parse(rules[0]!.installedAt)));
  const audit = await db.audit.toArray();
  assert.deepEqual(
    audit.map((a) => [a.action, a.officerId, a.detail]),
    [['catalog', 'admin-1', `${bundled.version} (${bundled.procedures.length})`]],
  );
});

test('a new catalogue replaces the old one whole: no procedure of the old one survives', async () => {
  const db = openTestDb('catalog-replace');
  await installCatalog(db, bundled, 'admin-1');
  await installCatalog(db, NEXT, 'admin-2');
  const procedures = await db.procedures.toArray();
  assert.deepEqual(procedures.map((p) => p.code).sort(), ['1.004873', '2.000635']);
  assert.equal((await db.procedures.get('1.004873'))?.processingHours, 16, 'the changed procedure is the new one');
  assert.equal(await db.procedures.get('1.001193'), undefined);
  assert.equal(await catalogVersion(db), '2027.01-local');
  assert.equal((await db.settings.get(CATALOG_VERSION_KEY))?.value, '2027.01-local');
  // Each installed version is kept in the rules history.
  assert.deepEqual((await db.rules.toArray()).map((r) => r.version).sort(), [bundled.version, '2027.01-local'].sort());
  assert.deepEqual(
    (await db.audit.orderBy('seq').toArray()).map((a) => a.detail),
    [`${bundled.version} (${bundled.procedures.length})`, '2027.01-local (2)'],
  );
});

test('a catalogue that cannot be stored leaves the installed one untouched', async () => {
  const db = openTestDb('catalog-bad');
  await installCatalog(db, bundled, 'admin-1');
  const before = await snapshot(db);
  const beforeProcedures = await db.procedures.toArray();
  const broken: Catalog = { version: '2027.02-broken', effectiveFrom: '2027-02-01', procedures: [PROCEDURE, PROCEDURE] };
  await assert.rejects(installCatalog(db, broken, 'admin-1'));
  assert.deepEqual(await snapshot(db), before);
  assert.deepEqual(await db.procedures.toArray(), beforeProcedures);
  assert.equal(await catalogVersion(db), bundled.version);
});

test('a catalogue with dated versions of one code is installed whole: every version kept, one per code for look-ups', async () => {
  const db = openTestDb('catalog-versions');
  // Luật Hộ tịch 03/2026/QH16 from 2027-03-01: a test fixture, not bundled data.
  const versioned: Catalog = {
    version: '2027.03-versions',
    effectiveFrom: '2027-01-01',
    procedures: [
      { ...PROCEDURE, code: '2.000635', name: 'Thủ tục từ 01/3/2027', effectiveFrom: '2027-03-01' },
      { ...PROCEDURE, effectiveTo: '2027-02-28' },
      { ...PROCEDURE, effectiveFrom: '2027-03-01', processingHours: 8 },
    ],
  };
  await db.transaction('rw', [db.procedures, db.procedureVersions, db.rules, db.settings, db.audit], () =>
    writeCatalog(db, versioned, 'admin-1', new Date('2027-03-01T08:00:00+07:00')),
  );
  assert.deepEqual((await db.procedureVersions.toCollection().primaryKeys()).sort(), ['1.004873@', '1.004873@2027-03-01', '2.000635@2027-03-01']);
  assert.deepEqual((await db.procedureVersions.get('1.004873@2027-03-01'))?.processingHours, 8);
  assert.equal(await db.procedures.count(), 2, 'one row per code');
  assert.equal((await db.procedures.get('1.004873'))?.effectiveFrom, '2027-03-01', 'the version in force on the install date');
  assert.equal(await catalogVersion(db), '2027.03-versions');
});
