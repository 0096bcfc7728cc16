// issueForm end to end in Node: the request the renderer builds goes through the real
// contract validation, wire encoding and PDF renderer of main (test-support/desk.ts), and
// the stored file is checked by hash and by reading its text back with poppler.
import {
  APPLICANT,
  PROCEDURE,
  deskInstant,
  fakeStorageEstimate,
  hostCalls,
  officeSettings,
  openTestDb,
  pdfText,
  snapshot,
  testOfficer,
} from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Catalog, Decision, Dossier, ReceivedComponent } from '#domain/model.ts';
import { contract } from '#preload/contract.ts';
import { installCatalog } from '../catalog/installCatalog.ts';
import { applyCase, withCase } from '#domain/catalog/cases.ts';

// Both reach main through host.ts: load them after the fake host.
const { recordDecision } = await import('./recordDecision.ts');
const { issueForm, renderFormFor, storeForm, formRequestFor } = await import('./issueForm.ts');

const settings = officeSettings();
const CATALOG: Catalog = { version: '2026.11-test', effectiveFrom: '2025-01-01', procedures: [PROCEDURE] };
const NOW = deskInstant('2025-11-24', '09:00');

function components(missing: string[] = []): ReceivedComponent[] {
  return PROCEDURE.components.map((c) => ({ specId: c.id, name: c.name, received: !missing.includes(c.id), kind: c.accepted[0]!, count: c.count }));
}

async function deskWith(decision: Decision, reason?: string, missing: string[] = []) {
  const db = openTestDb('forms');
  const officer = await testOfficer();
  await installCatalog(db, CATALOG, officer.id);
  const dossier = await recordDecision(
    db,
    { procedure: PROCEDURE, applicant: APPLICANT, components: components(missing), sets: 1, decision, ...(reason ? { reason } : {}) },
    { settings, officer, now: NOW },
  );
  return { db, officer, dossier };
}

function lastRenderRequest() {
  const call = hostCalls.filter((c) => c.name === 'forms.render').at(-1);
  assert.ok(call, 'forms.render was called');
  return call.input;
}

async function storedBytes(db: Awaited<ReturnType<typeof deskWith>>['db'], file: Awaited<ReturnType<typeof issueForm>>): Promise<Uint8Array> {
  const stored = await db.files.get(file.id);
  assert.ok(stored, 'the file is stored');
  return new Uint8Array(await (await db.protection.openBlob(stored.blob)).arrayBuffer());
}

async function checkStored(db: Awaited<ReturnType<typeof deskWith>>['db'], dossier: Dossier, file: Awaited<ReturnType<typeof issueForm>>) {
  const stored = await db.files.get(file.id);
  assert.ok(stored, 'the file is stored');
  const plain = await db.protection.openBlob(stored.blob);
  const bytes = new Uint8Array(await plain.arrayBuffer());
  assert.equal(plain.type, 'application/pdf');
  assert.equal(file.size, bytes.length);
  assert.equal(stored.size, bytes.length);
  assert.equal(file.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.equal(stored.sha256, file.sha256);
  assert.equal(stored.dossierId, dossier.id);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 5)), '%PDF-');
  const prints = (await db.audit.toArray()).filter((a) => a.action === 'print');
  assert.equal(prints.length, 1);
  assert.equal(prints[0]!.dossierId, dossier.id);
  return { bytes, print: prints[0]! };
}

test('the bytes reception shows are the stored file: same SHA-256, the sealed copy opens to them, one print entry', async () => {
  const { db, officer, dossier } = await deskWith('accepted');
  const bytes = await renderFormFor(dossier, settings);
  const file = await storeForm(db, dossier, bytes, officer);
  const { bytes: stored } = await checkStored(db, dossier, file);
  assert.equal(createHash('sha256').update(bytes).digest('hex'), file.sha256);
  assert.deepEqual(bytes, stored);
  assert.equal((await db.files.toArray()).length, 1, 'one file stored');
});

