// Several desks of one office number dossiers offline at the same time and must never
// issue the same code. No coordination is possible while offline, so each day's sequence
// space is partitioned in advance:
//
//   The office divides the space into `slots` residue classes; the desk in slot d
//   (1 ≤ d ≤ slots) issues only sequences ≡ d (mod slots): d, d + slots, d + 2·slots, …
//
// Why residues rather than fixed blocks per desk: a block has an edge, and whatever a
// busy desk does when it reaches it either collides or needs coordination; residue
// classes are infinite, so a desk can issue any number of codes and the sequence simply
// grows a digit (the pattern's width is a minimum). The cost is gaps in the numbering,
// which nothing relies on: the sequence only makes the code unique. Spare slots
// (slots > desks) let a desk be added on the same day without renumbering anyone.
//
// Changing the partition mid-day is where collisions hide: desk 1 of 2 has issued
// 1, 3, 5 and desk 2 has issued 2, 4; were desk 1 to switch to "1 of 3" it would issue
// 4 again, and it cannot know that offline. So a partition carries the first day it
// applies (`from`), changes are scheduled for the next day (schedulePartition), and the
// state remembers the partition the day started with: a config that changes today's
// partition after this desk issued codes today is refused, not followed.
//
// The state is only this desk's: the day, the partition, and the highest sequence
// issued that day. It resets at midnight UTC+7; a clock that moves back to an earlier
// day is refused, since restarting that day's sequence would repeat its codes.

import { z } from 'zod';
import { DeskError } from '../errors.ts';
import { checkAgencyId } from './agencyId.ts';
import { codePatternSchema, formatCode, patternInForce, type CodePattern } from './pattern.ts';
import { deskDay, isCalendarDay, nextDay } from './calendarDay.ts';

export interface DeskPartition {
  /** First day (UTC+7, "YYYY-MM-DD") this partition applies to. */
  from: string;
  /** How many residue classes the day's sequence space is divided into (≥ desks in use). */
  slots: number;
  /** This desk's class, 1…slots. Two desks must never share one. */
  slot: number;
}

export interface AllocatorConfig {
  agencyId: string;
  /** Every pattern version; the one in force on the day is used. */
  patterns: CodePattern[];
  /** This desk's partitions over time; the latest `from` not after the day applies. */
  partitions: DeskPartition[];
}

/**
 * Where this desk's sequences come from on one day. Today the only source is the offline
 * partition; a range reserved by a server would become a second member of this union
 * (e.g. { kind: 'reserved'; first; last }), handled in nextSequence.
 */
export type SequenceSpace = { kind: 'partition'; slots: number; slot: number };

export interface AllocatorState {
  /** "YYYY-MM-DD" at UTC+7 of the codes below. */
  day: string;
  space: SequenceSpace;
  /** Highest sequence this desk issued on `day`. */
  lastSequence: number;
}

export interface Allocation {
  code: string;
  sequence: number;
  day: string;
  /** Store it in Dossier.versions.codePattern. */
  patternVersion: string;
  /** The state to persist, in the same transaction as the dossier. */
  state: AllocatorState;
}

/** Most desks one office can divide its numbers between (dossier codes and the certification book). */
export const MAX_SLOTS = 99;

/** One desk's share of the numbers from a day on: slot d of `slots` issues d, d + slots, … . */
export const partitionSchema = z
  .object({
    from: z.string().refine(isCalendarDay, 'expected a real date YYYY-MM-DD'),
    slots: z.number().int().min(1).max(MAX_SLOTS),
    slot: z.number().int().min(1),
  })
  .refine((p) => p.slot <= p.slots, 'slot must be between 1 and slots');

const configSchema = z.object({
  agencyId: z.string(),
  patterns: z.array(codePatternSchema).min(1),
  partitions: z.array(partitionSchema).min(1),
});

