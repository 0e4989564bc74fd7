/**
 * Protocol `safety` settings: every PROTOCOL DECISION of safety-grading.md is a protocol parameter whose schema
 * default is the doc default (and the default of the core function that applies it), and a non-default value
 * changes the result.
 * Source: ../shared/domain/safety-grading.md §1.1, §1.2 CRS-2 / CRS-7, §2.4 ICANS-5, §3.2 LAB-7, §4.2, §5;
 * ../shared/domain/README.md ("keep it configurable, never hard-code a second opinion").
 */
import { describe, expect, it } from 'vitest'
import seed from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import type { Oxygen } from '../forms/oxygen.js'
import type { VitalSigns } from '../forms/vital-signs.js'
import { subjectSafetyCourse, subjectSafetyOptionsOf, type Captured, type SubjectBedsideData } from '../safety-course/index.js'
import {
  CTCAE_V5_LAB_TERMS, dltStatus, ICH_E2A_REPORTING_RULES, proposeLabAes, siteInitialReportClock, type DltSubject, type LabSeriesSample,
} from '../toxicity/index.js'
import { DEFAULT_SAFETY_SETTINGS, defaultSafetySettings, describeProtocolChanges, parseProtocol, protocolJsonSchema, safetySettingsOf, SafetySettingsSchema, type Protocol } from './index.js'

/** The defaults as the doc states them, written out (not read from the code under test). */
const DOC_DEFAULTS = {
  // §1.2 CRS-2: antipyretic or anti-cytokine therapy (e.g. tocilizumab, corticosteroids)
  crs: { maskingTherapyClasses: ['antipyretic', 'tocilizumab', 'corticosteroid', 'anti-cytokine-other'], resolutionRule: 'afebrile-off-vasopressors-off-oxygen', hypotensionThreshold: 'pals' },
  // §2.4 ICANS-5: the developmental-delay flag forces CAPD at any age
  icans: { developmentalDelayForcesCapd: true },
  // §3.2 LAB-7: thrombocytopenia only when worse than baseline
  lab: { worseningOnlyAnalytes: ['platelets'] },
  // §4.2: site -> sponsor within 24 hours
  sae: { siteInitialReportHours: 24 },
  // §5: patients lost before window end without DLT are replaced; onset inside the window counts
  dlt: { offStudyBeforeWindowEnd: 'not-evaluable', anchor: 'onset' },
}

const parsed = (json: unknown): Protocol => {
  const r = parseProtocol(json)
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.value
}

// bedside builders (Day 0 = 2025-03-01)
let seq = 0
const cap = <T>(data: T): Captured<T> => ({ id: `r${++seq}`, data })
const vs = (measuredAt: string, temperatureC: number, systolicMmHg = 120): Captured<VitalSigns> =>
  cap({ measuredAt, temperatureC, systolicMmHg, diastolicMmHg: 60, heartRate: 90, spo2Percent: 97 })
const o2 = (measuredAt: string, delivery: Oxygen['delivery'], flowLpm: number | null = null): Captured<Oxygen> => cap({ measuredAt, delivery, flowLpm })
const subject = (over: Partial<SubjectBedsideData>): SubjectBedsideData => ({ infusionDate: '2025-03-01', ageYears: 40, vitals: [], oxygen: [], vasopressors: [], neuro: [], medications: [], ...over })
// Day 1 fever (grade 1); Day 2 afebrile on 2 L/min (not CRS: grade 0); Day 3 afebrile on room air
const resolving = subject({
  vitals: [vs('2025-03-02T08:00', 38.5), vs('2025-03-03T08:00', 37.0), vs('2025-03-04T08:00', 36.8)],
  oxygen: [o2('2025-03-02T08:00', 'none'), o2('2025-03-03T08:00', 'low_flow', 2), o2('2025-03-04T08:00', 'none')],
})
const optionsWith = (crs: Partial<Protocol['safety']['crs']> = {}, icans: Partial<Protocol['safety']['icans']> = {}) => {
  const d = defaultSafetySettings()
  return subjectSafetyOptionsOf({ ...d.crs, ...crs }, { ...d.icans, ...icans })
}

