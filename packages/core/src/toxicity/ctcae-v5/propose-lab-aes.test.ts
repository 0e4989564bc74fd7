import { describe, expect, it } from 'vitest'
import { proposeLabAes, type LabSeriesSample } from './propose-lab-aes.js'

const p = (date: string, value: number | null): LabSeriesSample => ({ analyte: 'platelets', date, value, unit: '10^9/L', lln: 150 })
const anc = (date: string, value: number): LabSeriesSample => ({ analyte: 'neutrophils', date, value, unit: '10^9/L', lln: 2.0 })

describe('lab-derived AE proposals (LAB-7)', () => {
  it('baseline grade 4 thrombocytopenia cannot worsen: no proposal', () => {
    const r = proposeLabAes([p('2025-01-01', 12), p('2025-01-10', 5), p('2025-01-20', 18)], { baselineDate: '2025-01-03' })
    expect(r.proposals).toEqual([])
    expect(r.baselines.platelets).toEqual({ date: '2025-01-01', grade: 4 })
  })
  it('baseline grade 3 worsening to 4 after LD is proposed; back to 3 ends it', () => {
    const r = proposeLabAes([p('2025-01-01', 40), p('2025-01-06', 20), p('2025-01-08', 10), p('2025-01-12', 30)], { baselineDate: '2025-01-03' })
    expect(r.proposals).toHaveLength(1)
    expect(r.proposals[0]).toMatchObject({ term: 'Platelet count decreased', soc: 'Investigations', ctcaeVersion: '5.0', rule: 'worsening-from-baseline', baselineGrade: 3, onsetDate: '2025-01-06', lastAbnormalDate: '2025-01-08', endDate: '2025-01-12', worstGrade: 4, worstGradeDate: '2025-01-06' })
  })
  it('after recovery to a lower grade, a new drop is proposed', () => {
    const r = proposeLabAes([p('2025-01-01', 40), p('2025-02-01', 120), p('2025-03-01', 60)], { baselineDate: '2025-01-03' })
    expect(r.proposals.map((x) => [x.onsetDate, x.worstGrade, x.endDate])).toEqual([['2025-03-01', 2, null]])
  })
  it('the rule is a PROTOCOL DECISION: with no worsening-only analytes every abnormal value is proposed', () => {
    const r = proposeLabAes([p('2025-01-01', 12), p('2025-01-10', 5)], { baselineDate: '2025-01-03', worseningOnlyAnalytes: [] })
    expect(r.proposals.map((x) => [x.rule, x.worstGrade])).toEqual([['any-abnormal', 4]])
  })
  it('other cytopenias (LD-induced) are proposed as any-abnormal; unknown values are undecided', () => {
    const r = proposeLabAes([anc('2025-01-01', 3.0), anc('2025-01-06', 0.4), anc('2025-01-14', 2.5), p('2025-01-07', null)], { baselineDate: '2025-01-03' })
    expect(r.proposals.map((x) => [x.analyte, x.worstGrade, x.onsetDate, x.endDate])).toEqual([['neutrophils', 4, '2025-01-06', '2025-01-14']])
    expect(r.undecided.map((u) => u.analyte)).toEqual(['platelets'])
  })
  it('without a baseline the worsening rule cannot decide', () => {
    const r = proposeLabAes([p('2025-01-10', 10)], { baselineDate: '2025-01-03' })
    expect(r.proposals).toEqual([])
    expect(r.undecided[0]?.reason).toMatch(/baseline/)
  })
})
