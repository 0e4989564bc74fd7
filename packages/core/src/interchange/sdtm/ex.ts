import type { IsoDate } from '../../dates/index.js'
import type { SdtmDomainSpec } from './sdtm-domain-reader.js'
import { checkEndNotBeforeStart, optionalDateTime, requiredCode, requiredDateTime, requiredNumber, requiredText } from './sdtm-fields.js'

export const SDTM_EX_CATEGORIES = ['LYMPHODEPLETION', 'CELL THERAPY'] as const
export const SDTM_LD_AGENTS = ['FLUDARABINE', 'CYCLOPHOSPHAMIDE'] as const

/** One administration from `ex.csv`. */
export interface SdtmExRecord {
  line: number
  studyId: string
  usubjid: string
  /** EXTRT */
  treatment: string
  /** EXCAT */
  category: (typeof SDTM_EX_CATEGORIES)[number]
  /** EXDOSE */
  dose: number
  /** EXDOSU: `mg/m2` for lymphodepletion, `cells/kg` or `cells` for the cell therapy */
  doseUnit: string
  startDate: IsoDate
  startTime: string | null
  endDate: IsoDate | null
}

/**
 * `ex.csv`: required STUDYID, USUBJID, EXTRT, EXCAT, EXDOSE, EXDOSU, EXSTDTC. EXCAT `LYMPHODEPLETION` (EXTRT
 * `FLUDARABINE` or `CYCLOPHOSPHAMIDE`, EXDOSU `mg/m2`) or `CELL THERAPY` (EXDOSU `cells/kg` or `cells`).
 * The first LYMPHODEPLETION EXSTDTC is the LD start (baseline anchor).
 *
 * Source: interchange/sdtm-adam.md "Input domains", row `ex.csv`; SDTMIG 3.4 EX.
 */
export const sdtmExDomain: SdtmDomainSpec<SdtmExRecord> = {
  domain: 'EX',
  file: 'ex.csv',
  required: ['STUDYID', 'USUBJID', 'EXTRT', 'EXCAT', 'EXDOSE', 'EXDOSU', 'EXSTDTC'],
  optional: ['DOMAIN', 'EXSEQ', 'EXENDTC', 'EXROUTE', 'EXDOSFRQ', 'EXSTDY', 'EXENDY', 'VISIT', 'VISITNUM'],
  parseRow(row, sink) {
    const studyId = requiredText(row, sink, 'STUDYID')
    const usubjid = requiredText(row, sink, 'USUBJID')
    const category = requiredCode(row, sink, 'EXCAT', SDTM_EX_CATEGORIES)
    const treatment =
      category === 'LYMPHODEPLETION' ? requiredCode(row, sink, 'EXTRT', SDTM_LD_AGENTS) : requiredText(row, sink, 'EXTRT')
    const dose = requiredNumber(row, sink, 'EXDOSE', { min: 0 })
    const units = category === 'LYMPHODEPLETION' ? (['mg/m2'] as const) : (['cells/kg', 'cells'] as const)
    const doseUnit = category === undefined ? requiredText(row, sink, 'EXDOSU') : requiredCode(row, sink, 'EXDOSU', units)
    const start = requiredDateTime(row, sink, 'EXSTDTC')
    const end = optionalDateTime(row, sink, 'EXENDTC')
    checkEndNotBeforeStart(sink, 'EXENDTC', start?.date, end?.date)
    if (!studyId || !usubjid || !category || !treatment || dose === undefined || !doseUnit || !start || end === undefined)
      return undefined
    return {
      line: row.line,
      studyId,
      usubjid,
      treatment,
      category,
      dose,
      doseUnit,
      startDate: start.date,
      startTime: start.time,
      endDate: end?.date ?? null,
    }
  },
}
