import { fail, ok, type Result } from '../result.js'
import { scenarioIssues, type TrialRange } from './boin-simulate.js'
import {
  dosesAboveMtd,
  emptyOcTotals,
  finalizeOc,
  type OcTotals,
  type OperatingCharacteristics,
} from './operating-characteristics.js'
import { Xoshiro128 } from './random/xoshiro128.js'
import {
  THREE_PLUS_THREE_FIRST_MOVE,
  threePlusThreeStep,
  type ThreePlusThreeState,
} from './three-plus-three.js'

/**
 * Monte Carlo operating characteristics of the 3+3 design (dose-escalation.md §1.1, §3): cohorts of 3
 * Bernoulli(p_true[d]) draws (u < p) through {@link threePlusThreeStep} until the design stops.
 * Trial i uses random stream (seed, i), so results do not depend on how trials are split across workers.
 * Overdosing uses the patients enrolled in each trial as denominator (the 3+3 sample size is not fixed)
 * and needs `target` (the DLT rate defining the true MTD); without it, or when no p_true equals it, null.
 *
 * Source: dose-escalation.md §1.1, §3; Storer 1989; Le Tourneau et al. 2009.
 */

export interface ThreePlusThreeOptions {
  /** PROTOCOL DECISION (doc §1.1 variant): 6 patients at the MTD also after 0/3 at the top dose; default false */
  confirmTopDose?: boolean
  /** target DLT probability defining "above the MTD" for the overdosing risk; optional */
  target?: number
}

/** Simulate trials [firstTrial, firstTrial + nTrial) and return raw totals (inputs trusted). */
export function simulateThreePlusThreeTotals(
  pTrue: readonly number[],
  { confirmTopDose = false, target }: ThreePlusThreeOptions,
  range: TrialRange,
): OcTotals {
  const nDoses = pTrue.length
  const above = dosesAboveMtd(pTrue, target)
  const totals = emptyOcTotals(nDoses, above !== null)
  const p = Float64Array.from(pTrue)
  const state: ThreePlusThreeState = {
    n: new Int32Array(nDoses),
    y: new Int32Array(nDoses),
    dose: 0,
    mtd: -1,
  }
  const { n, y } = state
  const rng = new Xoshiro128(range.seed)
  let over60 = 0
  let over80 = 0
  const end = range.firstTrial + range.nTrial
  for (let trial = range.firstTrial; trial < end; trial++) {
    rng.reseed(range.seed, trial)
    n.fill(0)
    y.fill(0)
    state.dose = 0
    state.mtd = -1
    for (;;) {
      const d = state.dose
      const pd = p[d]!
      let events = 0
      for (let k = 0; k < 3; k++) if (rng.nextFloat() < pd) events++
      y[d]! += events
      n[d]! += 3
      if (threePlusThreeStep(state, confirmTopDose) < THREE_PLUS_THREE_FIRST_MOVE) break
    }
    if (state.mtd < 0) totals.noMtd++
    else totals.selected[state.mtd]!++
    let treated = 0
    let treatedAbove = 0
    for (let j = 0; j < nDoses; j++) {
      totals.patients[j]! += n[j]!
      totals.dlts[j]! += y[j]!
      treated += n[j]!
      if (above?.[j]) treatedAbove += n[j]!
    }
    if (treatedAbove > 0.6 * treated) over60++
    if (treatedAbove > 0.8 * treated) over80++
  }
  totals.nTrial = range.nTrial
  if (above) {
    totals.overdosed60 = over60
    totals.overdosed80 = over80
  }
  return totals
}

export interface ThreePlusThreeSimulationInput extends ThreePlusThreeOptions {
  pTrue: readonly number[]
  nTrial: number
  seed: number
}

/**
 * Monte Carlo OC of the 3+3 design, single-threaded.
 * @example simulateThreePlusThree({ pTrue: [0.1, 0.3], nTrial: 10000, seed: 1 }) // selection ≈ 44.8 / 44.8 %, no MTD ≈ 10.4 %
 */
export function simulateThreePlusThree(
  input: ThreePlusThreeSimulationInput,
): Result<OperatingCharacteristics> {
  const issues = scenarioIssues(input.pTrue, input.nTrial, input.seed)
  if (issues.length > 0) return fail(issues)
  return ok(
    finalizeOc(
      simulateThreePlusThreeTotals(input.pTrue, input, {
        seed: input.seed,
        firstTrial: 0,
        nTrial: input.nTrial,
      }),
    ),
  )
}
