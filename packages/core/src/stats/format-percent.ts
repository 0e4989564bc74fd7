import type { ProportionInterval } from './clopper-pearson.js'

/** Round a percentage half up to one decimal and print it with one decimal place. */
function oneDecimal(tenths: number): string {
  return (tenths / 10).toFixed(1)
}

/**
 * Percent for display: `100 × x / n` rounded half up to one decimal, written "75.0 %".
 * Integer arithmetic is used (tenths = ⌊(2000x + n) / 2n⌋) so that exact halves such as 1/16 = 6.25 %
 * round up to "6.3 %" without floating-point surprises. Show x/n alongside (the caller does).
 *
 * Source: domain/statistics.md §1 "Percent" and §2 "Rounding for display: round half up".
 *
 * @param x count (integer, 0 ≤ x ≤ n)
 * @param n denominator (integer ≥ 1)
 * @throws RangeError when x or n is not such an integer
 * @example formatPercent(3, 4) // "75.0 %"
 */
export function formatPercent(x: number, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`formatPercent requires an integer n >= 1, got ${n}`)
  if (!Number.isInteger(x) || x < 0 || x > n) throw new RangeError(`formatPercent requires an integer x in [0, n], got ${x}`)
  return `${oneDecimal(Math.floor((2000 * x + n) / (2 * n)))} %`
}

/**
 * A confidence limit on the 0–1 scale as a percentage with one decimal, rounded half up ("19.4").
 *
 * Source: domain/statistics.md §2 "Display" column.
 * @example formatPercentLimit(0.194120) // "19.4"
 */
export function formatPercentLimit(p: number): string {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`formatPercentLimit requires p in [0, 1], got ${p}`)
  return oneDecimal(Math.floor(p * 1000 + 0.5))
}

/**
 * Proportion with its CI as in the doc's tables: "75.0 % (19.4–99.4)" (en dash between the limits).
 *
 * Source: domain/statistics.md §2 "Display" column.
 * @example formatPercentWithCi(3, 4, clopperPearson(3, 4)) // "75.0 % (19.4–99.4)"
 */
export function formatPercentWithCi(x: number, n: number, interval: ProportionInterval): string {
  return `${formatPercent(x, n)} (${formatPercentLimit(interval.lower)}–${formatPercentLimit(interval.upper)})`
}
