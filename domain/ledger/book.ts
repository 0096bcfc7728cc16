// The dossier tracking book (Sổ theo dõi hồ sơ) as the receipt names it: "Vào Sổ theo dõi hồ
// sơ, Quyển số: … Số thứ tự: …" (Mẫu 01, TT 03/2025/TT-VPCP). The circular prints the two
// blanks; how an office numbers its book was not sourced [U] (docs/domain/legal-basis-and-forms.md,
// "The tracking book's numbers"). So, as data an administrator can change:
//   - one book per office and calendar year (at UTC+7), like the certification book;
//   - quyển số: a label the administrator sets per year, "01/<year>" unless set;
//   - số thứ tự: the year book's number (./yearBook.ts), shared between the desks by slot, given
//     to every accepted dossier with its decision and never reused.
import { DeskError } from '../errors.ts';
import type { DeskPartition } from '../dossierCode/allocator.ts';
import { nextYearNumber, yearBookPartitions, type YearBookKind, type YearBookState } from './yearBook.ts';

/** Where a dossier stands in the tracking book; stored with it at acceptance. */
export interface LedgerEntry {
  /** Quyển số as printed: the year's label when the number was given. */
  book: string;
  /** The book's year at UTC+7. */
  year: number;
  /** Số thứ tự in the year's book. */
  number: number;
}

export const LEDGER_BOOK: YearBookKind = {
  codePrefix: 'ledger',
  numbers: { vi: 'số thứ tự của Sổ theo dõi hồ sơ', en: 'tracking-book numbers' },
  book: { vi: 'Sổ theo dõi hồ sơ', en: 'tracking book' },
};

/** Year ("2027") → quyển số; a year not listed gets defaultBookLabel. */
export type BookLabels = Readonly<Record<string, string>>;

/** The receipt's form carries at most this many characters for the book (preload/contract.ts). */
export const MAX_BOOK_LABEL = 20;

/** "01/2027": the first book of the year, written the way register books are labelled [U]. */
export const defaultBookLabel = (year: number): string => `01/${year}`;

export function bookLabelFor(labels: BookLabels | undefined, year: number): string {
  return labels?.[String(year)] ?? defaultBookLabel(year);
}

// Control characters would break the printed line; the contract limits its length.
const CONTROL = /\p{Cc}/u;

/** A label as the administrator typed it, trimmed; refused when empty, too long or unprintable. */
export function checkBookLabel(label: string): string {
  const trimmed = label.trim();
  if (trimmed === '' || trimmed.length > MAX_BOOK_LABEL || CONTROL.test(trimmed)) {
    throw new DeskError('ledger.bookLabel', {
      vi: `Quyển số của Sổ theo dõi hồ sơ phải có từ 1 đến ${MAX_BOOK_LABEL} ký tự in được (ví dụ 01/2027).`,
      en: `The tracking book's label must be 1 to ${MAX_BOOK_LABEL} printable characters (e.g. 01/2027).`,
    });
  }
  return trimmed;
}

/**
 * The labels with `year`'s set. Only this year's and later books can be relabelled: a past
 * year's receipts are printed, and a reprint must say what the original said (each dossier
 * keeps its label anyway, so a change this year applies to the numbers given after it).
 */
export function withBookLabel(labels: BookLabels | undefined, year: number, label: string, thisYear: number): BookLabels {
  if (!Number.isInteger(year) || year < thisYear || year > thisYear + 1) {
    throw new DeskError('ledger.bookYear', {
      vi: `Chỉ đặt được quyển số cho năm ${thisYear} hoặc ${thisYear + 1}.`,
      en: `A book label can be set for ${thisYear} or ${thisYear + 1} only.`,
    });
  }
  return { ...labels, [String(year)]: checkBookLabel(label) };
}

/**
 * The next dossier's place in the book, with the desk's state to store in the same
 * transaction. Pure: the state, the desk's partitions and the labels are passed in.
 */
export function nextLedgerEntry(
  state: YearBookState | null,
  now: Date,
  partitions: readonly DeskPartition[],
  labels: BookLabels | undefined,
): { entry: LedgerEntry; state: YearBookState } {
  const issued = nextYearNumber(LEDGER_BOOK, state, now, partitions);
  return { entry: { book: bookLabelFor(labels, issued.year), year: issued.year, number: issued.number }, state: issued.state };
}

/** This desk's partitions of the book: stored ones, and a changed share from the next 1 January. */
export function ledgerPartitions(stored: readonly DeskPartition[] | undefined, share: { slots: number; slot: number }, now: Date): DeskPartition[] {
  return yearBookPartitions(LEDGER_BOOK, stored, share, now);
}
