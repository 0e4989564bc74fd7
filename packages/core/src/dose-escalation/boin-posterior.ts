import { betaCdf } from './stats/beta-cdf.js'

/**
 * Posterior probability that a dose's DLT probability exceeds the target, P(p > φ | y, n), under the
 * Beta(1, 1) prior used by BOIN's safety rule: the posterior is Beta(y + 1, n − y + 1), so the value is
 * 1 − F_Beta(φ; y + 1, n − y + 1), computed in that form as R does (`1 - pbeta(target, y+1, n-y+1)`).
 *
 * Source: dose-escalation.md §2.3; Liu & Yuan 2015 §3.3 (dose elimination); BOIN R package 2.7.2.
 *
 * @param y - patients with a DLT at the dose
 * @param n - patients treated at the dose
 * @param target - φ
 * @example probabilityAboveTarget(2, 3, 0.3) // ≈ 0.9163 (doc §2.3: no elimination)
 */
export function probabilityAboveTarget(y: number, n: number, target: number): number {
  return 1 - betaCdf(target, y + 1, n - y + 1)
}

/** Marker for "no boundary at this n" in the boundary tables (y ≥ it never holds). */
export const NO_BOUNDARY = 0x3fffffff

/**
 * Smallest y in [fromY, n] with P(p > φ | y, n) > cutoff, or {@link NO_BOUNDARY} (also when n < 3: the
 * rules need at least 3 treated patients). The posterior increases with y, so "y ≥ this" is the rule.
 * `fromY` is 1 for the package's printed/conduct tables (`for (ntox in 1:n)`), 0 for its direct checks.
 */
export function posteriorThreshold(n: number, target: number, cutoff: number, fromY: 0 | 1): number {
  if (n < 3) return NO_BOUNDARY
  for (let y = fromY; y <= n; y++) if (probabilityAboveTarget(y, n, target) > cutoff) return y
  return NO_BOUNDARY
}
