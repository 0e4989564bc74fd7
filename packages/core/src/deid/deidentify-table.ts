import { addDays, isIsoDate } from '../dates/index.js'

/**
 * De-identification of SDTM-shaped tables for sharing outside the trial team.
 *
 * What it does, against the HIPAA Safe Harbor list of identifiers (45 CFR 164.514(b)(2)):
 * - (C) dates: every `--DTC` / `--DT` / RFSTDTC-style date is shifted by a per-subject offset in days, the
 *   same offset for all of a subject's rows, so intervals (study days, time to response) are kept while
 *   calendar dates are not. Safe Harbor proper removes all date elements but the year; a date shift is the
 *   usual alternative under expert determination. The offsets are chosen by the caller (from a secret key)
 *   and are never written into the output. An ISO 8601 date in --STTPT / --ENTPT is shifted too.
 * - (C) ages over 89: AGE above `maxAge` (default 89) years, read in its AGEU unit, becomes `maxAge + 1` YEARS
 *   ("90 or older"); an AGE that is not a number is removed; birth dates (BRTHDTC, BRTHDT, BRTHDTM) are always
 *   removed.
 * - (A, R) names and other free text: the columns listed in `freeTextColumns` (verbatim terms, comments)
 *   are emptied, since they can carry names, places and dates.
 * - (R) unique identifying numbers: USUBJID and SUBJID are replaced by site-coded pseudonyms
 *   (`<SITEID>-<n>`), numbered in order of first appearance: a caller should register the subjects first in a
 *   secret order (the CLI uses a keyed HMAC), or the codes follow the original ids (164.514(c)).
 * Column names and USUBJID / SITEID values are read trimmed, as the SDTM reader reads them; a repeated USUBJID,
 * SUBJID, AGE or AGEU column is emptied.
 * Source: U.S. HHS, "Guidance Regarding Methods for De-identification of PHI" (2012), §3 (Safe Harbor) and
 * §2 (expert determination); issue "Trustworthy under attack" item 8.
 */
export interface DeidOptions {
  /** days to add to a subject's dates; the caller derives it from a secret key (never stored in output) */
  offsetDays: (usubjid: string) => number
  /** ages above this are capped at maxAge + 1 (HIPAA: over 89) */
  maxAge?: number
  /** columns emptied because they hold free text */
  freeTextColumns?: readonly string[]
}

/** Verbatim and comment columns of the SDTM domains CellTrial exchanges (interchange/sdtm-adam.md). */
export const SDTM_FREE_TEXT_COLUMNS = ['AETERM', 'CETERM', 'COVAL', 'CMINDC', 'LBCOM', 'VSCOM', 'DSTERM', 'MHTERM', 'INVNAM', 'BRTHDTC']

/** A table as header and rows of strings (a CSV file). */
export interface TextTable {
  header: string[]
  rows: string[][]
}

const isDateColumn = (name: string) => /(DTC|DT|DTM)$/.test(name) && name !== 'DOMAIN'
/**
 * SDTM --STTPT / --ENTPT (start / end reference time point, e.g. AEENTPT) hold "a description or date/time in ISO
 * 8601 character format" (SDTM model timing variables; SDTMIG 3.4 §4.4.7): a value that starts with a digit is
 * such a date and is shifted like any other (or removed if it cannot be shifted exactly); a description
 * (`END OF STUDY`, `VISIT 1`) is kept.
 */
const isTimePointColumn = (name: string) => /(STTPT|ENTPT)$/.test(name)
/**
 * Birth dates (SDTM BRTHDTC, ADaM BRTHDT/BRTHDTM) are removed whatever `freeTextColumns` says: a shifted birth
 * date keeps the exact age (intervals are kept), and for ages over 89 Safe Harbor (C) also removes "all elements
 * of dates (including year) indicative of such age" (45 CFR 164.514(b)(2)(i)(C)).
 */
const isBirthDateColumn = (name: string) => /^BRTH(DTC|DT|DTM)$/.test(name)
/** Years per AGEU unit (SDTM AGEU codelist); an empty or unknown unit is read as years. */
const AGE_UNIT_YEARS: Record<string, number> = { YEARS: 1, MONTHS: 12, WEEKS: 365.25 / 7, DAYS: 365.25, HOURS: 365.25 * 24 }

/** The pseudonym registry shared across the tables of one export, so a subject keeps one code. */
export function createPseudonyms() {
  const codes = new Map<string, string>()
  const perSite = new Map<string, number>()
  return {
    codeFor(usubjid: string, siteId: string): string {
      let code = codes.get(usubjid)
      if (!code) {
        // number per written prefix: a subject without a site and a site named "SITE" must not share a code
        const prefix = siteId || 'SITE'
        const n = (perSite.get(prefix) ?? 0) + 1
        perSite.set(prefix, n)
        code = `${prefix}-${String(n).padStart(3, '0')}`
        codes.set(usubjid, code)
      }
      return code
    },
    siteOf: new Map<string, string>(),
  }
}
export type Pseudonyms = ReturnType<typeof createPseudonyms>

