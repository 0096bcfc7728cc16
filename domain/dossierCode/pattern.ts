// The dossier-code layout is data, versioned with an effective date (implications 1–2 in
// docs/domain/README.md): the rule in TT 03/2025 was not retrieved, provinces use a 4-digit
// sequence and ministries 6–7 digits, and each dossier must record the version it was
// numbered under. A template such as "{agency}-{yymmdd}-{seq:4}" has three tokens:
//   {agency}  the agency e-ID            {yymmdd}  the day at UTC+7
//   {seq:N}   the daily sequence, zero-padded to at least N digits; never truncated, so the
//             10,000th dossier of a 4-digit day is "10000" rather than a repeat of "0000".
// Each token must appear exactly once: without the day the daily sequence would repeat,
// and without the agency two offices would share codes.

import { z } from 'zod';
import { DeskError } from '../errors.ts';
import { isCalendarDay } from './calendarDay.ts';

export interface CodePattern {
  version: string;
  /** First day (UTC+7, "YYYY-MM-DD") the pattern numbers dossiers. */
  effectiveFrom: string;
  template: string;
}

export const DEFAULT_CODE_PATTERN: CodePattern = {
  version: 'default-1',
  effectiveFrom: '2020-09-15',
  template: '{agency}-{yymmdd}-{seq:4}',
};

export const codePatternSchema = z.object({
  version: z.string().trim().min(1),
  effectiveFrom: z.string().refine(isCalendarDay, 'expected a real date YYYY-MM-DD'),
  template: z.string().min(1),
});

type Part = { kind: 'literal'; text: string } | { kind: 'agency' } | { kind: 'yymmdd' } | { kind: 'seq'; width: number };

function badTemplate(template: string, reason: { vi: string; en: string }): never {
  throw new DeskError('dossierCode.template', {
    vi: `Mẫu mã hồ sơ "${template}" không hợp lệ: ${reason.vi}`,
    en: `Dossier code template "${template}" is invalid: ${reason.en}`,
  });
}

/** Splits a template into parts; throws DeskError naming what is wrong. */
export function compileTemplate(template: string): Part[] {
  const parts: Part[] = [];
  const seen = new Set<string>();
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    const literal = open === -1 ? rest : rest.slice(0, open);
    if (literal.includes('}')) badTemplate(template, { vi: 'thừa dấu "}"', en: 'stray "}"' });
    if (literal !== '') parts.push({ kind: 'literal', text: literal });
    if (open === -1) break;
    const close = rest.indexOf('}', open);
    if (close === -1) badTemplate(template, { vi: 'thiếu dấu "}"', en: 'missing "}"' });
    const token = rest.slice(open + 1, close);
    const seq = /^seq:(\d)$/.exec(token);
    const part: Part | null =
      token === 'agency'
        ? { kind: 'agency' }
        : token === 'yymmdd'
          ? { kind: 'yymmdd' }
          : seq !== null && Number(seq[1]) >= 1
            ? { kind: 'seq', width: Number(seq[1]) }
            : null;
    if (part === null) {
      badTemplate(template, {
        vi: `không hiểu "{${token}}" (chỉ dùng {agency}, {yymmdd}, {seq:1}…{seq:9})`,
        en: `unknown "{${token}}" (only {agency}, {yymmdd}, {seq:1}…{seq:9})`,
      });
    }
    if (seen.has(part.kind)) {
      badTemplate(template, { vi: `"{${token}}" xuất hiện hai lần`, en: `"{${token}}" appears twice` });
    }
    seen.add(part.kind);
    parts.push(part);
    rest = rest.slice(close + 1);
  }
  for (const kind of ['agency', 'yymmdd', 'seq'] as const) {
    if (!seen.has(kind)) {
      badTemplate(template, { vi: `thiếu {${kind}}`, en: `{${kind}} is missing` });
    }
  }
  return parts;
}

export interface CodeParts {
  agencyId: string;
  /** "YYYY-MM-DD" at UTC+7. */
  day: string;
  sequence: number;
}

/** Renders one dossier code; the sequence grows past the template width instead of wrapping. */
export function formatCode(pattern: CodePattern, { agencyId, day, sequence }: CodeParts): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError(`formatCode: sequence must be a positive integer, got ${sequence}`);
  }
  return compileTemplate(pattern.template)
    .map((part) => {
      switch (part.kind) {
        case 'literal':
          return part.text;
        case 'agency':
          return agencyId;
        case 'yymmdd':
          return day.slice(2, 4) + day.slice(5, 7) + day.slice(8, 10);
        case 'seq':
          return String(sequence).padStart(part.width, '0');
      }
    })
    .join('');
}

/** The pattern in force on a day: the latest whose effectiveFrom is not after it. */
export function patternInForce(patterns: readonly CodePattern[], day: string): CodePattern {
  let best: CodePattern | null = null;
  for (const p of patterns) {
    if (p.effectiveFrom <= day && (best === null || p.effectiveFrom >= best.effectiveFrom)) best = p;
  }
  if (best === null) {
    throw new DeskError('dossierCode.noPattern', {
      vi: `Không có mẫu mã hồ sơ nào có hiệu lực vào ngày ${day}`,
      en: `No dossier code pattern is in force on ${day}`,
    });
  }
  return best;
}
