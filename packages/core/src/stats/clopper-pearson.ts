import betaQuantile from '@stdlib/stats-base-dists-beta-quantile'

/** A two-sided confidence interval for a proportion, on the 0–1 scale. */
export interface ProportionInterval {
  lower: number
  upper: number
}

/**
 * Exact (Clopper–Pearson) confidence interval for a binomial proportion x/n.
 *
 * lower = BetaInv(α/2; x, n − x + 1), 0 when x = 0; upper = BetaInv(1 − α/2; x + 1, n − x), 1 when x = n.
 * The closed forms are used at the ends: x = 0 → upper = 1 − (α/2)^(1/n); x = n → lower = (α/2)^(1/n).
 * α/2 is computed as `(1 - level) / 2`, exactly as R's `binom.test`, so results agree with R to ~1e-15.
 *
 * Source: domain/statistics.md §2. Clopper CJ, Pearson ES. The use of confidence or fiducial limits
 * illustrated in the case of the binomial. *Biometrika* 1934;26(4):404–413.
 *
 * @param x number of responders (integer, 0 ≤ x ≤ n)
 * @param n analysis population (integer ≥ 1)
 * @param level confidence level in (0, 1), default 0.95
 * @returns `{ lower, upper }` on the 0–1 scale
 * @throws RangeError when x, n or level is out of range
 * @example clopperPearson(3, 4) // { lower: 0.19412044..., upper: 0.99369052... }
 */
export function clopperPearson(x: number, n: number, level = 0.95): ProportionInterval {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`clopperPearson requires an integer n >= 1, got ${n}`)
  if (!Number.isInteger(x) || x < 0 || x > n)
    throw new RangeError(`clopperPearson requires an integer x in [0, n], got x = ${x}, n = ${n}`)
  if (!(level > 0 && level < 1)) throw new RangeError(`clopperPearson requires level in (0, 1), got ${level}`)
  const halfAlpha = (1 - level) / 2
  const endPoint = Math.pow(halfAlpha, 1 / n)
  const lower = x === 0 ? 0 : x === n ? endPoint : betaQuantile(halfAlpha, x, n - x + 1)
  const upper = x === n ? 1 : x === 0 ? 1 - endPoint : betaQuantile(1 - halfAlpha, x + 1, n - x)
  return { lower, upper }
}
