import { describe, expect, it } from 'vitest'
import getOc from './fixtures/boin-get-oc.json' with { type: 'json' }
import { resolveBoinDesign } from './boin-design.js'
import { simulateBoin, simulateBoinTotals } from './boin-simulate.js'
import { finalizeOc, mergeOcTotals } from './operating-characteristics.js'

const scenario = { target: 0.3, pTrue: [0.05, 0.1, 0.2, 0.3, 0.45], nCohort: 10, cohortSize: 3 }

describe('BOIN Monte Carlo OC (dose-escalation.md §3; BOIN get.oc)', () => {
  it('is reproducible for a seed and changes with the seed', () => {
    const a = simulateBoin({ ...scenario, nTrial: 2000, seed: 1 }).value
    expect(simulateBoin({ ...scenario, nTrial: 2000, seed: 1 }).value).toEqual(a)
    expect(simulateBoin({ ...scenario, nTrial: 2000, seed: 2 }).value).not.toEqual(a)
  })

  it('gives identical totals however the trials are split (workers)', () => {
    const design = resolveBoinDesign(scenario).value!
    const whole = simulateBoinTotals(design, scenario.pTrue, { seed: 7, firstTrial: 0, nTrial: 5000 })
    const parts = [
      simulateBoinTotals(design, scenario.pTrue, { seed: 7, firstTrial: 3100, nTrial: 1900 }),
      simulateBoinTotals(design, scenario.pTrue, { seed: 7, firstTrial: 0, nTrial: 1234 }),
      simulateBoinTotals(design, scenario.pTrue, { seed: 7, firstTrial: 1234, nTrial: 1866 }),
    ]
    expect(finalizeOc(mergeOcTotals(parts))).toEqual(finalizeOc(whole))
  })

  it('has consistent outputs: selection + no MTD = 100 %, sample size = Σ patients, full trials without toxicity stops', () => {
    const oc = simulateBoin({ ...scenario, nTrial: 3000, seed: 3 }).value!
    expect(oc.selectionPercent.reduce((a, b) => a + b, 0) + oc.noMtdPercent).toBeCloseTo(100, 9)
    expect(oc.patientsPerDose.reduce((a, b) => a + b, 0)).toBeCloseTo(oc.meanSampleSize, 9)
    expect(oc.meanSampleSize).toBeLessThanOrEqual(30)
    expect(Object.keys(oc)).toEqual([
      'selectionPercent',
      'noMtdPercent',
      'patientsPerDose',
      'dltsPerDose',
      'meanSampleSize',
      'overdosingRisk60',
      'overdosingRisk80',
    ])
  })

  it('agrees with the BOIN get.oc transcription in R (20,000 trials each; within 3.5 combined standard errors)', () => {
    for (const f of getOc) {
      const oc = simulateBoin({
        target: f.target,
        pTrue: f.pTrue,
        nCohort: f.nCohort,
        cohortSize: f.cohortSize,
        nEarlystop: f.nEarlystop,
        extrasafe: f.extrasafe,
        startDose: f.startDose,
        boundMtd: f.boundMtd,
        nTrial: 20_000,
        seed: 5,
      }).value!
      const both = Math.sqrt(2 / f.nTrial)
      const close = (got: number, want: number, sd: number, what: string) =>
        expect(Math.abs(got - want), `${what} ${JSON.stringify(f.pTrue)}`).toBeLessThanOrEqual(
          3.5 * sd * both + 1e-9,
        )
      const pctSd = (p: number) => 100 * Math.sqrt((p / 100) * (1 - p / 100))
      f.selectionPercent.forEach((p, j) => close(oc.selectionPercent[j]!, p, pctSd(p), `selection ${j}`))
      close(oc.noMtdPercent, f.noMtdPercent, pctSd(f.noMtdPercent), 'no MTD')
      f.patientsPerDose.forEach((m, j) => close(oc.patientsPerDose[j]!, m, f.sdPatients[j]!, `patients ${j}`))
      f.dltsPerDose.forEach((m, j) => close(oc.dltsPerDose[j]!, m, f.sdDlts[j]!, `dlts ${j}`))
      close(oc.meanSampleSize, f.meanSampleSize, f.sdSampleSize, 'sample size')
      if (f.pTrue.includes(f.target)) {
        close(oc.overdosingRisk60!, f.overdosingRisk60, pctSd(f.overdosingRisk60), 'overdosing 60')
        close(oc.overdosingRisk80!, f.overdosingRisk80, pctSd(f.overdosingRisk80), 'overdosing 80')
      } else {
        expect(oc.overdosingRisk60).toBeNull()
      }
    }
  })

  it('reports invalid scenarios as issues', () => {
    const r = simulateBoin({ target: 0.3, pTrue: [0.1, 1.2], startDose: 3, nTrial: 0, seed: 1.5 })
    expect(r.issues?.map((i) => i.path.join('.'))).toEqual(['pTrue.1', 'nTrial', 'seed', 'startDose'])
  })
})
