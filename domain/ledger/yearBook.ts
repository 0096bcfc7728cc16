// A numbered book of one office for one calendar year, kept by several desks while offline:
// the electronic certification book (domain/certification/book.ts) and the dossier tracking
// book (./book.ts) both number this way, so the rule lives once, here.
//
// It is the dossier-code allocator's approach (domain/dossierCode/allocator.ts) at the scale of
// a year: the office divides the numbers into `slots` residue classes and the desk in slot d
// issues d, d + slots, d + 2·slots, … . Two desks can never issue the same number and none
// needs the other's state. Each desk's own numbers follow one another without a gap; the
// book's numbers interleave the desks' and leave a gap only where one desk served fewer
// people than another, which the printed book shows as numbers of another desk still to come.
//
// The state is this desk's: the year, the partition the year started with, the last number
// issued. It is stored in the same transaction as the book entry, so a crash either keeps
// both or neither: no number is lost (gap) or issued twice (duplicate). A partition changed
// after this desk numbered in the year is refused, as the dossier allocator refuses a change
// within the day: desk 1 of 2 has issued 1, 3, 5; as "1 of 3" it would go on with 7 while a
// new desk 3 issues 3 again. Changes apply from 1 January (scheduleYearPartition).

import { DeskError, type Bilingual } from '../errors.ts';
import { deskDay } from '../dossierCode/calendarDay.ts';
import { MAX_SLOTS, partitionSchema, type DeskPartition } from '../dossierCode/allocator.ts';

export interface YearBookState {
  /** The book's year at UTC+7. */
  year: number;
  slots: number;
  slot: number;
  /** Highest number this desk issued in `year`; 0 before the first. */
  lastNumber: number;
}

export interface YearNumber {
  /** The number in the year's book. */
  number: number;
  year: number;
  /** "YYYY-MM-DD" at UTC+7: the day it was issued. */
  day: string;
  /** Persist with the entry, in the same transaction. */
  state: YearBookState;
}

/** Which book a refusal speaks of: the prefix of its error codes and its name in both languages. */
export interface YearBookKind {
  codePrefix: string;
  /** "số chứng thực" / "certification numbers". */
  numbers: Bilingual;
  /** "sổ chứng thực" / "certification book". */
  book: Bilingual;
}

function partitionFor(kind: YearBookKind, partitions: readonly DeskPartition[], day: string): DeskPartition {
  const valid = partitions.filter((p) => partitionSchema.safeParse(p).success);
  if (valid.length !== partitions.length) {
    throw new DeskError(`${kind.codePrefix}.bookConfig`, {
      vi: `Cách chia ${kind.numbers.vi} giữa các quầy không hợp lệ (quầy phải nằm trong 1…số dải, tối đa ${MAX_SLOTS} dải).`,
      en: `The desks’ split of ${kind.numbers.en} is invalid (the slot must be within 1…slots, at most ${MAX_SLOTS} slots).`,
    });
  }
  let best: DeskPartition | null = null;
  for (const p of valid) if (p.from <= day && (best === null || p.from >= best.from)) best = p;
  if (best === null) {
    throw new DeskError(`${kind.codePrefix}.noPartition`, {
      vi: `Quầy này chưa được phân dải ${kind.numbers.vi} cho ngày ${day}.`,
      en: `This desk has no share of ${kind.numbers.en} for ${day}.`,
    });
  }
  return best;
}

/** The number after `last` in the desk's residue class. */
function nextInClass(slots: number, slot: number, last: number): number {
  if (last < slot) return slot;
  return slot + (Math.floor((last - slot) / slots) + 1) * slots;
}

/**
 * Issues this desk's next number in the year's book. Pure: pass back the state it returns
 * (null for the desk's first number ever).
 */
export function nextYearNumber(kind: YearBookKind, state: YearBookState | null, now: Date, partitions: readonly DeskPartition[]): YearNumber {
  const day = deskDay(now);
  const year = Number(day.slice(0, 4));
  if (state !== null && year < state.year) {
    throw new DeskError(`${kind.codePrefix}.clockBehind`, {
      vi: `Đồng hồ máy đang ở năm ${year}, trước năm ${state.year} của ${kind.book.vi}; cấp tiếp sẽ trùng số. Hãy chỉnh lại đồng hồ.`,
      en: `The machine clock says ${year}, before the ${kind.book.en}’s year ${state.year}; continuing would repeat numbers. Fix the clock.`,
    });
  }
  const partition = partitionFor(kind, partitions, day);
  const sameYear = state !== null && state.year === year;
  if (sameYear && (state.slots !== partition.slots || state.slot !== partition.slot)) {
    throw new DeskError(`${kind.codePrefix}.partitionChangedThisYear`, {
      vi: `Cách chia ${kind.numbers.vi} giữa các quầy đã bị đổi trong năm ${year} sau khi quầy này đã cấp số; để không trùng số, thay đổi chỉ áp dụng từ ngày 01/01 năm sau.`,
      en: `The desks’ split of ${kind.numbers.en} changed in ${year} after this desk had issued numbers; to avoid duplicates a change applies only from 1 January of the next year.`,
    });
  }
  const number = nextInClass(partition.slots, partition.slot, sameYear ? state.lastNumber : 0);
  return { number, year, day, state: { year, slots: partition.slots, slot: partition.slot, lastNumber: number } };
}

/** A change to this desk's share of the book, effective on 1 January of the next year. */
export function scheduleYearPartition(
  kind: YearBookKind,
  partitions: readonly DeskPartition[],
  change: { slots: number; slot: number },
  now: Date,
): DeskPartition[] {
  const from = `${Number(deskDay(now).slice(0, 4)) + 1}-01-01`;
  const next: DeskPartition = { from, ...change };
  if (!partitionSchema.safeParse(next).success) {
    throw new DeskError(`${kind.codePrefix}.bookConfig`, {
      vi: `Phân dải không hợp lệ: quầy ${change.slot} trên ${change.slots} dải (tối đa ${MAX_SLOTS}).`,
      en: `Invalid share: slot ${change.slot} of ${change.slots} (at most ${MAX_SLOTS}).`,
    });
  }
  return [...partitions.filter((p) => p.from < from), next];
}

/**
 * The partitions a desk numbers a year's book with, given those it stored and the share its
 * settings give it now (desk number of desk count). A share that differs from the latest stored
 * one is scheduled from the next 1 January: within the year the desk goes on in the share it
 * started with, which no other desk can be given then.
 */
export function yearBookPartitions(
  kind: YearBookKind,
  stored: readonly DeskPartition[] | undefined,
  share: { slots: number; slot: number },
  now: Date,
): DeskPartition[] {
  if (!stored || stored.length === 0) return [{ from: '2000-01-01', ...share }];
  const latest = stored.reduce((a, b) => (b.from > a.from ? b : a));
  return latest.slots === share.slots && latest.slot === share.slot ? [...stored] : scheduleYearPartition(kind, stored, share, now);
}
