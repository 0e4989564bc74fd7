/**
 * Independent differential check of the dosing engines against regimen-and-dosing.md §1-§3 (and README
 * conventions). The `ref*` functions were written from the doc alone (section cited per rule); where the doc is
 * exact-decimal (half-up rounding), the reference uses integer arithmetic so it does not share the engine's
 * floating-point tricks.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Lymphodepletion, RenalAdjustment } from '../protocol/lymphodepletion.js'
import { bodySurfaceArea, duBoisBsa, mostellerBsa } from './body-surface-area.js'
import { cockcroftGault } from './cockcroft-gault.js'
import { bedsideSchwartz } from './bedside-schwartz.js'
import { renalFunction } from './renal-function.js'
import { renalDoseAdjustment } from './renal-dose-adjustment.js'
import { ldDosePlan } from './lymphodepletion-doses.js'
import { cellDoseTarget } from './cell-dose.js'
import { creatinineMgPerDl } from './serum-creatinine.js'
import { roundHalfUp, roundToIncrement } from './round-half-up.js'

const FC = { seed: 20261207, numRuns: 300 }

// ---------------------------------------------------------------------------------------------------------------
// Reference implementations (from the doc only)
// ---------------------------------------------------------------------------------------------------------------

/** §1 Mosteller BSA = sqrt(H x W / 3600); DuBois BSA = 0.007184 x W^0.425 x H^0.725 */
const refMosteller = (h: number, w: number) => Math.sqrt((h * w) / 3600)
const refDuBois = (h: number, w: number) => 0.007184 * Math.pow(w, 0.425) * Math.pow(h, 0.725)
/**
 * §1 PROTOCOL DECISION: Mosteller BSA rounded half up to 2 dp, computed exactly for inputs given in tenths
 * (h10 = 10 H, w10 = 10 W): BSA_2dp = k/100 for the largest k with sqrt(H W / 3600) >= (k - 0.5)/100,
 * i.e. H W x 10^4 / 3600 >= (k - 0.5)^2  <=>  h10 w10 >= 9 (2k - 1)^2.
 */
function refMostellerRounded2dp(h10: number, w10: number): number {
  const p = h10 * w10
  let k = Math.floor(Math.sqrt(p / 9) / 2 + 0.5) + 2
  while (9 * (2 * k - 1) ** 2 > p) k--
  return k / 100
}
/** §2.1 Cockcroft-Gault (mL/min); SCr umol/L -> mg/dL: divide by 88.4 */
const refCg = (age: number, female: boolean, w: number, scrMgDl: number) =>
  (((140 - age) * w) / (72 * scrMgDl)) * (female ? 0.85 : 1)
/** §2.2 bedside Schwartz (mL/min/1.73 m2) */
const refSchwartz = (h: number, scrMgDl: number) => (0.413 * h) / scrMgDl
/** §2.2 PROTOCOL DECISION: Schwartz for age < 18, Cockcroft-Gault for age >= 18 */
const refMethod = (age: number) => (age < 18 ? 'bedside-schwartz' : 'cockcroft-gault')
/** §2.3 Fludara IV bands as proportional factors: >= 80 → 1.0; 50-79 → 0.8; 30-49 → 0.6; < 30 → not given */
const refFluFactor = (crcl: number) => (crcl >= 80 ? 1 : crcl >= 50 ? 0.8 : crcl >= 30 ? 0.6 : null)

const sources = [{ ref: 'test fixture' }]
const FLUDARA_IV: RenalAdjustment = {
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
  bsaFormula: 'mosteller' | 'dubois' = 'mosteller',
): Lymphodepletion => ({
  drugs: [
    { name: 'fludarabine', doseMgPerM2PerDay: flu, days, renalAdjustment: renal, sources },
    { name: 'cyclophosphamide', doseMgPerM2PerDay: cy, days, renalAdjustment: null, sources },
  ],
  bsaFormula,
  bsaDecimals: 2,
  bsaCapM2: null,
  weightWithinDaysBeforeLd: 7,
  prescribedIncrementMg: 1,
  calculatedDisplayDecimals: 1,
  vialRoundingPercent: 5,
  sources,
})
const mgdl = (value: number) => ({ value, unit: 'mg/dL' as const })

