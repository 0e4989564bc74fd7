import { describe, expect, it } from 'vitest'
import { dltStatus, summariseDltByDoseLevel, type DltSubject } from './dlt-window.js'

const subj = (id: string, events: DltSubject<number>['events'], over: Partial<DltSubject<number>> = {}): DltSubject<number> => ({
  subjectId: id, doseLevel: 1, receivedAssignedDose: true, observedThroughDay: 35, offStudy: false, events, ...over,
})

describe('DLT window, safety-grading.md §5 worked example', () => {
  const subjects = [
    subj('P1', [{ term: 'ICANS', grade: 3, category: 'non-haematological', attribution: 'probable', onsetDay: 6 }]),
    subj('P2', [{ term: 'CRS', grade: 1, category: 'non-haematological', attribution: 'definite', onsetDay: 2 }]),
    subj('P3', [{ term: 'ALT increased', grade: 3, category: 'non-haematological', attribution: 'probable', onsetDay: 31 }]),
    subj('P4', [{ term: 'Neutrophil count decreased', grade: 4, category: 'haematological', attribution: 'probable', onsetDay: 5 }]),
  ]
  it('P1 yes, P2-P4 no', () => expect(subjects.map((s) => { const st = dltStatus(s); return st.kind === 'evaluable' && st.dlt })).toEqual([true, false, false, false]))
  it('dose-level summary: 4 evaluable, 1 with DLT', () => expect(summariseDltByDoseLevel(subjects)).toEqual([{ doseLevel: 1, nEvaluable: 4, nDlt: 1, pendingSubjects: [] }]))
})

describe('DLT evaluability', () => {
  const dlt = { term: 'CRS', grade: 3, category: 'non-haematological' as const, attribution: 'possible' as const, onsetDay: 10 }
  it('Day 28 is inside the window (inclusive), Day 29 outside', () => {
    expect(dltStatus(subj('a', [{ ...dlt, onsetDay: 28 }]))).toMatchObject({ kind: 'evaluable', dlt: true })
    expect(dltStatus(subj('a', [{ ...dlt, onsetDay: 29 }]))).toMatchObject({ kind: 'evaluable', dlt: false })
  })
  it('still in the window → pending; off study early without DLT → not evaluable; DLT before dropping out → evaluable', () => {
    expect(dltStatus(subj('b', [], { observedThroughDay: 14 })).kind).toBe('pending')
    expect(dltStatus(subj('c', [], { observedThroughDay: 14, offStudy: true }))).toEqual({ kind: 'not-evaluable', reason: 'off-study-before-window-end' })
    expect(dltStatus(subj('d', [dlt], { observedThroughDay: 12, offStudy: true }))).toMatchObject({ kind: 'evaluable', dlt: true })
    expect(dltStatus(subj('e', [], { receivedAssignedDose: false }))).toEqual({ kind: 'not-evaluable', reason: 'dose-not-received' })
  })
  it('onset anchor (default) vs qualifying-grade anchor; window length is a parameter', () => {
    const late = { ...dlt, onsetDay: 27, qualifyingDay: 30 }
    expect(dltStatus(subj('f', [late]))).toMatchObject({ dlt: true })
    expect(dltStatus(subj('f', [late]), { anchor: 'qualifying-grade' })).toMatchObject({ dlt: false })
    expect(dltStatus(subj('g', [], { observedThroughDay: 21 }), { windowEndDay: 21 })).toMatchObject({ kind: 'evaluable', dlt: false })
  })
  it('off study early without DLT: not evaluable by default (replaced); offStudyBeforeWindowEnd evaluable-no-dlt counts it', () => {
    const early = subj('k', [], { observedThroughDay: 14, offStudy: true })
    expect(dltStatus(early, { offStudyBeforeWindowEnd: 'not-evaluable' })).toEqual(dltStatus(early))
    expect(dltStatus(early)).toEqual({ kind: 'not-evaluable', reason: 'off-study-before-window-end' })
    expect(dltStatus(early, { offStudyBeforeWindowEnd: 'evaluable-no-dlt' })).toEqual({ kind: 'evaluable', dlt: false })
    expect(summariseDltByDoseLevel([early], { offStudyBeforeWindowEnd: 'evaluable-no-dlt' })).toEqual([{ doseLevel: 1, nEvaluable: 1, nDlt: 0, pendingSubjects: [] }])
  })
  it('adjudication overrides the rule; levels sorted with pending subjects listed', () => {
    const rows = summariseDltByDoseLevel([
      subj('h', [{ ...dlt, grade: 2, adjudicatedDlt: true }], { doseLevel: 2 }),
      subj('i', [], { doseLevel: 2, observedThroughDay: 3 }),
      subj('j', [], { doseLevel: 1 }),
    ])
    expect(rows).toEqual([
      { doseLevel: 1, nEvaluable: 1, nDlt: 0, pendingSubjects: [] },
      { doseLevel: 2, nEvaluable: 1, nDlt: 1, pendingSubjects: ['i'] },
    ])
  })
  it("a subject's own window (its consented protocol version) overrides the option's", () => {
    const late = subj('m', [{ ...dlt, onsetDay: 25 }], { observedThroughDay: 40 })
    expect(dltStatus(late, { windowEndDay: 21 })).toEqual({ kind: 'evaluable', dlt: false })
    expect(dltStatus({ ...late, windowEndDay: 28 }, { windowEndDay: 21 })).toMatchObject({ kind: 'evaluable', dlt: true })
    expect(summariseDltByDoseLevel([{ ...late, windowEndDay: 28 }, { ...late, subjectId: 'n' }], { windowEndDay: 21 })).toEqual([{ doseLevel: 1, nEvaluable: 2, nDlt: 1, pendingSubjects: [] }])
  })
})
