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
    case 'case':
      // applyCase (cases.ts) has already dropped the components of cases not picked.
      return true;
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

/**
 * The conditions' inputs from what the officer entered about who files. Representative fields
 * typed into and emptied again leave an empty record behind: that citizen still came in person.
 */
export function entriesOf(applicant: Pick<Applicant, 'representative'>): ReceptionEntries {
  const rep = applicant.representative;
  return { representative: rep !== undefined && (rep.fullName.trim() !== '' || rep.idNumber.trim() !== '') };
}

/**
 * Whether a stored component record is still owed on paper (the supplement request, Mẫu 02): a
 * looked-up component is owed only once its look-up found nothing.
 */
export function stillOwed(record: Pick<ReceivedComponent, 'received' | 'lookup'>): boolean {
  return !record.received && (record.lookup === undefined || record.lookup.outcome === 'not-found');
}

/** One line the officer may put on a supplement request (Mẫu 02). */
export interface SupplementChoice {
  specId: string;
  name: string;
  /** A mandatory paper not handed in: on the list unless the officer leaves it out. */
  mandatory: boolean;
  /** Handed in, yet the officer may ask for it to be completed or corrected ("hoàn thiện"). */
  received: boolean;
}

/**
 * What a supplement request may ask for: components that apply to this filing (no
 * authorisation letter from a citizen who came in person) and that a paper can be asked for (a
 * look-up only once it found nothing). Mandatory papers missing first, then other papers
 * missing, then those handed in that may need completing; Mẫu 02's table lists the items to
 * supplement or complete (NĐ 61/2018 Art. 15 and the form's fields:
 * docs/domain/legal-basis-and-forms.md, checked 2026-12-07).
 */
export function supplementChoices(specs: readonly ComponentSpec[], records: readonly ReceivedComponent[], entries: ReceptionEntries): SupplementChoice[] {
  const choices = applicableComponents(specs, entries).flatMap((spec) => {
    const record = records.find((r) => r.specId === spec.id);
    if (isLookup(spec) && record?.lookup?.outcome !== 'not-found') return [];
    const received = record?.received === true;
    return [{ specId: spec.id, name: spec.name, mandatory: !received && paperRequired(spec, record?.lookup?.outcome), received }];
  });
  const rank = (c: SupplementChoice) => (c.mandatory ? 0 : c.received ? 2 : 1);
  return choices.sort((a, b) => rank(a) - rank(b));
}

/**
 * The list Mẫu 02 starts from: the mandatory papers missing; when none is, every paper not
 * handed in; when all were, every paper, to be completed (what the request printed before the
 * officer could choose).
 */
export function defaultSupplementItems(choices: readonly SupplementChoice[]): string[] {
  const mandatory = choices.filter((c) => c.mandatory);
  const missing = choices.filter((c) => !c.received);
  return (mandatory.length > 0 ? mandatory : missing.length > 0 ? missing : choices).map((c) => c.specId);
}

/** Refuses a supplement request that asks for nothing, or for a component it may not ask for (see supplementChoices). */
export function assertSupplementItems(procedure: Pick<Procedure, 'code'>, choices: readonly SupplementChoice[], requested: readonly string[]): void {
  if (requested.length === 0) {
    throw new DeskError('supplement.nothing-requested', {
      vi: 'Phiếu yêu cầu bổ sung phải nêu ít nhất một thành phần cần bổ sung.',
      en: 'The supplement request must name at least one component to supplement.',
    });
  }
  const stray = requested.find((id) => !choices.some((c) => c.specId === id));
  if (stray !== undefined) {
    throw new DeskError('supplement.not-owed', {
      vi: `Thủ tục ${procedure.code}: không được yêu cầu nộp thành phần "${stray}" (không áp dụng cho hồ sơ này hoặc được tra cứu trong cơ sở dữ liệu), không lập phiếu.`,
      en: `Procedure ${procedure.code}: component "${stray}" may not be asked for (it does not apply to this dossier or is looked up in a database); the request was not issued.`,
    });
  }
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
