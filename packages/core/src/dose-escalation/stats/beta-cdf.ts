import { logGamma } from './log-gamma.js'

/**
 * Beta distribution function F(x; a, b) = I_x(a, b), the regularized incomplete beta function
 * (R `pbeta(x, a, b)`).
 *
 * Two paths, chosen for accuracy:
 * - integer a and b (what BOIN needs: the Beta(1, 1) posterior is Beta(y + 1, n − y + 1)):
 *   I_x(a, b) = P(K ≥ a) with K ~ Binomial(a + b − 1, x), an exact finite sum. The smaller binomial
 *   tail is summed outward from its first term, so the tail keeps full relative accuracy;
 * - otherwise the continued fraction of I_x(a, b) evaluated by the modified Lentz method, applied to
 *   I_x(a, b) or to 1 − I_{1−x}(b, a), whichever converges fast (x below or above (a + 1)/(a + b + 2)).
 *
 * Source: Abramowitz M, Stegun IA. Handbook of Mathematical Functions, 26.5.8 (continued fraction) and
 * 26.5.24 (binomial identity); Press et al., Numerical Recipes 3rd ed., §6.4 (`betacf`).
 * Checked against R 4.2.2 `pbeta` (fixtures/r/runner.R → fixtures/pbeta.json).
 *
 * @param x - quantile in [0, 1]
 * @param a - first shape, > 0
 * @param b - second shape, > 0
 * @returns I_x(a, b); NaN for invalid parameters
 * @example betaCdf(0.3, 4, 1) // 0.0081 (= 0.3^4), so P(p > 0.3 | 3/3 DLT) = 0.9919
 */
export function betaCdf(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || Number.isNaN(x)) return Number.NaN
  if (x <= 0) return 0
  if (x >= 1) return 1
  if (Number.isInteger(a) && Number.isInteger(b) && a + b <= MAX_BINOMIAL_SIZE)
    return binomialUpperTail(a + b - 1, a, x)
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x)
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * continuedFraction(a, b, x)) / a
  return 1 - (Math.exp(logFront) * continuedFraction(b, a, 1 - x)) / b
}

/** Above this many trials the binomial sum costs more than the continued fraction. */
const MAX_BINOMIAL_SIZE = 5000

/** P(K ≥ k) for K ~ Binomial(m, x), 0 < x < 1, 1 ≤ k ≤ m. */
function binomialUpperTail(m: number, k: number, x: number): number {
  if (k <= 0) return 1
  if (k > m) return 0
  // the tail on the far side of the mean is small: sum it directly; else subtract the other tail
  if (k > m * x) return sumOutward(m, k, x, +1)
  return 1 - sumOutward(m, k - 1, x, -1)
}

/** Sum of the binomial(m, x) probabilities from k0 to m (step +1) or from k0 to 0 (step −1). */
function sumOutward(m: number, k0: number, x: number, step: 1 | -1): number {
  let term = binomialProbability(m, k0, x)
  let sum = term
  const ratio = x / (1 - x)
  for (let k = k0; step > 0 ? k < m : k > 0; k += step) {
    // pmf(k + 1) / pmf(k) = (m − k)/(k + 1) · x/(1 − x)
    term = step > 0 ? (term * (m - k) * ratio) / (k + 1) : (term * k) / ((m - k + 1) * ratio)
    sum += term
    if (term < sum * 1e-17) break
  }
  return sum
}

/**
 * C(m, k) x^k (1 − x)^(m − k). Usually C(m, k) (exact while below 2^53) times two correctly rounded
 * powers; when a factor would overflow or underflow, a product whose running value is kept near 1
 * (factors of (1 − x) applied as soon as it exceeds 1).
 */
function binomialProbability(m: number, k: number, x: number): number {
  const q = 1 - x
  let choose = 1
  for (let i = 1; i <= k; i++) choose = (choose * (m - k + i)) / i
  const px = Math.pow(x, k)
  const pq = Math.pow(q, m - k)
  if (choose < 1e300 && px > 1e-290 && pq > 1e-290) return choose * px * pq
  let value = 1
  let qFactors = 0
  for (let i = 1; i <= k; i++) {
    value *= ((m - k + i) / i) * x
    while (value > 1 && qFactors < m - k) {
      value *= q
      qFactors++
    }
  }
  return value * Math.pow(q, m - k - qFactors)
}

/** Continued fraction for I_x(a, b) (Numerical Recipes `betacf`), modified Lentz method. */
function continuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < tiny) d = tiny
  d = 1 / d
  let h = d
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  return h
}
