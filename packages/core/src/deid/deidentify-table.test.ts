import { describe, expect, it } from 'vitest'
import { daysBetween } from '../dates/index.js'
import { createPseudonyms, deidentifyTable } from './deidentify-table.js'

const offsets: Record<string, number> = { 'S1-001': -40, 'S1-002': 17 }
const options = { offsetDays: (id: string) => offsets[id] ?? 0 }

describe('deidentifyTable (HIPAA Safe Harbor items C and R; date shift)', () => {
  const dm = {
    header: ['STUDYID', 'USUBJID', 'SUBJID', 'SITEID', 'AGE', 'SEX', 'RFXSTDTC', 'BRTHDTC'],
    rows: [
      ['NCT1', 'S1-001', '001', 'KUN01', '93', 'F', '2024-02-26', '1931-05-01'],
      ['NCT1', 'S1-002', '002', 'KUN01', '12', 'M', '2024-06-17', '2012-01-09'],
    ],
  }
  const lb = {
    header: ['USUBJID', 'LBTESTCD', 'LBORRES', 'LBDTC', 'LBCOM'],
    rows: [
      ['S1-001', 'PLAT', '8', '2024-02-21', 'called Dr Wang at home'],
      ['S1-001', 'PLAT', '33', '2024-05-26T08:30', ''],
      ['S1-002', 'PLAT', '10', '2024-03', ''],
    ],
  }

  it('shifts each subject by its own offset and keeps the intervals', () => {
    const p = createPseudonyms()
    const outDm = deidentifyTable(dm, p, options)
    const outLb = deidentifyTable(lb, p, options)
    expect(outDm.rows[0]![6]).toBe('2024-01-17')
    expect(outLb.rows[0]![3]).toBe('2024-01-12')
    expect(outLb.rows[1]![3]).toBe('2024-04-16T08:30')
    expect(daysBetween(outLb.rows[0]![3]!, outDm.rows[0]![6]!)).toBe(daysBetween('2024-02-21', '2024-02-26'))
  })
  it('removes dates it cannot shift exactly, and free text', () => {
    const p = createPseudonyms()
    deidentifyTable(dm, p, options)
    const outLb = deidentifyTable(lb, p, options)
    expect(outLb.rows[2]![3]).toBe('')
    expect(outLb.rows[0]![4]).toBe('')
    expect(deidentifyTable(dm, createPseudonyms(), options).rows[0]![7]).toBe('')
  })
  it('caps ages over 89 at 90', () => {
    const out = deidentifyTable(dm, createPseudonyms(), options)
    expect(out.rows.map((r) => r[4])).toEqual(['90', '12'])
  })
  it('replaces subject ids with site-coded pseudonyms, the same in every table', () => {
    const p = createPseudonyms()
    const outDm = deidentifyTable(dm, p, options)
    const outLb = deidentifyTable(lb, p, options)
    expect(outDm.rows.map((r) => [r[1], r[2]])).toEqual([['KUN01-001', '001'], ['KUN01-002', '002']])
    expect(outLb.rows.map((r) => r[0])).toEqual(['KUN01-001', 'KUN01-001', 'KUN01-002'])
  })
  it('leaves the input untouched', () => {
    deidentifyTable(lb, createPseudonyms(), options)
    expect(lb.rows[0]![3]).toBe('2024-02-21')
  })
})
