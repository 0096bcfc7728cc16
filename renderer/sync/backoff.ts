// Exponential backoff with full jitter: many desks coming back after one outage spread
// their retries over the whole window instead of hitting the province in waves.

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, capMs: 5 * 60 * 1000 };

/** The wait before retry number `failures` (1 = first retry): uniform in [0, min(cap, base·2^(failures−1))]. */
export function backoffDelay(failures: number, random: () => number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
