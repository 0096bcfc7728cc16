// Finding a procedure at the counter. The officer types fast and loosely: without diacritics
// ("khai sinh"), in the desk's shorthand ("dkks" for Đăng ký khai sinh: the initials of the
// words), or part of a code read off a paper ("001193"). The best match must be on top, since
// Enter picks it; among equally good matches the procedures this desk receives most come first.

import type { Procedure } from '../model.ts';
import { fold, foldWords } from '../search/fold.ts';
import { caseCode, withCase } from './cases.ts';

/** How often, and when last, this desk received a procedure (from its own dossiers). */
export interface ProcedureUse {
  count: number;
  /** The latest receipt time, ISO 8601 (same zone throughout, so strings order as times). */
  lastAt: string;
}
export type ProcedureUsage = ReadonlyMap<string, ProcedureUse>;

/** Counts each procedure's dossiers and keeps its latest receipt time. */
export function summarizeUsage(dossiers: Iterable<{ procedureCode: string; receivedAt: string }>): Map<string, ProcedureUse> {
  const usage = new Map<string, ProcedureUse>();
  for (const d of dossiers) {
    const seen = usage.get(d.procedureCode);
    if (!seen) usage.set(d.procedureCode, { count: 1, lastAt: d.receivedAt });
    else usage.set(d.procedureCode, { count: seen.count + 1, lastAt: d.receivedAt > seen.lastAt ? d.receivedAt : seen.lastAt });
  }
  return usage;
}

/** How well a procedure matches; lower sorts first. Usage only orders procedures within one tier. */
export const MatchTier = {
  /** The whole name, or the whole code with or without its dots. */
  Exact: 0,
  /** The name starts with what was typed: "dang ky khai" → Đăng ký khai sinh. */
  Leading: 1,
  /** The typed words run to the end of the name: "khai sinh" → Đăng ký khai sinh. */
  PhraseEnd: 2,
  /** The typed words follow each other inside the name: "khai sinh" → Đăng ký khai sinh lưu động. */
  Phrase: 3,
  /** Every typed word starts a word of the name, in any order. */
  NameWords: 4,
  /** Every typed word starts a word of the name, the field (lĩnh vực) or the code. */
  OtherWords: 5,
  /** The initials of the name's words: "dkks" → Đăng ký khai sinh. */
  InitialsExact: 6,
  /** The initials of the name start with what was typed: "dkkh" → Đăng ký kết hôn lưu động. */
  InitialsPrefix: 7,
  /** The initials of the field, a shorthand for all of it: "ct" → every Chứng thực procedure. */
  FieldInitials: 8,
  /** Initials of consecutive words inside the name: "ks" → Đăng ký lại khai sinh. */
  InitialsInside: 9,
  /** Digits the code starts with: "1.0011", "10011". */
  CodePrefix: 10,
  /** Digits anywhere in the code: "001193". */
  CodeInside: 11,
} as const;
export type MatchTier = (typeof MatchTier)[keyof typeof MatchTier];

/** A query of digits, dots and spaces is a code; anything else is read as words or initials. */
const CODE_QUERY = /^[\d.\s]*\d[\d.\s]*$/;
/** Initials are letters only, at least two (one letter starts too many words to mean anything). */
const INITIALS_QUERY = /^\p{L}{2,}$/u;

interface Folded {
  words: string[];
  joined: string;
  initials: string;
  fieldWords: string[];
  fieldInitials: string;
  codeWords: string[];
  codeDigits: string;
}

const initialsOf = (words: readonly string[]) => words.map((w) => w[0]).join('');
const digitsOf = (text: string) => text.replace(/\D/g, '');

// Folded once per procedure object, not on every keystroke.
const folded = new WeakMap<Procedure, Folded>();

function foldProcedure(p: Procedure): Folded {
  const cached = folded.get(p);
  if (cached) return cached;
  const words = foldWords(p.name);
  const fieldWords = foldWords(p.field);
  const f: Folded = {
    words,
    joined: words.join(' '),
    initials: initialsOf(words),
    fieldWords,
    fieldInitials: initialsOf(fieldWords),
    codeWords: foldWords(p.code),
    codeDigits: digitsOf(p.code),
  };
  folded.set(p, f);
  return f;
}

const startsSome = (candidates: readonly string[], word: string) => candidates.some((c) => c.startsWith(word));

function codeTier(f: Folded, digits: string): MatchTier | null {
  if (f.codeDigits === digits) return MatchTier.Exact;
  if (f.codeDigits.startsWith(digits)) return MatchTier.CodePrefix;
  if (f.codeDigits.includes(digits)) return MatchTier.CodeInside;
  return null;
}

function wordTier(f: Folded, words: string[], typed: string): MatchTier | null {
  if (f.joined === typed) return MatchTier.Exact;
  if (f.joined.startsWith(typed)) return MatchTier.Leading;
  // From each later word on: all typed words but the last equal, the last a prefix.
  let phrase: MatchTier | null = null;
  for (let i = 1; i < f.words.length; i++) {
    const rest = f.words.slice(i).join(' ');
    if (rest === typed) return MatchTier.PhraseEnd;
    if (phrase === null && rest.startsWith(typed)) phrase = MatchTier.Phrase;
  }
  if (phrase !== null) return phrase;
  if (words.every((w) => startsSome(f.words, w))) return MatchTier.NameWords;
  // Every word must start some word, so a mistyped word finds nothing instead of widening the list.
  if (words.every((w) => startsSome(f.words, w) || startsSome(f.fieldWords, w) || startsSome(f.codeWords, w))) return MatchTier.OtherWords;
  return null;
}

