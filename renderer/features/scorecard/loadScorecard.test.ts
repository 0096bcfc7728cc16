// The scorecard read from a real, encrypted desk database (fake-indexeddb): the 50 dossiers
// counted by hand in domain/scorecard/scorecard.fixture.ts, stored as the desk stores them
// (sealed dossiers, audit entries of handovers and apologies, scanned files, the digitisation
// log), give the hand-counted figures through the indexes loadScorecard reads.
import { openTestDb, APPLICANT, PROCEDURE } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Dossier, LookupOutcome } from '#domain/model.ts';
import { pdfFile } from '#renderer/db/pdfFile.ts';
import type { AuditEntry, CertificationRow, DeskDb, DigitisationLogRow } from '#renderer/db/schema.ts';
import { CERTIFIED, DOSSIERS, ELECTRONIC_RESULTS, EXPECTED, EXPECTED_TOTAL, MONTH, NOW, REUSED, SCANNED } from '#domain/scorecard/scorecard.fixture.ts';
import type { ScorecardDossier } from '#domain/scorecard/scorecard.ts';
import { blindToken } from '#renderer/db/protection/dataKey.ts';
import { PROTECTED_TABLES } from '#renderer/db/protection/protectedTables.ts';
import { addProcedureTokens, loadScorecard, tallied } from './loadScorecard.ts';
import { OVERDUE_TALLY_PENDING } from '#renderer/db/migrations/010-overdue-tally.ts';
import Dexie from 'dexie';

const toDesk = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 19) + '+07:00';

async function seed(db: DeskDb, extra: ScorecardDossier[] = []): Promise<void> {
  const dossiers: Dossier[] = [...DOSSIERS, ...extra].map(({ handover, extensions, ...d }) => ({
    ...d,
    receivedAt: toDesk(d.receivedAt),
    code: d.decision === 'accepted' ? `000.00.00.H00-${d.id}` : '',
    processingHours: 24,
    fees: [],
    sets: 1,
    applicant: APPLICANT,
    components: d.components.map(({ lookup, ...c }) => ({
      ...c,
      name: c.specId,
      kind: 'original' as const,
      count: 1,
      ...(lookup
        ? {
            lookup: {
              database: 'population',
              databaseName: 'CSDL quốc gia về dân cư',
              numberGiven: '001090000001',
              outcome: lookup.outcome as LookupOutcome,
              at: d.receivedAt,
              officerId: 'o1',
            },
          }
        : {}),
    })),
    ...(handover
      ? {
          handover: {
            recipientName: APPLICANT.fullName,
            relation: 'self' as const,
            recipientIdNumber: APPLICANT.idNumber,
            at: handover.at,
            officerId: 'o1',
            officerName: 'Cán bộ',
          },
        }
      : {}),
    ...(extensions ? { extensions: extensions.map((e) => ({ ...e, reason: 'Chờ xác minh', officerId: 'o1' })) } : {}),
    officerId: 'o1',
    officerName: 'Cán bộ',
    deskId: 'desk-1',
    versions: { catalog: 'c', calendar: 'k', forms: 'tt03-2025', codePattern: 'p' },
    updatedAt: d.receivedAt,
  }));
  // As the desk writes them: handover and apology audit entries at their UTC instant.
  const audit: AuditEntry[] = DOSSIERS.flatMap((d) => [
    ...(d.handover ? [{ at: new Date(d.handover.at).toISOString(), officerId: 'o1', action: 'handover' as const, dossierId: d.id, detail: 'self' }] : []),
    ...(d.extensions ?? []).map((e) => ({ at: new Date(e.at).toISOString(), officerId: 'o1', action: 'print' as const, dossierId: d.id, detail: 'apology' })),
    { at: new Date(d.receivedAt).toISOString(), officerId: 'o1', action: 'print' as const, dossierId: d.id, detail: 'receipt' },
  ]);
  const files = await Promise.all(
    [...SCANNED].flatMap(([dossierId, specs]) =>
      [...specs].map((specId) =>
        pdfFile(db.protection, new TextEncoder().encode(`%PDF ${dossierId} ${specId}`), {
          dossierId,
          kind: 'scan',
          specId,
          name: `${specId}.pdf`,
          createdAt: NOW.toISOString(),
        }),
      ),
    ),
  );
  const receipts = await Promise.all(
    DOSSIERS.map((d) =>
      pdfFile(db.protection, new TextEncoder().encode('%PDF receipt'), { dossierId: d.id, kind: 'receipt', name: 'receipt.pdf', createdAt: d.receivedAt }),
    ),
  );
  let n = 0;
  const log = (kind: DigitisationLogRow['kind']) => (e: { dossierId: string; at: string; key?: string }) => ({
    id: `log-${String((n += 1)).padStart(3, '0')}`,
    kind,
    dossierId: e.dossierId,
    at: e.at,
    officerId: 'o1',
    ...(e.key ? { specId: e.key } : {}),
  });
  // The book files a copy under no dossier or procedure: its rows give a day, a time and a number.
  const book: CertificationRow[] = [
    ...CERTIFIED.map((c, i) => ({
      id: `cert-${i}`,
      kind: 'certified' as const,
      year: 2026,
      number: i + 1,
      day: c.at.slice(0, 10),
      at: c.at,
      officerId: 'o1',
      document: 'Bằng tốt nghiệp',
      pages: 2,
      fee: 3000,
    })),
    {
      id: 'cert-refused',
      kind: 'refused',
      year: 2026,
      day: '2026-11-20',
      at: '2026-11-20T10:00:00+07:00',
      officerId: 'o1',
      document: 'Giấy khai sinh',
      pages: 0,
      fee: 0,
      reason: 'altered',
    },
  ];
  await db.transaction('rw', [db.dossiers, db.audit, db.files, db.digitisationLog, db.certifications], async () => {
    await db.certifications.bulkAdd(book);
    await db.dossiers.bulkAdd(dossiers);
    await db.audit.bulkAdd(audit);
    await db.files.bulkAdd([...files, ...receipts]);
    await db.digitisationLog.bulkAdd([...ELECTRONIC_RESULTS.map(log('electronic-result')), ...REUSED.map(log('reused'))]);
  });
}

