// A procedure changes on the day a law takes effect (the civil-status procedures with Luật Hộ tịch
// 03/2026/QH16 on 1 March 2027), so one code may have several versions, each with an inclusive
// range of desk dates. Ranges are compared as YYYY-MM-DD strings, which sort as dates do.

import type { Procedure } from '../model.ts';

type Range = Pick<Procedure, 'effectiveFrom' | 'effectiveTo'>;

/** Whether the version is in force on the desk date (YYYY-MM-DD); open ends reach any date. */
export function inForceOn(p: Range, date: string): boolean {
  return (p.effectiveFrom === undefined || p.effectiveFrom <= date) && (p.effectiveTo === undefined || date <= p.effectiveTo);
}

/** Whether two versions share at least one day. */
export function overlap(a: Range, b: Range): boolean {
  const aStartsBeforeBEnds = a.effectiveFrom === undefined || b.effectiveTo === undefined || a.effectiveFrom <= b.effectiveTo;
  const bStartsBeforeAEnds = b.effectiveFrom === undefined || a.effectiveTo === undefined || b.effectiveFrom <= a.effectiveTo;
  return aStartsBeforeBEnds && bStartsBeforeAEnds;
}

/** "2027-03-01 – …" for messages and the CLI; "…" stands for an open end. */
export function formatRange(p: Range): string {
  return `${p.effectiveFrom ?? '…'} – ${p.effectiveTo ?? '…'}`;
}

/** The version of `code` in force on the desk date, or undefined when none is. */
export function procedureInForce<P extends Procedure>(procedures: readonly P[], code: string, date: string): P | undefined {
  return procedures.find((p) => p.code === code && inForceOn(p, date));
}

/** One version per code: those in force on the desk date, in catalogue order. */
export function proceduresInForce<P extends Procedure>(procedures: readonly P[], date: string): P[] {
  return procedures.filter((p) => inForceOn(p, date));
}
