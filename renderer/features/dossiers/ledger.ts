// The tracking book (Sổ theo dõi hồ sơ, Mẫu 07) for a period: every accepted dossier received
// between two desk dates, with when it went to the province, came back and was returned.
import type { LedgerRequest } from '#preload/contract.ts';
import { DeskError } from '#domain/errors.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import { returnedAt } from '#domain/digitisation/resultDelivery.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';
import { formsVersionAt } from '../reception/formsVersion.ts';
// The book's result column comes from the feed time of TrangThaiHoSo 9 and later.
import { RESULT_READY } from '../results/recordHandover.ts';

export const LEDGER_MAX_ROWS = 5000;

export async function ledgerRequest(db: DeskDb, settings: DeskSettings, from: string, to: string, now = new Date()): Promise<LedgerRequest> {
  if (!from || !to) throw new DeskError('ledger.period', { vi: 'Chọn khoảng ngày để in sổ.', en: 'Choose a period to print the ledger.' });
  // receivedAt is desk time with +07:00, so its text orders like the instant within one offset.
  const dossiers = (await db.dossiers.where('receivedAt').between(`${from}T00:00:00`, `${to}T23:59:59\uffff`, true, true).toArray()).filter(
    (d) => d.decision === 'accepted' && d.appointmentAt,
  );
  if (dossiers.length > LEDGER_MAX_ROWS) {
    throw new DeskError('ledger.too-long', {
      vi: `Kỳ này có ${dossiers.length} hồ sơ, quá ${LEDGER_MAX_ROWS} dòng một lần in: hãy chọn khoảng ngày ngắn hơn.`,
      en: `This period holds ${dossiers.length} dossiers, over ${LEDGER_MAX_ROWS} rows per print: choose a shorter period.`,
    });
  }
  const sync = await db.dossierSync.bulkGet(dossiers.map((d) => d.id));
  return {
    kind: 'ledger',
    templateVersion: await formsVersionAt(now),
    office: { officeName: settings.officeName, unitName: settings.unitName, placeName: settings.placeName },
    from,
    to,
    issuedAt: toDeskIso(now),
    rows: dossiers.map((d, i) => {
      const s = sync[i];
      const returned = returnedAt(d);
      const result = s?.provincial && s.provincial.status >= RESULT_READY ? s.provincial.at : undefined;
      return {
        code: d.code,
        // Its own number in the year's book, as its receipt printed it (ledgerBook.ts); none before the book was numbered.
        ...(d.ledger ? { book: { label: d.ledger.book, number: d.ledger.number } } : {}),
        procedureName: d.procedureName,
        sets: d.sets,
        applicantName: d.applicant.fullName,
        contact: [d.applicant.address, d.applicant.phone].filter(Boolean).join(' · '),
        // Filed beyond the boundary: the agency that decides it leads, not this office.
        leadAgency: d.beyondBoundary?.competent.name ?? settings.officeName,
        receivedAt: d.receivedAt,
        appointmentAt: d.appointmentAt!,
        ...(s?.firstAckAt ? { forwardedAt: toDeskIso(new Date(s.firstAckAt)) } : {}),
        ...(result ? { resultAt: toDeskIso(new Date(result)) } : {}),
        ...(returned ? { returnedAt: returned } : {}),
        ...(d.stop ? { stoppedAt: d.stop.at } : {}),
      };
    }),
  };
}
