/**
 * Third independent reference check of ASTCT 2019 CRS / ICANS grading, the ICE score and CAPD, and the day-by-day
 * bedside safety course. The reference functions below were written from safety-grading.md §1-§2 and
 * ../shared/domain/README.md alone, before the engine was read; the engine is then compared on the doc's worked
 * examples, hand-picked boundaries and fast-check properties (fixed seed 20261208).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  crsFindingsFromBedside, gradeRises, hypotensionThresholdMmHg, icansFindingsFromBedside, icansToolForAge, subjectSafetyCourse,
  type Captured, type SubjectBedsideData,
} from '../safety-course/index.js'
import type { MedicationForm } from '../forms/medication.js'
import type { Neuro } from '../forms/neuro.js'
import type { Oxygen } from '../forms/oxygen.js'
import type { Vasopressor } from '../forms/vasopressor.js'
import type { VitalSigns } from '../forms/vital-signs.js'
import {
  ageInCompletedYears, gradeCrsCourse, gradeCrsDay, gradeIcansCourse, gradeIcansDay, iceScore, selectIcansTool,
  type ConsciousnessLevel, type CrsDailyFindings, type CrsResolutionRule, type CrsTreatment, type CrsTreatmentClass,
  type EncephalopathyAssessment, type IceItems, type IcansDailyFindings, type OxygenDelivery, type OxygenSupport,
  type RaisedIcpFinding, type SeizureFinding, type ToxicityGradeOutcome, type VasopressorUse,
} from './index.js'

const SEED = 20261208

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
// Reference implementation (from the doc prose only)
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

/** What the engine should say: one grade, or the set of grades still possible. */
type RefOutcome = { kind: 'graded'; grade: number } | { kind: 'not-evaluable'; atLeast: number; atMost: number }

const fromSet = (grades: readonly number[]): RefOutcome => {
  const lo = Math.min(...grades)
  const hi = Math.max(...grades)
  return lo === hi ? { kind: 'graded', grade: lo } : { kind: 'not-evaluable', atLeast: lo, atMost: hi }
}

const shape = (o: ToxicityGradeOutcome<number>): RefOutcome =>
  o.kind === 'graded' ? { kind: 'graded', grade: o.grade } : { kind: 'not-evaluable', atLeast: o.atLeast ?? -1, atMost: o.atMost ?? -1 }

// §1.1 hypotension column as an index: 0 none, 1 not requiring vasopressors, 2 one vasopressor (± vasopressin),
// 3 multiple vasopressors (vasopressin not counted, CRS-6). Column grade = index + 1.
function refBpCandidates(f: CrsDailyFindings): number[] {
  if (f.hypotensionAttributableToOtherCause) return [0] // CRS-4
  const pressors = f.vasopressors ?? []
  if (pressors.length > 0) {
    // CRS-6: vasopressin never counts toward "multiple"; vasopressin alone is still one vasopressor (grade 3);
    // the same agent recorded twice (e.g. a dose change) is one agent; unnamed "other" agents are one agent
    const agents = new Set(pressors.filter((p) => p.agent !== 'vasopressin').map((p) => (p.agent === 'other' ? `other/${p.name ?? ''}` : p.agent)))
    return [agents.size >= 2 ? 3 : 2]
  }
  if (f.hypotension === true) return [1]
  if (f.hypotension === false) return [0]
  // hypotension not assessed: whether vasopressors were needed is unknown as well (conservative)
  return [0, 1, 2, 3]
}

// §1.1 hypoxia column as an index: 0 room air, 1 low-flow (nasal cannula ≤ 6 L/min, blow-by), 2 high-flow
// (nasal cannula > 6 L/min, facemask, non-rebreather, Venturi), 3 positive pressure.
function refOxCandidates(o: OxygenSupport | null): number[] {
  if (o === null) return [0, 1, 2, 3]
  if (o.delivery === 'none') return [0]
  if (o.forComfortOnly || o.attributableToOtherCause) return [0] // CRS-8, CRS-4
  switch (o.delivery) {
    case 'blow-by':
      return [1]
    case 'nasal-cannula':
    case 'high-flow-nasal-cannula': {
      // §1.1 defines low vs high flow nasal cannula by the flow itself: ≤ 6 L/min low, > 6 L/min high (C5, C6)
      const flow = o.flowLPerMin
      if (flow == null) return o.delivery === 'nasal-cannula' ? [1, 2] : [2]
      return [flow <= 6 ? 1 : 2]
    }
    case 'facemask':
    case 'non-rebreather':
    case 'venturi-mask':
      return [2]
    default:
      return [3] // CPAP, BiPAP, mechanical ventilation
  }
}

/** §1.3 for fully known inputs. */
function refCrsKnown(tempC: number, feverOtherCause: boolean, masked: boolean, bp: number, ox: number): number {
  const fever = tempC >= 38.0 && !feverOtherCause // CRS-1
  const feverOk = fever || (masked && (bp > 0 || ox > 0)) // CRS-2
  if (!feverOk) return 0
  return Math.max(bp + 1, ox + 1) // CRS-3
}

/** §1.3 with unknown components enumerated: the set of grades the day could have. */
function refCrsDay(f: CrsDailyFindings, diagnosed: boolean, maskingGiven: boolean): RefOutcome {
  if (f.deathDueToCrs) return { kind: 'graded', grade: 5 }
  const temps = f.maxTemperatureC == null ? [36.5, 38.5] : [f.maxTemperatureC]
  const masked = diagnosed && maskingGiven
  // the "fever attributable to another cause" flag qualifies a measured fever; with no temperature recorded the engine
  // (conservatively) keeps fever unknown, and so does this reference
  const otherCause = f.feverAttributableToOtherCause === true && f.maxTemperatureC != null
  const grades: number[] = []
  for (const t of temps) for (const bp of refBpCandidates(f)) for (const ox of refOxCandidates(f.oxygen)) grades.push(refCrsKnown(t, otherCause, masked, bp, ox))
  return fromSet(grades)
}

interface RefEpisode {
  onsetDay: number
  resolutionDay: number | null
  lastActiveDay: number
  maxGrade: number
  maxGradeDay: number
  durationDays: number | null
}

const DEFAULT_MASKING: readonly CrsTreatmentClass[] = ['antipyretic', 'tocilizumab', 'corticosteroid', 'anti-cytokine-other']

/**
 * CRS-7 course for fully known days: onset = first day meeting CRS-1 (grade ≥ 1); event grade = maximum; resolution =
 * first later day no longer meeting any criterion, by default also afebrile (< 38.0), off vasopressors and off any
 * supplemental oxygen (PROTOCOL DECISION), or simply graded 0; a new onset after resolution is a new episode, and
 * CRS-2 masking counts only therapy given since the current episode's onset.
 */
function refCrsCourse(findings: readonly CrsDailyFindings[], treatments: readonly CrsTreatment[], masking: readonly CrsTreatmentClass[], rule: CrsResolutionRule) {
  const sorted = [...findings].sort((a, b) => a.day - b.day)
  const episodes: RefEpisode[] = []
  let open: RefEpisode | null = null
  const grades: number[] = []
  for (const f of sorted) {
    const onset: number | null = open === null ? null : open.onsetDay
    const given = onset !== null && treatments.some((t) => masking.includes(t.class) && t.day >= onset && t.day <= f.day)
    const o = refCrsDay(f, open !== null, given)
    if (o.kind !== 'graded') throw new Error('refCrsCourse takes fully known days only')
    grades.push(o.grade)
    if (o.grade >= 1) {
      if (open === null) {
        open = { onsetDay: f.day, resolutionDay: null, lastActiveDay: f.day, maxGrade: o.grade, maxGradeDay: f.day, durationDays: null }
        episodes.push(open)
      }
      open.lastActiveDay = f.day
      if (o.grade > open.maxGrade) {
        open.maxGrade = o.grade
        open.maxGradeDay = f.day
      }
    } else if (open !== null) {
      const off = f.maxTemperatureC !== null && f.maxTemperatureC < 38.0 && (f.vasopressors ?? []).length === 0 && f.oxygen?.delivery === 'none'
      if (rule === 'grade-0' || off) {
        open.resolutionDay = f.day
        open.durationDays = f.day - open.onsetDay
        open = null
      }
    }
  }
  return { grades, episodes, onsetDay: episodes[0]?.onsetDay ?? null, maxGrade: Math.max(0, ...episodes.map((e) => e.maxGrade)) }
}

// §2.1 ICE: 10 items, 1 point each; an item not assessed is unknown (ICANS-6), never 0.
type Item = boolean | null
const ICE_KEYS = ['year', 'month', 'city', 'hospital', 'n0', 'n1', 'n2', 'cmd', 'write', 'count'] as const
/** mutable tuple so the same items fit core `IceItems` and the neuro form */
function itemsOf(v: readonly Item[]): IceItems & NonNullable<Neuro['iceItems']> {
  const a = (i: number): Item => v[i] ?? null
  return {
    orientation: { year: a(0), month: a(1), city: a(2), hospital: a(3) },
    naming: [a(4), a(5), a(6)],
    followsCommands: a(7),
    writesStandardSentence: a(8),
    countsBackwardsBy10: a(9),
  }
}
/** §2.2 ICE bands: 7-9 → 1, 3-6 → 2, 0-2 → 3, 10 → 0. */
const refIceBand = (ice: number) => (ice >= 10 ? 0 : ice >= 7 ? 1 : ice >= 3 ? 2 : 3)
/** §2.3 CAPD: 0 → 0, 1-8 → 1, ≥ 9 → 3. */
const refCapdBand = (capd: number) => (capd >= 9 ? 3 : capd >= 1 ? 1 : 0)

const REF_CONSCIOUSNESS: Record<ConsciousnessLevel, number> = { normal: 0, 'awakens-spontaneously': 1, 'awakens-to-voice': 2, 'awakens-to-tactile': 3, unarousable: 4 }
const REF_SEIZURE: Record<SeizureFinding, number> = { none: 0, 'rapidly-resolving': 3, 'prolonged-or-repetitive': 4 }
const REF_ICP: Record<RaisedIcpFinding, number> = { none: 0, 'focal-oedema': 3, 'diffuse-oedema-or-signs': 4 }

