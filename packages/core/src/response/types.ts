/**
 * Input and output types of the ITP response engine.
 * Source: ../shared/domain/response-itp.md §3.1 (inputs) and §3.11 (outputs).
 */
import type { RescueType } from './params.js'

/** One platelet sample. `value` in x10^9/L (README.md "Platelet unit"); `time` `HH:MM` or `HH:MM:SS` when recorded. */
export interface ResponsePlateletCount {
  date: string
  time?: string | null
  value: number
}

/** A bleeding event graded on `scale` (default WHO 0-4); `endDate` null = no end recorded (§3.2 `bleedingMissingEndDate`). */
export interface ResponseBleedingEvent {
  startDate: string
  endDate: string | null
  scale?: string
  grade: number
}

/**
 * New or increased rescue treatment (a stable background dose is not a rescue event).
 * `endDate` null = same day as start (§3.4 rule 3: `rescue.endDate ?? rescue.startDate`).
 * `startTime` lets a count taken earlier on the rescue start day stay evaluable.
 */
export interface ResponseRescueEvent {
  type: RescueType
  startDate: string
  startTime?: string | null
  endDate: string | null
}

/** Everything the engine needs about one subject. Source: response-itp.md §3.1. */
export interface ResponseInput {
  /** Day 0 */
  infusionDate: string
  /** first day of lymphodepletion; null if LD was not given */
  ldStartDate: string | null
  plateletCounts: readonly ResponsePlateletCount[]
  bleedingEvents?: readonly ResponseBleedingEvent[]
  rescueEvents?: readonly ResponseRescueEvent[]
  /** first day of any new ITP-directed therapy outside the protocol (daratumumab, rituximab, splenectomy, ...) */
  newItpTherapyStartDate?: string | null
  /** per-subject analysis cut-off; when absent the parameter `dataCutoffDate` applies */
  dataCutoffDate?: string | null
  /**
   * Days of continuous or repeated corticosteroid use judged necessary to hold platelets >= 30
   * (IWG corticosteroid dependence); only read when `corticosteroidDependenceRule` is `ON`.
   */
  corticosteroidDependenceDays?: number | null
}

/** Tri-state status of an evaluable count at one level (§3.7): qualifies, fails, indeterminate. */
export type ResponseCountStatus = 'Q' | 'F' | 'I'

/** Response level. */
export type ResponseLevel = 'R' | 'CR'

/** Best response category (internal codes; display words come from `categoryNames`). */
export type ResponseCategory = 'CR' | 'R' | 'NR' | 'NE'

/** Why a count was not evaluable (§3.1 cut-off, §3.4 same-date rule and rules 1-4). */
export type ResponseExclusionReason =
  | 'AFTER_DATA_CUTOFF'
  | 'SAME_DATE_NOT_LOWEST'
  | 'BEFORE_EVAL_START'
  | 'AFTER_EVAL_END'
  | 'RESCUE_WINDOW'
  | 'NEW_ITP_THERAPY'

/** A count as the explanation cites it. `index` is the position in `input.plateletCounts`. */
export interface ResponseCountRef {
  index: number
  date: string
  time: string | null
  day: number
  value: number
}

/** An evaluable count with its status at one level. */
export interface ResponseClassifiedCountRef extends ResponseCountRef {
  status: ResponseCountStatus
  bleeding: boolean
}

/** A dropped count and why. */
export interface ResponseExcludedCount extends ResponseCountRef {
  reason: ResponseExclusionReason
  /** for RESCUE_WINDOW: the rescue type and its window, e.g. `IVIG 2024-03-01..2024-03-02 +14 d` */
  detail: string | null
}

/**
 * One confirmed response at one level, ended by a confirmed loss (`event`) or censored at the last
 * evaluable count. Source: §3.8-§3.10.
 */
