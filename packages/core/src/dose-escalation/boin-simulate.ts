import { fail, ok, type Issue, type Result } from '../result.js'
import { boinTables } from './boin-boundaries.js'
import { resolveBoinDesign, type BoinDesign, type BoinDesignInput } from './boin-design.js'
import { createSelectScratch, selectMtdInto } from './boin-select-mtd.js'
import { BOIN_FIRST_MOVE, BoinRuleCode, boinStep, type BoinTrialState } from './boin-step.js'
import {
  dosesAboveMtd,
  emptyOcTotals,
  finalizeOc,
  type OcTotals,
  type OperatingCharacteristics,
} from './operating-characteristics.js'
import { Xoshiro128 } from './random/xoshiro128.js'

/**
 * Monte Carlo operating characteristics of BOIN (dose-escalation.md §3), trial by trial as
 * BOIN 2.7.2 `get.oc`: each cohort's DLTs are Bernoulli(p_true[d]) draws (u < p), the conduct rule
 * {@link boinStep} runs after each cohort for nCohort cohorts, a stop for toxicity (lowest dose
 * eliminated, extrasafe) gives "no MTD", otherwise {@link selectMtdInto} picks the MTD.
 *
 * Trial i uses random stream (seed, i) of xoshiro128**, so any split of the trial range (workers) gives
 * identical totals. The inner loop allocates nothing: typed arrays, precomputed boundary tables.
 * Cost: O(nTrial × (nCohort × cohortSize + nDoses²)).
 *
 * Source: dose-escalation.md §2.5-2.6, §3; Liu & Yuan 2015 §4 (simulation); BOIN R package 2.7.2 `get.oc`.
 */

export interface BoinScenario {
  /** true DLT probability per dose, lowest first */
  pTrue: readonly number[]
}

/** Trials [firstTrial, firstTrial + nTrial) of seed `seed`. */
export interface TrialRange {
  seed: number
  firstTrial: number
  nTrial: number
}

/**
 * Simulate a range of trials of a validated design and return the raw totals.
 * @param design - validated ({@link resolveBoinDesign})
 * @param pTrue - true DLT probabilities (validated: in [0, 1], at least startDose doses)
 */
export function simulateBoinTotals(
  design: BoinDesign,
  pTrue: readonly number[],
  range: TrialRange,
): OcTotals {
  const nDoses = pTrue.length
  const { nCohort, cohortSize, nEarlystop, extrasafe, boundMtd } = design
  const maxPatients = nCohort * cohortSize
  const t = boinTables(design, maxPatients)
  const above = dosesAboveMtd(pTrue, design.target)
  const totals = emptyOcTotals(nDoses, above !== null)
  const overdoseLimit60 = 0.6 * maxPatients
  const overdoseLimit80 = 0.8 * maxPatients
  const p = Float64Array.from(pTrue)
  const state: BoinTrialState = {
    n: new Int32Array(nDoses),
    y: new Int32Array(nDoses),
    dose: 0,
    eliminatedFrom: nDoses,
  }
  const { n, y } = state
  const selected = new Float64Array(nDoses)
  const patients = new Float64Array(nDoses)
  const dlts = new Float64Array(nDoses)
  let noMtd = 0
  let over60 = 0
  let over80 = 0
  const scratch = createSelectScratch(nDoses)
  const rng = new Xoshiro128(range.seed)
  const end = range.firstTrial + range.nTrial
  for (let trial = range.firstTrial; trial < end; trial++) {
    rng.reseed(range.seed, trial)
    n.fill(0)
    y.fill(0)
    state.dose = design.startDose - 1
    state.eliminatedFrom = nDoses
    let stoppedForToxicity = false
    for (let cohort = 0; cohort < nCohort; cohort++) {
      const d = state.dose
      const pd = p[d]!
      let events = 0
      for (let k = 0; k < cohortSize; k++) if (rng.nextFloat() < pd) events++
      y[d]! += events
      n[d]! += cohortSize
      const code = boinStep(t, nEarlystop, extrasafe, state)
      if (code < BOIN_FIRST_MOVE) {
        stoppedForToxicity = code !== BoinRuleCode.nEarlystop
        break
      }
    }
    const mtd = stoppedForToxicity ? -1 : selectMtdInto(t, extrasafe, boundMtd, n, y, scratch)
    if (mtd < 0) noMtd++
    else selected[mtd]!++
    let treatedAbove = 0
    for (let j = 0; j < nDoses; j++) {
      patients[j]! += n[j]!
      dlts[j]! += y[j]!
      if (above?.[j]) treatedAbove += n[j]!
    }
    if (treatedAbove > overdoseLimit60) over60++
    if (treatedAbove > overdoseLimit80) over80++
  }
  totals.nTrial = range.nTrial
  totals.selected = Array.from(selected)
  totals.noMtd = noMtd
  totals.patients = Array.from(patients)
  totals.dlts = Array.from(dlts)
  if (above) {
    totals.overdosed60 = over60
    totals.overdosed80 = over80
  }
  return totals
}

