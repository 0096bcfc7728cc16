// Look-ups and conditional components at the counter, against a real (fake-indexeddb) desk and
// main's real PDF renderer: what the dossier keeps, what blocks acceptance, what Mẫu 01 and 02 print.
import { APPLICANT, deskInstant, officeSettings, openTestDb, pdfText, snapshot, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Catalog, Decision, Procedure, ReceivedComponent } from '#domain/model.ts';
import { DeskError } from '#domain/errors.ts';
import { installCatalog } from '../catalog/installCatalog.ts';

// Both reach main through host.ts: load them after the fake host.
const { recordDecision } = await import('./recordDecision.ts');
const { issueForm, formRequestFor } = await import('./issueForm.ts');

const settings = officeSettings();
const NOW = deskInstant('2025-11-24', '09:00');
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
    { id: 'van-ban-uy-quyen', name: 'Văn bản ủy quyền', accepted: ['original'], count: 1, mandatory: true, condition: { when: 'representative' } },
  ],
  source: { url: 'https://dichvucong.gov.vn/x', retrieved: '2026-12-07' },
};

const CATALOG: Catalog = {
  version: '2026.12-lookups',
  effectiveFrom: '2025-01-01',
  databases: [{ id: 'population', name: { vi: POPULATION, en: 'National population database' } }],
  procedures: [BIRTH],
};

const REPRESENTATIVE = { fullName: 'Trần Thị Bình', idNumber: '001190000001' };

/** Every component the procedure lists, handed in except those named. */
function checklist(notHandedIn: string[]): ReceivedComponent[] {
  return BIRTH.components.map((c) => ({ specId: c.id, name: c.name, received: !notHandedIn.includes(c.id), kind: 'original', count: 1 }));
}

async function desk() {
  const db = openTestDb('lookups');
  const officer = await testOfficer();
  await installCatalog(db, CATALOG, officer.id);
  // The stored procedure, as reception reads it: its look-up names the database.
  const procedure = await db.procedures.get(BIRTH.code);
  assert.ok(procedure);
  return { db, officer, procedure };
}

type Draft = Parameters<typeof recordDecision>[1];

function decide(d: Awaited<ReturnType<typeof desk>>, decision: Decision, extra: Partial<Draft> = {}) {
  return recordDecision(
    d.db,
    { procedure: d.procedure, applicant: APPLICANT, components: checklist(['giay-to-tuy-than']), sets: 1, decision, ...extra },
    { settings, officer: d.officer, now: NOW },
  );
}

test('offline, a look-up component is pending on the number given, named with its database, and does not block the receipt', async () => {
  const d = await desk();
  const dossier = await decide(d, 'accepted');
  assert.equal(dossier.decision, 'accepted');
  assert.equal(dossier.reason, undefined, 'no reason needed: nothing is missing');
  const id = dossier.components.find((c) => c.specId === 'giay-to-tuy-than');
  assert.deepEqual(id?.lookup, {
    numberGiven: '001090123456',
    outcome: 'pending',
    database: 'population',
    databaseName: POPULATION,
    at: '2025-11-24T09:00:00+07:00',
    officerId: d.officer.id,
  });
  assert.deepEqual(await d.db.dossiers.get(dossier.id), dossier, 'stored with the decision');
});

test('a look-up found is stored as found; one not found turns into a paper the receipt needs', async () => {
  const d = await desk();
  const found = await decide(d, 'accepted', { lookups: [{ specId: 'giay-to-tuy-than', numberGiven: '001090123456', outcome: 'found' }] });
  assert.equal(found.components.find((c) => c.specId === 'giay-to-tuy-than')?.lookup?.outcome, 'found');

  const notFound = { lookups: [{ specId: 'giay-to-tuy-than', numberGiven: '001090123456', outcome: 'not-found' as const }] };
  const before = await snapshot(d.db);
  await assert.rejects(decide(d, 'accepted', notFound), { code: 'incomplete-without-reason' });
  assert.deepEqual(await snapshot(d.db), before);
  const withPaper = await decide(d, 'accepted', { ...notFound, components: checklist([]) });
  assert.equal(withPaper.components.find((c) => c.specId === 'giay-to-tuy-than')?.lookup?.outcome, 'not-found');
});

