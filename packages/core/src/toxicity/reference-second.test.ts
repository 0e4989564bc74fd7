/**
 * Second independent reference check of the safety-grading engines: ASTCT 2019 CRS (safety-grading.md §1),
 * ICANS (§2) and CTCAE v5.0 laboratory grading (§3), plus the bedside/course layers that feed them.
 *
 * The `ref*` functions were written from the doc prose alone, before the engine code was read; each cites the
 * section it follows. The tests compare the engine with them on every worked example (C1-C12, N1-N16, L1-L18),
 * on hand-picked boundaries and parameter variants (every PROTOCOL DECISION the doc names), and on fast-check
 * properties with a fixed seed. Comparisons are exact on the decimals as reported (README "Rounding").
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { gradeCrsDay, type CrsDailyFindings, type OxygenDelivery, type VasopressorAgent, type VasopressorUse } from './astct-crs-2019.js'
import { gradeCrsCourse, type CrsResolutionRule, type CrsTreatment, type CrsTreatmentClass } from './astct-crs-course-2019.js'
import { gradeIcansDay, type ConsciousnessLevel, type IcansDailyFindings, type IcansDomain, type RaisedIcpFinding, type SeizureFinding } from './astct-icans-2019.js'
import { gradeIcansCourse } from './astct-icans-course-2019.js'
import { iceScore, type IceItems } from './astct-ice-2019.js'
import { ageInCompletedYears, selectIcansTool } from './astct-icans-tool-2019.js'
import { gradeCtcaeLab } from './ctcae-v5/grade-lab-value.js'
import type { CtcaeLabAnalyte } from './ctcae-v5/lab-terms.js'
import { proposeLabAes, type LabSeriesSample } from './ctcae-v5/propose-lab-aes.js'
import { crsFindingsFromBedside, hypotensionThresholdMmHg } from '../safety-course/bedside-crs-findings.js'
import { icansFindingsFromBedside } from '../safety-course/bedside-icans-findings.js'
import { analyteForTestCode } from '../safety-course/lab-test-codes.js'
import { subjectSafetyCourse } from '../safety-course/subject-safety-course.js'
import type { Neuro } from '../forms/neuro.js'
import type { MedicationForm } from '../forms/medication.js'

const FC = { seed: 20261207, numRuns: 400 } as const

// =============================================================================================================
// Exact decimals (README "Rounding: compare raw stored values; do not round before comparison")
// =============================================================================================================

interface Frac {
  readonly n: bigint
  readonly d: bigint
}

/** A reported number read as the decimal its shortest round-trip string shows (0.1 → 1/10). */
function frac(x: number | string): Frac {
  const s = typeof x === 'number' ? String(x) : x
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(s)
  if (m === null) throw new Error(`frac: cannot read ${s}`)
  const fracPart = m[3] ?? ''
  const exp = Number(m[4] ?? '0') - fracPart.length
  let n = BigInt((m[2] ?? '0') + fracPart) * (m[1] === '-' ? -1n : 1n)
  let d = 1n
  if (exp >= 0) n *= 10n ** BigInt(exp)
  else d = 10n ** BigInt(-exp)
  return { n, d }
}
const fmul = (a: Frac, b: Frac): Frac => ({ n: a.n * b.n, d: a.d * b.d })
const fdiv = (a: Frac, b: Frac): Frac => (b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n })
const fcmp = (a: Frac, b: Frac): number => {
  const l = a.n * b.d
  const r = b.n * a.d
  return l === r ? 0 : l > r ? 1 : -1
}
/** a vs k × b, exactly */
const cmpK = (a: Frac, k: string, b: Frac) => fcmp(a, fmul(frac(k), b))
const gtK = (a: Frac, k: string, b: Frac) => cmpK(a, k, b) > 0
const geK = (a: Frac, k: string, b: Frac) => cmpK(a, k, b) >= 0
const ltK = (a: Frac, k: string, b: Frac) => cmpK(a, k, b) < 0
const ONE = frac(1)

/** Decimal string of a fraction whose denominator is a power of ten (as produced by products of decimals). */
function decimalString(f: Frac): string {
  let d = f.d
  let scale = 0
  while (d > 1n && d % 10n === 0n) {
    d /= 10n
    scale++
  }
  if (d !== 1n) throw new Error('not a finite decimal')
  const neg = f.n < 0n
  const digits = (neg ? -f.n : f.n).toString().padStart(scale + 1, '0')
  const s = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
  return (neg ? '-' : '') + s
}
/** The exact decimal a × b (both decimals) as a JS number. */
const decMul = (a: number | string, b: number | string): number => Number(decimalString(fmul(frac(a), frac(b))))

describe('exact-decimal helper of this file', () => {
  it('reads shortest decimals and multiplies exactly', () => {
    expect(decMul(1.2, 1.5)).toBe(1.8)
    expect(decMul('0.1', 3)).toBe(0.3)
    expect(fcmp(frac(1e-7), frac('0.0000001'))).toBe(0)
    expect(decimalString(frac(-0.05))).toBe('-0.05')
  })
})

// =============================================================================================================
// §1 CRS reference (written from §1.1-1.3)
// =============================================================================================================

type RefBp = 'NONE' | 'NO_PRESSOR' | 'ONE_PRESSOR' | 'MULTI_PRESSOR'
type RefO2 = 'NONE' | 'LOW_FLOW' | 'HIGH_FLOW' | 'POSITIVE_PRESSURE'

interface RefCrsInput {
  tempC: number
  feverOtherCause: boolean
  diagnosed: boolean
  masked: boolean
  bp: RefBp
  o2: RefO2
  death: boolean
}

/** §1.3 algorithm, verbatim; CRS-1 excludes a fever attributable to another cause. */
function refCrsGrade(p: RefCrsInput): number {
  if (p.death) return 5
  const fever = !p.feverOtherCause && fcmp(frac(p.tempC), frac('38.0')) >= 0
  const feverOk = fever || (p.diagnosed && p.masked && (p.bp !== 'NONE' || p.o2 !== 'NONE'))
  if (!feverOk) return 0
  const hyp = { NONE: 1, NO_PRESSOR: 2, ONE_PRESSOR: 3, MULTI_PRESSOR: 4 }[p.bp]
  const oxy = { NONE: 1, LOW_FLOW: 2, HIGH_FLOW: 3, POSITIVE_PRESSURE: 4 }[p.o2]
  return Math.max(hyp, oxy) // CRS-3
}

/** §1.1 hypoxia column; CRS-4 (other cause) and CRS-8 (comfort only) are not hypoxia. */
function refO2(device: OxygenDelivery, flow: number | null, comfort: boolean, otherCause: boolean): RefO2 {
  if (device === 'none' || comfort || otherCause) return 'NONE'
  if (device === 'blow-by') return 'LOW_FLOW'
  if (device === 'nasal-cannula') return fcmp(frac(flow as number), frac(6)) > 0 ? 'HIGH_FLOW' : 'LOW_FLOW' // ≤ 6 low, > 6 high
  if (device === 'cpap' || device === 'bipap' || device === 'mechanical-ventilation') return 'POSITIVE_PRESSURE'
  return 'HIGH_FLOW' // high-flow nasal cannula (> 6 L/min), facemask, non-rebreather, Venturi
}

/** §1.1 hypotension column with CRS-6 (vasopressin never counts toward "multiple") and CRS-4. */
function refBp(hypotension: boolean, pressors: readonly VasopressorUse[], otherCause: boolean): RefBp {
  if (otherCause) return 'NONE'
  const distinct = new Set(pressors.filter((p) => p.agent !== 'vasopressin').map((p) => `${p.agent}/${p.name ?? ''}`))
  if (distinct.size >= 2) return 'MULTI_PRESSOR'
  if (pressors.length > 0) return 'ONE_PRESSOR' // "one vasopressor, with or without vasopressin"
  return hypotension ? 'NO_PRESSOR' : 'NONE'
}

/** One fully recorded CRS day as generated for the properties. */
interface RawCrsDay {
  tempC: number
  feverOtherCause: boolean
  hypotension: boolean
  hypotensionOtherCause: boolean
  pressors: VasopressorUse[]
  device: OxygenDelivery
  flow: number | null
  comfort: boolean
  o2OtherCause: boolean
  death: boolean
}

function toFindings(day: number, r: RawCrsDay): CrsDailyFindings {
  return {
    day,
    maxTemperatureC: r.tempC,
    hypotension: r.hypotension,
    vasopressors: r.pressors,
    oxygen: { delivery: r.device, flowLPerMin: r.flow, ...(r.comfort ? { forComfortOnly: true } : {}), ...(r.o2OtherCause ? { attributableToOtherCause: true } : {}) },
    ...(r.feverOtherCause ? { feverAttributableToOtherCause: true } : {}),
    ...(r.hypotensionOtherCause ? { hypotensionAttributableToOtherCause: true } : {}),
    ...(r.death ? { deathDueToCrs: true } : {}),
  }
}

const refFromRaw = (r: RawCrsDay, diagnosed: boolean, masked: boolean): number =>
  refCrsGrade({
    tempC: r.tempC, feverOtherCause: r.feverOtherCause, diagnosed, masked, death: r.death,
    bp: refBp(r.hypotension, r.pressors, r.hypotensionOtherCause), o2: refO2(r.device, r.flow, r.comfort, r.o2OtherCause),
  })

const engineGrade = (o: { kind: string; grade?: number; atLeast?: number | null; atMost?: number | null }) =>
  o.kind === 'graded' ? (o.grade as number) : `NE[${o.atLeast ?? '?'},${o.atMost ?? '?'}]`

