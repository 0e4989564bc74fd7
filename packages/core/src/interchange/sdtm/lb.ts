import type { IsoDate } from '../../dates/index.js'
import { convertPlateletCount, PLATELET_UNIT_DIVISORS } from './platelet-unit.js'
import type { SdtmDomainSpec, SdtmRow, SdtmRowSink } from './sdtm-domain-reader.js'
import { optionalNumber, optionalText, requiredDateTime, requiredText } from './sdtm-fields.js'
import { parseSdtmNumber } from './sdtm-values.js'

/** Laboratory test codes listed for CellTrial; others are kept and noted in the import log. */
export const SDTM_LB_TEST_CODES = ['PLAT', 'WBC', 'NEUT', 'LYM', 'HGB', 'ALT', 'AST', 'BILI', 'CREAT', 'FIBRINO', 'IGG', 'IGA', 'IGM', 'CD19', 'CARCN'] as const

/** One laboratory result from `lb.csv`. */
export interface SdtmLbRecord {
  line: number
  studyId: string
  usubjid: string
  /** LBTESTCD */
  testCode: string
  /** LBORRES as collected (may be empty when LBSTRESN is given) */
  result: string
  /** LBORRESU as collected */
  unit: string
  /** LBSTRESN / LBSTRESU when present */
  stdResult: number | null
  stdUnit: string | null
  /**
   * The numeric result used for analysis. PLAT: platelet count ×10⁹/L (LBSTRESN/LBSTRESU when present, else
   * LBORRES converted from LBORRESU). Other tests: LBSTRESN when present, else LBORRES when numeric, else null.
   */
  value: number | null
  /** unit of `value`: `10^9/L` for PLAT, LBSTRESU or LBORRESU otherwise */
  valueUnit: string | null
  date: IsoDate
  time: string | null
  /** LBORNRLO / LBORNRHI reference range (for CTCAE grading) */
  refLow: number | null
  refHigh: number | null
}

const UNIT_LIST = Object.keys(PLATELET_UNIT_DIVISORS).map((u) => JSON.stringify(u)).join(', ')

function plateletValue(row: SdtmRow, sink: SdtmRowSink, stdResult: number | null | undefined): number | undefined {
  if (stdResult !== null && stdResult !== undefined) {
    // a count is never negative, whichever column carries it (as LBORRES below)
    if (stdResult < 0) return void sink.problem('LBSTRESN', 'out_of_range', `platelet count must be >= 0, got ${row.get('LBSTRESN')}`)
    const stdUnit = row.get('LBSTRESU')
    if (stdUnit === '') return void sink.problem('LBSTRESU', 'missing_value', 'required when LBSTRESN is given')
    const v = convertPlateletCount(stdResult, stdUnit)
    if (v === null) return void sink.problem('LBSTRESU', 'unknown_unit', `unknown platelet unit ${JSON.stringify(stdUnit)} (allowed: ${UNIT_LIST})`)
    return v
  }
  if (stdResult === undefined) return undefined
  const text = requiredText(row, sink, 'LBORRES')
  const unit = requiredText(row, sink, 'LBORRESU')
  if (text === undefined || unit === undefined) return undefined
  const n = parseSdtmNumber(text)
  if (n === null) return void sink.problem('LBORRES', 'not_a_number', `platelet count is not a number: ${JSON.stringify(text)}`)
  if (n < 0) return void sink.problem('LBORRES', 'out_of_range', `platelet count must be >= 0, got ${text}`)
  const v = convertPlateletCount(n, unit)
  if (v === null) return void sink.problem('LBORRESU', 'unknown_unit', `unknown platelet unit ${JSON.stringify(unit)} (allowed: ${UNIT_LIST})`)
  return v
}

/**
 * `lb.csv`: required STUDYID, USUBJID, LBTESTCD, LBORRES, LBORRESU, LBDTC. Platelets are LBTESTCD `PLAT`:
 * if LBSTRESN/LBSTRESU are present they win; otherwise LBORRES is converted from LBORRESU (`10^9/L`,
 * `10^3/uL` ×1; `/uL`, `/mm3` ×0.001); any other unit is an error, never a guess. A platelet count must be
 * a number ≥ 0 (LBORRES or LBSTRESN). LBORNRLO/LBORNRHI carry the reference range. LBORRES may be empty only when
 * LBSTRESN is given, or when LBSTAT is `NOT DONE` (SDTMIG 3.4: no result): such a row is noted in the import log
 * and gives no record.
 *
 * Source: interchange/sdtm-adam.md "Input domains", row `lb.csv`; SDTMIG 3.4 LB.
 */
export const sdtmLbDomain: SdtmDomainSpec<SdtmLbRecord> = {
  domain: 'LB',
  file: 'lb.csv',
  required: ['STUDYID', 'USUBJID', 'LBTESTCD', 'LBORRES', 'LBORRESU', 'LBDTC'],
  optional: ['DOMAIN', 'LBSEQ', 'LBTEST', 'LBCAT', 'LBSTRESN', 'LBSTRESU', 'LBSTRESC', 'LBORNRLO', 'LBORNRHI', 'LBSTNRLO', 'LBSTNRHI', 'LBNRIND', 'LBSTAT', 'LBSPEC', 'LBDY', 'VISIT', 'VISITNUM'],
  parseRow(row, sink) {
    const studyId = requiredText(row, sink, 'STUDYID')
    const usubjid = requiredText(row, sink, 'USUBJID')
    const testCode = requiredText(row, sink, 'LBTESTCD')
    const dtc = requiredDateTime(row, sink, 'LBDTC')
    if (row.get('LBSTAT') === 'NOT DONE' && row.get('LBORRES') === '' && row.get('LBSTRESN') === '') {
      // SDTMIG 3.4 LB: LBSTAT "NOT DONE" = the test has no result; the row is no count and no error
      sink.note('LBSTAT "NOT DONE" without a result (no value read)')
      return undefined
    }
    const stdResult = optionalNumber(row, sink, 'LBSTRESN')
    const refLow = optionalNumber(row, sink, 'LBORNRLO')
    const refHigh = optionalNumber(row, sink, 'LBORNRHI')
    const result = row.get('LBORRES')
    const unit = row.get('LBORRESU')
    let value: number | null | undefined
    let valueUnit: string | null
    if (testCode === 'PLAT') {
      value = plateletValue(row, sink, stdResult)
      valueUnit = '10^9/L'
    } else {
      if (stdResult === null && result === '') sink.problem('LBORRES', 'missing_value', 'required value is empty (no LBSTRESN either)')
      value = stdResult === null ? parseSdtmNumber(result) : stdResult
      valueUnit = stdResult === null ? optionalText(row, 'LBORRESU') : optionalText(row, 'LBSTRESU')
      if (testCode !== undefined && !(SDTM_LB_TEST_CODES as readonly string[]).includes(testCode))
        sink.note(`LBTESTCD ${JSON.stringify(testCode)} is not a listed test (kept)`)
    }
    if (!studyId || !usubjid || !testCode || !dtc || value === undefined || stdResult === undefined || refLow === undefined || refHigh === undefined)
      return undefined
    return {
      line: row.line,
      studyId,
      usubjid,
      testCode,
      result,
      unit,
      stdResult,
      stdUnit: optionalText(row, 'LBSTRESU'),
      value,
      valueUnit,
      date: dtc.date,
      time: dtc.time,
      refLow,
      refHigh,
    }
  },
}
