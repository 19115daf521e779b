/** Small numeric helpers shared by the evaluation and benchmark reports. */

/** Nearest-rank percentile, rounded to 3 decimals (the same rule as eval/metrics.ts). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!.toFixed(3));
}

export const round = (x: number, digits = 4) => Number(x.toFixed(digits));

export const ratio = (n: number, d: number) => (d === 0 ? 0 : round(n / d));
