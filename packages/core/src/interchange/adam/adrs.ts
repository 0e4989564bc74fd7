import { formatAdamCsvDataset } from './adam-csv-writer.js'

/** ADRS variables, in output order. Source: interchange/sdtm-adam.md "Output datasets", row `adrs.csv`. */
export const ADRS_VARIABLES = ['STUDYID', 'USUBJID', 'PARAMCD', 'PARAM', 'AVALC', 'ADT', 'ADY'] as const

/** One ADRS row: the subject's best overall response. */
export interface AdrsRow {
  STUDYID: string
  USUBJID: string
  PARAMCD: 'BOR'
  PARAM: 'Best overall response'
  /** the protocol's category name: `CR`, `R` or `PR`, `NR`, `NE` */
  AVALC: string
  /** date the best response was first reached (CR date for CR, R/PR date for R/PR); null for NR/NE */
  ADT: string | null
  /** protocol day of ADT (Day 0 = infusion); null for NR/NE */
  ADY: number | null
}

/** The response engine outputs ADRS needs (a subset of the engine result). */
export interface AdrsSource {
  studyId: string
  usubjid: string
  /** internal category */
  bestResponse: 'CR' | 'R' | 'NR' | 'NE'
  /** the protocol's display word for it */
  bestResponseLabel: string
  responseDate: string | null
  responseDay: number | null
  crDate: string | null
  crDay: number | null
}

/**
 * Derive the `BOR` row: AVALC is the protocol's category name; ADT/ADY are the CR date and day for CR, the
 * R/PR date and day for R/PR, empty for NR and NE.
 *
 * Source: interchange/sdtm-adam.md "Output datasets", row `adrs.csv`; domain/response-itp.md §3.11
 * (`bestResponse`, `responseDay`, `crDay`).
 * @example deriveAdrsRow({ studyId: 'S', usubjid: 'S-01', bestResponse: 'CR', bestResponseLabel: 'CR', responseDate: '2024-03-15', responseDay: 14, crDate: '2024-03-22', crDay: 21 }).ADY // 21
 */
export function deriveAdrsRow(s: AdrsSource): AdrsRow {
  const date = s.bestResponse === 'CR' ? s.crDate : s.bestResponse === 'R' ? s.responseDate : null
  const day = s.bestResponse === 'CR' ? s.crDay : s.bestResponse === 'R' ? s.responseDay : null
  return {
    STUDYID: s.studyId,
    USUBJID: s.usubjid,
    PARAMCD: 'BOR',
    PARAM: 'Best overall response',
    AVALC: s.bestResponseLabel,
    ADT: date,
    ADY: day,
  }
}

/** `adrs.csv` text: header with exactly `ADRS_VARIABLES`, one line per row. */
export function formatAdrsCsv(rows: readonly AdrsRow[]): string {
  return formatAdamCsvDataset(ADRS_VARIABLES, rows)
}
