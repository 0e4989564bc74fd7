/**
 * Third independent reference check of the dosing engine against ../shared/domain/regimen-and-dosing.md.
 *
 * The reference functions below were written from the doc prose alone (section numbers cited), before the
 * engine was read. Focus of this check: unit conversions (creatinine mg/dL vs umol/L with the doc's factor 88.4,
 * cells per kg written with exponents), sex and age variants (Cockcroft-Gault female factor, bedside Schwartz for
 * the 8-17-year-olds of NCT06352281), rounding direction and precision (displayed vs prescribed vs compared
 * values), caps and tolerance bands with comparators at equality, renal tier boundaries reached exactly by decimal
 * inputs, and the four seed regimens (packages/protocols) run through the engine.
 *
 * Exact comparisons: where a threshold is reached, the reference decides the side with integer arithmetic on
 * the decimal inputs (inputs on a 0.1 kg / 0.1 cm / 0.01 mg/dL / 1 umol/L grid), so binary floating point cannot
 * blur an equality case (domain README "Comparators": equality cases count; "Rounding": compare raw values).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import nct05315778 from '../../../protocols/NCT05315778/protocol.json' with { type: 'json' }
import nct06337474 from '../../../protocols/NCT06337474/protocol.json' with { type: 'json' }
import nct06352281 from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import nct06826430 from '../../../protocols/NCT06826430/protocol.json' with { type: 'json' }
import type { ProtocolCellDose } from '../protocol/arms.js'
import type { Lymphodepletion, RenalAdjustment } from '../protocol/lymphodepletion.js'
import { parseProtocol } from '../protocol/parse-protocol.js'
import type { Protocol } from '../protocol/protocol-schema.js'
import type { Result } from '../result.js'
import {
  assessDeliveredCellDose,
  bedsideSchwartz,
  bodySurfaceArea,
  cellDoseTarget,
  cockcroftGault,
  creatinineMgPerDl,
  infusionVolume,
  ldDosePlan,
  renalDoseAdjustment,
  renalFunction,
  roundHalfUp,
  roundToIncrement,
  selectDosingWeight,
  type LdPatient,
  type SerumCreatinine,
} from './index.js'

const SEED = 20261208

// ---------------------------------------------------------------------------------------------------------------
// Independent reference (doc prose only)
// ---------------------------------------------------------------------------------------------------------------

/** Decimal half-up (README "Rounding"; §1 "round-half-up"), via the shortest decimal string of the number. */
function refHalfUp(x: number, dp: number): number {
  // Work on the decimal the user wrote: 12 significant digits strips binary representation noise.
  const s = Number(x.toPrecision(12))
  const f = 10 ** dp
  const scaled = Number((s * f).toPrecision(12))
  const fl = Math.floor(scaled)
  return (scaled - fl >= 0.5 ? fl + 1 : fl) / f
}
/** §1 Mosteller. */
const refMosteller = (h: number, w: number): number => Math.sqrt((h * w) / 3600)
/** §1 DuBois. */
const refDuBois = (h: number, w: number): number => 0.007184 * w ** 0.425 * h ** 0.725
/** §2.1 "SCr in umol/L -> mg/dL: divide by 88.4". */
const refScr = (s: SerumCreatinine): number => (s.unit === 'mg/dL' ? s.value : s.value / 88.4)
/** §2.1 Cockcroft-Gault, mL/min, x 0.85 if female. */
const refCg = (age: number, female: boolean, w: number, scr: number): number =>
  (((140 - age) * w) / (72 * scr)) * (female ? 0.85 : 1)
/** §2.2 bedside Schwartz, mL/min/1.73 m2. */
const refSchwartz = (h: number, scr: number): number => (0.413 * h) / scr

/**
 * Exact side of a threshold T for Cockcroft-Gault on grid inputs: weight = w10/10 kg; creatinine either
 * s100/100 mg/dL or sUmol umol/L (= sUmol/88.4 mg/dL). Returns sign(CrCl - T) computed on integers.
 *   CrCl = (140-a) * w10/10 / (72 * scr) * (17/20 if female)
 */
function cgSign(
  a: number,
  female: boolean,
  w10: number,
  scr: { s100: number } | { sUmol: number },
  t: number,
): number {
  const [num, den] = female ? [17, 20] : [1, 1]
  // mg/dL: CrCl = (140-a)*w10*100*num / (10*72*s100*den) ; umol/L: CrCl = (140-a)*w10*884*num / (10*72*sUmol*10*den)
  const lhs = 's100' in scr ? (140 - a) * w10 * 100 * num : (140 - a) * w10 * 884 * num
  const rhs = 's100' in scr ? t * 10 * 72 * scr.s100 * den : t * 10 * 72 * scr.sUmol * 10 * den
  return Math.sign(lhs - rhs)
}
/** Exact side of T for Schwartz: height h10/10 cm, creatinine s100/100 mg/dL: eGFR = 413*h10 / (100*s100). */
const schwartzSign = (h10: number, s100: number, t: number): number => Math.sign(413 * h10 - 100 * t * s100)

/** §2.3 Fludara IV label bands as proportional factors (the doc's illustration): >=80 1.0, 50-79 0.8, 30-49 0.6, <30 none. */
function refFludaraFactorFromSigns(ge80: boolean, ge50: boolean, ge30: boolean): number | null {
  if (ge80) return 1
  if (ge50) return 0.8
  if (ge30) return 0.6
  return null
}

