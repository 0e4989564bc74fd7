/**
 * The regimen-and-dosing.md PROTOCOL DECISIONs as protocol settings: §1 dose rounding (lymphodepletion), §3 cell
 * dose (arm `cellDosing`), §7 kinetics and §8 B-cell aplasia (endpoints). The schema defaults are the doc
 * defaults, the seed protocols (which name none of them) give the engines' default results, and a non-default
 * value changes the result.
 */
import { describe, expect, it } from 'vitest'
import { assessAdministeredDose, assessDeliveredCellDose, ldDosePlan } from '../dosing/index.js'
import { bCellAplasia, carKinetics, carPersistence, type BCellSample, type KineticsSample } from '../kinetics/index.js'
import { SEED_PROTOCOLS } from './fixtures/seed-protocols.js'
import {
  BCellAplasiaSettingsSchema,
  CellDosingSettingsSchema,
  describeProtocolChanges,
  KineticsSettingsSchema,
  parseProtocol,
  protocolJsonSchema,
  type BCellAplasiaSettings,
  type Protocol,
} from './index.js'
import seed from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }

/** §1: "prescribed dose is rounded to the nearest 1 mg, half up"; "shown unrounded to 1 decimal"; "within ±5 %". */
const LD_DEFAULTS = { prescribedIncrementMg: 1, calculatedDisplayDecimals: 1, vialRoundingPercent: 5 }
/** §3: "weight used (default weight at leukapheresis)"; "e.g. ±20 % of target"; counted / below target: no doc default. */
const CELL_DEFAULTS = {
  weightSource: 'leukapheresis',
  countedCells: 'car-positive-viable',
  deliveredLowerTolerancePercent: 20,
  deliveredUpperTolerancePercent: 20,
  belowTargetAction: null,
}
/** §7 "PROTOCOL DECISIONS (defaults)": pre-infusion 0; BLQ before Tmax 0, after excluded; Day 28 ± 2. */
const KINETICS_DEFAULTS = { lloq: null, preInfusionLevel: 0, aucEndDay: 28, aucEndWindowDays: 2, blqBeforeTmax: 'zero', blqAfterTmax: 'exclude' }
/** §8 worked example: 1 % of lymphocytes or 100 cells/µL; two consecutive samples. */
const APLASIA_DEFAULTS = { percentCutoff: 1, absoluteCutoffPerUl: 100, confirmations: 2 }

// §7 worked example (copies/µg gDNA) and §8 worked example
const CAR: KineticsSample[] = [
  { day: 0, level: 0 }, { day: 4, level: 1200 }, { day: 7, level: 15000 }, { day: 10, level: 42000 },
  { day: 14, level: 18000 }, { day: 21, level: 5000 }, { day: 28, level: 2100 },
]
const BCELLS: BCellSample[] = [
  [0, 12, 150], [7, 0.1, 2], [14, 0, 0], [28, 0, 0], [56, 0.4, 5], [84, 1.8, 40], [112, 3.5, 110],
].map(([day, pct, abs]) => ({ day: day!, cd19PercentOfLymphocytes: pct!, cd19PerUl: abs! }))
const aplasiaOptions = ({ percentCutoff, absoluteCutoffPerUl, confirmations }: BCellAplasiaSettings) => ({ percentCutoff, absoluteCutoff: absoluteCutoffPerUl, confirmations })

const NCT06352281 = SEED_PROTOCOLS.NCT06352281
const adult = { heightCm: 165, weightKg: 60, ageYears: 40, sex: 'female' as const, serumCreatinine: { value: 0.8, unit: 'mg/dL' as const } }

