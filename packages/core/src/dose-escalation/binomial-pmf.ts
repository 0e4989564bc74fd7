/**
 * Binomial probabilities P(K = k), k = 0 … size, for K ~ Binomial(size, p): the chance of k DLTs in a
 * cohort of `size` patients each with DLT probability p. Used by the exact OC enumerations.
 * Source: dose-escalation.md §3 (exact OC by enumerating all outcome sequences).
 * @example binomialPmf(3, 0.1) // [0.729, 0.243, 0.027, 0.001] (to rounding)
 */
export function binomialPmf(size: number, p: number): number[] {
  const out: number[] = []
  let choose = 1
  for (let k = 0; k <= size; k++) {
    out.push(choose * Math.pow(p, k) * Math.pow(1 - p, size - k))
    choose = (choose * (size - k)) / (k + 1)
  }
  return out
}
