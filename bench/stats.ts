// Small statistics for the benchmarks: nearest-rank percentiles, rounded for the report.

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const median = (values: readonly number[]): number => percentile(values, 50);
export const p95 = (values: readonly number[]): number => percentile(values, 95);

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A ratio against a baseline, or null when the baseline is zero or missing. */
export function ratio(value: number, baseline: number): number | null {
  return Number.isFinite(value) && Number.isFinite(baseline) && baseline > 0 ? round(value / baseline, 2) : null;
}

export function summary(values: readonly number[]): { n: number; medianMs: number; p95Ms: number; minMs: number; maxMs: number } {
  return {
    n: values.length,
    medianMs: round(median(values)),
    p95Ms: round(p95(values)),
    minMs: round(Math.min(...values)),
    maxMs: round(Math.max(...values)),
  };
}
