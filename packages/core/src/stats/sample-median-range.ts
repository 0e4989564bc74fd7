/** Median with range, the small-sample summary "median 12.5 (range, 8 to 25)". */
export interface SampleMedianRange {
  n: number
  median: number
  min: number
  max: number
}

/**
 * Median and range of a sample: sort; odd n → middle value; even n → mean of the two middle values;
 * range = (min, max), both ends reported even if equal.
 * Do not use for censored times (DoR, follow-up): use `kaplanMeier`.
 *
 * Source: domain/statistics.md §1 (seed abstract: "median age 12.5 years (range, 8 to 25)").
 *
 * @param values at least one finite number
 * @throws RangeError on empty input or a non-finite value
 * @example sampleMedianRange([8, 12, 13, 25]) // { n: 4, median: 12.5, min: 8, max: 25 }
 */
export function sampleMedianRange(values: readonly number[]): SampleMedianRange {
  if (values.length === 0) throw new RangeError('sampleMedianRange requires at least one value')
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`sampleMedianRange requires finite values, got ${v} at index ${i}`)
  })
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { n: sorted.length, median, min: sorted[0]!, max: sorted[sorted.length - 1]! }
}