test('the fifty hand-counted dossiers, stored encrypted, give the hand-counted scorecard of November 2026', async () => {
  const db = openTestDb('scorecard');
  await seed(db);
  const card = await loadScorecard(db, MONTH, NOW);
  // The book names no procedure: its three November copies (not the refusal, not October's) count in the total only.
  const withoutBook = (f: (typeof EXPECTED)[string]) => ({ ...f, certifiedCopies: 0 });
  const expectedRows = Object.entries(EXPECTED).filter(([code]) => code !== '2.000815');
  assert.deepEqual(
    card.rows.map((r) => r.procedureCode),
    expectedRows.map(([code]) => code).sort(),
  );
  for (const row of card.rows) assert.deepEqual(row.figures, withoutBook(EXPECTED[row.procedureCode]!), row.procedureCode);
  assert.deepEqual(card.total, EXPECTED_TOTAL);
  db.close();
});

test('an empty desk has a scorecard of zeros', async () => {
  const db = openTestDb('scorecard-empty');
  const card = await loadScorecard(db, MONTH, NOW);
  assert.deepEqual(card.rows, []);
  assert.equal(card.total.received, 0);
  assert.equal(card.total.certifiedCopies, 0);
  db.close();
});

/** The ids of the dossiers the scorecard opens (decrypts), read from the desk's own protection. */
function watchOpened(db: DeskDb): Set<string> {
  const opened = new Set<string>();
  const open = db.protection.openRecord.bind(db.protection);
  db.protection.openRecord = (table, spec, stored) => {
    if (table === 'dossiers') opened.add(String(stored['id']));
    return open(table, spec, stored);
  };
  return opened;
}

