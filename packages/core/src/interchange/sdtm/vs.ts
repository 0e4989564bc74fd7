import type { IsoDate } from '../../dates/index.js'
import type { SdtmDomainSpec } from './sdtm-domain-reader.js'
import { requiredDateTime, requiredNumber, requiredText } from './sdtm-fields.js'

/** Vital-sign test codes and the one unit each is collected in. */
export const SDTM_VS_TEST_UNITS: Readonly<Record<string, string>> = {
  TEMP: 'C',
  SYSBP: 'mmHg',
  DIABP: 'mmHg',
  OXYSAT: '%',
  WEIGHT: 'kg',
  HEIGHT: 'cm',
}

/** One vital-sign measurement from `vs.csv`. */
export interface SdtmVsRecord {
  line: number
  studyId: string
  usubjid: string
  /** VSTESTCD */
  testCode: string
  /** VSORRES as a number */
  value: number
  /** VSORRESU */
  unit: string
  date: IsoDate
  time: string | null
}

/**
 * `vs.csv`: required STUDYID, USUBJID, VSTESTCD, VSORRES, VSORRESU, VSDTC. `TEMP` (C), `SYSBP`, `DIABP`
 * (mmHg), `OXYSAT` (%), `WEIGHT` (kg), `HEIGHT` (cm); a listed test in another unit is an error (no
 * conversion is defined); other test codes are kept and noted in the import log.
 *
 * Source: interchange/sdtm-adam.md "Input domains", row `vs.csv`; SDTMIG 3.4 VS.
 */
export const sdtmVsDomain: SdtmDomainSpec<SdtmVsRecord> = {
  domain: 'VS',
  file: 'vs.csv',
  required: ['STUDYID', 'USUBJID', 'VSTESTCD', 'VSORRES', 'VSORRESU', 'VSDTC'],
  optional: ['DOMAIN', 'VSSEQ', 'VSTEST', 'VSPOS', 'VSSTRESN', 'VSSTRESU', 'VSSTRESC', 'VSDY', 'VISIT', 'VISITNUM'],
  parseRow(row, sink) {
    const studyId = requiredText(row, sink, 'STUDYID')
    const usubjid = requiredText(row, sink, 'USUBJID')
    const testCode = requiredText(row, sink, 'VSTESTCD')
    const value = requiredNumber(row, sink, 'VSORRES')
    const unit = requiredText(row, sink, 'VSORRESU')
    const dtc = requiredDateTime(row, sink, 'VSDTC')
    if (testCode !== undefined && unit !== undefined) {
      // own keys only: an unlisted code such as `constructor` is kept and noted, not checked against an inherited value
      const expected = Object.hasOwn(SDTM_VS_TEST_UNITS, testCode) ? SDTM_VS_TEST_UNITS[testCode] : undefined
      if (expected === undefined) sink.note(`VSTESTCD ${JSON.stringify(testCode)} is not a listed test (kept)`)
      else if (unit !== expected) sink.problem('VSORRESU', 'unknown_unit', `${testCode} must be in ${JSON.stringify(expected)}, got ${JSON.stringify(unit)}`)
    }
    if (!studyId || !usubjid || !testCode || value === undefined || !unit || !dtc) return undefined
    return { line: row.line, studyId, usubjid, testCode, value, unit, date: dtc.date, time: dtc.time }
  },
}
