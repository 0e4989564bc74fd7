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
  it('empty cohort', () => {
    expect(summariseResponseCohort([]).orr).toBeNull()
  })
})