const tempArb = fc.oneof(
  fc.constantFrom(36.8, 37.9, 37.99, 38, 38.0, 38.01, 38.4, 39.5),
  fc.integer({ min: 355, max: 415 }).map((t) => t / 10),
  fc.double({ min: 36, max: 41, noNaN: true }),
)
const agentArb = fc.oneof(
  fc.constantFrom<VasopressorAgent>('norepinephrine', 'epinephrine', 'dopamine', 'phenylephrine', 'vasopressin').map((agent): VasopressorUse => ({ agent })),
  fc.constantFrom('angiotensin II', 'milrinone').map((name): VasopressorUse => ({ agent: 'other', name })),
  // "high-dose" is recorded but ASTCT 2019 grades by the number of agents, not the dose (§1.1)
  fc.constantFrom<VasopressorAgent>('norepinephrine', 'vasopressin').map((agent): VasopressorUse => ({ agent, dose: 0.5, doseUnit: 'ug/kg/min' })),
)
const oxygenArb = fc.oneof(
  fc.record({ device: fc.constant<OxygenDelivery>('nasal-cannula'), flow: fc.oneof(fc.constantFrom(0.5, 2, 5.9, 6, 6.0000001, 6.1, 7, 15), fc.integer({ min: 1, max: 150 }).map((f) => f / 10)) }),
  // HFNC only with flow > 6 (its ASTCT definition); HFNC ≤ 6 L/min is an open question, see the report
  fc.record({ device: fc.constant<OxygenDelivery>('high-flow-nasal-cannula'), flow: fc.constantFrom(6.5, 10, 40) }),
  fc.record({ device: fc.constantFrom<OxygenDelivery>('none', 'blow-by', 'facemask', 'non-rebreather', 'venturi-mask', 'cpap', 'bipap', 'mechanical-ventilation'), flow: fc.constant(null) }),
)
const rareFlag = fc.nat(7).map((n) => n === 0)
const crsDayArb: fc.Arbitrary<RawCrsDay> = fc
  .record({
    tempC: tempArb, feverOtherCause: rareFlag, hypotension: fc.boolean(), hypotensionOtherCause: rareFlag,
    pressors: fc.oneof({ arbitrary: fc.constant([] as VasopressorUse[]), weight: 2 }, { arbitrary: fc.array(agentArb, { minLength: 1, maxLength: 3 }), weight: 1 }), oxygen: oxygenArb, comfort: rareFlag, o2OtherCause: rareFlag, death: fc.nat(30).map((n) => n === 0),
  })
  // vasopressors are given for hypotension: a day with a vasopressor has hypotension
  .map(({ oxygen, ...r }) => ({ ...r, hypotension: r.hypotension || r.pressors.length > 0, device: oxygen.device, flow: oxygen.flow }))

const day = (x: Partial<CrsDailyFindings> & { day: number }): CrsDailyFindings => ({ maxTemperatureC: 36.8, hypotension: false, vasopressors: [], oxygen: { delivery: 'none' }, ...x })
const NOT_DX = { crsAlreadyDiagnosed: false, maskingTherapyGivenSinceOnset: false }
const MASKED = { crsAlreadyDiagnosed: true, maskingTherapyGivenSinceOnset: true }

describe('§1.4 worked examples C1-C12 (engine and reference)', () => {
  const cases: [string, CrsDailyFindings, typeof NOT_DX, number, RefCrsInput][] = [
    ['C1', day({ day: 1, maxTemperatureC: 38.6 }), NOT_DX, 1, { tempC: 38.6, feverOtherCause: false, diagnosed: false, masked: false, bp: 'NONE', o2: 'NONE', death: false }],
    ['C2', day({ day: 1, maxTemperatureC: 38.0 }), NOT_DX, 1, { tempC: 38.0, feverOtherCause: false, diagnosed: false, masked: false, bp: 'NONE', o2: 'NONE', death: false }],
    ['C3', day({ day: 1, maxTemperatureC: 37.9, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2 } }), NOT_DX, 0, { tempC: 37.9, feverOtherCause: false, diagnosed: false, masked: false, bp: 'NONE', o2: 'LOW_FLOW', death: false }],
    ['C4', day({ day: 1, maxTemperatureC: 39.1, hypotension: true, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2 } }), NOT_DX, 2, { tempC: 39.1, feverOtherCause: false, diagnosed: false, masked: false, bp: 'NO_PRESSOR', o2: 'LOW_FLOW', death: false }],
    ['C5', day({ day: 1, maxTemperatureC: 38.4, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 6 } }), NOT_DX, 2, { tempC: 38.4, feverOtherCause: false, diagnosed: false, masked: false, bp: 'NONE', o2: 'LOW_FLOW', death: false }],
    ['C6', day({ day: 1, maxTemperatureC: 38.4, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 7 } }), NOT_DX, 3, { tempC: 38.4, feverOtherCause: false, diagnosed: false, masked: false, bp: 'NONE', o2: 'HIGH_FLOW', death: false }],
    ['C7', day({ day: 1, maxTemperatureC: 39.5, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }], oxygen: { delivery: 'nasal-cannula', flowLPerMin: 3 } }), NOT_DX, 3, { tempC: 39.5, feverOtherCause: false, diagnosed: false, masked: false, bp: 'ONE_PRESSOR', o2: 'LOW_FLOW', death: false }],
    ['C8', day({ day: 3, maxTemperatureC: 36.8, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }, { agent: 'vasopressin' }] }), MASKED, 3, { tempC: 36.8, feverOtherCause: false, diagnosed: true, masked: true, bp: 'ONE_PRESSOR', o2: 'NONE', death: false }],
    ['C9', day({ day: 3, maxTemperatureC: 36.8, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }, { agent: 'epinephrine' }] }), MASKED, 4, { tempC: 36.8, feverOtherCause: false, diagnosed: true, masked: true, bp: 'MULTI_PRESSOR', o2: 'NONE', death: false }],
    ['C10', day({ day: 2, maxTemperatureC: 37.3, hypotension: true }), MASKED, 2, { tempC: 37.3, feverOtherCause: false, diagnosed: true, masked: true, bp: 'NO_PRESSOR', o2: 'NONE', death: false }],
    ['C11', day({ day: 1, maxTemperatureC: 38.9, oxygen: { delivery: 'bipap' } }), NOT_DX, 4, { tempC: 38.9, feverOtherCause: false, diagnosed: false, masked: false, bp: 'NONE', o2: 'POSITIVE_PRESSURE', death: false }],
    // C12: the grade 3 transaminase rise is graded by CTCAE and is not a CRS input (CRS-5)
    ['C12', day({ day: 1, maxTemperatureC: 39 }), NOT_DX, 1, { tempC: 39, feverOtherCause: false, diagnosed: false, masked: false, bp: 'NONE', o2: 'NONE', death: false }],
  ]
  for (const [id, f, ctx, expected, refIn] of cases) {
    it(`${id} → ${expected}`, () => {
      expect(refCrsGrade(refIn)).toBe(expected)
      expect(engineGrade(gradeCrsDay(f, ctx))).toBe(expected)
    })
  }
  it('C12: the separate CTCAE grade of the transaminase rise (ALT 6 × ULN → 3) does not touch the CRS grade', () => {
    expect(engineGrade(gradeCtcaeLab({ analyte: 'alt', value: 240, unit: 'U/L', uln: 40, baseline: { value: 20, unit: 'U/L' } }))).toBe(3)
  })
  it('C8, C9, C10 as courses: the masking state is carried by the course engine (CRS-2)', () => {
    const c8 = (second: VasopressorAgent) =>
      gradeCrsCourse([day({ day: 2, maxTemperatureC: 39 }), day({ day: 3, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }, { agent: second }] })], [{ day: 2, class: 'tocilizumab' }])
    expect(c8('vasopressin').days.map((d) => engineGrade(d.outcome))).toEqual([1, 3])
    expect(c8('epinephrine').days.map((d) => engineGrade(d.outcome))).toEqual([1, 4])
    const c10 = (treatments: CrsTreatment[]) => gradeCrsCourse([day({ day: 1, maxTemperatureC: 38.5 }), day({ day: 2, maxTemperatureC: 37.3, hypotension: true })], treatments)
    expect(c10([{ day: 1, class: 'antipyretic', name: 'paracetamol' }]).days.map((d) => engineGrade(d.outcome))).toEqual([1, 2])
    // without the antipyretic no masking: Day 2 is afebrile, so not CRS at that time point (§1.3)
    expect(c10([]).days.map((d) => engineGrade(d.outcome))).toEqual([1, 0])
  })
})

describe('§1.3 CRS day: engine = reference on generated fully recorded days', () => {
  it('every combination of fever, attribution, masking state, vasopressors (incl. high dose) and oxygen device/flow', () => {
    fc.assert(
      fc.property(crsDayArb, fc.boolean(), fc.boolean(), (r, diagnosed, given) => {
        const o = gradeCrsDay(toFindings(4, r), { crsAlreadyDiagnosed: diagnosed, maskingTherapyGivenSinceOnset: given })
        expect(engineGrade(o)).toBe(refFromRaw(r, diagnosed, given))
      }),
      FC,
    )
  })
})