describe('schema defaults = regimen-and-dosing.md defaults', () => {
  it('fills every seed protocol (none names the settings) with the doc defaults', () => {
    for (const p of Object.values(SEED_PROTOCOLS)) {
      expect(p.lymphodepletion).toMatchObject(LD_DEFAULTS)
      for (const arm of p.arms) expect(arm.cellDosing).toEqual(CELL_DEFAULTS)
      expect(p.endpoints.kinetics).toEqual(KINETICS_DEFAULTS)
      expect(p.endpoints.bCellAplasia).toEqual(APLASIA_DEFAULTS)
    }
    expect(CellDosingSettingsSchema.parse({})).toEqual(CELL_DEFAULTS)
    expect(KineticsSettingsSchema.parse({})).toEqual(KINETICS_DEFAULTS)
    expect(BCellAplasiaSettingsSchema.parse({})).toEqual(APLASIA_DEFAULTS)
  })

  it('gives the engines their own default results (§1 Flu 49.8 -> 50 mg, §7 AUC 337 550, §8 onset 7 / recovery 84)', () => {
    const plan = ldDosePlan(NCT06352281.lymphodepletion, adult)
    expect(plan.value?.drugs[0]).toMatchObject({ dailyCalculatedMg: 49.8, dailyCalculatedDisplay: '49.8', dailyPrescribedMg: 50 })
    const dose = { calculatedMg: 49.8, prescribedMg: 50, administeredMg: 52.5 }
    expect(assessAdministeredDose(dose, { vialRoundingPercent: NCT06352281.lymphodepletion.vialRoundingPercent })).toEqual(assessAdministeredDose(dose))
    const cell = NCT06352281.arms[0]!.cellDosing
    const fromProtocol = { lowerTolerancePercent: cell.deliveredLowerTolerancePercent, upperTolerancePercent: cell.deliveredUpperTolerancePercent, belowTargetAction: cell.belowTargetAction }
    expect(assessDeliveredCellDose(6e8, 4.7e8, fromProtocol)).toEqual(assessDeliveredCellDose(6e8, 4.7e8))
    const { sources: _s, ...kinetics } = NCT06352281.endpoints.kinetics
    expect(carKinetics(CAR, kinetics)).toEqual(carKinetics(CAR))
    expect(carKinetics(CAR, kinetics).value).toMatchObject({ auc: 337550, tmax: 10, tlast: 28 })
    const ap = bCellAplasia(BCELLS, aplasiaOptions(NCT06352281.endpoints.bCellAplasia))
    expect(ap).toEqual(bCellAplasia(BCELLS))
    expect(ap.value).toMatchObject({ onsetDay: 7, recoveryDay: 84, durationDays: 77 })
  })

  it('parses the existing protocol JSON unchanged and describes it in the JSON Schema with the defaults', () => {
    const p = parseProtocol(seed)
    expect(p.value).toEqual(NCT06352281)
    const json = protocolJsonSchema() as { properties: Record<string, { properties?: Record<string, { default?: unknown }> }> }
    const ld = json.properties.lymphodepletion!.properties!
    expect([ld.prescribedIncrementMg?.default, ld.calculatedDisplayDecimals?.default, ld.vialRoundingPercent?.default]).toEqual([1, 1, 5])
    const ep = json.properties.endpoints!.properties!
    expect(ep.kinetics?.default).toEqual(KINETICS_DEFAULTS)
    expect(ep.bCellAplasia?.default).toEqual(APLASIA_DEFAULTS)
    expect(JSON.stringify(json)).toContain('"weightSource"')
  })

  it('refuses invalid values: both aplasia cutoffs off, a tolerance over 100 % below, an unknown weight source', () => {
    expect(BCellAplasiaSettingsSchema.safeParse({ percentCutoff: null, absoluteCutoffPerUl: null }).success).toBe(false)
    expect(BCellAplasiaSettingsSchema.safeParse({ confirmations: 0 }).success).toBe(false)
    expect(CellDosingSettingsSchema.safeParse({ deliveredLowerTolerancePercent: 120 }).success).toBe(false)
    expect(CellDosingSettingsSchema.safeParse({ weightSource: 'screening' }).success).toBe(false)
    expect(KineticsSettingsSchema.safeParse({ lloq: 0 }).success).toBe(false)
  })
})

