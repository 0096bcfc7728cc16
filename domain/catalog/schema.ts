// The catalogue file is data an administrator can replace, so every rule the desk
// relies on (unique codes, sane times, well-formed cut-offs) is checked here once,
// instead of being trusted by the forms and the appointment calculator.

import { z } from 'zod';
import type { Bilingual } from '../errors.ts';
import {
  CHANNELS,
  type Channel,
  CONDITION_KINDS,
  COPY_KINDS,
  EXEMPT_GROUPS,
  PROCEDURE_FIELDS,
  type ExemptGroup,
  type FeeExemption,
  SATISFACTIONS,
  type Catalog,
  type ComponentCondition,
} from '../model.ts';
import { citizenTextSchema, TEXT_FIELDS } from '../text/citizenText.ts';
import { formatRange, overlap } from './versions.ts';

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
  satisfiedBy: z.enum(SATISFACTIONS).optional(),
  lookup: z.strictObject({ database: text, paperIfLookupFails: z.boolean() }).optional(),
  // Any string gets through here so that an unknown condition is refused below by name, in both languages.
  // 'cases' is checked against the procedure's cases below, where they are known.
  condition: z
    .strictObject({ when: z.custom<ComponentCondition['when']>((v) => typeof v === 'string'), cases: z.array(text).optional() })
    .transform((c): ComponentCondition => (c.when === 'case' ? { when: 'case', cases: c.cases ?? [] } : ({ ...c } as ComponentCondition)))
    .optional(),
  basis: z.strictObject({ text, checked: isoDate, unconfirmed: z.boolean().optional() }).optional(),
});

const database = z.strictObject({ id: text, name: z.strictObject({ vi: name, en: name }) });

const vnd = z.number().int('VND has no fractions').min(0, 'must not be negative');

/** A closed set whose unknown member is named back in both languages, not as zod's English. */
function oneOf<T extends string>(set: readonly T[], what: Bilingual) {
  return z.custom<T>((v) => typeof v === 'string' && (set as readonly string[]).includes(v), {
    params: { text: { vi: `${what.vi} không có trong danh sách: ${set.join(', ')}`, en: `${what.en} is not one of ${set.join(', ')}` } },
  });
}

const channel = oneOf(CHANNELS, { vi: 'kênh nộp', en: 'channel' });

const exemption = z.strictObject({
  // One object with both keys optional rather than a union, so that an unknown kind is named back, not lost in the union's "Invalid input".
  when: z
    .strictObject({ applicant: oneOf(EXEMPT_GROUPS, { vi: 'đối tượng miễn', en: 'exempt group' }).optional(), channel: channel.optional() })
    .refine((w) => (w.applicant === undefined) !== (w.channel === undefined), {
      params: { text: { vi: 'ghi đúng một điều kiện: applicant hoặc channel', en: 'give exactly one condition: applicant or channel' } },
    })
    .transform((w): FeeExemption['when'] => (w.channel !== undefined ? { channel: w.channel } : { applicant: w.applicant as ExemptGroup })),
  basis: text,
});

const perPage = z
  .strictObject({
    tiers: z.array(z.strictObject({ fromPage: z.number().int().min(1), amount: vnd })).min(1, 'at least one tier'),
    maxPerCopy: vnd,
  })
  .refine((r) => r.tiers[0]?.fromPage === 1 && r.tiers.every((t, i) => i === 0 || t.fromPage > r.tiers[i - 1]!.fromPage), {
    params: { text: { vi: 'bậc giá phải bắt đầu từ trang 1 và tăng dần', en: 'tiers must start at page 1 and ascend' } },
  });

// channels is optional here only so that its absence is refused below with the procedure and fee named.
const fee = z.strictObject({
  amount: vnd,
  label: name,
  channels: z.array(channel).optional(),
  perPage: perPage.optional(),
  province: z.strictObject({ name: text, resolution: text, url: z.url({ protocol: /^https?$/ }), checked: isoDate }).optional(),
  exemptions: z.array(exemption).optional(),
});

/** Where a record's figures were taken from, and the date they were checked there. */
const source = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  retrieved: isoDate,
  note: text.optional(),
});

