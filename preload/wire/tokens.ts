// What sign.tokens and sign.modules return: the tokens the desk can sign with, what their PIN
// allows before it is typed, and the PKCS#11 modules installed here. Main's token registry
// and module list implement these shapes.
import type { Bilingual } from '#domain/errors.ts';

export const TOKEN_KINDS = ['hid', 'pkcs11', 'emulator'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export type PinState = 'ok' | 'count-low' | 'final-try' | 'locked' | 'to-be-changed' | 'not-initialized';

export interface TokenCertificateInfo {
  /** Opaque: pass back to open(). */
  id: string;
  subject: string;
  organisation: string | null;
  issuer: string;
  /** ISO 8601. */
  validFrom: string;
  validTo: string;
}

export interface TokenPin {
  state: PinState;
  /** Exact count when the token says it (PIV); PKCS#11 only gives the flags. */
  triesLeft: number | null;
  notice: Bilingual | null;
  /** The PIN is typed on the reader's own keypad. */
  pinPad: boolean;
}

export interface TokenListing {
  id: string;
  kind: TokenKind;
  label: string;
  pin: TokenPin;
  certificates: TokenCertificateInfo[];
}

export interface TokenList {
  tokens: TokenListing[];
  /** A module that would not load, a token that would not answer: said, not hidden. */
  problems: Bilingual[];
}

export interface InstalledModule {
  id: string;
  vendor: string;
  path: string;
  unconfirmed: boolean;
  testing: boolean;
}
