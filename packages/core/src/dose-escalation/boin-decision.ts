import { fail, ok, type Issue, type Result } from '../result.js'
import { boinTables } from './boin-boundaries.js'
import { resolveBoinDesign, type BoinDesignInput } from './boin-design.js'
import { NO_BOUNDARY } from './boin-posterior.js'
import { BOIN_FIRST_MOVE, BoinRuleCode, boinStep, type BoinTrialState } from './boin-step.js'

/**
 * The BOIN decision after a cohort, as data: what to do, and which rule of dose-escalation.md §2.5 said so.
 * Thin face over {@link boinStep} (the same function the simulators use).
 *
 * Source: dose-escalation.md §2.3, §2.5, §2.7 (D1-D9); Liu & Yuan 2015; BOIN R package 2.7.2 `get.oc`.
 */

export type BoinRuleId =
  | 'n-earlystop'
  | 'lowest-dose-eliminated'
  | 'extrasafe-stop'
  | 'eliminate-and-deescalate'
  | 'escalate'
  | 'stay-next-dose-eliminated'
  | 'stay-at-top-dose'
  | 'deescalate'
  | 'stay-at-lowest-dose'
  | 'stay'

export interface BoinRule {
  id: BoinRuleId
  /** where the rule is written */
  source: string
  /** the rule in words */
  text: string
}

const S = 'dose-escalation.md'
const RULES: Record<BoinRuleCode, BoinRule> = {
  [BoinRuleCode.nEarlystop]: {
    id: 'n-earlystop',
    source: `${S} §2.5 rule 6`,
    text: 'n_d ≥ n.earlystop: stop the trial',
  },
  [BoinRuleCode.lowestDoseEliminated]: {
    id: 'lowest-dose-eliminated',
    source: `${S} §2.3, §2.5 rule 2`,
    text: 'y_d ≥ elim(n_d) at the lowest dose: eliminate all doses, stop with no MTD',
  },
  [BoinRuleCode.extrasafeStop]: {
    id: 'extrasafe-stop',
    source: `${S} §2.5 (extrasafe)`,
    text: 'n₁ ≥ 3 and P(p₁ > φ | data) > cutoffEli − offset: stop with no MTD',
  },
  [BoinRuleCode.eliminateAndDeescalate]: {
    id: 'eliminate-and-deescalate',
    source: `${S} §2.3, §2.5 rules 2 and 4`,
    text: 'y_d ≥ elim(n_d): eliminate dose d and all higher doses, de-escalate to d − 1',
  },
  [BoinRuleCode.escalate]: {
    id: 'escalate',
    source: `${S} §2.5 rule 3`,
    text: 'y_d ≤ floor(λe·n_d) and d < top: escalate to d + 1',
  },
  [BoinRuleCode.stayNextDoseEliminated]: {
    id: 'stay-next-dose-eliminated',
    source: `${S} §2.5 rule 3`,
    text: 'y_d ≤ floor(λe·n_d) but dose d + 1 is eliminated: stay at d',
  },
  [BoinRuleCode.stayAtTopDose]: {
    id: 'stay-at-top-dose',
    source: `${S} §2.5 rule 3`,
    text: 'y_d ≤ floor(λe·n_d) at the top dose: stay',
  },
  [BoinRuleCode.deescalate]: {
    id: 'deescalate',
    source: `${S} §2.5 rule 4`,
    text: 'y_d ≥ deesc(n_d) and d > lowest: de-escalate to d − 1',
  },
  [BoinRuleCode.stayAtLowestDose]: {
    id: 'stay-at-lowest-dose',
    source: `${S} §2.5 rule 4`,
    text: 'y_d ≥ deesc(n_d) at the lowest dose (not eliminated): stay',
  },
  [BoinRuleCode.stay]: {
    id: 'stay',
    source: `${S} §2.5 rule 5`,
    text: 'floor(λe·n_d) < y_d < deesc(n_d): stay',
  },
}

export type BoinAction = 'escalate' | 'stay' | 'deescalate' | 'stop'
export type BoinStopReason = 'n-earlystop' | 'lowest-dose-eliminated' | 'extrasafe' | 'max-sample-size'