// Two dossiers of a third procedure, received in October and still being processed with their
// appointments past: overdue now, in no figure of November, and their procedure in the catalogue.
const october = (n: number): ScorecardDossier => ({
  id: `e${n}`,
  procedureCode: PROCEDURE.code,
  procedureName: PROCEDURE.name,
  decision: 'accepted',
  status: 4,
  receivedAt: `2026-10-0${n}T09:00:00+07:00`,
  appointmentAt: `2026-10-1${n}T17:00:00+07:00`,
  components: [],
});

test('overdue dossiers outside the month are counted per procedure from the index, opening one of each procedure for its name', async () => {
  const db = openTestDb('scorecard-index');
  await db.procedures.add(PROCEDURE);
  await seed(db, [october(1), october(2)]);
  const opened = watchOpened(db);
  const card = await loadScorecard(db, MONTH, NOW);
  const row = card.rows.find((r) => r.procedureCode === PROCEDURE.code);
  assert.equal(row?.procedureName, PROCEDURE.name);
  assert.equal(row?.figures.overdueNow, 2);
  assert.equal(card.total.overdueNow, EXPECTED_TOTAL.overdueNow! + 2);
  assert.deepEqual(card.rows.find((r) => r.procedureCode === '1.004222')?.figures, EXPECTED['1.004222'], 'the residence row as counted by hand');
  assert.ok(!opened.has('d43'), 'the residence dossier overdue since October is not opened: its procedure comes from the index');
  assert.equal([...opened].filter((id) => id.startsWith('e')).length, 1, 'one dossier of the October procedure is opened, for its name');
  db.close();
});

/** The indexes of dossiers a scorecard reads, in order. */
function watchIndexes(db: DeskDb): string[] {
  const asked: string[] = [];
  const where = db.dossiers.where.bind(db.dossiers);
  db.dossiers.where = ((index: string) => {
    asked.push(index);
    return where(index);
  }) as typeof db.dossiers.where;
  return asked;
}

test('a dossier sealed before the procedure token and the overdue tally existed is opened and counted the same', async () => {
  const db = openTestDb('scorecard-untokened');
  await seed(db);
  // As a desk stored it before: the same sealed record, its index without the procedure's token.
  const tokens = new Set(db.protection.liveKeys().map((k) => blindToken(k, 'r', '1.004222')));
  // A second connection without the protection middleware (dexie's global IndexedDB is the test's).
  const raw = new Dexie(db.name);
  await raw.open();
  const stored = (await raw.table('dossiers').get('d43')) as { searchKeys: string[]; sealed: Uint8Array };
  const { sealed: _payload, ...clear } = stored;
  assert.ok(!JSON.stringify(clear).includes('1.004222'), 'the procedure is nowhere in the clear');
  assert.ok(
    stored.searchKeys.some((k) => tokens.has(k)),
    'the stored dossier holds its procedure token',
  );
  // Nor the `dueBy` of v10, which the middleware also writes at every write; the upgrade to v10 marked the desk.
  await raw.table('dossiers').update('d43', { searchKeys: stored.searchKeys.filter((k) => !tokens.has(k)), dueBy: undefined });
  await raw.table('settings').put({ key: OVERDUE_TALLY_PENDING, value: true });
  raw.close();
  const opened = watchOpened(db);
  const card = await loadScorecard(db, MONTH, NOW);
  assert.ok(opened.has('d43'), 'the dossier no token places is opened');
  assert.deepEqual(card.rows.find((r) => r.procedureCode === '1.004222')?.figures, EXPECTED['1.004222']);
  assert.deepEqual(card.total, EXPECTED_TOTAL);

  // Written again, the dossier gains its token, and the next scorecard counts it from the index.
  await addProcedureTokens(db, ['d43']);
  const again = new Dexie(db.name);
  await again.open();
  const rewritten = (await again.table('dossiers').get('d43')) as { searchKeys: string[] };
  again.close();
  assert.ok(
    rewritten.searchKeys.some((k) => tokens.has(k)),
    'the rewritten dossier holds its procedure token',
  );
  // The first scorecard also wrote the open dossiers again and lifted the mark: the next one counts by dueBy.
  await tallied(db);
  assert.equal(await db.settings.get(OVERDUE_TALLY_PENDING), undefined, 'the mark is lifted');
  const asked = watchIndexes(db);
  opened.clear();
  assert.deepEqual((await loadScorecard(db, MONTH, NOW)).total, EXPECTED_TOTAL);
  assert.ok(!opened.has('d43'), 'and is no longer opened');
  assert.ok(asked.includes('dueBy') && !asked.includes('searchKeys'), `counted by dueBy (${asked.join(', ')})`);
  db.close();
});

