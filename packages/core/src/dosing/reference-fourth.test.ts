/**
 * Fourth check of the dosing engine: a line-by-line audit of ../shared/domain/regimen-and-dosing.md §1-§3.
 *
 * Two gaps the audit found are covered here:
 * - every PROTOCOL DECISION of §1-§3 that the protocol configuration carries must take the doc default when the
 *   protocol omits it, and an override in the protocol must reach the engine (the earlier checks read the values
 *   from the seed files, which spell every default out);
 * - §1 "pharmacy may round to vial size within ±5 % — record calculated, prescribed and administered dose" had no
 *   engine (`assessAdministeredDose`, new).
 * The expected values are hand-computed from the doc; exact comparisons use integer arithmetic on hundredths of a
 * milligram, so floating point cannot blur an equality case (domain README "Comparators", "Rounding").
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ProtocolCellDoseSchema } from '../protocol/arms.js'
import { LymphodepletionSchema, RenalAdjustmentSchema } from '../protocol/lymphodepletion.js'
import {
  assessAdministeredDose,
  cellDoseTarget,
  ldDosePlan,
  renalDoseAdjustment,
  selectDosingWeight,
  type AdministeredDoseInput,
  type LdPatient,
} from './index.js'

const note = [{ ref: 'domain/regimen-and-dosing.md' }]
/** Fludara IV bands as proportional factors (§2.3): < 30 not given, 30-49 0.6, 50-79 0.8, >= 80 1.0 */
const FLUDARA_BANDS = [
  { min: 0, max: 30, factor: null },
  { min: 30, max: 50, factor: 0.6 },
  { min: 50, max: 80, factor: 0.8 },
  { min: 80, max: null, factor: 1 },
]
/** A protocol regimen as an author may write it: only the drugs, every §1/§2 decision left to its default. */
const minimalRegimen = (extra: Record<string, unknown> = {}, renal: Record<string, unknown> = {}) =>
  LymphodepletionSchema.parse({
    drugs: [
      {
        name: 'fludarabine',
        doseMgPerM2PerDay: 30,
        days: [-5, -4, -3],
        renalAdjustment: { bands: FLUDARA_BANDS, sources: note, ...renal },
        sources: note,
      },
      {
        name: 'cyclophosphamide',
        doseMgPerM2PerDay: 300,
        days: [-5, -4, -3],
        renalAdjustment: null,
        sources: note,
      },
    ],
    sources: note,
    ...extra,
  })
const adult: LdPatient = {
  heightCm: 165,
  weightKg: 60,
  ageYears: 40,
  sex: 'female',
  serumCreatinine: { value: 0.8, unit: 'mg/dL' }, // CrCl 88.54 (§2.1 table)
}