function assertValidConfig(config: AllocatorConfig): void {
  const parsed = configSchema.safeParse(config);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
  problems.push(...checkAgencyId(config.agencyId).problems.map((p) => `agencyId: ${p.text.vi} / ${p.text.en}`));
  if (problems.length > 0) {
    const list = problems.map((p) => `- ${p}`).join('\n');
    throw new DeskError('dossierCode.config', {
      vi: `Cấu hình cấp mã hồ sơ không hợp lệ:\n${list}`,
      en: `The dossier numbering configuration is invalid:\n${list}`,
    });
  }
}

function partitionInForce(partitions: readonly DeskPartition[], day: string): DeskPartition {
  let best: DeskPartition | null = null;
  for (const p of partitions) {
    if (p.from <= day && (best === null || p.from >= best.from)) best = p;
  }
  if (best === null) {
    throw new DeskError('dossierCode.noPartition', {
      vi: `Quầy này chưa được phân dải số thứ tự cho ngày ${day}`,
      en: `This desk has no sequence partition for ${day}`,
    });
  }
  return best;
}

function sameSpace(a: SequenceSpace, b: SequenceSpace): boolean {
  return a.kind === b.kind && a.slots === b.slots && a.slot === b.slot;
}

/** The smallest sequence of the space above `last`. */
function nextSequence(space: SequenceSpace, last: number): number {
  if (last < space.slot) return space.slot;
  return space.slot + (Math.floor((last - space.slot) / space.slots) + 1) * space.slots;
}

/**
 * Issues the next dossier code of this desk. Pure: persist the returned state with the
 * dossier (one transaction), and pass it back next time; null for a desk's first code.
 */
export function allocate(state: AllocatorState | null, now: Date, config: AllocatorConfig): Allocation {
  assertValidConfig(config);
  const day = deskDay(now);
  if (state !== null && day < state.day) {
    throw new DeskError('dossierCode.clockBehind', {
      vi: `Đồng hồ máy đang ở ngày ${day}, trước ngày ${state.day} đã cấp mã; cấp tiếp sẽ trùng mã. Hãy chỉnh lại đồng hồ.`,
      en: `The machine clock says ${day}, before ${state.day} when codes were already issued; continuing would repeat codes. Fix the clock.`,
    });
  }
  const partition = partitionInForce(config.partitions, day);
  const space: SequenceSpace = { kind: 'partition', slots: partition.slots, slot: partition.slot };
  const startedToday = state !== null && state.day === day;
  if (startedToday && !sameSpace(state.space, space)) {
    throw new DeskError('dossierCode.partitionChangedToday', {
      vi: `Cách chia số thứ tự giữa các quầy đã bị đổi trong ngày ${day} sau khi quầy này đã cấp mã; để không trùng mã, thay đổi chỉ được áp dụng từ ngày hôm sau.`,
      en: `The desks' sequence partition was changed on ${day} after this desk had issued codes; to avoid duplicates, a change may only apply from the next day.`,
    });
  }
  const sequence = nextSequence(space, startedToday ? state.lastSequence : 0);
  const pattern = patternInForce(config.patterns, day);
  return {
    code: formatCode(pattern, { agencyId: config.agencyId, day, sequence }),
    sequence,
    day,
    patternVersion: pattern.version,
    state: { day, space, lastSequence: sequence },
  };
}

/**
 * Adds a partition change for this desk, effective from the next day at UTC+7 (never
 * today: other desks may already be numbering under today's partition). A change
 * already scheduled for a later day is replaced.
 */
export function schedulePartition(partitions: readonly DeskPartition[], change: { slots: number; slot: number }, now: Date): DeskPartition[] {
  const from = nextDay(deskDay(now));
  const next: DeskPartition = { from, ...change };
  const parsed = partitionSchema.safeParse(next);
  if (!parsed.success) {
    throw new DeskError('dossierCode.partition', {
      vi: `Phân dải không hợp lệ: quầy ${change.slot} trên ${change.slots} dải (tối đa ${MAX_SLOTS})`,
      en: `Invalid partition: slot ${change.slot} of ${change.slots} (at most ${MAX_SLOTS})`,
    });
  }
  return [...partitions.filter((p) => p.from < from), next];
}
