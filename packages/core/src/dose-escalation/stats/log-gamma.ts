/**
 * Natural logarithm of the gamma function, ln Γ(x), for x > 0.
 *
 * Lanczos approximation with g = 671/128 and 14 coefficients, as in Numerical Recipes 3rd ed.
 * (Press et al. 2007, §6.1, `gammln`); relative error about 1e-15 over x > 0. Used only for the
 * prefactor of the incomplete beta continued fraction (non-integer shape parameters).
 *
 * Source: Press WH, Teukolsky SA, Vetterling WT, Flannery BP. Numerical Recipes, 3rd ed., §6.1.
 *
 * @param x - argument, > 0
 * @returns ln Γ(x); NaN when x ≤ 0 or not a number
 * @example logGamma(5) // ≈ 3.1780538303479458 (= ln 24)
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN
  let y = x
  const shifted = x + 5.2421875
  const head = (x + 0.5) * Math.log(shifted) - shifted
  let series = 0.9999999999999971
  for (const c of LANCZOS) series += c / ++y
  return head + Math.log((2.5066282746310007 * series) / x)
}

// Numerical Recipes' 14 coefficients, written as the shortest decimals of the doubles they round to
const LANCZOS = [
  57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202, 3.399464998481189e-5,
  4.652362892704858e-5, -9.837447530487956e-5, 1.580887032249125e-4, -2.1026444172410488e-4,
  2.1743961811521265e-4, -1.643181065367639e-4, 8.441822398385275e-5, -2.6190838401581408e-5,
  3.6899182659531625e-6,
] as const
