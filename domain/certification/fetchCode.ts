// The fetch code of an electronic certified copy (issue 15 §1, "delivery: printed QR/code to fetch
// it"): whoever holds it gets the signed copy from the province, so it is the only secret on the
// citizen's slip. 12 symbols of Crockford's base32 (https://www.crockford.com/base32.html: no I,
// L, O or U, so it reads aloud and types back without confusion) carry 60 random bits from
// crypto.getRandomValues, grouped XXXX-XXXX-XXXX. 60 bits: guessing one of a million live codes
// takes about 10^12 tries on average, far beyond what a rate-limited public endpoint answers.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SYMBOLS = 12;

/** Bits of randomness in a code: 5 per symbol. */
export const FETCH_CODE_BITS = SYMBOLS * 5;

/** A code as the desk writes it. */
export const FETCH_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** A new code. `random` fills bytes as crypto.getRandomValues does (tests pass their own). */
export function newFetchCode(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  // 256 is a multiple of 32, so each byte's low 5 bits are uniform: no bias from the modulo.
  const bytes = random(new Uint8Array(SYMBOLS));
  const symbols = Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
  return `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}`;
}

/**
 * A code as a citizen may type or read it back, in canonical form, or null when it cannot be one:
 * case and separators (hyphens, spaces) ignored, and I/L read as 1, O as 0 (Crockford's decoding).
 */
export function normaliseFetchCode(input: string): string | null {
  if (input.length > 40) return null;
  const symbols = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (symbols.length !== SYMBOLS || ![...symbols].every((c) => ALPHABET.includes(c))) return null;
  return `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}`;
}