/** Encephalopathy domain: the grades it can have, and whether it was fully assessed. */
function refEnceph(e: EncephalopathyAssessment | null): { grades: number[]; assessed: boolean } {
  if (e === null) return { grades: [0, 1, 2, 3, 4], assessed: false }
  if (e.tool === 'ICE') {
    if (e.unarousable) return { grades: [4], assessed: true } // ICANS-2
    if (e.items) {
      const v = [e.items.orientation.year, e.items.orientation.month, e.items.orientation.city, e.items.orientation.hospital, ...e.items.naming, e.items.followsCommands, e.items.writesStandardSentence, e.items.countsBackwardsBy10]
      const points = v.filter((x) => x === true).length
      const unknown = v.filter((x) => x === null || x === undefined).length
      const totals = Array.from({ length: unknown + 1 }, (_, k) => points + k)
      if (e.score != null && unknown === 0 && e.score !== points) return { grades: [0, 1, 2, 3, 4], assessed: false }
      return { grades: totals.map(refIceBand), assessed: unknown === 0 }
    }
    if (e.score == null || !Number.isInteger(e.score) || e.score < 0 || e.score > 10) return { grades: [0, 1, 2, 3, 4], assessed: false }
    return { grades: [refIceBand(e.score)], assessed: true }
  }
  if (e.unableToPerform) return { grades: [4], assessed: true }
  if (e.total == null || !Number.isInteger(e.total) || e.total < 0) return { grades: [0, 1, 2, 3, 4], assessed: false }
  return { grades: [refCapdBand(e.total)], assessed: true }
}

/**
 * §2.5 with ICANS-1 (most severe domain not attributable to another cause) and ICANS-6 (a domain not assessed is
 * unknown, never 0). A day with any domain not fully assessed is not evaluable unless the known domains already give
 * grade 4; `atLeast` is the least possible grade.
 */
function refIcansDay(f: IcansDailyFindings): { outcome: RefOutcome; maxPossible: number } {
  if (f.deathDueToIcans) return { outcome: { kind: 'graded', grade: 5 }, maxPossible: 5 }
  const other = f.attributableToOtherCause ?? {}
  const enc = refEnceph(f.encephalopathy)
  const doms: { grades: number[]; assessed: boolean }[] = [
    { grades: other.encephalopathy ? enc.grades.map(() => 0) : enc.grades, assessed: enc.assessed },
    f.consciousness === null ? { grades: [0, 1, 2, 3, 4], assessed: false } : { grades: [other.consciousness ? 0 : REF_CONSCIOUSNESS[f.consciousness]], assessed: true },
    f.seizure === null ? { grades: [0, 3, 4], assessed: false } : { grades: [other.seizure ? 0 : REF_SEIZURE[f.seizure]], assessed: true },
    f.deepFocalMotorWeakness === null ? { grades: [0, 4], assessed: false } : { grades: [other.motor ? 0 : f.deepFocalMotorWeakness ? 4 : 0], assessed: true },
    f.raisedIcp === null ? { grades: [0, 3, 4], assessed: false } : { grades: [other.raisedIcp ? 0 : REF_ICP[f.raisedIcp]], assessed: true },
  ]
  const least = Math.max(0, ...doms.map((d) => Math.min(...d.grades)))
  const most = Math.max(0, ...doms.map((d) => Math.max(...d.grades)))
  const allAssessed = doms.every((d) => d.assessed)
  if (allAssessed || least === 4) return { outcome: { kind: 'graded', grade: least }, maxPossible: most }
  return { outcome: { kind: 'not-evaluable', atLeast: least, atMost: 4 }, maxPossible: most }
}

/** ICANS-5: age in completed years on the assessment date (Feb 29 birthdays reached on Mar 1 in common years). */
function refAge(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number]
  const [y, m, d] = on.split('-').map(Number) as [number, number, number]
  let age = y - by
  if (m * 100 + d < bm * 100 + bd) age -= 1
  return age
}

/** README "Day numbering": study day = calendar date − infusion date, in the site's local calendar. */
const refDay = (localDateTime: string, infusionDate: string) => Math.round((Date.UTC(+localDateTime.slice(0, 4), +localDateTime.slice(5, 7) - 1, +localDateTime.slice(8, 10)) - Date.UTC(+infusionDate.slice(0, 4), +infusionDate.slice(5, 7) - 1, +infusionDate.slice(8, 10))) / 86_400_000)
const refDate = (infusionDate: string, day: number) => new Date(Date.UTC(+infusionDate.slice(0, 4), +infusionDate.slice(5, 7) - 1, +infusionDate.slice(8, 10) + day)).toISOString().slice(0, 10)

/**
 * Systolic hypotension threshold (mmHg) after the PALS limits, the engine's documented PROTOCOL DECISION (the doc
 * itself gives no number): < 70 mmHg for infants (< 1 year), < 70 + 2 × age for 1-10 years, < 90 mmHg from 10 years.
 */
const refSbpThreshold = (age: number | null) => (age === null || age >= 10 ? 90 : age < 1 ? 70 : 70 + 2 * age)

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
// Helpers
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

const crsDay = (f: Partial<CrsDailyFindings> = {}): CrsDailyFindings => ({ day: 1, maxTemperatureC: 37.0, hypotension: false, vasopressors: [], oxygen: { delivery: 'none' }, ...f })
const crsGrade = (f: Partial<CrsDailyFindings>, diagnosed = false, masking = false) => shape(gradeCrsDay(crsDay(f), { crsAlreadyDiagnosed: diagnosed, maskingTherapyGivenSinceOnset: masking }))
const graded = (grade: number): RefOutcome => ({ kind: 'graded', grade })

const icansDay = (f: Partial<IcansDailyFindings> = {}): IcansDailyFindings => ({ day: 1, encephalopathy: { tool: 'ICE', score: 10 }, consciousness: 'normal', seizure: 'none', deepFocalMotorWeakness: false, raisedIcp: 'none', ...f })
const icansGrade = (f: Partial<IcansDailyFindings>) => shape(gradeIcansDay(icansDay(f)))

const FULL: Item[] = Array.from({ length: 10 }, () => true)

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
// §1 CRS
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

describe('§1.4 CRS worked examples C1-C12', () => {
  it('C1 38.6 °C, normal BP, room air → 1', () => expect(crsGrade({ maxTemperatureC: 38.6 })).toEqual(graded(1)))
  it('C2 38.0 °C exactly → 1 (≥ 38.0 is fever)', () => expect(crsGrade({ maxTemperatureC: 38.0 })).toEqual(graded(1)))
  it('C3 37.9 °C, no prior CRS, 2 L/min → 0', () => expect(crsGrade({ maxTemperatureC: 37.9, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2 } })).toEqual(graded(0)))
  it('C4 39.1 °C, fluid bolus only, 2 L/min → 2', () => expect(crsGrade({ maxTemperatureC: 39.1, hypotension: true, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2 } })).toEqual(graded(2)))
  it('C5 38.4 °C, 6 L/min nasal cannula → 2 (still low-flow)', () => expect(crsGrade({ maxTemperatureC: 38.4, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 6 } })).toEqual(graded(2)))
  it('C6 38.4 °C, 7 L/min nasal cannula → 3', () => expect(crsGrade({ maxTemperatureC: 38.4, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 7 } })).toEqual(graded(3)))
  it('C7 39.5 °C, one vasopressor, low-flow O2 → 3', () =>
    expect(crsGrade({ maxTemperatureC: 39.5, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }], oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2 } })).toEqual(graded(3)))
  const c8: CrsDailyFindings[] = [
    crsDay({ day: 2, maxTemperatureC: 39.0 }),
    crsDay({ day: 3, maxTemperatureC: 36.8, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }, { agent: 'vasopressin' }] }),
  ]
  it('C8 CRS Day 2, tocilizumab Day 2, Day 3 36.8 °C on norepinephrine + vasopressin → 3 (course)', () => {
    const s = gradeCrsCourse(c8, [{ day: 2, class: 'tocilizumab' }])
    expect(s.days.map((d) => shape(d.outcome))).toEqual([graded(1), graded(3)])
    expect(s.maxGrade).toBe(3)
  })
  it('C9 as C8 with norepinephrine + epinephrine → 4', () => {
    const days = [c8[0] as CrsDailyFindings, crsDay({ day: 3, maxTemperatureC: 36.8, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }, { agent: 'epinephrine' }] })]
    expect(gradeCrsCourse(days, [{ day: 2, class: 'tocilizumab' }]).maxGrade).toBe(4)
  })
  it('C10 grade 1 Day 1 + paracetamol, Day 2 37.3 °C with fluid bolus → 2 (antipyretic masking)', () => {
    const s = gradeCrsCourse([crsDay({ day: 1, maxTemperatureC: 38.5 }), crsDay({ day: 2, maxTemperatureC: 37.3, hypotension: true })], [{ day: 1, class: 'antipyretic', name: 'paracetamol' }])
    expect(s.days.map((d) => shape(d.outcome))).toEqual([graded(1), graded(2)])
  })
  it('C11 38.9 °C, BiPAP → 4', () => expect(crsGrade({ maxTemperatureC: 38.9, oxygen: { delivery: 'bipap' } })).toEqual(graded(4)))
  it('C12 39 °C, grade 3 transaminase rise, no hypotension/hypoxia → 1 (CRS-5: organ toxicity is not an input)', () => expect(crsGrade({ maxTemperatureC: 39 })).toEqual(graded(1)))
})