describe('§1 CRS hand-picked boundaries', () => {
  const g = (f: Partial<CrsDailyFindings>, ctx = NOT_DX) => engineGrade(gradeCrsDay(day({ day: 1, ...f }), ctx))
  it('fever at exactly 38.0 and just below; decimal noise does not make a fever (CRS-1)', () => {
    expect(g({ maxTemperatureC: 38 })).toBe(1)
    expect(g({ maxTemperatureC: 37.99999 })).toBe(0)
  })
  it('flow 6 is low-flow, anything above 6 is high-flow (C5/C6)', () => {
    expect(g({ maxTemperatureC: 38.2, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 6 } })).toBe(2)
    expect(g({ maxTemperatureC: 38.2, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 6.01 } })).toBe(3)
    expect(g({ maxTemperatureC: 38.2, oxygen: { delivery: 'venturi-mask' } })).toBe(3)
    expect(g({ maxTemperatureC: 38.2, oxygen: { delivery: 'blow-by' } })).toBe(2)
    expect(g({ maxTemperatureC: 38.2, oxygen: { delivery: 'mechanical-ventilation' } })).toBe(4)
  })
  it('a single vasopressor at high dose is grade 3 (the ASTCT 2019 table counts agents); vasopressin alone is one vasopressor', () => {
    expect(g({ maxTemperatureC: 38.2, hypotension: true, vasopressors: [{ agent: 'norepinephrine', dose: 1, doseUnit: 'ug/kg/min' }] })).toBe(3)
    expect(g({ maxTemperatureC: 38.2, hypotension: true, vasopressors: [{ agent: 'vasopressin', dose: 0.04, doseUnit: 'units/min' }] })).toBe(3)
    expect(g({ maxTemperatureC: 38.2, hypotension: true, vasopressors: [{ agent: 'dopamine' }, { agent: 'phenylephrine' }, { agent: 'vasopressin' }] })).toBe(4)
  })
  it('masking needs an existing diagnosis AND masking therapy, and then hypotension or hypoxia (CRS-2, §1.3)', () => {
    const afebrileHypotensive = { maxTemperatureC: 36.5, hypotension: true }
    expect(g(afebrileHypotensive, MASKED)).toBe(2)
    expect(g(afebrileHypotensive, { crsAlreadyDiagnosed: true, maskingTherapyGivenSinceOnset: false })).toBe(0)
    expect(g(afebrileHypotensive, { crsAlreadyDiagnosed: false, maskingTherapyGivenSinceOnset: true })).toBe(0)
    expect(g({ maxTemperatureC: 36.5 }, MASKED)).toBe(0)
    // comfort oxygen is not hypoxia (CRS-8): a masked day with only comfort O2 is not CRS
    expect(g({ maxTemperatureC: 36.5, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2, forComfortOnly: true } }, MASKED)).toBe(0)
  })
  it('grade 5 = death due to CRS, whatever the rest', () => {
    expect(g({ maxTemperatureC: 36.5, deathDueToCrs: true })).toBe(5)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// CRS-7 course reference: per day grade, onset = first day meeting CRS-1, event grade = max, resolution
// ---------------------------------------------------------------------------------------------------------------

interface RefEpisode {
  onsetDay: number
  resolutionDay: number | null
  maxGrade: number
  durationDays: number | null
}

const DEFAULT_MASKING: readonly CrsTreatmentClass[] = ['antipyretic', 'tocilizumab', 'corticosteroid', 'anti-cytokine-other']

function refCrsCourse(days: readonly { day: number; raw: RawCrsDay }[], treatments: readonly CrsTreatment[], masking: readonly CrsTreatmentClass[], rule: CrsResolutionRule) {
  const grades: number[] = []
  const episodes: RefEpisode[] = []
  let open: RefEpisode | null = null
  for (const { day: d, raw } of [...days].sort((a, b) => a.day - b.day)) {
    const onset: number | null = open === null ? null : open.onsetDay
    const masked = onset !== null && treatments.some((t) => masking.includes(t.class) && t.day >= onset && t.day <= d) // CRS-2 "since onset"
    const g = refFromRaw(raw, open !== null, masked)
    grades.push(g)
    if (g >= 1) {
      if (open === null) {
        open = { onsetDay: d, resolutionDay: null, maxGrade: g, durationDays: null }
        episodes.push(open)
      } else open.maxGrade = Math.max(open.maxGrade, g)
    } else if (open !== null) {
      // CRS-7 PROTOCOL DECISION default: 24 h afebrile, off vasopressors, off supplemental O2 (any kind)
      const resolves = rule === 'grade-0' || (fcmp(frac(raw.tempC), frac(38)) < 0 && raw.pressors.length === 0 && raw.device === 'none')
      if (resolves) {
        open.resolutionDay = d
        open.durationDays = d - open.onsetDay
        open = null
      }
    }
  }
  return { grades, episodes }
}

const ALL_CLASSES: readonly CrsTreatmentClass[] = ['antipyretic', 'tocilizumab', 'corticosteroid', 'anti-cytokine-other', 'vasopressor', 'oxygen', 'fluids', 'other']

describe('CRS-7 course: engine = reference on generated courses (masking classes and resolution rule varied)', () => {
  it('per-day grades, episodes (onset, resolution, maximum, duration), first onset and overall maximum', () => {
    const courseArb = fc.record({
      days: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 2 }), raw: crsDayArb }), { minLength: 1, maxLength: 9 }),
      treatments: fc.array(fc.record({ day: fc.integer({ min: -2, max: 16 }), class: fc.constantFrom(...ALL_CLASSES) }), { maxLength: 5 }),
      masking: fc.option(fc.subarray([...ALL_CLASSES]), { nil: undefined }),
      rule: fc.option(fc.constantFrom<CrsResolutionRule>('afebrile-off-vasopressors-off-oxygen', 'grade-0'), { nil: undefined }),
    })
    fc.assert(
      fc.property(courseArb, (c) => {
        let d = -1
        const days = c.days.map((x) => ({ day: (d += x.gap), raw: { ...x.raw, death: false } }))
        const ref = refCrsCourse(days, c.treatments, c.masking ?? DEFAULT_MASKING, c.rule ?? 'afebrile-off-vasopressors-off-oxygen')
        const options = { ...(c.masking ? { maskingTherapyClasses: c.masking } : {}), ...(c.rule ? { resolutionRule: c.rule } : {}) }
        // findings given in reverse order: the engine sorts by day
        const r = gradeCrsCourse(days.map((x) => toFindings(x.day, x.raw)).reverse(), c.treatments, options)
        expect(r.days.map((x) => engineGrade(x.outcome))).toEqual(ref.grades)
        expect(r.episodes.map((e) => ({ onsetDay: e.onsetDay, resolutionDay: e.resolutionDay, maxGrade: e.maxGrade, durationDays: e.durationDays }))).toEqual(ref.episodes)
        expect(r.onsetDay).toBe(ref.episodes[0]?.onsetDay ?? null)
        expect(r.maxGrade).toBe(Math.max(0, ...ref.grades))
      }),
      FC,
    )
  })

  it('resolution rule variants on one course: comfort oxygen blocks the default rule but not "grade-0"', () => {
    const days = [
      day({ day: 1, maxTemperatureC: 38.8, hypotension: true }),
      day({ day: 2, maxTemperatureC: 37.0, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 1, forComfortOnly: true } }),
      day({ day: 3, maxTemperatureC: 37.0 }),
    ]
    const def = gradeCrsCourse(days, [])
    expect(def.episodes.map((e) => [e.onsetDay, e.resolutionDay, e.durationDays, e.maxGrade])).toEqual([[1, 3, 2, 2]])
    const g0 = gradeCrsCourse(days, [], { resolutionRule: 'grade-0' })
    expect(g0.episodes.map((e) => [e.onsetDay, e.resolutionDay, e.durationDays, e.maxGrade])).toEqual([[1, 2, 1, 2]])
  })

  it('masking therapy given before onset (e.g. paracetamol premedication on Day 0) does not mask (CRS-2 "since onset")', () => {
    const days = [day({ day: 0 }), day({ day: 1, maxTemperatureC: 38.3 }), day({ day: 2, maxTemperatureC: 37.1, hypotension: true })]
    expect(gradeCrsCourse(days, [{ day: 0, class: 'antipyretic' }]).days.map((d) => engineGrade(d.outcome))).toEqual([0, 1, 0])
    // the masking classes are a parameter: with tocilizumab-only masking, an antipyretic after onset does not mask
    expect(gradeCrsCourse(days, [{ day: 1, class: 'antipyretic' }], { maskingTherapyClasses: ['tocilizumab'] }).days.map((d) => engineGrade(d.outcome))).toEqual([0, 1, 0])
    expect(gradeCrsCourse(days, [{ day: 1, class: 'antipyretic' }]).days.map((d) => engineGrade(d.outcome))).toEqual([0, 1, 2])
  })

  it('after resolution, a new episode needs a new fever; masking from the first episode does not carry over', () => {
    const days = [
      day({ day: 1, maxTemperatureC: 39 }),
      day({ day: 2 }),
      day({ day: 3, hypotension: true }),
      day({ day: 4, maxTemperatureC: 38.1 }),
    ]
    const r = gradeCrsCourse(days, [{ day: 1, class: 'tocilizumab' }])
    expect(r.days.map((d) => engineGrade(d.outcome))).toEqual([1, 0, 0, 1])
    expect(r.episodes.map((e) => [e.onsetDay, e.resolutionDay])).toEqual([[1, 2], [4, null]])
    expect(r.maxGrade).toBe(1)
  })

  it('an empty course has no onset and maximum grade 0', () => {
    expect(gradeCrsCourse([], [])).toMatchObject({ onsetDay: null, maxGrade: 0, episodes: [], days: [] })
  })
})

// =============================================================================================================
// §2 ICANS reference (written from §2.1-2.5)
// =============================================================================================================

type RefConsciousness = 'NORMAL' | 'SPONTANEOUS' | 'VOICE' | 'TACTILE' | 'UNAROUSABLE'
type RefSeizure = 'NONE' | 'RAPIDLY_RESOLVING' | 'PROLONGED_OR_REPETITIVE'
type RefIcp = 'NONE' | 'FOCAL_OEDEMA' | 'DIFFUSE_OEDEMA_OR_SIGNS'

interface RefIcansInput {
  tool: 'ICE' | 'CAPD'
  ice: number
  iceUnarousable: boolean
  capd: number
  capdUnable: boolean
  consciousness: RefConsciousness
  seizure: RefSeizure
  weakness: boolean
  icp: RefIcp
  death: boolean
  /** ICANS-1: domains attributed to another cause do not count */
  otherCause: readonly IcansDomain[]
}

/** §2.5 algorithm, verbatim, with ICANS-1 (another cause) applied per domain. */
function refIcansGrade(p: RefIcansInput): number {
  if (p.death) return 5
  const counts = (d: IcansDomain) => !p.otherCause.includes(d)
  let g = 0
  if (counts('encephalopathy')) {
    if (p.tool === 'ICE') {
      if (p.iceUnarousable) g = Math.max(g, 4)
      else if (p.ice <= 2) g = Math.max(g, 3)
      else if (p.ice <= 6) g = Math.max(g, 2)
      else if (p.ice <= 9) g = Math.max(g, 1)
    } else if (p.capdUnable) g = Math.max(g, 4)
    else if (p.capd >= 9) g = Math.max(g, 3)
    else if (p.capd >= 1) g = Math.max(g, 1)
  }
  if (counts('consciousness')) g = Math.max(g, { NORMAL: 0, SPONTANEOUS: 1, VOICE: 2, TACTILE: 3, UNAROUSABLE: 4 }[p.consciousness])
  if (counts('seizure')) g = Math.max(g, { NONE: 0, RAPIDLY_RESOLVING: 3, PROLONGED_OR_REPETITIVE: 4 }[p.seizure])
  if (counts('motor')) g = Math.max(g, p.weakness ? 4 : 0)
  if (counts('raisedIcp')) g = Math.max(g, { NONE: 0, FOCAL_OEDEMA: 3, DIFFUSE_OEDEMA_OR_SIGNS: 4 }[p.icp])
  return g
}

/** ICANS-5: age in completed years on the assessment date. */
function refAge(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number]
  const [y, m, d] = on.split('-').map(Number) as [number, number, number]
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}

/** ICANS-5: ≤ 12 ⇒ CAPD, > 12 ⇒ ICE; developmental delay forces CAPD when the protocol says so (default yes). */
const refTool = (birth: string, on: string, delay: boolean, delayForces = true): 'ICE' | 'CAPD' => (delay && delayForces ? 'CAPD' : refAge(birth, on) <= 12 ? 'CAPD' : 'ICE')

const CONS: Record<RefConsciousness, ConsciousnessLevel> = { NORMAL: 'normal', SPONTANEOUS: 'awakens-spontaneously', VOICE: 'awakens-to-voice', TACTILE: 'awakens-to-tactile', UNAROUSABLE: 'unarousable' }
const SEIZ: Record<RefSeizure, SeizureFinding> = { NONE: 'none', RAPIDLY_RESOLVING: 'rapidly-resolving', PROLONGED_OR_REPETITIVE: 'prolonged-or-repetitive' }
const ICP: Record<RefIcp, RaisedIcpFinding> = { NONE: 'none', FOCAL_OEDEMA: 'focal-oedema', DIFFUSE_OEDEMA_OR_SIGNS: 'diffuse-oedema-or-signs' }

function toIcansFindings(dayNo: number, p: RefIcansInput): IcansDailyFindings {
  const other = Object.fromEntries(p.otherCause.map((d) => [d, true])) as Partial<Record<IcansDomain, boolean>>
  return {
    day: dayNo,
    encephalopathy: p.tool === 'ICE' ? (p.iceUnarousable ? { tool: 'ICE', unarousable: true } : { tool: 'ICE', score: p.ice }) : p.capdUnable ? { tool: 'CAPD', unableToPerform: true } : { tool: 'CAPD', total: p.capd },
    consciousness: CONS[p.consciousness],
    seizure: SEIZ[p.seizure],
    deepFocalMotorWeakness: p.weakness,
    raisedIcp: ICP[p.icp],
    ...(p.otherCause.length > 0 ? { attributableToOtherCause: other } : {}),
    ...(p.death ? { deathDueToIcans: true } : {}),
  }
}

