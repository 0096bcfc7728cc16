// Digitisation metadata of one scanned component (issue 15 §2): which catalogue component it
// is, what the paper is (type, number/symbol, issue date, issuer, validity), whether it may be
// reused, and whose it is. The fields an officer must fill are data (field-set.json, from TT
// 01/2023/TT-VPCP Art. 9 with its source; docs/domain/digitisation.md), so a successor circular
// changes the file, not the code. Dates are ISO here; the form reads them dd/mm/yyyy
// (domain/dateInput.ts).
import { z } from 'zod';
import { DeskError, type Bilingual } from '../errors.ts';
import { formatDeskDate } from '../deskTime.ts';
import bundledFieldSet from './field-set.json' with { type: 'json' };

/** The fields of the form whose presence the field set decides. */
export const DIGITISATION_FIELDS = ['documentType', 'number', 'issuedOn', 'issuer', 'summary', 'validUntil'] as const;
export type DigitisationField = (typeof DIGITISATION_FIELDS)[number];

export const fieldSetSchema = z.object({
  version: z.string().min(1),
  fields: z
    .array(z.object({ key: z.enum(DIGITISATION_FIELDS), required: z.boolean(), label: z.object({ vi: z.string().min(1), en: z.string().min(1) }) }))
    .min(1),
  source: z.object({
    law: z.string().min(1),
    urls: z.array(z.string().url()),
    checked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    status: z.enum(['V', 'S', 'U']),
    note: z.string().optional(),
  }),
});
export type FieldSet = z.infer<typeof fieldSetSchema>;

export const BUNDLED_FIELD_SET: FieldSet = fieldSetSchema.parse(bundledFieldSet);

/** Whose paper it is: the applicant or the person filing for them (both already in the dossier's blind index). */
export const OWNER_ROLES = ['applicant', 'representative'] as const;
export type OwnerRole = (typeof OWNER_ROLES)[number];

/** Where a reused component came from: the earlier dossier, its file, who reused it and when. */
export interface ReuseRecord {
  fromDossierId: string;
  fromCode: string;
  sha256: string;
  /** Desk time, ISO 8601 with +07:00. */
  at: string;
  officerId: string;
}

/** The metadata as stored on the dossier's component (sealed with the dossier). */
export interface Digitisation {
  /** The field set's version the officer filled. */
  fieldSet: string;
  /** The catalogue component: the procedure's code and the component's id in it. */
  procedureCode: string;
  specId: string;
  documentType: string;
  number: string;
  /** ISO date. */
  issuedOn: string;
  issuer: string;
  summary?: string;
  /** ISO date, the last day the paper is valid; absent = no end. */
  validUntil?: string;
  reusable: boolean;
  owner: { role: OwnerRole; fullName: string; idNumber: string };
  /** Desk time of the entry, ISO 8601 with +07:00, and who made it. */
  at: string;
  officerId: string;
  /** Present when the component was not scanned again but reused from an earlier dossier. */
  reusedFrom?: ReuseRecord;
}