describe('§1.1 CRS boundaries: fever, oxygen flow, vasopressor counting', () => {
  it('37.99 °C is not fever; 38.0 is (CRS-1, raw values are not rounded)', () => {
    expect(crsGrade({ maxTemperatureC: 37.99, hypotension: true })).toEqual(graded(0))
    expect(crsGrade({ maxTemperatureC: 37.95 })).toEqual(graded(0))
    expect(crsGrade({ maxTemperatureC: 38.0, hypotension: true })).toEqual(graded(2))
  })
  it('fever attributed to another cause does not diagnose CRS (CRS-1)', () => expect(crsGrade({ maxTemperatureC: 39, feverAttributableToOtherCause: true, hypotension: true })).toEqual(graded(0)))
  it('nasal cannula at 6 / 6.0001 / 6.5 L/min → 2 / 3 / 3', () => {
    for (const [flow, g] of [[6, 2], [6.0001, 3], [6.5, 3], [0.5, 2]] as const) expect(crsGrade({ maxTemperatureC: 38.5, oxygen: { delivery: 'nasal-cannula', flowLPerMin: flow } })).toEqual(graded(g))
  })
  it('a high-flow nasal cannula device running at ≤ 6 L/min is low-flow by the §1.1 flow definition', () => {
    // §1.1: low-flow nasal cannula (≤ 6 L/min) → 2; high-flow nasal cannula (> 6 L/min) → 3; C5/C6 decide by flow
    expect(crsGrade({ maxTemperatureC: 38.5, oxygen: { delivery: 'high-flow-nasal-cannula', flowLPerMin: 6 } })).toEqual(graded(2))
    expect(crsGrade({ maxTemperatureC: 38.5, oxygen: { delivery: 'high-flow-nasal-cannula', flowLPerMin: 6.1 } })).toEqual(graded(3))
    expect(crsGrade({ maxTemperatureC: 38.5, oxygen: { delivery: 'high-flow-nasal-cannula', flowLPerMin: 40 } })).toEqual(graded(3))
    expect(crsGrade({ maxTemperatureC: 38.5, oxygen: { delivery: 'high-flow-nasal-cannula' } })).toEqual(graded(3))
  })
  it('nasal cannula with no flow recorded: 2 or 3, not evaluable', () =>
    expect(crsGrade({ maxTemperatureC: 38.5, oxygen: { delivery: 'nasal-cannula', flowLPerMin: null } })).toEqual({ kind: 'not-evaluable', atLeast: 2, atMost: 3 }))
  it('blow-by → 2; facemask / non-rebreather / Venturi at any flow → 3; CPAP / BiPAP / ventilation → 4', () => {
    expect(crsGrade({ maxTemperatureC: 38.5, oxygen: { delivery: 'blow-by' } })).toEqual(graded(2))
    for (const d of ['facemask', 'non-rebreather', 'venturi-mask'] as const) expect(crsGrade({ maxTemperatureC: 38.5, oxygen: { delivery: d, flowLPerMin: 4 } })).toEqual(graded(3))
    for (const d of ['cpap', 'bipap', 'mechanical-ventilation'] as const) expect(crsGrade({ maxTemperatureC: 38.5, oxygen: { delivery: d } })).toEqual(graded(4))
  })
  it('oxygen for comfort only is not hypoxia (CRS-8), and cannot keep a masked CRS alive', () => {
    expect(crsGrade({ maxTemperatureC: 38.5, oxygen: { delivery: 'facemask', forComfortOnly: true } })).toEqual(graded(1))
    expect(crsGrade({ maxTemperatureC: 37.0, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2, forComfortOnly: true } }, true, true)).toEqual(graded(0))
  })
  it('vasopressor counting: one agent at any dose, the same agent twice, vasopressin alone, + vasopressin, two agents', () => {
    const g = (vasopressors: VasopressorUse[]) => crsGrade({ maxTemperatureC: 38.5, hypotension: true, vasopressors })
    expect(g([{ agent: 'norepinephrine', dose: 0.01, doseUnit: 'ug/kg/min' }])).toEqual(graded(3))
    expect(g([{ agent: 'norepinephrine', dose: 1.5, doseUnit: 'ug/kg/min' }])).toEqual(graded(3)) // ASTCT grades by count, not dose
    expect(g([{ agent: 'norepinephrine', dose: 0.05 }, { agent: 'norepinephrine', dose: 0.2 }])).toEqual(graded(3)) // a dose change is one agent
    expect(g([{ agent: 'vasopressin' }])).toEqual(graded(3))
    expect(g([{ agent: 'phenylephrine' }, { agent: 'vasopressin' }])).toEqual(graded(3))
    expect(g([{ agent: 'dopamine' }, { agent: 'phenylephrine' }])).toEqual(graded(4))
    expect(g([{ agent: 'norepinephrine' }, { agent: 'epinephrine' }, { agent: 'vasopressin' }])).toEqual(graded(4))
    expect(g([{ agent: 'other', name: 'angiotensin II' }, { agent: 'norepinephrine' }])).toEqual(graded(4))
  })
  it('hypotension attributed to another cause is not counted (CRS-4)', () =>
    expect(crsGrade({ maxTemperatureC: 38.5, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }, { agent: 'epinephrine' }], hypotensionAttributableToOtherCause: true })).toEqual(graded(1)))
  it('worse of hypotension and hypoxia decides (CRS-3), both directions', () => {
    expect(crsGrade({ maxTemperatureC: 38.5, hypotension: true, oxygen: { delivery: 'cpap' } })).toEqual(graded(4))
    expect(crsGrade({ maxTemperatureC: 38.5, hypotension: true, vasopressors: [{ agent: 'epinephrine' }, { agent: 'dopamine' }], oxygen: { delivery: 'blow-by' } })).toEqual(graded(4))
  })
  it('grade 5 = death due to CRS, whatever the other findings (§1.1)', () => {
    expect(crsGrade({ maxTemperatureC: 36.0, deathDueToCrs: true })).toEqual(graded(5))
    expect(crsGrade({ maxTemperatureC: null, hypotension: null, oxygen: null, deathDueToCrs: true })).toEqual(graded(5))
  })
  it('masking (CRS-2) needs both a prior diagnosis and masking therapy', () => {
    const f = { maxTemperatureC: 36.9, hypotension: true }
    expect(crsGrade(f, true, true)).toEqual(graded(2))
    expect(crsGrade(f, true, false)).toEqual(graded(0))
    expect(crsGrade(f, false, true)).toEqual(graded(0))
    expect(crsGrade({ maxTemperatureC: 36.9 }, true, true)).toEqual(graded(0)) // masked day with neither: grade 0
  })
  it('unknown components are never 0: temperature, hypotension or oxygen not recorded', () => {
    expect(crsGrade({ maxTemperatureC: null })).toEqual({ kind: 'not-evaluable', atLeast: 0, atMost: 1 })
    expect(crsGrade({ maxTemperatureC: 38.5, hypotension: null })).toEqual({ kind: 'not-evaluable', atLeast: 1, atMost: 4 })
    expect(crsGrade({ maxTemperatureC: 38.5, oxygen: null })).toEqual({ kind: 'not-evaluable', atLeast: 1, atMost: 4 })
    expect(crsGrade({ maxTemperatureC: 37.0, hypotension: null }, true, true)).toEqual({ kind: 'not-evaluable', atLeast: 0, atMost: 4 })
    expect(crsGrade({ maxTemperatureC: 37.0, oxygen: null })).toEqual(graded(0)) // no fever and no masking: no CRS whatever the oxygen
  })

  const deliveries: OxygenDelivery[] = ['none', 'blow-by', 'nasal-cannula', 'high-flow-nasal-cannula', 'facemask', 'non-rebreather', 'venturi-mask', 'cpap', 'bipap', 'mechanical-ventilation']
  const arbOxygen: fc.Arbitrary<OxygenSupport | null> = fc.option(
    fc.record({
      delivery: fc.constantFrom(...deliveries),
      flowLPerMin: fc.option(fc.constantFrom(0.5, 2, 5.9, 6, 6.01, 7, 15, 40), { nil: null }),
      forComfortOnly: fc.boolean(),
      attributableToOtherCause: fc.boolean(),
    }, { requiredKeys: ['delivery'] }),
    { nil: null, freq: 8 },
  )
  const arbPressors: fc.Arbitrary<VasopressorUse[]> = fc.array(
    fc.record({ agent: fc.constantFrom('norepinephrine', 'epinephrine', 'dopamine', 'phenylephrine', 'vasopressin', 'other'), name: fc.constantFrom('a', 'b'), dose: fc.constantFrom(0.01, 0.1, 1) }, { requiredKeys: ['agent'] }),
    { maxLength: 3 },
  )
  const arbCrsDay = (known: boolean): fc.Arbitrary<CrsDailyFindings> =>
    fc.record({
      day: fc.constant(1),
      maxTemperatureC: known ? fc.constantFrom(36.5, 37.9, 37.99, 38.0, 38.01, 39.4) : fc.option(fc.constantFrom(36.5, 37.99, 38.0, 39.4), { nil: null, freq: 5 }),
      feverAttributableToOtherCause: fc.boolean(),
      hypotension: known ? fc.boolean() : fc.option(fc.boolean(), { nil: null, freq: 5 }),
      vasopressors: arbPressors,
      hypotensionAttributableToOtherCause: fc.boolean(),
      oxygen: known ? arbOxygen.map((o) => (o === null ? { delivery: 'none' as const } : o.delivery === 'nasal-cannula' || o.delivery === 'high-flow-nasal-cannula' ? { ...o, flowLPerMin: o.flowLPerMin ?? 3 } : o)) : arbOxygen,
      deathDueToCrs: fc.constantFrom(false, false, false, false, false, false, false, false, false, true),
    }, { requiredKeys: ['day', 'maxTemperatureC', 'hypotension', 'oxygen'] })

  it('property: gradeCrsDay equals the §1.3 reference (grade, or the possible range) for any findings and masking state', () => {
    fc.assert(
      fc.property(arbCrsDay(false), fc.boolean(), fc.boolean(), (f, diagnosed, masking) => {
        expect(shape(gradeCrsDay(f, { crsAlreadyDiagnosed: diagnosed, maskingTherapyGivenSinceOnset: masking }))).toEqual(refCrsDay(f, diagnosed, masking))
      }),
      { seed: SEED, numRuns: 3000 },
    )
  })

  // ───────── CRS course (CRS-7)
  const arbCourse = fc
    .array(arbCrsDay(true), { minLength: 1, maxLength: 12 })
    .chain((days) => fc.shuffledSubarray(Array.from({ length: 20 }, (_, i) => i), { minLength: days.length, maxLength: days.length }).map((ids) => days.map((d, i) => ({ ...d, day: ids[i] ?? 0 }))))
  const arbTreatments = fc.array(
    fc.record({ day: fc.integer({ min: 0, max: 19 }), class: fc.constantFrom<CrsTreatmentClass>('antipyretic', 'tocilizumab', 'corticosteroid', 'anti-cytokine-other', 'vasopressor', 'oxygen', 'fluids', 'other') }),
    { maxLength: 4 },
  )

  it('property: gradeCrsCourse equals the CRS-7 reference (daily grades, episodes, onset, maximum, resolution, duration) for both resolution rules and masking sets', () => {
    fc.assert(
      fc.property(
        arbCourse,
        arbTreatments,
        fc.constantFrom<CrsResolutionRule | undefined>(undefined, 'afebrile-off-vasopressors-off-oxygen', 'grade-0'),
        fc.constantFrom<readonly CrsTreatmentClass[] | undefined>(undefined, ['tocilizumab'], ['antipyretic', 'corticosteroid'], []),
        (days, treatments, rule, masking) => {
          const s = gradeCrsCourse(days, treatments, { ...(rule ? { resolutionRule: rule } : {}), ...(masking ? { maskingTherapyClasses: masking } : {}) })
          const r = refCrsCourse(days, treatments, masking ?? DEFAULT_MASKING, rule ?? 'afebrile-off-vasopressors-off-oxygen')
          expect(s.days.map((d) => d.day)).toEqual([...days].map((d) => d.day).sort((a, b) => a - b))
          expect(s.days.map((d) => shape(d.outcome))).toEqual(r.grades.map(graded))
          expect(s.episodes.map(({ onsetDay, resolutionDay, lastActiveDay, maxGrade, maxGradeDay, durationDays }) => ({ onsetDay, resolutionDay, lastActiveDay, maxGrade, maxGradeDay, durationDays }))).toEqual(r.episodes)
          expect(s.onsetDay).toBe(r.onsetDay)
          expect(s.maxGrade).toBe(r.maxGrade)
          expect(s.complete).toBe(true)
        },
      ),
      { seed: SEED, numRuns: 1500 },
    )
  })
})

