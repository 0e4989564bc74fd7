import type { IsoDate } from '../../dates/index.js'
import type { SdtmDomainSpec } from './sdtm-domain-reader.js'
import { checkEndNotBeforeStart, optionalDateTime, optionalText, requiredCode, requiredDateTime, requiredNumber, requiredText } from './sdtm-fields.js'

/** One adverse event from `ae.csv`. */
export interface SdtmAeRecord {
  line: number
  studyId: string
  usubjid: string
  /** AETERM (verbatim) */
  term: string
  /** AEDECOD: CTCAE v5.0 term, or `Cytokine release syndrome` / `Immune effector cell-associated neurotoxicity syndrome` */
  decodedTerm: string
  /** AETOX: grading system when given (`ASTCT 2019` for CRS and ICANS) */
  gradingSystem: string | null
  /** AETOXGR: CTCAE or ASTCT grade 1–5 */
  grade: number
  /** AEBODSYS: body system or organ class (the MedDRA SOC when the site codes with its licensed MedDRA), `null` when absent */
  bodySystem: string | null
  /** AESER = `Y` */
  serious: boolean
  startDate: IsoDate
  startTime: string | null
  endDate: IsoDate | null
}

/**
 * `ae.csv`: required STUDYID, USUBJID, AETERM, AEDECOD, AETOXGR, AESER, AESTDTC. AEDECOD carries the CTCAE
 * v5.0 term and AETOXGR its grade (1–5); CRS and ICANS carry AETOX `ASTCT 2019` and the ASTCT grade.
 * AESER is `Y` or `N`. AEBODSYS (optional) is carried as `bodySystem` for the AE-by-SOC table.
 *
 * Source: interchange/sdtm-adam.md "Input domains", row `ae.csv`; domain/safety-grading.md.
 */
export const sdtmAeDomain: SdtmDomainSpec<SdtmAeRecord> = {
  domain: 'AE',
  file: 'ae.csv',
  required: ['STUDYID', 'USUBJID', 'AETERM', 'AEDECOD', 'AETOXGR', 'AESER', 'AESTDTC'],
  optional: ['DOMAIN', 'AESEQ', 'AETOX', 'AEENDTC', 'AEBODSYS', 'AESOC', 'AEREL', 'AEOUT', 'AEACN', 'AESEV', 'AESTDY', 'AEENDY'],
  parseRow(row, sink) {
    const studyId = requiredText(row, sink, 'STUDYID')
    const usubjid = requiredText(row, sink, 'USUBJID')
    const term = requiredText(row, sink, 'AETERM')
    const decodedTerm = requiredText(row, sink, 'AEDECOD')
    const grade = requiredNumber(row, sink, 'AETOXGR', { min: 1, max: 5, integer: true })
    const serious = requiredCode(row, sink, 'AESER', ['Y', 'N'] as const)
    const start = requiredDateTime(row, sink, 'AESTDTC')
    const end = optionalDateTime(row, sink, 'AEENDTC')
    checkEndNotBeforeStart(sink, 'AEENDTC', start?.date, end?.date)
    if (!studyId || !usubjid || !term || !decodedTerm || grade === undefined || !serious || !start || end === undefined) return undefined
    return {
      line: row.line,
      studyId,
      usubjid,
      term,
      decodedTerm,
      gradingSystem: optionalText(row, 'AETOX'),
      grade,
      bodySystem: optionalText(row, 'AEBODSYS'),
      serious: serious === 'Y',
      startDate: start.date,
      startTime: start.time,
      endDate: end?.date ?? null,
    }
  },
}