const icansArb: fc.Arbitrary<RefIcansInput> = fc.record({
  tool: fc.constantFrom<'ICE' | 'CAPD'>('ICE', 'CAPD'),
  ice: fc.integer({ min: 0, max: 10 }),
  iceUnarousable: fc.nat(12).map((n) => n === 0),
  capd: fc.oneof(fc.constantFrom(0, 1, 8, 9), fc.integer({ min: 0, max: 32 })),
  capdUnable: fc.nat(12).map((n) => n === 0),
  consciousness: fc.oneof({ arbitrary: fc.constant<RefConsciousness>('NORMAL'), weight: 4 }, { arbitrary: fc.constantFrom<RefConsciousness>('SPONTANEOUS', 'VOICE', 'TACTILE', 'UNAROUSABLE'), weight: 3 }),
  seizure: fc.oneof({ arbitrary: fc.constant<RefSeizure>('NONE'), weight: 6 }, { arbitrary: fc.constantFrom<RefSeizure>('RAPIDLY_RESOLVING', 'PROLONGED_OR_REPETITIVE'), weight: 1 }),
  weakness: fc.nat(12).map((n) => n === 0),
  icp: fc.oneof({ arbitrary: fc.constant<RefIcp>('NONE'), weight: 6 }, { arbitrary: fc.constantFrom<RefIcp>('FOCAL_OEDEMA', 'DIFFUSE_OEDEMA_OR_SIGNS'), weight: 1 }),
  death: fc.nat(30).map((n) => n === 0),
  otherCause: fc.oneof(fc.constant([] as IcansDomain[]), fc.subarray<IcansDomain>(['encephalopathy', 'consciousness', 'seizure', 'motor', 'raisedIcp'], { maxLength: 2 })),
})

const N = (p: Partial<RefIcansInput>): RefIcansInput => ({
  tool: 'ICE', ice: 10, iceUnarousable: false, capd: 0, capdUnable: false, consciousness: 'NORMAL', seizure: 'NONE', weakness: false, icp: 'NONE', death: false, otherCause: [], ...p,
})

describe('§2.6 worked examples N1-N16 (engine and reference)', () => {
  const cases: [string, number, RefIcansInput, number][] = [
    ['N1', 40, N({ ice: 8 }), 1],
    ['N2', 40, N({ ice: 10 }), 0],
    ['N3', 40, N({ ice: 5, consciousness: 'VOICE' }), 2],
    ['N4', 25, N({ ice: 2 }), 3],
    ['N5', 25, N({ ice: 0 }), 3], // awake, global aphasia (ICANS-2)
    ['N6', 25, N({ ice: 0, iceUnarousable: true, consciousness: 'UNAROUSABLE' }), 4],
    ['N7', 40, N({ ice: 9, seizure: 'RAPIDLY_RESOLVING' }), 3],
    ['N8', 40, N({ ice: 7, icp: 'DIFFUSE_OEDEMA_OR_SIGNS' }), 4],
    ['N9', 40, N({ ice: 10 }), 0], // tremor is a CTCAE term, not an ICANS input (ICANS-3)
    ['N10', 17, N({ ice: 6 }), 2], // haemorrhage excluded (ICANS-4)
    ['N11', 9, N({ tool: 'CAPD', capd: 6, consciousness: 'SPONTANEOUS' }), 1],
    ['N12', 9, N({ tool: 'CAPD', capd: 6, consciousness: 'VOICE' }), 2],
    ['N13', 9, N({ tool: 'CAPD', capd: 12 }), 3],
    ['N14', 8, N({ tool: 'CAPD', capdUnable: true, consciousness: 'UNAROUSABLE' }), 4],
    ['N16', 13, N({ ice: 6 }), 2],
  ]
  for (const [id, age, input, expected] of cases) {
    it(`${id} (age ${age}) → ${expected}`, () => {
      expect(refIcansGrade(input)).toBe(expected)
      const f = toIcansFindings(3, input)
      const o = gradeIcansDay(id === 'N10' ? { ...f, intracranialHaemorrhage: true } : f)
      expect(engineGrade(o)).toBe(expected)
      if (id === 'N10') expect(o.notes.join(' ')).toMatch(/CTCAE/)
      // the tool the age rule selects is the tool used in the example (ICANS-5)
      const birth = `${2025 - age}-01-15`
      expect(selectIcansTool({ birthDate: birth, assessmentDate: '2025-06-01' }).tool).toBe(input.tool)
    })
  }
  it('N15: 12 years old, birthday 12 years ago last month → CAPD', () => {
    expect(refTool('2013-05-20', '2025-06-10', false)).toBe('CAPD')
    expect(selectIcansTool({ birthDate: '2013-05-20', assessmentDate: '2025-06-10' })).toMatchObject({ tool: 'CAPD', ageYears: 12 })
  })
  it('N9 tremor and N10 haemorrhage leave the grade the ICE alone gives', () => {
    expect(engineGrade(gradeIcansDay({ ...toIcansFindings(1, N({ ice: 10 })), intracranialHaemorrhage: true }))).toBe(0)
  })
})

describe('§2.5 ICANS day: engine = reference on generated complete days', () => {
  it('every combination of tool, ICE/CAPD, consciousness, seizure, motor, raised ICP, other-cause attribution and death', () => {
    fc.assert(
      fc.property(icansArb, (p) => {
        expect(engineGrade(gradeIcansDay(toIcansFindings(2, p)))).toBe(refIcansGrade(p))
      }),
      FC,
    )
  })
  it('the same grade when ICE comes from its 10 items (§2.1: one point each, 10 = normal)', () => {
    const itemsArb = fc.array(fc.boolean(), { minLength: 10, maxLength: 10 })
    fc.assert(
      fc.property(itemsArb, icansArb, (b, p) => {
        const v = (i: number) => b[i] as boolean
        const items: IceItems = {
          orientation: { year: v(0), month: v(1), city: v(2), hospital: v(3) },
          naming: [v(4), v(5), v(6)], followsCommands: v(7), writesStandardSentence: v(8), countsBackwardsBy10: v(9),
        }
        const ice = b.filter(Boolean).length
        expect(iceScore(items)).toEqual({ kind: 'scored', total: ice })
        const ref = refIcansGrade({ ...p, tool: 'ICE', ice, iceUnarousable: false })
        const f = toIcansFindings(2, { ...p, tool: 'ICE', iceUnarousable: false })
        expect(engineGrade(gradeIcansDay({ ...f, encephalopathy: { tool: 'ICE', items } }))).toBe(ref)
      }),
      FC,
    )
  })
  it('ICE items partly recorded: the total stays "not assessed" (ICANS-6) but the band the done items already force is a floor', () => {
    // §2.1 ICE = sum of the items, so a total with k points and m items not assessed lies in [k, k + m];
    // §2.2 bands: the grade of k + m is guaranteed. Reference: NE with atLeast = max(other domains, that grade).
    const iceBand = (score: number) => (score <= 2 ? 3 : score <= 6 ? 2 : score <= 9 ? 1 : 0)
    fc.assert(
      fc.property(fc.array(fc.constantFrom<boolean | null>(true, false, false, null), { minLength: 10, maxLength: 10 }), icansArb, (b, p) => {
        fc.pre(b.includes(null))
        const v = (i: number) => b[i] as boolean | null
        const items: IceItems = {
          orientation: { year: v(0), month: v(1), city: v(2), hospital: v(3) },
          naming: [v(4), v(5), v(6)], followsCommands: v(7), writesStandardSentence: v(8), countsBackwardsBy10: v(9),
        }
        const others = refIcansGrade({ ...p, otherCause: [...p.otherCause, 'encephalopathy'] })
        const floor = p.otherCause.includes('encephalopathy') ? 0 : iceBand(b.filter((x) => x === true).length + b.filter((x) => x === null).length)
        const f = { ...toIcansFindings(2, { ...p, tool: 'ICE', iceUnarousable: false }), encephalopathy: { tool: 'ICE' as const, items } }
        const expected = p.death ? 5 : others === 4 ? 4 : `NE[${Math.max(others, floor)},4]`
        expect(engineGrade(gradeIcansDay(f))).toBe(expected)
      }),
      FC,
    )
  })
  it('a partly recorded ICE forcing grade 3 opens the ICANS episode and sets the maximum (ICANS-6)', () => {
    const failed = (missing: number): IceItems => {
      const b = Array.from({ length: 10 }, (_, i) => (i < 10 - missing ? false : null))
      const v = (i: number) => b[i] as boolean | null
      return { orientation: { year: v(0), month: v(1), city: v(2), hospital: v(3) }, naming: [v(4), v(5), v(6)], followsCommands: v(7), writesStandardSentence: v(8), countsBackwardsBy10: v(9) }
    }
    const f = (d: number, items: IceItems): IcansDailyFindings => ({ ...toIcansFindings(d, N({})), encephalopathy: { tool: 'ICE', items } })
    const course = gradeIcansCourse([f(3, failed(1)), f(4, failed(2))], [])
    expect(course.days.map((d) => engineGrade(d.outcome))).toEqual(['NE[3,4]', 'NE[3,4]'])
    expect(course.onsetDay).toBe(3)
    expect(course.maxGrade).toBe(3)
  })
  it('a missing domain is "not assessed", never 0 (ICANS-6), unless a known domain already gives grade 4', () => {
    const f = toIcansFindings(1, N({ ice: 8 }))
    expect(engineGrade(gradeIcansDay({ ...f, seizure: null }))).toBe('NE[1,4]')
    expect(engineGrade(gradeIcansDay({ ...f, encephalopathy: { tool: 'ICE', score: null } }))).toBe('NE[0,4]')
    expect(engineGrade(gradeIcansDay({ ...f, seizure: null, deepFocalMotorWeakness: true }))).toBe(4)
  })
  it('CAPD boundaries 0/1/8/9 (§2.3): 0 → 0, 1-8 → 1, ≥ 9 → 3', () => {
    const capd = (total: number) => engineGrade(gradeIcansDay(toIcansFindings(1, N({ tool: 'CAPD', capd: total }))))
    expect([0, 1, 8, 9, 32].map(capd)).toEqual([0, 1, 1, 3, 3])
  })
  it('ICE boundaries 0/2/3/6/7/9/10 (§2.2)', () => {
    const ice = (score: number) => engineGrade(gradeIcansDay(toIcansFindings(1, N({ ice: score }))))
    expect([0, 2, 3, 6, 7, 9, 10].map(ice)).toEqual([3, 3, 2, 2, 1, 1, 0])
  })
})