test('overdue now is counted per procedure by the tally index: no overdue id read, none opened', async () => {
  const db = openTestDb('scorecard-tally');
  await db.procedures.add(PROCEDURE);
  await seed(db, [october(1), october(2)]);
  const asked = watchIndexes(db);
  const opened = watchOpened(db);
  const card = await loadScorecard(db, MONTH, NOW);
  assert.equal(card.rows.find((r) => r.procedureCode === PROCEDURE.code)?.figures.overdueNow, 2);
  assert.deepEqual(card.total, { ...EXPECTED_TOTAL, overdueNow: EXPECTED_TOTAL.overdueNow! + 2 });
  assert.ok(asked.includes('dueBy'), `counted by the tally (${asked.join(', ')})`);
  assert.ok(!asked.includes('searchKeys') && !asked.includes('appointmentAt'), `no id read from the other indexes (${asked.join(', ')})`);
  assert.ok(!opened.has('d43'), 'the residence dossier overdue since October is not opened');

  // A decision written through the app moves the dossier out of the tally at once.
  await db.dossiers.update('e1', { status: 9 });
  const after = await loadScorecard(db, MONTH, NOW);
  assert.equal(after.rows.find((r) => r.procedureCode === PROCEDURE.code)?.figures.overdueNow, 1);
  assert.equal(after.total.overdueNow, EXPECTED_TOTAL.overdueNow! + 1);
  db.close();
});

test('an overdue dossier of a procedure known nowhere breaks the sum, and the scorecard opens it and counts it as before', async () => {
  const db = openTestDb('scorecard-tally-unknown');
  await seed(db, [{ ...october(1), procedureCode: '9.999999', procedureName: 'Thủ tục đã bãi bỏ' }]);
  const opened = watchOpened(db);
  const card = await loadScorecard(db, MONTH, NOW);
  assert.ok(opened.has('e1'), 'the dossier no known token counts is opened');
  assert.equal(card.rows.find((r) => r.procedureCode === '9.999999')?.figures.overdueNow, 1);
  assert.equal(card.total.overdueNow, EXPECTED_TOTAL.overdueNow! + 1);
  db.close();
});

test('the tally is the rule of overdueAt, with the token the dossier is sealed under', () => {
  const { derived } = PROTECTED_TABLES['dossiers']!;
  const blind = (t: { kind: string; value: string }) => `~${t.kind}.${t.value}`;
  const base = { ...october(1), code: 'X', applicant: APPLICANT };
  assert.deepEqual(derived!.of(base, blind), { dueBy: [`~r.${PROCEDURE.code}`, base.appointmentAt] });
  assert.deepEqual(
    derived!.of({ ...base, procedureCode: '' }, blind),
    { dueBy: ['', base.appointmentAt] },
    'no procedure: counted by nothing, seen in the gaps',
  );
  assert.deepEqual(derived!.of({ ...base, status: 8 }, blind), {});
  assert.deepEqual(derived!.of({ ...base, decision: 'supplement' }, blind), {});
  assert.deepEqual(derived!.of({ ...base, appointmentAt: null }, blind), {});
});

test("the procedure token is the dossier's own and its search index still holds the search terms", () => {
  const index = PROTECTED_TABLES['dossiers']!.index!;
  const { terms } = index.of({ ...DOSSIERS[0]!, code: 'X', applicant: APPLICANT });
  assert.deepEqual(
    terms.filter((t) => t.kind === 'r'),
    [{ kind: 'r', value: DOSSIERS[0]!.procedureCode }],
  );
  assert.ok(terms.some((t) => t.kind === 'n'));
});