/** What the officer types: strings as the form holds them (dates ISO, '' when empty or unreadable). */
export interface DigitisationInput {
  documentType: string;
  number: string;
  issuedOn: string;
  issuer: string;
  summary: string;
  validUntil: string;
  reusable: boolean;
  owner: OwnerRole;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One message per field, both languages; the form shows each beside its field. */
export type DigitisationProblems = Partial<Record<DigitisationField | 'owner', Bilingual>>;

function schemaFor(fieldSet: FieldSet, today: string) {
  const required = new Set(fieldSet.fields.filter((f) => f.required).map((f) => f.key));
  const label = (key: DigitisationField) => fieldSet.fields.find((f) => f.key === key)?.label ?? { vi: key, en: key };
  const text = (key: DigitisationField) =>
    z
      .string()
      .trim()
      .max(500)
      .refine((v) => v !== '' || !required.has(key), {
        params: { problem: { vi: `Cần nhập ${label(key).vi.toLowerCase()}.`, en: `Enter the ${label(key).en.toLowerCase()}.` } },
      });
  const date = (key: DigitisationField) =>
    text(key).refine((v) => v === '' || ISO_DATE.test(v), { params: { problem: { vi: 'Ngày không hợp lệ.', en: 'Not a valid date.' } } });
  return z
    .object({
      documentType: text('documentType'),
      number: text('number'),
      issuedOn: date('issuedOn').refine((v) => v === '' || v <= today, {
        params: {
          problem: {
            vi: `Ngày cấp không được ở sau hôm nay (${formatDeskDate(today)}).`,
            en: `The issue date cannot be after today (${formatDeskDate(today)}).`,
          },
        },
      }),
      issuer: text('issuer'),
      summary: text('summary'),
      validUntil: date('validUntil'),
      reusable: z.boolean(),
      owner: z.enum(OWNER_ROLES),
    })
    .superRefine((v, ctx) => {
      if (v.validUntil !== '' && v.issuedOn !== '' && v.validUntil < v.issuedOn) {
        ctx.addIssue({
          code: 'custom',
          path: ['validUntil'],
          params: {
            problem: {
              vi: `Ngày hết hiệu lực (${formatDeskDate(v.validUntil)}) ở trước ngày cấp (${formatDeskDate(v.issuedOn)}).`,
              en: `The validity end (${formatDeskDate(v.validUntil)}) is before the issue date (${formatDeskDate(v.issuedOn)}).`,
            },
          },
        });
      }
    });
}

/** Each field's problem with the input, none when it may be saved. `today` is the desk date (ISO). */
export function digitisationProblems(input: DigitisationInput, today: string, fieldSet: FieldSet = BUNDLED_FIELD_SET): DigitisationProblems {
  const parsed = schemaFor(fieldSet, today).safeParse(input);
  if (parsed.success) return {};
  const problems: DigitisationProblems = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as DigitisationField | 'owner';
    const problem = (issue as { params?: { problem?: Bilingual } }).params?.problem ?? { vi: 'Giá trị không hợp lệ.', en: 'Not a valid value.' };
    problems[key] ??= problem;
  }
  return problems;
}

/**
 * The metadata to store for this input, or a DeskError naming the first problem (the form has
 * shown each beside its field). The owner is read from the dossier, so it always names someone on it.
 */
export function buildDigitisation(
  input: DigitisationInput,
  ctx: {
    today: string;
    at: string;
    officerId: string;
    procedureCode: string;
    specId: string;
    applicant: { fullName: string; idNumber: string; representative?: { fullName: string; idNumber: string } };
    fieldSet?: FieldSet;
  },
): Digitisation {
  const fieldSet = ctx.fieldSet ?? BUNDLED_FIELD_SET;
  const problems = digitisationProblems(input, ctx.today, fieldSet);
  const first = Object.values(problems)[0];
  if (first) throw new DeskError('digitisation-invalid', first);
  const owner = input.owner === 'representative' ? ctx.applicant.representative : ctx.applicant;
  if (!owner) {
    throw new DeskError('digitisation-invalid', {
      vi: 'Hồ sơ không có người nộp thay: giấy tờ thuộc về người nộp hồ sơ.',
      en: 'The dossier names no representative: the paper belongs to the applicant.',
    });
  }
  const trim = (s: string) => s.trim();
  return {
    fieldSet: fieldSet.version,
    procedureCode: ctx.procedureCode,
    specId: ctx.specId,
    documentType: trim(input.documentType),
    number: trim(input.number),
    issuedOn: input.issuedOn,
    issuer: trim(input.issuer),
    ...(trim(input.summary) ? { summary: trim(input.summary) } : {}),
    ...(input.validUntil ? { validUntil: input.validUntil } : {}),
    reusable: input.reusable,
    owner: { role: input.owner, fullName: owner.fullName, idNumber: owner.idNumber.replace(/\s/g, '') },
    at: ctx.at,
    officerId: ctx.officerId,
  };
}

/** May this component be offered again on `today` (ISO desk date)? Reusable, and its validity not ended. */
export function stillReusable(d: Digitisation, today: string): boolean {
  return d.reusable && (d.validUntil === undefined || d.validUntil >= today);
}

/** The form's starting values: empty, or what was stored before. */
export function inputOf(d: Digitisation | undefined): DigitisationInput {
  return {
    documentType: d?.documentType ?? '',
    number: d?.number ?? '',
    issuedOn: d?.issuedOn ?? '',
    issuer: d?.issuer ?? '',
    summary: d?.summary ?? '',
    validUntil: d?.validUntil ?? '',
    reusable: d?.reusable ?? true,
    owner: d?.owner.role ?? 'applicant',
  };
}
