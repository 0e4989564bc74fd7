import { describe, expect, it } from 'vitest'
import { reverseKaplanMeier } from './reverse-kaplan-meier.js'
import rFixtures from './fixtures/r/reverse-kaplan-meier.json' with { type: 'json' }

interface RkCase {
  name: string
  times: number[]
  events: number[]
  time: number[]
  surv: number[]
  lower: (number | null)[]
  upper: (number | null)[]
  median: number | null
  medianLower: number | null
  medianUpper: number | null
}

const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9)

describe('reverseKaplanMeier against R survfit(Surv(time, 1 - status) ~ 1)', () => {
  it.each(rFixtures as RkCase[])('$name', (c) => {
    const fit = reverseKaplanMeier(c.times, c.events)
    expect(fit.rows.map((r) => r.time)).toEqual(c.time)
    fit.rows.forEach((r, i) => {
      if (!close(r.surv, c.surv[i]!) || !close(r.lower, c.lower[i]!) || !close(r.upper, c.upper[i]!))
        expect.fail(`row ${i}: ${JSON.stringify(r)} vs R ${c.surv[i]} ${c.lower[i]} ${c.upper[i]}`)
    })
    expect(fit.median).toEqual({ estimate: c.median, lower: c.medianLower, upper: c.medianUpper })
  })
  it('median follow-up of example A (censorings at 45, 90, 200 are the events)', () => {
    expect(reverseKaplanMeier([30, 45, 60, 90, 120, 200], [1, 0, 1, 0, 1, 0]).median.estimate).toBe(200)
  })
})