/**
 * De-identify one table. `siteOf` maps USUBJID to SITEID (from dm) for tables without SITEID.
 * Dates that are not plain `YYYY-MM-DD` keep their time part and shift their date part; a partial date
 * (`2024-03`) cannot be shifted exactly and is removed. A row without USUBJID has no offset: its dates and its
 * SUBJID are removed too.
 */
export function deidentifyTable(table: TextTable, pseudonyms: Pseudonyms, options: DeidOptions): TextTable {
  const { offsetDays, maxAge = 89, freeTextColumns = SDTM_FREE_TEXT_COLUMNS } = options
  // names as the SDTM reader reads them (sdtm-domain-reader: header names are trimmed): a header `LBDTC ` or
  // ` USUBJID` is that variable, and must not pass through unshifted or uncoded
  const names = table.header.map((h) => h.trim())
  const col = (name: string) => names.indexOf(name)
  const usub = col('USUBJID')
  const subj = col('SUBJID')
  const site = col('SITEID')
  const age = col('AGE')
  const ageu = col('AGEU')
  // a second USUBJID / SUBJID / AGE / AGEU column (the SDTM reader refuses such a header as ambiguous) is emptied,
  // never written as it came (Safe Harbor (C), (R))
  const repeats = names.map((h, i) => (['USUBJID', 'SUBJID', 'AGE', 'AGEU'].includes(h) && names.indexOf(h) !== i ? i : -1)).filter((i) => i >= 0)
  const dates = names.map((h, i) => (isDateColumn(h) ? i : -1)).filter((i) => i >= 0)
  const timePoints = names.map((h, i) => (isTimePointColumn(h) ? i : -1)).filter((i) => i >= 0)
  const texts = names
    .map((h, i) => (freeTextColumns.includes(h) || isBirthDateColumn(h) ? i : -1))
    .filter((i) => i >= 0)
  const rows = table.rows.map((input) => {
    const row = [...input]
    // values as the SDTM reader reads them (trimmed): ` CT-01` in one table and `CT-01` in another are one
    // subject, with one offset and one code in every table
    const id = usub >= 0 ? (input[usub] ?? '').trim() : ''
    if (site >= 0 && id) pseudonyms.siteOf.set(id, (input[site] ?? '').trim())
    // a date with no subject has no offset to be shifted by: like a partial date it is removed, never written
    // unshifted (Safe Harbor (C); module doc: "calendar dates are not" kept)
    const offset = id ? offsetDays(id) : null
    for (const i of dates) row[i] = offset === null ? '' : shiftDateText(input[i] ?? '', offset)
    for (const i of timePoints) {
      const v = input[i] ?? ''
      if (/^\s*\d/.test(v)) row[i] = offset === null ? '' : shiftDateText(v, offset)
    }
    for (const i of texts) row[i] = ''
    for (const i of repeats) row[i] = ''
    // Safe Harbor (C) "ages over 89" are ages in years: AGE is read in its AGEU unit (96 MONTHS is 8 years and
    // stays 96; 1100 MONTHS is over 89 years and becomes 90 YEARS)
    const unit = ageu >= 0 ? (input[ageu] ?? '').trim().toUpperCase() : ''
    const perYear = AGE_UNIT_YEARS[unit] ?? 1
    if (age >= 0 && input[age] !== '' && Number(input[age]) / perYear > maxAge) {
      row[age] = String(maxAge + 1)
      if (ageu >= 0 && perYear !== 1) row[ageu] = 'YEARS'
    } else if (age >= 0 && Number.isNaN(Number(input[age]))) {
      row[age] = '' // not a number (`95 years`): it cannot be checked against the cap, so it is removed (Safe Harbor (C))
    }
    if (id) {
      const code = pseudonyms.codeFor(id, pseudonyms.siteOf.get(id) ?? '')
      row[usub] = code
      if (subj >= 0) row[subj] = code.split('-').at(-1)!
    } else if (subj >= 0) {
      row[subj] = '' // no USUBJID to code it by: the original SUBJID must not pass through (Safe Harbor (R))
    }
    return row
  })
  return { header: [...table.header], rows }
}

function shiftDateText(value: string, offset: number): string {
  if (value === '') return ''
  const date = value.slice(0, 10)
  if (!isIsoDate(date)) return ''
  // only a time part may follow the shifted date; anything else (an ISO 8601 interval `2024-03-01/2024-03-05`,
  // a second date) would carry an unshifted calendar date into the export (Safe Harbor (C)): remove the value
  const rest = value.slice(10)
  if (rest !== '' && !/^T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/.test(rest)) return ''
  return addDays(date, offset) + rest
}

/**
 * Map a uniformly distributed 32-bit number to a shift of 1..maxDays days, forward or back (never 0, so
 * every subject's dates move).
 * @example numberOfShiftDays(0, 180) // -1
 */
export function numberOfShiftDays(random32: number, maxDays: number): number {
  const magnitude = 1 + (Math.floor(random32 / 2) % maxDays)
  return random32 % 2 === 0 ? -magnitude : magnitude
}
