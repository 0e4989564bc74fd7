import { describe, expect, it } from 'vitest'
import { kaplanMeier } from './kaplan-meier.js'
import { survivalAt } from './survival-at.js'
import type { SurvivalConfType } from './survival-confidence-band.js'
import rFixtures from './fixtures/r/survival-at.json' with { type: 'json' }

interface AtCase {
  name: string
  confType: SurvivalConfType
  level: number
  times: number[]
  events: number[]
  at: number[]
  nRisk: number[]
  surv: number[]
  stdErr: (number | null)[]
  lower: (number | null)[]
  upper: (number | null)[]
}

const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9)

describe('survivalAt against R summary(fit, times, extend = TRUE) (fixtures/r/runner.R)', () => {
  it.each(rFixtures as AtCase[])('$name, $confType', (c) => {
    const fit = kaplanMeier(c.times, c.events, { confType: c.confType, level: c.level })
    c.at.forEach((t, i) => {
      const got = survivalAt(fit, t)
      expect(got.nRisk, `nRisk at ${t}`).toBe(c.nRisk[i])
      for (const k of ['surv', 'stdErr', 'lower', 'upper'] as const) {
        const want = k === 'surv' ? c.surv[i]! : c[k][i]!
        if (!close(got[k], want)) expect.fail(`${k} at ${t}: ${got[k]}, R ${want}`)
      }
    })
  })
})

describe('domain/statistics.md §3.5 landmark DoR rate', () => {
  it('example A: S(182) = 0.3125 (default landmark Day 182)', () => {
    const fit = kaplanMeier([30, 45, 60, 90, 120, 200], [1, 0, 1, 0, 1, 0])
    expect(survivalAt(fit).surv).toBe(0.3125)
    expect(survivalAt(fit).time).toBe(182)
  })
})
