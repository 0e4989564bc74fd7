/**
 * The server's dosing follows the protocol's regimen-and-dosing.md PROTOCOL DECISIONS through core: §3 weight used
 * (default weight at leukapheresis) and counted cells, §1 dose rounding; the seed protocol of NCT06352281 gives the
 * defaults, a copy with other values shows each one is read from the protocol.
 */
import { describe, expect, it } from 'vitest'
import { loadSeedProtocols } from '@celltrial/protocols'
import type { Protocol } from '@celltrial/core'
import { computeDosing, computeLdDosing, type DosingInput } from './journey-dosing.js'

const seed = (): Protocol => structuredClone(loadSeedProtocols().find((p) => p.identification.registryId === 'NCT06352281')!)
const input: DosingInput = {
  heightCm: 165, weightKg: 60, ageYears: 40, sex: 'female', serumCreatinine: 0.8, creatinineUnit: 'mg/dL', doseLevelId: 'DL1',
  viableCellsPerMl: 1e6, carPositiveFraction: 0.5, weights: [{ date: '2025-06-03', weightKg: 64 }],
}

describe('computeDosing with the protocol settings (regimen-and-dosing.md §1, §3)', () => {
  it('defaults: cell dose from the weight at leukapheresis, CAR+ viable cells counted, prescribed dose to 1 mg', () => {
    const d = computeDosing(seed(), input, null, '2025-06-03')
    expect(d.cellDoseWeight).toEqual({ source: 'leukapheresis', date: '2025-06-03', weightKg: 64 })
    expect(d.cellDose?.targetCells).toBe(9.6e6)
    expect(d.volume).toMatchObject({ counted: 'car-positive-viable', volumeMl: 19.2 }) // 9.6e6 / (1e6 x 0.5)
    expect(d.ld.drugs[0]).toMatchObject({ dailyCalculatedMg: 49.8, dailyCalculatedDisplay: '49.8', dailyPrescribedMg: 50 })
    // no weight on the leukapheresis date, or no leukapheresis: no cell dose (the LD weight is not used), an issue instead
    for (const [date, why] of [['2025-06-04', 'no weight measured on 2025-06-04'], [null, 'no leukapheresis is recorded']] as const) {
      const missing = computeDosing(seed(), input, null, date)
      expect([missing.cellDose, missing.volume, missing.ld.drugs[0]?.dailyPrescribedMg]).toEqual([null, null, 50])
      expect(missing.cellDoseIssues.map((i) => [i.path, i.message])).toEqual([[['weights'], expect.stringContaining(why)]])
    }
  })

  it('follows non-default values: LD weight for the cells, total viable cells counted, 5 mg step, 2 decimals', () => {
    const p = seed()
    p.arms[0]!.cellDosing = { ...p.arms[0]!.cellDosing, weightSource: 'lymphodepletion', countedCells: 'total-viable' }
    p.lymphodepletion = { ...p.lymphodepletion, prescribedIncrementMg: 5, calculatedDisplayDecimals: 2 }
    const d = computeDosing(p, { ...input, weights: null }, null, null)
    expect(d.cellDoseWeight).toEqual({ source: 'lymphodepletion', date: null, weightKg: 60 })
    expect(d.cellDose?.targetCells).toBe(9e6)
    expect(d.volume).toMatchObject({ counted: 'total-viable', volumeMl: 9 }) // 9e6 / 1e6
    // Flu 30 x 1.66 = 49.8 -> 50 (5 mg step); Cy 300 x 1.66 = 498 -> 500
    expect(d.ld.drugs.map((x) => [x.dailyCalculatedDisplay, x.dailyPrescribedMg])).toEqual([['49.80', 50], ['498.00', 500]])
  })

  it('the LD doses need no cell-dose weight', () => {
    expect(computeLdDosing(seed(), { ...input, weights: null }).bsa.bsaM2).toBe(1.66)
  })
})
