// The national portal prices and times some procedures per case (trường hợp), e.g. 1.001193.01:
// the officer picks the case at the counter, and the case's own time, cut-off, fees and
// components replace the procedure's for that dossier.

import { DeskError } from '../errors.ts';
import type { Procedure, ProcedureCase } from '../model.ts';

/** "1.001193" + "01" → "1.001193.01", the code the national portal gives the case. */
export function caseCode(procedure: Pick<Procedure, 'code'>, suffix: string): string {
  return `${procedure.code}.${suffix}`;
}

/** The case the officer picked, or undefined when none was (or the procedure has none). */
export function chosenCase(procedure: Pick<Procedure, 'cases' | 'chosenCase'>): ProcedureCase | undefined {
  return procedure.chosenCase === undefined ? undefined : procedure.cases?.find((c) => c.suffix === procedure.chosenCase);
}

/** The procedure with `suffix` picked (undefined = no case); refuses a case the procedure lacks. */
export function withCase(procedure: Procedure, suffix: string | undefined): Procedure {
  const base: Procedure = { ...procedure };
  delete base.chosenCase;
  if (suffix === undefined) return base;
  if (!procedure.cases?.some((c) => c.suffix === suffix)) {
    throw new DeskError('catalog.unknown-case', {
      vi: `Thủ tục ${procedure.code} không có trường hợp ${caseCode(procedure, suffix)}.`,
      en: `Procedure ${procedure.code} has no case ${caseCode(procedure, suffix)}.`,
    });
  }
  return { ...base, chosenCase: suffix };
}

/**
 * The procedure as it applies to this dossier: the picked case's time, cut-off, fees and
 * components where it sets them, and only the components whose case condition holds (none
 * of them when no case is picked). Every procedure the counter works with goes through here,
 * which is why componentApplies takes a case condition as already met.
 */
export function applyCase(procedure: Procedure): Procedure {
  const picked = chosenCase(procedure);
  const components = (picked?.components ?? procedure.components).filter(
    (k) => k.condition?.when !== 'case' || (picked !== undefined && k.condition.cases.includes(picked.suffix)),
  );
  return {
    ...procedure,
    processingHours: picked?.processingHours ?? procedure.processingHours,
    cutoff: picked?.cutoff !== undefined ? picked.cutoff : procedure.cutoff,
    fees: picked?.fees ?? procedure.fees,
    components,
  };
}

/** What the dossier keeps of the picked case: its full code and name. */
export function dossierCase(procedure: Procedure): { code: string; name: string } | undefined {
  const picked = chosenCase(procedure);
  return picked === undefined ? undefined : { code: caseCode(procedure, picked.suffix), name: picked.name };
}

/** The procedure as the forms name it: "Đăng ký khai sinh (trường hợp 1.001193.01: …)". */
export function procedureLine(dossier: { procedureName: string; procedureCase?: { code: string; name: string } }): string {
  const c = dossier.procedureCase;
  return c === undefined ? dossier.procedureName : `${dossier.procedureName} (trường hợp ${c.code}: ${c.name})`;
}
