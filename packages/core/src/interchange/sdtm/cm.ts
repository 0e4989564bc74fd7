import type { IsoDate } from '../../dates/index.js'
import type { SdtmDomainSpec } from './sdtm-domain-reader.js'
import { checkEndNotBeforeStart, optionalDateTime, requiredCode, requiredDateTime, requiredText } from './sdtm-fields.js'

export const SDTM_CM_CATEGORIES = ['RESCUE', 'NEW ITP THERAPY', 'CONCOMITANT'] as const
export const SDTM_RESCUE_SUBCATEGORIES = ['PLATELET TRANSFUSION', 'IVIG', 'HIGH DOSE CORTICOSTEROID', 'TPO-RA', 'OTHER RESCUE'] as const

/** One medication from `cm.csv`. */
export interface SdtmCmRecord {
  line: number
  studyId: string
  usubjid: string
  /** CMTRT */
  treatment: string
  /** CMCAT */
  category: (typeof SDTM_CM_CATEGORIES)[number]
  /** CMSCAT: the rescue type for RESCUE rows, else the value given (or null) */
  subcategory: string | null
  startDate: IsoDate
  startTime: string | null
  /** CMENDTC date; for RESCUE rows an empty CMENDTC means the start date */
  endDate: IsoDate | null
}

/**
 * `cm.csv`: required STUDYID, USUBJID, CMTRT, CMCAT, CMSTDTC. CMCAT `RESCUE` (CMSCAT one of `PLATELET
 * TRANSFUSION`, `IVIG`, `HIGH DOSE CORTICOSTEROID`, `TPO-RA`, `OTHER RESCUE`), `NEW ITP THERAPY` (its first
 * CMSTDTC censors response, domain/response-itp.md §3.4) or `CONCOMITANT`. CMENDTC empty = same day as the
 * start for RESCUE rows.
 *
 * Source: interchange/sdtm-adam.md "Input domains", row `cm.csv`; SDTMIG 3.4 CM.
 */
export const sdtmCmDomain: SdtmDomainSpec<SdtmCmRecord> = {
  domain: 'CM',
  file: 'cm.csv',
  required: ['STUDYID', 'USUBJID', 'CMTRT', 'CMCAT', 'CMSTDTC'],
  optional: ['DOMAIN', 'CMSEQ', 'CMSCAT', 'CMENDTC', 'CMDECOD', 'CMINDC', 'CMDOSE', 'CMDOSU', 'CMDOSFRQ', 'CMROUTE', 'CMSTDY', 'CMENDY'],
  parseRow(row, sink) {
    const studyId = requiredText(row, sink, 'STUDYID')
    const usubjid = requiredText(row, sink, 'USUBJID')
    const treatment = requiredText(row, sink, 'CMTRT')
    const category = requiredCode(row, sink, 'CMCAT', SDTM_CM_CATEGORIES)
    const subcategory = category === 'RESCUE' ? requiredCode(row, sink, 'CMSCAT', SDTM_RESCUE_SUBCATEGORIES) : row.get('CMSCAT') || null
    const start = requiredDateTime(row, sink, 'CMSTDTC')
    const end = optionalDateTime(row, sink, 'CMENDTC')
    checkEndNotBeforeStart(sink, 'CMENDTC', start?.date, end?.date)
    if (!studyId || !usubjid || !treatment || !category || subcategory === undefined || !start || end === undefined) return undefined
    return {
      line: row.line,
      studyId,
      usubjid,
      treatment,
      category,
      subcategory,
      startDate: start.date,
      startTime: start.time,
      endDate: end?.date ?? (category === 'RESCUE' ? start.date : null),
    }
  },
}
