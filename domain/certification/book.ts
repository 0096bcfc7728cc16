// The electronic certification book (sổ chứng thực bản sao điện tử): one book a year, numbers
// continuous within it and never reused, issued by several desks of one office while offline.
// How the numbers are shared between desks, and why a share changes only on 1 January, is the
// year book's rule (domain/ledger/yearBook.ts), which the dossier tracking book follows too.

import type { DeskPartition } from '../dossierCode/allocator.ts';
import { nextYearNumber, scheduleYearPartition, yearBookPartitions, type YearBookKind, type YearBookState, type YearNumber } from '../ledger/yearBook.ts';

export type BookState = YearBookState;

/** `number` is the certification number (số chứng thực); `day` the book's date column. */
export type BookNumber = YearNumber;

const CERTIFICATION_BOOK: YearBookKind = {
  codePrefix: 'certification',
  numbers: { vi: 'số chứng thực', en: 'certification numbers' },
  book: { vi: 'sổ chứng thực', en: 'certification book' },
};

/**
 * Issues this desk's next number in the year's book. Pure: pass back the state it returns
 * (null for the desk's first number ever).
 */
export function nextBookNumber(state: BookState | null, now: Date, partitions: readonly DeskPartition[]): BookNumber {
  return nextYearNumber(CERTIFICATION_BOOK, state, now, partitions);
}

/** A change to this desk's share of the book, effective on 1 January of the next year. */
export function scheduleBookPartition(partitions: readonly DeskPartition[], change: { slots: number; slot: number }, now: Date): DeskPartition[] {
  return scheduleYearPartition(CERTIFICATION_BOOK, partitions, change, now);
}

/** The partitions to number with: those stored, and a changed share from the next 1 January (yearBookPartitions). */
export function bookPartitions(stored: readonly DeskPartition[] | undefined, share: { slots: number; slot: number }, now: Date): DeskPartition[] {
  return yearBookPartitions(CERTIFICATION_BOOK, stored, share, now);
}
