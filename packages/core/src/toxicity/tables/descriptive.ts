/**
 * Median (range) for small safety samples. Median of an even count = mean of the two middle values.
 * Source: statistics.md "median (range)"; values are raw, rounding is for display only (README, Rounding).
 */
export interface SafetyMedianRange {
  n: number
  median: number | null
  min: number | null
  max: number | null
}

/** @example medianRange([3, 1, 2, 10]) // { n: 4, median: 2.5, min: 1, max: 10 } */
export function medianRange(values: readonly number[]): SafetyMedianRange {
  const v = [...values].sort((a, b) => a - b)
  const n = v.length
  if (n === 0) return { n, median: null, min: null, max: null }
  const mid = Math.floor(n / 2)
  const median = n % 2 === 1 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2
  return { n, median, min: v[0] as number, max: v[n - 1] as number }
}

/** n / N as a percentage (unrounded); `null` when N = 0. */
export function percentOf(n: number, denominator: number): number | null {
  return denominator === 0 ? null : (100 * n) / denominator
}
