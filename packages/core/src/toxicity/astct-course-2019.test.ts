import { describe, expect, it } from 'vitest'
import type { CrsDailyFindings } from './astct-crs-2019.js'
import { gradeCrsCourse } from './astct-crs-course-2019.js'
import type { IcansDailyFindings } from './astct-icans-2019.js'
import { gradeIcansCourse } from './astct-icans-course-2019.js'

const crs = (day: number, x: Partial<CrsDailyFindings>): CrsDailyFindings => ({ day, maxTemperatureC: 36.8, hypotension: false, oxygen: { delivery: 'none' }, ...x })
const neuro = (day: number, x: Partial<IcansDailyFindings>): IcansDailyFindings => ({ day, encephalopathy: { tool: 'ICE', score: 10 }, consciousness: 'normal', seizure: 'none', deepFocalMotorWeakness: false, raisedIcp: 'none', ...x })
const grades = (days: { outcome: { kind: string; grade?: number } }[]) => days.map((d) => (d.outcome.kind === 'graded' ? d.outcome.grade : 'NE'))

describe('course 1: adult, tocilizumab masks fever, vasopressin not counted (C8)', () => {
  const days = [
    crs(1, { maxTemperatureC: 38.9 }),
    crs(2, { maxTemperatureC: 39.5, hypotension: true, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2 } }),
    crs(3, { maxTemperatureC: 36.8, hypotension: true, vasopressors: [{ agent: 'norepinephrine', dose: 0.1, doseUnit: 'µg/kg/min' }, { agent: 'vasopressin', dose: 0.03, doseUnit: 'U/min' }] }),
    crs(4, { maxTemperatureC: 37.0, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2 } }),
    crs(5, {}),
    crs(6, {}),
  ]
  const r = gradeCrsCourse(days, [{ day: 2, class: 'tocilizumab', name: 'tocilizumab', dose: '8 mg/kg' }, { day: 3, class: 'vasopressor', name: 'norepinephrine' }])
  it('grades each day', () => expect(grades(r.days)).toEqual([1, 2, 3, 2, 0, 0]))
  it('marks masked days and explains the masking', () => {
    expect(r.days.map((d) => d.masked)).toEqual([false, true, true, true, true, false])
    expect(r.days[2]?.outcome.drivers[0]?.finding).toMatch(/masked by tocilizumab Day 2/)
  })
  it('summarises onset, maximum, resolution, duration and treatments', () => {
    expect(r).toMatchObject({ onsetDay: 1, maxGrade: 3, complete: true })
    expect(r.episodes).toHaveLength(1)
    expect(r.episodes[0]).toMatchObject({ onsetDay: 1, maxGrade: 3, maxGradeDay: 3, resolutionDay: 5, durationDays: 4, lastActiveDay: 4 })
    expect(r.episodes[0]?.treatments.map((t) => t.name)).toEqual(['tocilizumab', 'norepinephrine'])
  })
})

describe('course 2: child aged 9, CRS masked by tocilizumab, ICANS scored with CAPD', () => {
  const crsDays = [crs(1, { maxTemperatureC: 38.7 }), crs(2, { maxTemperatureC: 37.2, oxygen: { delivery: 'blow-by' } }), crs(3, {})]
  const crsR = gradeCrsCourse(crsDays, [{ day: 1, class: 'tocilizumab' }])
  it('CRS: 1, 2 (masked, blow-by), resolved Day 3', () => {
    expect(grades(crsR.days)).toEqual([1, 2, 0])
    expect(crsR.episodes[0]).toMatchObject({ onsetDay: 1, maxGrade: 2, resolutionDay: 3, durationDays: 2 })
  })
  const subject = { birthDate: '2016-01-15', infusionDate: '2025-03-01' }
  const capd = (total: number) => ({ tool: 'CAPD' as const, total })
  const icans = [
    neuro(2, { encephalopathy: capd(0) }),
    neuro(3, { encephalopathy: capd(10) }),
    neuro(4, { encephalopathy: capd(6), consciousness: 'awakens-to-voice' }),
    neuro(5, { encephalopathy: capd(4) }),
    neuro(6, { encephalopathy: capd(0) }),
  ]
  const r = gradeIcansCourse(icans, [{ day: 3, class: 'corticosteroid', name: 'dexamethasone' }], subject)
  it('ICANS: 0, 3, 2, 1, 0 with CAPD and no tool issue', () => {
    expect(grades(r.days)).toEqual([0, 3, 2, 1, 0])
    expect(r.issues).toEqual([])
    expect(r.episodes[0]).toMatchObject({ onsetDay: 3, maxGrade: 3, resolutionDay: 6, durationDays: 3 })
    expect(r.episodes[0]?.treatments.map((t) => t.name)).toEqual(['dexamethasone'])
  })
  it('flags ICE used for a child ≤ 12 (ICANS-5)', () => {
    const wrong = gradeIcansCourse([neuro(3, { encephalopathy: { tool: 'ICE', score: 8 } })], [], subject)
    expect(wrong.issues.map((i) => i.code)).toEqual(['wrong_icans_tool'])
  })
})

