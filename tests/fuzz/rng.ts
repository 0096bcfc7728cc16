// A small seeded generator, so that a failing fuzz run can be replayed from its seed.

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  bytes(length: number): Uint8Array;
}

/** mulberry32: tiny, fast and good enough to spread inputs; not for secrets. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(0, items.length - 1)]!,
    bytes: (length) => {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = int(0, 255);
      return out;
    },
  };
}

/** The seed of this run: FUZZ_SEED replays one; the default keeps CI reproducible. */
export function fuzzSeed(fallback: number): number {
  const given = Number(process.env.FUZZ_SEED);
  return Number.isInteger(given) && given > 0 ? given : fallback;
}

/** How long a fuzz test may run: FUZZ_SECONDS for a longer hunt, seconds in `npm test`. */
export function fuzzBudgetMs(fallbackSeconds: number): number {
  const given = Number(process.env.FUZZ_SECONDS);
  return (Number.isFinite(given) && given > 0 ? given : fallbackSeconds) * 1000;
}
