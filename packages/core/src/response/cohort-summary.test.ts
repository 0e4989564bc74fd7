import { describe, it, expect } from 'vitest'
import { summariseResponseCohort } from './cohort-summary.js'

describe('summariseResponseCohort (response-itp.md §3.11 ORR)', () => {
  it('NE stays in the denominator as a non-responder', () => {
    const s = summariseResponseCohort([
      { bestResponse: 'CR' },
      { bestResponse: 'R' },
      { bestResponse: 'NR' },
      { bestResponse: 'NE' },
    ])
    expect(s).toEqual({ n: 4, CR: 1, R: 1, NR: 1, NE: 1, responders: 2, orr: 0.5 })
  })
  it('NE in the ORR denominator is a parameter (default true)', () => {
    const cohort = [{ bestResponse: 'CR' }, { bestResponse: 'NR' }, { bestResponse: 'NE' }, { bestResponse: 'NE' }] as const
    expect(summariseResponseCohort(cohort, { notEvaluableInDenominator: true })).toEqual(summariseResponseCohort(cohort))
    expect(summariseResponseCohort(cohort).orr).toBe(0.25)
    expect(summariseResponseCohort(cohort, { notEvaluableInDenominator: false })).toEqual({ n: 4, CR: 1, R: 0, NR: 1, NE: 2, responders: 1, orr: 0.5 })
    expect(summariseResponseCohort([{ bestResponse: 'NE' }], { notEvaluableInDenominator: false }).orr).toBeNull()
  })
  it('empty cohort', () => {
    expect(summariseResponseCohort([]).orr).toBeNull()
  })
})
