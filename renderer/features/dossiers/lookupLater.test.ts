// A look-up left pending at the counter, resolved later at the desk, against a real
// (fake-indexeddb) desk and main's real PDF renderer: what the dossier keeps, the audit and
// outbox entries of the same transaction, and Mẫu 02 for a paper a failed look-up left owed.
import { APPLICANT, deskInstant, officeSettings, openTestDb, pdfText, snapshot, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Catalog, Procedure, ReceivedComponent } from '#domain/model.ts';
import { DeskError } from '#domain/errors.ts';
import { installCatalog } from '../catalog/installCatalog.ts';
import { owedAfterLookup, recordLookupResult } from './lookupLater.ts';

const { recordDecision } = await import('../reception/recordDecision.ts');
const { issueOwedPapersRequest } = await import('./owedPapersRequest.ts');

const settings = officeSettings();
const POPULATION = 'Cơ sở dữ liệu quốc gia về dân cư';

const BIRTH: Procedure = {
  code: '1.001193',
  name: 'Đăng ký khai sinh',
  field: 'Hộ tịch',
  level: 'commune',
  processingHours: 0,
  cutoff: '15:00',
  fees: [],
  components: [
    { id: 'to-khai', name: 'Tờ khai đăng ký khai sinh', accepted: ['original'], count: 1, mandatory: true },
    {
      id: 'giay-to-tuy-than',
      name: 'Thẻ căn cước của người yêu cầu',
      accepted: ['original'],
      count: 1,
      mandatory: true,
      satisfiedBy: 'lookup',
      lookup: { database: 'population', paperIfLookupFails: true },
    },
  ],
  source: { url: 'https://dichvucong.gov.vn/x', retrieved: '2026-12-07' },
};

const CATALOG: Catalog = {
  version: '2026.12-lookups',
  effectiveFrom: '2025-01-01',
  databases: [{ id: 'population', name: { vi: POPULATION, en: 'National population database' } }],
  procedures: [BIRTH],
};

/** A birth registration received offline: the identity look-up pending, the form handed in. */
async function pendingDossier() {
  const db = openTestDb('lookup-later');
  const officer = await testOfficer();
  await installCatalog(db, CATALOG, officer.id);
  const procedure = (await db.procedures.get(BIRTH.code))!;
  const components: ReceivedComponent[] = BIRTH.components.map((c) => ({
    specId: c.id,
    name: c.name,
    received: c.id === 'to-khai',
    kind: 'original',
    count: 1,
  }));
  const dossier = await recordDecision(
    db,
    { procedure, applicant: APPLICANT, components, sets: 1, decision: 'accepted' },
    { settings, officer, now: deskInstant('2026-12-07', '07:42') },
  );
  assert.equal(dossier.components[1]?.lookup?.outcome, 'pending');
  return { db, officer, dossier };
}

test('found at the desk later: the dossier keeps the record number, who and when, with its audit and outbox entries', async () => {
  const { db, officer, dossier } = await pendingDossier();
  const outbox = await db.outbox.count();
  const updated = await recordLookupResult(
    db,
    dossier.id,
    { specId: 'giay-to-tuy-than', outcome: 'found', reference: '001185012345' },
    officer,
    deskInstant('2026-12-07', '10:15'),
  );
  assert.deepEqual(updated.components[1]?.lookup, {
    database: 'population',
    databaseName: POPULATION,
    numberGiven: APPLICANT.idNumber,
    outcome: 'found',
    reference: '001185012345',
    at: '2026-12-07T10:15:00+07:00',
    officerId: officer.id,
  });
  assert.equal(updated.updatedAt, '2026-12-07T10:15:00+07:00');
  assert.deepEqual(await db.dossiers.get(dossier.id), updated);
  assert.equal(await db.outbox.count(), outbox + 1, 'queued for the province');
  const entry = (await db.audit.where('dossierId').equals(dossier.id).toArray()).at(-1);
  assert.equal(entry?.action, 'lookup');
  assert.equal(entry?.detail, 'giay-to-tuy-than:found', 'codes only, never the number');
  assert.deepEqual(owedAfterLookup(updated), []);
});

test('not found: the paper is owed, and Mẫu 02 asks for it alone, dated today, filed with the dossier', async () => {
  const { db, officer, dossier } = await pendingDossier();
  const updated = await recordLookupResult(db, dossier.id, { specId: 'giay-to-tuy-than', outcome: 'not-found' }, officer, deskInstant('2026-12-08', '08:30'));
  assert.deepEqual(
    owedAfterLookup(updated).map((c) => c.specId),
    ['giay-to-tuy-than'],
  );
  const outbox = await db.outbox.count();
  const file = await issueOwedPapersRequest(db, updated, 'Không tìm thấy dữ liệu căn cước', settings, officer, deskInstant('2026-12-08', '08:35'));
  assert.equal(file.kind, 'supplement');
  assert.equal(await db.outbox.count(), outbox + 1, 'the form reaches the province with the dossier');
  const text = pdfText(await db.protection.openBytes(file.blob));
  assert.ok(text.includes('Thẻ căn cước của người yêu cầu'), text);
  assert.ok(!text.includes('Tờ khai đăng ký khai sinh'), 'only what the look-up left owed');
  assert.ok(text.includes('Không tìm thấy dữ liệu căn cước'), text);
  assert.match(text, /ngày 08 tháng 12 năm 2026/, 'dated the day it is issued, not the receipt day');
  const entry = (await db.audit.where('dossierId').equals(dossier.id).toArray()).at(-1);
  assert.deepEqual([entry?.action, entry?.detail], ['print', 'supplement']);
});

test('Mẫu 02 is refused while nothing is owed; a wrong result is refused in both languages and nothing is written', async () => {
  const { db, officer, dossier } = await pendingDossier();
  const before = await snapshot(db);
  await assert.rejects(issueOwedPapersRequest(db, dossier, 'x', settings, officer), { code: 'lookup.nothing-owed' });
  await assert.rejects(recordLookupResult(db, dossier.id, { specId: 'to-khai', outcome: 'found', reference: '1' }, officer), (e: unknown) => {
    assert.ok(e instanceof DeskError);
    assert.equal(e.code, 'lookup.not-lookup');
    assert.match(e.text.vi, /Tờ khai đăng ký khai sinh.*không được tra cứu/);
    assert.match(e.text.en, /not looked up/);
    return true;
  });
  await assert.rejects(recordLookupResult(db, dossier.id, { specId: 'giay-to-tuy-than', outcome: 'found' }, officer), { code: 'lookup.reference-required' });
  await assert.rejects(recordLookupResult(db, 'no-such-dossier', { specId: 'giay-to-tuy-than', outcome: 'not-found' }, officer), {
    code: 'lookup.unknown-dossier',
  });
  assert.deepEqual(await snapshot(db), before);
});
