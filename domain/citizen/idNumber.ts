// The 12-digit personal identification number (số định danh cá nhân) carries the
// province of birth registration, the century and sex, and the birth year (TT 07/2016,
// TT 59/2021; docs/domain/citizen-identity.md). Checking those against what the citizen declares catches
// most typing slips before a dossier is filed under the wrong person.

import { z } from 'zod';
import type { Gender } from '../model.ts';
import { isCalendarDay } from '../dossierCode/calendarDay.ts';
import type { CitizenProblem } from './problem.ts';
import provinceFile from './provinceCodes.json' with { type: 'json' };

// The list is data an administrator may correct (it is [S], not read in the circular
// itself), so its shape is checked on load rather than trusted.
const provinceFileSchema = z.object({
  version: z.string().min(1),
  confidence: z.enum(['V', 'S', 'U']),
  source: z.object({ document: z.string(), note: z.string(), retrieved: z.string() }),
  provinces: z.array(z.object({ code: z.string().regex(/^\d{3}$/), name: z.string().min(1) })).min(1),
});

const PROVINCES: ReadonlyMap<string, string> = new Map(provinceFileSchema.parse(provinceFile).provinces.map((p) => [p.code, p.name]));

export interface DecodedIdNumber {
  provinceCode: string;
  /** Null when the code is not in the province list. */
  provinceName: string | null;
  gender: Gender;
  birthYear: number;
}

/** What the 4th digit means: even = male, odd = female; each pair is one century from 1900. */
function centuryAndGender(digit: number): { century: number; gender: Gender } {
  return { century: 1900 + Math.floor(digit / 2) * 100, gender: digit % 2 === 0 ? 'male' : 'female' };
}

/** The 4th digit a person of this birth year and gender must have. */
function expectedFourthDigit(birthYear: number, gender: Gender): number {
  return (Math.floor(birthYear / 100) - 19) * 2 + (gender === 'female' ? 1 : 0);
}

const GENDER_TEXT: Record<Gender, { vi: string; en: string }> = {
  male: { vi: 'Nam', en: 'male' },
  female: { vi: 'Nữ', en: 'female' },
};

/** Decodes a structurally valid number (12 digits); null otherwise. */
export function decodeIdNumber(id: string): DecodedIdNumber | null {
  if (!/^\d{12}$/.test(id)) return null;
  const provinceCode = id.slice(0, 3);
  const { century, gender } = centuryAndGender(Number(id[3]));
  return {
    provinceCode,
    provinceName: PROVINCES.get(provinceCode) ?? null,
    gender,
    birthYear: century + Number(id.slice(4, 6)),
  };
}

export interface IdNumberFacts {
  /** ISO "YYYY-MM-DD", as declared or read from the card. */
  dateOfBirth?: string;
  gender?: Gender;
}

function shapeProblems(id: string): CitizenProblem[] {
  if (id.length === 0) {
    return [{ code: 'id.empty', text: { vi: 'Chưa nhập số định danh cá nhân', en: 'The personal ID number is empty' } }];
  }
  const problems: CitizenProblem[] = [];
  const nonDigits = [...new Set(id.replace(/\d/g, ''))];
  if (nonDigits.length > 0) {
    const shown = nonDigits.map((c) => (c.trim() === '' ? '␣' : c)).join(' ');
    problems.push({
      code: 'id.nonDigit',
      text: {
        vi: `Số định danh chỉ gồm chữ số, nhưng có ký tự: ${shown}`,
        en: `The ID number must be digits only, but contains: ${shown}`,
      },
    });
  }
  const length = [...id].length;
  if (length !== 12) {
    // A 9-digit number is almost always the old CMND, which has no encoded fields.
    const hint = /^\d{9}$/.test(id) ? { vi: ' (đây có vẻ là số CMND 9 số cũ)', en: ' (this looks like an old 9-digit CMND number)' } : { vi: '', en: '' };
    problems.push({
      code: 'id.length',
      text: {
        vi: `Số định danh phải có đúng 12 chữ số, đang có ${length}${hint.vi}`,
        en: `The ID number must have exactly 12 digits, it has ${length}${hint.en}`,
      },
    });
  }
  return problems;
}

/**
 * Every problem with the number, alone and against the declared facts; [] means it is
 * consistent. Structure problems (length, non-digits) stop the field-by-field checks,
 * since positions mean nothing in a mistyped string.
 */
export function checkIdNumber(id: string, facts: IdNumberFacts = {}): CitizenProblem[] {
  const shape = shapeProblems(id);
  if (shape.length > 0) return shape;
  const decoded = decodeIdNumber(id)!; // 12 digits, checked just above
  const problems: CitizenProblem[] = [];
  const digit4 = Number(id[3]);

  if (decoded.provinceName === null) {
    problems.push({
      code: 'id.province',
      text: {
        vi: `Ba chữ số đầu ${decoded.provinceCode} không phải mã tỉnh nơi đăng ký khai sinh`,
        en: `The first three digits ${decoded.provinceCode} are not a province code of birth registration`,
      },
    });
  }

  if (facts.dateOfBirth !== undefined) {
    if (!isCalendarDay(facts.dateOfBirth)) {
      problems.push({
        code: 'id.dateOfBirthUnreadable',
        text: {
          vi: `Không đối chiếu được năm sinh: ngày sinh "${facts.dateOfBirth}" không hợp lệ`,
          en: `Cannot cross-check the birth year: date of birth "${facts.dateOfBirth}" is not a valid date`,
        },
      });
    } else {
      const year = Number(facts.dateOfBirth.slice(0, 4));
      const idCentury = decoded.birthYear - (decoded.birthYear % 100);
      if (year - (year % 100) !== idCentury) {
        problems.push({
          code: 'id.century',
          text: {
            vi: `Chữ số thứ 4 (${digit4}) ứng với người sinh năm ${idCentury}–${idCentury + 99}, nhưng năm sinh là ${year}`,
            en: `The 4th digit (${digit4}) means born in ${idCentury}–${idCentury + 99}, but the birth year is ${year}`,
          },
        });
      }
      if (year % 100 !== decoded.birthYear % 100) {
        problems.push({
          code: 'id.birthYear',
          text: {
            vi: `Chữ số thứ 5–6 (${id.slice(4, 6)}) phải là hai số cuối năm sinh ${year}`,
            en: `Digits 5–6 (${id.slice(4, 6)}) must be the last two digits of the birth year ${year}`,
          },
        });
      }
    }
  }

  if (facts.gender !== undefined && facts.gender !== decoded.gender) {
    const year = facts.dateOfBirth !== undefined && isCalendarDay(facts.dateOfBirth) ? Number(facts.dateOfBirth.slice(0, 4)) : decoded.birthYear;
    const expected = expectedFourthDigit(year, facts.gender);
    const expectedNote = expected >= 0 && expected <= 9 ? { vi: `, cần là ${expected}`, en: `, expected ${expected}` } : { vi: '', en: '' };
    problems.push({
      code: 'id.gender',
      text: {
        vi: `Chữ số thứ 4 (${digit4}) ứng với giới tính ${GENDER_TEXT[decoded.gender].vi}, nhưng giới tính khai là ${GENDER_TEXT[facts.gender].vi}${expectedNote.vi}`,
        en: `The 4th digit (${digit4}) means ${GENDER_TEXT[decoded.gender].en}, but the declared gender is ${GENDER_TEXT[facts.gender].en}${expectedNote.en}`,
      },
    });
  }
  return problems;
}
