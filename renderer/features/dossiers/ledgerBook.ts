// The tracking book's numbers on this desk (domain/ledger/book.ts): the number an accepted
// dossier takes with its decision, and the book labels an administrator sets in Settings.
// The desk's state, its share and the labels live in db.settings, written in the transaction
// of the action that changes them, so a crash keeps the dossier and its number or neither.
import { deskDay } from '#domain/dossierCode/calendarDay.ts';
import type { DeskPartition } from '#domain/dossierCode/allocator.ts';
import { DeskError } from '#domain/errors.ts';
import { bookLabelFor, ledgerPartitions, nextLedgerEntry, withBookLabel, type BookLabels, type LedgerEntry } from '#domain/ledger/book.ts';
import type { YearBookState } from '#domain/ledger/yearBook.ts';
import { audit } from '#renderer/db/audit.ts';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';

export const LEDGER_STATE_KEY = 'ledgerBook';
export const LEDGER_PARTITIONS_KEY = 'ledgerPartitions';
export const LEDGER_LABELS_KEY = 'ledgerBookLabels';

export async function bookLabels(db: DeskDb): Promise<BookLabels> {
  return ((await db.settings.get(LEDGER_LABELS_KEY))?.value as BookLabels | undefined) ?? {};
}

/**
 * Gives an accepted dossier its place in the year's book; call inside the decision's
 * transaction, which must cover db.settings. The desk's share is its desk number among the
 * office's desks, as for dossier codes; a share changed in Settings applies from 1 January.
 */
export async function takeLedgerEntry(db: DeskDb, settings: Pick<DeskSettings, 'deskCount' | 'deskNumber'>, now: Date): Promise<LedgerEntry> {
  const state = ((await db.settings.get(LEDGER_STATE_KEY))?.value as YearBookState | undefined) ?? null;
  const stored = (await db.settings.get(LEDGER_PARTITIONS_KEY))?.value as DeskPartition[] | undefined;
  const partitions = ledgerPartitions(stored, { slots: settings.deskCount, slot: settings.deskNumber }, now);
  const { entry, state: next } = nextLedgerEntry(state, now, partitions, await bookLabels(db));
  await db.settings.put({ key: LEDGER_STATE_KEY, value: next });
  await db.settings.put({ key: LEDGER_PARTITIONS_KEY, value: partitions });
  return entry;
}

/** The label this desk's dossiers of `year` will carry from now on. */
export async function bookLabelOf(db: DeskDb, year: number): Promise<string> {
  return bookLabelFor(await bookLabels(db), year);
}

/** Sets a year's book label (administrator only), stored and audited together. */
export async function setBookLabel(db: DeskDb, year: number, label: string, officer: Officer, now = new Date()): Promise<BookLabels> {
  if (officer.role !== 'admin') {
    throw new DeskError('ledger.bookLabelNotAdmin', {
      vi: 'Chỉ quản trị viên được đặt quyển số của Sổ theo dõi hồ sơ.',
      en: 'Only an administrator may set the tracking book’s label.',
    });
  }
  const thisYear = Number(deskDay(now).slice(0, 4));
  return db.transaction('rw', [db.settings, db.audit], async () => {
    const before = await bookLabels(db);
    const labels = withBookLabel(before, year, label, thisYear);
    await db.settings.put({ key: LEDGER_LABELS_KEY, value: labels });
    await audit(db, { officerId: officer.id, action: 'settings', detail: `ledger-book ${year}: ${bookLabelFor(before, year)} → ${labels[String(year)]}` }, now);
    return labels;
  });
}
