import { describe, expect, it } from 'vitest'
import { crsFindingsFromBedside, hypotensionThresholdMmHg } from './bedside-crs-findings.js'
import { icansToolForAge } from './bedside-icans-findings.js'
import { gradeRises, subjectSafetyCourse, type SubjectBedsideData } from './subject-safety-course.js'
import { analyteForTestCode } from './lab-test-codes.js'

const vs = (id: string, at: string, t: number | null, sbp: number | null = 120) => ({ id, data: { measuredAt: at, temperatureC: t, systolicMmHg: sbp, diastolicMmHg: 70, heartRate: 90, spo2Percent: 96 } })
const o2 = (id: string, at: string, delivery: 'none' | 'low_flow' | 'high_flow', flowLpm: number | null = null) => ({ id, data: { measuredAt: at, delivery, flowLpm } })
const base: SubjectBedsideData = { infusionDate: '2025-03-01', ageYears: 40, vitals: [], oxygen: [], vasopressors: [], neuro: [], medications: [] }

describe('worst-of-day CRS findings (safety-grading.md §1)', () => {
  it('takes the day maximum temperature and the most intensive oxygen; pre-infusion days are left out', () => {
    const f = crsFindingsFromBedside({ ...base, vitals: [vs('1', '2025-03-02T08:00', 37.2), vs('2', '2025-03-02T20:00', 38.4), vs('3', '2025-02-28T08:00', 39)], oxygen: [o2('4', '2025-03-02T09:00', 'low_flow', 6), o2('5', '2025-03-02T21:00', 'none')] })
    expect(f).toEqual([{ day: 1, maxTemperatureC: 38.4, hypotension: false, vasopressors: [], oxygen: { delivery: 'nasal-cannula', flowLPerMin: 6 } }])
  })
  it('PALS hypotension thresholds by age (PROTOCOL DECISION)', () => {
    expect([hypotensionThresholdMmHg(40), hypotensionThresholdMmHg(8), hypotensionThresholdMmHg(null)]).toEqual([90, 86, 90])
  })
})

describe('subject course and grade rises', () => {
  it('C8-like: tocilizumab after onset masks fever; norepinephrine + vasopressin the next day is grade 3', () => {
    const course = subjectSafetyCourse({
      ...base,
      vitals: [vs('1', '2025-03-03T08:00', 38.9), vs('2', '2025-03-04T08:00', 36.8, 80)],
      oxygen: [o2('3', '2025-03-03T08:00', 'none'), o2('4', '2025-03-04T08:00', 'none')],
      vasopressors: [
        { id: '5', data: { agent: 'norepinephrine', dose: 0.1, unit: 'ug/kg/min', start: '2025-03-04T06:00', end: '2025-03-04T20:00' } },
        { id: '6', data: { agent: 'vasopressin', dose: 0.03, unit: 'units/min', start: '2025-03-04T07:00', end: '2025-03-04T20:00' } },
      ],
      medications: [{ id: '7', data: { name: 'Tocilizumab', category: 'CONCOMITANT', rescueType: null, dose: 8, unit: 'mg/kg', start: '2025-03-03', end: '2025-03-03' } as never }],
    })
    expect(course.crs.days.map((d) => [d.day, d.outcome.kind === 'graded' ? d.outcome.grade : null, d.masked])).toEqual([[2, 1, false], [3, 3, true]])
    expect(course.crs.episodes[0]?.treatments.map((t) => t.class)).toContain('tocilizumab')
  })
  it('a new oxygen record that raises the day grade is a rise; the same grade is not', () => {
    const before = subjectSafetyCourse({ ...base, vitals: [vs('1', '2025-03-02T08:00', 38.6)], oxygen: [o2('2', '2025-03-02T08:00', 'none')] })
    const after = subjectSafetyCourse({ ...base, vitals: [vs('1', '2025-03-02T08:00', 38.6)], oxygen: [o2('2', '2025-03-02T08:00', 'none'), o2('3', '2025-03-02T12:00', 'high_flow', 10)] })
    expect(gradeRises(before, after, base.infusionDate)).toMatchObject([{ kind: 'crs', day: 1, date: '2025-03-02', grade: 3, previousGrade: 1 }])
    expect(gradeRises(after, after, base.infusionDate)).toEqual([])
  })
  it('ICANS-5: CAPD for ≤ 12 years, ICE above; lab codes map to CTCAE analytes', () => {
    expect([icansToolForAge(12), icansToolForAge(13), icansToolForAge(null)]).toEqual(['CAPD', 'ICE', 'ICE'])
    expect([analyteForTestCode('PLAT'), analyteForTestCode('neut'), analyteForTestCode('IGG')]).toEqual(['platelets', 'neutrophils', null])
  })
})