describe('CRS-7 course over days: onset, peak, duration, resolution, second episode, masking', () => {
  const course: CrsDailyFindings[] = [
    crsDay({ day: 0, maxTemperatureC: 37.2 }),
    crsDay({ day: 1, maxTemperatureC: 38.3 }), // onset, grade 1
    crsDay({ day: 2, maxTemperatureC: 39.6, hypotension: true }), // 2; tocilizumab Day 2
    crsDay({ day: 3, maxTemperatureC: 37.0, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }], oxygen: { delivery: 'nasal-cannula', flowLPerMin: 4 } }), // masked → 3
    crsDay({ day: 4, maxTemperatureC: 36.9, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2 } }), // masked → 2
    crsDay({ day: 5, maxTemperatureC: 36.8 }), // resolution (afebrile, off pressors, room air)
    crsDay({ day: 6, maxTemperatureC: 36.7 }),
    crsDay({ day: 9, maxTemperatureC: 38.1 }), // second episode (fever again)
    crsDay({ day: 10, maxTemperatureC: 37.1, hypotension: true }), // tocilizumab of Day 2 does not mask episode 2 → 0
    crsDay({ day: 11, maxTemperatureC: 36.9 }),
  ]
  const tx: CrsTreatment[] = [{ day: 2, class: 'tocilizumab', name: 'tocilizumab' }, { day: 3, class: 'vasopressor', name: 'norepinephrine' }]
  it('default rule: two episodes with their own onset, peak and resolution', () => {
    const s = gradeCrsCourse(course, tx)
    expect(s.days.map((d) => shape(d.outcome))).toEqual([0, 1, 2, 3, 2, 0, 0, 1, 0, 0].map(graded))
    expect(s.episodes.map((e) => [e.onsetDay, e.maxGrade, e.maxGradeDay, e.lastActiveDay, e.resolutionDay, e.durationDays])).toEqual([
      [1, 3, 3, 4, 5, 4],
      [9, 1, 9, 9, 10, 1],
    ])
    expect(s.onsetDay).toBe(1)
    expect(s.maxGrade).toBe(3)
    expect(s.days.map((d) => d.episode)).toEqual([null, 1, 1, 1, 1, null, null, 2, null, null])
    expect(s.days.map((d) => d.masked)).toEqual([false, false, true, true, true, true, false, false, false, false])
    expect(s.episodes[0]?.treatments.map((t) => t.day)).toEqual([2, 3])
  })
  it('the masking therapy counts from the day it is given (same day as onset included), not before onset', () => {
    const days = [crsDay({ day: 1, maxTemperatureC: 38.6 }), crsDay({ day: 2, maxTemperatureC: 37.0, hypotension: true })]
    expect(gradeCrsCourse(days, [{ day: 1, class: 'corticosteroid' }]).days[1]?.outcome).toMatchObject({ kind: 'graded', grade: 2 })
    expect(gradeCrsCourse(days, [{ day: 0, class: 'antipyretic' }]).days[1]?.outcome).toMatchObject({ kind: 'graded', grade: 0 }) // premedication before onset
    expect(gradeCrsCourse(days, [{ day: 3, class: 'tocilizumab' }]).days[1]?.outcome).toMatchObject({ kind: 'graded', grade: 0 }) // given later
  })
  it('PROTOCOL DECISION masking classes: default masks with paracetamol; a tocilizumab-only protocol does not', () => {
    const days = [crsDay({ day: 1, maxTemperatureC: 38.6 }), crsDay({ day: 2, maxTemperatureC: 37.3, hypotension: true })]
    const tx1: CrsTreatment[] = [{ day: 1, class: 'antipyretic', name: 'paracetamol' }]
    expect(gradeCrsCourse(days, tx1).maxGrade).toBe(2)
    expect(gradeCrsCourse(days, tx1, { maskingTherapyClasses: ['tocilizumab'] }).maxGrade).toBe(1)
    expect(gradeCrsCourse(days, [{ day: 1, class: 'fluids' }]).maxGrade).toBe(1) // fluids never mask
  })
  it('PROTOCOL DECISION resolution: default needs room air and no pressor; `grade-0` resolves on the first grade-0 day', () => {
    const days = [
      crsDay({ day: 1, maxTemperatureC: 38.9, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 3 } }),
      crsDay({ day: 2, maxTemperatureC: 37.5, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 1, forComfortOnly: true } }), // grade 0, still on O2
      crsDay({ day: 3, maxTemperatureC: 38.2 }), // fever again
      crsDay({ day: 4, maxTemperatureC: 36.9 }),
    ]
    const def = gradeCrsCourse(days, [])
    expect(def.episodes.map((e) => [e.onsetDay, e.resolutionDay, e.durationDays])).toEqual([[1, 4, 3]])
    const g0 = gradeCrsCourse(days, [], { resolutionRule: 'grade-0' })
    expect(g0.episodes.map((e) => [e.onsetDay, e.resolutionDay, e.durationDays])).toEqual([[1, 2, 1], [3, 4, 1]])
  })
  it('default resolution is not met on a day with a vasopressor for a non-CRS cause, nor with no oxygen record', () => {
    const days = [
      crsDay({ day: 1, maxTemperatureC: 38.9 }),
      crsDay({ day: 2, maxTemperatureC: 37.0, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }], hypotensionAttributableToOtherCause: true }),
      crsDay({ day: 3, maxTemperatureC: 37.0, oxygen: null }),
      crsDay({ day: 4, maxTemperatureC: 37.0 }),
    ]
    expect(gradeCrsCourse(days, []).episodes.map((e) => e.resolutionDay)).toEqual([4])
  })
  it('unresolved episode at the end of follow-up: resolutionDay and duration null', () => {
    const s = gradeCrsCourse([crsDay({ day: 2, maxTemperatureC: 38.2 }), crsDay({ day: 3, maxTemperatureC: 38.4, hypotension: true })], [])
    expect(s.episodes).toMatchObject([{ onsetDay: 2, resolutionDay: null, durationDays: null, maxGrade: 2, maxGradeDay: 3 }])
  })
  it('peak tie: maxGradeDay is the first day the peak is reached', () => {
    const s = gradeCrsCourse([crsDay({ day: 1, maxTemperatureC: 38.2, hypotension: true }), crsDay({ day: 2, maxTemperatureC: 38.4, hypotension: true }), crsDay({ day: 3, maxTemperatureC: 36 })], [])
    expect(s.episodes[0]).toMatchObject({ maxGrade: 2, maxGradeDay: 1 })
  })
  it('grade 5 ends the course at grade 5', () => {
    const s = gradeCrsCourse([crsDay({ day: 1, maxTemperatureC: 39 }), crsDay({ day: 2, maxTemperatureC: null, hypotension: null, oxygen: null, deathDueToCrs: true })], [])
    expect(s.maxGrade).toBe(5)
    expect(s.episodes[0]).toMatchObject({ onsetDay: 1, maxGrade: 5, maxGradeDay: 2, resolutionDay: null })
  })
  it('empty course: no onset, grade 0, complete', () => {
    const s = gradeCrsCourse([], [])
    expect([s.onsetDay, s.maxGrade, s.episodes.length, s.complete]).toEqual([null, 0, 0, true])
  })
  it('input order does not matter; a duplicated day is reported', () => {
    const a = gradeCrsCourse([...course].reverse(), tx)
    expect(a.days.map((d) => d.day)).toEqual(course.map((d) => d.day))
    expect(a.maxGrade).toBe(3)
    expect(gradeCrsCourse([crsDay({ day: 1 }), crsDay({ day: 1 })], []).issues.map((i) => i.code)).toEqual(['duplicate_day'])
  })
  it('a day that could hide a higher grade makes the course incomplete', () => {
    const s = gradeCrsCourse([crsDay({ day: 1, maxTemperatureC: 38.2 }), crsDay({ day: 2, maxTemperatureC: 38.3, oxygen: null })], [])
    expect(s.maxGrade).toBe(1)
    expect(s.complete).toBe(false)
  })
  it('a not-evaluable day before the first graded onset could hide an earlier onset: incomplete', () => {
    // Day 1: temperature not recorded, on 2 L/min → 0 or 2; Day 2 fever on a pressor → 3. Onset may be Day 1.
    const s = gradeCrsCourse([crsDay({ day: 1, maxTemperatureC: null, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2 } }), crsDay({ day: 2, maxTemperatureC: 38.5, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }] })], [])
    expect(s.onsetDay).toBe(2)
    expect(s.maxGrade).toBe(3)
    expect(s.complete).toBe(false)
  })
})

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
// §2 ICANS
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

