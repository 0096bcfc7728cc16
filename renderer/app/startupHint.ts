// What the first screen needs before the desk's database answers. Chromium opens an IndexedDB
// database's whole backing store before its first request is answered, and that grows with the
// data: 0.5 s of the 1.1 s a desk with 100,000 dossiers took to show its sign-in form (trace of
// 2026-12-07, BucketContext::Open). So a desk being switched on shows the sign-in form from this
// hint, kept in localStorage, and the database confirms or corrects it once it is open (issue 17).
// It says nothing about anyone: whether the desk has been set up, and the language chosen.
import type { Language } from '../i18n/index.ts';

const KEY = 'mot-cua-desk.startup';

export interface StartupHint {
  /** The office's settings were stored: the desk starts at sign-in, not at the first-run wizard. */
  setUp: boolean;
  language: Language | null;
}

const NONE: StartupHint = { setUp: false, language: null };

/** localStorage where the page has one (not in Node's tests, nor where the browser refuses it). */
function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function readStartupHint(): StartupHint {
  try {
    const stored = JSON.parse(storage()?.getItem(KEY) ?? 'null') as Partial<StartupHint> | null;
    if (!stored || typeof stored !== 'object') return NONE;
    return { setUp: stored.setUp === true, language: stored.language === 'vi' || stored.language === 'en' ? stored.language : null };
  } catch {
    // A hint that cannot be read is no hint: the desk waits for its database, as on a first start.
    return NONE;
  }
}

/** Records what the database said, for the next start. */
export function writeStartupHint(change: Partial<StartupHint>): void {
  try {
    storage()?.setItem(KEY, JSON.stringify({ ...readStartupHint(), ...change }));
  } catch {
    // A full or refused localStorage only costs the next start its head start.
  }
}
