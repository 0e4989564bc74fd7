import { describe, expect, it } from 'vitest'
import type { Lymphodepletion, RenalAdjustment } from '../protocol/lymphodepletion.js'
import { ldDosePlan } from './lymphodepletion-doses.js'
import { renalDoseAdjustment } from './renal-dose-adjustment.js'
import { selectDosingWeight } from './select-dosing-weight.js'

const sources = [{ ref: 'test fixture' }]
/** §2.3 illustrative: Fludara IV bands used as proportional factors 1.0 / 0.8 / 0.6 / not given. */
const fludaraIvBands: RenalAdjustment = {
  adultFormula: 'cockcroft-gault',
  pediatricFormula: 'bedside-schwartz',
  pediatricBelowAgeYears: 18,
  weightType: 'actual',
  bands: [
    { min: 80, max: null, factor: 1 },
    { min: 50, max: 80, factor: 0.8 },
    { min: 30, max: 50, factor: 0.6 },
    { min: 0, max: 30, factor: null },
  ],
  sources,
}
const regimen = (
  flu: number,
  cy: number,
  days: number[],
  renal: RenalAdjustment | null = null,
): Lymphodepletion => ({
  drugs: [
    { name: 'fludarabine', doseMgPerM2PerDay: flu, days, renalAdjustment: renal, sources },
    { name: 'cyclophosphamide', doseMgPerM2PerDay: cy, days, renalAdjustment: null, sources },
  ],
  bsaFormula: 'mosteller',
  bsaDecimals: 2,
  bsaCapM2: null,
  weightWithinDaysBeforeLd: 7,
  prescribedIncrementMg: 1,
  calculatedDisplayDecimals: 1,
  vialRoundingPercent: 5,
  sources,
})
const adult = { heightCm: 165, weightKg: 60, ageYears: 40, sex: 'female' as const }

describe('LD doses (regimen-and-dosing.md §3 worked examples)', () => {
  it.each([
    ['adult 165/60', 165, 60, 30, 300, 1.66, 49.8, 498, 149.4, 1494],
    ['child 128/25', 128, 25, 30, 300, 0.94, 28.2, 282, 84.6, 846],
  ])('%s Flu 30 + Cy 300 x 3', (_, heightCm, weightKg, flu, cy, bsa, fluDay, cyDay, fluCourse, cyCourse) => {
    const r = ldDosePlan(regimen(flu, cy, [-5, -4, -3]), { heightCm, weightKg, ageYears: 30, sex: 'male' })
    expect(r.ok).toBe(true)
    expect(r.value?.bsa.bsaM2).toBe(bsa)
    const [f, c] = r.value?.drugs ?? []
    expect(f?.dailyCalculatedMg).toBe(fluDay)
    expect(c?.dailyCalculatedMg).toBe(cyDay)
    expect(f?.courseCalculatedMg).toBe(fluCourse)
    expect(c?.courseCalculatedMg).toBe(cyCourse)
  })

  it('KN5501 Flu 25 + Cy 1000 at BSA 1.66 -> 41.5 mg and 1660 mg', () => {
    const r = ldDosePlan(regimen(25, 1000, [-3]), adult)
    expect(r.value?.drugs.map((d) => d.dailyCalculatedMg)).toEqual([41.5, 1660])
  })

  it('prescribes to the nearest 1 mg half up and shows the calculated dose to 1 decimal', () => {
    const r = ldDosePlan(regimen(30, 300, [-5, -4, -3]), adult)
    const flu = r.value?.drugs[0]
    expect(flu?.dailyPrescribedMg).toBe(50)
    expect(flu?.dailyCalculatedDisplay).toBe('49.8')
    expect(flu?.coursePrescribedMg).toBe(150)
    expect(flu?.explanation).toContain('30 mg/m2 x 1.66 m2 = 49.8 mg/day (prescribed 50 mg')
    const child = ldDosePlan(regimen(30, 300, [-5, -4, -3]), { ...adult, heightCm: 128, weightKg: 25 })
    expect(child.value?.drugs[0]?.dailyPrescribedMg).toBe(28)
    // a written tie rounds up: 30 mg/m2 x 1.65 m2 = 49.5 -> 50 mg (BSA 1.65: 163.35 cm x 60 kg is sqrt(2.7225))
    const tie = ldDosePlan(regimen(30, 300, [-3]), { ...adult, heightCm: 163.35 })
    expect(tie.value?.bsa.bsaM2).toBe(1.65)
    expect(tie.value?.drugs[0]?.dailyPrescribedMg).toBe(50)
  })

  it('refuses a drug whose dose the protocol does not define', () => {
    const r = ldDosePlan(
      {
        ...regimen(30, 300, [-3]),
        drugs: [{ name: 'fludarabine', doseMgPerM2PerDay: null, days: [-3], renalAdjustment: null, sources }],
      },
      adult,
    )
    expect(r.issues?.[0]?.code).toBe('dosing.dose_not_defined')
  })
})

