import { fail, ok, type Result } from '../result.js'
import { boinTables } from './boin-boundaries.js'
import type { BoinDesignInput } from './boin-design.js'
import { createSelectScratch, selectMtdInto } from './boin-select-mtd.js'
import { checkBoinSimulation } from './boin-simulate.js'
import { BOIN_FIRST_MOVE, BoinRuleCode, boinStep, type BoinTrialState } from './boin-step.js'
import { binomialPmf } from './binomial-pmf.js'
import {
  dosesAboveMtd,
  emptyOcTotals,
  finalizeOc,
  type OperatingCharacteristics,
} from './operating-characteristics.js'

/**
 * Exact operating characteristics of a small BOIN design (dose-escalation.md §3): every sequence of cohort
 * outcomes is followed through the same conduct rule as the simulator ({@link boinStep}) and the same
 * selection ({@link selectMtdInto}), weighting each by its binomial probability. Identical trial states
 * reached by different paths are merged after each cohort, so the work grows with the number of distinct
 * states, not of paths. Reproduces the doc's 9-patient, 2-dose table.
 *
 * Source: dose-escalation.md §3 (exact OC table); BOIN R package 2.7.2 `get.oc` (rules), `select.mtd`.
 */

/** One distinct end of the trial and its probability. */
export interface BoinOutcome {
  probability: number
  n: number[]
  y: number[]
  /** 1-based MTD, or null */
  mtd: number | null
}

export interface BoinExactInput extends BoinDesignInput {
  pTrue: readonly number[]
  /** refuse designs with more distinct states than this after a cohort (default 1,000,000) */
  maxStates?: number
}

interface Branch {
  probability: number
  dose: number
  eliminatedFrom: number
  n: Int32Array
  y: Int32Array
}

/**
 * Every distinct end of a BOIN trial with its probability.
 * @returns the outcomes, or issues (invalid design, or too many states: code `too_large`)
 */
export function enumerateBoin(input: BoinExactInput): Result<BoinOutcome[]> {
  const { pTrue, maxStates = 1_000_000, ...rest } = input
  const checked = checkBoinSimulation({ ...rest, pTrue, nTrial: 1, seed: 0 })
  if (!checked.ok) return fail(checked.issues)
  const { design } = checked.value
  const nDoses = pTrue.length
  const t = boinTables(design, design.nCohort * design.cohortSize)
  const pmf = pTrue.map((p) => binomialPmf(design.cohortSize, p))
  const ends = new Map<string, { outcome: BoinOutcome; stoppedForToxicity: boolean }>()
  const finish = (b: Branch, stoppedForToxicity: boolean) => {
    const key = `${stoppedForToxicity ? 1 : 0}|${b.n.join(',')}|${b.y.join(',')}`
    const seen = ends.get(key)
    if (seen) seen.outcome.probability += b.probability
    else
      ends.set(key, {
        outcome: { probability: b.probability, n: Array.from(b.n), y: Array.from(b.y), mtd: null },
        stoppedForToxicity,
      })
  }
  let layer: Branch[] = [
    {
      probability: 1,
      dose: design.startDose - 1,
      eliminatedFrom: nDoses,
      n: new Int32Array(nDoses),
      y: new Int32Array(nDoses),
    },
  ]
  for (let cohort = 0; cohort < design.nCohort && layer.length > 0; cohort++) {
    const next = new Map<string, Branch>()
    for (const b of layer) {
      const probs = pmf[b.dose]!
      for (let k = 0; k <= design.cohortSize; k++) {
        const pk = probs[k]!
        if (pk === 0) continue
        const state: BoinTrialState = {
          n: b.n.slice(),
          y: b.y.slice(),
          dose: b.dose,
          eliminatedFrom: b.eliminatedFrom,
        }
        state.n[b.dose]! += design.cohortSize
        state.y[b.dose]! += k
        const code = boinStep(t, design.nEarlystop, design.extrasafe, state)
        const child: Branch = { probability: b.probability * pk, ...state }
        if (code < BOIN_FIRST_MOVE) {
          finish(child, code !== BoinRuleCode.nEarlystop)
          continue
        }
        const key = `${state.dose}|${state.eliminatedFrom}|${state.n.join(',')}|${state.y.join(',')}`
        const seen = next.get(key)
        if (seen) seen.probability += child.probability
        else next.set(key, child)
      }
    }
    if (next.size > maxStates)
      return fail([
        {
          code: 'too_large',
          path: ['nCohort'],
          message: `more than ${maxStates} distinct trial states: use simulation instead`,
        },
      ])
    layer = [...next.values()]
  }
  for (const b of layer) finish(b, false)
  const scratch = createSelectScratch(nDoses)
  const outcomes: BoinOutcome[] = []
  for (const { outcome, stoppedForToxicity } of ends.values()) {
    const mtd = stoppedForToxicity
      ? -1
      : selectMtdInto(t, design.extrasafe, design.boundMtd, outcome.n, outcome.y, scratch)
    outcome.mtd = mtd < 0 ? null : mtd + 1
    outcomes.push(outcome)
  }
  return ok(outcomes)
}

/**
 * Exact OC of a small BOIN design (same outputs as the simulator, as exact expectations).
 * @example exactBoin({ target: 0.3, pTrue: [0.1, 0.3], nCohort: 3, cohortSize: 3 }).value?.selectionPercent // ≈ [29.6, 70.2]
 */
export function exactBoin(input: BoinExactInput): Result<OperatingCharacteristics> {
  const outcomes = enumerateBoin(input)
  if (!outcomes.ok) return fail(outcomes.issues)
  const maxPatients = (input.nCohort ?? 10) * (input.cohortSize ?? 3)
  const above = dosesAboveMtd(input.pTrue, input.target)
  const totals = emptyOcTotals(input.pTrue.length, above !== null)
  totals.nTrial = 1
  for (const o of outcomes.value) {
    if (o.mtd === null) totals.noMtd += o.probability
    else totals.selected[o.mtd - 1]! += o.probability
    let treatedAbove = 0
    o.n.forEach((nj, j) => {
      totals.patients[j]! += o.probability * nj
      totals.dlts[j]! += o.probability * o.y[j]!
      if (above?.[j]) treatedAbove += nj
    })
    if (totals.overdosed60 !== null && treatedAbove > 0.6 * maxPatients) totals.overdosed60 += o.probability
    if (totals.overdosed80 !== null && treatedAbove > 0.8 * maxPatients) totals.overdosed80 += o.probability
  }
  return ok(finalizeOc(totals))
}
