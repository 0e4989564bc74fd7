import { formatAdamCsvDataset } from './adam-csv-writer.js'

/** ADSL variables, in output order. Source: interchange/sdtm-adam.md "Output datasets", row `adsl.csv`. */
export const ADSL_VARIABLES = ['STUDYID', 'USUBJID', 'SITEID', 'AGE', 'SEX', 'TRTSDT', 'LDSTDT', 'BASEPLAT', 'DOSELVL'] as const

/** One ADSL row (one per subject). */
export interface AdslRow {
  STUDYID: string
  USUBJID: string
  SITEID: string
  AGE: number
  SEX: string
  /** infusion date (Day 0) */
  TRTSDT: string
  /** lymphodepletion start date; null when LD was not given */
  LDSTDT: string | null
  /** baseline platelet count ×10⁹/L; null when missing */
  BASEPLAT: number | null
  /** dose level (from ARMCD / ARM); null when not given */
  DOSELVL: string | null
}

/** What ADSL is derived from: the subject's DM facts, the LD start and the response engine's baseline. */
export interface AdslSource {
  studyId: string
  usubjid: string
  siteId: string
  age: number
  sex: string
  infusionDate: string
  ldStartDate: string | null
  baseline: number | null
  doseLevel: string | null
}

/**
 * Derive the ADSL row of one subject: TRTSDT = infusion date, LDSTDT = first lymphodepletion date,
 * BASEPLAT = baseline platelet count from the response algorithm (empty if missing), DOSELVL from ARMCD/ARM.
 *
 * Source: interchange/sdtm-adam.md "Output datasets", row `adsl.csv`; ADaMIG 1.3 ADSL.
 * @example deriveAdslRow({ studyId: 'S', usubjid: 'S-01', siteId: '01', age: 12, sex: 'F', infusionDate: '2024-03-01', ldStartDate: '2024-02-25', baseline: 9, doseLevel: 'DL1' }).BASEPLAT // 9
 */
export function deriveAdslRow(s: AdslSource): AdslRow {
  return {
    STUDYID: s.studyId,
    USUBJID: s.usubjid,
    SITEID: s.siteId,
    AGE: s.age,
    SEX: s.sex,
    TRTSDT: s.infusionDate,
    LDSTDT: s.ldStartDate,
    BASEPLAT: s.baseline,
    DOSELVL: s.doseLevel,
  }
}

/** `adsl.csv` text: header with exactly `ADSL_VARIABLES`, one line per row. */
export function formatAdslCsv(rows: readonly AdslRow[]): string {
  return formatAdamCsvDataset(ADSL_VARIABLES, rows)
}
