/**
 * Three-valued evaluation results and the comparator, shared by every atom.
 *
 * Source: ../shared/STYLE.md §8.2 (unknown is its own outcome, never defaulted); ../shared/domain/README.md
 * "Comparators" and "Rounding" (compare raw values, never rounded).
 */
import type { EligibilityComparator } from './expression-schema.js'
import type { ScreeningProfile } from './profile-schema.js'

/** Value of an expression: true, false, or null when the data needed are missing. */
export interface EligibilityEvaluation {
  value: boolean | null
  /** fields whose absence made the value null (empty when value is not null) */
  missing: string[]
  /** the facts read, keyed by field, for the audit trail */
  used: Record<string, unknown>
}

/** What every atom reads. */
export interface EligibilityContext {
  profile: ScreeningProfile
  /** screening date `YYYY-MM-DD` ("today" is an argument) */
  asOf: string
  /** default lab lookback in days (protocol `screening.labLookbackDays`) */
  labLookbackDays: number
}

/** `a cmp b` on raw numbers. */
export function compareNumbers(a: number, cmp: EligibilityComparator, b: number): boolean {
  switch (cmp) {
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '>':
      return a > b
    case '>=':
      return a >= b
    case '==':
      return a === b
  }
}

export const known = (value: boolean, used: Record<string, unknown> = {}): EligibilityEvaluation => ({
  value,
  missing: [],
  used,
})
export const unknown = (missing: string[], used: Record<string, unknown> = {}): EligibilityEvaluation => ({
  value: null,
  missing,
  used,
})
