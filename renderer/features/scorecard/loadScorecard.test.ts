// The scorecard read from a real, encrypted desk database (fake-indexeddb): the 50 dossiers
// counted by hand in domain/scorecard/scorecard.fixture.ts, stored as the desk stores them
// (sealed dossiers, audit entries of handovers and apologies, scanned files, the digitisation
// log), give the hand-counted figures through the indexes loadScorecard reads.
import { openTestDb, APPLICANT } from '#renderer/test-support/desk.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Dossier, LookupOutcome } from '#domain/model.ts';
import { pdfFile } from '#renderer/db/pdfFile.ts';
import type { AuditEntry, CertificationRow, DeskDb, DigitisationLogRow } from '#renderer/db/schema.ts';
import { CERTIFIED, DOSSIERS, ELECTRONIC_RESULTS, EXPECTED, EXPECTED_TOTAL, MONTH, NOW, REUSED, SCANNED } from '#domain/scorecard/scorecard.fixture.ts';
import { loadScorecard } from './loadScorecard.ts';

const toDesk = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 19) + '+07:00';

async function seed(db: DeskDb): Promise<void> {
  const dossiers: Dossier[] = DOSSIERS.map(({ handover, extensions, ...d }) => ({
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
