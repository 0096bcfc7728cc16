// The catalogue file is data an administrator can replace, so every rule the desk
// relies on (unique codes, sane times, well-formed cut-offs) is checked here once,
// instead of being trusted by the forms and the appointment calculator.

import { z } from 'zod';
import { COPY_KINDS, type Catalog } from '../model.ts';
import { citizenTextSchema, TEXT_FIELDS } from '../text/citizenText.ts';

/** National form "1.001193", optionally followed by a local suffix such as ".000.00.00.H55". */
export const PROCEDURE_CODE = /^\d\.\d{6}(\.[0-9A-Z]+)*$/;

/** "HH:mm", 00:00–23:59. */
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Calendar date "YYYY-MM-DD"; checked as a real date, not only by shape. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'not a real calendar date');

const text = z.string().trim().min(1, 'must not be empty');

/** Names are printed on every receipt, so they get the same scrutiny as a citizen's. */
const name = citizenTextSchema(TEXT_FIELDS.name, { required: true });

const copyKind = z.enum(COPY_KINDS);

const component = z.strictObject({
  id: text,
  name,
  accepted: z
    .array(copyKind)
    .min(1, 'at least one accepted kind')
    .refine((a) => new Set(a).size === a.length, 'accepted kinds repeat'),
  count: z.number().int('must be a whole number').min(1, 'must be at least 1'),
  mandatory: z.boolean(),
  note: text.optional(),
});

const fee = z.strictObject({
  amount: z.number().int('VND has no fractions').min(0, 'must not be negative'),
  label: name,
});

const procedure = z
  .strictObject({
    code: z.string().regex(PROCEDURE_CODE, 'expected a procedure code like 1.001193'),
    name,
    field: name,
    level: z.enum(['commune', 'district', 'province']),
    processingHours: z.number().min(0, 'must not be negative').multipleOf(0.5, 'use half-hour steps'),
    cutoff: z.string().regex(CLOCK, 'expected HH:mm').nullable(),
    fees: z.array(fee),
    components: z.array(component).min(1, 'a procedure needs at least one component'),
    source: z.strictObject({
      url: z.url({ protocol: /^https?$/ }),
      retrieved: isoDate,
      note: text.optional(),
    }),
    unconfirmed: z.array(text).optional(),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.components.forEach((c, i) => {
      if (seen.has(c.id)) {
        ctx.addIssue({ code: 'custom', path: ['components', i, 'id'], message: `duplicate component id "${c.id}"` });
      }
      seen.add(c.id);
    });
  });

export const catalogSchema = z
  .strictObject({
    version: text,
    effectiveFrom: isoDate,
    procedures: z.array(procedure).min(1, 'the catalogue is empty'),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.procedures.forEach((p, i) => {
      if (seen.has(p.code)) {
        ctx.addIssue({ code: 'custom', path: ['procedures', i, 'code'], message: `duplicate procedure code "${p.code}"` });
      }
      seen.add(p.code);
    });
  });

/**
 * Compile-time proof that what the schema lets through is a Catalog: if model.ts
 * gains a required field the schema lacks, this line stops compiling.
 */
export type SchemaMatchesModel = z.output<typeof catalogSchema> extends Catalog ? true : never;
export const schemaMatchesModel: SchemaMatchesModel = true;
