/**
 * Natural logarithm rounded correctly to the nearest double.
 *
 * Why: the BOIN boundaries are floor(λe n) and ceil(λd n) with λ a ratio of two logarithms
 * (dose-escalation.md §2.2). When λ n is an integer in exact arithmetic (e.g. φ₂ = 1 − φ gives λd = ½),
 * the boundary hinges on the last bit of λ. R calls the C library's `log`, which on glibc is correctly
 * rounded except in rare near-halfway cases; V8's `Math.log` is only within 1 ulp (ln 3 comes out 1 ulp
 * low, as do ~4 % of arguments), so the same expression gave boundaries different from
 * `BOIN::get.boundary` (φ = 0.35, φ₂ = 0.65: de-escalate at 2/2 instead of 1/2).
 *
 * Method: x = m · 2^k with m in [1/√2, √2), ln x = k ln 2 + 2 atanh((m − 1)/(m + 1)), summed in 160-bit
 * fixed point with BigInt (|s| ≤ 0.172, so ~32 terms), then rounded once by `Number(bigint)`, which
 * rounds to nearest. Only for the few logarithms of a design (not for inner loops).
 *
 * Source: dose-escalation.md §2.2; BOIN R package 2.7.2 `get.boundary` (`log`, i.e. the C library's).
 */

const BITS = 160n
const ONE = 1n << BITS

/** 2 atanh(num/den) in fixed point (scale 2^BITS), for 0 ≤ num/den ≤ 1/3. */
function twiceAtanh(num: bigint, den: bigint): bigint {
  const num2 = num * num
  const den2 = den * den
  let term = (ONE * num) / den
  let sum = 0n
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k
    term = (term * num2) / den2
  }
  return 2n * sum
}

/** ln 2 = 2 atanh(1/3) */
const LN2 = twiceAtanh(1n, 3n)

/**
 * ln x, correctly rounded, for finite x > 0 (other inputs fall back to `Math.log`).
 * @example lnCorrectlyRounded(3) // 1.0986122886681098 (Math.log(3) gives 1.0986122886681096 in V8)
 */
export function lnCorrectlyRounded(x: number): number {
  if (!(x > 0) || !Number.isFinite(x) || x < 2 ** -1000) return Math.log(x)
  if (x === 1) return 0
  // exact split x = m · 2^k, m in [1, 2), m = M / 2^52 with M an integer
  let k = Math.floor(Math.log2(x))
  let m = x / 2 ** k
  while (m >= 2) {
    m /= 2
    k++
  }
  while (m < 1) {
    m *= 2
    k--
  }
  const M = BigInt(m * 2 ** 52)
  let D = 1n << 52n
  // fold m into [1/√2, √2) so that |s| = |m − 1|/(m + 1) ≤ 0.172
  if (m > Math.SQRT2) {
    D *= 2n
    k++
  }
  const num = M - D
  const den = M + D
  const lnM = num >= 0n ? twiceAtanh(num, den) : -twiceAtanh(-num, den)
  const fixed = lnM + BigInt(k) * LN2
  return Number(fixed) / 2 ** Number(BITS)
}