test('receipt (Mẫu 01): a valid request, the stored PDF with its hash, and a print audit entry', async () => {
  const { db, officer, dossier } = await deskWith('accepted', 'Văn bản ủy quyền không bắt buộc', ['uy-quyen']);
  const file = await issueForm(db, dossier, settings, officer);

  const request = lastRenderRequest();
  const expected = formRequestFor(dossier, settings);
  assert.deepEqual(request, expected, 'main received exactly what the renderer built');
  assert.ok(contract['forms.render'].input.safeParse(expected).success);
  assert.equal(expected.kind, 'receipt');
  if (expected.kind !== 'receipt') return;
  assert.equal(expected.dossierCode, '000.17.22.H56-251124-0001');
  assert.equal(expected.templateVersion, 'tt03-2025');
  assert.equal(expected.processingDays, 3);
  assert.equal(expected.receivedAt, '2025-11-24T09:00:00+07:00');
  assert.equal(expected.appointmentAt, '2025-11-27T09:00:00+07:00');
  assert.equal(expected.fee, 'Phí cấp bản sao: 8.000 đồng');
  assert.equal(expected.officerName, 'Trần Thị Bình');
  assert.deepEqual(
    expected.components.map((c) => c.name),
    ['Tờ khai theo mẫu', 'Thẻ căn cước'],
    'only what was received',
  );
  assert.deepEqual(expected.office, { officeName: settings.officeName, unitName: settings.unitName, placeName: settings.placeName });

  assert.equal(file.kind, 'receipt');
  assert.equal(file.name, 'receipt-000.17.22.H56-251124-0001.pdf');
  const { print } = await checkStored(db, dossier, file);
  assert.equal(print.detail, 'receipt');
  assert.equal(print.officerId, officer.id);

  const text = pdfText(await db.protection.openBytes(file.blob));
  for (const expectedText of [
    '000.17.22.H56-251124-0001',
    'Nguyễn Văn An',
    'Cấp bản sao trích lục hộ tịch',
    'Thẻ căn cước',
    '27/11/2025',
    'UBND PHƯỜNG HAI BÀ TRƯNG',
    '8.000 đồng',
  ]) {
    assert.ok(text.includes(expectedText), `"${expectedText}" in the receipt: ${text.slice(0, 400)}`);
  }
  assert.ok(!text.includes('Văn bản ủy quyền'), 'a component not received is not listed on the receipt');
});

test('supplement (Mẫu 02) lists what is missing and the reason', async () => {
  const { db, officer, dossier } = await deskWith('supplement', 'Thiếu thẻ căn cước bản chứng thực', ['can-cuoc']);
  const file = await issueForm(db, dossier, settings, officer);
  const request = lastRenderRequest();
  assert.deepEqual(request, formRequestFor(dossier, settings));
  assert.equal((request as { kind: string }).kind, 'supplement');
  const supplement = request as { missing: { name: string }[]; reason: string; issuedAt: string; contact: string };
  assert.deepEqual(
    supplement.missing.map((m) => m.name),
    ['Thẻ căn cước'],
  );
  assert.equal(supplement.reason, 'Thiếu thẻ căn cước bản chứng thực');
  assert.equal(supplement.issuedAt, '2025-11-24T09:00:00+07:00');
  assert.equal(supplement.contact, `${settings.unitName} — ${settings.officeName}`);

  assert.equal(file.kind, 'supplement');
  assert.equal(file.name, `supplement-${dossier.id}.pdf`, 'no code: named by the dossier id');
  const { print } = await checkStored(db, dossier, file);
  assert.equal(print.detail, 'supplement');
  const text = pdfText(await db.protection.openBytes(file.blob));
  for (const expectedText of ['Nguyễn Văn An', 'Thẻ căn cước', 'Thiếu thẻ căn cước bản chứng thực']) {
    assert.ok(text.includes(expectedText), `"${expectedText}" in the supplement request: ${text.slice(0, 400)}`);
  }
});

test('Mẫu 02 asks for the mandatory papers missing by default, and only for what the officer left on the list', async () => {
  const db = openTestDb('forms-supplement-list');
  const officer = await testOfficer();
  await installCatalog(db, CATALOG, officer.id);
  const supplement = (extra: { supplementItems?: string[]; missing: string[] }) =>
    recordDecision(
      db,
      {
        procedure: PROCEDURE,
        applicant: APPLICANT,
        components: components(extra.missing),
        sets: 1,
        decision: 'supplement',
        reason: 'Hồ sơ chưa đủ thành phần',
        ...(extra.supplementItems ? { supplementItems: extra.supplementItems } : {}),
      },
      { settings, officer, now: NOW },
    );
  const names = (dossier: Dossier) => (formRequestFor(dossier, settings) as { missing: { name: string }[] }).missing.map((m) => m.name);

  // The optional letter not handed in is not asked for unless the officer ticks it.
  const byDefault = await supplement({ missing: ['to-khai', 'can-cuoc', 'uy-quyen'] });
  assert.deepEqual(byDefault.supplementItems, ['to-khai', 'can-cuoc']);
  assert.deepEqual(names(byDefault), ['Tờ khai theo mẫu', 'Thẻ căn cước']);

  const leftOut = await supplement({ missing: ['to-khai', 'can-cuoc', 'uy-quyen'], supplementItems: ['can-cuoc', 'uy-quyen'] });
  assert.deepEqual(names(leftOut), ['Thẻ căn cước', 'Văn bản ủy quyền']);
  const text = pdfText(await db.protection.openBytes((await issueForm(db, leftOut, settings, officer)).blob));
  assert.ok(text.includes('Thẻ căn cước') && !text.includes('Tờ khai theo mẫu'), `the form lists only what the officer kept: ${text.slice(0, 400)}`);

  const before = await snapshot(db);
  await assert.rejects(supplement({ missing: ['can-cuoc'], supplementItems: [] }), { code: 'supplement.nothing-requested' });
  await assert.rejects(supplement({ missing: ['can-cuoc'], supplementItems: ['to-khai', 'giay-khac'] }), { code: 'supplement.not-owed' });
  assert.deepEqual(await snapshot(db), before, 'a refused list writes nothing');
});

