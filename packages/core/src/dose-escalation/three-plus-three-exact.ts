import { fail, ok, type Result } from '../result.js'
import { binomialPmf } from './binomial-pmf.js'
import { scenarioIssues } from './boin-simulate.js'
import {
  dosesAboveMtd,
  emptyOcTotals,
  finalizeOc,
  type OperatingCharacteristics,
} from './operating-characteristics.js'
import type { ThreePlusThreeOptions } from './three-plus-three-simulate.js'
import {
  THREE_PLUS_THREE_FIRST_MOVE,
  threePlusThreeStep,
  type ThreePlusThreeState,
} from './three-plus-three.js'

/**
 * Exact operating characteristics of the 3+3 design (dose-escalation.md §3): all outcome sequences are
 * followed through {@link threePlusThreeStep} with their binomial probabilities (at most 2 cohorts per
 * dose, so the tree is small). Reproduces the doc's 2-dose table (e.g. p = (0.10, 0.30): 44.8 / 44.8 / 10.4 %).
 *
 * Source: dose-escalation.md §1.1, §3; Storer 1989.
 */

/** One distinct end of a 3+3 trial and its probability. */
export interface ThreePlusThreeOutcome {
  probability: number
  n: number[]
  y: number[]
  /** 1-based MTD or null */
  mtd: number | null
}

/** Every distinct end of a 3+3 trial with its probability. */
export function enumerateThreePlusThree(
  pTrue: readonly number[],
  { confirmTopDose = false }: ThreePlusThreeOptions = {},
): Result<ThreePlusThreeOutcome[]> {
  const issues = scenarioIssues(pTrue, 1, 0)
  if (issues.length > 0) return fail(issues)
  const pmf = pTrue.map((p) => binomialPmf(3, p))
  const ends = new Map<string, ThreePlusThreeOutcome>()
  const visit = (state: ThreePlusThreeState, probability: number) => {
    const d = state.dose
    pmf[d]!.forEach((pk, k) => {
      if (pk === 0) return
      const child: ThreePlusThreeState = { n: state.n.slice(), y: state.y.slice(), dose: d, mtd: -1 }
      child.n[d]! += 3
      child.y[d]! += k
      if (threePlusThreeStep(child, confirmTopDose) >= THREE_PLUS_THREE_FIRST_MOVE)
        return visit(child, probability * pk)
      const key = `${child.n.join(',')}|${child.y.join(',')}|${child.mtd}`
      const seen = ends.get(key)
      if (seen) seen.probability += probability * pk
      else
        ends.set(key, {
          probability: probability * pk,
          n: Array.from(child.n),
          y: Array.from(child.y),
          mtd: child.mtd < 0 ? null : child.mtd + 1,
        })
    })
  }
  visit({ n: new Int32Array(pTrue.length), y: new Int32Array(pTrue.length), dose: 0, mtd: -1 }, 1)
  return ok([...ends.values()])
}

/**
 * Exact OC of the 3+3 design (same outputs as the simulator, as exact expectations).
 * @example exactThreePlusThree([0.1, 0.3]).value?.meanSampleSize // ≈ 8.75
 */
export function exactThreePlusThree(
  pTrue: readonly number[],
  options: ThreePlusThreeOptions = {},
): Result<OperatingCharacteristics> {
  const outcomes = enumerateThreePlusThree(pTrue, options)
  if (!outcomes.ok) return fail(outcomes.issues)
  const above = dosesAboveMtd(pTrue, options.target)
  const totals = emptyOcTotals(pTrue.length, above !== null)
  totals.nTrial = 1
  for (const o of outcomes.value) {
    if (o.mtd === null) totals.noMtd += o.probability
    else totals.selected[o.mtd - 1]! += o.probability
    let treated = 0
    let treatedAbove = 0
    o.n.forEach((nj, j) => {
      totals.patients[j]! += o.probability * nj
      totals.dlts[j]! += o.probability * o.y[j]!
      treated += nj
      if (above?.[j]) treatedAbove += nj
    })
    if (totals.overdosed60 !== null && treatedAbove > 0.6 * treated) totals.overdosed60 += o.probability
    if (totals.overdosed80 !== null && treatedAbove > 0.8 * treated) totals.overdosed80 += o.probability
  }
  return ok(finalizeOc(totals))
}