// ---------------------------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------------------------

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.issues)}`)
  return r.value
}
function codes<T>(r: Result<T>): string[] {
  if (r.ok) throw new Error('expected issues, got ok')
  return r.issues.map((i) => i.code)
}
function protocol(json: unknown): Protocol {
  return value(parseProtocol(json))
}
const SEEDS = {
  NCT06352281: protocol(nct06352281),
  NCT05315778: protocol(nct05315778),
  NCT06826430: protocol(nct06826430),
  NCT06337474: protocol(nct06337474),
}
function doseOf(p: Protocol, levelId: string): ProtocolCellDose {
  const level = p.arms.flatMap((a) => a.doseLevels).find((l) => l.id === levelId)
  if (!level) throw new Error(`no level ${levelId}`)
  return level.dose
}
const fludaraBands = (): RenalAdjustment => {
  const flu = SEEDS.NCT06352281.lymphodepletion.drugs.find((d) => d.name === 'fludarabine')
  if (!flu?.renalAdjustment) throw new Error('seed NCT06352281 has no fludarabine renal rule')
  return flu.renalAdjustment
}
const mg = (value: number): SerumCreatinine => ({ value, unit: 'mg/dL' })
const umol = (value: number): SerumCreatinine => ({ value, unit: 'umol/L' })

// ---------------------------------------------------------------------------------------------------------------
// §1 BSA
// ---------------------------------------------------------------------------------------------------------------

describe('§1 body surface area', () => {
  const table: [number, number, number, number][] = [
    [165, 60, 1.6583, 1.6587],
    [128, 25, 0.9428, 0.9511],
    [180, 80, 2.0, 1.9964],
    [150, 40, 1.291, 1.3029],
    [170, 70, 1.8181, 1.8097],
  ]
  it.each(table)('worked table %s cm / %s kg: Mosteller %s, DuBois %s (4 dp)', (h, w, mos, dub) => {
    const m = value(bodySurfaceArea({ heightCm: h, weightKg: w }, { roundingDecimals: null }))
    const d = value(
      bodySurfaceArea({ heightCm: h, weightKg: w }, { formula: 'dubois', roundingDecimals: null }),
    )
    expect(m.rawM2).toBeCloseTo(refMosteller(h, w), 12)
    expect(d.rawM2).toBeCloseTo(refDuBois(h, w), 12)
    expect(refHalfUp(m.rawM2, 4)).toBe(mos)
    expect(refHalfUp(d.rawM2, 4)).toBe(dub)
    // no rounding: the raw value is used as is
    expect(m.bsaM2).toBe(m.rawM2)
  })

  it('default: Mosteller, rounded half up to 2 dp before multiplying, no cap', () => {
    const r = value(bodySurfaceArea({ heightCm: 165, weightKg: 60 }))
    expect(r.formula).toBe('mosteller')
    expect(r.bsaM2).toBe(1.66)
    expect(r.capped).toBe(false)
  })

  // Heights/weights chosen so that H x W / 3600 is an exact binary square: BSA is exactly a written tie.
  it.each([
    [182.25, 25, 1.125, 1.13],
    [168.75, 75, 1.875, 1.88],
    [112.5, 12.5, 0.625, 0.63],
  ])('exact 2-dp tie %s cm / %s kg: raw %s rounds half UP to %s', (h, w, raw, rounded) => {
    const r = value(bodySurfaceArea({ heightCm: h, weightKg: w }))
    expect(r.rawM2).toBe(raw)
    expect(r.bsaM2).toBe(rounded)
  })

  it.each([
    [0, 2],
    [1, 1.7],
    [3, 1.658],
    [4, 1.6583],
  ])('rounding decimals %s (PROTOCOL DECISION) for 165 cm / 60 kg -> %s', (dp, expected) => {
    expect(value(bodySurfaceArea({ heightCm: 165, weightKg: 60 }, { roundingDecimals: dp })).bsaM2).toBe(
      expected,
    )
  })

  it('cap applies to the rounded BSA; equality is not "capped"', () => {
    // 200 cm / 100 kg: raw 2.357 -> 2.36 -> capped at 2.0
    const big = value(bodySurfaceArea({ heightCm: 200, weightKg: 100 }, { capM2: 2 }))
    expect(big.bsaM2).toBe(2)
    expect(big.capped).toBe(true)
    // 180 cm / 80 kg: exactly 2.00 -> at the cap, not above it
    const eq = value(bodySurfaceArea({ heightCm: 180, weightKg: 80 }, { capM2: 2 }))
    expect(eq.bsaM2).toBe(2)
    expect(eq.capped).toBe(false)
    // raw just above the cap but rounding to it: 180 cm / 80.1 kg raw 2.00125 -> 2.00: not capped
    const under = value(bodySurfaceArea({ heightCm: 180, weightKg: 80.1 }, { capM2: 2 }))
    expect(under.rawM2).toBeGreaterThan(2)
    expect(under.bsaM2).toBe(2)
    expect(under.capped).toBe(false)
    // 1.125 tie rounds to 1.13 > cap 1.125: capped at 1.125
    const tie = value(bodySurfaceArea({ heightCm: 182.25, weightKg: 25 }, { capM2: 1.125 }))
    expect(tie.bsaM2).toBe(1.125)
    expect(tie.capped).toBe(true)
  })

  it('rejects non-positive / non-finite inputs and a non-positive cap', () => {
    expect(codes(bodySurfaceArea({ heightCm: 0, weightKg: 60 }))).toEqual(['dosing.not_positive'])
    expect(codes(bodySurfaceArea({ heightCm: 165, weightKg: Number.NaN }))).toEqual(['dosing.not_positive'])
    expect(codes(bodySurfaceArea({ heightCm: 165, weightKg: 60 }, { capM2: 0 }))).toEqual([
      'dosing.not_positive',
    ])
    expect(
      codes(bodySurfaceArea({ heightCm: 165, weightKg: 60 }, { limits: { weightKg: { max: 59.9 } } })),
    ).toEqual(['dosing.out_of_range'])
    // limits are inclusive
    expect(
      bodySurfaceArea({ heightCm: 165, weightKg: 60 }, { limits: { weightKg: { min: 60, max: 60 } } }).ok,
    ).toBe(true)
  })

  it('property: engine BSA == reference (formula, decimals, cap)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500, max: 2200 }),
        fc.integer({ min: 30, max: 2000 }),
        fc.constantFrom<'mosteller' | 'dubois'>('mosteller', 'dubois'),
        fc.constantFrom<number | null>(null, 0, 1, 2, 3),
        fc.constantFrom<number | null>(null, 1.5, 2, 2.2),
        (h10, w10, formula, dp, cap) => {
          const h = h10 / 10
          const w = w10 / 10
          const raw = formula === 'mosteller' ? refMosteller(h, w) : refDuBois(h, w)
          const rounded = dp === null ? raw : refHalfUp(raw, dp)
          const expected = cap !== null && rounded > cap ? cap : rounded
          const r = value(
            bodySurfaceArea({ heightCm: h, weightKg: w }, { formula, roundingDecimals: dp, capM2: cap }),
          )
          expect(r.rawM2).toBeCloseTo(raw, 12)
          if (dp === null) expect(r.bsaM2).toBeCloseTo(expected, 12)
          else expect(r.bsaM2).toBe(expected)
          expect(r.capped).toBe(cap !== null && rounded > cap)
        },
      ),
      { seed: SEED, numRuns: 600 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Rounding primitives (README "Rounding"; §1 half-up)
// ---------------------------------------------------------------------------------------------------------------

describe('half-up rounding of written decimals', () => {
  it.each([
    [1.005, 2, 1.01],
    [2.675, 2, 2.68],
    [1.665, 2, 1.67],
    [0.125, 2, 0.13],
    [49.5, 0, 50],
    [41.5, 0, 42],
    [28.25, 1, 28.3],
    [1.0049999, 2, 1],
    [1234.5, -1, 1230],
    [1235, -1, 1240],
  ])('roundHalfUp(%s, %s) = %s', (x, dp, expected) => {
    expect(roundHalfUp(x, dp)).toBe(expected)
  })
  it.each([
    [28.2, 1, 28],
    [28.5, 1, 29],
    [41.5, 1, 42],
    [41.25, 0.5, 41.5],
    [41.24, 0.5, 41],
    [1494, 10, 1490],
    [1495, 10, 1500],
    [0.35, 0.1, 0.4],
  ])('roundToIncrement(%s, %s) = %s', (x, inc, expected) => {
    expect(roundToIncrement(x, inc)).toBe(expected)
  })
  it('products of decimals that land on a tie round up (25 x 1.13 = 28.25, 0.95 x 30 = 28.5)', () => {
    expect(roundHalfUp(25 * 1.13, 1)).toBe(28.3)
    expect(roundToIncrement(0.95 * 30, 1)).toBe(29)
    expect(roundToIncrement(1.05 * 300, 1)).toBe(315)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §2.1 creatinine units and Cockcroft-Gault
// ---------------------------------------------------------------------------------------------------------------

describe('§2.1 creatinine units and Cockcroft-Gault', () => {
  it('umol/L -> mg/dL divides by 88.4 (70 umol/L = 0.7919 mg/dL; 88.4 umol/L = 1 mg/dL)', () => {
    expect(refHalfUp(creatinineMgPerDl(umol(70)), 4)).toBe(0.7919)
    expect(creatinineMgPerDl(umol(88.4))).toBe(1)
    expect(creatinineMgPerDl(mg(0.8))).toBe(0.8)
  })

  it.each([
    [40, true, 60, 0.8, 88.54],
    [40, true, 60, 1.6, 44.27],
    [70, false, 70, 1.5, 45.37],
    [70, false, 70, 1.1, 61.87],
  ])('worked table age %s female=%s %s kg SCr %s -> %s mL/min', (age, female, w, scr, expected) => {
    const r = value(
      cockcroftGault({
        ageYears: age,
        sex: female ? 'female' : 'male',
        weightKg: w,
        serumCreatinine: mg(scr),
      }),
    )
    expect(r.unit).toBe('mL/min')
    expect(r.value).toBeCloseTo(refCg(age, female, w, scr), 10)
    expect(refHalfUp(r.value, 2)).toBe(expected)
  })

  it('female factor is exactly 0.85 of the male value', () => {
    const input = { ageYears: 55, weightKg: 72.5, serumCreatinine: mg(1.2) }
    const m = value(cockcroftGault({ ...input, sex: 'male' })).value
    const f = value(cockcroftGault({ ...input, sex: 'female' })).value
    expect(f / m).toBeCloseTo(0.85, 12)
  })

  it('the same creatinine in umol/L and mg/dL gives the same clearance (106.08 umol/L = 1.2 mg/dL)', () => {
    const a = value(
      cockcroftGault({ ageYears: 60, sex: 'male', weightKg: 80, serumCreatinine: umol(106.08) }),
    )
    const b = value(cockcroftGault({ ageYears: 60, sex: 'male', weightKg: 80, serumCreatinine: mg(1.2) }))
    expect(a.value).toBeCloseTo(b.value, 10)
    expect(a.scrMgPerDl).toBeCloseTo(1.2, 12)
    // (140 - 60) x 80 / (72 x 1.2) = 74.07
    expect(refHalfUp(a.value, 2)).toBe(74.07)
  })

  it('a creatinine unit other than mg/dL or umol/L is refused, not read as umol/L', () => {
    // Data arrives from labs and files at run time; a lower-case "mg/dl" must not be divided by 88.4
    // (0.9 "mg/dl" read as umol/L would give a clearance 88 times too high and a full fludarabine dose).
    const odd = { value: 0.9, unit: 'mg/dl' } as unknown as SerumCreatinine
    expect(
      codes(cockcroftGault({ ageYears: 40, sex: 'male', weightKg: 70, serumCreatinine: odd })),
    ).toContain('dosing.invalid_unit')
    expect(
      codes(bedsideSchwartz({ ageYears: 10, heightCm: 128, serumCreatinine: odd, idmsTraceable: true })),
    ).toContain('dosing.invalid_unit')
    const plan = ldDosePlan(SEEDS.NCT06352281.lymphodepletion, {
      ageYears: 40,
      sex: 'male',
      heightCm: 170,
      weightKg: 70,
      serumCreatinine: odd,
    })
    expect(codes(plan)).toContain('dosing.invalid_unit')
  })

  it('weight type (PROTOCOL DECISION, default actual): ideal / adjusted use the supplied weight, missing -> issue', () => {
    const base = { ageYears: 50, sex: 'male' as const, weightKg: 100, serumCreatinine: mg(1) }
    expect(value(cockcroftGault(base)).weightUsedKg).toBe(100)
    const ideal = value(cockcroftGault({ ...base, idealWeightKg: 72 }, { weightType: 'ideal' }))
    expect(ideal.weightUsedKg).toBe(72)
    expect(ideal.value).toBeCloseTo(refCg(50, false, 72, 1), 12)
    const adj = value(cockcroftGault({ ...base, adjustedWeightKg: 83.2 }, { weightType: 'adjusted' }))
    expect(adj.value).toBeCloseTo(refCg(50, false, 83.2, 1), 12)
    expect(codes(cockcroftGault(base, { weightType: 'ideal' }))).toEqual(['dosing.missing_value'])
    expect(codes(cockcroftGault(base, { weightType: 'adjusted' }))).toEqual(['dosing.missing_value'])
  })

  it('rejects creatinine <= 0 and a non-positive age', () => {
    expect(
      codes(cockcroftGault({ ageYears: 40, sex: 'male', weightKg: 70, serumCreatinine: mg(0) })),
    ).toEqual(['dosing.not_positive'])
    expect(codes(cockcroftGault({ ageYears: 0, sex: 'male', weightKg: 70, serumCreatinine: mg(1) }))).toEqual(
      ['dosing.not_positive'],
    )
  })

  it('property: engine CG == reference for both units and sexes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 18, max: 100 }),
        fc.boolean(),
        fc.integer({ min: 300, max: 1800 }),
        fc.oneof(
          fc.integer({ min: 30, max: 600 }).map((s) => mg(s / 100)),
          fc.integer({ min: 25, max: 500 }).map((s) => umol(s)),
        ),
        (age, female, w10, scr) => {
          const r = value(
            cockcroftGault({
              ageYears: age,
              sex: female ? 'female' : 'male',
              weightKg: w10 / 10,
              serumCreatinine: scr,
            }),
          )
          const expected = refCg(age, female, w10 / 10, refScr(scr))
          expect(Math.abs(r.value - expected) / expected).toBeLessThan(1e-12)
        },
      ),
      { seed: SEED, numRuns: 500 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §2.2 bedside Schwartz and the NCT06352281 age split
// ---------------------------------------------------------------------------------------------------------------

describe('§2.2 bedside Schwartz and the age split', () => {
  it.each([
    [128, 0.45, 117.48],
    [128, 0.9, 58.74],
  ])('worked table %s cm SCr %s -> %s mL/min/1.73 m2', (h, scr, expected) => {
    const r = value(
      bedsideSchwartz({ ageYears: 10, heightCm: h, serumCreatinine: mg(scr), idmsTraceable: true }),
    )
    expect(r.unit).toBe('mL/min/1.73m2')
    expect(r.value).toBeCloseTo(refSchwartz(h, scr), 10)
    expect(refHalfUp(r.value, 2)).toBe(expected)
  })

  it('creatinine in umol/L: 128 cm, 39.78 umol/L (= 0.45 mg/dL) -> 117.48', () => {
    const r = value(
      bedsideSchwartz({ ageYears: 10, heightCm: 128, serumCreatinine: umol(39.78), idmsTraceable: true }),
    )
    expect(refHalfUp(r.value, 2)).toBe(117.48)
  })

  it('valid only with IDMS-traceable creatinine, and only for ages 1-18', () => {
    const base = { heightCm: 128, serumCreatinine: mg(0.45) }
    expect(codes(bedsideSchwartz({ ...base, ageYears: 10, idmsTraceable: false }))).toEqual([
      'dosing.creatinine_not_idms',
    ])
    expect(bedsideSchwartz({ ...base, ageYears: 1, idmsTraceable: true }).ok).toBe(true)
    expect(bedsideSchwartz({ ...base, ageYears: 18, idmsTraceable: true }).ok).toBe(true)
    expect(codes(bedsideSchwartz({ ...base, ageYears: 0.5, idmsTraceable: true }))).toEqual([
      'dosing.out_of_range',
    ])
    expect(codes(bedsideSchwartz({ ...base, ageYears: 18.5, idmsTraceable: true }))).toEqual([
      'dosing.out_of_range',
    ])
  })

  it('NCT06352281 ages 8-75: Schwartz for age < 18, Cockcroft-Gault for age >= 18 (default cut-off)', () => {
    const patient = {
      sex: 'female' as const,
      heightCm: 150,
      weightKg: 45,
      serumCreatinine: mg(0.6),
      idmsTraceable: true,
    }
    for (const age of [8, 12, 12.5, 17, 17.99]) {
      const r = value(renalFunction({ ...patient, ageYears: age }))
      expect(r.method).toBe('bedside-schwartz')
      expect(r.unit).toBe('mL/min/1.73m2')
      expect(r.value).toBeCloseTo(refSchwartz(150, 0.6), 12)
    }
    for (const age of [18, 25, 75]) {
      const r = value(renalFunction({ ...patient, ageYears: age }))
      expect(r.method).toBe('cockcroft-gault')
      expect(r.unit).toBe('mL/min')
      expect(r.value).toBeCloseTo(refCg(age, true, 45, 0.6), 12)
    }
    // The cut-off from the seed protocol's rule is the doc's 18
    expect(fludaraBands().pediatricBelowAgeYears).toBe(18)
  })

  it('a child without an IDMS-traceable creatinine is not evaluated with Cockcroft-Gault instead', () => {
    const r = renalFunction({
      ageYears: 12,
      sex: 'male',
      heightCm: 150,
      weightKg: 40,
      serumCreatinine: mg(0.6),
    })
    expect(codes(r)).toEqual(['dosing.creatinine_not_idms'])
  })

  it('non-default cut-off (PROTOCOL DECISION): 16 -> age 16 uses Cockcroft-Gault, 15.9 Schwartz', () => {
    const patient = {
      sex: 'male' as const,
      heightCm: 170,
      weightKg: 60,
      serumCreatinine: mg(0.8),
      idmsTraceable: true,
    }
    expect(value(renalFunction({ ...patient, ageYears: 16 }, { pediatricBelowAgeYears: 16 })).method).toBe(
      'cockcroft-gault',
    )
    expect(value(renalFunction({ ...patient, ageYears: 15.9 }, { pediatricBelowAgeYears: 16 })).method).toBe(
      'bedside-schwartz',
    )
  })

  it('property: Schwartz == reference over the NCT06352281 paediatric ages 8-17', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 17 }),
        fc.integer({ min: 1100, max: 1950 }),
        fc.integer({ min: 20, max: 250 }),
        (age, h10, s100) => {
          const r = value(
            renalFunction({
              ageYears: age,
              sex: 'male',
              heightCm: h10 / 10,
              weightKg: 40,
              serumCreatinine: mg(s100 / 100),
              idmsTraceable: true,
            }),
          )
          expect(r.method).toBe('bedside-schwartz')
          expect(Math.abs(r.value / refSchwartz(h10 / 10, s100 / 100) - 1)).toBeLessThan(1e-12)
        },
      ),
      { seed: SEED, numRuns: 300 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §2.3 renal tiers: exact boundaries
// ---------------------------------------------------------------------------------------------------------------

describe('§2.3 fludarabine renal tiers (seed bands >= 80 / 50-79 / 30-49 / < 30)', () => {
  const rule = fludaraBands()

  it('seed bands are the Fludara IV label bands as proportional factors', () => {
    expect(rule.bands).toEqual([
      { min: 0, max: 30, factor: null },
      { min: 30, max: 50, factor: 0.6 },
      { min: 50, max: 80, factor: 0.8 },
      { min: 80, max: null, factor: 1 },
    ])
    expect(rule.weightType).toBe('actual')
  })

  it('doc example: CrCl 44.27 mL/min -> 0.6 x 30 = 18 mg/m2', () => {
    const r = value(
      renalDoseAdjustment(
        { ageYears: 40, sex: 'female', heightCm: 165, weightKg: 60, serumCreatinine: mg(1.6) },
        30,
        rule,
      ),
    )
    expect(r.factor).toBe(0.6)
    expect(r.adjustedDoseMgPerM2).toBe(18)
  })

  // Each input reaches the boundary exactly in decimal arithmetic (checked on integers below).
  it.each([
    // age, sex, weight, SCr (mg/dL), exact CrCl, factor
    [20, 'male', 62.4, 1.3, 80, 1],
    [40, 'male', 36, 1, 50, 0.8],
    [40, 'male', 43.2, 1, 60, 0.8],
    [68, 'male', 30, 1, 30, 0.6],
    [20, 'female', 48, 0.85, 80, 1],
    [40, 'female', 36, 0.85, 50, 0.8],
    [86, 'male', 40, 1, 30, 0.6],
  ] as const)(
    'CG %s y %s %s kg SCr %s = %s mL/min exactly -> factor %s',
    (age, sex, w, scr, crcl, factor) => {
      const r = value(
        renalDoseAdjustment(
          { ageYears: age, sex, heightCm: 170, weightKg: w, serumCreatinine: mg(scr) },
          30,
          rule,
        ),
      )
      expect(refHalfUp(r.renal.value, 4)).toBe(crcl)
      expect(r.factor).toBe(factor)
    },
  )

  it('just below a boundary stays in the lower tier (CrCl 79.99 -> 0.8; 29.99 -> do not administer)', () => {
    // 79.99 = (140-20) x 62.394 / (72 x 1.3) approximately: use weight 62.39 kg -> 79.987...
    const lower = value(
      renalDoseAdjustment(
        { ageYears: 20, sex: 'male', heightCm: 170, weightKg: 62.39, serumCreatinine: mg(1.3) },
        30,
        rule,
      ),
    )
    expect(lower.renal.value).toBeLessThan(80)
    expect(lower.factor).toBe(0.8)
    expect(lower.adjustedDoseMgPerM2).toBe(24)
    const none = value(
      renalDoseAdjustment(
        { ageYears: 68, sex: 'male', heightCm: 170, weightKg: 29.9, serumCreatinine: mg(1) },
        30,
        rule,
      ),
    )
    expect(none.factor).toBeNull()
    expect(none.adjustedDoseMgPerM2).toBeNull()
  })

  it('the raw value is compared, not the displayed one: CrCl 79.996 shows as 80.00 but gets 0.8', () => {
    // (140 - 20) x 62.397 / (72 x 1.3) = 79.9962 mL/min
    const r = value(
      renalDoseAdjustment(
        { ageYears: 20, sex: 'male', heightCm: 170, weightKg: 62.397, serumCreatinine: mg(1.3) },
        30,
        rule,
      ),
    )
    expect(r.explanation).toContain('80.00 mL/min')
    expect(r.factor).toBe(0.8)
    expect(r.adjustedDoseMgPerM2).toBe(24)
  })

  it('Schwartz eGFR at a boundary exactly: 150 cm, SCr 2.065 -> 30.0 (0.6); 120 cm, SCr 0.6195 -> 80 (1.0)', () => {
    const child = { ageYears: 9, sex: 'female' as const, weightKg: 30, idmsTraceable: true }
    const a = value(renalDoseAdjustment({ ...child, heightCm: 150, serumCreatinine: mg(2.065) }, 30, rule))
    expect(a.renal.method).toBe('bedside-schwartz')
    expect(a.factor).toBe(0.6)
    const b = value(renalDoseAdjustment({ ...child, heightCm: 120, serumCreatinine: mg(0.6195) }, 30, rule))
    expect(b.factor).toBe(1)
  })

  it('creatinine in umol/L exactly at a boundary: 88.4 umol/L (= 1 mg/dL), 40 y man 36 kg -> 50 mL/min', () => {
    const r = value(
      renalDoseAdjustment(
        { ageYears: 40, sex: 'male', heightCm: 170, weightKg: 36, serumCreatinine: umol(88.4) },
        30,
        rule,
      ),
    )
    expect(r.factor).toBe(0.8)
    // 176.8 umol/L = 2 mg/dL; 40 y man 72 kg: 100 x 72 / 144 = 50 exactly
    const s = value(
      renalDoseAdjustment(
        { ageYears: 40, sex: 'male', heightCm: 170, weightKg: 72, serumCreatinine: umol(176.8) },
        30,
        rule,
      ),
    )
    expect(s.factor).toBe(0.8)
  })

  it('every grid input that lands exactly on 30, 50 or 80 mL/min falls in the upper tier (exhaustive)', () => {
    let hits = 0
    for (const female of [false, true]) {
      for (let age = 18; age <= 100; age++) {
        for (let s100 = 40; s100 <= 400; s100++) {
          for (const t of [30, 50, 80]) {
            // weight (in 0.1 kg) with CrCl == t exactly, if it is on the 0.1 kg grid
            const [num, den] = female ? [17, 20] : [1, 1]
            const w10Num = t * 10 * 72 * s100 * den
            const w10Den = (140 - age) * 100 * num
            if (w10Num % w10Den !== 0) continue
            const w10 = w10Num / w10Den
            if (w10 < 300 || w10 > 1500) continue
            expect(cgSign(age, female, w10, { s100 }, t)).toBe(0)
            const r = value(
              renalDoseAdjustment(
                {
                  ageYears: age,
                  sex: female ? 'female' : 'male',
                  heightCm: 170,
                  weightKg: w10 / 10,
                  serumCreatinine: mg(s100 / 100),
                },
                30,
                rule,
              ),
            )
            expect(r.band.min, `age ${age} female ${female} ${w10 / 10} kg SCr ${s100 / 100}`).toBe(t)
            hits++
          }
        }
      }
    }
    expect(hits).toBeGreaterThan(500)
  })

  it('property: tier == exact integer tier for CG (mg/dL and umol/L) and Schwartz', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({
            kind: fc.constant('cg' as const),
            age: fc.integer({ min: 18, max: 100 }),
            female: fc.boolean(),
            w10: fc.integer({ min: 300, max: 1500 }),
            scr: fc.oneof(
              fc.integer({ min: 40, max: 400 }).map((s100) => ({ s100 })),
              fc.integer({ min: 35, max: 350 }).map((sUmol) => ({ sUmol })),
            ),
          }),
          fc.record({
            kind: fc.constant('schwartz' as const),
            age: fc.integer({ min: 8, max: 17 }),
            h10: fc.integer({ min: 1100, max: 1900 }),
            s100: fc.integer({ min: 40, max: 400 }),
          }),
        ),
        fc.constantFrom(30, 25, 100),
        (c, base) => {
          let signs: [number, number, number]
          let patient
          if (c.kind === 'cg') {
            signs = [
              cgSign(c.age, c.female, c.w10, c.scr, 80),
              cgSign(c.age, c.female, c.w10, c.scr, 50),
              cgSign(c.age, c.female, c.w10, c.scr, 30),
            ]
            patient = {
              ageYears: c.age,
              sex: c.female ? ('female' as const) : ('male' as const),
              heightCm: 170,
              weightKg: c.w10 / 10,
              serumCreatinine: 's100' in c.scr ? mg(c.scr.s100 / 100) : umol(c.scr.sUmol),
            }
          } else {
            signs = [
              schwartzSign(c.h10, c.s100, 80),
              schwartzSign(c.h10, c.s100, 50),
              schwartzSign(c.h10, c.s100, 30),
            ]
            patient = {
              ageYears: c.age,
              sex: 'male' as const,
              heightCm: c.h10 / 10,
              weightKg: 30,
              serumCreatinine: mg(c.s100 / 100),
              idmsTraceable: true,
            }
          }
          const factor = refFludaraFactorFromSigns(signs[0] >= 0, signs[1] >= 0, signs[2] >= 0)
          const r = value(renalDoseAdjustment(patient, base, rule))
          expect(r.factor).toBe(factor)
          expect(r.adjustedDoseMgPerM2).toBe(factor === null ? null : refHalfUp(base * factor, 10))
        },
      ),
      { seed: SEED, numRuns: 1500 },
    )
  })

  it('a protocol with other bands (oral-label style 0.5 / 0.8 / 1.0 at 30 and 70) is followed as data', () => {
    const oral: RenalAdjustment = {
      ...rule,
      bands: [
        { min: 0, max: 30, factor: 0.5 },
        { min: 30, max: 70, factor: 0.8 },
        { min: 70, max: null, factor: 1 },
      ],
    }
    // 20 y man 42 kg SCr 1 -> 120 x 42 / 72 = 70 exactly -> band [70, inf)
    const at70 = value(
      renalDoseAdjustment(
        { ageYears: 20, sex: 'male', heightCm: 170, weightKg: 42, serumCreatinine: mg(1) },
        25,
        oral,
      ),
    )
    expect(at70.factor).toBe(1)
    // 68 y man 29.9 kg SCr 1 -> 29.9 -> factor 0.5 (administered at half dose, not refused)
    const low = value(
      renalDoseAdjustment(
        { ageYears: 68, sex: 'male', heightCm: 170, weightKg: 29.9, serumCreatinine: mg(1) },
        25,
        oral,
      ),
    )
    expect(low.adjustedDoseMgPerM2).toBe(12.5)
  })

  it('weight type from the rule: ideal weight is used for the tier when the protocol says so', () => {
    const idealRule: RenalAdjustment = { ...rule, weightType: 'ideal' }
    // actual 100 kg -> CrCl 100 x 100/72 = 138.9 (1.0); ideal 54 kg -> 75 (0.8)
    const p = {
      ageYears: 40,
      sex: 'male' as const,
      heightCm: 170,
      weightKg: 100,
      idealWeightKg: 54,
      serumCreatinine: mg(1),
    }
    expect(value(renalDoseAdjustment(p, 30, rule)).factor).toBe(1)
    expect(value(renalDoseAdjustment(p, 30, idealRule)).factor).toBe(0.8)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §3 LD doses and the seed regimens
// ---------------------------------------------------------------------------------------------------------------

describe('§3/§4 lymphodepletion doses of the seed regimens', () => {
  const adult: LdPatient = {
    ageYears: 40,
    sex: 'male',
    heightCm: 165,
    weightKg: 60,
    serumCreatinine: mg(0.8),
  }

  function drug(plan: ReturnType<typeof ldDosePlan>, name: string) {
    const d = value(plan).drugs.find((x) => x.name === name)
    if (!d) throw new Error(`no ${name}`)
    return d
  }

  it('NCT06352281 / NCT05315778 adult 165 cm / 60 kg: Flu 49.8 mg (50), Cy 498 mg; totals 149.4 / 1494 mg', () => {
    for (const p of [SEEDS.NCT06352281, SEEDS.NCT05315778]) {
      const plan = ldDosePlan(p.lymphodepletion, adult)
      expect(value(plan).bsa.bsaM2).toBe(1.66)
      const flu = drug(plan, 'fludarabine')
      const cy = drug(plan, 'cyclophosphamide')
      expect(flu.days).toEqual([-5, -4, -3])
      expect(flu.dailyCalculatedMg).toBe(49.8)
      expect(flu.dailyCalculatedDisplay).toBe('49.8')
      expect(flu.dailyPrescribedMg).toBe(50)
      expect(flu.courseCalculatedMg).toBe(149.4)
      expect(flu.coursePrescribedMg).toBe(150)
      expect(cy.dailyCalculatedMg).toBe(498)
      expect(cy.dailyCalculatedDisplay).toBe('498.0')
      expect(cy.dailyPrescribedMg).toBe(498)
      expect(cy.courseCalculatedMg).toBe(1494)
    }
  })

  it('NCT06352281 child 128 cm / 25 kg (age 10, Schwartz 117.48): Flu 28.2 mg (28), Cy 282 mg; totals 84.6 / 846', () => {
    const child: LdPatient = {
      ageYears: 10,
      sex: 'female',
      heightCm: 128,
      weightKg: 25,
      serumCreatinine: mg(0.45),
      idmsTraceable: true,
    }
    const plan = ldDosePlan(SEEDS.NCT06352281.lymphodepletion, child)
    expect(value(plan).bsa.bsaM2).toBe(0.94)
    const flu = drug(plan, 'fludarabine')
    expect(flu.renalAdjustment?.renal.method).toBe('bedside-schwartz')
    expect(flu.dailyCalculatedMg).toBe(28.2)
    expect(flu.dailyPrescribedMg).toBe(28)
    expect(flu.courseCalculatedMg).toBe(84.6)
    expect(flu.coursePrescribedMg).toBe(84)
    const cy = drug(plan, 'cyclophosphamide')
    expect(cy.dailyCalculatedMg).toBe(282)
    expect(cy.courseCalculatedMg).toBe(846)
  })

  it('NCT06352281 child with SCr 0.9 (Schwartz 58.74): Flu 30 x 0.8 = 24 mg/m2 x 0.94 = 22.56 -> "22.6", 23 mg', () => {
    const plan = ldDosePlan(SEEDS.NCT06352281.lymphodepletion, {
      ageYears: 8,
      sex: 'male',
      heightCm: 128,
      weightKg: 25,
      serumCreatinine: mg(0.9),
      idmsTraceable: true,
    })
    const flu = drug(plan, 'fludarabine')
    expect(flu.doseMgPerM2).toBe(24)
    expect(flu.dailyCalculatedMg).toBe(22.56)
    expect(flu.dailyCalculatedDisplay).toBe('22.6')
    expect(flu.dailyPrescribedMg).toBe(23)
    // no renal rule for cyclophosphamide (§2.3)
    expect(drug(plan, 'cyclophosphamide').dailyCalculatedMg).toBe(282)
  })

  it('NCT06337474 (KN5501) adult 165 cm / 60 kg: Flu 41.5 mg -> prescribed 42 (tie, half up), Cy 1660 mg, one day (-3)', () => {
    const plan = ldDosePlan(SEEDS.NCT06337474.lymphodepletion, adult)
    const flu = drug(plan, 'fludarabine')
    expect(flu.days).toEqual([-3])
    expect(flu.dailyCalculatedMg).toBe(41.5)
    expect(flu.dailyCalculatedDisplay).toBe('41.5')
    expect(flu.dailyPrescribedMg).toBe(42)
    expect(flu.courseCalculatedMg).toBe(41.5)
    expect(drug(plan, 'cyclophosphamide').dailyCalculatedMg).toBe(1660)
  })

  it('NCT06826430 (doses not given): every drug is reported as without a dose, nothing is invented', () => {
    const plan = ldDosePlan(SEEDS.NCT06826430.lymphodepletion, adult)
    expect(codes(plan)).toEqual(['dosing.dose_not_defined', 'dosing.dose_not_defined'])
  })

  it('CrCl < 30: fludarabine is refused ("do not administer"), and missing creatinine is an issue', () => {
    const renalFail = ldDosePlan(SEEDS.NCT05315778.lymphodepletion, {
      ...adult,
      ageYears: 68,
      weightKg: 29.9,
      serumCreatinine: mg(1),
    })
    expect(codes(renalFail)).toEqual(['dosing.renal_do_not_administer'])
    const { serumCreatinine: _omit, ...noScr } = adult
    expect(codes(ldDosePlan(SEEDS.NCT05315778.lymphodepletion, noScr))).toEqual(['dosing.missing_value'])
  })

  it('prescribed dose ties round half up: BSA 1.65 -> Flu 49.5 -> 50; BSA 0.95 -> Flu 28.5 -> 29; BSA 1.05 -> Cy 315', () => {
    // 165 cm / 59.4 kg -> Mosteller 1.6500 -> 1.65 ; 0.95 m2: 130 cm / 25 kg -> 0.9501 ; 1.05: 140 cm / 28.35 kg
    const cases: [number, number, number, number, number][] = [
      [165, 59.4, 1.65, 49.5, 50],
      [130, 25, 0.95, 28.5, 29],
    ]
    for (const [h, w, bsa, calc, presc] of cases) {
      // SCr 0.3 mg/dL keeps CrCl >= 80 (full dose) for these light patients
      const plan = ldDosePlan(SEEDS.NCT06352281.lymphodepletion, {
        ...adult,
        heightCm: h,
        weightKg: w,
        serumCreatinine: mg(0.3),
      })
      expect(value(plan).bsa.bsaM2).toBe(bsa)
      expect(drug(plan, 'fludarabine').renalAdjustment?.factor).toBe(1)
      const flu = drug(plan, 'fludarabine')
      expect(flu.dailyCalculatedMg).toBe(calc)
      expect(flu.dailyPrescribedMg).toBe(presc)
    }
    const plan = ldDosePlan(SEEDS.NCT06352281.lymphodepletion, { ...adult, heightCm: 140, weightKg: 28.35 })
    expect(value(plan).bsa.bsaM2).toBe(1.05)
    expect(drug(plan, 'cyclophosphamide').dailyPrescribedMg).toBe(315)
  })

  it('displayed calculated dose rounds half up on the decimal (25 x 1.13 = 28.25 -> "28.3"; 1 dp default)', () => {
    const regimen: Lymphodepletion = {
      ...SEEDS.NCT06337474.lymphodepletion,
      drugs: SEEDS.NCT06337474.lymphodepletion.drugs.map((d) => ({ ...d, renalAdjustment: null })),
    }
    // 1.13 m2: 150 cm / 30.65 kg -> 1.13009 -> 1.13
    const plan = ldDosePlan(regimen, { ...adult, heightCm: 150, weightKg: 30.65 })
    expect(value(plan).bsa.bsaM2).toBe(1.13)
    const flu = drug(plan, 'fludarabine')
    expect(flu.dailyCalculatedMg).toBe(28.25)
    expect(flu.dailyCalculatedDisplay).toBe('28.3')
    expect(flu.dailyPrescribedMg).toBe(28)
    // other display / prescribing precisions (PROTOCOL DECISIONS)
    const plan2 = ldDosePlan(
      regimen,
      { ...adult, heightCm: 150, weightKg: 30.65 },
      {
        calculatedDisplayDecimals: 0,
        prescribedIncrementMg: 0.5,
      },
    )
    const flu2 = drug(plan2, 'fludarabine')
    expect(flu2.dailyCalculatedDisplay).toBe('28')
    expect(flu2.dailyPrescribedMg).toBe(28.5)
    expect(flu2.coursePrescribedMg).toBe(28.5)
    const cy2 = drug(
      ldDosePlan(regimen, { ...adult, heightCm: 150, weightKg: 30.65 }, { prescribedIncrementMg: 100 }),
      'cyclophosphamide',
    )
    expect(cy2.dailyCalculatedMg).toBe(1130)
    expect(cy2.dailyPrescribedMg).toBe(1100)
  })

  it('KN5501 Flu 25 x 0.6 (CrCl 30-49) = 15 mg/m2 x 1.13 m2 = 16.95 mg: display "17.0", 0.1-mg step 17', () => {
    // 16.95 is stored as 16.9499999...: a display by toFixed would show "16.9"; half up on the decimal is "17.0"
    // 40 y man, 150 cm / 30.65 kg (BSA 1.13), SCr 1 mg/dL -> CrCl 100 x 30.65 / 72 = 42.57 mL/min -> 0.6
    const patient: LdPatient = {
      ageYears: 40,
      sex: 'male',
      heightCm: 150,
      weightKg: 30.65,
      serumCreatinine: mg(1),
    }
    const plan = ldDosePlan(SEEDS.NCT06337474.lymphodepletion, patient)
    const flu = drug(plan, 'fludarabine')
    expect(flu.doseMgPerM2).toBe(15)
    expect(flu.dailyCalculatedMg).toBe(16.95)
    expect(flu.dailyCalculatedDisplay).toBe('17.0')
    expect(flu.dailyPrescribedMg).toBe(17)
    const fine = drug(
      ldDosePlan(SEEDS.NCT06337474.lymphodepletion, patient, { prescribedIncrementMg: 0.1 }),
      'fludarabine',
    )
    expect(fine.dailyPrescribedMg).toBe(17)
    const display2 = drug(
      ldDosePlan(SEEDS.NCT06337474.lymphodepletion, patient, { calculatedDisplayDecimals: 2 }),
      'fludarabine',
    )
    expect(display2.dailyCalculatedDisplay).toBe('16.95')
  })

  it('BSA decisions from the regimen: DuBois, 1 decimal, cap 1.5 m2', () => {
    const base = SEEDS.NCT06352281.lymphodepletion
    const dubois = ldDosePlan({ ...base, bsaFormula: 'dubois' }, { ...adult, heightCm: 150, weightKg: 40 })
    expect(value(dubois).bsa.bsaM2).toBe(1.3) // 1.3029
    const dp1 = ldDosePlan({ ...base, bsaDecimals: 1 }, adult)
    expect(value(dp1).bsa.bsaM2).toBe(1.7)
    expect(drug(dp1, 'fludarabine').dailyCalculatedMg).toBe(51)
    const capped = ldDosePlan({ ...base, bsaCapM2: 1.5 }, adult)
    expect(value(capped).bsa.bsaM2).toBe(1.5)
    expect(drug(capped, 'fludarabine').dailyCalculatedMg).toBe(45)
    expect(drug(capped, 'cyclophosphamide').courseCalculatedMg).toBe(1350)
  })

  it('property: NCT06352281 regimen (ages 8-75, both units) == reference plan', () => {
    const regimen = SEEDS.NCT06352281.lymphodepletion
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 75 }),
        fc.boolean(),
        fc.integer({ min: 1150, max: 1950 }),
        fc.integer({ min: 200, max: 1300 }),
        fc.oneof(
          fc.integer({ min: 30, max: 250 }).map((s100) => ({ s100 })),
          fc.integer({ min: 27, max: 220 }).map((sUmol) => ({ sUmol })),
        ),
        (age, female, h10, w10, scr) => {
          const heightCm = h10 / 10
          const weightKg = w10 / 10
          const serumCreatinine = 's100' in scr ? mg(scr.s100 / 100) : umol(scr.sUmol)
          const child = age < 18
          // reference tier, exact
          let signs: number[]
          if (child) {
            // umol/L: eGFR = 0.413 x (h10/10) x 88.4 / s = 413 x 884 x h10 / (100000 x s), compared on integers
            signs = [80, 50, 30].map((t) =>
              's100' in scr
                ? schwartzSign(h10, scr.s100, t)
                : Math.sign(413 * 884 * h10 - t * 100000 * scr.sUmol),
            )
          } else {
            signs = [80, 50, 30].map((t) => cgSign(age, female, w10, scr, t))
          }
          const factor = refFludaraFactorFromSigns(
            (signs[0] ?? -1) >= 0,
            (signs[1] ?? -1) >= 0,
            (signs[2] ?? -1) >= 0,
          )
          const bsa = refHalfUp(refMosteller(heightCm, weightKg), 2)
          const plan = ldDosePlan(regimen, {
            ageYears: age,
            sex: female ? 'female' : 'male',
            heightCm,
            weightKg,
            serumCreatinine,
            idmsTraceable: true,
          })
          if (factor === null) {
            expect(codes(plan)).toEqual(['dosing.renal_do_not_administer'])
            return
          }
          const p = value(plan)
          expect(p.bsa.bsaM2).toBe(bsa)
          const flu = p.drugs[0]
          const cy = p.drugs[1]
          if (!flu || !cy) throw new Error('two drugs expected')
          const fluCalc = 30 * factor * bsa
          expect(flu.dailyCalculatedMg).toBeCloseTo(fluCalc, 9)
          expect(flu.dailyCalculatedDisplay).toBe(refHalfUp(fluCalc, 1).toFixed(1))
          expect(flu.dailyPrescribedMg).toBe(refHalfUp(fluCalc, 0))
          expect(flu.coursePrescribedMg).toBe(3 * refHalfUp(fluCalc, 0))
          expect(flu.courseCalculatedMg).toBeCloseTo(3 * fluCalc, 9)
          expect(cy.dailyCalculatedMg).toBeCloseTo(300 * bsa, 9)
          expect(cy.dailyPrescribedMg).toBe(refHalfUp(300 * bsa, 0))
        },
      ),
      { seed: SEED, numRuns: 500 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §3 cell doses (per kg with exponents, flat), weight cap, delivered range, infusion volume
// ---------------------------------------------------------------------------------------------------------------

describe('§3 cell doses', () => {
  const table: [number, number, number][] = [
    [25, 1.5e5, 3.75e6],
    [25, 3e5, 7.5e6],
    [25, 1.0e7, 2.5e8],
    [25, 2.0e7, 5.0e8],
    [60, 1.5e5, 9.0e6],
    [60, 3e5, 1.8e7],
    [60, 1.0e7, 6.0e8],
    [60, 2.0e7, 1.2e9],
    [70, 1.5e5, 1.05e7],
    [70, 3e5, 2.1e7],
    [70, 1.0e7, 7.0e8],
    [70, 2.0e7, 1.4e9],
  ]
  it.each(table)('worked table %s kg x %s/kg = %s cells', (w, perKg, cells) => {
    const r = value(cellDoseTarget({ kind: 'per-kg', cellsPerKg: perKg, maxWeightKg: null }, w))
    expect(r.targetCells).toBe(cells)
    expect(r.capped).toBe(false)
  })

  it('seed levels: NCT06352281 DL1/DL2 (1.5e5, 3e5 /kg), NCT05315778 DL1/DL2 (1.0e7, 2.0e7 /kg) at 25/60/70 kg', () => {
    const perKg: [Protocol, string, number][] = [
      [SEEDS.NCT06352281, 'DL1', 1.5e5],
      [SEEDS.NCT06352281, 'DL2', 3e5],
      [SEEDS.NCT05315778, 'DL1', 1.0e7],
      [SEEDS.NCT05315778, 'DL2', 2.0e7],
    ]
    for (const [p, id, dosePerKg] of perKg) {
      for (const [w, d, cells] of table) {
        if (d !== dosePerKg) continue
        expect(value(cellDoseTarget(doseOf(p, id), w)).targetCells).toBe(cells)
      }
    }
  })

  it('decimal weights and exponents: 62.3 kg x 1.5e5 = 9.345e6; 47.7 kg x 3e5 = 1.431e7; 81.9 kg x 2e7 = 1.638e9', () => {
    const dose = (n: number): ProtocolCellDose => ({ kind: 'per-kg', cellsPerKg: n, maxWeightKg: null })
    expect(value(cellDoseTarget(dose(1.5e5), 62.3)).targetCells).toBe(9.345e6)
    expect(value(cellDoseTarget(dose(3e5), 47.7)).targetCells).toBe(1.431e7)
    expect(value(cellDoseTarget(dose(2e7), 81.9)).targetCells).toBe(1.638e9)
    expect(value(cellDoseTarget(dose(1.5e5), 33.3)).targetCells).toBe(4.995e6)
  })

  it('NCT06337474 KN5501 is flat: 9e9 and 13.5e9 cells whatever the weight (even none)', () => {
    for (const w of [null, 40, 120]) {
      expect(value(cellDoseTarget(doseOf(SEEDS.NCT06337474, 'DL1'), w)).targetCells).toBe(9e9)
      expect(value(cellDoseTarget(doseOf(SEEDS.NCT06337474, 'DL2'), w)).targetCells).toBe(1.35e10)
    }
  })

  it('NCT06826430 has no stated dose level: reported, not invented', () => {
    expect(codes(cellDoseTarget(doseOf(SEEDS.NCT06826430, 'DL1'), 60))).toEqual(['dosing.dose_not_defined'])
  })

  it('per-kg needs a positive weight', () => {
    const d = doseOf(SEEDS.NCT05315778, 'DL1')
    expect(codes(cellDoseTarget(d, null))).toEqual(['dosing.missing_value'])
    expect(codes(cellDoseTarget(d, 0))).toEqual(['dosing.not_positive'])
    expect(codes(cellDoseTarget(d, 60, { weightLimitsKg: { max: 59.9 } }))).toEqual(['dosing.out_of_range'])
  })

  it('maximum weight for per-kg dosing (PROTOCOL DECISION): above the cap uses the cap, at the cap is not capped', () => {
    const dose: ProtocolCellDose = { kind: 'per-kg', cellsPerKg: 2e7, maxWeightKg: 100 }
    const over = value(cellDoseTarget(dose, 120.5))
    expect(over.targetCells).toBe(2e9)
    expect(over.weightUsedKg).toBe(100)
    expect(over.weightKg).toBe(120.5)
    expect(over.capped).toBe(true)
    const at = value(cellDoseTarget(dose, 100))
    expect(at.targetCells).toBe(2e9)
    expect(at.capped).toBe(false)
    const under = value(cellDoseTarget(dose, 99.9))
    expect(under.targetCells).toBe(1.998e9)
  })

  it('property: per-kg target == dose x min(weight, cap)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1.5e5, 3e5, 1e7, 2e7, 2.5e6),
        fc.integer({ min: 100, max: 1600 }),
        fc.constantFrom<number | null>(null, 80, 100),
        (perKg, w10, cap) => {
          const w = w10 / 10
          const used = cap !== null && w > cap ? cap : w
          const r = value(cellDoseTarget({ kind: 'per-kg', cellsPerKg: perKg, maxWeightKg: cap }, w))
          // exact on the decimal grid: perKg x w10 / 10 is an integer count of cells for these levels
          expect(r.targetCells).toBe(Math.round((perKg * Math.round(used * 10)) / 10))
          expect(r.capped).toBe(cap !== null && w > cap)
        },
      ),
      { seed: SEED, numRuns: 400 },
    )
  })

  describe('delivered dose within +/- X % of target (PROTOCOL DECISION, doc example 20 %)', () => {
    it('bounds are inclusive: 6e8 target -> 4.8e8 and 7.2e8 within, one cell beyond either is out', () => {
      expect(value(assessDeliveredCellDose(6e8, 4.8e8)).verdict).toBe('within-range')
      expect(value(assessDeliveredCellDose(6e8, 7.2e8)).verdict).toBe('within-range')
      expect(value(assessDeliveredCellDose(6e8, 4.8e8 - 1)).verdict).toBe('below-range')
      expect(value(assessDeliveredCellDose(6e8, 7.2e8 + 1)).verdict).toBe('above-range')
      expect(value(assessDeliveredCellDose(6e8, 6e8)).ratio).toBe(1)
    })

    it.each(table.map(([, , cells]) => cells))(
      'bounds of the worked-table target %s are hit exactly',
      (target) => {
        const lower = refHalfUp(target * 0.8, 2)
        const upper = refHalfUp(target * 1.2, 2)
        const lo = value(assessDeliveredCellDose(target, lower))
        const hi = value(assessDeliveredCellDose(target, upper))
        expect(lo.lowerCells).toBe(lower)
        expect(hi.upperCells).toBe(upper)
        expect(lo.verdict).toBe('within-range')
        expect(hi.verdict).toBe('within-range')
      },
    )

    it('asymmetric and zero tolerances; the below-target action is returned only when below', () => {
      const opts = {
        lowerTolerancePercent: 10,
        upperTolerancePercent: 0,
        belowTargetAction: 're-manufacture' as const,
      }
      expect(value(assessDeliveredCellDose(1.05e7, 9.45e6, opts)).verdict).toBe('within-range')
      const below = value(assessDeliveredCellDose(1.05e7, 9.45e6 - 1, opts))
      expect(below.verdict).toBe('below-range')
      expect(below.belowTargetAction).toBe('re-manufacture')
      expect(value(assessDeliveredCellDose(1.05e7, 1.05e7, opts)).verdict).toBe('within-range')
      const above = value(assessDeliveredCellDose(1.05e7, 1.05e7 + 1, opts))
      expect(above.verdict).toBe('above-range')
      expect(above.belowTargetAction).toBeNull()
      // 13.5e9 flat KN5501 with +/-7 %: 12.555e9 .. 14.445e9
      const k = value(
        assessDeliveredCellDose(1.35e10, 1.2555e10, { lowerTolerancePercent: 7, upperTolerancePercent: 7 }),
      )
      expect(k.lowerCells).toBe(1.2555e10)
      expect(k.upperCells).toBe(1.4445e10)
      expect(k.verdict).toBe('within-range')
    })

    it('property: verdict == exact integer comparison (delivered x 100 vs target x (100 -/+ X))', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 20_000 }).map((k) => k * 1e6),
          fc.integer({ min: 0, max: 50 }),
          fc.integer({ min: 0, max: 50 }),
          fc.integer({ min: -60, max: 60 }),
          fc.integer({ min: -2, max: 2 }),
          (target, lo, up, pct, nudge) => {
            // delivered near a bound: target x (100 + pct) / 100 (+ nudge cells); all integers
            const delivered = (target / 100) * (100 + pct) + nudge
            fc.pre(delivered > 0)
            const below = BigInt(delivered) * 100n < BigInt(target) * BigInt(100 - lo)
            const above = BigInt(delivered) * 100n > BigInt(target) * BigInt(100 + up)
            const expected = below ? 'below-range' : above ? 'above-range' : 'within-range'
            const r = value(
              assessDeliveredCellDose(target, delivered, {
                lowerTolerancePercent: lo,
                upperTolerancePercent: up,
              }),
            )
            expect(r.verdict).toBe(expected)
          },
        ),
        { seed: SEED, numRuns: 1500 },
      )
    })

    it('a tolerance that is not a percent is refused, never read as "within range"', () => {
      // NaN made the lower bound NaN, and `delivered < NaN` is false: 1 cell of 6e8 passed as within range
      expect(codes(assessDeliveredCellDose(6e8, 1, { lowerTolerancePercent: Number.NaN }))).toEqual([
        'dosing.out_of_range',
      ])
      expect(codes(assessDeliveredCellDose(6e8, 1, { lowerTolerancePercent: 150 }))).toEqual([
        'dosing.out_of_range',
      ])
      expect(codes(assessDeliveredCellDose(6e8, 6e8, { upperTolerancePercent: -5 }))).toEqual([
        'dosing.out_of_range',
      ])
      expect(
        codes(assessDeliveredCellDose(6e8, 6e8, { upperTolerancePercent: Number.POSITIVE_INFINITY })),
      ).toEqual(['dosing.out_of_range'])
      // the extremes that are percents remain usable
      expect(value(assessDeliveredCellDose(6e8, 1, { lowerTolerancePercent: 100 })).verdict).toBe(
        'within-range',
      )
      expect(value(assessDeliveredCellDose(6e8, 1.2e9, { upperTolerancePercent: 100 })).verdict).toBe(
        'within-range',
      )
    })

    it('rejects non-positive target or delivered counts', () => {
      expect(codes(assessDeliveredCellDose(0, 1e8))).toEqual(['dosing.not_positive'])
      expect(codes(assessDeliveredCellDose(1e8, -1))).toEqual(['dosing.not_positive'])
    })
  })

  describe('infusion volume and counted cells', () => {
    it('CAR+ viable cells: 6e8 / (2e7 x 0.3) = 100 mL; total viable: 30 mL', () => {
      expect(value(infusionVolume(6e8, { viableCellsPerMl: 2e7, carPositiveFraction: 0.3 })).volumeMl).toBe(
        100,
      )
      expect(
        value(infusionVolume(6e8, { viableCellsPerMl: 2e7 }, { counted: 'total-viable' })).volumeMl,
      ).toBe(30)
    })
    it('CAR+ fraction in (0, 1]: 1 accepted, 0 and 1.01 refused, missing refused', () => {
      expect(value(infusionVolume(6e8, { viableCellsPerMl: 2e7, carPositiveFraction: 1 })).volumeMl).toBe(30)
      expect(codes(infusionVolume(6e8, { viableCellsPerMl: 2e7, carPositiveFraction: 0 }))).toEqual([
        'dosing.out_of_range',
      ])
      expect(codes(infusionVolume(6e8, { viableCellsPerMl: 2e7, carPositiveFraction: 1.01 }))).toEqual([
        'dosing.out_of_range',
      ])
      expect(codes(infusionVolume(6e8, { viableCellsPerMl: 2e7 }))).toEqual(['dosing.out_of_range'])
    })
    it('available volume: equal is enough, more needed is "insufficient product"', () => {
      const product = { viableCellsPerMl: 2e7, carPositiveFraction: 0.3 }
      expect(infusionVolume(6e8, product, { availableVolumeMl: 100 }).ok).toBe(true)
      expect(codes(infusionVolume(6e8, product, { availableVolumeMl: 99.9 }))).toEqual([
        'dosing.insufficient_product',
      ])
    })
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §1 / §3 weight source
// ---------------------------------------------------------------------------------------------------------------

describe('§1/§3 dosing weight source', () => {
  const weights = [
    { date: '2024-02-25', weightKg: 61 },
    { date: '2024-02-26', weightKg: 60.5 },
    { date: '2024-03-04', weightKg: 60 },
    { date: '2024-03-05', weightKg: 59 },
  ]
  it('LD: latest weight within 7 days before LD day 1 (reference date counts; 8 days is out; leap day counted)', () => {
    // 2024-02-26 -> 2024-03-04 is 7 days (29 Feb); 2024-02-25 is 8 days
    expect(value(selectDosingWeight(weights.slice(0, 2), '2024-03-04', 7)).weightKg).toBe(60.5)
    expect(selectDosingWeight(weights.slice(0, 1), '2024-03-04', 7).ok).toBe(false)
    expect(value(selectDosingWeight(weights, '2024-03-04', 7)).weightKg).toBe(60) // later measurements ignored
    expect(selectDosingWeight(weights.slice(0, 1), '2025-03-04', 7).ok).toBe(false)
    // 2025: 02-25 -> 03-04 is 7 days without a leap day
    expect(value(selectDosingWeight([{ date: '2025-02-25', weightKg: 61 }], '2025-03-04', 7)).weightKg).toBe(
      61,
    )
  })
  it('cells: weight at leukapheresis (window 0 days): only the same-day weight, a later same-day entry wins', () => {
    const sameDay = [
      { date: '2024-03-04', weightKg: 60 },
      { date: '2024-03-04', weightKg: 60.2 },
    ]
    expect(value(selectDosingWeight(sameDay, '2024-03-04', 0)).weightKg).toBe(60.2)
    expect(codes(selectDosingWeight(weights.slice(0, 2), '2024-03-04', 0))).toEqual([
      'dosing.no_weight_in_window',
    ])
  })
})
