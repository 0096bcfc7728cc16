// Which components the counter asks for, from the catalogue's data and what the officer entered:
// a conditional component whose condition does not hold is neither shown nor required, and a
// looked-up component is asked for on paper only once its look-up found nothing (NQ 66.7/2025/NQ-CP).

import { DeskError } from '../errors.ts';
import type { Applicant, Catalog, ComponentSpec, LookupOutcome, LookupRecord, Procedure, ReceivedComponent } from '../model.ts';

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

/** Refuses a look-up result for a component the procedure lacks or does not look up. */
export function assertLookupAllowed(procedure: Pick<Procedure, 'code' | 'components'>, specId: string): void {
  const spec = procedure.components.find((s) => s.id === specId);
  if (spec !== undefined && isLookup(spec)) return;
  const name = spec?.name ?? specId;
  throw new DeskError('lookup.not-lookup', {
    vi: `Thủ tục ${procedure.code}: thành phần "${name}" không được tra cứu trong cơ sở dữ liệu, không ghi kết quả tra cứu.`,
    en: `Procedure ${procedure.code}: component "${name}" is not looked up in a database; the look-up result was not recorded.`,
  });
}

/** The conditions' inputs from what the officer entered about who files. */
export function entriesOf(applicant: Pick<Applicant, 'representative'>): ReceptionEntries {
  return { representative: applicant.representative !== undefined };
}

/**
 * Whether a stored component record is still owed on paper (the supplement request, Mẫu 02): a
 * looked-up component is owed only once its look-up found nothing.
 */
export function stillOwed(record: Pick<ReceivedComponent, 'received' | 'lookup'>): boolean {
  return !record.received && (record.lookup === undefined || record.lookup.outcome === 'not-found');
}

/** Names of the components that apply and are owed on paper but were not handed in. */
export function missingPapers(specs: readonly ComponentSpec[], records: readonly ReceivedComponent[], entries: ReceptionEntries): string[] {
  return applicableComponents(specs, entries)
    .filter((spec) => {
      const record = records.find((r) => r.specId === spec.id);
      return paperRequired(spec, record?.lookup?.outcome) && record?.received !== true;
    })
    .map((spec) => spec.name);
}

/** The procedures to store, each look-up naming its database, so a dossier and its forms need no catalogue file. */
export function withDatabaseNames(catalog: Catalog): Procedure[] {
  return catalog.procedures.map((p) => ({
    ...p,
    components: p.components.map((c) => {
      const db = c.lookup === undefined ? undefined : catalog.databases?.find((d) => d.id === c.lookup?.database);
      return c.lookup === undefined || db === undefined ? c : { ...c, lookup: { ...c.lookup, name: db.name } };
    }),
  }));
}

const OUTCOME_VI: Record<LookupOutcome, string> = {
  found: 'đã tra cứu',
  pending: 'chờ tra cứu',
  'could-not-check': 'chưa tra cứu được, chờ tra cứu lại',
  'not-found': 'không tìm thấy, nộp giấy',
};

/** How the forms name a look-up: "Tra cứu Cơ sở dữ liệu quốc gia về dân cư — đã tra cứu". */
export function lookupLine(record: LookupRecord): string {
  return `Tra cứu ${record.databaseName} — ${OUTCOME_VI[record.outcome]}`;
}