describe('course 3: antipyretic masking (C10) and the resolution PROTOCOL DECISION', () => {
  const days = [
    crs(1, { maxTemperatureC: 38.3 }),
    crs(2, { maxTemperatureC: 37.3, hypotension: true }),
    crs(3, { maxTemperatureC: 37.0, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 1, attributableToOtherCause: true } }),
    crs(4, {}),
  ]
  const tx = [{ day: 1, class: 'antipyretic' as const, name: 'paracetamol' }]
  it('default: resolution needs afebrile, off pressors and off oxygen', () => {
    const r = gradeCrsCourse(days, tx)
    expect(grades(r.days)).toEqual([1, 2, 0, 0])
    expect(r.episodes[0]).toMatchObject({ maxGrade: 2, resolutionDay: 4, durationDays: 3 })
  })
  it('grade-0 rule resolves on the first grade-0 day', () => {
    const r = gradeCrsCourse(days, tx, { resolutionRule: 'grade-0' })
    expect(r.episodes[0]).toMatchObject({ resolutionDay: 3, durationDays: 2 })
  })
})

describe('course 4: pre-onset antipyretic does not mask; a second episode needs fever again', () => {
  const days = [
    crs(0, {}),
    crs(1, { maxTemperatureC: 38.4 }),
    crs(2, { maxTemperatureC: 37.1, hypotension: true }),
    crs(3, {}),
    crs(6, { maxTemperatureC: 38.1 }),
    crs(7, {}),
  ]
  const r = gradeCrsCourse(days, [{ day: 0, class: 'antipyretic', name: 'paracetamol premedication' }])
  it('Day 2 is 0 (no masking: therapy before onset) and the episode resolves', () => {
    expect(grades(r.days)).toEqual([0, 1, 0, 0, 1, 0])
    expect(r.episodes.map((e) => [e.onsetDay, e.resolutionDay, e.maxGrade])).toEqual([[1, 2, 1], [6, 7, 1]])
    expect(r.onsetDay).toBe(1)
  })
})

describe('course 5: a not-evaluable day keeps the maximum a lower bound', () => {
  const days = [
    crs(1, { maxTemperatureC: 38.5 }),
    crs(2, { maxTemperatureC: 38.8, oxygen: null }),
    crs(3, { maxTemperatureC: 38.9, oxygen: { delivery: 'high-flow-nasal-cannula', flowLPerMin: 30 } }),
    crs(4, {}),
  ]
  const r = gradeCrsCourse(days, [])
  it('reports NE for Day 2 and an incomplete course', () => {
    expect(grades(r.days)).toEqual([1, 'NE', 3, 0])
    expect(r.maxGrade).toBe(3)
    expect(r.complete).toBe(false)
    expect(r.episodes[0]?.maxGradeIsLowerBound).toBe(true)
  })
})

describe('course 6: adult grade 3 ICANS treated with methylprednisolone (seed abstract)', () => {
  const days = [
    neuro(4, { encephalopathy: { tool: 'ICE', score: 8 } }),
    neuro(5, { encephalopathy: { tool: 'ICE', score: 2 } }),
    neuro(6, { encephalopathy: { tool: 'ICE', score: 5 }, seizure: 'none' }),
    neuro(7, {}),
  ]
  const r = gradeIcansCourse(days, [{ day: 5, class: 'corticosteroid', name: 'methylprednisolone', dose: '1 g' }], { birthDate: '2000-01-01', infusionDate: '2025-03-01' })
  it('grades 1, 3, 2, 0 and summarises', () => {
    expect(grades(r.days)).toEqual([1, 3, 2, 0])
    expect(r).toMatchObject({ onsetDay: 4, maxGrade: 3, complete: true, issues: [] })
    expect(r.episodes[0]).toMatchObject({ resolutionDay: 7, durationDays: 3 })
  })
})
