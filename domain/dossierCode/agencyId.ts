// The agency electronic identifier (mã định danh điện tử, QĐ 20/2020/QĐ-TTg) opens every
// dossier code. The decision allows at most 35 characters of 0–9, A–Z and dots. Two group
// orders are in use (docs/domain/dossier-codes-and-catalogue.md): the legacy right-to-left
// one, where the level-1 unit (province "H56", ministry "G09"…) is the last group
// ("000.17.22.H56"), and the current
// left-to-right one, where it is the first ("H15.50.05.13", "H55.242"). Both must be
// accepted; the order is reported so settings can show the officer what was understood.

import type { Bilingual } from '../errors.ts';

export type AgencyIdOrder = 'rightToLeft' | 'leftToRight' | 'undetermined';

export interface AgencyIdProblem {
  code: string;
  text: Bilingual;
}

export interface AgencyIdCheck {
  problems: AgencyIdProblem[];
  groups: string[];
  /** 'undetermined' for a single group, or when neither or both ends look like level 1. */
  order: AgencyIdOrder;
}

const MAX_LENGTH = 35;

/** A level-1 unit: one capital letter and two digits ("H56" province, "G09" ministry) [S]. */
const LEVEL_ONE = /^[A-Z]\d{2}$/;

function orderOf(groups: string[]): AgencyIdOrder {
  if (groups.length < 2) return 'undetermined';
  const firstIsTop = LEVEL_ONE.test(groups[0]!);
  const lastIsTop = LEVEL_ONE.test(groups.at(-1)!);
  if (firstIsTop === lastIsTop) return 'undetermined';
  return firstIsTop ? 'leftToRight' : 'rightToLeft';
}

/** Checks an agency e-ID; an empty `problems` list means it may open a dossier code. */
export function checkAgencyId(id: string): AgencyIdCheck {
  const problems: AgencyIdProblem[] = [];
  const groups = id.split('.');
  if (id.length === 0) {
    problems.push({
      code: 'agencyId.empty',
      text: { vi: 'Chưa nhập mã định danh cơ quan', en: 'The agency e-ID is empty' },
    });
    return { problems, groups: [], order: 'undetermined' };
  }
  if (id.length > MAX_LENGTH) {
    problems.push({
      code: 'agencyId.tooLong',
      text: {
        vi: `Mã định danh cơ quan dài tối đa ${MAX_LENGTH} ký tự, đang có ${id.length}`,
        en: `The agency e-ID is at most ${MAX_LENGTH} characters, it has ${id.length}`,
      },
    });
  }
  const badChars = [...new Set(id.replace(/[0-9A-Z.]/g, ''))];
  if (badChars.length > 0) {
    const shown = badChars.map((c) => (c.trim() === '' ? '␣' : c)).join(' ');
    problems.push({
      code: 'agencyId.characters',
      text: {
        vi: `Mã định danh cơ quan chỉ gồm chữ số, chữ in hoa A–Z và dấu chấm; có ký tự: ${shown}`,
        en: `The agency e-ID may contain only digits, capitals A–Z and dots; found: ${shown}`,
      },
    });
  }
  if (groups.some((g) => g === '')) {
    problems.push({
      code: 'agencyId.emptyGroup',
      text: {
        vi: 'Mã định danh cơ quan có dấu chấm ở đầu, ở cuối hoặc hai dấu chấm liền nhau',
        en: 'The agency e-ID has a leading, trailing or doubled dot',
      },
    });
  }
  return { problems, groups, order: orderOf(groups) };
}

/**
 * An office's own identifier, as entered at first run and in Settings: well formed, and naming
 * its level-1 unit (ministry or province) at one end. QĐ 20/2020/QĐ-TTg [V] makes the level-1
 * group the top of every identifier; the published identifiers and Quảng Ninh's QĐ
 * 3739/QĐ-UBND (3 Nov 2016, applying QCVN 102:2016/BTTTT: "V1V2V3.Z1Z2.Y1Y2.H49", "H49 là mã
 * cấp 1") write it as one capital letter and two digits [S]
 * (docs/domain/dossier-codes-and-catalogue.md, checked 2026-12-07). So "abc", well formed
 * once upper-cased, is refused: it names no province or ministry. Other identifiers (a
 * competent agency on a provincial list, the province's intake) keep the plain check.
 */
export function checkOfficeAgencyId(id: string): AgencyIdCheck {
  const check = checkAgencyId(id);
  if (check.problems.length > 0 || LEVEL_ONE.test(check.groups[0]!) || LEVEL_ONE.test(check.groups.at(-1)!)) return check;
  return {
    ...check,
    problems: [
      {
        code: 'agencyId.noLevelOne',
        text: {
          vi: 'Mã định danh cơ quan phải có mã cấp 1 của tỉnh hoặc bộ (một chữ in hoa và hai chữ số, như H56) ở đầu hoặc cuối, ví dụ 000.17.22.H56 hoặc H15.50.05.13',
          en: 'The agency e-ID must carry its province or ministry level-1 code (one capital and two digits, such as H56) at one end, e.g. 000.17.22.H56 or H15.50.05.13',
        },
      },
    ],
  };
}
