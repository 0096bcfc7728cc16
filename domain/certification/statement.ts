// The certification statement (lời chứng) the desk adds to an electronic certified copy, and
// the reasons the law gives for refusing to certify. Both wordings are data with their source
// (statement-form.json, refusal-reasons.json): the official electronic Mẫu was not retrieved on
// 2026-12-07, so an administrator can replace the lines without a new release.
import { z } from 'zod';
import { DeskError, type Bilingual } from '../errors.ts';
import bundledForm from './statement-form.json' with { type: 'json' };
import bundledReasons from './refusal-reasons.json' with { type: 'json' };

const sourceSchema = z.object({
  law: z.string().min(1),
  checked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  status: z.enum(['V', 'S', 'U']),
  note: z.string().optional(),
});

export const statementFormSchema = z.object({
  version: z.string().min(1),
  heading: z.string().min(1),
  numberLine: z.string().includes('{number}').includes('{book}'),
  dateLine: z.string().includes('{dd}'),
  certifierTitle: z.string().min(1),
  signatureNote: z.string(),
  bookSymbol: z.string().min(1),
  source: sourceSchema,
});
export type StatementForm = z.infer<typeof statementFormSchema>;

export const BUNDLED_STATEMENT_FORM: StatementForm = statementFormSchema.parse(bundledForm);

export interface StatementInput {
  number: number;
  year: number;
  /** "YYYY-MM-DD" at UTC+7. */
  day: string;
  certifier: string;
  organisation: string;
  /** The commune or ward named before the date ("Tân Phú, ngày …"). */
  place: string;
}

/** The book a number belongs to, as printed: "2026/SCT/BSĐT". */
export function bookLabel(year: number, form: StatementForm = BUNDLED_STATEMENT_FORM): string {
  return `${year}/${form.bookSymbol}`;
}

export interface Statement {
  /** In print order, the certifier's name last. */
  lines: string[];
  formVersion: string;
}

export function composeStatement(input: StatementInput, form: StatementForm = BUNDLED_STATEMENT_FORM): Statement {
  for (const [field, value] of [
    ['certifier', input.certifier],
    ['organisation', input.organisation],
  ] as const) {
    if (!value.trim()) {
      throw new DeskError('certification.statementIncomplete', {
        vi: `Lời chứng thiếu ${field === 'certifier' ? 'họ tên người thực hiện chứng thực' : 'tên cơ quan chứng thực'}.`,
        en: `The statement lacks ${field === 'certifier' ? 'the certifier’s name' : 'the certifying office’s name'}.`,
      });
    }
  }
  const [yyyy, mm, dd] = input.day.split('-') as [string, string, string];
  const fill = (line: string) =>
    line
      .replaceAll('{number}', String(input.number))
      .replaceAll('{book}', bookLabel(input.year, form))
      .replaceAll('{place}', input.place.trim())
      .replaceAll('{dd}', dd)
      .replaceAll('{mm}', mm)
      .replaceAll('{yyyy}', yyyy)
      .replaceAll('{organisation}', input.organisation.trim());
  const dateLine = fill(form.dateLine).replace(/^, /, '');
  return {
    lines: [form.heading, fill(form.numberLine), dateLine, form.certifierTitle, fill(form.signatureNote), input.certifier.trim()].filter((l) => l !== ''),
    formVersion: form.version,
  };
}

export const refusalReasonsSchema = z.object({
  source: sourceSchema,
  reasons: z
    .array(z.object({ id: z.string().min(1), clause: z.string().min(1), vi: z.string().min(1), en: z.string().min(1), note: z.string().optional() }))
    .min(1),
});
export type RefusalReason = z.infer<typeof refusalReasonsSchema>['reasons'][number];

export const BUNDLED_REFUSALS = refusalReasonsSchema.parse(bundledReasons);

/** The reason by id, for recording a refusal; an id the law's list does not hold is refused. */
export function refusalReason(id: string, reasons = BUNDLED_REFUSALS): RefusalReason & { text: Bilingual } {
  const found = reasons.reasons.find((r) => r.id === id);
  if (!found) {
    const known = reasons.reasons.map((r) => r.id).join(', ');
    throw new DeskError('certification.unknownRefusal', {
      vi: `Lý do từ chối "${id}" không có trong danh sách của ${reasons.source.law} (${known}).`,
      en: `Refusal reason "${id}" is not in the list of ${reasons.source.law} (${known}).`,
    });
  }
  return { ...found, text: { vi: `${found.vi} (${found.clause})`, en: `${found.en} (${found.clause})` } };
}