describe('ICANS-5 tool selection: engine = reference on generated dates and flags', () => {
  const dateArb = (from: number, to: number) =>
    fc.record({ y: fc.integer({ min: from, max: to }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) }).map(({ y, m, d }) => {
      const dim = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] as number
      return `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, dim)).padStart(2, '0')}`
    })
  it('age in completed years, ≤ 12 ⇒ CAPD, developmental-delay flag and its PROTOCOL DECISION switch', () => {
    fc.assert(
      fc.property(dateArb(2008, 2016), dateArb(2020, 2030), fc.boolean(), fc.option(fc.boolean(), { nil: undefined }), (birth, on, delay, forces) => {
        expect(ageInCompletedYears(birth, on)).toBe(refAge(birth, on))
        const r = selectIcansTool({ birthDate: birth, assessmentDate: on, developmentalDelay: delay, ...(forces === undefined ? {} : { developmentalDelayForcesCapd: forces }) })
        expect(r.tool).toBe(refTool(birth, on, delay, forces ?? true))
      }),
      FC,
    )
  })
  it('the 13th birthday: the day before is CAPD, the birthday itself is ICE; Feb 29 birthdays reach it on Mar 1', () => {
    expect(selectIcansTool({ birthDate: '2012-07-04', assessmentDate: '2025-07-03' }).tool).toBe('CAPD')
    expect(selectIcansTool({ birthDate: '2012-07-04', assessmentDate: '2025-07-04' }).tool).toBe('ICE')
    expect(selectIcansTool({ birthDate: '2012-02-29', assessmentDate: '2025-02-28' }).tool).toBe('CAPD')
    expect(selectIcansTool({ birthDate: '2012-02-29', assessmentDate: '2025-03-01' }).tool).toBe('ICE')
    expect(selectIcansTool({ birthDate: '2000-01-01', assessmentDate: '2025-03-01', developmentalDelay: true }).tool).toBe('CAPD')
    expect(selectIcansTool({ birthDate: '2000-01-01', assessmentDate: '2025-03-01', developmentalDelay: true, developmentalDelayForcesCapd: false }).tool).toBe('ICE')
  })
})

describe('ICANS-6 course: event grade = maximum; onset, resolution; tool checked on each assessment date', () => {
  it('engine = reference on generated courses', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ gap: fc.integer({ min: 1, max: 3 }), p: icansArb }), { minLength: 1, maxLength: 8 }), (xs) => {
        let d = 0
        const days = xs.map((x) => ({ day: (d += x.gap), p: { ...x.p, death: false } }))
        const r = gradeIcansCourse(days.map((x) => toIcansFindings(x.day, x.p)), [])
        const grades = days.map((x) => refIcansGrade(x.p))
        expect(r.days.map((x) => engineGrade(x.outcome))).toEqual(grades)
        const episodes: RefEpisode[] = []
        let open: RefEpisode | null = null
        days.forEach((x, i) => {
          const g = grades[i] as number
          if (g >= 1) {
            if (open === null) episodes.push((open = { onsetDay: x.day, resolutionDay: null, maxGrade: g, durationDays: null }))
            else open.maxGrade = Math.max(open.maxGrade, g)
          } else if (open !== null) {
            open.resolutionDay = x.day
            open.durationDays = x.day - open.onsetDay
            open = null
          }
        })
        expect(r.episodes.map((e) => ({ onsetDay: e.onsetDay, resolutionDay: e.resolutionDay, maxGrade: e.maxGrade, durationDays: e.durationDays }))).toEqual(episodes)
        expect(r.maxGrade).toBe(Math.max(0, ...grades))
      }),
      FC,
    )
  })
  it('a child who turns 13 during the course: CAPD is right before the birthday, ICE from it on', () => {
    const subject = { birthDate: '2012-03-05', infusionDate: '2025-03-01' }
    const f = (dayNo: number, tool: 'ICE' | 'CAPD') => toIcansFindings(dayNo, N(tool === 'ICE' ? { ice: 10 } : { tool: 'CAPD', capd: 0 }))
    const ok = gradeIcansCourse([f(3, 'CAPD'), f(4, 'ICE')], [], subject)
    expect(ok.issues).toEqual([])
    const wrong = gradeIcansCourse([f(3, 'ICE'), f(4, 'CAPD')], [], subject)
    expect(wrong.issues.map((i) => [i.code, i.path[1]])).toEqual([['wrong_icans_tool', 3], ['wrong_icans_tool', 4]])
  })
})

// =============================================================================================================
// §3 CTCAE v5.0 lab reference (written from §3.2), on exact fractions in the canonical unit of each term
// =============================================================================================================

/** LAB-6: canonical = raw × factor, per accepted unit (exact rationals). */
const UNIT_FACTORS: Record<CtcaeLabAnalyte, Record<string, Frac>> = {
  platelets: { '10^9/L': ONE, '/mm3': frac('0.001'), 'x10^3/uL': ONE },
  neutrophils: { '10^9/L': ONE, 'cells/uL': frac('0.001') },
  leukocytes: { '10^9/L': ONE, '/mm3': frac('0.001') },
  lymphocytes: { '10^9/L': ONE, '/uL': frac('0.001') },
  hemoglobin: { 'g/dL': ONE, 'g/L': frac('0.1') },
  alt: { 'U/L': ONE, 'IU/L': ONE, 'ukat/L': frac(60) },
  ast: { 'U/L': ONE, 'ukat/L': frac(60) },
  bilirubin: { 'mg/dL': ONE, 'µmol/L': fdiv(ONE, frac('17.1')) },
  creatinine: { 'mg/dL': ONE, 'µmol/L': fdiv(ONE, frac('88.4')) },
  fibrinogen: { 'g/L': ONE, 'mg/dL': frac('0.01') },
}

interface RefLab {
  analyte: CtcaeLabAnalyte
  v: Frac
  lln: Frac | null
  uln: Frac | null
  base: Frac | null
  baseLln: Frac | null
  baseUln: Frac | null
}

/** §3.2 "decreased" thresholds (grade 1|2, 2|3, 3|4) in the canonical unit. */
const DECREASED: Partial<Record<CtcaeLabAnalyte, string[]>> = {
  platelets: ['75', '50', '25'],
  neutrophils: ['1.5', '1.0', '0.5'],
  leukocytes: ['3.0', '2.0', '1.0'],
  lymphocytes: ['0.8', '0.5', '0.2'],
  hemoglobin: ['10.0', '8.0'], // g/dL; grades 4-5 of Anemia are clinical
}

/** CTCAE v5.0 lab grade by §3.2 and LAB-1…LAB-5; `null` = not assignable from the data given. */
function refLabGrade(x: RefLab): number | null {
  const cuts = DECREASED[x.analyte]
  if (cuts !== undefined) {
    // LAB-1: x equal to a cut-off stays in the milder grade ("< 75 and ≥ 50" …)
    for (let i = cuts.length - 1; i >= 0; i--) if (ltK(x.v, cuts[i] as string, ONE)) return i + 2
    if (x.lln === null) return null // LAB-2
    return fcmp(x.v, x.lln) < 0 ? 1 : 0
  }
  if (x.analyte === 'alt' || x.analyte === 'ast' || x.analyte === 'bilirubin') {
    if (x.uln === null) return null
    const ladder = x.analyte === 'bilirubin' ? ['10', '3', '1.5'] : ['20', '5', '3']
    if (x.base === null) return fcmp(x.v, x.uln) <= 0 ? 0 : null // at or below ULN both LAB-3 rules give 0
    const abnormal = fcmp(x.base, x.baseUln ?? x.uln) > 0 // LAB-3: baseline above ULN
    const ref = abnormal ? x.base : x.uln
    for (let i = 0; i < 3; i++) if (gtK(x.v, ladder[i] as string, ref)) return 4 - i
    if (abnormal && x.analyte !== 'bilirubin') return geK(x.v, '1.5', ref) ? 1 : 0 // "1.5 to 3.0 × baseline", inclusive
    return gtK(x.v, '1', ref) ? 1 : 0 // "> ULN" / "> 1.0 × baseline"
  }
  if (x.analyte === 'creatinine') {
    if (x.uln === null) return null
    const byUln = gtK(x.v, '6', x.uln) ? 4 : gtK(x.v, '3', x.uln) ? 3 : gtK(x.v, '1.5', x.uln) ? 2 : gtK(x.v, '1', x.uln) ? 1 : 0
    const byBase = x.base === null ? 0 : gtK(x.v, '3', x.base) ? 3 : gtK(x.v, '1.5', x.base) ? 2 : 0
    return Math.max(byUln, byBase) // LAB-4
  }
  // fibrinogen, LAB-5
  if (ltK(x.v, '0.5', ONE)) return 4 // absolute < 0.5 g/L
  if (x.lln === null) return null
  if (fcmp(x.v, x.lln) >= 0) return 0 // inside the normal range
  let g = ltK(x.v, '0.25', x.lln) ? 4 : ltK(x.v, '0.5', x.lln) ? 3 : ltK(x.v, '0.75', x.lln) ? 2 : 1
  if (x.base !== null && fcmp(x.base, x.baseLln ?? x.lln) < 0) {
    // baseline abnormal: % decrease = (base − v) / base; ≥ 75 → 4, [50, 75) → 3, [25, 50) → 2, < 25 → 1
    const dec = fdiv({ n: x.base.n * x.v.d - x.v.n * x.base.d, d: x.base.d * x.v.d }, x.base)
    const byDec = fcmp(dec, frac('0.75')) >= 0 ? 4 : fcmp(dec, frac('0.5')) >= 0 ? 3 : fcmp(dec, frac('0.25')) >= 0 ? 2 : 1
    g = Math.max(g, byDec)
  }
  return g
}

interface LabCase {
  analyte: CtcaeLabAnalyte
  value: number
  unit: string
  lln?: number | null
  uln?: number | null
  baseline?: { value: number; unit: string; lln?: number | null; uln?: number | null } | null
}

function refOf(c: LabCase): number | null {
  const f = (u: string) => UNIT_FACTORS[c.analyte][u] as Frac
  const canon = (x: number | null | undefined, u: string) => (x == null ? null : fmul(frac(x), f(u)))
  const b = c.baseline ?? null
  return refLabGrade({
    analyte: c.analyte, v: canon(c.value, c.unit) as Frac, lln: canon(c.lln, c.unit), uln: canon(c.uln, c.unit),
    base: b === null ? null : canon(b.value, b.unit), baseLln: b === null ? null : canon(b.lln, b.unit), baseUln: b === null ? null : canon(b.uln, b.unit),
  })
}
const engineLab = (c: LabCase) => {
  const o = gradeCtcaeLab(c)
  return o.kind === 'graded' ? o.grade : null
}

