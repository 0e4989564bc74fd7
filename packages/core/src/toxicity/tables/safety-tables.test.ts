import { describe, expect, it } from 'vitest'
import { aeIncidenceTable } from './ae-incidence-table.js'
import { syndromeIncidenceTable } from './crs-icans-incidence.js'
import { medianRange } from './descriptive.js'

const population = [
  { subjectId: 's1', doseLevel: 1 },
  { subjectId: 's2', doseLevel: 1 },
  { subjectId: 's3', doseLevel: 2 },
  { subjectId: 's4', doseLevel: 2 },
]

describe('AE incidence by SOC/term, worst grade per subject', () => {
  const rows = aeIncidenceTable(population, [
    { subjectId: 's1', soc: 'Investigations', term: 'Neutrophil count decreased', grade: 3 },
    { subjectId: 's1', soc: 'Investigations', term: 'Neutrophil count decreased', grade: 4 },
    { subjectId: 's3', soc: 'Investigations', term: 'Neutrophil count decreased', grade: 2 },
    { subjectId: 's3', soc: 'Immune system disorders', term: 'Cytokine release syndrome', grade: 1 },
    { subjectId: 's4', soc: 'Immune system disorders', term: 'Cytokine release syndrome', grade: null },
    { subjectId: 'x9', soc: 'Investigations', term: 'Neutrophil count decreased', grade: 4 },
  ])
  it('counts each subject once at its worst grade', () => {
    const neut = rows.find((r) => r.term === 'Neutrophil count decreased')
    expect(neut?.cells.map((c) => [c.group, c.nSubjects, c.denominator, c.percent])).toEqual([[1, 1, 2, 50], [2, 1, 2, 50], ['overall', 2, 4, 50]])
    expect(neut?.cells[2]?.byWorstGrade).toEqual({ 1: 0, 2: 1, 3: 0, 4: 1, 5: 0 })
    expect(neut?.cells[2]?.nGrade3OrHigher).toBe(1)
  })
  it('orders rows: any AE, then SOCs by frequency with their terms; ungraded events are visible', () => {
    expect(rows.map((r) => [r.soc, r.term])).toEqual([
      [null, null],
      ['Immune system disorders', null],
      ['Immune system disorders', 'Cytokine release syndrome'],
      ['Investigations', null],
      ['Investigations', 'Neutrophil count decreased'],
    ])
    expect(rows[0]?.cells[2]?.nSubjects).toBe(3)
    expect(rows[2]?.cells[2]?.gradeUnknown).toBe(1)
  })
})

describe('CRS/ICANS incidence, onset and duration', () => {
  const cols = syndromeIncidenceTable(population, [
    { subjectId: 's1', maxGrade: 1, onsetDay: 1, durationDays: 3 },
    { subjectId: 's2', maxGrade: 0, onsetDay: null, durationDays: null },
    { subjectId: 's3', maxGrade: 3, onsetDay: 4, durationDays: null },
  ])
  it('per dose level and overall', () => {
    const overall = cols[2]
    expect(overall).toMatchObject({ group: 'overall', denominator: 4, nAnyGrade: 2, percentAnyGrade: 50, nGrade3OrHigher: 1, notEvaluable: 1, unresolved: 1 })
    expect(overall?.byMaxGrade[3]).toEqual({ n: 1, percent: 25 })
    expect(overall?.timeToOnsetDays).toEqual({ n: 2, median: 2.5, min: 1, max: 4 })
    expect(cols[1]).toMatchObject({ group: 2, nAnyGrade: 1, notEvaluable: 1 })
  })
  it('median (range)', () => {
    expect(medianRange([3, 1, 2])).toEqual({ n: 3, median: 2, min: 1, max: 3 })
    expect(medianRange([])).toEqual({ n: 0, median: null, min: null, max: null })
  })
})
