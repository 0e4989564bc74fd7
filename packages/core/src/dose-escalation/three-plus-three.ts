import { fail, ok, type Issue, type Result } from '../result.js'

/**
 * The 3+3 design (dose-escalation.md §1.1), cohorts of 3 at dose d:
 *
 * | state at d | observation | action |
 * |---|---|---|
 * | 3 treated | 0/3 | escalate (top dose: stop, MTD = d) |
 * | 3 treated | 1/3 | treat 3 more at d |
 * | 3 or 6 treated | ≥ 2 DLT | d exceeds the MTD → "exceeded" |
 * | 6 treated | ≤ 1/6 | escalate (top dose: stop, MTD = d) |
 * | exceeded at d | d lowest | stop, no MTD |
 * | exceeded at d | 6 treated at d − 1 | stop, MTD = d − 1 |
 * | exceeded at d | 3 treated at d − 1 | treat 3 more at d − 1 (≤ 1/6 → MTD = d − 1, else recurse) |
 *
 * "Escalate" from d with d + 1 already treated cannot happen except after an "exceeded" at d + 1, which is
 * how the rule "≤ 1/6 at d − 1 → MTD = d − 1" is recognised. PROTOCOL DECISION `confirmTopDose` (default
 * false): require 6 patients at the declared MTD also after 0/3 at the top dose (doc's first variant).
 * The doc's other variants (DLT window per patient before the next cohort opens, intra-cohort staggering)
 * change when patients are enrolled, not which decision the counts give, so they are not parameters here.
 *
 * Source: dose-escalation.md §1.1-1.2; Storer BE. Biometrics 1989;45(3):925-937; Le Tourneau C, Lee JJ,
 * Siu LL. J Natl Cancer Inst 2009;101(10):708-720.
 */

export const ThreePlusThreeCode = {
  lowestDoseExceeded: 0,
  mtdBelowExceeded: 1,
  mtdConfirmedBelowExceeded: 2,
  mtdTopDose: 3,
  expandBelowExceeded: 4,
  expand: 5,
  expandTopDose: 6,
  escalate: 7,
} as const
export type ThreePlusThreeCode = (typeof ThreePlusThreeCode)[keyof typeof ThreePlusThreeCode]

/** Codes below this one stop the trial. */
export const THREE_PLUS_THREE_FIRST_MOVE = ThreePlusThreeCode.expandBelowExceeded

/** Mutable 3+3 trial state (0-based doses). */
export interface ThreePlusThreeState {
  n: Int32Array
  y: Int32Array
  dose: number
  /** set when the trial stops: 0-based MTD, −1 for none */
  mtd: number
}

/**
 * Apply §1.1 after the cohort just treated at `state.dose` has been added to n and y.
 * @returns the rule code; for stopping codes `state.mtd` holds the MTD (−1 = none)
 */
export function threePlusThreeStep(state: ThreePlusThreeState, confirmTopDose: boolean): ThreePlusThreeCode {
  const d = state.dose
  const top = state.n.length - 1
  const nd = state.n[d]!
  const yd = state.y[d]!
  if (yd >= 2) {
    if (d === 0) {
      state.mtd = -1
      return ThreePlusThreeCode.lowestDoseExceeded
    }
    if (state.n[d - 1]! >= 6) {
      state.mtd = d - 1
      return ThreePlusThreeCode.mtdBelowExceeded
    }
    state.dose = d - 1
    return ThreePlusThreeCode.expandBelowExceeded
  }
  if (nd < 6 && yd === 1) return ThreePlusThreeCode.expand
  if (d < top && state.n[d + 1]! > 0) {
    state.mtd = d
    return ThreePlusThreeCode.mtdConfirmedBelowExceeded
  }
  if (d === top) {
    if (confirmTopDose && nd < 6) return ThreePlusThreeCode.expandTopDose
    state.mtd = d
    return ThreePlusThreeCode.mtdTopDose
  }
  state.dose = d + 1
  return ThreePlusThreeCode.escalate
}

export interface ThreePlusThreeRule {
  id: string
  source: string
  text: string
}

