// Vietnamese diacritic-insensitive search keys. IndexedDB compares code units, so
// "Nguyễn" and "nguyen" only meet if both are folded the same way before indexing.

/** Lower-case, strip combining marks, map đ→d, collapse spaces. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The folded words of a text, each a key a prefix query can start from. */
export function foldWords(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}.-]+/u)
    .filter((w) => w.length > 0);
}
