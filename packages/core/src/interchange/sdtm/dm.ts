import type { IsoDate } from '../../dates/index.js'
import type { SdtmDomainSpec } from './sdtm-domain-reader.js'
import { optionalDateTime, optionalText, requiredCode, requiredDateTime, requiredNumber, requiredText } from './sdtm-fields.js'

/** One subject from `dm.csv`. */
export interface SdtmDmRecord {
  line: number
  studyId: string
  usubjid: string
  siteId: string
  age: number
  /** AGEU */
  ageUnit: 'YEARS' | 'MONTHS' | 'WEEKS' | 'DAYS'
  /** SEX (CDISC codelist) */
  sex: 'M' | 'F' | 'U' | 'UNDIFFERENTIATED'
  /** RFXSTDTC date = date of the cell infusion = protocol Day 0 */
  infusionDate: IsoDate
  infusionTime: string | null
  /** ARMCD / ARM: may carry the dose level */
  armCode: string | null
  arm: string | null
  /** DTHDTC date (SDTMIG 3.4 DM): the end of follow-up and the swimmer plot's death marker (statistics.md §4.1) */
  deathDate: IsoDate | null
}

/**
 * `dm.csv`: one row per subject; required STUDYID, USUBJID, SITEID, AGE, AGEU, SEX, RFXSTDTC.
 * RFXSTDTC is the date of the cell infusion (protocol Day 0).
 *
 * Source: interchange/sdtm-adam.md "Input domains", row `dm.csv`; SDTMIG 3.4 DM.
 */
export const sdtmDmDomain: SdtmDomainSpec<SdtmDmRecord> = {
  domain: 'DM',
  file: 'dm.csv',
  required: ['STUDYID', 'USUBJID', 'SITEID', 'AGE', 'AGEU', 'SEX', 'RFXSTDTC'],
  optional: ['DOMAIN', 'SUBJID', 'ARMCD', 'ARM', 'ACTARMCD', 'ACTARM', 'RFSTDTC', 'RFENDTC', 'RFXENDTC', 'COUNTRY', 'RACE', 'ETHNIC', 'BRTHDTC', 'DTHDTC', 'DTHFL'],
  parseRow(row, sink) {
    const studyId = requiredText(row, sink, 'STUDYID')
    const usubjid = requiredText(row, sink, 'USUBJID')
    const siteId = requiredText(row, sink, 'SITEID')
    const age = requiredNumber(row, sink, 'AGE', { min: 0 })
    const ageUnit = requiredCode(row, sink, 'AGEU', ['YEARS', 'MONTHS', 'WEEKS', 'DAYS'] as const)
    const sex = requiredCode(row, sink, 'SEX', ['M', 'F', 'U', 'UNDIFFERENTIATED'] as const)
    const infusion = requiredDateTime(row, sink, 'RFXSTDTC')
    const death = optionalDateTime(row, sink, 'DTHDTC')
    if (!studyId || !usubjid || !siteId || age === undefined || !ageUnit || !sex || !infusion || death === undefined) return undefined
    return {
      line: row.line,
      studyId,
      usubjid,
      siteId,
      age,
      ageUnit,
      sex,
      infusionDate: infusion.date,
      infusionTime: infusion.time,
      armCode: optionalText(row, 'ARMCD'),
      arm: optionalText(row, 'ARM'),
      deathDate: death?.date ?? null,
    }
  },
}