describe('§3.3 worked examples L1-L18 (engine and reference)', () => {
  const bl = (value: number, unit: string) => ({ value, unit })
  const cases: [string, LabCase, number | null][] = [
    ['L1', { analyte: 'platelets', value: 88, unit: '10^9/L', lln: 125 }, 1],
    ['L2', { analyte: 'platelets', value: 75.0, unit: '10^9/L', lln: 150 }, 1],
    ['L3 25.0', { analyte: 'platelets', value: 25.0, unit: '10^9/L', lln: 150 }, 3],
    ['L3 24.9', { analyte: 'platelets', value: 24.9, unit: '10^9/L', lln: 150 }, 4],
    ['L4 0.50', { analyte: 'neutrophils', value: 0.5, unit: '10^9/L', lln: 1.8 }, 3],
    ['L4 0.49', { analyte: 'neutrophils', value: 0.49, unit: '10^9/L', lln: 1.8 }, 4],
    ['L5', { analyte: 'leukocytes', value: 2.0, unit: '10^9/L' }, 2], // no LLN needed below 3.0 (LAB-2)
    ['L6', { analyte: 'lymphocytes', value: 0.15, unit: '10^9/L' }, 4],
    ['L7 10.0', { analyte: 'hemoglobin', value: 10.0, unit: 'g/dL', lln: 12.0 }, 1],
    ['L7 7.9', { analyte: 'hemoglobin', value: 7.9, unit: 'g/dL', lln: 12.0 }, 3],
    ['L8', { analyte: 'alt', value: 120, unit: 'U/L', uln: 40, baseline: bl(25, 'U/L') }, 1],
    ['L9', { analyte: 'alt', value: 130, unit: 'U/L', uln: 40, baseline: bl(25, 'U/L') }, 2],
    ['L10', { analyte: 'alt', value: 100, unit: 'U/L', uln: 40, baseline: bl(80, 'U/L') }, 0],
    ['L11', { analyte: 'alt', value: 120, unit: 'U/L', uln: 40, baseline: bl(80, 'U/L') }, 1],
    ['L12', { analyte: 'alt', value: 1700, unit: 'U/L', uln: 40, baseline: bl(80, 'U/L') }, 4],
    ['L13', { analyte: 'bilirubin', value: 1.9, unit: 'mg/dL', uln: 1.2, baseline: bl(0.6, 'mg/dL') }, 2],
    ['L14', { analyte: 'creatinine', value: 1.2, unit: 'mg/dL', uln: 1.0, baseline: bl(0.6, 'mg/dL') }, 2],
    ['L15', { analyte: 'fibrinogen', value: 0.9, unit: 'g/L', lln: 2.0 }, 3],
    ['L16', { analyte: 'fibrinogen', value: 0.45, unit: 'g/L' }, 4],
    ['L17', { analyte: 'fibrinogen', value: 1.0, unit: 'g/L', lln: 2.0, baseline: bl(1.6, 'g/L') }, 2],
    // the same examples in other units (LAB-6)
    ['L3 /mm3', { analyte: 'platelets', value: 24900, unit: '/mm3', lln: 150000 }, 4],
    ['L7 g/L', { analyte: 'hemoglobin', value: 79, unit: 'g/L', lln: 120 }, 3],
    ['L13 µmol/L', { analyte: 'bilirubin', value: 32.49, unit: 'µmol/L', uln: 20.52, baseline: bl(10.26, 'µmol/L') }, 2],
    ['L14 µmol/L', { analyte: 'creatinine', value: 106.08, unit: 'µmol/L', uln: 88.4, baseline: bl(0.6, 'mg/dL') }, 2],
    ['L16 mg/dL', { analyte: 'fibrinogen', value: 45, unit: 'mg/dL' }, 4],
  ]
  for (const [id, c, expected] of cases) {
    it(`${id} → ${expected}`, () => {
      expect(refOf(c)).toBe(expected)
      expect(engineLab(c)).toBe(expected)
    })
  }
  it('L18: IgG has no CTCAE v5.0 lab term, so a site IgG result is never graded automatically', () => {
    expect(analyteForTestCode('IGG')).toBeNull()
    expect(analyteForTestCode('igg')).toBeNull()
    expect(analyteForTestCode('PLAT')).toBe('platelets')
  })
})

// Generators: values at, just above and just below each boundary multiple, in canonical units, then expressed in a
// unit whose conversion is a finite decimal (raw = canonical × k).
const RAW_PER_CANON: Record<CtcaeLabAnalyte, [string, string][]> = {
  platelets: [['10^9/L', '1'], ['/mm3', '1000'], ['x10^3/uL', '1']],
  neutrophils: [['10^9/L', '1'], ['cells/uL', '1000']],
  leukocytes: [['10^9/L', '1'], ['/mm3', '1000']],
  lymphocytes: [['10^9/L', '1'], ['/uL', '1000']],
  hemoglobin: [['g/dL', '1'], ['g/L', '10']],
  alt: [['U/L', '1'], ['IU/L', '1']],
  ast: [['U/L', '1']],
  bilirubin: [['mg/dL', '1'], ['µmol/L', '17.1']],
  creatinine: [['mg/dL', '1'], ['µmol/L', '88.4']],
  fibrinogen: [['g/L', '1'], ['mg/dL', '100']],
}
const LIMITS: Record<CtcaeLabAnalyte, { lln: number[]; uln: number[]; base: number[]; pivots: number[] }> = {
  platelets: { lln: [125, 150, 70], uln: [400], base: [20, 40], pivots: [75, 50, 25, 150, 125] },
  neutrophils: { lln: [1.8, 2.0, 1.2], uln: [7.5], base: [3], pivots: [1.5, 1.0, 0.5, 1.8] },
  leukocytes: { lln: [4.0, 3.5], uln: [10], base: [6], pivots: [3.0, 2.0, 1.0, 4.0] },
  lymphocytes: { lln: [1.0, 1.1], uln: [3.2], base: [1.5], pivots: [0.8, 0.5, 0.2, 1.0] },
  hemoglobin: { lln: [12.0, 13.5, 11.5], uln: [16], base: [12], pivots: [10, 8, 12.0] },
  alt: { lln: [7], uln: [40, 35, 56], base: [25, 80, 35, 40, 41], pivots: [40, 80, 35] },
  ast: { lln: [8], uln: [40, 33], base: [20, 60, 33], pivots: [40, 60, 33] },
  bilirubin: { lln: [0.3], uln: [1.2, 1.0], base: [0.6, 1.8, 1.2, 1.3], pivots: [1.2, 1.8, 1.0] },
  creatinine: { lln: [0.5], uln: [1.0, 1.1, 0.9], base: [0.6, 0.8, 1.5], pivots: [1.0, 0.6, 1.1, 0.8] },
  fibrinogen: { lln: [2.0, 1.8], uln: [4], base: [1.6, 2.5, 1.0, 2.0], pivots: [2.0, 1.6, 1.8, 0.5, 1.0] },
}
/** multiples of the pivot: around the cut-offs of decreased terms (≤ 1.25) and of increased terms (≥ 1) */
const MULTIPLES_DOWN = ['0.1', '0.2', '0.25', '0.5', '0.5', '0.75', '0.75', '1', '1', '1', '1.25']
const MULTIPLES_UP = ['0.5', '1', '1', '1.25', '1.5', '1.5', '2', '3', '3', '5', '5', '6', '6', '10', '10', '20', '20', '21.25']
const DOWN: readonly CtcaeLabAnalyte[] = ['platelets', 'neutrophils', 'leukocytes', 'lymphocytes', 'hemoglobin', 'fibrinogen']
const NUDGE = ['0', '0', '0.01', '-0.01', '0.001', '-0.001']

const labCaseArb: fc.Arbitrary<LabCase> = fc
  .constantFrom<CtcaeLabAnalyte>('platelets', 'neutrophils', 'leukocytes', 'lymphocytes', 'hemoglobin', 'alt', 'ast', 'bilirubin', 'creatinine', 'fibrinogen')
  .chain((analyte) => {
    const L = LIMITS[analyte]
    const units = RAW_PER_CANON[analyte]
    return fc.record({
      analyte: fc.constant(analyte),
      unit: fc.constantFrom(...units),
      pivot: fc.constantFrom(...L.pivots, ...L.uln, ...L.base),
      mult: fc.constantFrom(...(DOWN.includes(analyte) ? MULTIPLES_DOWN : MULTIPLES_UP)),
      nudge: fc.constantFrom(...NUDGE),
      // a free decimal between 0 and 2 × the largest pivot (3 decimals)
      free: fc.option(fc.integer({ min: 1, max: 2000 * Math.max(...L.pivots, ...L.uln) }).map((n) => n / 1000), { nil: undefined, freq: 4 }),
      lln: fc.option(fc.constantFrom(...L.lln), { nil: null, freq: 6 }),
      uln: fc.option(fc.constantFrom(...L.uln), { nil: null, freq: 8 }),
      base: fc.option(fc.record({ v: fc.constantFrom(...L.base), unit: fc.constantFrom(...units), ownLimits: fc.boolean(), lln: fc.constantFrom(...L.lln), uln: fc.constantFrom(...L.uln) }), { nil: null, freq: 4 }),
    })
  })
  .map((g) => {
    // canonical value: a free decimal, or pivot × multiple + nudge (exact decimals, so boundaries are hit exactly)
    const onBoundary = fmul(frac(g.pivot), frac(g.mult))
    const nudge = frac(g.nudge)
    const canonical = g.free !== undefined ? frac(g.free) : { n: onBoundary.n * nudge.d + nudge.n * onBoundary.d, d: onBoundary.d * nudge.d }
    const k = g.unit[1]
    const raw = (canon: Frac | number) => Number(decimalString(fmul(typeof canon === 'number' ? frac(canon) : canon, frac(k))))
    const value = raw(fcmp(canonical, frac(0)) > 0 ? canonical : frac('0.001'))
    const c: LabCase = { analyte: g.analyte, value, unit: g.unit[0], lln: g.lln === null ? null : raw(g.lln), uln: g.uln === null ? null : raw(g.uln) }
    if (g.base !== null) {
      const bk = g.base.unit[1]
      const braw = (x: number) => Number(decimalString(fmul(frac(x), frac(bk))))
      c.baseline = { value: braw(g.base.v), unit: g.base.unit[0], ...(g.base.ownLimits ? { lln: braw(g.base.lln), uln: braw(g.base.uln) } : {}) }
    }
    return c
  })

