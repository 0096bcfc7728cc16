// Keys for the dossiers' Dexie multiEntry index, and how a search-box query maps onto
// them. All kinds of key share one index, so a prefix query finds a dossier by whichever
// of name, code, ID or phone the officer typed; `kind` tells the UI what was understood.

import { fold, foldWords } from './fold.ts';

export interface DossierSearchFields {
  code: string;
  fullName: string;
  idNumber: string;
  phone?: string;
}

/** "+84 912 345 678", "0912345678", "84912345678" → "912345678" (the subscriber number). */
export function subscriberNumber(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (/^\s*\+84/.test(phone) || (digits.startsWith('84') && digits.length >= 11)) return digits.slice(2);
  return digits.replace(/^0/, '');
}

/**
 * Folded name words and every word-boundary tail of the folded name ("nguyen van a",
 * "van a", "a") so "van a" finds a person as well as "nguyen"; the code and its
 * sequence tail; the ID number; the phone with and without its leading 0.
 */
export function dossierSearchKeys({ code, fullName, idNumber, phone }: DossierSearchFields): string[] {
  const keys = new Set<string>();
  const words = foldWords(fullName);
  for (const w of words) keys.add(w);
  for (let i = 0; i < words.length; i++) keys.add(words.slice(i).join(' '));
  keys.add(fold(fullName));

  const lowerCode = code.trim().toLowerCase();
  keys.add(lowerCode);
  keys.add(lowerCode.slice(lowerCode.lastIndexOf('-') + 1));

  keys.add(idNumber.replace(/\s/g, ''));

  if (phone !== undefined) {
    const subscriber = subscriberNumber(phone);
    if (subscriber !== '') {
      keys.add(subscriber);
      keys.add(`0${subscriber}`);
    }
  }
  keys.delete('');
  return [...keys];
}

export type QueryKind = 'code' | 'id' | 'phone' | 'name';

/** Agency e-IDs open codes: "000.17.22.H56-…" (legacy) or "H15.50.05.13-…" (current). */
const AGENCY_START = /^(\d{3}\.\d{2}|[a-z]\d{2}(\.|$))/i;

/** How a search-box query maps to an index prefix. */
export function queryToPrefix(query: string): { kind: QueryKind; prefix: string } {
  const trimmed = query.normalize('NFC').trim();
  const compact = trimmed.replace(/\s/g, '');
  if (/^\d{12}$/.test(compact)) return { kind: 'id', prefix: compact };
  if (/^0\d{8,10}$/.test(compact) || /^\+84\d{8,10}$/.test(compact)) {
    return { kind: 'phone', prefix: `0${subscriberNumber(compact)}` };
  }
  // Bare digits are most often a code's sequence ("0118"); the prefix is the same
  // string either way, since every key kind lives in one index.
  if (compact.includes('-') || AGENCY_START.test(compact) || /^\d+$/.test(compact)) {
    return { kind: 'code', prefix: compact.toLowerCase() };
  }
  return { kind: 'name', prefix: fold(trimmed) };
}
