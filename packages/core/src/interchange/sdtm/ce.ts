import type { IsoDate } from '../../dates/index.js'
import type { SdtmDomainSpec } from './sdtm-domain-reader.js'
import { checkEndNotBeforeStart, optionalDateTime, requiredCode, requiredDateTime, requiredNumber, requiredText } from './sdtm-fields.js'

/** The bleeding scale named in CETOX for bleeding events. */
export const SDTM_WHO_BLEEDING_SCALE = 'WHO BLEEDING SCALE'

/** One clinical event from `ce.csv` (bleeding events: CECAT `BLEEDING`). */
export interface SdtmCeRecord {
  line: number
  studyId: string
  usubjid: string
  /** CETERM */
  term: string
  /** CECAT */
  category: string
  startDate: IsoDate
  startTime: string | null
  /** CEENDTC date; null = ongoing (domain/response-itp.md, `bleedingMissingEndDate`) */
  endDate: IsoDate | null
  /** CETOX */
  scale: string
  /** CETOXGR as a number for BLEEDING rows (WHO 0–4); null for other categories */
  grade: number | null
  /** CETOXGR as given */
  gradeText: string
}

/**
 * `ce.csv`: required STUDYID, USUBJID, CETERM, CECAT, CESTDTC, CETOX, CETOXGR. Bleeding events have CECAT
 * `BLEEDING`, CETOX `WHO BLEEDING SCALE` and CETOXGR an integer `0`–`4`. CEENDTC empty = ongoing. Rows of
 * other categories are kept with their grade as text.
 *
 * Source: interchange/sdtm-adam.md "Input domains", row `ce.csv`; domain/bleeding-and-scores.md (WHO scale).
 */
export const sdtmCeDomain: SdtmDomainSpec<SdtmCeRecord> = {
  domain: 'CE',
  file: 'ce.csv',
  required: ['STUDYID', 'USUBJID', 'CETERM', 'CECAT', 'CESTDTC', 'CETOX', 'CETOXGR'],
  optional: ['DOMAIN', 'CESEQ', 'CEDECOD', 'CESCAT', 'CEENDTC', 'CESEV', 'CEOCCUR', 'CESTDY', 'CEENDY'],
  parseRow(row, sink) {
    const studyId = requiredText(row, sink, 'STUDYID')
    const usubjid = requiredText(row, sink, 'USUBJID')
    const term = requiredText(row, sink, 'CETERM')
    const category = requiredText(row, sink, 'CECAT')
    const bleeding = category === 'BLEEDING'
    const scale = bleeding ? requiredCode(row, sink, 'CETOX', [SDTM_WHO_BLEEDING_SCALE] as const) : requiredText(row, sink, 'CETOX')
    const gradeText = requiredText(row, sink, 'CETOXGR')
    const grade = bleeding ? requiredNumber(row, sink, 'CETOXGR', { min: 0, max: 4, integer: true }) : null
    const start = requiredDateTime(row, sink, 'CESTDTC')
    const end = optionalDateTime(row, sink, 'CEENDTC')
    checkEndNotBeforeStart(sink, 'CEENDTC', start?.date, end?.date)
    if (!studyId || !usubjid || !term || !category || !scale || gradeText === undefined || grade === undefined || !start || end === undefined)
      return undefined
    return {
      line: row.line,
      studyId,
      usubjid,
      term,
      category,
      startDate: start.date,
      startTime: start.time,
      endDate: end?.date ?? null,
      scale,
      grade,
      gradeText,
    }
  },
}