test('refusal (Mẫu 03) carries the reason', async () => {
  const { db, officer, dossier } = await deskWith('refused', 'Không thuộc thẩm quyền giải quyết của phường');
  const file = await issueForm(db, dossier, settings, officer);
  const request = lastRenderRequest();
  assert.deepEqual(request, formRequestFor(dossier, settings));
  assert.equal((request as { kind: string }).kind, 'refusal');
  assert.equal(file.kind, 'refusal');
  assert.equal(file.name, `refusal-${dossier.id}.pdf`);
  const { print } = await checkStored(db, dossier, file);
  assert.equal(print.detail, 'refusal');
  const text = pdfText(await db.protection.openBytes(file.blob));
  for (const expectedText of ['Nguyễn Văn An', 'Không thuộc thẩm quyền giải quyết của phường', 'Cấp bản sao trích lục hộ tịch']) {
    assert.ok(text.includes(expectedText), `"${expectedText}" in the refusal: ${text.slice(0, 400)}`);
  }
});

test('a render that main refuses, a failed audit write, or a full disk store no file and no audit entry', async (t) => {
  const { db, officer, dossier } = await deskWith('accepted');
  const before = await snapshot(db);
  const unknownTemplate = { ...dossier, versions: { ...dossier.versions, forms: 'tt99-2099' } };
  await assert.rejects(issueForm(db, unknownTemplate, settings, officer), { code: 'form.unknown-template' });
  assert.deepEqual(await snapshot(db), before);

  // The audit entry fails after the file was added (an officer id IndexedDB cannot store):
  // the file must go with it.
  const unstorableOfficer = { ...officer, id: Symbol('not cloneable') as unknown as string };
  await assert.rejects(issueForm(db, dossier, settings, unstorableOfficer), { name: 'DataCloneError' });
  assert.deepEqual(await snapshot(db), before);

  const MB = 1024 * 1024;
  t.after(fakeStorageEstimate(100 * MB, 90 * MB));
  await assert.rejects(issueForm(db, dossier, settings, officer), { code: 'storage-full' });
  assert.deepEqual(await snapshot(db), before);
});

test('a receipt reprinted after a catalogue update still shows the processing time it was received under', async () => {
  const { db, officer, dossier } = await deskWith('accepted');
  await installCatalog(db, { version: '2027.01', effectiveFrom: '2027-01-01', procedures: [{ ...PROCEDURE, processingHours: 16, fees: [] }] }, officer.id);
  // What issueForm sends for a reprint (without paying for the render here).
  const request = formRequestFor(dossier, settings) as { processingDays: number; appointmentAt: string; fee: string };
  assert.equal(request.appointmentAt, '2025-11-27T09:00:00+07:00');
  assert.equal(request.processingDays, 3, 'the appointment was computed from 3 working days');
  assert.equal(request.fee, 'Phí cấp bản sao: 8.000 đồng');
});

test("the receipt names who filed on the applicant's behalf, and nobody when the applicant came in person", async () => {
  const { dossier } = await deskWith('accepted');
  const inPerson = formRequestFor(dossier, settings) as { representative?: unknown };
  assert.equal(inPerson.representative, undefined);
  const filedFor = { ...dossier, applicant: { ...dossier.applicant, representative: { fullName: 'Trần Văn Bình', idNumber: '001090012345' } } };
  const request = formRequestFor(filedFor, settings);
  assert.deepEqual((request as { representative?: unknown }).representative, { fullName: 'Trần Văn Bình', idNumber: '001090012345' });
  assert.ok(contract['forms.render'].input.safeParse(request).success);
});