// ---------------------------------------------------------------------------------------------------------------

describe('§1 BSA', () => {
  const TABLE: [number, number, string, string][] = [
    [165, 60, '1.6583', '1.6587'],
    [128, 25, '0.9428', '0.9511'],
    [180, 80, '2.0000', '1.9964'],
    [150, 40, '1.2910', '1.3029'],
    [170, 70, '1.8181', '1.8097'],
  ]
  it.each(TABLE)('doc table H %d W %d: Mosteller %s, DuBois %s (4 dp)', (h, w, m, d) => {
    expect(mostellerBsa(h, w).toFixed(4)).toBe(m)
    expect(duBoisBsa(h, w).toFixed(4)).toBe(d)
    expect(refMosteller(h, w).toFixed(4)).toBe(m)
    expect(refDuBois(h, w).toFixed(4)).toBe(d)
  })
  it('exact ties round half up: 99.9 cm x 99.9 kg is exactly 1.665 m2 → 1.67; 60 cm x 60 kg is 1.0 → 1.00', () => {
    expect(refMostellerRounded2dp(999, 999)).toBe(1.67)
    expect(bodySurfaceArea({ heightCm: 99.9, weightKg: 99.9 }).value?.bsaM2).toBe(1.67)
    expect(bodySurfaceArea({ heightCm: 60, weightKg: 60 }).value?.bsaM2).toBe(1)
  })
  it('generated heights/weights in tenths (infant..obese): raw Mosteller and the 2-dp half-up BSA are exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 2300 }), fc.integer({ min: 20, max: 3000 }), (h10, w10) => {
        const r = bodySurfaceArea({ heightCm: h10 / 10, weightKg: w10 / 10 })
        expect(r.value?.rawM2).toBe(refMosteller(h10 / 10, w10 / 10))
        expect(r.value?.bsaM2).toBe(refMostellerRounded2dp(h10, w10))
      }),
      FC,
    )
  })
  it('generated Mosteller ties (BSA exactly x.xx5): always rounded up', () => {
    // BSA = n/200 (n odd) is a tie; H = W = 60 n / 200 = 0.3 n gives H W / 3600 = (n/200)^2 exactly
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 400 }).map((i) => 2 * i + 1),
        (n) => {
          const hw = (3 * n) / 10
          expect(bodySurfaceArea({ heightCm: hw, weightKg: hw }).value?.bsaM2).toBe((n + 1) / 200)
        },
      ),
      FC,
    )
  })
  it('generated DuBois: raw equals the reference and the rounded value is its 2-dp half-up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 2300 }), fc.integer({ min: 20, max: 3000 }), (h10, w10) => {
        const r = bodySurfaceArea({ heightCm: h10 / 10, weightKg: w10 / 10 }, { formula: 'dubois' })
        const raw = refDuBois(h10 / 10, w10 / 10)
        expect(r.value?.rawM2).toBeCloseTo(raw, 12)
        const frac = (raw * 100) % 1
        if (Math.abs(frac - 0.5) > 1e-9) expect(r.value?.bsaM2).toBe(Math.round(raw * 100) / 100)
      }),
      FC,
    )
  })
  it('round half up on written decimals (0.005 steps, 1-mg steps)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100000 }), (k) => {
        // k/1000 written with 3 decimals; half up to 2 dp = floor((k + 5) / 10) / 100
        expect(roundHalfUp(k / 1000, 2)).toBe(Math.floor((k + 5) / 10) / 100)
        // k/10 mg to the nearest 1 mg, half up
        expect(roundToIncrement(k / 10, 1)).toBe(Math.floor((k + 5) / 10))
      }),
      FC,
    )
  })
})

