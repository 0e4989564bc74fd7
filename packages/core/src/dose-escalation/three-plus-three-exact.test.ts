import { describe, expect, it } from 'vitest'
import fixtures from './fixtures/three-plus-three-exact.json' with { type: 'json' }
import { finalizeOc, mergeOcTotals } from './operating-characteristics.js'
import { enumerateThreePlusThree, exactThreePlusThree } from './three-plus-three-exact.js'
import { simulateThreePlusThree, simulateThreePlusThreeTotals } from './three-plus-three-simulate.js'

describe('3+3 operating characteristics', () => {
  it('exact OC equal the independent R enumeration (fixtures/r/runner.R) to 1e-12', () => {
    for (const f of fixtures) {
      const oc = exactThreePlusThree(f.pTrue, { confirmTopDose: f.confirmTopDose }).value!
      const close = (a: number[], b: number[]) =>
        a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-12))
      close(oc.selectionPercent, f.selectionPercent)
      close([oc.noMtdPercent, oc.meanSampleSize], [f.noMtdPercent, f.meanSampleSize])
      close(oc.patientsPerDose, f.patientsPerDose)
      close(oc.dltsPerDose, f.dltsPerDose)
    }
  })

  it('Monte Carlo converges to the exact OC within 3 standard errors (20,000 trials per scenario)', () => {
    const nTrial = 20_000
    for (const f of fixtures) {
      const options = { confirmTopDose: f.confirmTopDose }
      const outcomes = enumerateThreePlusThree(f.pTrue, options).value!
      const exact = exactThreePlusThree(f.pTrue, options).value!
      const sim = simulateThreePlusThree({ pTrue: f.pTrue, nTrial, seed: 99, ...options }).value!
      const sd = (x: (o: (typeof outcomes)[number]) => number) => {
        const m = outcomes.reduce((s, o) => s + o.probability * x(o), 0)
        return Math.sqrt(outcomes.reduce((s, o) => s + o.probability * (x(o) - m) ** 2, 0) / nTrial)
      }
      const within = (got: number, want: number, se: number, what: string) =>
        expect(Math.abs(got - want), `${what} ${f.pTrue.join(',')}`).toBeLessThanOrEqual(3 * se + 1e-12)
      f.pTrue.forEach((_, j) => {
        within(
          sim.selectionPercent[j]!,
          exact.selectionPercent[j]!,
          100 * sd((o) => (o.mtd === j + 1 ? 1 : 0)),
          `selection ${j}`,
        )
        within(
          sim.patientsPerDose[j]!,
          exact.patientsPerDose[j]!,
          sd((o) => o.n[j]!),
          `patients ${j}`,
        )
        within(
          sim.dltsPerDose[j]!,
          exact.dltsPerDose[j]!,
          sd((o) => o.y[j]!),
          `dlts ${j}`,
        )
      })
      within(sim.noMtdPercent, exact.noMtdPercent, 100 * sd((o) => (o.mtd === null ? 1 : 0)), 'no MTD')
      within(
        sim.meanSampleSize,
        exact.meanSampleSize,
        sd((o) => o.n.reduce((a, b) => a + b, 0)),
        'sample size',
      )
    }
  })

  it('overdosing uses the patients enrolled in each trial, and needs a target', () => {
    const pTrue = [0.1, 0.3, 0.5]
    expect(exactThreePlusThree(pTrue).value!.overdosingRisk60).toBeNull()
    // dose 3 never holds > 60 % of the patients: at most 6 of ≥ 12
    expect(exactThreePlusThree(pTrue, { target: 0.3 }).value!.overdosingRisk60).toBe(0)
    // p = (0.3, 0.6): only D1 0/3 → D2 1/3 → D2 +0/3 ends with 6 of 9 (67 %) above the MTD:
    // 0.7³ × 3·0.6·0.4² × 0.4³ = 0.343 × 0.288 × 0.064 = 0.006322176
    const top = exactThreePlusThree([0.3, 0.6], { target: 0.3 }).value!
    expect(top.overdosingRisk60).toBeCloseTo(0.6322176, 12)
    expect(top.overdosingRisk80).toBe(0)
  })

  it('gives identical totals however the trials are split', () => {
    const pTrue = [0.05, 0.1, 0.2, 0.3, 0.45]
    const whole = simulateThreePlusThreeTotals(
      pTrue,
      { target: 0.3 },
      { seed: 4, firstTrial: 0, nTrial: 4000 },
    )
    const parts = [
      simulateThreePlusThreeTotals(pTrue, { target: 0.3 }, { seed: 4, firstTrial: 0, nTrial: 1500 }),
      simulateThreePlusThreeTotals(pTrue, { target: 0.3 }, { seed: 4, firstTrial: 1500, nTrial: 2500 }),
    ]
    expect(finalizeOc(mergeOcTotals(parts))).toEqual(finalizeOc(whole))
  })
})
