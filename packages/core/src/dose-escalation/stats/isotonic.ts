/**
 * Weighted isotonic (non-decreasing) regression by the pool-adjacent-violators algorithm (PAVA),
 * written step for step like the `pava` helper inside BOIN's `select.mtd` (BOIN R package 2.7.2):
 * repeatedly take the FIRST adjacent pair with x[i] > x[i+1], merge the two blocks (level sets) that
 * contain them, and give every member the block's weighted mean Σ x·w / Σ w of its CURRENT values;
 * stop when the sequence is non-decreasing. Following the package literally (rather than a textbook
 * stack-based PAVA) keeps results equal to the last bit, which matters because BOIN breaks ties
 * between pooled doses by adding j × 1e-10 (dose-escalation.md §2.6 steps 4-5).
 *
 * Sums use Neumaier compensated summation, standing in for R's extended-precision `sum()` accumulator.
 *
 * Source: dose-escalation.md §2.6 step 4; Barlow RE et al. Statistical Inference under Order
 * Restrictions, Wiley 1972; BOIN R package 2.7.2 `select.mtd` (Yan et al., J Stat Softw 2020;94(13)).
 * Complexity: O(k²) for k values (k = number of doses, small).
 */

/**
 * Isotonic regression of `values` with `weights` (allocates the result).
 * @param values - estimates in dose order
 * @param weights - positive weights, same length
 * @returns the non-decreasing fitted values
 * @throws RangeError when the lengths differ or a value or weight is not finite
 * @example isotonicRegression([0.0161, 0.3361, 0.0161], [258.4, 31.82, 258.4]) // ≈ [0.0161, 0.0512, 0.0512]
 */
export function isotonicRegression(values: readonly number[], weights: readonly number[]): number[] {
  if (values.length !== weights.length)
    throw new RangeError('isotonicRegression requires values and weights of the same length')
  if (![...values, ...weights].every(Number.isFinite))
    throw new RangeError('isotonicRegression requires finite values and weights')
  const x = Float64Array.from(values)
  pavaInPlace(x, Float64Array.from(weights), new Int32Array(x.length), x.length)
  return Array.from(x)
}

/**
 * Allocation-free PAVA on the first `length` entries of `x` (overwritten with the fit).
 * @param x - values, replaced by the isotonic fit
 * @param w - weights (read only)
 * @param level - scratch of at least `length` entries (block label of each entry)
 * @param length - number of entries to use
 */
export function pavaInPlace(x: Float64Array, w: Float64Array, level: Int32Array, length: number): void {
  if (length <= 1) return
  for (let i = 0; i < length; i++) level[i] = i
  for (;;) {
    let i = 0
    while (i < length - 1 && !(x[i + 1]! - x[i]! < 0)) i++
    if (i === length - 1) return
    const l1 = level[i]!
    const l2 = level[i + 1]!
    let num = 0
    let numComp = 0
    let den = 0
    let denComp = 0
    for (let j = 0; j < length; j++) {
      if (level[j] !== l1 && level[j] !== l2) continue
      const p = x[j]! * w[j]!
      let t = num + p
      numComp += Math.abs(num) >= Math.abs(p) ? num - t + p : p - t + num
      num = t
      t = den + w[j]!
      denComp += Math.abs(den) >= Math.abs(w[j]!) ? den - t + w[j]! : w[j]! - t + den
      den = t
    }
    const mean = (num + numComp) / (den + denComp)
    for (let j = 0; j < length; j++) {
      if (level[j] === l1 || level[j] === l2) {
        x[j] = mean
        level[j] = l1
      }
    }
  }
}