test('a same-day receipt reads "trong ngày" before the cut-off and "trong ngày làm việc tiếp theo" after it', async () => {
  const sameDay = { ...PROCEDURE, code: '1.001193', name: 'Đăng ký khai sinh', processingHours: 0, cutoff: '15:00' };
  const db = openTestDb('forms-same-day');
  const officer = await testOfficer();
  await installCatalog(db, { ...CATALOG, procedures: [PROCEDURE, sameDay] }, officer.id);
  const receive = (hhmm: string) =>
    recordDecision(
      db,
      { procedure: sameDay, applicant: APPLICANT, components: components(), sets: 1, decision: 'accepted' },
      { settings, officer, now: deskInstant('2026-12-07', hhmm) },
    );

  const early = await receive('07:42');
  assert.equal(early.appointmentAt, '2026-12-07T17:30:00+07:00', 'the end of the working day, not 07:42');
  let text = pdfText(await storedBytes(db, await issueForm(db, early, settings, officer)));
  assert.deepEqual(lastRenderRequest(), formRequestFor(early, settings));
  assert.equal((lastRenderRequest() as { nextWorkingDay?: boolean }).nextWorkingDay, false);
  assert.match(text, /theo quy định: trong ngày 4\./);
  assert.match(text, /kết quả giải quyết hồ sơ: 17 giờ 30 phút, ngày 07\/12\/2026/);
  assert.doesNotMatch(text, /0 ngày làm việc/);

  const late = await receive('15:30');
  assert.equal(late.appointmentAt, '2026-12-08T17:30:00+07:00');
  text = pdfText(await storedBytes(db, await issueForm(db, late, settings, officer)));
  assert.equal((lastRenderRequest() as { nextWorkingDay?: boolean }).nextWorkingDay, true);
  assert.match(text, /theo quy định: trong ngày làm việc tiếp theo/);
  assert.match(text, /kết quả giải quyết hồ sơ: 17 giờ 30 phút, ngày 08\/12\/2026/);

  // An extension moves the appointment, not the legal term the receipt states.
  const extended = {
    ...early,
    appointmentAt: '2026-12-09T17:30:00+07:00',
    extensions: [
      {
        previousAppointmentAt: '2026-12-07T17:30:00+07:00',
        newAppointmentAt: '2026-12-09T17:30:00+07:00',
        reason: 'Cần xác minh',
        at: '2026-12-07T16:00:00+07:00',
        officerId: officer.id,
      },
    ],
  };
  assert.equal((formRequestFor(extended, settings) as { nextWorkingDay?: boolean }).nextWorkingDay, false);
});

test('the receipt of a dossier filed beyond the boundary names the competent agency, printed through main', async () => {
  const { db, officer, dossier } = await deskWith('accepted');
  const beyond: Dossier = {
    ...dossier,
    beyondBoundary: {
      receiving: { name: settings.officeName, agencyId: '000.17.22.H56' },
      competent: { name: 'UBND Phường Hoàn Kiếm', agencyId: '000.17.21.H56' },
      decision: '999/QĐ-UBND',
    },
  };
  await db.dossiers.put(beyond);
  const file = await issueForm(db, beyond, settings, officer);
  assert.equal((lastRenderRequest() as { competentAgency?: string }).competentAgency, 'UBND Phường Hoàn Kiếm');
  assert.match(pdfText(await storedBytes(db, file)).replace(/[ \t]+/g, ' '), /Cơ quan có thẩm quyền giải quyết: UBND Phường Hoàn Kiếm/);
  assert.equal((formRequestFor(dossier, settings) as { competentAgency?: string }).competentAgency, undefined);
});

test('a case picked at the counter is kept on the dossier with its own terms, and the receipt names it after the procedure', async () => {
  const withCases = {
    ...PROCEDURE,
    cases: [
      { suffix: '01', name: 'Cấp lần đầu' },
      { suffix: '02', name: 'Cấp lại', processingHours: 8 },
    ],
  };
  const db = openTestDb('forms-case');
  const officer = await testOfficer();
  const dossier = await recordDecision(
    db,
    { procedure: applyCase(withCase(withCases, '02')), applicant: APPLICANT, components: components(), sets: 1, decision: 'accepted' },
    { settings, officer, now: NOW },
  );
  assert.deepEqual(dossier.procedureCase, { code: `${PROCEDURE.code}.02`, name: 'Cấp lại' });
  assert.deepEqual((await db.dossiers.get(dossier.id))?.procedureCase, dossier.procedureCase, 'stored with the dossier');
  assert.equal(dossier.processingHours, 8, "the case's own time limit");
  assert.equal(dossier.appointmentAt, '2025-11-25T09:00:00+07:00');
  const request = formRequestFor(dossier, settings) as { procedureName: string };
  assert.equal(request.procedureName, `${PROCEDURE.name} (trường hợp ${PROCEDURE.code}.02: Cấp lại)`);
  assert.ok(contract['forms.render'].input.safeParse(request).success, 'main accepts the request');
  const plain = await recordDecision(
    db,
    { procedure: applyCase(withCases), applicant: APPLICANT, components: components(), sets: 1, decision: 'accepted' },
    { settings, officer, now: NOW },
  );
  assert.equal(plain.procedureCase, undefined, 'no case picked, none recorded');
  assert.equal((formRequestFor(plain, settings) as { procedureName: string }).procedureName, PROCEDURE.name);
});