export interface BoinDecision {
  action: BoinAction
  /** 1-based dose for the next cohort; null when the trial stops */
  nextDose: number | null
  stopReason: BoinStopReason | null
  /** per dose, after this decision */
  eliminated: boolean[]
  /** the conduct rule that produced the move (or the stop) */
  rule: BoinRule
  /** the boundaries read at n_d (eliminateIfDltGe null when none) */
  boundaries: {
    n: number
    y: number
    escalateIfDltLe: number
    deescalateIfDltGe: number
    eliminateIfDltGe: number | null
  }
}

export interface BoinDecisionInput extends BoinDesignInput {
  /** cumulative patients treated per dose, lowest first, including the cohort just treated */
  n: readonly number[]
  /** cumulative patients with a DLT per dose */
  y: readonly number[]
  /** 1-based dose at which the last cohort was treated */
  currentDose: number
  /** doses already eliminated earlier in the trial (per dose); default none */
  eliminated?: readonly boolean[]
}

/**
 * Decide the next step of a BOIN trial after a cohort (dose-escalation.md §2.5).
 * The trial also stops when Σ n reaches nCohort × cohortSize ('max-sample-size'); elimination is still reported.
 * @returns the decision with its rule, or the input issues
 * @example decideBoin({ target: 0.3, n: [3, 0], y: [0, 0], currentDose: 1 }).value?.action // 'escalate' (D1)
 */
export function decideBoin(input: BoinDecisionInput): Result<BoinDecision> {
  const { n, y, currentDose, eliminated = [], ...rest } = input
  const issues: Issue[] = []
  const resolved = resolveBoinDesign(rest)
  if (!resolved.ok) issues.push(...resolved.issues)
  if (n.length === 0 || n.length !== y.length)
    issues.push({
      code: 'length_mismatch',
      path: ['y'],
      message: `n and y need one entry per dose (got ${n.length} and ${y.length})`,
    })
  n.forEach((ni, i) => {
    const yi = y[i] ?? 0
    if (!Number.isInteger(ni) || ni < 0 || !Number.isInteger(yi) || yi < 0 || yi > ni)
      issues.push({
        code: 'invalid_count',
        path: ['n', i],
        message: `dose ${i + 1}: need integers 0 ≤ y ≤ n, got y = ${yi}, n = ${ni}`,
      })
  })
  if (!Number.isInteger(currentDose) || currentDose < 1 || currentDose > n.length)
    issues.push({
      code: 'out_of_range',
      path: ['currentDose'],
      message: `must be a dose level from 1 to ${n.length}: ${currentDose}`,
    })
  else if ((n[currentDose - 1] ?? 0) === 0)
    issues.push({
      code: 'out_of_range',
      path: ['currentDose'],
      message: `no patient was treated at dose ${currentDose}`,
    })
  if (issues.length > 0 || !resolved.ok) return fail(issues)
  const design = resolved.value
  const nd = n[currentDose - 1]!
  const t = boinTables(design, nd)
  const firstEliminated = eliminated.findIndex(Boolean)
  const state: BoinTrialState = {
    n: Int32Array.from(n),
    y: Int32Array.from(y),
    dose: currentDose - 1,
    eliminatedFrom: firstEliminated < 0 ? n.length : firstEliminated,
  }
  const code = boinStep(t, design.nEarlystop, design.extrasafe, state)
  const stopCode: Partial<Record<BoinRuleCode, BoinStopReason>> = {
    [BoinRuleCode.nEarlystop]: 'n-earlystop',
    [BoinRuleCode.lowestDoseEliminated]: 'lowest-dose-eliminated',
    [BoinRuleCode.extrasafeStop]: 'extrasafe',
  }
  const full = n.reduce((a, b) => a + b, 0) >= design.nCohort * design.cohortSize
  const stopReason = code < BOIN_FIRST_MOVE ? stopCode[code]! : full ? 'max-sample-size' : null
  const move: BoinAction =
    state.dose > currentDose - 1 ? 'escalate' : state.dose < currentDose - 1 ? 'deescalate' : 'stay'
  const orNull = (v: number) => (v === NO_BOUNDARY ? null : v)
  return ok({
    action: stopReason ? 'stop' : move,
    nextDose: stopReason ? null : state.dose + 1,
    stopReason,
    eliminated: n.map((_, i) => i >= state.eliminatedFrom),
    rule: RULES[code],
    boundaries: {
      n: nd,
      y: y[currentDose - 1]!,
      escalateIfDltLe: t.escalate[nd]!,
      deescalateIfDltGe: t.deescalate[nd]!,
      eliminateIfDltGe: orNull(t.eliminate[nd]!),
    },
  })
}
