/**
 * The outcome of grading one finding: a grade that says what drove it, or "not evaluable".
 * A missing input never becomes grade 0 (STYLE.md §8.2; safety-grading.md ICANS-6 "missing domains are
 * not assessed, never 0"). When the inputs that are present already fix a floor, `atLeast` carries it.
 */

/** One finding that set (or could set) the grade, for the audit trail and the eCRF tooltip. */
export interface ToxicityGradeDriver {
  /** which component: `fever`, `hypotension`, `hypoxia`, `ice`, `seizure`, `uln-criterion` … */
  component: string
  /** the grade this component gives on its own */
  grade: number
  /** a sentence naming the finding and the rule, e.g. `ICE 5 (3-6) -> grade 2` */
  finding: string
}

export type ToxicityGradeOutcome<G extends number> =
  | { kind: 'graded'; grade: G; drivers: ToxicityGradeDriver[]; notes: string[] }
  | {
      kind: 'not-evaluable'
      /** inputs that are missing or invalid */
      missing: string[]
      /** the grade the known inputs already guarantee, if any */
      atLeast: G | null
      /** the highest grade still possible given the known inputs */
      atMost: G | null
      reason: string
      drivers: ToxicityGradeDriver[]
      notes: string[]
    }

/** A grade range from partly known inputs: `min` is guaranteed, `max` is still possible. */
export interface ToxicityGradeRange {
  min: number
  max: number
}
