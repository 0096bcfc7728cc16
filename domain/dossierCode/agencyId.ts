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
