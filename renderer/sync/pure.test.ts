// The pure parts, checked against the province's own code where there is one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dossierSchema } from '#tests/provincial/intake.ts';
import { dayDigest as provinceDigest } from '#tests/provincial/reconcile.ts';
import { backoffDelay } from './backoff.ts';
import { dayDigest, sameFiles } from './digest.ts';
import { hashBlob } from './fileHash.ts';
import { RECEIPT_STATUS, toWireDossier } from './wire.ts';
import type { Dossier } from '#domain/model.ts';
import type { StoredFile } from '../db/schema.ts';
import { randomBytes, sha256 } from './testKit.ts';

test('the digest is the one the province computes', () => {
  const a = '0'.repeat(64);
  const b = 'f'.repeat(64);
  const entries = [
    { id: '01JB0000000000000000000002', version: 3, files: [b, a] },
    { id: '01JB0000000000000000000001', version: 1, files: [] },
  ];
  assert.equal(dayDigest(entries), provinceDigest(entries));
  assert.equal(dayDigest([]), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.ok(sameFiles([a, b, a], [b, a]));
  assert.ok(!sameFiles([a], [b]));
});

test('backoff: full jitter under an exponential ceiling capped at 5 minutes', () => {
  assert.equal(
    backoffDelay(1, () => 0.999999),
    999,
  );
  assert.equal(
    backoffDelay(4, () => 0.5),
    4000,
  );
  assert.equal(
    backoffDelay(40, () => 0.999999),
    299_999,
  );
  assert.equal(
    backoffDelay(3, () => 0),
    0,
  );
});

test('a Blob hashed slice by slice gives its SHA-256', async () => {
  const bytes = randomBytes(1_000_003, 9);
  assert.equal(await hashBlob(new Blob([bytes as Uint8Array<ArrayBuffer>]), 65_536), sha256(bytes));
});

const dossier: Dossier = {
  id: '01JB00000000000000000000AA',
  code: '000.17.22.H56-261123-0001',
  decision: 'supplement',
  status: 9,
  procedureCode: '1.001193',
  procedureName: 'Đăng ký khai sinh',
  processingHours: 24,
  fees: [{ amount: 8000, label: 'Lệ phí' }],
  sets: 1,
  applicant: {
    fullName: 'Trần Thị Thử',
    idNumber: '001099000001',
    dateOfBirth: '1991-02-03',
    gender: 'female',
    address: 'Số 2 Phố Thử',
    phone: '0900000000',
    representative: { fullName: 'Lê Văn Đại Diện', idNumber: '001099000002' },
  },
  components: [{ specId: 'to-khai', name: 'Tờ khai', received: false, kind: 'original', count: 0, note: 'thiếu' }],
  receivedAt: '2026-11-23T09:15:00+07:00',
  appointmentAt: null,
  reason: 'Thiếu tờ khai',
  officerId: 'officer-1',
  officerName: 'Cán bộ Thử',
  deskId: '2',
  versions: { catalog: '2026.11', calendar: 'vn-2026.1', forms: 'tt03-2025', codePattern: 'default' },
  updatedAt: '2026-11-23T09:15:00+07:00',
};

test('the wire dossier passes the province’s strict schema, without local fields, with the receipt status', () => {
  const files: StoredFile[] = [
    {
      id: 'b',
      dossierId: dossier.id,
      kind: 'scan',
      specId: 'to-khai',
      name: 'to-khai.pdf',
      sha256: 'a'.repeat(64),
      size: 10,
      blob: new Blob([]),
      createdAt: '',
    },
    { id: 'a', dossierId: dossier.id, kind: 'supplement', name: 'phieu.pdf', sha256: 'b'.repeat(64), size: 20, blob: new Blob([]), createdAt: '' },
  ];
  const wire = toWireDossier({ ...dossier, futureLocalField: 1 } as Dossier, files, 4);
  const parsed = dossierSchema.safeParse(wire);
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  assert.equal(wire.status, RECEIPT_STATUS.supplement, 'the province owns the status after receipt');
  assert.equal(wire.version, 4);
  assert.deepEqual(
    wire.files.map((f) => f.name),
    ['phieu.pdf', 'to-khai.pdf'],
  );
  assert.ok(!('searchKeys' in wire) && !('deskId' in wire));
  assert.equal(JSON.stringify(toWireDossier({ ...dossier, status: 4 }, [...files].reverse(), 4)), JSON.stringify(wire), 'one state, one body');
});

test('a dossier filed beyond the boundary carries both agencies and the decision on the wire, and the province’s schema takes them', () => {
  const beyondBoundary = {
    receiving: { name: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56' },
    competent: { name: 'UBND Phường Hoàn Kiếm', agencyId: '000.17.21.H56' },
    decision: '999/QĐ-UBND',
  };
  const wire = toWireDossier(
    { ...dossier, beyondBoundary: { ...beyondBoundary, competent: { ...beyondBoundary.competent, localNote: 'x' } } } as Dossier,
    [],
    1,
  );
  assert.deepEqual(wire.beyondBoundary, beyondBoundary, 'every field picked by name');
  const parsed = dossierSchema.safeParse(wire);
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  assert.deepEqual(parsed.data.beyondBoundary, beyondBoundary);
  assert.ok(!('beyondBoundary' in toWireDossier(dossier, [], 1)), 'absent for a dossier of this commune');
  const bad = dossierSchema.safeParse({ ...wire, beyondBoundary: { ...beyondBoundary, competent: { name: 'X', agencyId: '000.17.21.h56' } } });
  assert.deepEqual(
    bad.error?.issues.map((i) => i.path.join('.')),
    ['beyondBoundary.competent.agencyId'],
  );
  const same = dossierSchema.safeParse({ ...wire, beyondBoundary: { ...beyondBoundary, competent: beyondBoundary.receiving } });
  assert.equal(same.error?.issues[0]?.message, 'the competent agency is the receiving one');
});

test('the case the officer picked travels with the dossier, and the province’s schema takes it strictly', () => {
  const procedureCase = { code: `${dossier.procedureCode}.01`, name: 'Trẻ có giấy chứng sinh' };
  const wire = toWireDossier({ ...dossier, procedureCase: { ...procedureCase, note: 'x' } } as Dossier, [], 1);
  assert.deepEqual(wire.procedureCase, procedureCase, 'every field picked by name');
  const parsed = dossierSchema.safeParse(wire);
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  assert.deepEqual(parsed.data.procedureCase, procedureCase);
  assert.ok(!('procedureCase' in toWireDossier(dossier, [], 1)), 'absent when no case was picked');
  const bad = dossierSchema.safeParse({ ...wire, procedureCase: { code: '01', name: 'X' } });
  assert.deepEqual(
    bad.error?.issues.map((i) => i.path.join('.')),
    ['procedureCase.code'],
  );
});

test('a supplement request carries the list Mẫu 02 asked for, and the province’s schema takes it', () => {
  const wire = toWireDossier({ ...dossier, supplementItems: ['to-khai'] }, [], 1);
  assert.deepEqual(wire.supplementItems, ['to-khai']);
  const parsed = dossierSchema.safeParse(wire);
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  assert.deepEqual(parsed.data.supplementItems, ['to-khai']);
  assert.ok(!('supplementItems' in toWireDossier(dossier, [], 1)), 'absent on a dossier stored before the officer chose the list');
  assert.equal(dossierSchema.safeParse({ ...wire, supplementItems: [] }).success, false, 'a request that asks for nothing is refused');
});