describe('§2 renal function', () => {
  it('worked examples: CG 88.54 / 44.27 / 45.37 / 61.87; 70 umol/L = 0.7919 mg/dL; Schwartz 117.48 / 58.74', () => {
    const cg = (age: number, sex: 'female' | 'male', w: number, scr: number) =>
      cockcroftGault({ ageYears: age, sex, weightKg: w, serumCreatinine: mgdl(scr) }).value?.value.toFixed(2)
    expect([
      cg(40, 'female', 60, 0.8),
      cg(40, 'female', 60, 1.6),
      cg(70, 'male', 70, 1.5),
      cg(70, 'male', 70, 1.1),
    ]).toEqual(['88.54', '44.27', '45.37', '61.87'])
    expect(creatinineMgPerDl({ value: 70, unit: 'umol/L' }).toFixed(4)).toBe('0.7919')
    const sw = (scr: number) =>
      bedsideSchwartz({
        ageYears: 8,
        heightCm: 128,
        serumCreatinine: mgdl(scr),
        idmsTraceable: true,
      }).value?.value.toFixed(2)
    expect([sw(0.45), sw(0.9)]).toEqual(['117.48', '58.74'])
  })
  it('generated adults: Cockcroft-Gault in mg/dL and umol/L matches the reference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 18, max: 100 }),
        fc.boolean(),
        fc.integer({ min: 300, max: 2500 }),
        fc.integer({ min: 20, max: 1000 }),
        fc.boolean(),
        (age, female, w10, scr100, umol) => {
          const scr = umol ? { value: scr100, unit: 'umol/L' as const } : mgdl(scr100 / 100)
          const scrMgDl = umol ? scr100 / 88.4 : scr100 / 100
          const r = cockcroftGault({
            ageYears: age,
            sex: female ? 'female' : 'male',
            weightKg: w10 / 10,
            serumCreatinine: scr,
          })
          expect(r.value?.unit).toBe('mL/min')
          expect(r.value?.value).toBeCloseTo(refCg(age, female, w10 / 10, scrMgDl), 9)
        },
      ),
      FC,
    )
  })
  it('generated ages around 18: method selection and value (Schwartz < 18 in mL/min/1.73m2, CG >= 18 in mL/min)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 2500 }).map((x) => x / 100),
        fc.integer({ min: 800, max: 1900 }),
        fc.integer({ min: 100, max: 1500 }),
        fc.integer({ min: 15, max: 300 }),
        (age, h10, w10, scr100) => {
          const r = renalFunction({
            ageYears: age,
            sex: 'male',
            heightCm: h10 / 10,
            weightKg: w10 / 10,
            serumCreatinine: mgdl(scr100 / 100),
            idmsTraceable: true,
          })
          expect(r.value?.method).toBe(refMethod(age))
          const ref =
            refMethod(age) === 'bedside-schwartz'
              ? refSchwartz(h10 / 10, scr100 / 100)
              : refCg(age, false, w10 / 10, scr100 / 100)
          expect(r.value?.value).toBeCloseTo(ref, 9)
          expect(r.value?.unit).toBe(refMethod(age) === 'bedside-schwartz' ? 'mL/min/1.73m2' : 'mL/min')
        },
      ),
      FC,
    )
  })
  it('§2.3 worked example CrCl 44.27 → 0.6 x 30 = 18 mg/m2, and exact band edges 30 / 50 / 80 mL/min', () => {
    const adj = (age: number, w: number, scr: number) =>
      renalDoseAdjustment(
        { ageYears: age, sex: 'male', heightCm: 170, weightKg: w, serumCreatinine: mgdl(scr) },
        30,
        FLUDARA_IV,
      ).value
    expect(
      renalDoseAdjustment(
        { ageYears: 40, sex: 'female', heightCm: 165, weightKg: 60, serumCreatinine: mgdl(1.6) },
        30,
        FLUDARA_IV,
      ).value?.adjustedDoseMgPerM2,
    ).toBe(18)
    // (140 - 68) x w / (72 x 1) = w mL/min exactly
    for (const [w, factor] of [
      [80, 1],
      [79.9, 0.8],
      [50, 0.8],
      [49.9, 0.6],
      [30, 0.6],
    ] as const) {
      expect(adj(68, w, 1)?.renal.value).toBe(w)
      expect(adj(68, w, 1)?.factor).toBe(factor)
      expect(refFluFactor(w)).toBe(factor)
    }
    expect(adj(68, 29.9, 1)?.factor).toBeNull()
  })
  it('generated renal bands: factor matches the reference band of the reference CrCl', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 18, max: 90 }),
        fc.integer({ min: 400, max: 1500 }),
        fc.integer({ min: 40, max: 400 }),
        (age, w10, scr100) => {
          const crcl = refCg(age, false, w10 / 10, scr100 / 100)
          fc.pre(![30, 50, 80].some((b) => Math.abs(crcl - b) < 1e-9))
          const r = renalDoseAdjustment(
            {
              ageYears: age,
              sex: 'male',
              heightCm: 170,
              weightKg: w10 / 10,
              serumCreatinine: mgdl(scr100 / 100),
            },
            30,
            FLUDARA_IV,
          )
          const f = refFluFactor(crcl)
          expect(r.value?.factor).toBe(f)
          expect(r.value?.adjustedDoseMgPerM2).toBe(f === null ? null : Number((30 * f).toFixed(6)))
        },
      ),
      FC,
    )
  })
})

