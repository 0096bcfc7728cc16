// The reception draft against a real (fake-indexeddb) desk database with its keys open: sealed
// at rest, one per officer, given back against today's catalogue, and gone with the decision.
import { APPLICANT, PROCEDURE, officeSettings, openTestDb, testOfficer } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Procedure } from '#domain/model.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import {
  EMPTY_FORM,
  colleagueDrafts,
  colleagueNotice,
  discardDraft,
  isBlankForm,
  loadDraft,
  restoreDraft,
  saveDraft,
  type ReceptionForm,
} from './receptionDraft.ts';
import { initialChecklist } from './ComponentChecklist.tsx';

// recordDecision reaches main (forms.versions) through host.ts: load it after the fake host.
const { recordDecision } = await import('./recordDecision.ts');

/** 09:42 on 24 November 2025, desk time. */
const SAVED = new Date('2025-11-24T09:42:00+07:00');

/** A procedure with a look-up component and an exemption on its second fee line. */
const WITH_LOOKUP: Procedure = {
  ...PROCEDURE,
  code: '1.001193',
  name: 'Đăng ký khai sinh',
  components: [
    ...PROCEDURE.components,
    {
      id: 'giay-to-tuy-than',
      name: 'Giấy tờ tùy thân',
      accepted: ['original'],
      count: 1,
      mandatory: true,
      satisfiedBy: 'lookup',
      lookup: { database: 'population', paperIfLookupFails: true },
    },
  ],
  fees: [
    { amount: 0, label: 'Đăng ký đúng hạn', channels: ['direct', 'online', 'post'] },
    {
      amount: 8000,
      label: 'Đăng ký quá hạn',
      channels: ['direct', 'online', 'post'],
      exemptions: [{ when: { applicant: 'disabled' }, basis: 'Luật Hộ tịch 2014 Đ.11 k.1 a' }],
    },
  ],
};

function filledForm(procedure: Procedure = WITH_LOOKUP): ReceptionForm {
  return {
    procedure,
    applicant: { ...APPLICANT, fullName: 'Phạm Thị Thu Hường', representative: { fullName: 'Đặng Văn Khoa', idNumber: '001088004321' } },
    components: initialChecklist(procedure).map((c) =>
      c.specId === 'can-cuoc' ? { ...c, received: true, kind: 'certified', note: 'Bản chứng thực của Hường' } : c,
    ),
    lookups: [{ specId: 'giay-to-tuy-than', numberGiven: '001190654321', outcome: 'found' }],
    decision: {
      open: 'supplement',
      acceptReason: 'Công dân Hường bổ sung giấy chứng sinh sau',
      supplementReason: 'Thiếu giấy chứng sinh',
      refuseReason: '',
      supplementItems: ['can-cuoc', 'uy-quyen'],
    },
    competent: { name: 'UBND Phường Hoàn Kiếm', agencyId: '000.00.11.H26' },
    fee: { line: 1, pages: 1, channel: 'post', groups: ['disabled'] },
    reuse: [
      { specId: 'can-cuoc', fromDossierId: '01KBRFHN0G0000000000000001', fileId: '01KBRFHN0G0000000000000002' },
      { specId: 'uy-quyen', fromDossierId: '01KBRFHN0G0000000000000001', fileId: '01KBRFHN0G0000000000000003' },
    ],
  };
}

function rawRows(db: DeskDb, store: string): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(db.name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction(store).objectStore(store).getAll();
      req.onsuccess = () => {
        open.result.close();
        resolve(req.result as Record<string, unknown>[]);
      };
      req.onerror = () => reject(req.error);
    };
  });
}