describe('§1-§3 PROTOCOL DECISIONS: defaults from the protocol configuration, overrides reach the engine', () => {
  it('an LD regimen that states no decision gets Mosteller, 2 dp, no cap, weight within 7 days (§1)', () => {
    const r = minimalRegimen()
    expect([r.bsaFormula, r.bsaDecimals, r.bsaCapM2, r.weightWithinDaysBeforeLd]).toEqual([
      'mosteller',
      2,
      null,
      7,
    ])
  })

  it('a renal rule that states no decision gets CG >= 18 / Schwartz < 18 and actual weight (§2.1, §2.2)', () => {
    const rule = RenalAdjustmentSchema.parse({ bands: FLUDARA_BANDS, sources: note })
    expect([rule.adultFormula, rule.pediatricFormula, rule.pediatricBelowAgeYears, rule.weightType]).toEqual([
      'cockcroft-gault',
      'bedside-schwartz',
      18,
      'actual',
    ])
  })

  it('a per-kg dose level that states no weight cap has none (§3 "maximum weight for per-kg dosing")', () => {
    const dose = ProtocolCellDoseSchema.parse({ kind: 'per-kg', cellsPerKg: 1e7 })
    expect(dose).toEqual({ kind: 'per-kg', cellsPerKg: 1e7, maxWeightKg: null })
    // 120 kg x 1.0e7/kg = 1.2e9, uncapped
    expect(cellDoseTarget(dose, 120).value).toMatchObject({ targetCells: 1.2e9, capped: false })
  })

  it('the defaults reproduce the §3 worked example: 165 cm / 60 kg -> BSA 1.66, Flu 49.8 mg (50), Cy 498 mg', () => {
    const plan = ldDosePlan(minimalRegimen(), adult).value
    expect(plan?.bsa).toMatchObject({ formula: 'mosteller', bsaM2: 1.66, capped: false })
    expect(
      plan?.drugs.map((d) => [
        d.name,
        d.dailyCalculatedMg,
        d.dailyCalculatedDisplay,
        d.dailyPrescribedMg,
        d.courseCalculatedMg,
      ]),
    ).toEqual([
      ['fludarabine', 49.8, '49.8', 50, 149.4],
      ['cyclophosphamide', 498, '498.0', 498, 1494],
    ])
  })

  it('BSA decisions written in the protocol change the dose: DuBois, 3 decimals, a cap', () => {
    const child: LdPatient = { ...adult, heightCm: 128, weightKg: 25, ageYears: 10, idmsTraceable: true }
    const child45: LdPatient = { ...child, serumCreatinine: { value: 0.45, unit: 'mg/dL' } } // Schwartz 117.48
    // §1 table 128 / 25: Mosteller 0.9428 -> 0.94; DuBois 0.9511 -> 0.95
    expect(ldDosePlan(minimalRegimen(), child45).value?.bsa.bsaM2).toBe(0.94)
    expect(ldDosePlan(minimalRegimen({ bsaFormula: 'dubois' }), child45).value?.bsa.bsaM2).toBe(0.95)
    // 3 dp: 1.6583 -> 1.658 (half up of 1.65831...), Flu 30 x 1.658 = 49.74 -> prescribed 50
    const dp3 = ldDosePlan(minimalRegimen({ bsaDecimals: 3 }), adult).value
    expect([dp3?.bsa.bsaM2, dp3?.drugs[0]?.dailyCalculatedMg, dp3?.drugs[0]?.dailyPrescribedMg]).toEqual([
      1.658, 49.74, 50,
    ])
    // cap 1.5 m2: Cy 300 x 1.5 = 450 mg
    const capped = ldDosePlan(minimalRegimen({ bsaCapM2: 1.5 }), adult).value
    expect([capped?.bsa.capped, capped?.bsa.bsaM2, capped?.drugs[1]?.dailyCalculatedMg]).toEqual([
      true,
      1.5,
      450,
    ])
  })

  it('renal decisions written in the protocol change the band: paediatric cut-off 16, ideal weight', () => {
    const seventeen: LdPatient = { ...adult, ageYears: 17, idmsTraceable: true }
    // default cut-off 18: a 17-year-old is a child -> Schwartz 0.413 x 165 / 0.8 = 85.18 -> full dose
    const def = ldDosePlan(minimalRegimen(), seventeen).value?.drugs[0]?.renalAdjustment
    expect([def?.renal.method, def?.factor]).toEqual(['bedside-schwartz', 1])
    // cut-off 16: CG (140 - 17) x 60 x 0.85 / (72 x 0.8) = 108.91 mL/min -> full dose, by Cockcroft-Gault
    const cut16 = ldDosePlan(minimalRegimen({}, { pediatricBelowAgeYears: 16 }), seventeen).value?.drugs[0]
    expect(cut16?.renalAdjustment?.renal.method).toBe('cockcroft-gault')
    expect(cut16?.renalAdjustment?.renal.unit).toBe('mL/min')
    // weight type ideal: (140 - 40) x 40 x 0.85 / (72 x 0.8) = 59.03 -> 0.8 x 30 = 24 mg/m2 x 1.66 = 39.84 mg
    const ideal = ldDosePlan(minimalRegimen({}, { weightType: 'ideal' }), {
      ...adult,
      idealWeightKg: 40,
    }).value
    expect([
      ideal?.drugs[0]?.renalAdjustment?.factor,
      ideal?.drugs[0]?.doseMgPerM2,
      ideal?.drugs[0]?.dailyCalculatedMg,
    ]).toEqual([0.8, 24, 39.84])
    // actual weight (default) for the same woman: 88.54 -> 1.0
    const rule = minimalRegimen().drugs[0]?.renalAdjustment
    expect(
      rule &&
        renalDoseAdjustment(
          { ...adult, idealWeightKg: 40, serumCreatinine: adult.serumCreatinine! },
          30,
          rule,
        ).value?.factor,
    ).toBe(1)
  })

  it('weight source: the protocol window (default 7, override 3) decides which weight is used', () => {
    const weights = [
      { date: '2024-02-20', weightKg: 62 }, // 7 days before LD day 1 (2024 is a leap year)
      { date: '2024-02-26', weightKg: 61 }, // 1 day before
    ]
    const ldDay1 = '2024-02-27'
    expect(
      selectDosingWeight(weights.slice(0, 1), ldDay1, minimalRegimen().weightWithinDaysBeforeLd).value
        ?.weightKg,
    ).toBe(62)
    expect(
      selectDosingWeight(
        weights.slice(0, 1),
        ldDay1,
        minimalRegimen({ weightWithinDaysBeforeLd: 3 }).weightWithinDaysBeforeLd,
      ).ok,
    ).toBe(false)
    expect(selectDosingWeight(weights, ldDay1, 3).value?.weightKg).toBe(61)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §1 "pharmacy may round to vial size within ±5 % — record calculated, prescribed and administered dose"
// ---------------------------------------------------------------------------------------------------------------

/** Reference verdict on hundredths of a mg: administered within prescribed x (100 -/+ pct) / 100, bounds inclusive. */
function refVerdict(prescribed100: number, administered100: number, pct: number): string {
  if (administered100 * 100 < prescribed100 * (100 - pct)) return 'below-tolerance'
  if (administered100 * 100 > prescribed100 * (100 + pct)) return 'above-tolerance'
  return 'within-tolerance'
}
const dose = (calculatedMg: number, prescribedMg: number, administeredMg: number): AdministeredDoseInput => ({
  calculatedMg,
  prescribedMg,
  administeredMg,
})

describe('§1 administered dose: vial rounding within ±5 % of the prescribed dose (PROTOCOL DECISION)', () => {
  it('the §3 adult fludarabine: calculated 49.8, prescribed 50 -> 47.5 to 52.5 mg, both bounds inclusive', () => {
    const flu = ldDosePlan(minimalRegimen(), adult).value?.drugs[0]
    expect([flu?.dailyCalculatedMg, flu?.dailyPrescribedMg]).toEqual([49.8, 50])
    const at = (administered: number) => assessAdministeredDose(dose(49.8, 50, administered)).value
    expect(at(50)).toMatchObject({
      calculatedMg: 49.8,
      prescribedMg: 50,
      administeredMg: 50,
      lowerMg: 47.5,
      upperMg: 52.5,
      verdict: 'within-tolerance',
      differencePercent: 0,
    })
    expect(at(52.5)?.verdict).toBe('within-tolerance')
    expect(at(47.5)?.verdict).toBe('within-tolerance')
    expect(at(52.51)?.verdict).toBe('above-tolerance')
    expect(at(47.49)?.verdict).toBe('below-tolerance')
    expect(at(0)?.verdict).toBe('below-tolerance') // a dose not given is recorded, and is outside the tolerance
    expect(at(52.5)?.differencePercent).toBeCloseTo(5, 12)
  })

  it('bounds are the decimal values: Cy 498 mg -> 473.1 and 522.9 (498 x 0.95 is 473.09999... in binary)', () => {
    const r = assessAdministeredDose(dose(498, 498, 473.1)).value
    expect([r?.lowerMg, r?.upperMg, r?.verdict]).toEqual([473.1, 522.9, 'within-tolerance'])
    expect(assessAdministeredDose(dose(498, 498, 522.9)).value?.verdict).toBe('within-tolerance')
    expect(assessAdministeredDose(dose(498, 498, 473.09)).value?.verdict).toBe('below-tolerance')
    expect(assessAdministeredDose(dose(498, 498, 522.91)).value?.verdict).toBe('above-tolerance')
  })

  it('KN5501 Cy 1000 mg/m2 x 1.66 = 1660 mg -> 1577 to 1743 mg; child Flu 28.2 (28) -> 26.6 to 29.4 mg', () => {
    expect(assessAdministeredDose(dose(1660, 1660, 1743)).value).toMatchObject({
      lowerMg: 1577,
      upperMg: 1743,
      verdict: 'within-tolerance',
    })
    expect(assessAdministeredDose(dose(1660, 1660, 1744)).value?.verdict).toBe('above-tolerance')
    expect(assessAdministeredDose(dose(28.2, 28, 26.6)).value).toMatchObject({
      lowerMg: 26.6,
      upperMg: 29.4,
      verdict: 'within-tolerance',
    })
    expect(assessAdministeredDose(dose(28.2, 28, 29.5)).value?.verdict).toBe('above-tolerance')
  })

  it("the tolerance is the protocol's: 0 % allows only the prescribed dose, 10 % widens it", () => {
    expect(assessAdministeredDose(dose(49.8, 50, 50), { vialRoundingPercent: 0 }).value?.verdict).toBe(
      'within-tolerance',
    )
    expect(assessAdministeredDose(dose(49.8, 50, 50.01), { vialRoundingPercent: 0 }).value?.verdict).toBe(
      'above-tolerance',
    )
    expect(assessAdministeredDose(dose(49.8, 50, 55), { vialRoundingPercent: 10 }).value).toMatchObject({
      lowerMg: 45,
      upperMg: 55,
      verdict: 'within-tolerance',
    })
  })

  it('refuses what is not a dose or not a percent, naming each problem', () => {
    const bad = assessAdministeredDose(dose(0, Number.NaN, -1), { vialRoundingPercent: 101 })
    expect(bad.issues?.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['dosing.not_positive', 'calculatedMg'],
      ['dosing.not_positive', 'prescribedMg'],
      ['dosing.not_positive', 'administeredMg'],
      ['dosing.out_of_range', 'vialRoundingPercent'],
    ])
    for (const pct of [-1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(assessAdministeredDose(dose(49.8, 50, 50), { vialRoundingPercent: pct }).ok).toBe(false)
    expect(assessAdministeredDose(dose(49.8, 50, Number.POSITIVE_INFINITY)).ok).toBe(false)
  })

  it('property: verdict == exact integer comparison on hundredths of a mg, any tolerance 0-20 %', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 500_000 }), // prescribed 1.00 .. 5000.00 mg
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: -2500, max: 2500 }), // administered offset in hundredths of a percent of prescribed
        fc.integer({ min: -2, max: 2 }),
        (p100, pct, offset, nudge) => {
          // aim at and around the bounds: administered = prescribed x (1 + offset / 10000), +-2 hundredths
          const a100 = Math.max(0, Math.round((p100 * (10000 + offset)) / 10000) + nudge)
          const got = assessAdministeredDose(dose(p100 / 100, p100 / 100, a100 / 100), {
            vialRoundingPercent: pct,
          })
          expect(got.value?.verdict).toBe(refVerdict(p100, a100, pct))
          // and exactly on each bound when it is a whole hundredth
          for (const sign of [-1, 1]) {
            const bound = p100 * (100 + sign * pct)
            if (bound % 100 !== 0) continue
            const onBound = assessAdministeredDose(dose(p100 / 100, p100 / 100, bound / 10000), {
              vialRoundingPercent: pct,
            })
            expect(onBound.value?.verdict).toBe('within-tolerance')
          }
        },
      ),
      { seed: 20261209, numRuns: 400 },
    )
  })
})
