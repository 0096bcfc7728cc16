// Officer passwords, hashed with PBKDF2-SHA256 through WebCrypto: a slow, standard KDF
// that exists in Chromium and Node alike, so no native module or WASM is needed.

export const PBKDF2_ITERATIONS = 600_000;

export interface PasswordHash {
  salt: string;
  hash: string;
  iterations: number;
}

const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromB64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<PasswordHash> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { salt: toB64(salt), hash: toB64(await derive(password, salt, iterations)), iterations };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const candidate = await derive(password, fromB64(stored.salt), stored.iterations);
  const expected = fromB64(stored.hash);
  // Constant-time comparison: the loop never exits early.
  let diff = candidate.length ^ expected.length;
  for (let i = 0; i < Math.min(candidate.length, expected.length); i++) diff |= candidate[i]! ^ expected[i]!;
  return diff === 0;
}

export interface PasswordRule {
  /** The rule as shown before anything is typed. */
  rule: { vi: string; en: string };
  /** The same rule as a refusal. */
  problem: { vi: string; en: string };
  met(password: string): boolean;
}

/**
 * The minimum an officer's password must meet. The forms show each rule before the officer
 * types and tick it as it is met, so the rule is never learnt from a refusal.
 */
export const PASSWORD_RULES: readonly PasswordRule[] = [
  {
    rule: { vi: 'Ít nhất 8 ký tự', en: 'At least 8 characters' },
    problem: { vi: 'Mật khẩu cần ít nhất 8 ký tự.', en: 'The password needs at least 8 characters.' },
    met: (password) => password.length >= 8,
  },
];

/** The rules a password does not meet yet, as bilingual problems. */
export function passwordProblems(password: string): { vi: string; en: string }[] {
  return PASSWORD_RULES.filter((r) => !r.met(password)).map((r) => r.problem);
}
