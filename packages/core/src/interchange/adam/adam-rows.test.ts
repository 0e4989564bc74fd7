import { describe, expect, it } from 'vitest'
import { formatAdamCsvDataset, formatAdamCsvField } from './adam-csv-writer.js'
import { ADRS_VARIABLES, deriveAdrsRow, formatAdrsCsv } from './adrs.js'
import { ADSL_VARIABLES, deriveAdslRow, formatAdslCsv } from './adsl.js'
import { ADTTE_VARIABLES, deriveAdtteRows } from './adtte.js'

describe('ADaM CSV writer', () => {
  it('quotes only when RFC 4180 requires it and writes null as empty', () => {
    expect(formatAdamCsvField('CAR-T, DL1')).toBe('"CAR-T, DL1"')
    expect(formatAdamCsvField('say "x"')).toBe('"say ""x"""')
    expect(formatAdamCsvField(12.5)).toBe('12.5')
    expect(formatAdamCsvField(null)).toBe('')
    expect(formatAdamCsvDataset(['A', 'B'], [{ A: 'x' }])).toBe('A,B\nx,\n')
    expect(() => formatAdamCsvField(Number.NaN)).toThrow(RangeError)
  })
})

describe('exact variable lists (interchange/sdtm-adam.md "Output datasets")', () => {
  it('adsl, adrs, adtte headers', () => {
    expect(ADSL_VARIABLES).toEqual(['STUDYID', 'USUBJID', 'SITEID', 'AGE', 'SEX', 'TRTSDT', 'LDSTDT', 'BASEPLAT', 'DOSELVL'])
    expect(ADRS_VARIABLES).toEqual(['STUDYID', 'USUBJID', 'PARAMCD', 'PARAM', 'AVALC', 'ADT', 'ADY'])
    expect(ADTTE_VARIABLES).toEqual(['STUDYID', 'USUBJID', 'PARAMCD', 'PARAM', 'AVAL', 'CNSR', 'STARTDT', 'ADT', 'EVNTDESC'])
    expect(formatAdslCsv([]).trim()).toBe(ADSL_VARIABLES.join(','))
  })
})

describe('ADSL and ADRS rows', () => {
  it('BASEPLAT and LDSTDT are empty when missing', () => {
    const row = deriveAdslRow({ studyId: 'S', usubjid: 'S-1', siteId: '01', age: 12, sex: 'F', infusionDate: '2024-03-01', ldStartDate: null, baseline: null, doseLevel: 'DL1' })
    expect(formatAdslCsv([row])).toBe(`${ADSL_VARIABLES.join(',')}\nS,S-1,01,12,F,2024-03-01,,,DL1\n`)
  })
  it('ADT/ADY: CR date for CR, R/PR date for R/PR (protocol name), empty for NR/NE', () => {
    const base = { studyId: 'S', usubjid: 'S-1', responseDate: '2024-03-15', responseDay: 14, crDate: '2024-03-22', crDay: 21 }
    expect(deriveAdrsRow({ ...base, bestResponse: 'CR', bestResponseLabel: 'CR' })).toMatchObject({ AVALC: 'CR', ADT: '2024-03-22', ADY: 21 })
    expect(deriveAdrsRow({ ...base, bestResponse: 'R', bestResponseLabel: 'PR' })).toMatchObject({ AVALC: 'PR', ADT: '2024-03-15', ADY: 14 })
    const nr = deriveAdrsRow({ ...base, bestResponse: 'NR', bestResponseLabel: 'NR' })
    expect(formatAdrsCsv([nr]).split('\n')[1]).toBe('S,S-1,BOR,Best overall response,NR,,')
  })
})

describe('ADTTE AVAL conventions', () => {
  const subject = { studyId: 'S', usubjid: 'S-1', infusionDate: '2024-03-01' }
  it('no evaluable count: TTR and TTCR censored at AVAL 0', () => {
    const rows = deriveAdtteRows({ ...subject, responder: false, completeResponder: false, firstResponse: null, firstCompleteResponse: null, lastEvaluableDay: null })
    expect(rows.map((r) => [r.PARAMCD, r.AVAL, r.CNSR, r.ADT])).toEqual([['TTR', 0, 1, '2024-03-01'], ['TTCR', 0, 1, '2024-03-01']])
  })
  it('E22: CR lost while R kept -> DOCR event, DOR censored (dates across a month end)', () => {
    const rows = deriveAdtteRows({
      ...subject,
      responder: true,
      completeResponder: true,
      firstResponse: { startDay: 14, startDate: '2024-03-15', endDay: 42, endDate: '2024-04-12', event: false },
      firstCompleteResponse: { startDay: 21, startDate: '2024-03-22', endDay: 35, endDate: '2024-04-05', event: true },
      lastEvaluableDay: 42,
    })
    expect(rows.map((r) => [r.PARAMCD, r.AVAL, r.CNSR, r.STARTDT, r.ADT, r.EVNTDESC])).toEqual([
      ['TTR', 14, 0, '2024-03-01', '2024-03-15', 'RESPONSE'],
      ['TTCR', 21, 0, '2024-03-01', '2024-03-22', 'COMPLETE RESPONSE'],
      ['DOR', 28, 1, '2024-03-15', '2024-04-12', 'LAST EVALUABLE PLATELET COUNT'],
      ['DOCR', 14, 0, '2024-03-22', '2024-04-05', 'LOSS OF COMPLETE RESPONSE'],
    ])
  })
})