describe('§2.1 ICE score at every point value, items partly done', () => {
  it('every full assignment of the 10 items: total = points; every value 0-10 gives the §2.2 band', () => {
    const seen = new Map<number, number>()
    for (let mask = 0; mask < 1024; mask++) {
      const v = ICE_KEYS.map((_, i) => ((mask >> i) & 1) === 1)
      const total = v.filter(Boolean).length
      expect(iceScore(itemsOf(v))).toEqual({ kind: 'scored', total })
      const o = shape(gradeIcansDay(icansDay({ encephalopathy: { tool: 'ICE', items: itemsOf(v) } })))
      expect(o).toEqual(graded(refIceBand(total)))
      seen.set(total, refIceBand(total))
    }
    expect([...seen.entries()].sort((a, b) => a[0] - b[0])).toEqual([[0, 3], [1, 3], [2, 3], [3, 2], [4, 2], [5, 2], [6, 2], [7, 1], [8, 1], [9, 1], [10, 0]])
  })
  it('ICE score given as a number 0-10 (N1, N2, N4, N16 bands at each edge)', () => {
    for (let s = 0; s <= 10; s++) expect(icansGrade({ encephalopathy: { tool: 'ICE', score: s } })).toEqual(graded(refIceBand(s)))
  })
  it('ICE score out of range or fractional is not evaluable, never graded', () => {
    for (const s of [-1, 11, 6.5]) expect(icansGrade({ encephalopathy: { tool: 'ICE', score: s } }).kind).toBe('not-evaluable')
  })
  it('all 3^10 item states: points, missing items and the ICANS floor agree with the reference', () => {
    const mismatches: string[] = []
    for (let code = 0; code < 59049; code++) {
      const v: Item[] = []
      let c = code
      for (let i = 0; i < 10; i++) {
        const t = c % 3
        c = (c - t) / 3
        v.push(t === 0 ? true : t === 1 ? false : null)
      }
      const unknown = v.filter((x) => x === null).length
      const points = v.filter((x) => x === true).length
      const s = iceScore(itemsOf(v))
      const ok = unknown === 0 ? s.kind === 'scored' && s.total === points : s.kind === 'not-evaluable' && s.points === points && s.missing.length === unknown
      if (!ok) mismatches.push(`iceScore ${JSON.stringify(v)}`)
      if (code % 5 === 0 || unknown <= 1) {
        const f = icansDay({ encephalopathy: { tool: 'ICE', items: itemsOf(v) } })
        const o = shape(gradeIcansDay(f))
        const r = refIcansDay(f).outcome
        if (JSON.stringify(o) !== JSON.stringify(r)) mismatches.push(`ICANS ${JSON.stringify(v)}: ${JSON.stringify(o)} vs ${JSON.stringify(r)}`)
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([])
  })
  it('partly done ICE: 9 points + 1 not assessed guarantees nothing; 0 points + 2 not assessed guarantees grade 3', () => {
    const v9 = [...FULL.slice(0, 9), null]
    expect(icansGrade({ encephalopathy: { tool: 'ICE', items: itemsOf(v9) } })).toEqual({ kind: 'not-evaluable', atLeast: 0, atMost: 4 })
    const v0: Item[] = [false, false, false, false, false, false, false, false, null, null]
    expect(icansGrade({ encephalopathy: { tool: 'ICE', items: itemsOf(v0) } })).toEqual({ kind: 'not-evaluable', atLeast: 3, atMost: 4 })
    const v6: Item[] = [true, true, true, true, true, true, false, false, false, null]
    expect(icansGrade({ encephalopathy: { tool: 'ICE', items: itemsOf(v6) } })).toEqual({ kind: 'not-evaluable', atLeast: 1, atMost: 4 })
  })
  it('partly done ICE with another domain at grade 4 is graded 4', () =>
    expect(icansGrade({ encephalopathy: { tool: 'ICE', items: itemsOf([...FULL.slice(0, 5), null, null, null, null, null]) }, deepFocalMotorWeakness: true })).toEqual(graded(4)))
  it('a total that contradicts its items is not evaluable', () =>
    expect(icansGrade({ encephalopathy: { tool: 'ICE', score: 10, items: itemsOf([...FULL.slice(0, 9), false]) } }).kind).toBe('not-evaluable'))
})

describe('§2.6 ICANS worked examples N1-N16', () => {
  const ice = (score: number): EncephalopathyAssessment => ({ tool: 'ICE', score })
  const capd = (total: number): EncephalopathyAssessment => ({ tool: 'CAPD', total })
  it('N1 ICE 8 alert → 1', () => expect(icansGrade({ encephalopathy: ice(8) })).toEqual(graded(1)))
  it('N2 ICE 10 alert → 0', () => expect(icansGrade({ encephalopathy: ice(10) })).toEqual(graded(0)))
  it('N3 ICE 5, awakens to voice → 2', () => expect(icansGrade({ encephalopathy: ice(5), consciousness: 'awakens-to-voice' })).toEqual(graded(2)))
  it('N4 ICE 2 alert → 3', () => expect(icansGrade({ encephalopathy: ice(2) })).toEqual(graded(3)))
  it('N5 ICE 0 awake, global aphasia → 3', () => expect(icansGrade({ encephalopathy: { tool: 'ICE', items: itemsOf(Array.from({ length: 10 }, () => false)) } })).toEqual(graded(3)))
  it('N6 ICE 0 unarousable → 4', () => expect(icansGrade({ encephalopathy: { tool: 'ICE', unarousable: true }, consciousness: 'unarousable' })).toEqual(graded(4)))
  it('N7 ICE 9 + rapidly resolving generalised seizure → 3', () => expect(icansGrade({ encephalopathy: ice(9), seizure: 'rapidly-resolving' })).toEqual(graded(3)))
  it('N8 ICE 7 + diffuse oedema → 4', () => expect(icansGrade({ encephalopathy: ice(7), raisedIcp: 'diffuse-oedema-or-signs' })).toEqual(graded(4)))
  it('N9 ICE 10, tremor → 0 (tremor is CTCAE, ICANS-3)', () => expect(icansGrade({ encephalopathy: ice(10) })).toEqual(graded(0)))
  it('N10 age 17, ICE 6, intracranial haemorrhage → ICANS 2, haemorrhage noted for CTCAE (ICANS-4)', () => {
    const o = gradeIcansDay(icansDay({ encephalopathy: ice(6), intracranialHaemorrhage: true }))
    expect(shape(o)).toEqual(graded(2))
    expect(o.notes.join(' ')).toMatch(/CTCAE/)
  })
  it('N11 age 9, CAPD 6, awakens spontaneously → 1', () => expect(icansGrade({ encephalopathy: capd(6), consciousness: 'awakens-spontaneously' })).toEqual(graded(1)))
  it('N12 age 9, CAPD 6, awakens to voice → 2', () => expect(icansGrade({ encephalopathy: capd(6), consciousness: 'awakens-to-voice' })).toEqual(graded(2)))
  it('N13 age 9, CAPD 12 → 3', () => expect(icansGrade({ encephalopathy: capd(12) })).toEqual(graded(3)))
  it('N14 age 8, unable to perform CAPD, unarousable → 4', () => expect(icansGrade({ encephalopathy: { tool: 'CAPD', unableToPerform: true }, consciousness: 'unarousable' })).toEqual(graded(4)))
  it('N15 age 12, 12th birthday last month → CAPD', () => {
    expect(selectIcansTool({ birthDate: '2013-05-10', assessmentDate: '2025-06-01' })).toMatchObject({ tool: 'CAPD', ageYears: 12 })
    expect(icansToolForAge(12)).toBe('CAPD')
  })
  it('N16 age 13, ICE 6 → 2 with ICE', () => {
    expect(selectIcansTool({ birthDate: '2012-01-15', assessmentDate: '2025-06-01' }).tool).toBe('ICE')
    expect(icansGrade({ encephalopathy: ice(6) })).toEqual(graded(2))
  })
})

describe('§2.3 CAPD thresholds and ICANS-5 tool switch by age', () => {
  it('CAPD every total 0-32: 0 → 0, 1-8 → 1, ≥ 9 → 3', () => {
    for (let t = 0; t <= 32; t++) expect(icansGrade({ encephalopathy: { tool: 'CAPD', total: t } })).toEqual(graded(refCapdBand(t)))
  })
  it('CAPD 8 vs 9 at the threshold, with a grade-2 consciousness finding', () => {
    expect(icansGrade({ encephalopathy: { tool: 'CAPD', total: 8 }, consciousness: 'awakens-to-voice' })).toEqual(graded(2))
    expect(icansGrade({ encephalopathy: { tool: 'CAPD', total: 9 }, consciousness: 'awakens-to-voice' })).toEqual(graded(3))
  })
  it('CAPD total not recorded is not 0; negative or fractional totals are not evaluable', () => {
    expect(icansGrade({ encephalopathy: { tool: 'CAPD', total: null } })).toEqual({ kind: 'not-evaluable', atLeast: 0, atMost: 4 })
    expect(icansGrade({ encephalopathy: { tool: 'CAPD', total: -1 } }).kind).toBe('not-evaluable')
    expect(icansGrade({ encephalopathy: { tool: 'CAPD', total: 8.5 } }).kind).toBe('not-evaluable')
  })
  it('age in completed years at each birthday edge, leap days included', () => {
    const cases: [string, string][] = [
      ['2012-06-01', '2025-05-31'], ['2012-06-01', '2025-06-01'], ['2012-06-01', '2025-06-02'],
      ['2012-02-29', '2025-02-28'], ['2012-02-29', '2025-03-01'], ['2012-02-29', '2024-02-29'], ['2012-02-29', '2024-02-28'],
      ['2017-01-01', '2025-01-01'], ['2016-12-31', '2025-01-01'], ['2008-03-15', '2025-03-14'], ['2008-03-15', '2025-03-15'],
    ]
    for (const [b, d] of cases) {
      expect(ageInCompletedYears(b, d)).toBe(refAge(b, d))
      expect(selectIcansTool({ birthDate: b, assessmentDate: d }).tool).toBe(refAge(b, d) <= 12 ? 'CAPD' : 'ICE')
    }
    // the day before the 13th birthday is CAPD, the birthday itself is ICE
    expect(selectIcansTool({ birthDate: '2012-06-01', assessmentDate: '2025-05-31' }).tool).toBe('CAPD')
    expect(selectIcansTool({ birthDate: '2012-06-01', assessmentDate: '2025-06-01' }).tool).toBe('ICE')
    // born Feb 29: 13 only on Mar 1 in a common year
    expect(selectIcansTool({ birthDate: '2012-02-29', assessmentDate: '2025-02-28' }).tool).toBe('CAPD')
    expect(selectIcansTool({ birthDate: '2012-02-29', assessmentDate: '2025-03-01' }).tool).toBe('ICE')
  })
  it('property: age in completed years equals the reference for random dates', () => {
    const arbDate = fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
    fc.assert(
      fc.property(arbDate, arbDate, (a, b) => {
        const [birth, on] = a <= b ? [a, b] : [b, a]
        expect(ageInCompletedYears(birth, on)).toBe(refAge(birth, on))
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })
  it('PROTOCOL DECISION developmental delay: default forces CAPD at 17; with the flag off, age decides', () => {
    const base = { birthDate: '2008-01-01', assessmentDate: '2025-06-01', developmentalDelay: true }
    expect(selectIcansTool(base).tool).toBe('CAPD')
    expect(selectIcansTool({ ...base, developmentalDelayForcesCapd: false }).tool).toBe('ICE')
    expect(selectIcansTool({ ...base, developmentalDelay: false }).tool).toBe('ICE')
  })
  it('icansToolForAge for ages 8-17 (NCT06352281) and unknown age', () => {
    for (let a = 8; a <= 17; a++) expect(icansToolForAge(a)).toBe(a <= 12 ? 'CAPD' : 'ICE')
    expect(icansToolForAge(null)).toBe('ICE')
  })
  it('the course flags ICE used on the day before the 13th birthday and CAPD used on the birthday', () => {
    const subject = { birthDate: '2012-06-03', infusionDate: '2025-06-01' } // 13th birthday on Day 2
    const days = [
      icansDay({ day: 1, encephalopathy: { tool: 'ICE', score: 10 } }),
      icansDay({ day: 2, encephalopathy: { tool: 'CAPD', total: 0 } }),
      icansDay({ day: 3, encephalopathy: { tool: 'ICE', score: 10 } }),
    ]
    const s = gradeIcansCourse(days, [], subject)
    expect(s.issues.filter((i) => i.code === 'wrong_icans_tool').map((i) => i.path[1])).toEqual([1, 2])
  })
})

describe('§2.2 other ICANS domains: consciousness, seizures, motor, raised ICP, grade 5', () => {
  it('each domain alone gives its grade', () => {
    for (const [c, g] of Object.entries(REF_CONSCIOUSNESS)) expect(icansGrade({ consciousness: c as ConsciousnessLevel })).toEqual(graded(g))
    for (const [s, g] of Object.entries(REF_SEIZURE)) expect(icansGrade({ seizure: s as SeizureFinding })).toEqual(graded(g))
    for (const [r, g] of Object.entries(REF_ICP)) expect(icansGrade({ raisedIcp: r as RaisedIcpFinding })).toEqual(graded(g))
    expect(icansGrade({ deepFocalMotorWeakness: true })).toEqual(graded(4))
  })
  it('ICE 3 + generalised seizure → 3 (ICANS-1 paper example)', () => expect(icansGrade({ encephalopathy: { tool: 'ICE', score: 3 }, seizure: 'rapidly-resolving' })).toEqual(graded(3)))
  it('a finding attributed to another cause (e.g. sedatives) is not counted (ICANS-1)', () => {
    expect(icansGrade({ consciousness: 'awakens-to-tactile', attributableToOtherCause: { consciousness: true } })).toEqual(graded(0))
    expect(icansGrade({ seizure: 'prolonged-or-repetitive', attributableToOtherCause: { seizure: true }, encephalopathy: { tool: 'ICE', score: 6 } })).toEqual(graded(2))
  })
  it('missing domains are not assessed, never 0 (ICANS-6); a known grade 4 is final', () => {
    expect(icansGrade({ seizure: null })).toEqual({ kind: 'not-evaluable', atLeast: 0, atMost: 4 })
    expect(icansGrade({ seizure: null, encephalopathy: { tool: 'ICE', score: 5 } })).toEqual({ kind: 'not-evaluable', atLeast: 2, atMost: 4 })
    expect(icansGrade({ seizure: null, raisedIcp: 'diffuse-oedema-or-signs' })).toEqual(graded(4))
    expect(icansGrade({ encephalopathy: null, consciousness: null, seizure: null, deepFocalMotorWeakness: null, raisedIcp: null })).toEqual({ kind: 'not-evaluable', atLeast: 0, atMost: 4 })
  })
  it('grade 5: death due to ICANS', () => expect(icansGrade({ deathDueToIcans: true, encephalopathy: null })).toEqual(graded(5)))

  const arbItems: fc.Arbitrary<IceItems> = fc.array(fc.constantFrom<Item>(true, true, false, null), { minLength: 10, maxLength: 10 }).map(itemsOf)
  const arbEnc: fc.Arbitrary<EncephalopathyAssessment | null> = fc.oneof(
    fc.constant(null),
    fc.record({ tool: fc.constant('ICE' as const), score: fc.option(fc.integer({ min: -1, max: 11 }), { nil: null }), unarousable: fc.boolean() }),
    fc.record({ tool: fc.constant('ICE' as const), items: arbItems, unarousable: fc.constantFrom(false, false, false, true) }),
    fc.record({ tool: fc.constant('CAPD' as const), total: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }), unableToPerform: fc.constantFrom(false, false, true) }),
  )
  const arbIcans: fc.Arbitrary<IcansDailyFindings> = fc.record({
    day: fc.constant(1),
    encephalopathy: arbEnc,
    consciousness: fc.option(fc.constantFrom<ConsciousnessLevel>('normal', 'awakens-spontaneously', 'awakens-to-voice', 'awakens-to-tactile', 'unarousable'), { nil: null, freq: 6 }),
    seizure: fc.option(fc.constantFrom<SeizureFinding>('none', 'none', 'rapidly-resolving', 'prolonged-or-repetitive'), { nil: null, freq: 6 }),
    deepFocalMotorWeakness: fc.option(fc.constantFrom(false, false, false, true), { nil: null, freq: 6 }),
    raisedIcp: fc.option(fc.constantFrom<RaisedIcpFinding>('none', 'none', 'focal-oedema', 'diffuse-oedema-or-signs'), { nil: null, freq: 6 }),
    attributableToOtherCause: fc.record({ encephalopathy: fc.boolean(), consciousness: fc.boolean(), seizure: fc.boolean(), motor: fc.boolean(), raisedIcp: fc.boolean() }, { requiredKeys: [] }),
    deathDueToIcans: fc.constantFrom(false, false, false, false, true),
  })
  it('property: gradeIcansDay equals the §2.5 reference; a not-evaluable range always covers every possible grade', () => {
    fc.assert(
      fc.property(arbIcans, (f) => {
        const r = refIcansDay(f)
        const o = gradeIcansDay(f)
        expect(shape(o)).toEqual(r.outcome)
        if (o.kind === 'not-evaluable') expect(o.atMost ?? 0).toBeGreaterThanOrEqual(r.maxPossible)
      }),
      { seed: SEED, numRuns: 4000 },
    )
  })

  it('property: gradeIcansCourse onset, maximum and resolution (first later day graded 0) over fully assessed days', () => {
    const arbKnown = arbIcans.filter((f) => refIcansDay(f).outcome.kind === 'graded' && !f.deathDueToIcans)
    fc.assert(
      fc.property(fc.array(arbKnown, { minLength: 1, maxLength: 10 }), (list) => {
        const days = list.map((f, i) => ({ ...f, day: i * 2 }))
        const s = gradeIcansCourse(days, [])
        const eps: { onsetDay: number; maxGrade: number; maxGradeDay: number; resolutionDay: number | null }[] = []
        let open: (typeof eps)[number] | null = null
        for (const f of days) {
          const g = (refIcansDay(f).outcome as { grade: number }).grade
          if (g >= 1) {
            if (!open) eps.push((open = { onsetDay: f.day, maxGrade: g, maxGradeDay: f.day, resolutionDay: null }))
            else if (g > open.maxGrade) Object.assign(open, { maxGrade: g, maxGradeDay: f.day })
          } else if (open) {
            open.resolutionDay = f.day
            open = null
          }
        }
        expect(s.episodes.map(({ onsetDay, maxGrade, maxGradeDay, resolutionDay }) => ({ onsetDay, maxGrade, maxGradeDay, resolutionDay }))).toEqual(eps)
        expect(s.maxGrade).toBe(Math.max(0, ...eps.map((e) => e.maxGrade)))
      }),
      { seed: SEED, numRuns: 800 },
    )
  })
})

describe('ICANS course over days (ICANS-6)', () => {
  it('abstract pattern: grade 3 ICANS treated with methylprednisolone, resolves, second episode later', () => {
    const days = [
      icansDay({ day: 3, encephalopathy: { tool: 'ICE', score: 10 } }),
      icansDay({ day: 4, encephalopathy: { tool: 'ICE', score: 8 } }),
      icansDay({ day: 5, encephalopathy: { tool: 'ICE', score: 2 } }),
      icansDay({ day: 6, encephalopathy: { tool: 'ICE', score: 5 }, consciousness: 'awakens-to-voice' }),
      icansDay({ day: 7, encephalopathy: { tool: 'ICE', score: null }, consciousness: null }),
      icansDay({ day: 8, encephalopathy: { tool: 'ICE', score: 10 } }),
      icansDay({ day: 12, encephalopathy: { tool: 'ICE', score: 9 } }),
      icansDay({ day: 13, encephalopathy: { tool: 'ICE', score: 10 } }),
    ]
    const s = gradeIcansCourse(days, [{ day: 5, class: 'corticosteroid', name: 'methylprednisolone' }, { day: 12, class: 'other' }])
    expect(s.episodes.map((e) => [e.onsetDay, e.maxGrade, e.maxGradeDay, e.lastActiveDay, e.resolutionDay, e.durationDays])).toEqual([
      [4, 3, 5, 6, 8, 4],
      [12, 1, 12, 12, 13, 1],
    ])
    expect(s.episodes.map((e) => e.treatments.map((t) => t.day))).toEqual([[5], [12]])
    expect(s.onsetDay).toBe(4)
    expect(s.maxGrade).toBe(3)
    expect(s.complete).toBe(false) // Day 7 could have been grade 4
  })
  it('a not-assessed day before the onset could hide an earlier onset: incomplete; inside the episode at grade 4 it cannot', () => {
    const before = gradeIcansCourse([icansDay({ day: 3, seizure: null }), icansDay({ day: 4, deepFocalMotorWeakness: true }), icansDay({ day: 5 })], [])
    expect([before.onsetDay, before.maxGrade, before.complete]).toEqual([4, 4, false])
    const inside = gradeIcansCourse([icansDay({ day: 4, deepFocalMotorWeakness: true }), icansDay({ day: 5, seizure: null }), icansDay({ day: 6 })], [])
    expect([inside.onsetDay, inside.maxGrade, inside.complete]).toEqual([4, 4, true])
  })
  it('grade 5 in the course', () => expect(gradeIcansCourse([icansDay({ day: 6, encephalopathy: { tool: 'ICE', score: 1 } }), icansDay({ day: 7, deathDueToIcans: true })], []).maxGrade).toBe(5))
})

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
// Bedside safety course: hypotension by age, oxygen and vasopressor records, midnight, masking medications
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

const INF = '2025-03-01'
let seq = 0
const cap = <T>(data: T): Captured<T> => ({ id: `r${++seq}`, data })
const vs = (measuredAt: string, temperatureC: number | null, systolicMmHg: number | null = 120): Captured<VitalSigns> =>
  cap({ measuredAt, temperatureC, systolicMmHg, diastolicMmHg: systolicMmHg === null ? null : 40, heartRate: 90, spo2Percent: 97 })
const o2 = (measuredAt: string, delivery: Oxygen['delivery'], flowLpm: number | null = null): Captured<Oxygen> => cap({ measuredAt, delivery, flowLpm })
const vp = (agent: Vasopressor['agent'], start: string, end: string | null, dose = 0.1): Captured<Vasopressor> => cap({ agent, dose, unit: agent === 'vasopressin' ? 'units/min' : 'ug/kg/min', start, end })
const med = (name: string, start: string, end: string | null): Captured<MedicationForm> =>
  cap<MedicationForm>({ name, category: 'CONCOMITANT', rescueType: null, dose: 1, unit: 'mg', start: start as MedicationForm['start'], end: end as MedicationForm['end'] })
const neuro = (assessedAt: string, n: Partial<Neuro>): Captured<Neuro> =>
  cap({ assessedAt, tool: 'ICE', iceItems: itemsOf(FULL), unableToPerform: false, capdTotal: null, consciousness: 'normal', seizure: 'none', deepFocalMotorWeakness: false, raisedIcp: 'none', intracranialHaemorrhage: false, ...n })
const subject = (s: Partial<SubjectBedsideData>): SubjectBedsideData => ({ infusionDate: INF, ageYears: 40, vitals: [], oxygen: [], vasopressors: [], neuro: [], medications: [], ...s })

describe('bedside hypotension threshold by age (PROTOCOL DECISION, PALS default)', () => {
  it('thresholds for ages 0-17 and adults match PALS: < 70 infants, < 70 + 2 × age to 10 years, < 90 from 10', () => {
    for (let a = 0; a <= 20; a++) expect(hypotensionThresholdMmHg(a)).toBe(refSbpThreshold(a))
    expect(hypotensionThresholdMmHg(null)).toBe(90)
    expect([8, 9, 10, 12, 13, 17].map(hypotensionThresholdMmHg)).toEqual([86, 88, 90, 90, 90, 90])
  })
  it('equality is not hypotension (systolic below the threshold is), at ages 8-17', () => {
    for (let a = 8; a <= 17; a++) {
      const t = refSbpThreshold(a)
      const at = crsFindingsFromBedside({ infusionDate: INF, ageYears: a, vitals: [vs('2025-03-02T08:00', 38.5, t)], oxygen: [o2('2025-03-02T08:00', 'none')], vasopressors: [] })
      const below = crsFindingsFromBedside({ infusionDate: INF, ageYears: a, vitals: [vs('2025-03-02T08:00', 38.5, t - 0.5)], oxygen: [o2('2025-03-02T08:00', 'none')], vasopressors: [] })
      expect(at[0]?.hypotension).toBe(false)
      expect(below[0]?.hypotension).toBe(true)
      expect(shape(gradeCrsDay(at[0] as CrsDailyFindings))).toEqual(graded(1))
      expect(shape(gradeCrsDay(below[0] as CrsDailyFindings))).toEqual(graded(2))
    }
  })
  it('an 8-year-old at 87 mmHg is not hypotensive, an adult at 87 is', () => {
    const at = (ageYears: number) => crsFindingsFromBedside({ infusionDate: INF, ageYears, vitals: [vs('2025-03-02T08:00', 38.5, 87)], oxygen: [], vasopressors: [] })[0]?.hypotension
    expect([at(8), at(9), at(10), at(40)]).toEqual([false, true, true, true])
  })
  it('non-default protocol threshold (< 100 mmHg at every age)', () => {
    const f = crsFindingsFromBedside({ infusionDate: INF, ageYears: 9, vitals: [vs('2025-03-02T08:00', 38.5, 95)], oxygen: [], vasopressors: [] }, { hypotensionThreshold: () => 100 })
    expect(f[0]?.hypotension).toBe(true)
  })
  it('worst of the day: one low reading among normal ones is hypotension; no systolic at all is not assessed', () => {
    const f = crsFindingsFromBedside({ infusionDate: INF, ageYears: 14, vitals: [vs('2025-03-02T06:00', 38.1, 110), vs('2025-03-02T14:00', 37.2, 84), vs('2025-03-02T22:00', 37.0, 112)], oxygen: [o2('2025-03-02T06:00', 'none')], vasopressors: [] })
    expect(f[0]).toMatchObject({ day: 1, maxTemperatureC: 38.1, hypotension: true })
    const g = crsFindingsFromBedside({ infusionDate: INF, ageYears: 14, vitals: [vs('2025-03-02T06:00', 38.1, null)], oxygen: [o2('2025-03-02T06:00', 'none')], vasopressors: [] })
    expect(g[0]?.hypotension).toBe(null)
  })
})

describe('bedside oxygen and vasopressor records, events across midnight (site local time)', () => {
  it('oxygen flows at equality: low_flow 6 → 2; high_flow 7 → 3; the worst support of the day wins', () => {
    const f = crsFindingsFromBedside({
      infusionDate: INF, ageYears: 40, vitals: [vs('2025-03-02T08:00', 38.5)], vasopressors: [],
      oxygen: [o2('2025-03-02T08:00', 'low_flow', 6), o2('2025-03-02T12:00', 'none'), o2('2025-03-03T08:00', 'low_flow', 2), o2('2025-03-03T09:00', 'high_flow', 7), o2('2025-03-03T10:00', 'low_flow', 4)],
    })
    expect(shape(gradeCrsDay(f[0] as CrsDailyFindings))).toEqual(graded(2))
    expect(f[1]?.oxygen).toMatchObject({ delivery: 'high-flow-nasal-cannula', flowLPerMin: 7 })
  })
  it('a high_flow record at 6 L/min grades 2 and does not outrank a nasal cannula at 7 L/min', () => {
    const f = crsFindingsFromBedside({
      infusionDate: INF, ageYears: 40, vitals: [vs('2025-03-02T08:00', 38.5), vs('2025-03-03T08:00', 38.5)], vasopressors: [],
      oxygen: [o2('2025-03-02T08:00', 'high_flow', 6), o2('2025-03-03T08:00', 'high_flow', 6), o2('2025-03-03T09:00', 'low_flow', 7)],
    })
    expect(shape(gradeCrsDay(f[0] as CrsDailyFindings))).toEqual(graded(2))
    expect(shape(gradeCrsDay(f[1] as CrsDailyFindings))).toEqual(graded(3))
  })
  it('CPAP/BiPAP and ventilation records → 4; facemask / non-rebreather → 3', () => {
    for (const [d, g] of [['cpap_bipap', 4], ['mechanical_ventilation', 4], ['facemask', 3], ['non_rebreather', 3]] as const) {
      const f = crsFindingsFromBedside({ infusionDate: INF, ageYears: 40, vitals: [vs('2025-03-02T08:00', 38.5)], vasopressors: [], oxygen: [o2('2025-03-02T08:00', d, d === 'facemask' || d === 'non_rebreather' ? 5 : null)] })
      expect(shape(gradeCrsDay(f[0] as CrsDailyFindings))).toEqual(graded(g))
    }
  })
  it('23:59 belongs to the earlier study day, 00:00 to the next; records before Day 0 are ignored', () => {
    const f = crsFindingsFromBedside({ infusionDate: INF, ageYears: 40, vitals: [vs('2025-02-28T23:59', 39.0), vs('2025-03-01T23:59', 38.0), vs('2025-03-02T00:00', 37.2)], oxygen: [], vasopressors: [] })
    expect(f.map((d) => [d.day, d.maxTemperatureC])).toEqual([[0, 38.0], [1, 37.2]])
    for (const d of f) expect(d.day).toBe(refDay(d.day === 0 ? '2025-03-01T23:59' : '2025-03-02T00:00', INF))
  })
  it('study days across a leap day and a month end use calendar arithmetic', () => {
    const f = crsFindingsFromBedside({ infusionDate: '2024-02-20', ageYears: 40, vitals: [vs('2024-03-05T00:10', 38.3)], oxygen: [], vasopressors: [] })
    expect(f[0]?.day).toBe(14)
    const g = crsFindingsFromBedside({ infusionDate: '2025-02-20', ageYears: 40, vitals: [vs('2025-03-05T23:50', 38.3)], oxygen: [], vasopressors: [] })
    expect(g[0]?.day).toBe(13)
  })
  it('a vasopressor running over midnight counts on both days; one stopped at 00:00 does not count on the end day', () => {
    const vit = [vs('2025-03-02T08:00', 38.6), vs('2025-03-03T08:00', 37.0), vs('2025-03-04T08:00', 37.0)]
    const ox = [o2('2025-03-02T08:00', 'none'), o2('2025-03-03T08:00', 'none'), o2('2025-03-04T08:00', 'none')]
    const over = crsFindingsFromBedside({ infusionDate: INF, ageYears: 40, vitals: vit, oxygen: ox, vasopressors: [vp('norepinephrine', '2025-03-02T22:00', '2025-03-03T01:00')] })
    expect(over.map((d) => (d.vasopressors ?? []).length)).toEqual([1, 1, 0])
    const atMidnight = crsFindingsFromBedside({ infusionDate: INF, ageYears: 40, vitals: vit, oxygen: ox, vasopressors: [vp('norepinephrine', '2025-03-02T22:00', '2025-03-03T00:00')] })
    expect(atMidnight.map((d) => (d.vasopressors ?? []).length)).toEqual([1, 0, 0])
    const atMidnightSec = crsFindingsFromBedside({ infusionDate: INF, ageYears: 40, vitals: vit, oxygen: ox, vasopressors: [vp('norepinephrine', '2025-03-02T22:00', '2025-03-03T00:00:00')] })
    expect(atMidnightSec.map((d) => (d.vasopressors ?? []).length)).toEqual([1, 0, 0])
    const oneMinuteLater = crsFindingsFromBedside({ infusionDate: INF, ageYears: 40, vitals: vit, oxygen: ox, vasopressors: [vp('norepinephrine', '2025-03-02T22:00', '2025-03-03T00:01')] })
    expect(oneMinuteLater.map((d) => (d.vasopressors ?? []).length)).toEqual([1, 1, 0])
  })
  it('pressors overlapping on one day: two agents → 4; a second agent starting after midnight only counts that day', () => {
    const f = crsFindingsFromBedside({
      infusionDate: INF, ageYears: 40, vitals: [vs('2025-03-02T08:00', 38.6), vs('2025-03-03T08:00', 38.6)], oxygen: [o2('2025-03-02T08:00', 'none'), o2('2025-03-03T08:00', 'none')],
      vasopressors: [vp('norepinephrine', '2025-03-02T10:00', null), vp('vasopressin', '2025-03-02T12:00', '2025-03-02T20:00'), vp('epinephrine', '2025-03-03T00:00', '2025-03-03T06:00')],
    })
    expect(f.map((d) => shape(gradeCrsDay(d)))).toEqual([graded(3), graded(4)])
  })
  it('a dose change recorded as two records of the same agent stays one vasopressor', () => {
    const f = crsFindingsFromBedside({
      infusionDate: INF, ageYears: 40, vitals: [vs('2025-03-02T08:00', 38.6)], oxygen: [o2('2025-03-02T08:00', 'none')],
      vasopressors: [vp('norepinephrine', '2025-03-02T10:00', '2025-03-02T14:00', 0.05), vp('norepinephrine', '2025-03-02T14:00', '2025-03-02T20:00', 0.3)],
    })
    expect(shape(gradeCrsDay(f[0] as CrsDailyFindings))).toEqual(graded(3))
  })
})

describe('bedside subject course: masking medications, resolution, second episode, ICANS tool by age', () => {
  it('C10 from forms: paracetamol on the onset day masks the next afebrile day with hypotension', () => {
    const s = subjectSafetyCourse(subject({
      ageYears: 15,
      vitals: [vs('2025-03-02T20:00', 38.4, 110), vs('2025-03-03T08:00', 37.3, 85), vs('2025-03-04T08:00', 36.9, 110), vs('2025-03-05T08:00', 36.8, 112)],
      oxygen: [o2('2025-03-02T20:00', 'none'), o2('2025-03-03T08:00', 'none'), o2('2025-03-04T08:00', 'none'), o2('2025-03-05T08:00', 'none')],
      medications: [med('Paracetamol', '2025-03-02', '2025-03-02')],
    }))
    expect(s.crs.days.map((d) => shape(d.outcome))).toEqual([graded(1), graded(2), graded(0), graded(0)])
    expect(s.crs.episodes.map((e) => [e.onsetDay, e.maxGrade, e.resolutionDay, e.durationDays])).toEqual([[1, 2, 3, 2]])
  })
  it('without the paracetamol the afebrile hypotensive day is not CRS (no masking)', () => {
    const s = subjectSafetyCourse(subject({
      ageYears: 15,
      vitals: [vs('2025-03-02T20:00', 38.4, 110), vs('2025-03-03T08:00', 37.3, 85)],
      oxygen: [o2('2025-03-02T20:00', 'none'), o2('2025-03-03T08:00', 'none')],
    }))
    expect(s.crs.days.map((d) => shape(d.outcome))).toEqual([graded(1), graded(0)])
  })
  it('dexamethasone and tocilizumab by brand-agnostic generic name mask; ibuprofen premedication before onset does not', () => {
    const base = {
      ageYears: 30,
      vitals: [vs('2025-03-01T10:00', 37.0), vs('2025-03-02T20:00', 38.4), vs('2025-03-03T08:00', 37.3, 80)],
      oxygen: [o2('2025-03-01T10:00', 'none'), o2('2025-03-02T20:00', 'none'), o2('2025-03-03T08:00', 'none')],
    }
    const withMed = (m: Captured<MedicationForm>) => subjectSafetyCourse(subject({ ...base, medications: [m] })).crs.days.map((d) => shape(d.outcome))
    expect(withMed(med('Dexamethasone', '2025-03-02', '2025-03-03'))).toEqual([graded(0), graded(1), graded(2)])
    expect(withMed(med('tocilizumab (Actemra)', '2025-03-03', null))).toEqual([graded(0), graded(1), graded(2)])
    expect(withMed(med('Ibuprofen', '2025-03-01', '2025-03-01'))).toEqual([graded(0), graded(1), graded(0)])
  })
  it('CAPD for a 9-year-old, ICE for a 13-year-old; the wrong tool is flagged and still graded', () => {
    const child = subjectSafetyCourse(subject({ ageYears: 9, neuro: [neuro('2025-03-05T09:00', { tool: 'CAPD', iceItems: null, capdTotal: 10 })] }))
    expect(child.icansTool).toBe('CAPD')
    expect(child.icans.maxGrade).toBe(3)
    expect(child.issues).toEqual([])
    const teen = subjectSafetyCourse(subject({ ageYears: 13, neuro: [neuro('2025-03-05T09:00', { tool: 'CAPD', iceItems: null, capdTotal: 10 })] }))
    expect(teen.icansTool).toBe('ICE')
    expect(teen.issues.map((i) => i.code)).toEqual(['wrong_icans_tool'])
    expect(teen.icans.maxGrade).toBe(3)
  })
  it('ICANS worst of the day across several assessments; 23:59 and 00:00 fall on different days', () => {
    const r = icansFindingsFromBedside({
      infusionDate: INF, ageYears: 30,
      neuro: [
        neuro('2025-03-05T08:00', { iceItems: itemsOf([...FULL.slice(0, 7), false, false, false]) }), // ICE 7
        neuro('2025-03-05T23:59', { iceItems: itemsOf([...FULL.slice(0, 6), false, false, false, false]), consciousness: 'awakens-spontaneously' }), // ICE 6
        neuro('2025-03-06T00:00', { iceItems: itemsOf(FULL), seizure: 'rapidly-resolving' }),
        neuro('2025-03-06T10:00', { iceItems: itemsOf(FULL), seizure: null, consciousness: null }),
      ],
    })
    expect(r.findings.map((f) => [f.day, shape(gradeIcansDay(f))])).toEqual([[4, graded(2)], [5, graded(3)]])
  })
  it('a partly done ICE that guarantees grade ≥ 2 outranks a complete ICE 8 the same day', () => {
    const r = icansFindingsFromBedside({
      infusionDate: INF, ageYears: 30,
      neuro: [neuro('2025-03-05T08:00', { iceItems: itemsOf([...FULL.slice(0, 8), false, false]) }), neuro('2025-03-05T16:00', { iceItems: itemsOf([true, true, true, false, false, false, false, null, null, null]) })],
    })
    expect(shape(gradeIcansDay(r.findings[0] as IcansDailyFindings))).toEqual({ kind: 'not-evaluable', atLeast: 2, atMost: 4 })
  })
  it('unknown age: ICE assumed, with an issue', () => {
    const r = icansFindingsFromBedside({ infusionDate: INF, ageYears: null, neuro: [neuro('2025-03-05T08:00', {})] })
    expect([r.tool, r.issues.map((i) => i.code)]).toEqual(['ICE', ['age_unknown']])
  })
  it('grade rises name the day and its calendar date', () => {
    const before = subjectSafetyCourse(subject({ vitals: [vs('2025-03-03T08:00', 38.2)], oxygen: [o2('2025-03-03T08:00', 'none')] }))
    const after = subjectSafetyCourse(subject({ vitals: [vs('2025-03-03T08:00', 38.2)], oxygen: [o2('2025-03-03T08:00', 'none'), o2('2025-03-03T09:00', 'high_flow', 10)] }))
    expect(gradeRises(before, after, INF).map((r) => [r.kind, r.day, r.date, r.previousGrade, r.grade])).toEqual([['crs', 2, refDate(INF, 2), 1, 3]])
  })
})