function initialsTier(f: Folded, initials: string): MatchTier | null {
  if (f.initials === initials) return MatchTier.InitialsExact;
  if (f.initials.startsWith(initials)) return MatchTier.InitialsPrefix;
  if (f.fieldInitials.startsWith(initials)) return MatchTier.FieldInitials;
  if (f.initials.includes(initials)) return MatchTier.InitialsInside;
  return null;
}

/** How the procedure matches the query, or null if it does not; an empty query matches nothing. */
export function matchTier(p: Procedure, query: string): MatchTier | null {
  const f = foldProcedure(p);
  if (CODE_QUERY.test(query)) return codeTier(f, digitsOf(query));
  const words = foldWords(query);
  if (words.length === 0) return null;
  const tier = wordTier(f, words, words.join(' '));
  if (tier !== null) return tier;
  return words.length === 1 && INITIALS_QUERY.test(words[0]!) ? initialsTier(f, words[0]!) : null;
}

const NO_USE: ProcedureUse = { count: 0, lastAt: '' };

/** More used first, then more recently used, then by name (folded, so "Đ" sorts with "D"), then code. */
export function byUsage(usage: ProcedureUsage): (a: Procedure, b: Procedure) => number {
  return (a, b) => {
    const ua = usage.get(a.code) ?? NO_USE;
    const ub = usage.get(b.code) ?? NO_USE;
    if (ua.count !== ub.count) return ub.count - ua.count;
    if (ua.lastAt !== ub.lastAt) return ua.lastAt < ub.lastAt ? 1 : -1;
    return compareText(fold(a.name), fold(b.name)) || compareText(a.code, b.code);
  };
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface SearchOptions {
  /** This desk's use of each procedure, to order equally good matches. */
  usage?: ProcedureUsage;
  /** At most this many results. */
  limit?: number;
  /** Only procedures of this field (lĩnh vực); with an empty query, all of them. */
  field?: string;
}

/** A case's whole code read off a paper ("1.001193.01", dots optional) gives its procedure with that case picked. */
function caseMatch(p: Procedure, query: string): Procedure | undefined {
  if (p.cases === undefined || !CODE_QUERY.test(query)) return undefined;
  const digits = digitsOf(query);
  const hit = p.cases.find((c) => digitsOf(caseCode(p, c.suffix)) === digits);
  return hit === undefined ? undefined : withCase(p, hit.suffix);
}

/** Procedures matching the query, best first. */
export function searchProcedures(procedures: readonly Procedure[], query: string, options: SearchOptions = {}): Procedure[] {
  const { usage = new Map(), limit = 20, field } = options;
  const pool = field === undefined ? procedures : procedures.filter((p) => p.field === field);
  // Browsing a field: with nothing typed, all of it matches alike and usage alone orders it.
  const tiered: Array<{ p: Procedure; tier: MatchTier }> =
    field !== undefined && foldWords(query).length === 0
      ? pool.map((p) => ({ p, tier: MatchTier.Exact }))
      : pool.flatMap((p) => {
          const picked = caseMatch(p, query);
          if (picked !== undefined) return [{ p: picked, tier: MatchTier.Exact }];
          const tier = matchTier(p, query);
          return tier === null ? [] : [{ p, tier }];
        });
  const order = byUsage(usage);
  return tiered
    .sort((a, b) => a.tier - b.tier || order(a.p, b.p))
    .slice(0, Math.max(0, limit))
    .map((x) => x.p);
}

export interface FieldEntry {
  field: string;
  /** Procedures of the field in the list given. */
  procedures: number;
}

export interface Browse {
  /** Distinct procedures this desk received last, latest first. */
  recent: Procedure[];
  /** The procedures this desk receives most, not already in `recent`. */
  frequent: Procedure[];
  /** Every field: the ones this desk uses most first, then the larger ones (so a new desk starts with Hộ tịch), then by name. */
  fields: FieldEntry[];
}

/** What an empty search offers: recent and frequent procedures, and the fields to browse. */
export function browseProcedures(procedures: readonly Procedure[], usage: ProcedureUsage, sizes = { recent: 3, frequent: 5 }): Browse {
  const used = procedures.filter((p) => usage.has(p.code));
  const recent = [...used].sort((a, b) => compareText(usage.get(b.code)!.lastAt, usage.get(a.code)!.lastAt) || byUsage(usage)(a, b)).slice(0, sizes.recent);
  const frequent = used
    .filter((p) => !recent.includes(p))
    .sort(byUsage(usage))
    .slice(0, sizes.frequent);

  const fields = new Map<string, { procedures: number; uses: number }>();
  for (const p of procedures) {
    const f = fields.get(p.field) ?? { procedures: 0, uses: 0 };
    fields.set(p.field, { procedures: f.procedures + 1, uses: f.uses + (usage.get(p.code)?.count ?? 0) });
  }
  return {
    recent,
    frequent,
    fields: [...fields]
      .sort(([a, fa], [b, fb]) => fb.uses - fa.uses || fb.procedures - fa.procedures || compareText(fold(a), fold(b)))
      .map(([field, f]) => ({ field, procedures: f.procedures })),
  };
}
