// What an administrator cannot yet trust in a catalogue that validates. A procedure carries one
// source (a page and the date it was checked) that stands for every field of the record, and
// `unconfirmed` names the fields that source did not settle. A field is therefore unsourced when
// its procedure's source lacks a page or a check date — which the schema refuses outright, so a
// valid file cannot have it — or when it is listed as unconfirmed: those are the warnings.
// Cases (1.001193.01…) are the exception: a procedure's page seldom lists the national portal's
// case split, so each case names its own record, and a case without one is warned about too.

import type { Bilingual } from '../errors.ts';
import type { Catalog, ProcedureField } from '../model.ts';
import { caseCode } from './cases.ts';
import { formatRange } from './versions.ts';

export interface SourceWarning {
  code: string;
  /** Where the procedure sits in the file, so two versions of one code stay apart. */
  index: number;
  fields: ProcedureField[];
  text: Bilingual;
}

/** One warning per procedure that has unconfirmed fields or unsourced cases, in file order. */
export function sourceWarnings(catalog: Catalog): SourceWarning[] {
  return catalog.procedures.flatMap((p, index) => {
    const unsourcedCases = (p.cases ?? []).filter((k) => k.source === undefined).map((k) => caseCode(p, k.suffix));
    const fields = [...new Set<ProcedureField>([...(p.unconfirmed ?? []), ...(unsourcedCases.length > 0 ? (['cases'] as const) : [])])];
    if (fields.length === 0) return [];
    const version = p.effectiveFrom === undefined && p.effectiveTo === undefined ? '' : ` (${formatRange(p)})`;
    const list = fields.map((f) => (f === 'cases' && unsourcedCases.length > 0 ? `cases (${unsourcedCases.join(', ')})` : f)).join(', ');
    return [
      {
        code: p.code,
        index,
        fields,
        text: {
          vi: `procedures[${index}] ${p.code}${version}: chưa xác nhận từ nguồn (${p.source.retrieved}): ${list}`,
          en: `procedures[${index}] ${p.code}${version}: not confirmed by its source (${p.source.retrieved}): ${list}`,
        },
      },
    ];
  });
}
