/**
 * Fourth check of ASTCT 2019 CRS / ICANS (safety-grading.md §1-§2): a line-by-line audit of the doc. Each test names
 * the statement it pins. Covered here: the worked examples C1-C12 and N1-N16 entered as bedside forms (the path the
 * site data takes), the episode maximum of CRS-7 / ICANS-6 when a not-evaluable day is later settled by a higher
 * known grade, and the PROTOCOL DECISIONs (CRS-7 resolution, CRS-2 masking therapies, hypotension threshold, ICANS-5
 * developmental-delay flag) reachable through the subject-level course with the doc's defaults.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { icansFindingsFromBedside, subjectSafetyCourse, type Captured, type SubjectBedsideData } from '../safety-course/index.js'
import type { MedicationForm } from '../forms/medication.js'
import type { Neuro } from '../forms/neuro.js'
import type { Oxygen } from '../forms/oxygen.js'
import type { Vasopressor } from '../forms/vasopressor.js'
import type { VitalSigns } from '../forms/vital-signs.js'
import {
  gradeCrsCourse, gradeIcansCourse, type CrsDailyFindings, type IcansDailyFindings, type OxygenSupport, type ToxicityGradeOutcome,
} from './index.js'

const FC = { seed: 20261209, numRuns: 300 } as const

const shape = (o: ToxicityGradeOutcome<number>) => (o.kind === 'graded' ? o.grade : ([o.atLeast, o.atMost] as const))

// ─── bedside form builders ───────────────────────────────────────────────────────────────────────────────────

const INF = '2025-03-01' // Day 0
let seq = 0
const cap = <T>(data: T): Captured<T> => ({ id: `f${++seq}`, data })
const vs = (measuredAt: string, temperatureC: number | null, systolicMmHg: number | null = 120): Captured<VitalSigns> =>
  cap({ measuredAt, temperatureC, systolicMmHg, diastolicMmHg: systolicMmHg === null ? null : 40, heartRate: 90, spo2Percent: 97 })
const o2 = (measuredAt: string, delivery: Oxygen['delivery'], flowLpm: number | null = null): Captured<Oxygen> => cap({ measuredAt, delivery, flowLpm })
const vp = (agent: Vasopressor['agent'], start: string, end: string | null): Captured<Vasopressor> =>
  cap({ agent, dose: agent === 'vasopressin' ? 0.03 : 0.1, unit: agent === 'vasopressin' ? 'units/min' : 'ug/kg/min', start, end })
const med = (name: string, start: string, end: string | null): Captured<MedicationForm> =>
  cap<MedicationForm>({ name, category: 'CONCOMITANT', rescueType: null, dose: 1, unit: 'g', start: start as MedicationForm['start'], end: end as MedicationForm['end'] })
type Item = boolean | null
const items = (points: number, v: readonly Item[] = Array.from({ length: 10 }, (_, i) => i < points)): NonNullable<Neuro['iceItems']> => ({
  orientation: { year: v[0] ?? null, month: v[1] ?? null, city: v[2] ?? null, hospital: v[3] ?? null },
  naming: [v[4] ?? null, v[5] ?? null, v[6] ?? null],
  followsCommands: v[7] ?? null,
  writesStandardSentence: v[8] ?? null,
  countsBackwardsBy10: v[9] ?? null,
})
const neuro = (assessedAt: string, n: Partial<Neuro>): Captured<Neuro> =>
  cap({
    assessedAt, tool: 'ICE', iceItems: items(10), unableToPerform: false, capdTotal: null, consciousness: 'normal', seizure: 'none',
    deepFocalMotorWeakness: false, raisedIcp: 'none', intracranialHaemorrhage: false, ...n,
  })
const subject = (s: Partial<SubjectBedsideData>): SubjectBedsideData => ({ infusionDate: INF, ageYears: 40, vitals: [], oxygen: [], vasopressors: [], neuro: [], medications: [], ...s })
const crsGrades = (s: SubjectBedsideData, ...rest: Parameters<typeof subjectSafetyCourse> extends [unknown, ...infer R] ? R : never) =>
  subjectSafetyCourse(s, ...rest).crs.days.map((d) => [d.day, shape(d.outcome)])

// ─── §1.4 worked examples from bedside forms ─────────────────────────────────────────────────────────────────

describe('§1.4 C1-C12 entered as bedside forms (vital signs, oxygen, vasopressors, medications) → daily CRS grade', () => {
  // one day (Day 2) of an adult: temperature, systolic (< 90 mmHg = hypotension, the adult PALS default), oxygen
  const oneDay = (temp: number, sbp: number, delivery: Oxygen['delivery'], flow: number | null = null, pressors: Captured<Vasopressor>[] = []) =>
    crsGrades(subject({ vitals: [vs('2025-03-03T08:00', temp, sbp)], oxygen: [o2('2025-03-03T08:00', delivery, flow)], vasopressors: pressors }))
  it('C1 38.6 °C, normal BP, room air → 1', () => expect(oneDay(38.6, 120, 'none')).toEqual([[2, 1]]))
  it('C2 38.0 °C exactly → 1 (≥ 38.0 is fever)', () => expect(oneDay(38.0, 120, 'none')).toEqual([[2, 1]]))
  it('C3 37.9 °C, no prior CRS, normal BP, 2 L/min → 0', () => expect(oneDay(37.9, 120, 'low_flow', 2)).toEqual([[2, 0]]))
  it('C4 39.1 °C, hypotension needing a fluid bolus only, 2 L/min → 2', () => expect(oneDay(39.1, 85, 'low_flow', 2)).toEqual([[2, 2]]))
  it('C5 38.4 °C, nasal cannula 6 L/min → 2 (still low-flow)', () => expect(oneDay(38.4, 120, 'low_flow', 6)).toEqual([[2, 2]]))
  it('C6 38.4 °C, nasal cannula 7 L/min → 3, whichever cannula box was ticked', () => {
    expect(oneDay(38.4, 120, 'high_flow', 7)).toEqual([[2, 3]])
    expect(oneDay(38.4, 120, 'low_flow', 7)).toEqual([[2, 3]])
  })
  it('C7 39.5 °C, one vasopressor, low-flow O2 → 3', () =>
    expect(oneDay(39.5, 82, 'low_flow', 3, [vp('norepinephrine', '2025-03-03T06:00', '2025-03-03T22:00')])).toEqual([[2, 3]]))
  const c8 = (second: Vasopressor['agent']) =>
    crsGrades(subject({
      vitals: [vs('2025-03-03T08:00', 38.9), vs('2025-03-04T08:00', 36.8, 78)],
      oxygen: [o2('2025-03-03T08:00', 'none'), o2('2025-03-04T08:00', 'none')],
      vasopressors: [vp('norepinephrine', '2025-03-04T06:00', '2025-03-04T20:00'), vp(second, '2025-03-04T07:00', '2025-03-04T20:00')],
      medications: [med('Tocilizumab', '2025-03-03', '2025-03-03')],
    }))
  it('C8 CRS Day 2, tocilizumab Day 2, Day 3 36.8 °C on norepinephrine + vasopressin → 3 (masking; vasopressin not counted)', () =>
    expect(c8('vasopressin')).toEqual([[2, 1], [3, 3]]))
  it('C9 as C8 with norepinephrine + epinephrine → 4', () => expect(c8('epinephrine')).toEqual([[2, 1], [3, 4]]))
  it('C10 grade 1 on Day 1 treated with paracetamol; Day 2 37.3 °C needing a fluid bolus → 2 (CRS-2)', () =>
    expect(crsGrades(subject({
      vitals: [vs('2025-03-02T18:00', 38.3), vs('2025-03-03T08:00', 37.3, 84)],
      oxygen: [o2('2025-03-02T18:00', 'none'), o2('2025-03-03T08:00', 'none')],
      medications: [med('Paracetamol', '2025-03-02', '2025-03-02')],
    }))).toEqual([[1, 1], [2, 2]]))
  it('C11 38.9 °C, BiPAP → 4', () => expect(oneDay(38.9, 120, 'cpap_bipap')).toEqual([[2, 4]]))
  it('C12 39 °C with no hypotension or hypoxia → 1 (a transaminase rise is not a CRS input, CRS-5)', () => expect(oneDay(39, 120, 'none')).toEqual([[2, 1]]))
})

// ─── §2.6 worked examples from bedside forms ─────────────────────────────────────────────────────────────────

describe('§2.6 N1-N16 entered as neurological assessment forms → daily ICANS grade, tool by age (ICANS-5)', () => {
  const at = '2025-03-05T09:00' // Day 4
  const run = (ageYears: number, n: Partial<Neuro>) => {
    const s = subjectSafetyCourse(subject({ ageYears, neuro: [neuro(at, n)] }))
    return { grade: s.icans.days.map((d) => shape(d.outcome)), tool: s.icansTool, issues: s.issues.map((i) => i.code), notes: s.icans.days.flatMap((d) => d.outcome.notes) }
  }
  const cases: [string, number, Partial<Neuro>, number][] = [
    ['N1 age 40, ICE 8, alert', 40, { iceItems: items(8) }, 1],
    ['N2 age 40, ICE 10, alert', 40, { iceItems: items(10) }, 0],
    ['N3 age 40, ICE 5, awakens to voice', 40, { iceItems: items(5), consciousness: 'awakens-to-voice' }, 2],
    ['N4 age 25, ICE 2, alert', 25, { iceItems: items(2) }, 3],
    ['N5 age 25, ICE 0, awake, global aphasia', 25, { iceItems: items(0) }, 3],
    ['N6 age 25, ICE 0, unarousable', 25, { iceItems: null, unableToPerform: true, consciousness: 'unarousable' }, 4],
    ['N7 age 40, ICE 9 + rapidly resolving generalised seizure', 40, { iceItems: items(9), seizure: 'rapidly-resolving' }, 3],
    ['N8 age 40, ICE 7 + diffuse cerebral oedema', 40, { iceItems: items(7), raisedIcp: 'diffuse-oedema-or-signs' }, 4],
    ['N9 age 40, ICE 10, tremor (CTCAE, not an input)', 40, { iceItems: items(10) }, 0],
    ['N11 age 9, CAPD 6, drowsy, awakens spontaneously', 9, { tool: 'CAPD', iceItems: null, capdTotal: 6, consciousness: 'awakens-spontaneously' }, 1],
    ['N12 age 9, CAPD 6, awakens only to voice', 9, { tool: 'CAPD', iceItems: null, capdTotal: 6, consciousness: 'awakens-to-voice' }, 2],
    ['N13 age 9, CAPD 12', 9, { tool: 'CAPD', iceItems: null, capdTotal: 12 }, 3],
    ['N14 age 8, unable to perform CAPD, unarousable', 8, { tool: 'CAPD', iceItems: null, unableToPerform: true, consciousness: 'unarousable' }, 4],
    ['N16 age 13, ICE 6 (ICE used)', 13, { iceItems: items(6) }, 2],
  ]
  for (const [name, age, n, expected] of cases)
    it(`${name} → ${expected}, with the tool the age selects and no tool issue`, () => {
      const r = run(age, n)
      expect(r.grade).toEqual([expected])
      expect(r.tool).toBe(age <= 12 ? 'CAPD' : 'ICE')
      expect(r.issues).toEqual([])
    })
  it('N10 age 17, ICE 6, platelets 8, intraparenchymal haemorrhage → ICANS 2 from the ICE; haemorrhage left to CTCAE (ICANS-4)', () => {
    const r = run(17, { iceItems: items(6), intracranialHaemorrhage: true })
    expect(r.grade).toEqual([2])
    expect(r.notes.join(' ')).toMatch(/ICANS-4/)
  })
  it('N15 age 12 (12th birthday last month) → CAPD; the ICE recorded instead is graded but flagged', () => {
    const r = run(12, { iceItems: items(8) })
    expect(r.tool).toBe('CAPD')
    expect(r.grade).toEqual([1])
    expect(r.issues).toEqual(['wrong_icans_tool'])
  })
})

// ─── CRS-7 / ICANS-6: event grade = maximum over the event ──────────────────────────────────────────────────

const crsDay = (day: number, f: Partial<CrsDailyFindings> = {}): CrsDailyFindings => ({ day, maxTemperatureC: 37.0, hypotension: false, vasopressors: [], oxygen: { delivery: 'none' }, ...f })
const icansDay = (day: number, f: Partial<IcansDailyFindings> = {}): IcansDailyFindings => ({
  day, encephalopathy: { tool: 'ICE', score: 10 }, consciousness: 'normal', seizure: 'none', deepFocalMotorWeakness: false, raisedIcp: 'none', ...f,
})

describe('CRS-7 / ICANS-6 event maximum: a not-evaluable day is settled by a later, higher known grade', () => {
  it('CRS: Day 2 oxygen not recorded (grade 1-4), Day 3 BiPAP (4): the episode maximum 4 is exact and the course complete', () => {
    const r = gradeCrsCourse([crsDay(1, { maxTemperatureC: 38.5 }), crsDay(2, { maxTemperatureC: 38.5, oxygen: null }), crsDay(3, { maxTemperatureC: 38.6, oxygen: { delivery: 'bipap' } }), crsDay(4)], [])
    expect(r.episodes.map((e) => [e.onsetDay, e.maxGrade, e.maxGradeDay, e.maxGradeIsLowerBound, e.resolutionDay])).toEqual([[1, 4, 3, false, 4]])
    expect([r.maxGrade, r.complete]).toEqual([4, true])
  })
  it('CRS: with Day 3 on a facemask (3) instead, Day 2 could still have been 4: the maximum stays a lower bound', () => {
    const r = gradeCrsCourse([crsDay(1, { maxTemperatureC: 38.5 }), crsDay(2, { maxTemperatureC: 38.5, oxygen: null }), crsDay(3, { maxTemperatureC: 38.6, oxygen: { delivery: 'facemask' } }), crsDay(4)], [])
    expect(r.episodes.map((e) => [e.maxGrade, e.maxGradeIsLowerBound])).toEqual([[3, true]])
    expect(r.complete).toBe(false)
  })
  it('ICANS: Day 2 consciousness not assessed, Day 3 unarousable (4): the episode maximum 4 is exact', () => {
    const r = gradeIcansCourse([icansDay(1, { encephalopathy: { tool: 'ICE', score: 8 } }), icansDay(2, { encephalopathy: { tool: 'ICE', score: 8 }, consciousness: null }), icansDay(3, { encephalopathy: { tool: 'ICE', unarousable: true }, consciousness: 'unarousable' })], [])
    expect(r.episodes.map((e) => [e.maxGrade, e.maxGradeIsLowerBound])).toEqual([[4, false]])
    expect(r.complete).toBe(true)
  })
  it('property: an episode maximum is a lower bound iff a not-evaluable day inside it could exceed it (CRS and ICANS)', () => {
    const temp = fc.constantFrom<number | null>(null, 36.9, 38.0, 39.2)
    const oxygen = fc.constantFrom<OxygenSupport | null>(null, { delivery: 'none' }, { delivery: 'nasal-cannula', flowLPerMin: 3 }, { delivery: 'facemask' }, { delivery: 'bipap' })
    const crsArb = fc.array(fc.record({ temp, oxygen, hypotension: fc.constantFrom<boolean | null>(null, false, true) }), { minLength: 1, maxLength: 10 })
    const icansArb = fc.array(fc.record({ score: fc.constantFrom<number | null>(null, 10, 8, 5, 1), consciousness: fc.constantFrom<'normal' | 'unarousable' | null>(null, 'normal', 'normal', 'unarousable') }), { minLength: 1, maxLength: 10 })
    const check = (days: readonly { day: number; outcome: ToxicityGradeOutcome<number> }[], episodes: readonly { onsetDay: number; resolutionDay: number | null; maxGrade: number; maxGradeIsLowerBound: boolean }[]) => {
      for (const e of episodes) {
        const inside = days.filter((d) => d.day >= e.onsetDay && (e.resolutionDay === null || d.day < e.resolutionDay))
        const couldExceed = inside.some((d) => d.outcome.kind === 'not-evaluable' && (d.outcome.atMost ?? 5) > e.maxGrade)
        expect(e.maxGradeIsLowerBound).toBe(couldExceed)
      }
    }
    fc.assert(
      fc.property(crsArb, icansArb, (crs, icans) => {
        const c = gradeCrsCourse(crs.map((x, i) => crsDay(i, { maxTemperatureC: x.temp, oxygen: x.oxygen, hypotension: x.hypotension })), [{ day: 1, class: 'tocilizumab' }])
        check(c.days, c.episodes)
        const n = gradeIcansCourse(icans.map((x, i) => icansDay(i, { encephalopathy: { tool: 'ICE', score: x.score }, consciousness: x.consciousness })), [])
        check(n.days, n.episodes)
      }),
      FC,
    )
  })
})

// ─── PROTOCOL DECISIONs through the subject course ──────────────────────────────────────────────────────────

describe('PROTOCOL DECISIONs of §1-§2 are parameters of the subject course, with the doc defaults', () => {
  // Day 1 fever (grade 1); Day 2 afebrile on 2 L/min without masking (not CRS, grade 0); Day 3 afebrile on room air
  const course = subject({
    vitals: [vs('2025-03-02T08:00', 38.5), vs('2025-03-03T08:00', 37.0), vs('2025-03-04T08:00', 36.8)],
    oxygen: [o2('2025-03-02T08:00', 'none'), o2('2025-03-03T08:00', 'low_flow', 2), o2('2025-03-04T08:00', 'none')],
  })
  it('CRS-7 resolution: default needs 24 h afebrile, off vasopressors and off O2 (Day 3); "grade-0" resolves on Day 2', () => {
    expect(subjectSafetyCourse(course).crs.episodes.map((e) => [e.onsetDay, e.resolutionDay])).toEqual([[1, 3]])
    expect(subjectSafetyCourse(course, { crs: { resolutionRule: 'afebrile-off-vasopressors-off-oxygen' } }).crs.episodes.map((e) => e.resolutionDay)).toEqual([3])
    expect(subjectSafetyCourse(course, { crs: { resolutionRule: 'grade-0' } }).crs.episodes.map((e) => e.resolutionDay)).toEqual([2])
  })
  it('CRS-2 masking therapies: paracetamol masks by default; a protocol counting only anti-cytokine therapy does not', () => {
    const c10 = subject({
      vitals: [vs('2025-03-02T18:00', 38.3), vs('2025-03-03T08:00', 37.3, 84)],
      oxygen: [o2('2025-03-02T18:00', 'none'), o2('2025-03-03T08:00', 'none')],
      medications: [med('Paracetamol', '2025-03-02', '2025-03-02')],
    })
    expect(crsGrades(c10)).toEqual([[1, 1], [2, 2]])
    expect(crsGrades(c10, { crs: { maskingTherapyClasses: ['tocilizumab', 'corticosteroid', 'anti-cytokine-other'] } })).toEqual([[1, 1], [2, 0]])
  })
  it('hypotension threshold (engine PROTOCOL DECISION, PALS default < 90 mmHg for adults): a protocol may use < 100', () => {
    const s = subject({ vitals: [vs('2025-03-02T08:00', 38.5, 95)], oxygen: [o2('2025-03-02T08:00', 'none')] })
    expect(crsGrades(s)).toEqual([[1, 1]])
    expect(crsGrades(s, { hypotensionThreshold: () => 100 })).toEqual([[1, 2]])
  })
  it('ICANS-5 developmental-delay flag forces CAPD at any age (PROTOCOL DECISION, default on); off, age decides', () => {
    const adult = subject({ ageYears: 20, developmentalDelay: true, neuro: [neuro('2025-03-05T09:00', { tool: 'CAPD', iceItems: null, capdTotal: 10 })] })
    const on = subjectSafetyCourse(adult)
    expect([on.icansTool, on.issues.map((i) => i.code), on.icans.maxGrade]).toEqual(['CAPD', [], 3])
    const off = subjectSafetyCourse(adult, { developmentalDelayForcesCapd: false })
    expect([off.icansTool, off.issues.map((i) => i.code), off.icans.maxGrade]).toEqual(['ICE', ['wrong_icans_tool'], 3])
    const noDelay = subjectSafetyCourse({ ...adult, developmentalDelay: false })
    expect([noDelay.icansTool, noDelay.issues.map((i) => i.code)]).toEqual(['ICE', ['wrong_icans_tool']])
  })
  it('ICANS-5 in the bedside layer alone: a developmentally delayed 30-year-old assessed with ICE is flagged', () => {
    const r = icansFindingsFromBedside({ infusionDate: INF, ageYears: 30, developmentalDelay: true, neuro: [neuro('2025-03-05T09:00', { iceItems: items(8) })] })
    expect([r.tool, r.issues.map((i) => i.code)]).toEqual(['CAPD', ['wrong_icans_tool']])
  })
})