export interface ResponseEpisode {
  level: ResponseLevel
  startDay: number
  startDate: string
  endDay: number
  endDate: string
  event: boolean
  /** first count of the confirming pair (the response date) */
  start: ResponseClassifiedCountRef
  /** earliest count of the same run >= confirmMinGapDays after `start` */
  confirmedBy: ResponseClassifiedCountRef
  /** the loss pair f1, f2 (null when censored) */
  lossPair: [ResponseClassifiedCountRef, ResponseClassifiedCountRef] | null
}

/** How the baseline was chosen (§3.5). */
export interface ResponseBaselineExplanation {
  anchor: 'LD_START' | 'INFUSION'
  anchorDate: string
  windowFrom: string
  windowTo: string
  rule: 'LATEST_CANDIDATE' | 'RESCUE_AFFECTED_FALLBACK' | 'MISSING'
  count: ResponseCountRef | null
  /** candidates dropped because they lay in a rescue window */
  droppedRescueAffected: ResponseCountRef[]
}

/** Threshold set actually applied (for the sentences). */
export interface ResponseThresholds {
  rThreshold: number
  rComparator: '>=' | '>'
  doublingFactor: number
  doublingComparator: '>=' | '>'
  /** doublingFactor x baseline, null when baseline is missing */
  doublingValue: number | null
  crThreshold: number
  crComparator: '>=' | '>'
  rLossThreshold: number
  crLossThreshold: number
  requireNoBleedingForR: boolean
  requireNoBleedingForCR: boolean
  confirmMinGapDays: number
  lossMinGapDays: number
  /**
   * §3.9 PROTOCOL DECISIONS, present only when not the default (so default results are unchanged):
   * `false` = an I count does not break a response run (`indeterminateBreaksResponseRun`)
   */
  indeterminateBreaksResponseRun?: false
  /** `true` = an I count between f1 and f2 blocks a loss pair (`indeterminateBreaksLossPair`); absent = default */
  indeterminateBreaksLossPair?: true
}

/** Everything a clinician needs to check the result. */
export interface ResponseExplanation {
  baseline: ResponseBaselineExplanation
  thresholds: ResponseThresholds
  excluded: ResponseExcludedCount[]
  evaluableCount: number
  lastEvaluable: ResponseCountRef | null
  /** true when the best response was downgraded to NR for corticosteroid dependence */
  corticosteroidDependent: boolean
  /** the protocol's words for the categories (`categoryNames`) */
  categoryNames: { CR: string; R: string; NR: string; NE: string }
}

/** Result of {@link evaluateResponse}. Names follow response-itp.md §3.11. */
export interface ResponseResult {
  bestResponse: ResponseCategory
  /** the protocol's word for `bestResponse` (`categoryNames`) */
  bestResponseLabel: string
  baseline: number | null
  /** start day of the first R-level episode; TTR equals it (Day 0 = infusion) */
  responseDay: number | null
  responseDate: string | null
  TTR: number | null
  /** start day of the first CR-level episode */
  crDay: number | null
  crDate: string | null
  TTCR: number | null
  /** first R-level episode: end - start */
  DoR: number | null
  /** true = ended in a confirmed loss (event), false = censored, null = no episode */
  DoREvent: boolean | null
  lossDay: number | null
  lossDate: string | null
  DoCR: number | null
  DoCREvent: boolean | null
  crLossDay: number | null
  crLossDate: string | null
  /** true iff the first R-level episode ended in a confirmed loss (false when there is no R-level episode) */
  relapse: boolean
  /** sum over R-level episodes of end - start */
  cumulativeDaysInResponse: number
  /** day of the last evaluable count; null when none */
  observedDays: number | null
  episodes: { R: ResponseEpisode[]; CR: ResponseEpisode[] }
  /** `BASELINE_MISSING`, `BASELINE_RESCUE_AFFECTED`, `NEW_THERAPY_CENSORED`, `BLEEDING_EVENT_OPEN_ENDED`, `COUNTS_EXCLUDED_RESCUE(n)` */
  flags: string[]
  /** n of `COUNTS_EXCLUDED_RESCUE(n)` */
  countsExcludedRescue: number
  explanation: ResponseExplanation
}