describe('non-default values change the results', () => {
  it('§1 dose rounding: 5 mg step, 2 decimals shown, ±2 % vial tolerance', () => {
    const regimen = { ...NCT06352281.lymphodepletion, prescribedIncrementMg: 5, calculatedDisplayDecimals: 2, vialRoundingPercent: 2 }
    const plan = ldDosePlan(regimen, adult)
    // Cy 300 mg/m2 x 1.66 = 498 mg: 500 with the 5 mg step (498 with the default 1 mg)
    expect(plan.value?.drugs.map((d) => [d.dailyCalculatedDisplay, d.dailyPrescribedMg])).toEqual([['49.80', 50], ['498.00', 500]])
    const dose = { calculatedMg: 49.8, prescribedMg: 50, administeredMg: 52.5 }
    expect(assessAdministeredDose(dose, { vialRoundingPercent: regimen.vialRoundingPercent }).value?.verdict).toBe('above-tolerance')
  })

  it('§3 delivered range ±10 % and the protocol\'s action below target', () => {
    const v = assessDeliveredCellDose(6e8, 5.2e8, { lowerTolerancePercent: 10, upperTolerancePercent: 10, belowTargetAction: 're-manufacture' })
    expect(v.value).toMatchObject({ verdict: 'below-range', belowTargetAction: 're-manufacture' })
    expect(assessDeliveredCellDose(6e8, 5.2e8).value?.verdict).toBe('within-range')
  })

  it('§7 LLOQ, BLQ handling and the Day 28 window', () => {
    const s = KineticsSettingsSchema.parse({ lloq: 2500 })
    const { sources: _s, ...withLloq } = s
    // Day 4 (1200, before Tmax) counts as 0, Day 28 (2100, after Tmax) is dropped: 22500 + 85500 + 120000 + 80500
    expect(carKinetics(CAR, withLloq).value).toMatchObject({ tlast: 21, clast: 5000, auc: 308500 })
    expect(carPersistence(CAR, 28, { lloq: s.lloq }).value?.detectable).toBe(false)
    const late = CAR.map((c) => (c.day === 28 ? { ...c, day: 31 } : c))
    expect(carKinetics(late).value?.auc).toBeNull() // Day 31 is outside 28 ± 2
    expect(carKinetics(late, { aucEndWindowDays: 3 }).value?.auc).not.toBeNull()
    const blq: KineticsSample[] = [{ day: 4, level: 100 }, { day: 7, level: 'BLQ' }, { day: 14, level: 50 }, { day: 28, level: 10 }]
    expect(carKinetics(blq, { blqAfterTmax: 'zero' }).value?.auc).not.toBe(carKinetics(blq).value?.auc)
  })

  it('§8 cutoffs and confirming samples', () => {
    const three = aplasiaOptions(BCellAplasiaSettingsSchema.parse({ confirmations: 3 }))
    expect(bCellAplasia(BCELLS, three).value).toMatchObject({ onsetDay: 7, recoveryDay: null, censored: true })
    const absoluteOnly = aplasiaOptions(BCellAplasiaSettingsSchema.parse({ percentCutoff: null }))
    expect(bCellAplasia(BCELLS, absoluteOnly).value).toMatchObject({ onsetDay: 7, recoveryDay: null }) // 40, 110 cells/µL
  })

  it('an amendment that changes a setting is described in words', () => {
    const next: Protocol = structuredClone(NCT06352281)
    next.lymphodepletion.vialRoundingPercent = 10
    next.arms[0]!.cellDosing.weightSource = 'lymphodepletion'
    next.endpoints.kinetics.lloq = 50
    next.endpoints.bCellAplasia.confirmations = 3
    expect(describeProtocolChanges(NCT06352281, next).map((c) => c.text)).toEqual(
      expect.arrayContaining([
        'Vial rounding tolerance (%): 5 -> 10',
        `Arm ${next.arms[0]!.id} cell dosing weightSource: leukapheresis -> lymphodepletion`,
        'CAR kinetics lloq: none -> 50',
        'B-cell aplasia confirmations: 2 -> 3',
      ]),
    )
  })
})