export interface BoinSimulationInput extends BoinDesignInput, BoinScenario {
  nTrial: number
  seed: number
}

/**
 * Validate a BOIN simulation request: the design, p_true (each in [0, 1]), startDose ≤ number of doses,
 * nTrial a positive integer, seed a finite integer.
 */
export function checkBoinSimulation(
  input: BoinSimulationInput,
): Result<{ design: BoinDesign; pTrue: number[] }> {
  const { pTrue, nTrial, seed, ...rest } = input
  const resolved = resolveBoinDesign(rest)
  const issues: Issue[] = resolved.ok ? [] : [...resolved.issues]
  issues.push(...scenarioIssues(pTrue, nTrial, seed))
  if (resolved.ok && resolved.value.startDose > pTrue.length)
    issues.push({
      code: 'out_of_range',
      path: ['startDose'],
      message: `startDose ${resolved.value.startDose} exceeds the ${pTrue.length} doses`,
    })
  if (issues.length > 0 || !resolved.ok) return fail(issues)
  return ok({ design: resolved.value, pTrue: [...pTrue] })
}

/** Issues with a scenario and simulation size, shared by the BOIN and 3+3 simulators. */
export function scenarioIssues(pTrue: readonly number[], nTrial: number, seed: number): Issue[] {
  const issues: Issue[] = []
  if (pTrue.length === 0)
    issues.push({ code: 'too_small', path: ['pTrue'], message: 'at least one dose is required' })
  pTrue.forEach((v, i) => {
    if (!(v >= 0 && v <= 1))
      issues.push({
        code: 'out_of_range',
        path: ['pTrue', i],
        message: `must be a probability in [0, 1]: ${v}`,
      })
  })
  if (!Number.isInteger(nTrial) || nTrial < 1)
    issues.push({ code: 'out_of_range', path: ['nTrial'], message: `must be a positive integer: ${nTrial}` })
  if (!Number.isSafeInteger(seed))
    issues.push({ code: 'out_of_range', path: ['seed'], message: `must be an integer: ${seed}` })
  return issues
}

/**
 * Monte Carlo OC of a BOIN design under one scenario, single-threaded.
 * @example simulateBoin({ target: 0.3, pTrue: [0.05, 0.1, 0.2, 0.3, 0.45], nCohort: 10, cohortSize: 3, nTrial: 10000, seed: 1 })
 */
export function simulateBoin(input: BoinSimulationInput): Result<OperatingCharacteristics> {
  const checked = checkBoinSimulation(input)
  if (!checked.ok) return fail(checked.issues)
  return ok(
    finalizeOc(
      simulateBoinTotals(checked.value.design, checked.value.pTrue, {
        seed: input.seed,
        firstTrial: 0,
        nTrial: input.nTrial,
      }),
    ),
  )
}
