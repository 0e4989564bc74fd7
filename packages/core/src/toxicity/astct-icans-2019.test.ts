import { describe, expect, it } from 'vitest'
import { gradeIcansDay, type EncephalopathyAssessment, type IcansDailyFindings } from './astct-icans-2019.js'
import { iceScore } from './astct-ice-2019.js'
import { ageInCompletedYears, selectIcansTool } from './astct-icans-tool-2019.js'

const ice = (score: number, unarousable = false): EncephalopathyAssessment => ({ tool: 'ICE', score, unarousable })
const capd = (total: number | null, unableToPerform = false): EncephalopathyAssessment => ({ tool: 'CAPD', total, unableToPerform })
const f = (x: Partial<IcansDailyFindings>): IcansDailyFindings => ({ day: 3, encephalopathy: ice(10), consciousness: 'normal', seizure: 'none', deepFocalMotorWeakness: false, raisedIcp: 'none', ...x })
const g = (x: Partial<IcansDailyFindings>) => {
  const o = gradeIcansDay(f(x))
  return o.kind === 'graded' ? o.grade : `NE>=${o.atLeast}`
}

describe('ASTCT 2019 ICANS, safety-grading.md §2.6 worked examples', () => {
  it('N1 ICE 8, alert → 1', () => expect(g({ encephalopathy: ice(8) })).toBe(1))
  it('N2 ICE 10, alert → 0', () => expect(g({ encephalopathy: ice(10) })).toBe(0))
  it('N3 ICE 5, awakens to voice → 2', () => expect(g({ encephalopathy: ice(5), consciousness: 'awakens-to-voice' })).toBe(2))
  it('N4 ICE 2, alert → 3', () => expect(g({ encephalopathy: ice(2) })).toBe(3))
  it('N5 ICE 0, awake, global aphasia → 3', () => expect(g({ encephalopathy: ice(0) })).toBe(3))
  it('N6 ICE 0, unarousable → 4', () => expect(g({ encephalopathy: ice(0, true), consciousness: 'unarousable' })).toBe(4))
  it('N7 ICE 9 + rapidly resolving generalised seizure → 3', () => {
    const o = gradeIcansDay(f({ encephalopathy: ice(9), seizure: 'rapidly-resolving' }))
    expect(o.kind === 'graded' && o.grade).toBe(3)
    expect(o.drivers.map((d) => d.component)).toEqual(['seizure'])
  })
  it('N8 ICE 7 + diffuse cerebral oedema → 4', () => expect(g({ encephalopathy: ice(7), raisedIcp: 'diffuse-oedema-or-signs' })).toBe(4))
  it('N9 ICE 10 with tremor → 0 (tremor is CTCAE, not an input)', () => expect(g({ encephalopathy: ice(10) })).toBe(0))
  it('N10 ICE 6, platelets 8, intraparenchymal haemorrhage → ICANS 2 + CTCAE note', () => {
    const o = gradeIcansDay(f({ encephalopathy: ice(6), intracranialHaemorrhage: true }))
    expect(o.kind === 'graded' && o.grade).toBe(2)
    expect(o.notes[0]).toMatch(/CTCAE/)
  })
  it('N11 CAPD 6, drowsy, awakens spontaneously → 1', () => expect(g({ encephalopathy: capd(6), consciousness: 'awakens-spontaneously' })).toBe(1))
  it('N12 CAPD 6, awakens only to voice → 2', () => expect(g({ encephalopathy: capd(6), consciousness: 'awakens-to-voice' })).toBe(2))
  it('N13 CAPD 12 → 3', () => expect(g({ encephalopathy: capd(12) })).toBe(3))
  it('N14 unable to perform CAPD, unarousable → 4', () => expect(g({ encephalopathy: capd(null, true), consciousness: 'unarousable' })).toBe(4))
  it('N15 age 12 (birthday 12 years ago last month) → CAPD', () => {
    expect(selectIcansTool({ birthDate: '2013-05-10', assessmentDate: '2025-06-01' })).toMatchObject({ tool: 'CAPD', ageYears: 12 })
  })
  it('N16 age 13, ICE 6 → ICE, grade 2', () => {
    expect(selectIcansTool({ birthDate: '2012-05-10', assessmentDate: '2025-06-01' }).tool).toBe('ICE')
    expect(g({ encephalopathy: ice(6) })).toBe(2)
  })
})

describe('ICANS rules', () => {
  it('missing domains are not assessed, never 0 (ICANS-6)', () => {
    expect(g({ seizure: null })).toBe('NE>=0')
    expect(g({ encephalopathy: ice(5), raisedIcp: null })).toBe('NE>=2')
    expect(g({ consciousness: 'unarousable', seizure: null })).toBe(4)
  })
  it('findings attributable to another cause are not counted (ICANS-1)', () => {
    expect(g({ consciousness: 'awakens-to-tactile', attributableToOtherCause: { consciousness: true } })).toBe(0)
  })
  it('CAPD 0 → 0; ICE out of range is not evaluable', () => {
    expect(g({ encephalopathy: capd(0) })).toBe(0)
    expect(g({ encephalopathy: ice(11) })).toBe('NE>=0')
  })
  it('developmental delay forces CAPD (ICANS-5 PROTOCOL DECISION, default on)', () => {
    expect(selectIcansTool({ birthDate: '1990-01-01', assessmentDate: '2025-06-01', developmentalDelay: true }).tool).toBe('CAPD')
    expect(selectIcansTool({ birthDate: '1990-01-01', assessmentDate: '2025-06-01', developmentalDelay: true, developmentalDelayForcesCapd: false }).tool).toBe('ICE')
  })
  it('completed years: Feb 29 birthdays turn over on Mar 1 in common years', () => {
    expect(ageInCompletedYears('2012-02-29', '2025-02-28')).toBe(12)
    expect(ageInCompletedYears('2012-02-29', '2025-03-01')).toBe(13)
    expect(ageInCompletedYears('2012-06-15', '2025-06-15')).toBe(13)
  })
})

describe('ICE score from items (§2.1)', () => {
  const all = { orientation: { year: true, month: true, city: true, hospital: true }, naming: [true, true, true] as const, followsCommands: true, writesStandardSentence: true, countsBackwardsBy10: true }
  it('sums to 10 when everything is done', () => expect(iceScore(all)).toEqual({ kind: 'scored', total: 10 }))
  it('counts failures', () => expect(iceScore({ ...all, orientation: { ...all.orientation, hospital: false }, writesStandardSentence: false })).toEqual({ kind: 'scored', total: 8 }))
  it('an unassessed item is not 0', () => expect(iceScore({ ...all, countsBackwardsBy10: null }).kind).toBe('not-evaluable'))
  it('grades from items, and rejects a score that disagrees with them', () => {
    expect(g({ encephalopathy: { tool: 'ICE', items: { ...all, naming: [false, false, true] } } })).toBe(1)
    expect(g({ encephalopathy: { tool: 'ICE', score: 10, items: { ...all, naming: [false, false, true] } } })).toBe('NE>=0')
  })
})