describe('protocol safety settings: the schema defaults are the doc defaults', () => {
  it('a protocol without `safety` (every seed file) parses to the doc defaults; so does an empty block', () => {
    expect(parsed(seed).safety).toEqual(DOC_DEFAULTS)
    expect(parsed({ ...seed, safety: {} }).safety).toEqual(DOC_DEFAULTS)
    expect(parsed({ ...seed, safety: { crs: { resolutionRule: 'grade-0' } } }).safety).toEqual({ ...DOC_DEFAULTS, crs: { ...DOC_DEFAULTS.crs, resolutionRule: 'grade-0' } })
    expect(defaultSafetySettings()).toEqual(DOC_DEFAULTS)
    expect(DEFAULT_SAFETY_SETTINGS).toEqual(DOC_DEFAULTS)
    expect(safetySettingsOf({})).toEqual(DOC_DEFAULTS)
  })
  it('each parse gets its own copy of the defaults (a caller changing one does not change the next)', () => {
    const a = defaultSafetySettings()
    a.crs.maskingTherapyClasses.pop()
    a.lab.worseningOnlyAnalytes.push('neutrophils')
    expect(defaultSafetySettings()).toEqual(DOC_DEFAULTS)
  })
  it('the defaults give what the core functions give without options', () => {
    const d = defaultSafetySettings()
    // CRS / ICANS course (CRS-2, CRS-7, hypotension, ICANS-5)
    const low = subject({ ageYears: 8, vitals: [vs('2025-03-02T08:00', 38.5, 85), vs('2025-03-03T08:00', 37.0, 95)], oxygen: [o2('2025-03-02T08:00', 'none'), o2('2025-03-03T08:00', 'none')] })
    for (const s of [resolving, low, { ...low, developmentalDelay: true, ageYears: 30 }])
      expect(subjectSafetyCourse(s, subjectSafetyOptionsOf(d.crs, d.icans))).toEqual(subjectSafetyCourse(s))
    // LAB-7
    const plt = (date: string, value: number): LabSeriesSample => ({ analyte: 'platelets', date, value, unit: '10^9/L', lln: 150 })
    const samples = [plt('2025-01-01', 12), plt('2025-01-10', 5), plt('2025-01-20', 40)]
    expect(proposeLabAes(samples, { baselineDate: '2025-01-03', worseningOnlyAnalytes: d.lab.worseningOnlyAnalytes })).toEqual(proposeLabAes(samples, { baselineDate: '2025-01-03' }))
    // §4.2 site clock
    expect(d.sae.siteInitialReportHours).toBe(ICH_E2A_REPORTING_RULES.siteInitialReportHours)
    // §5 DLT
    const lost: DltSubject = { subjectId: 'P5', doseLevel: 1, receivedAssignedDose: true, observedThroughDay: 10, offStudy: true, events: [] }
    expect(dltStatus(lost, d.dlt)).toEqual(dltStatus(lost))
  })
  it('LAB-7 lists exactly the analytes core grades', () => {
    const json = JSON.stringify(protocolJsonSchema())
    for (const a of Object.keys(CTCAE_V5_LAB_TERMS)) expect(SafetySettingsSchema.safeParse({ lab: { worseningOnlyAnalytes: [a] } }).success).toBe(true)
    expect(SafetySettingsSchema.safeParse({ lab: { worseningOnlyAnalytes: ['igg'] } }).success).toBe(false)
    expect(json).toContain('worseningOnlyAnalytes')
  })
  it('the JSON Schema offers `safety` as optional; unknown keys and values are rejected with their path', () => {
    const s = protocolJsonSchema() as { required: string[]; properties: Record<string, unknown> }
    expect(Object.keys(s.properties)).toContain('safety')
    expect(s.required).not.toContain('safety')
    const bad = parseProtocol({ ...seed, safety: { crs: { resolutionRule: 'first-normal-day', hypotensionThreshold: 'nice' }, sae: { siteInitialReportHours: 0 }, extra: 1 } })
    expect(bad.issues?.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['safety.crs.resolutionRule', 'safety.crs.hypotensionThreshold', 'safety.sae.siteInitialReportHours', 'safety']),
    )
    expect(safetySettingsOf({ safety: { dlt: { anchor: 'peak' } } })).toBeNull()
  })
})