describe('§3 dose calculation', () => {
  it('worked examples: 165/60 Flu 30 + Cy 300 x 3; 128/25 same; KN5501 Flu 25 + Cy 1000', () => {
    const plan = (h: number, w: number, flu: number, cy: number, days: number[]) =>
      ldDosePlan(regimen(flu, cy, days), { heightCm: h, weightKg: w, ageYears: 30, sex: 'male' }).value
    const a = plan(165, 60, 30, 300, [-5, -4, -3])
    expect(a?.bsa.bsaM2).toBe(1.66)
    expect(a?.drugs.map((d) => [d.dailyCalculatedMg, d.courseCalculatedMg])).toEqual([
      [49.8, 149.4],
      [498, 1494],
    ])
    const c = plan(128, 25, 30, 300, [-5, -4, -3])
    expect(c?.bsa.bsaM2).toBe(0.94)
    expect(c?.drugs.map((d) => [d.dailyCalculatedMg, d.courseCalculatedMg])).toEqual([
      [28.2, 84.6],
      [282, 846],
    ])
    expect(plan(165, 60, 25, 1000, [-3])?.drugs.map((d) => d.dailyCalculatedMg)).toEqual([41.5, 1660])
  })
  it('generated patients and mg/m2 doses: calculated = dose x rounded BSA, display 1 dp half up, prescribed nearest 1 mg half up, course = n x daily', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500, max: 2100 }),
        fc.integer({ min: 50, max: 2000 }),
        fc.integer({ min: 10, max: 600 }),
        fc.integer({ min: 100, max: 15000 }),
        fc.integer({ min: 1, max: 5 }),
        (h10, w10, flu10, cy10, n) => {
          const days = Array.from({ length: n }, (_, i) => -n - 2 + i)
          const r = ldDosePlan(regimen(flu10 / 10, cy10 / 10, days), {
            heightCm: h10 / 10,
            weightKg: w10 / 10,
            ageYears: 30,
            sex: 'male',
          })
          const k = Math.round(refMostellerRounded2dp(h10, w10) * 100) // BSA in hundredths
          expect(r.value?.bsa.bsaM2).toBe(k / 100)
          for (const [i, d10] of [flu10, cy10].entries()) {
            const exactThousandths = d10 * k // calculated dose in mg x 1000
            const drug = r.value?.drugs[i]
            expect(drug?.dailyCalculatedMg).toBe(exactThousandths / 1000)
            const disp = Math.floor((exactThousandths + 50) / 100) // tenths of mg, half up
            expect(drug?.dailyCalculatedDisplay).toBe((disp / 10).toFixed(1))
            const presc = Math.floor((exactThousandths + 500) / 1000)
            expect(drug?.dailyPrescribedMg).toBe(presc)
            expect(drug?.courseCalculatedMg).toBe((exactThousandths * n) / 1000)
            expect(drug?.coursePrescribedMg).toBe(presc * n)
          }
        },
      ),
      FC,
    )
  })
  it('generated renal-adjusted fludarabine: adjusted mg/m2 x BSA', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 18, max: 90 }),
        fc.integer({ min: 400, max: 1200 }),
        fc.integer({ min: 40, max: 250 }),
        (age, w10, scr100) => {
          const crcl = refCg(age, true, w10 / 10, scr100 / 100)
          fc.pre(![30, 50, 80].some((b) => Math.abs(crcl - b) < 1e-9))
          const r = ldDosePlan(regimen(30, 300, [-5, -4, -3], FLUDARA_IV), {
            heightCm: 165,
            weightKg: w10 / 10,
            ageYears: age,
            sex: 'female',
            serumCreatinine: mgdl(scr100 / 100),
          })
          const f = refFluFactor(crcl)
          if (f === null) expect(r.issues?.[0]?.code).toBe('dosing.renal_do_not_administer')
          else {
            const k = Math.round(refMostellerRounded2dp(1650, w10) * 100)
            expect(r.value?.drugs[0]?.dailyCalculatedMg).toBe((30 * Math.round(f * 10) * k) / 1000)
            expect(r.value?.drugs[0]?.dailyPrescribedMg).toBe(
              Math.floor((30 * Math.round(f * 10) * k + 500) / 1000),
            )
          }
        },
      ),
      FC,
    )
  })
  it('cell-dose table (25 / 60 / 70 kg x 1.5e5, 3e5, 1.0e7, 2.0e7 per kg)', () => {
    const t: [number, number, number][] = [
      [25, 1.5e5, 3.75e6],
      [25, 3e5, 7.5e6],
      [25, 1e7, 2.5e8],
      [25, 2e7, 5e8],
      [60, 1.5e5, 9e6],
      [60, 3e5, 1.8e7],
      [60, 1e7, 6e8],
      [60, 2e7, 1.2e9],
      [70, 1.5e5, 1.05e7],
      [70, 3e5, 2.1e7],
      [70, 1e7, 7e8],
      [70, 2e7, 1.4e9],
    ]
    for (const [w, d, cells] of t)
      expect(cellDoseTarget({ kind: 'per-kg', cellsPerKg: d, maxWeightKg: null }, w).value?.targetCells).toBe(
        cells,
      )
  })
  it('generated per-kg doses with and without a weight cap; flat doses ignore weight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 200 }),
        fc.integer({ min: 50, max: 2000 }),
        fc.option(fc.integer({ min: 30, max: 150 }), { nil: null }),
        fc.integer({ min: 50, max: 2000 }),
        (mant, w10, cap, wFlat) => {
          const perKg = mant * 1e4 // 5e4 .. 2e6 cells/kg
          const w = w10 / 10
          const used = cap === null ? w : Math.min(w, cap)
          const r = cellDoseTarget({ kind: 'per-kg', cellsPerKg: perKg, maxWeightKg: cap }, w)
          expect(r.value?.targetCells).toBe((mant * Math.round(used * 10) * 1e4) / 10)
          expect(r.value?.capped).toBe(cap !== null && w > cap)
          expect(cellDoseTarget({ kind: 'flat', cells: 9e9 }, wFlat / 10).value?.targetCells).toBe(9e9)
        },
      ),
      FC,
    )
  })
})
