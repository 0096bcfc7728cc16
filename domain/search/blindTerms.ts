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
