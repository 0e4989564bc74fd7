/**
 * Sample quantile by linear interpolation between order statistics (Hyndman–Fan type 7, R's default
 * `quantile(x, p)`): h = (n − 1)p, Q = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) on 0-based sorted values.
 * Used for the optional IQR (domain/statistics.md §1: for n < 10 prefer the range, PROTOCOL DECISION).
 *
 * Source: domain/statistics.md §1. Hyndman RJ, Fan Y. Sample quantiles in statistical packages.
 * *Am Stat* 1996;50(4):361–365.
 *
 * @param values at least one finite number
 * @param p probability in [0, 1]
 * @throws RangeError on empty input, a non-finite value, or p outside [0, 1]
 * @example sampleQuantile([8, 12, 13, 25], 0.25) // 11
 */
export function sampleQuantile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('sampleQuantile requires at least one value')
  if (!(p >= 0 && p <= 1)) throw new RangeError(`sampleQuantile requires p in [0, 1], got ${p}`)
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`sampleQuantile requires finite values, got ${v} at index ${i}`)
  })
  const sorted = [...values].sort((a, b) => a - b)
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}
