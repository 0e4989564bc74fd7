import { describe, expect, it } from 'vitest'
import { readSdtmText } from './sdtm-domain-reader.js'
import { formatSdtmIssue } from './sdtm-issue.js'
import { sdtmLbDomain } from './lb.js'

const HEAD = 'STUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC'
const read = (body: string, head = HEAD) => readSdtmText(sdtmLbDomain, `${head}\n${body}`)

describe('lb.csv platelets (interchange/sdtm-adam.md row lb.csv)', () => {
  it('converts LBORRES from LBORRESU: 10^9/L and 10^3/uL x1, /uL and /mm3 x0.001', () => {
    const { records, issues } = read(
      ['S,S-1,PLAT,45,10^9/L,2024-03-15', 'S,S-1,PLAT,45,10^3/uL,2024-03-16', 'S,S-1,PLAT,30000,/uL,2024-03-17', 'S,S-1,PLAT,12500,/mm3,2024-03-18T08:30'].join('\n'),
    )
    expect(issues).toEqual([])
    expect(records.map((r) => r.value)).toEqual([45, 45, 30, 12.5])
    expect(records[3]).toMatchObject({ date: '2024-03-18', time: '08:30', valueUnit: '10^9/L', line: 5 })
  })
  it('whole thousands per uL convert exactly (threshold comparisons stay exact)', () => {
    for (let k = 0; k <= 1000; k++) {
      const { records } = read(`S,S-1,PLAT,${k * 1000},/uL,2024-03-15`)
      expect(records[0]!.value).toBe(k)
    }
  })
  it('LBSTRESN/LBSTRESU win over LBORRES/LBORRESU when present', () => {
    const { records, issues } = read('S,S-1,PLAT,45000,/uL,2024-03-15,46,10^9/L\nS,S-1,PLAT,,,2024-03-16,47,10^9/L\nS,S-1,PLAT,50,10^9/L,2024-03-17,,', `${HEAD},LBSTRESN,LBSTRESU`)
    expect(issues).toEqual([])
    expect(records.map((r) => r.value)).toEqual([46, 47, 50])
  })
  it('any other unit is an error, never a guess; non-numbers and negatives are errors', () => {
    const { records, issues } = read(['S,S-1,PLAT,45,G/L,2024-03-15,,', 'S,S-1,PLAT,<10,10^9/L,2024-03-16,,', 'S,S-1,PLAT,-1,10^9/L,2024-03-17,,', 'S,S-1,PLAT,5,10^9/L,2024-03-18,6,'].join('\n'), `${HEAD},LBSTRESN,LBSTRESU`)
    expect(records).toEqual([])
    expect(issues.map(formatSdtmIssue)).toEqual([
      'lb.csv:2: LBORRESU: unknown platelet unit "G/L" (allowed: "10^9/L", "10^3/uL", "/uL", "/mm3")',
      'lb.csv:3: LBORRES: platelet count is not a number: "<10"',
      'lb.csv:4: LBORRES: platelet count must be >= 0, got -1',
      'lb.csv:5: LBSTRESU: required when LBSTRESN is given',
    ])
  })
  it('reports every problem of a row and of the file, each as file:line: VARIABLE: message', () => {
    const { issues } = read('S,,PLAT,45,10^9/L,2024-02-30\nS,S-1,PLAT,45,10^9/L,2024-03')
    expect(issues.map(formatSdtmIssue)).toEqual([
      'lb.csv:2: USUBJID: required value is empty',
      'lb.csv:2: LBDTC: not an ISO 8601 date YYYY-MM-DD or date-time YYYY-MM-DDThh:mm: "2024-02-30"',
      'lb.csv:3: LBDTC: not an ISO 8601 date YYYY-MM-DD or date-time YYYY-MM-DDThh:mm: "2024-03"',
    ])
  })
  it('keeps other tests, notes unlisted test codes and unknown columns in the import log', () => {
    const { records, issues, log } = read('S,S-1,HGB,120,g/L,2024-03-15,x\nS,S-1,HBA1C,6.1,%,2024-03-15,y\nS,S-1,CD19,POSITIVE,/uL,2024-03-15,z', `${HEAD},SPONSORNOTE`)
    expect(issues).toEqual([])
    expect(records.map((r) => [r.testCode, r.value, r.valueUnit])).toEqual([['HGB', 120, 'g/L'], ['HBA1C', 6.1, '%'], ['CD19', null, '/uL']])
    expect(log).toEqual({
      file: 'lb.csv',
      domain: 'LB',
      rows: 3,
      accepted: 3,
      unknownColumns: ['SPONSORNOTE'],
      notes: ['LBTESTCD "HBA1C" is not a listed test (kept) (1 row)'],
    })
  })
  it('column order does not matter; a missing required column is one header error', () => {
    expect(readSdtmText(sdtmLbDomain, 'LBDTC,LBORRESU,LBORRES,LBTESTCD,USUBJID,STUDYID\n2024-03-15,10^9/L,45,PLAT,S-1,S\n').records[0]!.value).toBe(45)
    const { records, issues, log } = readSdtmText(sdtmLbDomain, 'STUDYID,USUBJID,LBTESTCD,LBORRES,LBDTC\nS,S-1,PLAT,45,2024-03-15\n')
    expect(records).toEqual([])
    expect(issues.map(formatSdtmIssue)).toEqual(['lb.csv:1: LBORRESU: required column is missing from the LB header'])
    expect(log.rows).toBe(1)
  })
  it('reports field-count and CSV syntax problems as RECORD issues, and an empty file', () => {
    const { issues } = read('S,S-1,PLAT,45,10^9/L\nS,S-1,PLAT,"4"5,10^9/L,2024-03-15')
    expect(issues.map(formatSdtmIssue)).toEqual([
      'lb.csv:2: RECORD: has 5 fields, the header has 6',
      'lb.csv:3: RECORD: text after a closing quote: "5"',
    ])
    expect(readSdtmText(sdtmLbDomain, '').issues.map(formatSdtmIssue)).toEqual(['lb.csv:1: RECORD: file is empty: a header row is required'])
  })
})
