// The officer types fast, often without diacritics ("dang ky ket hon") or just a code
// prefix ("1.0011"). Matching runs on folded words so both spellings meet.

import type { Procedure } from '../model.ts';
import { fold, foldWords } from '../search/fold.ts';

/** Lower rank sorts first. */
const Rank = { CodeExact: 0, CodePrefix: 1, NameExact: 2, NamePrefix: 3, NameWords: 4, OtherWords: 5 } as const;
type Rank = (typeof Rank)[keyof typeof Rank];

function rank(p: Procedure, query: string, words: string[]): Rank | null {
  const code = p.code.toLowerCase();
  if (code === query) return Rank.CodeExact;
  if (code.startsWith(query)) return Rank.CodePrefix;

  const name = fold(p.name);
  const nameWords = foldWords(p.name);
  const allWords = [...nameWords, ...foldWords(p.field), ...foldWords(p.code)];
  // Every query word must start some word, so a mistyped word finds nothing instead of
  // quietly widening the list.
  if (!words.every((w) => allWords.some((a) => a.startsWith(w)))) return null;
  if (name === words.join(' ')) return Rank.NameExact;
  if (name.startsWith(words.join(' '))) return Rank.NamePrefix;
  if (words.every((w) => nameWords.some((a) => a.startsWith(w)))) return Rank.NameWords;
  return Rank.OtherWords;
}

/** Procedures matching the query, best first; an empty query matches nothing. */
export function searchProcedures(procedures: readonly Procedure[], query: string, limit = 20): Procedure[] {
  const q = fold(query);
  const words = foldWords(query);
  if (words.length === 0) return [];
  return (
    procedures
      .map((p, index) => ({ p, index, r: rank(p, q, words) }))
      .filter((x): x is { p: Procedure; index: number; r: Rank } => x.r !== null)
      // Ties keep catalogue order, which the administrator arranges by frequency of use.
      .sort((a, b) => a.r - b.r || a.index - b.index)
      .slice(0, Math.max(0, limit))
      .map((x) => x.p)
  );
}