function putRaw(db: DeskDb, store: string, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(db.name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(store, 'readwrite');
      tx.objectStore(store).put(value);
      tx.oncomplete = () => {
        open.result.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

test('a draft is sealed at rest: the raw row shows whose and when, never the citizen, the checklist or the reason', async () => {
  const db = openTestDb('draft-sealed');
  await db.open();
  assert.equal(await saveDraft(db, 'officer-binh', filledForm(), SAVED), '2025-11-24T09:42:00+07:00');
  const rows = await rawRows(db, 'receptionDrafts');
  assert.equal(rows.length, 1);
  const [row] = rows;
  assert.deepEqual(Object.keys(row!).sort(), ['format', 'kid', 'officerId', 'savedAt', 'sealed']);
  assert.equal(row!['officerId'], 'officer-binh');
  assert.equal(row!['savedAt'], '2025-11-24T09:42:00+07:00');
  assert.equal(row!['kid'], db.protection.current.kid);
  assert.ok(row!['sealed'] instanceof Uint8Array);
  const onDisk = JSON.stringify(rows) + Buffer.from(row!['sealed']).toString('latin1');
  const utf8 = Buffer.from(row!['sealed']);
  for (const secret of [
    'Hường',
    'Huong',
    '001090123456',
    '0912345678',
    'phố Huế',
    'Đặng Văn Khoa',
    '001190654321',
    'giấy chứng sinh',
    'Hoàn Kiếm',
    '1.001193',
  ]) {
    assert.ok(!onDisk.includes(secret) && !utf8.includes(Buffer.from(secret)), `no "${secret}" in the clear`);
  }
  assert.deepEqual((await loadDraft(db, 'officer-binh'))?.form.applicant, filledForm().applicant, 'read back whole through the key');
  db.close();
});

test('a saved form comes back whole, with the bilingual notice naming when it was saved in desk time', async () => {
  const db = openTestDb('draft-restore');
  await saveDraft(db, 'officer-binh', filledForm(), SAVED);
  const restored = restoreDraft(await loadDraft(db, 'officer-binh'), [PROCEDURE, WITH_LOOKUP]);
  assert.ok('form' in restored);
  assert.deepEqual(restored.form, filledForm());
  assert.deepEqual(restored.notice, {
    vi: 'Đã khôi phục hồ sơ đang nhập dở lúc 24/11/2025 09:42.',
    en: 'Restored the half-filled dossier saved at 24/11/2025 09:42.',
  });
  db.close();
});

test('drafts belong to the officer who typed them: a colleague reads none, and learns only whose and when, from the index, without opening it', async () => {
  const db = openTestDb('draft-colleague');
  await saveDraft(db, 'officer-binh', filledForm(), SAVED);
  assert.equal(await loadDraft(db, 'officer-an'), undefined);
  // A sealed payload no key opens: listing must not even try to.
  const [row] = await rawRows(db, 'receptionDrafts');
  await putRaw(db, 'receptionDrafts', { ...row, sealed: new Uint8Array(40) });
  assert.deepEqual(await colleagueDrafts(db, 'officer-an'), [{ officerId: 'officer-binh', savedAt: '2025-11-24T09:42:00+07:00' }]);
  assert.deepEqual(await colleagueDrafts(db, 'officer-binh'), [], "one's own draft is not a colleague's");
  await assert.rejects(loadDraft(db, 'officer-binh'), /data-tampered|bị thay đổi|changed/i, 'the owner gets an error, never garbage');
  assert.deepEqual(colleagueNotice([{ name: 'Trần Thị Bình', savedAt: '2025-11-24T09:42:00+07:00' }]), {
    vi: 'Có hồ sơ đang nhập dở của cán bộ khác trên quầy này: Trần Thị Bình (24/11/2025 09:42). Chỉ cán bộ đó xem được, khi đăng nhập.',
    en: 'Another officer left a half-filled dossier on this desk: Trần Thị Bình (24/11/2025 09:42). Only they can see it, when they sign in.',
  });
  assert.equal(colleagueNotice([]), null);
  db.close();
});

test('a blank form keeps no draft, and clearing every field by hand removes it; discarding removes only the own one', async () => {
  const db = openTestDb('draft-blank');
  assert.ok(isBlankForm(EMPTY_FORM));
  assert.ok(isBlankForm({ ...EMPTY_FORM, applicant: { ...EMPTY_FORM.applicant, fullName: '  ', representative: { fullName: '', idNumber: '' } } }));
  assert.ok(!isBlankForm({ ...EMPTY_FORM, applicant: { ...EMPTY_FORM.applicant, gender: 'female' } }));
  assert.ok(!isBlankForm({ ...EMPTY_FORM, decision: { ...EMPTY_FORM.decision, refuseReason: 'x' } }));
  assert.equal(await saveDraft(db, 'officer-binh', EMPTY_FORM, SAVED), null);
  assert.equal(await db.receptionDrafts.count(), 0);
  await saveDraft(db, 'officer-binh', { ...EMPTY_FORM, applicant: { ...EMPTY_FORM.applicant, fullName: 'Hường' } }, SAVED);
  await saveDraft(db, 'officer-an', filledForm(), SAVED);
  assert.equal(await db.receptionDrafts.count(), 2);
  await saveDraft(db, 'officer-binh', EMPTY_FORM, SAVED);
  assert.deepEqual(await db.receptionDrafts.toCollection().primaryKeys(), ['officer-an']);
  await discardDraft(db, 'officer-an');
  assert.equal(await db.receptionDrafts.count(), 0);
  db.close();
});

test('a procedure removed from the catalogue meanwhile: the applicant and the reasons come back, and the notice says to pick it again', async () => {
  const db = openTestDb('draft-removed');
  await saveDraft(db, 'officer-binh', filledForm(), SAVED);
  const restored = restoreDraft(await loadDraft(db, 'officer-binh'), [PROCEDURE]);
  assert.ok('form' in restored);
  assert.deepEqual(restored.form, {
    ...EMPTY_FORM,
    applicant: filledForm().applicant,
    decision: { ...filledForm().decision, open: null, supplementItems: [] },
  });
  assert.match(restored.notice.vi, /^Đã khôi phục hồ sơ đang nhập dở lúc 24\/11\/2025 09:42\. Thủ tục 1\.001193 — Đăng ký khai sinh không còn trong danh mục/);
  assert.match(restored.notice.en, /Procedure 1\.001193 — Đăng ký khai sinh is no longer in the catalogue in force/);
  db.close();
});

test('the case the officer picked comes back with the procedure, and a case gone from the catalogue is said', async () => {
  const db = openTestDb('draft-case');
  const withCases: Procedure = {
    ...WITH_LOOKUP,
    cases: [
      { suffix: '01', name: 'Đúng hạn' },
      { suffix: '02', name: 'Quá hạn' },
    ],
  };
  await saveDraft(db, 'officer-binh', { ...filledForm(), procedure: { ...withCases, chosenCase: '02' } }, SAVED);
  const restored = restoreDraft(await loadDraft(db, 'officer-binh'), [withCases]);
  assert.ok('form' in restored);
  assert.equal(restored.form.procedure?.chosenCase, '02');
  assert.doesNotMatch(restored.notice.en, /has changed/);

  const withoutIt: Procedure = { ...withCases, cases: [{ suffix: '01', name: 'Đúng hạn' }] };
  const lost = restoreDraft(await loadDraft(db, 'officer-binh'), [withoutIt]);
  assert.ok('form' in lost);
  assert.equal(lost.form.procedure?.chosenCase, undefined);
  assert.match(lost.notice.en, /The procedure has changed in the catalogue since/);
  db.close();
});

test('a procedure changed meanwhile: the checklist is today’s, with what was ticked for components still there, and the notice says to check it', async () => {
  const db = openTestDb('draft-changed');
  await saveDraft(db, 'officer-binh', filledForm(), SAVED);
  const changed: Procedure = {
    ...WITH_LOOKUP,
    // The identity paper is no longer a look-up, a new paper is asked for, the exempting fee line is gone.
    components: [
      ...PROCEDURE.components.filter((c) => c.id !== 'uy-quyen'),
      { id: 'giay-chung-sinh', name: 'Giấy chứng sinh', accepted: ['original'], count: 1, mandatory: true },
    ],
    fees: [WITH_LOOKUP.fees[0]!],
  };
  const restored = restoreDraft(await loadDraft(db, 'officer-binh'), [changed]);
  assert.ok('form' in restored);
  assert.equal(restored.form.procedure, changed);
  assert.deepEqual(
    restored.form.components.map((c) => [c.specId, c.received, c.kind, c.note]),
    [
      ['to-khai', false, 'original', undefined],
      ['can-cuoc', true, 'certified', 'Bản chứng thực của Hường'],
      ['giay-chung-sinh', false, 'original', undefined],
    ],
  );
  assert.deepEqual(restored.form.lookups, [], 'no look-up for a component that is not one');
  assert.deepEqual(
    restored.form.reuse.map((r) => r.specId),
    ['can-cuoc'],
    'a paper chosen for a component that is gone is not kept',
  );
  assert.deepEqual(restored.form.fee, { line: 0, pages: 1, channel: 'direct', groups: [] }, 'a fee line that is gone is not kept');
  assert.deepEqual(restored.form.applicant, filledForm().applicant);
  assert.deepEqual(restored.form.decision, { ...filledForm().decision, supplementItems: ['can-cuoc'] }, 'Mẫu 02 keeps only components still there');
  assert.match(restored.notice.vi, /Thủ tục đã thay đổi trong danh mục từ lúc đó: hãy kiểm tra lại thành phần hồ sơ và lệ phí\.$/);
  assert.match(restored.notice.en, /check the components and the fee again\.$/);
  db.close();
});

test('a draft in a shape this version does not read is refused with a bilingual notice, not half-used', async () => {
  const db = openTestDb('draft-unreadable');
  const row = { ...(await (async () => (await saveDraft(db, 'officer-binh', filledForm(), SAVED), loadDraft(db, 'officer-binh')))())!, format: 2 };
  assert.deepEqual(restoreDraft(row, [WITH_LOOKUP]), {
    unreadable: {
      vi: 'Không khôi phục được hồ sơ đang nhập dở lưu lúc 24/11/2025 09:42: bản nháp không đúng định dạng phiên bản này đọc được.',
      en: 'The half-filled dossier saved at 24/11/2025 09:42 could not be restored: the draft is not in a format this version reads.',
    },
  });
  const bad = { ...row, format: 1, form: { ...row.form, components: [{ specId: 'to-khai', name: 'x', received: 'yes', kind: 'original', count: 1 }] } };
  assert.ok('unreadable' in restoreDraft(bad, [WITH_LOOKUP]));
  db.close();
});

test('a draft saved before reuse choices were kept comes back with none chosen', async () => {
  const db = openTestDb('draft-before-reuse');
  await saveDraft(db, 'officer-binh', filledForm(), SAVED);
  const { reuse, ...form } = (await loadDraft(db, 'officer-binh'))!.form;
  assert.equal(reuse?.length, 2);
  const restored = restoreDraft({ ...(await loadDraft(db, 'officer-binh'))!, form }, [WITH_LOOKUP]);
  assert.ok('form' in restored);
  assert.deepEqual(restored.form, { ...filledForm(), reuse: [] });
  db.close();
});

test("the decision removes its officer's draft in its own transaction; a refused decision leaves it, a colleague's stays", async () => {
  const db = openTestDb('draft-decided');
  const officer = await testOfficer();
  const form = filledForm(PROCEDURE);
  await saveDraft(db, officer.id, form, SAVED);
  await saveDraft(db, 'officer-an', filledForm(), SAVED);
  const decision = {
    procedure: PROCEDURE,
    applicant: form.applicant,
    components: PROCEDURE.components.map((c) => ({ specId: c.id, name: c.name, received: true, kind: c.accepted[0]!, count: c.count })),
    sets: 1,
  };
  await assert.rejects(recordDecision(db, { ...decision, decision: 'refused' }, { settings: officeSettings(), officer }), /reason/i);
  assert.ok(await loadDraft(db, officer.id), 'a decision that failed keeps the draft');
  const dossier = await recordDecision(db, { ...decision, decision: 'accepted' }, { settings: officeSettings(), officer });
  assert.equal(await loadDraft(db, officer.id), undefined);
  assert.ok(await db.dossiers.get(dossier.id));
  assert.deepEqual(await db.receptionDrafts.toCollection().primaryKeys(), ['officer-an']);
  db.close();
});
