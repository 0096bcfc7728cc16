// What a dossier's search index holds once personal fields are encrypted, and what a query
// asks of it. Codes are not personal and stay plain (prefix queries as before); names (from
// each word on), ID numbers and phones become terms the desk turns into keyed tokens, one per
// prefix, so the index answers "starts with" without holding the text. Pure: the keyed hashing is the
// renderer's (renderer/db/protection/).
import { foldWords } from './fold.ts';
import { dossierSearchKeys, queryToPrefix, subscriberNumber, type DossierSearchFields } from './searchKeys.ts';

/**
 * n: the folded name from one of its words on ("nguyen thi huong", "thi huong", "huong"); d:
 * the applicant's ID number digits; p: phone as 0 + subscriber number; x: the whole ID number
 * of anyone on the dossier (applicant, representative, the person who collected the result),
 * for finding everything held about one citizen.
 */
export interface SearchTerm {
  kind: 'n' | 'd' | 'p' | 'x';
  value: string;
}

/**
 * Name prefixes are indexed up to this length: any query is then one token, as selective as
 * the plain prefix query was (a longer query looks up its first 14 characters, then every
 * candidate is checked in full), for about 40 tokens for a four-word name.
 */
const MAX_NAME_PREFIX = 14;
const MIN_DIGIT_PREFIX = 3;

function prefixes(kind: SearchTerm['kind'], text: string, min: number, max = text.length): SearchTerm[] {
  const out: SearchTerm[] = [];
  for (let n = min; n <= Math.min(max, text.length); n++) out.push({ kind, value: text.slice(0, n) });
  return out;
}

export function dossierIndexTerms(
  { code, fullName, idNumber, phone }: DossierSearchFields,
  peopleIds: string[] = [],
): { clear: string[]; terms: SearchTerm[] } {
  const lowerCode = code.trim().toLowerCase();
  const clear = [...new Set([lowerCode, lowerCode.slice(lowerCode.lastIndexOf('-') + 1)])].filter((k) => k !== '');
  const terms: SearchTerm[] = [];
  const words = foldWords(fullName);
  for (let i = 0; i < words.length; i++) terms.push(...prefixes('n', words.slice(i).join(' '), 1, MAX_NAME_PREFIX));
  const id = idNumber.replace(/\s/g, '');
  if (id) terms.push(...prefixes('d', id, MIN_DIGIT_PREFIX));
  const subscriber = phone ? subscriberNumber(phone) : '';
  if (subscriber) terms.push(...prefixes('p', `0${subscriber}`, MIN_DIGIT_PREFIX));
  for (const person of [id, ...peopleIds.map((p) => p.replace(/\s/g, ''))]) if (person) terms.push({ kind: 'x', value: person });
  const seen = new Set<string>();
  return { clear, terms: terms.filter((t) => !seen.has(`${t.kind}:${t.value}`) && seen.add(`${t.kind}:${t.value}`)) };
}

/**
 * A query as index lookups: dossiers whose plain keys start with `clearPrefix`, or that hold
 * any of `terms`. Candidates are then checked with `matchesQuery`.
 */
export interface IndexQuery {
  clearPrefix: string | null;
  terms: SearchTerm[];
}

export function indexQuery(query: string): IndexQuery {
  const { kind, prefix } = queryToPrefix(query);
  if (kind === 'name') {
    const name = foldWords(prefix).join(' ').slice(0, MAX_NAME_PREFIX);
    return { clearPrefix: null, terms: name ? [{ kind: 'n', value: name }] : [] };
  }
  if (kind === 'id') return { clearPrefix: null, terms: [{ kind: 'd', value: prefix }] };
  if (kind === 'phone') return { clearPrefix: null, terms: [{ kind: 'p', value: prefix }] };
  // A bare number may also be the start of an ID number or a phone.
  const digits = /^\d+$/.test(prefix) && prefix.length >= MIN_DIGIT_PREFIX;
  return {
    clearPrefix: prefix,
    terms: digits
      ? [
          { kind: 'd', value: prefix },
          { kind: 'p', value: prefix.startsWith('0') ? prefix : `0${prefix}` },
        ]
      : [],
  };
}

/** The register's meaning of a match, the same as before encryption: some search key starts with the query. */
export function matchesQuery(fields: DossierSearchFields, query: string): boolean {
  const { prefix } = queryToPrefix(query);
  return prefix !== '' && dossierSearchKeys(fields).some((k) => k.startsWith(prefix));
}

/**
 * Whether the index alone answers `query`: every dossier holding its terms (or its plain prefix)
 * matches it, so none has to be opened to be checked and the index's order is the register's.
 * True for codes, ID numbers and phones (their terms are whole prefixes of a search key) and for
 * a name of up to MAX_NAME_PREFIX characters written as its folded words; a longer name is
 * looked up by its first characters and a name with other signs in it is folded differently,
 * so their candidates are checked once opened.
 */
export function indexIsExact(query: string): boolean {
  const { kind, prefix } = queryToPrefix(query);
  if (prefix === '') return false;
  if (kind !== 'name') return true;
  return prefix.length <= MAX_NAME_PREFIX && foldWords(prefix).join(' ') === prefix;
}

/**
 * Terms every match of a name longer than the indexed prefixes holds, to narrow its candidates
 * before any is opened: the query's first MAX_NAME_PREFIX characters, and the same from each
 * later word on while two words or more are left ("nguyen thi thanh huong" → "nguyen thi tha",
 * "thi thanh huong"[:14], "thanh huong"). A dossier whose name starts with the query holds each
 * of them, since its name is indexed from every word on. Empty unless the name is written as
 * its folded words (other signs fold differently: the one-term lookup then stands).
 */
export function narrowingTerms(query: string): SearchTerm[] {
  const { kind, prefix } = queryToPrefix(query);
  const words = foldWords(prefix);
  if (kind !== 'name' || words.join(' ') !== prefix || prefix.length <= MAX_NAME_PREFIX) return [];
  const terms: SearchTerm[] = [];
  for (let i = 0; i < words.length; i++) {
    if (i > 0 && words.length - i < 2) break;
    terms.push({ kind: 'n', value: words.slice(i).join(' ').slice(0, MAX_NAME_PREFIX) });
  }
  return terms;
}