test('the authorisation letter is neither kept nor required without a representative, and required with one', async () => {
  const d = await desk();
  const self = await decide(d, 'accepted', { components: checklist(['giay-to-tuy-than', 'van-ban-uy-quyen']) });
  assert.deepEqual(
    self.components.map((c) => c.specId),
    ['to-khai', 'giay-to-tuy-than'],
  );
  const byProxy = { applicant: { ...APPLICANT, representative: REPRESENTATIVE }, components: checklist(['giay-to-tuy-than', 'van-ban-uy-quyen']) };
  await assert.rejects(decide(d, 'accepted', byProxy), { code: 'incomplete-without-reason' });
  const withLetter = await decide(d, 'accepted', { ...byProxy, components: checklist(['giay-to-tuy-than']) });
  assert.ok(withLetter.components.find((c) => c.specId === 'van-ban-uy-quyen')?.received);
});

test('a look-up result for a component that is not looked up is refused in both languages, and nothing is written', async () => {
  const d = await desk();
  const before = await snapshot(d.db);
  await assert.rejects(decide(d, 'accepted', { lookups: [{ specId: 'to-khai', numberGiven: '1', outcome: 'found' }] }), (e: unknown) => {
    assert.ok(e instanceof DeskError);
    assert.equal(e.code, 'lookup.not-lookup');
    assert.match(e.text.vi, /1\.001193.*Tờ khai đăng ký khai sinh.*không được tra cứu/);
    assert.match(e.text.en, /1\.001193.*Tờ khai đăng ký khai sinh.*not looked up/);
    return true;
  });
  assert.deepEqual(await snapshot(d.db), before);
});

test('the receipt (Mẫu 01) lists a looked-up component as such, pending or looked up', async () => {
  const d = await desk();
  const pending = await decide(d, 'accepted');
  const text = pdfText(await d.db.protection.openBytes((await issueForm(d.db, pending, settings, d.officer)).blob));
  assert.ok(text.includes('Thẻ căn cước của người yêu cầu'), text);
  assert.ok(text.includes(`Tra cứu ${POPULATION} — chờ tra cứu`), text);
  const found = await decide(d, 'accepted', { lookups: [{ specId: 'giay-to-tuy-than', numberGiven: '001090123456', outcome: 'found' }] });
  const request = formRequestFor(found, settings) as { components: { name: string; lookup?: string }[] };
  assert.deepEqual(
    request.components.map((c) => c.lookup),
    [undefined, `Tra cứu ${POPULATION} — đã tra cứu`],
  );
});

test('the supplement request (Mẫu 02) asks for a looked-up component only once its look-up failed, and never for a letter without a representative', async () => {
  const d = await desk();
  const missingAll = checklist(['to-khai', 'giay-to-tuy-than', 'van-ban-uy-quyen']);
  const pending = await decide(d, 'supplement', { components: missingAll, reason: 'Thiếu tờ khai' });
  const text = pdfText(await d.db.protection.openBytes((await issueForm(d.db, pending, settings, d.officer)).blob));
  assert.ok(text.includes('Tờ khai đăng ký khai sinh'), text);
  assert.ok(!text.includes('Thẻ căn cước của người yêu cầu'), 'a pending look-up is not asked for');
  assert.ok(!text.includes('Văn bản ủy quyền'), 'no representative: no letter');

  const failed = await decide(d, 'supplement', {
    components: missingAll,
    reason: 'Không tìm thấy dữ liệu căn cước',
    lookups: [{ specId: 'giay-to-tuy-than', numberGiven: '001090123456', outcome: 'not-found' }],
  });
  const request = formRequestFor(failed, settings) as { missing: { name: string }[] };
  assert.deepEqual(
    request.missing.map((m) => m.name),
    ['Tờ khai đăng ký khai sinh', 'Thẻ căn cước của người yêu cầu'],
  );
});