/** A case (trường hợp) of a procedure: its suffix and name, and what it sets differently. */
const procedureCase = z.strictObject({
  suffix: z.string().regex(/^\d{2,3}$/, 'expected a case number like 01'),
  name,
  processingHours: z.number().min(0, 'must not be negative').multipleOf(0.5, 'use half-hour steps').optional(),
  cutoff: z.string().regex(CLOCK, 'expected HH:mm').nullable().optional(),
  fees: z.array(fee).optional(),
  components: z.array(component).min(1, 'a case needs at least one component').optional(),
  source: source.optional(),
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
    source,
    // A misspelt field name would leave the figure looking confirmed, so only real fields are accepted.
    unconfirmed: z.array(z.enum(PROCEDURE_FIELDS, { error: `expected one of ${PROCEDURE_FIELDS.join(', ')}` })).optional(),
    effectiveFrom: isoDate.optional(),
    effectiveTo: isoDate.optional(),
    cases: z.array(procedureCase).min(1, 'leave cases out rather than empty').optional(),
  })
  .superRefine((p, ctx) => {
    if (p.effectiveFrom !== undefined && p.effectiveTo !== undefined && p.effectiveTo < p.effectiveFrom) {
      const line = `${p.effectiveTo} < ${p.effectiveFrom}`;
      ctx.addIssue({
        code: 'custom',
        path: ['effectiveTo'],
        message: line,
        params: {
          text: {
            vi: `ngày hết hiệu lực ${p.effectiveTo} trước ngày có hiệu lực ${p.effectiveFrom}`,
            en: `ends ${p.effectiveTo} before it starts ${p.effectiveFrom}`,
          },
        },
      });
    }
    const feeLists: Array<{ fees: typeof p.fees; path: PropertyKey[] }> = [
      { fees: p.fees, path: ['fees'] },
      ...(p.cases ?? []).flatMap((c, i) => (c.fees === undefined ? [] : [{ fees: c.fees, path: ['cases', i, 'fees'] }])),
    ];
    for (const { fees, path } of feeLists) checkFees(p.code, fees, path, ctx);
    const seen = new Set<string>();
    p.components.forEach((c, i) => {
      if (seen.has(c.id)) {
        ctx.addIssue({ code: 'custom', path: ['components', i, 'id'], message: `duplicate component id "${c.id}"` });
      }
      seen.add(c.id);
    });
    checkCases(p, ctx);
  })
  // Refused above when missing, so the model's required channels hold on every parsed fee.
  .transform((p) => {
    const withChannels = <F extends { channels?: Channel[] | undefined }>(fees: F[]) => fees.map((f) => ({ ...f, channels: f.channels ?? [] }));
    const { cases, ...rest } = p;
    return {
      ...rest,
      fees: withChannels(p.fees),
      ...(cases === undefined ? {} : { cases: cases.map(({ fees, ...c }) => ({ ...c, ...(fees === undefined ? {} : { fees: withChannels(fees) }) })) }),
    };
  });

type ParsedFee = z.output<typeof fee>;
type RefineCtx = z.RefinementCtx;

function checkFees(code: string, fees: ParsedFee[], path: PropertyKey[], ctx: RefineCtx): void {
  fees.forEach((f, i) => {
    if (f.channels === undefined || f.channels.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, i, 'channels'],
        message: 'fee without a channel',
        params: {
          text: {
            vi: `thủ tục ${code}, khoản "${f.label}": chưa ghi kênh nộp áp dụng (direct = trực tiếp, online = trực tuyến, post = bưu chính công ích)`,
            en: `procedure ${code}, fee "${f.label}": names no channel it applies to (direct, online, post)`,
          },
        },
      });
    }
    if (f.perPage !== undefined && f.perPage.tiers[0]?.amount !== f.amount) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, i, 'amount'],
        message: 'amount differs from the first tier',
        params: {
          text: {
            vi: `thủ tục ${code}, khoản "${f.label}": số tiền phải bằng giá trang 1 của bậc đầu`,
            en: `procedure ${code}, fee "${f.label}": the amount must be the first tier's price of page 1`,
          },
        },
      });
    }
  });
}

/**
 * A case is named by its suffix, once; a condition on a case must name cases the procedure has,
 * or the component would never (or always) be asked for at the counter.
 */
