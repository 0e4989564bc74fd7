import { describe, expect, it } from 'vitest'
import { enumerateBoin, exactBoin } from './boin-exact.js'
import { simulateBoin } from './boin-simulate.js'
import { exactThreePlusThree } from './three-plus-three-exact.js'

const design = { target: 0.3, nCohort: 3, cohortSize: 3 }
const r1 = (v: number[]) => v.map((x) => Number(x.toFixed(1)))
const r2 = (v: number[]) => v.map((x) => Number(x.toFixed(2)))

/** dose-escalation.md §3: KN5501-sized design, BOIN φ = 0.30 vs the §1.1 3+3 */
const TABLE = [
  {
    p: [0.1, 0.3],
    boin: [29.6, 70.2, 0.2],
    n: [4.56, 4.43],
    dlt: [0.46, 1.33],
    tpt: [44.8, 44.8, 10.4],
    tptN: [4.84, 3.92, 8.75],
  },
  {
    p: [0.05, 0.15],
    boin: [8.6, 91.3, 0.0],
    n: [3.66, 5.34],
    dlt: [0.18, 0.8],
    tpt: [18.0, 79.2, 2.8],
    tptN: [3.89, 3.87, 7.75],
  },
  {
    p: [0.3, 0.5],
    boin: [64.6, 23.1, 12.3],
    n: [6.68, 2.0],
    dlt: [2.0, 1.0],
    tpt: [34.8, 8.5, 56.7],
    tptN: [5.18, 2.04, 7.21],
  },
  {
    p: [0.5, 0.65],
    boin: [43.6, 4.0, 52.3],
    n: [6.93, 0.62],
    dlt: [3.46, 0.4],
    tpt: [10.4, 0.9, 88.7],
    tptN: [4.48, 0.64, 5.12],
  },
]

describe('exact operating characteristics (dose-escalation.md §3 table)', () => {
  for (const row of TABLE) {
    it(`p_true = (${row.p.join(', ')}): BOIN and 3+3 as tabulated`, () => {
      const b = exactBoin({ ...design, pTrue: row.p }).value!
      expect(r1([...b.selectionPercent, b.noMtdPercent])).toEqual(row.boin)
      expect(r2(b.patientsPerDose)).toEqual(row.n)
      expect(r2(b.dltsPerDose)).toEqual(row.dlt)
      const t = exactThreePlusThree(row.p).value!
      expect(r1([...t.selectionPercent, t.noMtdPercent])).toEqual(row.tpt)
      expect(r2([...t.patientsPerDose, t.meanSampleSize])).toEqual(row.tptN)
    })
  }

  it('BOIN enrols all 9 patients unless the lowest dose is eliminated; outcome probabilities sum to 1', () => {
    const outcomes = enumerateBoin({ ...design, pTrue: [0.3, 0.5] }).value!
    expect(outcomes.reduce((s, o) => s + o.probability, 0)).toBeCloseTo(1, 14)
    for (const o of outcomes) {
      const total = o.n[0]! + o.n[1]!
      if (total < 9) expect(o.mtd).toBeNull()
    }
  })

  it('overdosing risk: exact, with dose 2 at the target', () => {
    // > 60 % of 9 patients above the MTD (dose 2 has p = 0.5 > 0.3 = target of dose 1): 6 or 9 at dose 2
    const b = exactBoin({ ...design, pTrue: [0.3, 0.5] }).value!
    expect(b.overdosingRisk60).not.toBeNull()
    expect(b.overdosingRisk60!).toBeGreaterThanOrEqual(b.overdosingRisk80!)
    expect(exactBoin({ ...design, pTrue: [0.1, 0.35] }).value!.overdosingRisk60).toBeNull()
  })

  it('refuses designs too large to enumerate', () => {
    const r = enumerateBoin({
      target: 0.3,
      nCohort: 10,
      cohortSize: 3,
      pTrue: [0.1, 0.2, 0.3, 0.4, 0.5],
      maxStates: 100,
    })
    expect(r.issues?.[0]?.code).toBe('too_large')
  })

  it('Monte Carlo converges to the exact OC within 3 standard errors (4 scenarios, 20,000 trials)', () => {
    for (const row of TABLE) {
      const nTrial = 20_000
      const outcomes = enumerateBoin({ ...design, pTrue: row.p }).value!
      const exact = exactBoin({ ...design, pTrue: row.p }).value!
      const sim = simulateBoin({ ...design, pTrue: row.p, nTrial, seed: 11 }).value!
      const se = (mean: (o: (typeof outcomes)[number]) => number) => {
        const m = outcomes.reduce((s, o) => s + o.probability * mean(o), 0)
        const v = outcomes.reduce((s, o) => s + o.probability * (mean(o) - m) ** 2, 0)
        return Math.sqrt(v / nTrial)
      }
      const within = (got: number, want: number, sd: number, what: string) =>
        expect(Math.abs(got - want), `${what} p=${row.p.join(',')}`).toBeLessThanOrEqual(3 * sd + 1e-12)
      for (let j = 0; j < 2; j++) {
        within(
          sim.selectionPercent[j]!,
          exact.selectionPercent[j]!,
          100 * se((o) => (o.mtd === j + 1 ? 1 : 0)),
          `selection ${j}`,
        )
        within(
          sim.patientsPerDose[j]!,
          exact.patientsPerDose[j]!,
          se((o) => o.n[j]!),
          `patients ${j}`,
        )
        within(
          sim.dltsPerDose[j]!,
          exact.dltsPerDose[j]!,
          se((o) => o.y[j]!),
          `dlts ${j}`,
        )
      }
      within(sim.noMtdPercent, exact.noMtdPercent, 100 * se((o) => (o.mtd === null ? 1 : 0)), 'no MTD')
      within(
        sim.meanSampleSize,
        exact.meanSampleSize,
        se((o) => o.n[0]! + o.n[1]!),
        'sample size',
      )
    }
  })
})
