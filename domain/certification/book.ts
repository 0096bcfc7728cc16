// The electronic certification book (sổ chứng thực bản sao điện tử): one book a year, numbers
// continuous within it and never reused, issued by several desks of one office while offline.
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
// new desk 3 issues 3 again. Changes apply from 1 January (scheduleBookPartition).

import { DeskError } from '../errors.ts';
import { deskDay } from '../dossierCode/calendarDay.ts';
import { MAX_SLOTS, partitionSchema, type DeskPartition } from '../dossierCode/allocator.ts';

export interface BookState {
  /** The book's year at UTC+7. */
  year: number;
  slots: number;
  slot: number;
  /** Highest number this desk issued in `year`; 0 before the first. */
  lastNumber: number;
}

export interface BookNumber {
  /** The certification number (số chứng thực) in the year's book. */
  number: number;
  year: number;
  /** "YYYY-MM-DD" at UTC+7: the day it was issued, the book's date column. */
  day: string;
  /** Persist with the entry, in the same transaction. */
  state: BookState;
}

function partitionFor(partitions: readonly DeskPartition[], day: string): DeskPartition {
  const valid = partitions.filter((p) => partitionSchema.safeParse(p).success);
  if (valid.length !== partitions.length) {
    throw new DeskError('certification.bookConfig', {
      vi: 'Cách chia số chứng thực giữa các quầy không hợp lệ (quầy phải nằm trong 1…số dải, tối đa 99 dải).',
      en: 'The desks’ split of certification numbers is invalid (the slot must be within 1…slots, at most 99 slots).',
    });
  }
  let best: DeskPartition | null = null;
  for (const p of valid) if (p.from <= day && (best === null || p.from >= best.from)) best = p;
  if (best === null) {
    throw new DeskError('certification.noPartition', {
      vi: `Quầy này chưa được phân dải số chứng thực cho ngày ${day}.`,
      en: `This desk has no share of certification numbers for ${day}.`,
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
export function nextBookNumber(state: BookState | null, now: Date, partitions: readonly DeskPartition[]): BookNumber {
  const day = deskDay(now);
  const year = Number(day.slice(0, 4));
  if (state !== null && year < state.year) {
    throw new DeskError('certification.clockBehind', {
      vi: `Đồng hồ máy đang ở năm ${year}, trước năm ${state.year} của sổ chứng thực; cấp tiếp sẽ trùng số. Hãy chỉnh lại đồng hồ.`,
      en: `The machine clock says ${year}, before the certification book’s year ${state.year}; continuing would repeat numbers. Fix the clock.`,
    });
  }
  const partition = partitionFor(partitions, day);
  const sameYear = state !== null && state.year === year;
  if (sameYear && (state.slots !== partition.slots || state.slot !== partition.slot)) {
    throw new DeskError('certification.partitionChangedThisYear', {
      vi: `Cách chia số chứng thực giữa các quầy đã bị đổi trong năm ${year} sau khi quầy này đã cấp số; để không trùng số, thay đổi chỉ áp dụng từ ngày 01/01 năm sau.`,
      en: `The desks’ split of certification numbers changed in ${year} after this desk had issued numbers; to avoid duplicates a change applies only from 1 January of the next year.`,
    });
  }
  const number = nextInClass(partition.slots, partition.slot, sameYear ? state.lastNumber : 0);
  return { number, year, day, state: { year, slots: partition.slots, slot: partition.slot, lastNumber: number } };
}

/** A change to this desk's share of the book, effective on 1 January of the next year. */
export function scheduleBookPartition(partitions: readonly DeskPartition[], change: { slots: number; slot: number }, now: Date): DeskPartition[] {
  const from = `${Number(deskDay(now).slice(0, 4)) + 1}-01-01`;
  const next: DeskPartition = { from, ...change };
  if (!partitionSchema.safeParse(next).success) {
    throw new DeskError('certification.bookConfig', {
      vi: `Phân dải không hợp lệ: quầy ${change.slot} trên ${change.slots} dải (tối đa ${MAX_SLOTS}).`,
      en: `Invalid share: slot ${change.slot} of ${change.slots} (at most ${MAX_SLOTS}).`,
    });
  }
  return [...partitions.filter((p) => p.from < from), next];
}