describe('§3.2 CTCAE v5.0 lab grading: engine = reference on generated boundary values, units and baselines', () => {
  it('every term, values at/around each multiple of LLN, ULN, baseline and absolute cut-off; missing limits; mixed units', () => {
    fc.assert(
      fc.property(labCaseArb, (c) => {
        expect(engineLab(c)).toBe(refOf(c))
      }),
      { ...FC, numRuns: 3000 },
    )
  })

  it('LAB-1 boundaries of every decreased term, in both directions', () => {
    const at = (analyte: CtcaeLabAnalyte, value: number, lln: number | null = 1000) => engineLab({ analyte, value, unit: analyte === 'hemoglobin' ? 'g/dL' : '10^9/L', lln })
    expect([75, 74.9, 50, 49.9, 25, 24.9].map((v) => at('platelets', v))).toEqual([1, 2, 2, 3, 3, 4])
    expect([1.5, 1.49, 1.0, 0.99, 0.5, 0.49].map((v) => at('neutrophils', v))).toEqual([1, 2, 2, 3, 3, 4])
    expect([3.0, 2.99, 2.0, 1.99, 1.0, 0.99].map((v) => at('leukocytes', v))).toEqual([1, 2, 2, 3, 3, 4])
    expect([0.8, 0.79, 0.5, 0.49, 0.2, 0.19].map((v) => at('lymphocytes', v))).toEqual([1, 2, 2, 3, 3, 4])
    expect([10.0, 9.9, 8.0, 7.9, 3].map((v) => at('hemoglobin', v))).toEqual([1, 2, 2, 3, 3])
    // value equal to the LLN is normal (grade 1 is "< LLN")
    expect(at('platelets', 150, 150)).toBe(0)
    expect(at('platelets', 149.9, 150)).toBe(1)
    // LAB-2: without the LLN grade 1 is not assignable, grades 2-4 are
    expect(at('platelets', 100, null)).toBeNull()
    expect(at('platelets', 74, null)).toBe(2)
  })

  it('LAB-3 boundaries: ULN itself is grade 0; ALT 1.5 × baseline inclusive, bilirubin 1.0 × baseline exclusive', () => {
    const alt = (value: number, base: number) => engineLab({ analyte: 'alt', value, unit: 'U/L', uln: 40, baseline: { value: base, unit: 'U/L' } })
    expect([40, 40.1, 200, 200.1, 800, 800.1].map((v) => alt(v, 30))).toEqual([0, 1, 2, 3, 3, 4])
    expect([119.9, 120, 240, 240.1, 400, 400.1, 1600, 1600.1].map((v) => alt(v, 80))).toEqual([0, 1, 1, 2, 2, 3, 3, 4])
    // baseline exactly at the ULN is normal ("abnormal" = above ULN)
    expect(alt(60, 40)).toBe(1)
    const bili = (value: number, base: number) => engineLab({ analyte: 'bilirubin', value, unit: 'mg/dL', uln: 1.2, baseline: { value: base, unit: 'mg/dL' } })
    // 1.8 mg/dL is exactly 1.5 × ULN 1.2 (1.5 × 1.2 = 1.7999999999999998 in binary): still grade 1
    expect([1.8, 1.81, 1.2, 1.21].map((v) => bili(v, 0.6))).toEqual([1, 2, 0, 1])
    expect([2, 2.01, 3, 3.01, 6, 6.01, 20, 20.01].map((v) => bili(v, 2))).toEqual([0, 1, 1, 2, 2, 3, 3, 4])
  })

  it('LAB-6: a baseline in another unit, and a ULN in µkat/L, are compared on the same scale', () => {
    // ULN 0.5 µkat/L = 30 U/L; baseline 29 U/L is normal, so the × ULN rule applies: 1.5 µkat/L = 3 × ULN → 1
    expect(engineLab({ analyte: 'alt', value: 1.5, unit: 'ukat/L', uln: 0.5, baseline: { value: 29, unit: 'U/L' } })).toBe(1)
    expect(engineLab({ analyte: 'alt', value: 1.51, unit: 'ukat/L', uln: 0.5, baseline: { value: 29, unit: 'U/L' } })).toBe(2)
    // baseline 31 U/L is above ULN: × baseline rule, 1.5 µkat/L = 90 U/L = 2.9 × baseline → 1; 0.77 µkat/L = 46.2 U/L < 1.5 × 31 → 0
    expect(engineLab({ analyte: 'alt', value: 0.77, unit: 'ukat/L', uln: 0.5, baseline: { value: 31, unit: 'U/L' } })).toBe(0)
    expect(engineLab({ analyte: 'alt', value: 0.775, unit: 'ukat/L', uln: 0.5, baseline: { value: 31, unit: 'U/L' } })).toBe(1)
    // creatinine 3 × baseline exactly across units: 0.6 mg/dL baseline, 159.12 µmol/L = 1.8 mg/dL → grade 2 (not > 3.0 ×)
    expect(engineLab({ analyte: 'creatinine', value: 159.12, unit: 'µmol/L', uln: 97.24, baseline: { value: 0.6, unit: 'mg/dL' } })).toBe(2)
    expect(engineLab({ analyte: 'creatinine', value: 159.13, unit: 'µmol/L', uln: 97.24, baseline: { value: 0.6, unit: 'mg/dL' } })).toBe(3)
    // an unknown unit is not evaluable, never guessed
    expect(engineLab({ analyte: 'platelets', value: 20, unit: 'mmol/L', lln: 150 })).toBeNull()
  })

  it('LAB-5: fibrinogen %-decrease boundaries from an abnormal baseline (25 / 50 / 75 %)', () => {
    const fib = (value: number) => engineLab({ analyte: 'fibrinogen', value, unit: 'g/L', lln: 4.0, baseline: { value: 3.6, unit: 'g/L' } })
    // × LLN alone: 2.7 = 0.675 × LLN → 2; decrease 25 % exactly → 2
    expect(fib(2.7)).toBe(2)
    // 1.8 = 0.45 × LLN → 3, decrease 50 % → 3; 0.9 = 0.225 × LLN → 4 and 75 % → 4
    expect([3.0, 2.7, 1.8, 0.9].map(fib)).toEqual([1, 2, 3, 4])
    // a normal baseline never uses the %-decrease rule
    expect(engineLab({ analyte: 'fibrinogen', value: 1.4, unit: 'g/L', lln: 2.0, baseline: { value: 6.0, unit: 'g/L' } })).toBe(2)
    // 1.5 = 0.75 × LLN exactly is not "< 0.75 × LLN": grade 1 (LAB-1)
    expect(engineLab({ analyte: 'fibrinogen', value: 1.5, unit: 'g/L', lln: 2.0 })).toBe(1)
  })
})

// =============================================================================================================
// LAB-7 (PROTOCOL DECISION): treatment-emergent platelet AEs only when the grade worsens vs baseline or a later
// recovered grade; other analytes proposed whenever abnormal
// =============================================================================================================

function refLab7(baselineGrade: number, post: readonly { date: string; grade: number }[], worseningOnly: boolean, minimumGrade: number) {
  const out: { onsetDate: string; endDate: string | null; worstGrade: number }[] = []
  let reference = baselineGrade
  let open: { onsetDate: string; endDate: string | null; worstGrade: number } | null = null
  for (const s of post) {
    const qualifies = s.grade >= minimumGrade && (!worseningOnly || s.grade > reference)
    if (worseningOnly) reference = Math.min(reference, s.grade) // recovery lowers the reference grade
    if (qualifies) {
      if (open === null) out.push((open = { onsetDate: s.date, endDate: null, worstGrade: s.grade }))
      else open.worstGrade = Math.max(open.worstGrade, s.grade)
    } else if (open !== null) {
      open.endDate = s.date
      open = null
    }
  }
  return out
}

describe('LAB-7 lab-derived AE proposals: engine = reference (both rules, minimum grade)', () => {
  const PLT = [160, 100, 75, 74.9, 60, 50, 40, 25, 24.9, 10]
  const grade = (v: number) => (v < 25 ? 4 : v < 50 ? 3 : v < 75 ? 2 : v < 150 ? 1 : 0)
  it('generated platelet series with LLN 150', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PLT),
        fc.array(fc.constantFrom(...PLT), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.constantFrom<0 | 1 | 2 | 3>(1, 1, 2, 3),
        (b, xs, worseningOnly, minimumGrade) => {
          const dates = xs.map((_, i) => `2025-02-${String(10 + i * 2).padStart(2, '0')}`)
          const samples: LabSeriesSample[] = [
            { analyte: 'platelets', date: '2025-01-28', value: 500, unit: '10^9/L', lln: 150 },
            { analyte: 'platelets', date: '2025-02-01', value: b, unit: '10^9/L', lln: 150 }, // baseline: last on/before the LD day
            ...xs.map((v, i) => ({ analyte: 'platelets' as const, date: dates[i] as string, value: v, unit: '10^9/L', lln: 150 })),
          ]
          const r = proposeLabAes([...samples].reverse(), { baselineDate: '2025-02-01', worseningOnlyAnalytes: worseningOnly ? ['platelets'] : [], minimumGrade })
          const ref = refLab7(grade(b), xs.map((v, i) => ({ date: dates[i] as string, grade: grade(v) })), worseningOnly, minimumGrade)
          expect(r.baselines.platelets).toEqual({ date: '2025-02-01', grade: grade(b) })
          expect(r.proposals.map((p) => ({ onsetDate: p.onsetDate, endDate: p.endDate, worstGrade: p.worstGrade }))).toEqual(ref)
        },
      ),
      FC,
    )
  })
  it('the default applies the worsening rule to platelets only: an LD-induced neutropenia is proposed even if baseline was abnormal', () => {
    const s = (analyte: CtcaeLabAnalyte, date: string, value: number, lln: number): LabSeriesSample => ({ analyte, date, value, unit: '10^9/L', lln })
    const r = proposeLabAes([s('neutrophils', '2025-02-01', 1.2, 2), s('neutrophils', '2025-02-08', 1.2, 2), s('platelets', '2025-02-01', 20, 150), s('platelets', '2025-02-08', 30, 150)], { baselineDate: '2025-02-01' })
    expect(r.proposals.map((p) => [p.analyte, p.rule, p.worstGrade])).toEqual([['neutrophils', 'any-abnormal', 2]])
  })
  it('ALT proposals use the baseline-dependent grading (LAB-3): a baseline above ULN raises the bar', () => {
    const a = (date: string, value: number): LabSeriesSample => ({ analyte: 'alt', date, value, unit: 'U/L', uln: 40 })
    expect(proposeLabAes([a('2025-02-01', 80), a('2025-02-05', 100)], { baselineDate: '2025-02-01' }).proposals).toEqual([])
    expect(proposeLabAes([a('2025-02-01', 30), a('2025-02-05', 100)], { baselineDate: '2025-02-01' }).proposals.map((p) => p.worstGrade)).toEqual([1])
  })
})

// =============================================================================================================
// Bedside layer: worst-of-day findings from captured forms (CRS-7, ICANS-5/6) and the hypotension PROTOCOL DECISION
// =============================================================================================================

