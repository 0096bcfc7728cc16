// Reception beyond the commune's boundary ("phi địa giới hành chính"): which procedures a
// citizen may file at any commune centre of the province is decided by each province (Hải
// Phòng QĐ 3407/QĐ-UBND, Đồng Nai QĐ 2095/QĐ-UBND; docs/domain/local-government.md, checked
// 2026-12-07) and changes by decision, so it is data an administrator installs or the
// province publishes, never a constant. A list is accepted whole or not at all: a desk that
// kept half of a bad list would let the officer file dossiers the province never allowed.

import { z } from 'zod';
import { DeskError, type Bilingual } from '../errors.ts';
import { checkAgencyId } from '../dossierCode/agencyId.ts';
import { showInvisible } from '../text/citizenText.ts';
import { PROCEDURE_CODE } from './schema.ts';
import { formatPath } from './validate.ts';

/** One provincial decision and the procedures it opens beyond the boundary. */
export interface NonTerritorialDecision {
  /** e.g. "3407/QĐ-UBND". */
  number: string;
  /** Date the decision was signed, YYYY-MM-DD. */
  date: string;
  /** First day a dossier may be filed beyond the boundary under it, YYYY-MM-DD. */
  effectiveFrom: string;
  /** Where the decision was read, and when. */
  source: { url: string; retrieved: string };
  procedures: string[];
}

export interface NonTerritorialList {
  version: string;
  province: string;
  decisions: NonTerritorialDecision[];
}

/** The agency that decides the dossier when it is filed at another commune's desk. */
export interface CompetentAgency {
  name: string;
  agencyId: string;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'not a real calendar date');

const text = z.string().trim().min(1, 'must not be empty').max(300);

const listSchema = z.strictObject({
  version: text.max(60),
  province: text,
  decisions: z
    .array(
      z.strictObject({
        number: text.max(60),
        date: isoDate,
        effectiveFrom: isoDate,
        source: z.strictObject({ url: z.url({ protocol: /^https?$/ }), retrieved: isoDate }),
        procedures: z.array(z.string().regex(PROCEDURE_CODE, 'not a procedure code')).min(1).max(5000),
      }),
    )
    .min(1),
});

function refuse(problems: Bilingual[]): never {
  const list = (lang: keyof Bilingual) => problems.map((p) => `- ${showInvisible(p[lang])}`).join('\n');
  throw new DeskError('nonTerritorial.invalid', {
    vi: `Danh sách thủ tục tiếp nhận không phụ thuộc địa giới hành chính không hợp lệ, không nạp phần nào:\n${list('vi')}`,
    en: `The list of procedures received beyond the administrative boundary is invalid; nothing was loaded:\n${list('en')}`,
  });
}

/**
 * Checks a list against the catalogue the desk holds: a code the catalogue does not know is
 * refused, since the officer could never pick it and a typo would hide a procedure the
 * province opened. Throws DeskError naming every problem with its path.
 */
export function parseNonTerritorial(raw: unknown, catalogCodes: ReadonlySet<string>): NonTerritorialList {
  const result = listSchema.safeParse(raw);
  if (!result.success) {
    refuse(
      result.error.issues.map((issue) => {
        const line = `${formatPath(issue.path)}: ${issue.message}`;
        return { vi: line, en: line };
      }),
    );
  }
  const problems: Bilingual[] = [];
  result.data.decisions.forEach((d, i) => {
    d.procedures.forEach((code, j) => {
      if (!catalogCodes.has(code)) {
        const where = `decisions[${i}].procedures[${j}]`;
        problems.push({ vi: `${where}: thủ tục ${code} không có trong danh mục của bàn`, en: `${where}: procedure ${code} is not in the desk's catalogue` });
      }
    });
    if (d.effectiveFrom < d.date) {
      problems.push({
        vi: `decisions[${i}].effectiveFrom: ngày áp dụng ${d.effectiveFrom} trước ngày ký ${d.date}`,
        en: `decisions[${i}].effectiveFrom: in force ${d.effectiveFrom}, before it was signed ${d.date}`,
      });
    }
  });
  if (problems.length > 0) refuse(problems);
  return result.data;
}

/** The decision that lets `procedureCode` be filed beyond the boundary on `day` (YYYY-MM-DD, desk time), or null. */
export function nonTerritorialBasis(list: NonTerritorialList | null, procedureCode: string, day: string): NonTerritorialDecision | null {
  if (!list) return null;
  return list.decisions.find((d) => d.effectiveFrom <= day && d.procedures.includes(procedureCode)) ?? null;
}

/** Trims and checks the competent agency the officer chose; it must be another agency than this desk's. */
export function checkCompetentAgency(agency: CompetentAgency, ownAgencyId: string): CompetentAgency {
  const name = agency.name.trim();
  const agencyId = agency.agencyId.trim();
  if (name === '') {
    throw new DeskError('competentAgency.name', { vi: 'Chưa nhập tên cơ quan có thẩm quyền giải quyết.', en: 'The competent agency has no name.' });
  }
  const problems = checkAgencyId(agencyId).problems;
  if (problems.length > 0) {
    throw new DeskError('competentAgency.id', {
      vi: `Mã định danh cơ quan có thẩm quyền: ${problems.map((p) => p.text.vi).join('; ')}.`,
      en: `The competent agency's e-ID: ${problems.map((p) => p.text.en).join('; ')}.`,
    });
  }
  if (agencyId === ownAgencyId) {
    throw new DeskError('competentAgency.self', {
      vi: 'Cơ quan có thẩm quyền là chính cơ quan tiếp nhận: không phải hồ sơ tiếp nhận không phụ thuộc địa giới.',
      en: 'The competent agency is this receiving office: the dossier is not filed beyond the boundary.',
    });
  }
  return { name, agencyId };
}