describe('protocol safety settings: a non-default value changes the result', () => {
  it('CRS-7 resolution `grade-0` resolves CRS on the first grade-0 day (Day 2, not Day 3)', () => {
    const p = parsed({ ...seed, safety: { crs: { resolutionRule: 'grade-0' } } })
    expect(subjectSafetyCourse(resolving, subjectSafetyOptionsOf(p.safety.crs, p.safety.icans)).crs.episodes.map((e) => e.resolutionDay)).toEqual([2])
    expect(subjectSafetyCourse(resolving, optionsWith()).crs.episodes.map((e) => e.resolutionDay)).toEqual([3])
  })
  it('CRS-2 masking classes: paracetamol masks fever by default, not when the protocol counts anti-cytokine therapy only', () => {
    const c10 = subject({
      vitals: [vs('2025-03-02T18:00', 38.3), vs('2025-03-03T08:00', 37.3, 84)],
      oxygen: [o2('2025-03-02T18:00', 'none'), o2('2025-03-03T08:00', 'none')],
      medications: [cap({ name: 'Paracetamol', category: 'CONCOMITANT', rescueType: null, dose: 1, unit: 'g', start: '2025-03-02', end: '2025-03-02' } as never)],
    })
    const grades = (o: ReturnType<typeof optionsWith>) => subjectSafetyCourse(c10, o).crs.days.map((d) => (d.outcome.kind === 'graded' ? d.outcome.grade : null))
    expect(grades(optionsWith())).toEqual([1, 2]) // C10
    expect(grades(optionsWith({ maskingTherapyClasses: ['tocilizumab', 'corticosteroid', 'anti-cytokine-other'] }))).toEqual([1, 0])
  })
  it('hypotension: a fixed 100 mmHg makes systolic 95 at age 40 hypotension (PALS: < 90)', () => {
    const s = subject({ vitals: [vs('2025-03-02T08:00', 38.6, 95)], oxygen: [o2('2025-03-02T08:00', 'none')] })
    const grade = (o: ReturnType<typeof optionsWith>) => subjectSafetyCourse(s, o).crs.maxGrade
    expect(grade(optionsWith())).toBe(1)
    expect(grade(optionsWith({ hypotensionThreshold: 100 }))).toBe(2)
  })
  it('ICANS-5: without the developmental-delay rule a 30-year-old with the flag is assessed by ICE', () => {
    const s = { ...subject({ ageYears: 30 }), developmentalDelay: true }
    expect(subjectSafetyCourse(s, optionsWith()).icansTool).toBe('CAPD')
    expect(subjectSafetyCourse(s, optionsWith({}, { developmentalDelayForcesCapd: false })).icansTool).toBe('ICE')
  })
  it('LAB-7: with no worsening-only analytes, baseline grade 4 thrombocytopenia is proposed', () => {
    const p = parsed({ ...seed, safety: { lab: { worseningOnlyAnalytes: [] } } })
    const samples: LabSeriesSample[] = [{ analyte: 'platelets', date: '2025-01-01', value: 12, unit: '10^9/L', lln: 150 }, { analyte: 'platelets', date: '2025-01-10', value: 5, unit: '10^9/L', lln: 150 }]
    expect(proposeLabAes(samples, { baselineDate: '2025-01-03', worseningOnlyAnalytes: p.safety.lab.worseningOnlyAnalytes }).proposals.map((x) => x.rule)).toEqual(['any-abnormal'])
  })
  it('§4.2: a 48-hour site rule moves the due time (S4 with 48 h)', () => {
    const p = parsed({ ...seed, safety: { sae: { siteInitialReportHours: 48 } } })
    const clock = siteInitialReportClock({ siteAwareAt: '2025-03-03T10:00+08:00', asOf: '2025-03-04T12:00+08:00' }, p.safety.sae)
    expect(clock.ok && clock.value).toMatchObject({ dueAt: '2025-03-05T10:00+08:00', status: 'pending' })
  })
  it('§5: `evaluable-no-dlt` counts a patient lost before the window end; `qualifying-grade` drops a grade reached after it', () => {
    const p = parsed({ ...seed, safety: { dlt: { offStudyBeforeWindowEnd: 'evaluable-no-dlt', anchor: 'qualifying-grade' } } })
    const lost: DltSubject = { subjectId: 'P5', doseLevel: 1, receivedAssignedDose: true, observedThroughDay: 10, offStudy: true, events: [] }
    expect(dltStatus(lost, defaultSafetySettings().dlt)).toEqual({ kind: 'not-evaluable', reason: 'off-study-before-window-end' })
    expect(dltStatus(lost, p.safety.dlt)).toEqual({ kind: 'evaluable', dlt: false })
    const late: DltSubject = {
      ...lost, offStudy: false, observedThroughDay: 35,
      events: [{ term: 'ALT increased', grade: 3, category: 'non-haematological', attribution: 'probable', onsetDay: 27, qualifyingDay: 30 }],
    }
    expect(dltStatus(late, defaultSafetySettings().dlt)).toMatchObject({ kind: 'evaluable', dlt: true })
    expect(dltStatus(late, p.safety.dlt)).toEqual({ kind: 'evaluable', dlt: false })
    // a subject's own rule (its protocol version's) overrides the options
    expect(dltStatus({ ...late, anchor: 'onset' }, p.safety.dlt)).toMatchObject({ kind: 'evaluable', dlt: true })
    expect(dltStatus({ ...lost, offStudyBeforeWindowEnd: 'not-evaluable' }, p.safety.dlt).kind).toBe('not-evaluable')
  })
  it('an amendment changing a safety setting is described', () => {
    const v1 = parsed(seed)
    const v2 = parsed({ ...seed, safety: { crs: { resolutionRule: 'grade-0' } } })
    expect(describeProtocolChanges(v1, v2)).toContainEqual(
      expect.objectContaining({ area: 'safety', kind: 'changed', old: 'afebrile-off-vasopressors-off-oxygen', new: 'grade-0' }),
    )
  })
})
