/** sqrt(machine epsilon): R's default tolerance in `survival::aeqSurv`. */
export const SURVIVAL_TIME_TOLERANCE = Math.sqrt(2.220446049250313e-16)

/**
 * Merge survival times that differ only by floating-point noise, as R `survival` does by default
 * (`survfit(..., timefix = TRUE)` calls `aeqSurv`): sorted unique times whose gap is ≤ tolerance, or whose
 * gap divided by the mean absolute unique time is ≤ tolerance, are treated as one time, the smallest of
 * the group. Integer day counts are never changed.
 *
 * Source: R package `survival` 3.5-3, `aeqSurv` (Therneau T. A Package for Survival Analysis in R).
 *
 * @param times observed times (finite numbers)
 * @returns a new array where each time is replaced by the representative of its tie group
 * @example survivalTimeFix([1, 1 + 1e-12, 2]) // [1, 1, 2]
 */
export function survivalTimeFix(times: readonly number[]): number[] {
  const unique = [...new Set(times)].sort((a, b) => a - b)
  if (unique.length < 2) return [...times]
  const meanAbs = unique.reduce((sum, t) => sum + Math.abs(t), 0) / unique.length
  const cuts: number[] = [unique[0]!]
  for (let i = 1; i < unique.length; i++) {
    const gap = unique[i]! - unique[i - 1]!
    const tied = gap <= SURVIVAL_TIME_TOLERANCE || gap / meanAbs <= SURVIVAL_TIME_TOLERANCE
    if (!tied) cuts.push(unique[i]!)
  }
  if (cuts.length === unique.length) return [...times]
  return times.map((t) => {
    // largest cut <= t (R findInterval)
    let lo = 0
    let hi = cuts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (cuts[mid]! <= t) lo = mid
      else hi = mid - 1
    }
    return cuts[lo]!
  })
}
