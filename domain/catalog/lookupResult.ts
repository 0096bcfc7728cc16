// A look-up left pending at the counter ("chờ tra cứu", offline) is resolved later, by the
// officer at the desk or by the province through the sync feed, with the same rules: the
// result belongs to a component the dossier looks up, "found" names the record found, and "not
// found" makes the component a paper the citizen owes (NQ 66.7/2025/NQ-CP; NĐ 18/2026 Art. 13:
// the paper is asked for only when the look-up fails; docs/domain/dossier-codes-and-catalogue.md).

import { DeskError } from '../errors.ts';
import type { Dossier, LookupOutcome, LookupRecord, ReceivedComponent } from '../model.ts';

/** The outcomes a later look-up can record; 'pending' is only ever the counter's. */
export const RESOLVED_OUTCOMES = ['found', 'not-found', 'could-not-check'] as const satisfies readonly LookupOutcome[];
export type ResolvedOutcome = (typeof RESOLVED_OUTCOMES)[number];

export interface LookupResult {
  specId: string;
  outcome: ResolvedOutcome;
  /** Required for 'found': the number of the record the database returned. */
  reference?: string;
}

/** Longest reference kept: a register entry or an identification number is far shorter. */
export const REFERENCE_MAX = 100;

/** Outcomes after which the look-up is settled: a later, different result is refused. */
const SETTLED = new Set<LookupOutcome>(['found', 'not-found']);

function refuse(code: string, vi: string, en: string): never {
  throw new DeskError(code, { vi, en });
}

/**
 * The dossier's components with the look-up resolved, or null when the dossier already holds
 * exactly this result (the province's feed may be read twice). Refuses, in both languages, a
 * result for a component the dossier lacks or does not look up, an outcome that resolves
 * nothing, "found" without the record's number, and a result contradicting a settled one.
 */
export function resolveLookup(
  dossier: Pick<Dossier, 'code' | 'procedureCode' | 'components'>,
  result: LookupResult,
  by: { officerId: string; at: string },
): ReceivedComponent[] | null {
  const label = dossier.code || dossier.procedureCode;
  const component = dossier.components.find((c) => c.specId === result.specId);
  if (component === undefined) {
    refuse(
      'lookup.unknown-component',
      `Hồ sơ ${label} không có thành phần "${result.specId}", không ghi kết quả tra cứu.`,
      `Dossier ${label} has no component "${result.specId}"; the look-up result was not recorded.`,
    );
  }
  const current = component.lookup;
  if (current === undefined) {
    refuse(
      'lookup.not-lookup',
      `Hồ sơ ${label}: thành phần "${component.name}" không được tra cứu trong cơ sở dữ liệu, không ghi kết quả tra cứu.`,
      `Dossier ${label}: component "${component.name}" is not looked up in a database; the look-up result was not recorded.`,
    );
  }
  if (!(RESOLVED_OUTCOMES as readonly string[]).includes(result.outcome)) {
    refuse(
      'lookup.outcome-invalid',
      `Kết quả tra cứu "${String(result.outcome)}" không hợp lệ: chỉ ghi "có dữ liệu", "không tìm thấy" hoặc "chưa tra cứu được".`,
      `The look-up outcome "${String(result.outcome)}" is not valid: record found, not found or could not check.`,
    );
  }
  const reference = typeof result.reference === 'string' ? result.reference.trim().normalize('NFC') : '';
  if (result.outcome === 'found' && reference === '') {
    refuse(
      'lookup.reference-required',
      `Thành phần "${component.name}": có dữ liệu thì phải ghi số/mã bản ghi tìm thấy trong ${current.databaseName}.`,
      `Component "${component.name}": a look-up that found the data must give the number of the record found in the database.`,
    );
  }
  if (reference.length > REFERENCE_MAX) {
    refuse(
      'lookup.reference-too-long',
      `Số/mã bản ghi tra cứu dài quá ${REFERENCE_MAX} ký tự.`,
      `The record number is longer than ${REFERENCE_MAX} characters.`,
    );
  }
  const kept = result.outcome === 'found' ? reference : undefined;
  if (SETTLED.has(current.outcome)) {
    if (current.outcome === result.outcome && current.reference === kept) return null;
    refuse(
      'lookup.already-resolved',
      `Hồ sơ ${label}: thành phần "${component.name}" đã có kết quả tra cứu khác, không ghi đè.`,
      `Dossier ${label}: component "${component.name}" already has a different look-up result; it was not overwritten.`,
    );
  }
  const lookup: LookupRecord = {
    database: current.database,
    databaseName: current.databaseName,
    numberGiven: current.numberGiven,
    outcome: result.outcome,
    ...(kept === undefined ? {} : { reference: kept }),
    at: by.at,
    officerId: by.officerId,
  };
  return dossier.components.map((c) => (c === component ? { ...c, lookup } : c));
}
