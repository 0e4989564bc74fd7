import type { BoinTables } from './boin-boundaries.js'
import { NO_BOUNDARY } from './boin-posterior.js'

/**
 * The BOIN conduct rule applied after each cohort (dose-escalation.md §2.5), as one allocation-free
 * step shared by the decision API, the Monte Carlo simulator and the exact enumerator, so the three can
 * never disagree. Order of the checks is that of the doc's numbered rules (§2.5: elimination, rule 2,
 * before the n.earlystop stop, rule 6), which is also the order of BOIN 2.7.x `get.oc`:
 *   1. y_d ≥ elim(n_d) → eliminate d … top; stop with no MTD if d is the lowest dose (§2.3, §2.5 rule 2);
 *   2. extrasafe: at the lowest dose, P(p₁ > φ | y₁, n₁) > cutoffEli − offset → stop (§2.5, optional).
 *      As in the package this check sits inside the "an elimination boundary exists at n_d" branch;
 *      that matters only when 1 − φ^(n+1) ≤ cutoffEli (no boundary even at y = n): with cutoffEli 0.95 for
 *      targets above ≈ 0.47 at n = 3, with cutoffEli 0.99 already above ≈ 0.32;
 *   3. n_d ≥ n.earlystop → stop (§2.5 rule 6, unconditional as the doc states it; BOIN 2.7.x stops here
 *      only when the move would be "stay");
 *   4. y_d ≤ floor(λe n_d) and d < top → d + 1 unless d + 1 is eliminated (then stay); at the top: stay;
 *   5. else y_d ≥ deesc(n_d) and d > lowest → d − 1; at the lowest dose: stay;
 *   6. else stay.
 * Checking n.earlystop after elimination changes no operating characteristic (selection re-applies
 * elimination), only which rule the decision API reports and which doses it marks eliminated.
 *
 * Source: dose-escalation.md §2.3, §2.5; Liu & Yuan 2015 §2-3; BOIN R package 2.7.2 `get.oc`.
 */

/** Rule codes returned by {@link boinStep}; codes below {@link BOIN_FIRST_MOVE} stop the trial. */
export const BoinRuleCode = {
  nEarlystop: 0,
  lowestDoseEliminated: 1,
  extrasafeStop: 2,
  eliminateAndDeescalate: 3,
  escalate: 4,
  stayNextDoseEliminated: 5,
  stayAtTopDose: 6,
  deescalate: 7,
  stayAtLowestDose: 8,
  stay: 9,
} as const
export type BoinRuleCode = (typeof BoinRuleCode)[keyof typeof BoinRuleCode]

/** Codes at or above this one continue the trial. */
export const BOIN_FIRST_MOVE = BoinRuleCode.eliminateAndDeescalate

/** Mutable state of one trial (0-based dose indices). */
export interface BoinTrialState {
  /** patients treated per dose */
  n: Int32Array
  /** patients with a DLT per dose */
  y: Int32Array
  /** current dose, 0-based */
  dose: number
  /** lowest eliminated dose, 0-based; equals the number of doses when none is eliminated */
  eliminatedFrom: number
}

/**
 * Apply the conduct rule once, after the cohort just treated at `state.dose` has been added to n and y.
 * Updates `state.dose` and `state.eliminatedFrom` in place.
 * @param t - boundary tables covering n up to the design's maximum sample size
 * @param nEarlystop - R `n.earlystop`
 * @param extrasafe - R `extrasafe` (uses `t.extrasafeStop`, built from cutoffEli − offset)
 * @param state - the trial, mutated
 * @returns the rule that decided (see {@link BoinRuleCode})
 */
export function boinStep(
  t: BoinTables,
  nEarlystop: number,
  extrasafe: boolean,
  state: BoinTrialState,
): BoinRuleCode {
  const d = state.dose
  const top = state.n.length - 1
  const nd = state.n[d]!
  const yd = state.y[d]!
  let eliminated = false
  const elim = t.eliminate[nd]!
  if (elim !== NO_BOUNDARY) {
    if (yd >= elim) {
      if (d < state.eliminatedFrom) state.eliminatedFrom = d
      if (d === 0) return BoinRuleCode.lowestDoseEliminated
      eliminated = true
    }
    if (extrasafe && d === 0 && nd >= 3 && yd >= t.extrasafeStop[nd]!) return BoinRuleCode.extrasafeStop
  }
  // §2.5: rule 2 (elimination, above) comes before rule 6 (n.earlystop), so an early stop still records it
  if (nd >= nEarlystop) return BoinRuleCode.nEarlystop
  if (yd <= t.escalate[nd]! && d !== top) {
    if (d + 1 < state.eliminatedFrom) {
      state.dose = d + 1
      return BoinRuleCode.escalate
    }
    return BoinRuleCode.stayNextDoseEliminated
  }
  if (yd >= t.deescalate[nd]! && d !== 0) {
    state.dose = d - 1
    return eliminated ? BoinRuleCode.eliminateAndDeescalate : BoinRuleCode.deescalate
  }
  if (yd <= t.escalate[nd]!) return BoinRuleCode.stayAtTopDose
  if (yd >= t.deescalate[nd]!) return BoinRuleCode.stayAtLowestDose
  return BoinRuleCode.stay
}