describe('bedside CRS findings and the subject course', () => {
  const vit = (at: string, temperatureC: number | null, systolicMmHg: number | null) => ({ id: at, data: { measuredAt: at, temperatureC, systolicMmHg, diastolicMmHg: 50, heartRate: 90, spo2Percent: 96 } })
  it('hypotension threshold by age (PALS default) and as a protocol parameter', () => {
    expect([8, 9, 10, 40, null].map((a) => hypotensionThresholdMmHg(a))).toEqual([86, 88, 90, 90, 90])
    const input = (ageYears: number, sbp: number) => ({ infusionDate: '2025-03-01', ageYears, vitals: [vit('2025-03-02T08:00', 38.5, sbp)], oxygen: [], vasopressors: [] })
    expect(crsFindingsFromBedside(input(8, 86))[0]?.hypotension).toBe(false) // "< 86" for an 8-year-old
    expect(crsFindingsFromBedside(input(8, 85))[0]?.hypotension).toBe(true)
    expect(crsFindingsFromBedside(input(40, 89))[0]?.hypotension).toBe(true)
    expect(crsFindingsFromBedside(input(40, 89), { hypotensionThreshold: () => 85 })[0]?.hypotension).toBe(false)
  })
  it('a vasopressor infusion running over midnight counts on both days; records before Day 0 are ignored', () => {
    const f = crsFindingsFromBedside({
      infusionDate: '2024-02-28',
      ageYears: 40,
      vitals: [vit('2024-02-27T20:00', 39.0, 80), vit('2024-02-29T10:00', 38.6, 85), vit('2024-03-01T10:00', 37.0, 100)],
      oxygen: [
        { id: 'o1', data: { measuredAt: '2024-02-29T10:00', delivery: 'none', flowLpm: null } },
        { id: 'o2', data: { measuredAt: '2024-03-01T10:00', delivery: 'none', flowLpm: null } },
      ],
      vasopressors: [
        { id: 'p1', data: { agent: 'norepinephrine', dose: 0.1, unit: 'ug/kg/min', start: '2024-02-29T22:00', end: '2024-03-01T02:00' } },
        { id: 'p2', data: { agent: 'vasopressin', dose: 0.03, unit: 'units/min', start: '2024-03-01T00:30', end: '2024-03-01T01:00' } },
      ],
    })
    expect(f.map((x) => [x.day, x.maxTemperatureC, x.hypotension, (x.vasopressors ?? []).map((v) => v.agent)])).toEqual([
      [1, 38.6, true, ['norepinephrine']],
      [2, 37.0, true, ['norepinephrine', 'vasopressin']],
    ])
    const graded = gradeCrsCourse(f, [{ day: 1, class: 'tocilizumab' }])
    // Day 1 fever + one vasopressor → 3; Day 2 afebrile but masked by tocilizumab, norepinephrine + vasopressin → 3 (C8)
    expect(graded.days.map((d) => engineGrade(d.outcome))).toEqual([3, 3])
    // without oxygen records the hypoxia component is unknown: not evaluable, never room air
    const noO2 = f.map((x) => ({ ...x, oxygen: null }))
    expect(gradeCrsCourse(noO2, [{ day: 1, class: 'tocilizumab' }]).days.map((d) => engineGrade(d.outcome))).toEqual(['NE[3,4]', 'NE[3,4]'])
  })
  it('an infusion stopped at exactly 00:00 did not run on that day: the day is "off vasopressors" (CRS-7 resolution)', () => {
    const o2 = (at: string) => ({ id: `o${at}`, data: { measuredAt: at, delivery: 'none' as const, flowLpm: null } })
    const input = (end: string) => ({
      infusionDate: '2025-03-01',
      ageYears: 40,
      vitals: [vit('2025-03-02T18:00', 38.9, 82), vit('2025-03-03T09:00', 36.9, 118)],
      oxygen: [o2('2025-03-02T18:00'), o2('2025-03-03T09:00')],
      vasopressors: [{ id: 'p', data: { agent: 'norepinephrine' as const, dose: 0.05, unit: 'ug/kg/min' as const, start: '2025-03-02T20:00', end } }],
    })
    // the interval [20:00, 00:00) lies wholly in Day 1
    const f = crsFindingsFromBedside(input('2025-03-03T00:00'))
    expect(f.map((x) => [x.day, x.hypotension, (x.vasopressors ?? []).length])).toEqual([[1, true, 1], [2, false, 0]])
    expect(gradeCrsCourse(f, []).episodes.map((e) => [e.onsetDay, e.maxGrade, e.resolutionDay])).toEqual([[1, 3, 2]])
    // one minute past midnight it did run on Day 2
    const g = crsFindingsFromBedside(input('2025-03-03T00:01'))
    expect(g.map((x) => [x.day, (x.vasopressors ?? []).length])).toEqual([[1, 1], [2, 1]])
    expect(gradeCrsCourse(g, []).episodes.map((e) => e.resolutionDay)).toEqual([null])
    // a record that starts and stops at 00:00 (zero length) stays on its own day
    expect(crsFindingsFromBedside({ ...input('2025-03-03T00:00'), vasopressors: [{ id: 'z', data: { agent: 'norepinephrine', dose: 0.05, unit: 'ug/kg/min', start: '2025-03-03T00:00', end: '2025-03-03T00:00' } }] }).map((x) => [x.day, (x.vasopressors ?? []).length])).toEqual([[1, 0], [2, 1]])
  })
  it('the most intensive oxygen support of the day decides; room air later that day does not undo it', () => {
    const f = crsFindingsFromBedside({
      infusionDate: '2025-03-01',
      ageYears: 30,
      vitals: [vit('2025-03-03T06:00', 38.2, 110)],
      oxygen: [
        { id: 'o1', data: { measuredAt: '2025-03-03T06:00', delivery: 'low_flow', flowLpm: 6 } },
        { id: 'o2', data: { measuredAt: '2025-03-03T12:00', delivery: 'non_rebreather', flowLpm: 10 } },
        { id: 'o3', data: { measuredAt: '2025-03-03T20:00', delivery: 'none', flowLpm: null } },
      ],
      vasopressors: [],
    })
    expect(engineGrade(gradeCrsDay(f[0] as CrsDailyFindings))).toBe(3)
  })
  it('subject course: a paracetamol started before Day 0 and still running masks fever once CRS is diagnosed (CRS-2)', () => {
    const med = (name: string, start: string, end: string | null) => ({ id: name, data: { name, category: 'CONCOMITANT', rescueType: null, dose: 1, unit: 'g', start, end } as MedicationForm })
    const course = subjectSafetyCourse({
      infusionDate: '2025-03-01',
      ageYears: 30,
      vitals: [vit('2025-03-02T08:00', 38.4, 110), vit('2025-03-03T08:00', 37.2, 85)],
      oxygen: [{ id: 'o', data: { measuredAt: '2025-03-02T08:00', delivery: 'none', flowLpm: null } }, { id: 'o2', data: { measuredAt: '2025-03-03T08:00', delivery: 'none', flowLpm: null } }],
      vasopressors: [],
      neuro: [],
      medications: [med('Paracetamol', '2025-02-28', null)],
    })
    expect(course.crs.days.map((d) => [d.day, engineGrade(d.outcome)])).toEqual([[1, 1], [2, 2]])
  })
})

describe('bedside ICANS findings: worst of the day per domain, tool by age (ICANS-5, ICANS-6)', () => {
  const neuro = (at: string, x: Partial<Neuro>): { id: string; data: Neuro } => ({
    id: at,
    data: {
      assessedAt: at, tool: 'CAPD', iceItems: null, unableToPerform: false, capdTotal: 0, consciousness: 'normal', seizure: 'none',
      deepFocalMotorWeakness: false, raisedIcp: 'none', intracranialHaemorrhage: false, ...x,
    },
  })
  it('N11/N12/N13 from two assessments the same day: the worse CAPD and the worse consciousness both count', () => {
    const r = icansFindingsFromBedside({
      infusionDate: '2025-03-01',
      ageYears: 9,
      neuro: [neuro('2025-03-05T08:00', { capdTotal: 6, consciousness: 'awakens-spontaneously' }), neuro('2025-03-05T20:00', { capdTotal: 3, consciousness: 'awakens-to-voice' }), neuro('2025-03-06T08:00', { capdTotal: 12 })],
    })
    expect(r.tool).toBe('CAPD')
    expect(r.issues).toEqual([])
    expect(r.findings.map((f) => [f.day, engineGrade(gradeIcansDay(f))])).toEqual([[4, 2], [5, 3]])
  })
  it('a partly recorded ICE that already forces grade 3 is not overridden by a normal ICE later the same day (ICANS-6)', () => {
    type Items = NonNullable<Neuro['iceItems']>
    const partial: Items = {
      orientation: { year: false, month: false, city: false, hospital: false }, naming: [false, false, false], followsCommands: false, writesStandardSentence: false, countsBackwardsBy10: null,
    }
    const full: Items = {
      orientation: { year: true, month: true, city: true, hospital: true }, naming: [true, true, true], followsCommands: true, writesStandardSentence: true, countsBackwardsBy10: true,
    }
    for (const order of [0, 1]) {
      const a = neuro('2025-03-05T08:00', { tool: 'ICE', iceItems: partial, capdTotal: null })
      const b = neuro('2025-03-05T20:00', { tool: 'ICE', iceItems: full, capdTotal: null })
      const r = icansFindingsFromBedside({ infusionDate: '2025-03-01', ageYears: 30, neuro: order === 0 ? [a, b] : [b, a] })
      expect(engineGrade(gradeIcansDay(r.findings[0] as IcansDailyFindings))).toBe('NE[3,4]')
    }
    // at an equal grade the complete screen is kept: ICE 5 (grade 2) vs a partial ICE that guarantees only grade 2
    const five: Items = { ...full, orientation: { year: false, month: false, city: false, hospital: false }, naming: [true, false, true] }
    const partial2: Items = { ...partial, naming: [true, true, null] } // 2 points, 2 not assessed: ICE ≤ 4
    for (const order of [0, 1]) {
      const a = neuro('2025-03-05T08:00', { tool: 'ICE', iceItems: partial2, capdTotal: null })
      const b = neuro('2025-03-05T20:00', { tool: 'ICE', iceItems: five, capdTotal: null })
      const r = icansFindingsFromBedside({ infusionDate: '2025-03-01', ageYears: 30, neuro: order === 0 ? [a, b] : [b, a] })
      expect(engineGrade(gradeIcansDay(r.findings[0] as IcansDailyFindings))).toBe(2)
    }
  })
  it('age 12 selects CAPD, 13 selects ICE; the other tool is graded but reported', () => {
    expect(icansFindingsFromBedside({ infusionDate: '2025-03-01', ageYears: 12, neuro: [] }).tool).toBe('CAPD')
    const r = icansFindingsFromBedside({ infusionDate: '2025-03-01', ageYears: 13, neuro: [neuro('2025-03-02T08:00', { capdTotal: 9 })] })
    expect(r.tool).toBe('ICE')
    expect(r.issues.map((i) => i.code)).toEqual(['wrong_icans_tool'])
    expect(engineGrade(gradeIcansDay(r.findings[0] as IcansDailyFindings))).toBe(3)
  })
})