const S = 'dose-escalation.md §1.1'
const RULES: Record<ThreePlusThreeCode, ThreePlusThreeRule> = {
  [ThreePlusThreeCode.lowestDoseExceeded]: {
    id: 'lowest-dose-exceeded',
    source: S,
    text: '≥ 2 DLTs at the lowest dose: stop, no MTD',
  },
  [ThreePlusThreeCode.mtdBelowExceeded]: {
    id: 'mtd-below-exceeded',
    source: S,
    text: '≥ 2 DLTs at d and 6 already treated at d − 1: stop, MTD = d − 1',
  },
  [ThreePlusThreeCode.mtdConfirmedBelowExceeded]: {
    id: 'mtd-confirmed',
    source: S,
    text: '≤ 1/6 at d with d + 1 exceeded: stop, MTD = d',
  },
  [ThreePlusThreeCode.mtdTopDose]: {
    id: 'mtd-top-dose',
    source: S,
    text: '0/3 or ≤ 1/6 at the top dose: stop, MTD = top dose',
  },
  [ThreePlusThreeCode.expandBelowExceeded]: {
    id: 'expand-below-exceeded',
    source: S,
    text: '≥ 2 DLTs at d and only 3 treated at d − 1: treat 3 more at d − 1',
  },
  [ThreePlusThreeCode.expand]: { id: 'expand', source: S, text: '1/3 at d: treat 3 more at d' },
  [ThreePlusThreeCode.expandTopDose]: {
    id: 'expand-top-dose',
    source: S,
    text: '0/3 at the top dose with confirmTopDose: treat 3 more',
  },
  [ThreePlusThreeCode.escalate]: {
    id: 'escalate',
    source: S,
    text: '0/3 or ≤ 1/6 at d < top: escalate to d + 1',
  },
}

export interface ThreePlusThreeDecision {
  action: 'escalate' | 'expand' | 'deescalate' | 'stop'
  /** 1-based dose of the next cohort, null when stopping */
  nextDose: number | null
  /** when stopping: 1-based MTD or null (no MTD); undefined while the trial goes on */
  mtd?: number | null
  rule: ThreePlusThreeRule
}

export interface ThreePlusThreeInput {
  /** patients treated per dose (0, 3 or 6), lowest first, including the cohort just treated */
  n: readonly number[]
  y: readonly number[]
  /** 1-based dose of the cohort just treated */
  currentDose: number
  confirmTopDose?: boolean
}

/**
 * The 3+3 decision after a cohort (dose-escalation.md §1.1).
 * @example decideThreePlusThree({ n: [3, 3], y: [0, 2], currentDose: 2 }).value // deescalate to 1 (T3)
 */
export function decideThreePlusThree({
  n,
  y,
  currentDose,
  confirmTopDose = false,
}: ThreePlusThreeInput): Result<ThreePlusThreeDecision> {
  const issues: Issue[] = []
  if (n.length === 0 || n.length !== y.length)
    issues.push({
      code: 'length_mismatch',
      path: ['y'],
      message: `n and y need one entry per dose (got ${n.length} and ${y.length})`,
    })
  n.forEach((ni, i) => {
    const yi = y[i] ?? 0
    if (![0, 3, 6].includes(ni) || !Number.isInteger(yi) || yi < 0 || yi > ni)
      issues.push({
        code: 'invalid_count',
        path: ['n', i],
        message: `dose ${i + 1}: need n in {0, 3, 6} and 0 ≤ y ≤ n, got y = ${yi}, n = ${ni}`,
      })
  })
  if (!Number.isInteger(currentDose) || currentDose < 1 || currentDose > n.length || n[currentDose - 1] === 0)
    issues.push({
      code: 'out_of_range',
      path: ['currentDose'],
      message: `must be a treated dose level from 1 to ${n.length}: ${currentDose}`,
    })
  if (issues.length > 0) return fail(issues)
  const state: ThreePlusThreeState = {
    n: Int32Array.from(n),
    y: Int32Array.from(y),
    dose: currentDose - 1,
    mtd: -1,
  }
  const code = threePlusThreeStep(state, confirmTopDose)
  const rule = RULES[code]
  if (code < THREE_PLUS_THREE_FIRST_MOVE)
    return ok({ action: 'stop', nextDose: null, mtd: state.mtd < 0 ? null : state.mtd + 1, rule })
  const action =
    state.dose > currentDose - 1 ? 'escalate' : state.dose < currentDose - 1 ? 'deescalate' : 'expand'
  return ok({ action, nextDose: state.dose + 1, rule })
}
