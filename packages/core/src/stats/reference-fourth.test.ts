/**
 * Round 4: line-by-line audit of statistics.md. Pins the §3.5 PROTOCOL DECISION "6 months = Day 182" by its
 * effect (example A has no event near Day 182, so any landmark from Day 120 to Day 199 gives 0.3125 there).
 * Expected values from R 4.2.2 / survival 3.5-3: `summary(survfit(Surv(t, e) ~ 1, conf.type = ...),
 * times = c(181, 182, 183), extend = TRUE)` with t = (30, 182, 183, 200), e = (1, 1, 1, 0); the tests do not call R.
 */
import { describe, expect, it } from 'vitest'
import { kaplanMeier } from './kaplan-meier.js'
import { survivalAt } from './survival-at.js'

describe('§3.5 landmark DoR rate: default 6 months = Day 182, read with its pointwise CI', () => {
  const times = [30, 182, 183, 200]
  const events = [1, 1, 1, 0]

  it('the default landmark includes a loss of response on Day 182 and excludes one on Day 183 (log-log, the default CI)', () => {
    const fit = kaplanMeier(times, events)
    const at = survivalAt(fit)
    expect(at.time).toBe(182)
    expect(at.nRisk).toBe(3)
    expect(at.surv).toBe(0.5)
    expect(at.stdErr).toBeCloseTo(0.25, 12)
    expect(at.lower).toBeCloseTo(0.05784708299514463, 12)
    expect(at.upper).toBeCloseTo(0.844861281190374, 12)
    // neighbours: Day 181 before the drop, Day 183 after the next one
    expect(survivalAt(fit, 181).surv).toBe(0.75)
    expect(survivalAt(fit, 181).lower).toBeCloseTo(0.12794691759514587, 12)
    expect(survivalAt(fit, 183).surv).toBe(0.25)
    expect(survivalAt(fit, 183).upper).toBeCloseTo(0.665325342788865, 12)
  })

  it('with the log CI (R default): S(182) = 0.5, CI 0.1877–1', () => {
    const at = survivalAt(kaplanMeier(times, events, { confType: 'log' }))
    expect(at.surv).toBe(0.5)
    expect(at.lower).toBeCloseTo(0.1876589287065883, 12)
    expect(at.upper).toBe(1)
  })
})
