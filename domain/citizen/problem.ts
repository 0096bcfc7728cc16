// Checks return every problem rather than a boolean, so the form can say exactly which
// digit or field is wrong instead of a bare "invalid".

import type { Bilingual } from '../errors.ts';

export interface CitizenProblem {
  /** Stable machine code, e.g. "id.province"; the UI may key help texts on it. */
  code: string;
  text: Bilingual;
}
