/** sqrt(machine epsilon), the tolerance R `survival` uses when it looks for S(t) = 0.5. */
const HALF_TOLERANCE = Math.sqrt(2.220446049250313e-16)

/**
 * First time at which a step curve (survival estimate or one of its confidence bands) reaches 0.5,
 * as R `survival` 3.5-3 does in `print.survfit` (`survmean`, inner function `minmin`):
 *
 * - keep the rows whose value is known and `< 0.5 + tol` (tol = √ε); none → not reached (`null`);
 * - if the first kept value equals 0.5 (within tol) and a lower value follows, the answer is the midpoint
 *   between that time and the time of the first lower value (flat segment at exactly 0.5);
 * - otherwise the time of the first kept row (including a curve that ends, censored, at exactly 0.5).
 *
 * Source: domain/statistics.md §3.1 "Median and its CI" and worked example C (§3.4). Brookmeyer R,
 * Crowley J. A confidence interval for the median survival time. *Biometrics* 1982;38(1):29–41.
 *
 * @param times row times in increasing order
 * @param values curve values at those times; `null` = unknown (R NA), skipped
 * @returns the crossing time, or `null` when not reached ("NR")
 * @example survivalMedianCrossing([10, 20, 30, 40], [0.75, 0.5, 0.25, 0]) // 25
 */
export function survivalMedianCrossing(times: readonly number[], values: readonly (number | null)[]): number | null {
  let first = -1
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v !== null && v !== undefined && v < 0.5 + HALF_TOLERANCE) {
      first = i
      break
    }
  }
  if (first < 0) return null
  const y1 = values[first]!
  if (Math.abs(y1 - 0.5) < HALF_TOLERANCE) {
    for (let i = first + 1; i < values.length; i++) {
      const v = values[i]
      if (v !== null && v !== undefined && v < y1) return (times[first]! + times[i]!) / 2
    }
  }
  return times[first]!
}
