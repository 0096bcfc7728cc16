// Which components the counter asks for, from the catalogue's data and what the officer entered:
// a conditional component whose condition does not hold is neither shown nor required, and a
// looked-up component is asked for on paper only once its look-up found nothing (NQ 66.7/2025/NQ-CP).

import { DeskError } from '../errors.ts';
import type { ComponentSpec, LookupOutcome } from '../model.ts';

/** What the officer entered that conditions are evaluated against. */
export interface ReceptionEntries {
  /** Someone files on the applicant's behalf. */
  representative: boolean;
}

export function componentApplies(spec: ComponentSpec, entries: ReceptionEntries): boolean {
  if (spec.condition === undefined) return true;
  switch (spec.condition.when) {
    case 'representative':
      return entries.representative;
  }
}

export function applicableComponents(specs: readonly ComponentSpec[], entries: ReceptionEntries): ComponentSpec[] {
  return specs.filter((s) => componentApplies(s, entries));
}

export function isLookup(spec: ComponentSpec): boolean {
  return spec.satisfiedBy === 'lookup';
}

/**
 * Whether the paper must be handed in. A look-up that is pending or could not be made does not
 * turn into a paper (offline does not block the receipt); only 'not-found' does, and only where
 * the catalogue says the paper is the fallback.
 */
export function paperRequired(spec: ComponentSpec, outcome: LookupOutcome | undefined): boolean {
  if (!isLookup(spec)) return spec.mandatory;
  return spec.lookup?.paperIfLookupFails === true && outcome === 'not-found';
}

/** Refuses a look-up result for a component the catalogue does not look up. */
export function assertLookupAllowed(procedureCode: string, spec: ComponentSpec): void {
  if (isLookup(spec)) return;
  throw new DeskError('lookup.not-lookup', {
    vi: `Thủ tục ${procedureCode}: thành phần "${spec.name}" không được tra cứu trong cơ sở dữ liệu, không ghi kết quả tra cứu.`,
    en: `Procedure ${procedureCode}: component "${spec.name}" is not looked up in a database; the look-up result was not recorded.`,
  });
}
