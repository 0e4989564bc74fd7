import { describe, expect, it } from 'vitest'
import { bleedingForResponse, bleedingGradeOnDate, modifiedWhoBleedingGrade, whoBleedingGrade, type BleedingEvent } from './who-bleeding.js'
import { itpBatGrade } from './itp-bat-2013.js'
import { chineseItpBleedingScore } from './chinese-itp-2020-bleeding-score.js'

const none = { debilitatingRetinalCerebralOrFatal: false, redCellTransfusionRequired: false, clinicallySignificantBloodLoss: false, petechialBleeding: false }

describe('WHO bleeding scale, bleeding-and-scores.md §1 worked examples', () => {
  it('petechiae only → 1; GI bleed needing 2 units red cells → 3; intracranial haemorrhage → 4', () => {
    expect(whoBleedingGrade({ ...none, petechialBleeding: true })).toBe(1)
    expect(whoBleedingGrade({ ...none, redCellTransfusionRequired: true, clinicallySignificantBloodLoss: true })).toBe(3)
    expect(whoBleedingGrade({ ...none, debilitatingRetinalCerebralOrFatal: true })).toBe(4)
    expect(whoBleedingGrade(none)).toBe(0)
  })
  it('nosebleed 45 min without transfusion → 2 (modified WHO, protocol item list as test fixture)', () => {
    const fixture = { EPISTAXIS_LE_30_MIN: 1, EPISTAXIS_GT_30_MIN: 2, MELAENA_NO_TRANSFUSION: 2, RBC_TRANSFUSION: 3, CNS_BLEED_IMAGING: 4 } as const
    expect(modifiedWhoBleedingGrade(['EPISTAXIS_GT_30_MIN'], fixture)).toEqual({ kind: 'graded', grade: 2 })
    expect(modifiedWhoBleedingGrade(['NOT_IN_LIST'], fixture).kind).toBe('not-evaluable')
  })
  const petechiae: BleedingEvent = { site: 'skin', startDate: '2025-01-03', endDate: '2025-01-08', scale: 'WHO', grade: 1, medicallyDocumented: true }
  const epistaxis: BleedingEvent = { site: 'nose', startDate: '2025-01-07', endDate: null, scale: 'modified-WHO', grade: 2, medicallyDocumented: true }
  it('threshold 2: grade-1 petechiae do not invalidate a response count, grade-2 epistaxis does (BL-2)', () => {
    expect(bleedingForResponse('2025-01-05', [petechiae, epistaxis], true)).toBe(false)
    expect(bleedingForResponse('2025-01-07', [petechiae, epistaxis], true)).toBe(true)
    expect(bleedingForResponse('2025-01-05', [petechiae], true, 1)).toBe(true)
  })
  it('daily grade = max of active events; an unassessed day with no event is not 0 (BL-3)', () => {
    expect(bleedingGradeOnDate('2025-01-08', [petechiae, epistaxis], false)).toMatchObject({ kind: 'graded', grade: 2 })
    expect(bleedingGradeOnDate('2025-01-01', [petechiae], false)).toEqual({ kind: 'not-assessed' })
    expect(bleedingGradeOnDate('2025-01-01', [petechiae], true)).toMatchObject({ kind: 'graded', grade: 0 })
    expect(bleedingForResponse('2025-01-01', [], false)).toBeNull()
  })
})

describe('ITP-BAT (SMOG), §2 worked examples', () => {
  it('B1 petechiae 2, ecchymoses 1, gum bleeding 1 → S2M1O0', () =>
    expect(itpBatGrade([{ manifestation: 'petechiae', grade: 2 }, { manifestation: 'ecchymoses', grade: 1 }, { manifestation: 'oral-cavity-bleeding', grade: 1 }]).label).toBe('S2M1O0'))
  it('B2 patient-reported nosebleed without documentation → S0M1O0', () => expect(itpBatGrade([{ manifestation: 'epistaxis', grade: null, patientReportedOnly: true }]).label).toBe('S0M1O0'))
  it('B3 menorrhagia 2, epistaxis 3 → S0M3O2', () => expect(itpBatGrade([{ manifestation: 'menorrhagia', grade: 2 }, { manifestation: 'epistaxis', grade: 3 }]).label).toBe('S0M3O2'))
  it('B4 fatal intracranial haemorrhage → S0M0O5', () => expect(itpBatGrade([{ manifestation: 'intracranial', grade: 5 }]).label).toBe('S0M0O5'))
  it('an unassessed manifestation leaves its domain unknown', () => expect(itpBatGrade([{ manifestation: 'haematuria', grade: null }, { manifestation: 'petechiae', grade: 1 }]).label).toBe('S1M0O?'))
})

describe('Chinese 2020 bleeding score with the doc TEST FIXTURE (not guideline values)', () => {
  const fixture = { ageBands: [{ minAge: 65, points: 1 }, { minAge: 75, points: 2 }], symptoms: { A: 1, B: 2, C: 3, D: 5, E: 8 }, source: 'TEST FIXTURE' }
  it('age 70 {A, C} → 4; age 80 {E} → 10; age 40 none → 0', () => {
    expect(chineseItpBleedingScore(70, ['A', 'C'], fixture)).toMatchObject({ kind: 'scored', total: 4, decisiveSymptom: 'C' })
    expect(chineseItpBleedingScore(80, ['E'], fixture)).toMatchObject({ total: 10 })
    expect(chineseItpBleedingScore(40, [], fixture)).toMatchObject({ total: 0 })
    expect(chineseItpBleedingScore(40, ['Z'], fixture).kind).toBe('not-evaluable')
  })
})

describe('Chinese 2020 score: regression (bleeding-and-scores.md §3 "highest matching band applies")', () => {
  it('uses the highest matching age band even when a lower band has more points', () => {
    const cfg = { ageBands: [{ minAge: 0, points: 1 }, { minAge: 1, points: 0 }], symptoms: { A: 1 }, source: 'TEST FIXTURE' }
    expect(chineseItpBleedingScore(1, [], cfg)).toMatchObject({ kind: 'scored', total: 0, agePoints: 0 })
    expect(chineseItpBleedingScore(0.5, ['A'], cfg)).toMatchObject({ kind: 'scored', total: 2, agePoints: 1 })
  })
})