describe('fludarabine renal adjustment (regimen-and-dosing.md §2.3)', () => {
  const scr = (value: number) => ({ value, unit: 'mg/dL' as const })
  it('worked example: CrCl 44.27 -> 0.6 x 30 = 18 mg/m2', () => {
    const r = renalDoseAdjustment({ ...adult, serumCreatinine: scr(1.6) }, 30, fludaraIvBands)
    expect(r.value?.renal.value).toBeCloseTo(44.27, 2)
    expect(r.value?.factor).toBe(0.6)
    expect(r.value?.adjustedDoseMgPerM2).toBe(18)
    expect(r.value?.explanation).toContain('cockcroft-gault 44.27 mL/min is in band 30 <= value < 50 mL/min')
  })
  it('feeds the LD plan: 18 mg/m2 x 1.66 = 29.88 mg', () => {
    const r = ldDosePlan(regimen(30, 300, [-5, -4, -3], fludaraIvBands), {
      ...adult,
      serumCreatinine: scr(1.6),
    })
    expect(r.value?.drugs[0]?.dailyCalculatedMg).toBe(29.88)
    expect(r.value?.drugs[0]?.dailyPrescribedMg).toBe(30)
    expect(r.value?.drugs[1]?.dailyCalculatedMg).toBe(498)
  })
  it('full dose at CrCl 88.54; band edges compare raw values (min inclusive, max exclusive)', () => {
    expect(
      renalDoseAdjustment({ ...adult, serumCreatinine: scr(0.8) }, 30, fludaraIvBands).value?.factor,
    ).toBe(1)
    // (140-40) x 72 / (72 x 1.25) = 80 mL/min exactly for a man of 72 kg -> band >= 80
    const edge = renalDoseAdjustment(
      { ageYears: 40, sex: 'male', heightCm: 175, weightKg: 72, serumCreatinine: scr(1.25) },
      30,
      fludaraIvBands,
    )
    expect(edge.value?.renal.value).toBe(80)
    expect(edge.value?.factor).toBe(1)
  })
  it('refuses LD dosing when the band says do not administer, and when creatinine is missing', () => {
    const low = ldDosePlan(regimen(30, 300, [-3], fludaraIvBands), { ...adult, serumCreatinine: scr(3) })
    expect(low.issues?.[0]?.code).toBe('dosing.renal_do_not_administer')
    const missing = ldDosePlan(regimen(30, 300, [-3], fludaraIvBands), adult)
    expect(missing.issues?.[0]?.code).toBe('dosing.missing_value')
  })
  it('uses Schwartz for a child under the protocol cut-off', () => {
    const r = renalDoseAdjustment(
      {
        ageYears: 10,
        sex: 'male',
        heightCm: 128,
        weightKg: 25,
        serumCreatinine: scr(0.9),
        idmsTraceable: true,
      },
      30,
      fludaraIvBands,
    )
    expect(r.value?.renal.method).toBe('bedside-schwartz')
    expect(r.value?.factor).toBe(0.8)
  })
})

describe('dosing weight selection (§1 and §3 PROTOCOL DECISIONS)', () => {
  const weights = [
    { date: '2024-02-10', weightKg: 63 },
    { date: '2024-02-19', weightKg: 61 },
    { date: '2024-02-24', weightKg: 60 },
  ]
  it('takes the latest weight within 7 days before LD day 1', () => {
    expect(selectDosingWeight(weights, '2024-02-26', 7).value?.weightKg).toBe(60)
    expect(selectDosingWeight(weights.slice(0, 2), '2024-02-26', 7).value?.weightKg).toBe(61)
  })
  it('refuses when none is in the window', () => {
    expect(selectDosingWeight(weights.slice(0, 1), '2024-02-26', 7).issues?.[0]?.code).toBe(
      'dosing.no_weight_in_window',
    )
    expect(selectDosingWeight(weights, '2024-02-25', 0).issues?.[0]?.code).toBe('dosing.no_weight_in_window')
  })
})