function checkCases(
  p: { code: string; components: Array<z.output<typeof component>>; cases?: Array<z.output<typeof procedureCase>> | undefined },
  ctx: RefineCtx,
): void {
  const suffixes = (p.cases ?? []).map((c) => c.suffix);
  suffixes.forEach((s, i) => {
    if (suffixes.indexOf(s) < i) {
      ctx.addIssue({
        code: 'custom',
        path: ['cases', i, 'suffix'],
        message: `duplicate case "${s}"`,
        params: { text: { vi: `thủ tục ${p.code}: trường hợp ${p.code}.${s} ghi hai lần`, en: `procedure ${p.code}: case ${p.code}.${s} is listed twice` } },
      });
    }
  });
  const known = suffixes.length === 0 ? '—' : suffixes.join(', ');
  const lists = [
    { components: p.components, path: ['components'] as PropertyKey[] },
    ...(p.cases ?? []).flatMap((c, i) => (c.components === undefined ? [] : [{ components: c.components, path: ['cases', i, 'components'] as PropertyKey[] }])),
  ];
  for (const { components, path } of lists) {
    components.forEach((k, j) => {
      const condition = k.condition;
      if (condition === undefined) return;
      const refuse = (vi: string, en: string) =>
        ctx.addIssue({
          code: 'custom',
          path: [...path, j, 'condition'],
          message: en,
          params: { text: { vi: `thủ tục ${p.code}, thành phần "${k.id}": ${vi}`, en: `procedure ${p.code}, component "${k.id}": ${en}` } },
        });
      if (condition.when !== 'case') {
        if ('cases' in condition)
          refuse(`điều kiện "${condition.when}" không nhận danh sách trường hợp`, `condition "${condition.when}" takes no list of cases`);
        return;
      }
      if (condition.cases.length === 0) refuse('điều kiện trường hợp không nêu trường hợp nào', 'the case condition names no case');
      for (const s of condition.cases) {
        if (!suffixes.includes(s)) {
          refuse(
            `điều kiện nêu trường hợp "${s}" nhưng thủ tục không có trường hợp đó (có: ${known})`,
            `the condition names case "${s}", which the procedure does not have (it has: ${known})`,
          );
        }
      }
    });
  }
}

export const catalogSchema = z
  .strictObject({
    version: text,
    effectiveFrom: isoDate,
    databases: z.array(database).optional(),
    procedures: z.array(procedure).min(1, 'the catalogue is empty'),
  })
  .superRefine((c, ctx) => {
    // A component that refers to nothing would be silently skipped or never satisfiable at the counter.
    const databases = new Set((c.databases ?? []).map((d) => d.id));
    c.procedures.forEach((p, i) => {
      const lists = [
        { components: p.components, path: ['procedures', i, 'components'] as PropertyKey[] },
        ...(p.cases ?? []).map((k, n) => ({ components: k.components ?? [], path: ['procedures', i, 'cases', n, 'components'] as PropertyKey[] })),
      ];
      lists.forEach(({ components, path }) =>
        components.forEach((k, j) => {
          const where = { vi: `thủ tục ${p.code}, thành phần "${k.id}"`, en: `procedure ${p.code}, component "${k.id}"` };
          const refuse = (field: string, vi: string, en: string) =>
            ctx.addIssue({
              code: 'custom',
              path: [...path, j, field],
              message: en,
              params: { text: { vi: `${where.vi}: ${vi}`, en: `${where.en}: ${en}` } },
            });
          const lookup = (k.satisfiedBy ?? 'paper') === 'lookup';
          if (lookup && k.lookup === undefined) refuse('lookup', 'tra cứu nhưng không nêu cơ sở dữ liệu', 'looked up but names no database');
          if (!lookup && k.lookup !== undefined)
            refuse('lookup', 'nêu cơ sở dữ liệu nhưng không tra cứu (satisfiedBy)', 'names a database but is not looked up (satisfiedBy)');
          if (k.lookup !== undefined && !databases.has(k.lookup.database)) {
            refuse('lookup', `cơ sở dữ liệu "${k.lookup.database}" không có trong danh mục`, `database "${k.lookup.database}" is not in the catalogue`);
          }
          if (k.condition !== undefined && !(CONDITION_KINDS as readonly string[]).includes(k.condition.when)) {
            refuse('condition', `điều kiện "${k.condition.when}" không tồn tại`, `condition "${k.condition.when}" refers to nothing`);
          }
        }),
      );
    });
    // One code may have several versions, but on any desk date at most one is in force.
    c.procedures.forEach((p, i) => {
      const j = c.procedures.findIndex((q, k) => k < i && q.code === p.code && overlap(p, q));
      if (j < 0) return;
      const [earlier, later] = [formatRange(c.procedures[j]!), formatRange(p)];
      ctx.addIssue({
        code: 'custom',
        path: ['procedures', i, 'code'],
        message: `duplicate procedure code "${p.code}"`,
        params: {
          text: {
            vi: `thủ tục "${p.code}" có hai phiên bản cùng hiệu lực: procedures[${j}] (${earlier}) và procedures[${i}] (${later})`,
            en: `procedure "${p.code}" has two versions in force at once: procedures[${j}] (${earlier}) and procedures[${i}] (${later})`,
          },
        },
      });
    });
  });

/**
 * Compile-time proof that what the schema lets through is a Catalog: if model.ts
 * gains a required field the schema lacks, this line stops compiling.
 */
export type SchemaMatchesModel = z.output<typeof catalogSchema> extends Catalog ? true : never;
export const schemaMatchesModel: SchemaMatchesModel = true;
