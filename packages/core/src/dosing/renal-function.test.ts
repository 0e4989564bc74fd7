import { describe, expect, it } from 'vitest'
import { bedsideSchwartz } from './bedside-schwartz.js'
import { cockcroftGault } from './cockcroft-gault.js'
import { renalFunction } from './renal-function.js'
import { creatinineMgPerDl } from './serum-creatinine.js'

const mgdl = (value: number) => ({ value, unit: 'mg/dL' as const })

describe('Cockcroft-Gault (regimen-and-dosing.md §2.1)', () => {
  it.each([
    [40, 'female', 60, 0.8, 88.54],
    [40, 'female', 60, 1.6, 44.27],
    [70, 'male', 70, 1.5, 45.37],
    [70, 'male', 70, 1.1, 61.87],
  ] as const)('age %d %s %d kg SCr %d -> %d mL/min', (ageYears, sex, weightKg, scr, expected) => {
    const r = cockcroftGault({ ageYears, sex, weightKg, serumCreatinine: mgdl(scr) })
    expect(r.ok).toBe(true)
    expect(r.value?.value).toBeCloseTo(expected, 2)
    expect(r.value?.unit).toBe('mL/min')
    expect(r.value?.explanation).toContain(`= ${expected.toFixed(2)} mL/min`)
  })

  it('converts umol/L: 70 umol/L = 0.7919 mg/dL', () => {
    expect(creatinineMgPerDl({ value: 70, unit: 'umol/L' })).toBeCloseTo(0.7919, 4)
    const r = cockcroftGault({
      ageYears: 40,
      sex: 'female',
      weightKg: 60,
      serumCreatinine: { value: 0.8 * 88.4, unit: 'umol/L' },
    })
    expect(r.value?.value).toBeCloseTo(88.54, 2)
  })

  it('uses the protocol weight type and refuses when that weight is missing', () => {
    const input = {
      ageYears: 40,
      sex: 'male' as const,
      weightKg: 100,
      idealWeightKg: 70,
      serumCreatinine: mgdl(1),
    }
    expect(cockcroftGault(input, { weightType: 'ideal' }).value?.value).toBeCloseTo((100 * 70) / 72, 10)
    const missing = cockcroftGault(input, { weightType: 'adjusted' })
    expect(missing.ok).toBe(false)
    expect(missing.issues?.[0]).toMatchObject({ code: 'dosing.missing_value', path: ['adjustedWeightKg'] })
  })

  it('refuses impossible inputs', () => {
    const r = cockcroftGault({ ageYears: 150, sex: 'male', weightKg: -1, serumCreatinine: mgdl(0) })
    expect(r.issues?.map((i) => i.path.join('.'))).toEqual(['ageYears', 'weightKg', 'serumCreatinine.value'])
  })
})

describe('bedside Schwartz (regimen-and-dosing.md §2.2)', () => {
  it.each([
    [0.45, 117.48],
    [0.9, 58.74],
  ])('128 cm, SCr %d -> %d mL/min/1.73m2', (scr, expected) => {
    const r = bedsideSchwartz({
      ageYears: 10,
      heightCm: 128,
      serumCreatinine: mgdl(scr),
      idmsTraceable: true,
    })
    expect(r.value?.value).toBeCloseTo(expected, 2)
    expect(r.value?.unit).toBe('mL/min/1.73m2')
  })

  it('refuses a non-IDMS creatinine and ages outside 1-18', () => {
    const r = bedsideSchwartz({
      ageYears: 0.5,
      heightCm: 60,
      serumCreatinine: mgdl(0.3),
      idmsTraceable: false,
    })
    expect(r.issues?.map((i) => i.code)).toEqual(['dosing.out_of_range', 'dosing.creatinine_not_idms'])
  })
})

describe('renal function selection (§2.2 PROTOCOL DECISION: Schwartz < 18, Cockcroft-Gault >= 18)', () => {
  const child = {
    sex: 'male' as const,
    heightCm: 128,
    weightKg: 25,
    serumCreatinine: mgdl(0.45),
    idmsTraceable: true,
  }
  it('uses Schwartz at 17.9 and Cockcroft-Gault at 18', () => {
    expect(renalFunction({ ...child, ageYears: 17.9 }).value?.method).toBe('bedside-schwartz')
    expect(renalFunction({ ...child, ageYears: 18 }).value?.method).toBe('cockcroft-gault')
  })
  it('takes the cut-off from the protocol', () => {
    expect(renalFunction({ ...child, ageYears: 17 }, { pediatricBelowAgeYears: 16 }).value?.method).toBe(
      'cockcroft-gault',
    )
  })
})
