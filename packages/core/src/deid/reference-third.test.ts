/**
 * Third independent check of the de-identified export (issue 10 item 8), written from the documents before
 * reading the engine's code:
 * - HIPAA Safe Harbor, 45 CFR 164.514(b)(2)(i): (A) names, (B) geographic subdivisions smaller than a State,
 *   (C) all elements of dates (except year) directly related to an individual, and "all ages over 89 and all
 *   elements of dates (including year) indicative of such age ... aggregated into a single category of age 90
 *   or older", (R) any other unique identifying number, characteristic or code; 164.514(c) re-identification
 *   codes must not be derived from the identifiers.
 * - The project's documented choices ("celltrial deidentify" help text, and the module comment of
 *   deid/deidentify-table.ts, the only de-identification documentation: docs/ has none):
 *   D1 each subject's dates shifted by the same secret offset (1..N days, forward or back; intervals kept); the
 *      offset comes from HMAC-SHA256(key, USUBJID) and is written nowhere; every --DTC / --DT / --DTM column;
 *   D2 a date-time keeps its time part and shifts its date part; a partial date (`2024-03`) cannot be shifted
 *      exactly and is removed; a row without USUBJID has no offset, its dates and its SUBJID are removed;
 *   D3 AGE above maxAge (default 89) years, read in its AGEU unit (empty or unknown unit = years), becomes
 *      maxAge + 1 YEARS; birth dates (BRTHDTC, BRTHDT, BRTHDTM) always removed;
 *   D4 the free-text columns (verbatim terms, comments; a configurable list) are emptied;
 *   D5 USUBJID / SUBJID replaced by site-coded pseudonyms `<SITEID>-<nnn>`, numbered per site in order of first
 *      registration (the CLI registers in an order keyed by the secret), one code per subject for the export.
 * - interchange/sdtm-adam.md: the datasets (dm, ex, lb, cm, ce, ae, vs; adsl, adrs, adtte) and their date
 *   variables (RFXSTDTC, EXSTDTC, LBDTC, CMSTDTC/CMENDTC, CESTDTC/CEENDTC, AESTDTC, VSDTC; TRTSDT, LDSTDT, ADT,
 *   STARTDT) and day counts (ADY, AVAL in days) that must survive the shift exactly.
 * Engine faults found by this check (each has a test below that fails on the old code):
 * - a header name with white space (`LBDTC `, ` USUBJID`), which the SDTM reader trims and reads as that variable,
 *   was not recognised: dates unshifted, ids uncoded, ages uncapped, verbatim text kept;
 * - a USUBJID written with white space in one table (` CT-01`) was another subject: another offset and code;
 * - a repeated USUBJID / SUBJID / AGE / AGEU column was written as it came (original ids, uncapped ages);
 * - an ISO date in --STTPT / --ENTPT (SDTM: "a description or date/time in ISO 8601") was not shifted;
 * - an AGE that is not a number (`95 years`) passed the cap unchecked.
 */
import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createPseudonyms, deidentifyTable, numberOfShiftDays, SDTM_FREE_TEXT_COLUMNS, type TextTable } from './index.js'

const SEED = 20261208

// ---------------------------------------------------------------- reference (from the documents only)

/** Proleptic Gregorian calendar date check and day arithmetic, on UTC epoch days (independent of dates/). */
function refIsDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  if (mo < 1 || mo > 12 || d < 1) return false
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const len = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] as number
  return d <= len
}
function refAddDays(s: string, n: number): string {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  const t = new Date(0)
  t.setUTCFullYear(y, m - 1, d + n)
  const yy = t.getUTCFullYear()
  return `${String(yy).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`
}
function refDaysBetween(a: string, b: string): number {
  const e = (s: string) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number]
    const t = new Date(0)
    t.setUTCFullYear(y, m - 1, d)
    return Math.round(t.getTime() / 86_400_000)
  }
  return e(b) - e(a)
}

/** D2: the ISO 8601 time part SDTM allows after a full date: Thh, Thh:mm, Thh:mm:ss(.f), then an optional zone. */
const TIME_PART = /^T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/
function refShift(value: string, offset: number | null): string {
  if (value === '') return ''
  if (offset === null) return '' // D2: no USUBJID, no offset
  const date = value.slice(0, 10)
  const rest = value.slice(10)
  if (!refIsDate(date)) return '' // D2: partial or not a date: removed, never kept as is
  if (rest !== '' && !TIME_PART.test(rest)) return ''
  return refAddDays(date, offset) + rest
}

const REF_DATE_COLUMN = /(DTC|DT|DTM)$/ // D1: --DTC (SDTM), --DT / --DTM (ADaM)
const REF_BIRTH = new Set(['BRTHDTC', 'BRTHDT', 'BRTHDTM']) // D3
/** D3: years per AGEU unit of the SDTM AGEU codelist; anything else (or empty) is years. */
const REF_UNIT_YEARS: Record<string, number> = { YEARS: 1, MONTHS: 12, WEEKS: 365.25 / 7, DAYS: 365.25, HOURS: 365.25 * 24 }

interface RefRegistry {
  codes: Map<string, string>
  perSite: Map<string, number>
  siteOf: Map<string, string>
}
const refRegistry = (): RefRegistry => ({ codes: new Map(), perSite: new Map(), siteOf: new Map() })
/** D5: `<SITEID>-<nnn>` numbered per site in order of first registration; no site = prefix `SITE`. */
function refCode(reg: RefRegistry, usubjid: string, site: string): string {
  const old = reg.codes.get(usubjid)
  if (old !== undefined) return old
  const prefix = site === '' ? 'SITE' : site
  const n = (reg.perSite.get(prefix) ?? 0) + 1
  reg.perSite.set(prefix, n)
  const code = `${prefix}-${String(n).padStart(3, '0')}`
  reg.codes.set(usubjid, code)
  return code
}

interface RefOptions {
  offsetDays: (u: string) => number
  maxAge?: number
  freeTextColumns?: readonly string[]
}
/** SDTM model timing variables (SDTMIG 3.4 §4.4.7): --STTPT / --ENTPT hold "a description or date/time in ISO 8601 character format". */
const REF_TIME_POINT = /(STTPT|ENTPT)$/
const REF_ONCE = new Set(['USUBJID', 'SUBJID', 'AGE', 'AGEU'])

function refDeidentify(table: TextTable, reg: RefRegistry, o: RefOptions): TextTable {
  const maxAge = o.maxAge ?? 89
  const free = new Set(o.freeTextColumns ?? SDTM_FREE_TEXT_COLUMNS)
  // names and USUBJID / SITEID values as the project's SDTM reader reads them: trimmed
  const h = table.header.map((x) => x.trim())
  const u = h.indexOf('USUBJID')
  const s = h.indexOf('SITEID')
  const age = h.indexOf('AGE')
  const ageu = h.indexOf('AGEU')
  const rows = table.rows.map((row) => {
    const id = u >= 0 ? (row[u] ?? '').trim() : ''
    if (id !== '' && s >= 0) reg.siteOf.set(id, (row[s] ?? '').trim())
    const offset = id === '' ? null : o.offsetDays(id)
    const code = id === '' ? '' : refCode(reg, id, reg.siteOf.get(id) ?? '')
    const out = row.map((v, j) => {
      const name = h[j] ?? ''
      if (REF_BIRTH.has(name) || free.has(name)) return ''
      if (REF_ONCE.has(name) && h.indexOf(name) !== j) return '' // a repeated identity / age column
      if (name === 'USUBJID') return id === '' ? v : code // a blank id is written as it came
      // D5 as the engine reads it (checks 1 and 2 agree): SUBJID is the within-site number of the code
      if (name === 'SUBJID') return code === '' ? '' : (code.split('-').at(-1) ?? '')
      if (REF_DATE_COLUMN.test(name)) return refShift(v, offset)
      if (REF_TIME_POINT.test(name) && /^\s*\d/.test(v)) return refShift(v, offset)
      return v
    })
    if (age >= 0) {
      const raw = row[age] ?? ''
      const a = Number(raw)
      const unit = ageu >= 0 ? (row[ageu] ?? '').trim().toUpperCase() : ''
      const years = a / (REF_UNIT_YEARS[unit] ?? 1)
      if (raw !== '' && years > maxAge) {
        out[age] = String(maxAge + 1)
        // a unit read as years (YEARS, empty, unknown) is left as written; a known other unit becomes YEARS
        if (ageu >= 0 && (REF_UNIT_YEARS[unit] ?? 1) !== 1) out[ageu] = 'YEARS'
      } else if (Number.isNaN(a)) out[age] = '' // not a number: cannot be checked against the cap
    }
    return out
  })
  return { header: [...table.header], rows }
}

/** D1: the CLI's offset, HMAC-SHA256(key, USUBJID), first 32 bits, mapped to +-1..maxDays. */
const refMagnitudeSign = (r: number, maxDays: number) => (r % 2 === 0 ? -1 : 1) * (1 + (Math.floor(r / 2) % maxDays))
const keyedOffset = (key: string, maxDays = 180) => (u: string) =>
  refMagnitudeSign(createHmac('sha256', Buffer.from(key, 'hex')).update(u).digest().readUInt32BE(0), maxDays)

// ---------------------------------------------------------------- helpers

const offsets = (m: Record<string, number>) => (u: string) => {
  const v = m[u]
  if (v === undefined) throw new Error(`no offset for ${u}`)
  return v
}
const col = (t: TextTable, name: string) => t.rows.map((r) => r[t.header.indexOf(name)] ?? '')
const table = (header: string[], ...rows: string[][]): TextTable => ({ header, rows })
function runBoth(tables: TextTable[], o: RefOptions, siteOf: Record<string, string> = {}) {
  const p = createPseudonyms()
  const reg = refRegistry()
  for (const [k, v] of Object.entries(siteOf)) {
    p.siteOf.set(k, v)
    reg.siteOf.set(k, v)
  }
  return tables.map((t) => ({ engine: deidentifyTable(t, p, o), ref: refDeidentify(t, reg, o) }))
}

// ---------------------------------------------------------------- the datasets of sdtm-adam.md

const dm = table(
  ['STUDYID', 'DOMAIN', 'USUBJID', 'SUBJID', 'SITEID', 'BRTHDTC', 'AGE', 'AGEU', 'SEX', 'RFSTDTC', 'RFXSTDTC', 'RFICDTC', 'DTHDTC', 'INVNAM', 'COUNTRY'],
  ['CT1', 'DM', 'CT1-01-001', '001', '01', '1934-02-29', '90', 'YEARS', 'F', '2024-02-27', '2024-02-28T09:30', '2024-01-15', '', 'Dr Li', 'CHN'],
  ['CT1', 'DM', 'CT1-01-002', '002', '01', '1980-07', '43', 'YEARS', 'M', '2023-12-30', '2023-12-31T23:59:59+08:00', '2023-12-01', '2024-06-30', 'Dr Li', 'CHN'],
  ['CT1', 'DM', 'CT1-02-001', '001', '02', '', '1075', 'MONTHS', 'F', '2024-03-01', '2024-03-01', '2024-02-01', '', 'Dr Wu', 'CHN'],
)
const lb = table(
  ['STUDYID', 'DOMAIN', 'USUBJID', 'LBSEQ', 'LBTESTCD', 'LBORRES', 'LBORRESU', 'LBDTC', 'LBDY', 'LBCOM'],
  ['CT1', 'LB', 'CT1-01-001', '1', 'PLAT', '12', '10^9/L', '2024-02-20T08:00Z', '-8', 'drawn at home, 12 Elm St'],
  ['CT1', 'LB', 'CT1-01-001', '2', 'PLAT', '55', '10^9/L', '2024-03-29', '30', ''],
  ['CT1', 'LB', 'CT1-01-002', '1', 'PLAT', '8', '10^9/L', '2024-01', '', ''],
  ['CT1', 'LB', 'CT1-02-001', '1', 'PLAT', '101', '10^9/L', '2024-03-01T07:05:09.25-05:00', '0', ''],
)
const ex = table(
  ['STUDYID', 'USUBJID', 'EXTRT', 'EXCAT', 'EXDOSE', 'EXDOSU', 'EXSTDTC', 'EXENDTC', 'EXDUR', 'EXELTM'],
  ['CT1', 'CT1-01-001', 'FLUDARABINE', 'LYMPHODEPLETION', '30', 'mg/m2', '2024-02-23', '2024-02-25', 'P3D', 'PT0H'],
  ['CT1', 'CT1-01-001', 'CAR-T', 'CELL THERAPY', '1000000', 'cells/kg', '2024-02-28T09:30', '', '', ''],
)
const ae = table(
  ['STUDYID', 'USUBJID', 'AETERM', 'AEDECOD', 'AETOXGR', 'AESER', 'AESTDTC', 'AEENDTC', 'AESTDY'],
  ['CT1', 'CT1-01-002', 'fever after visit to Shanghai', 'Cytokine release syndrome', '2', 'N', '2024-01-02', '2024-01-05', '2'],
)
const ce = table(
  ['STUDYID', 'USUBJID', 'CETERM', 'CECAT', 'CESTDTC', 'CEENDTC', 'CETOX', 'CETOXGR'],
  ['CT1', 'CT1-02-001', 'nosebleed', 'BLEEDING', '2024-03-05', '', 'WHO BLEEDING SCALE', '1'],
)
const cm = table(
  ['STUDYID', 'USUBJID', 'CMTRT', 'CMCAT', 'CMSCAT', 'CMINDC', 'CMSTDTC', 'CMENDTC'],
  ['CT1', 'CT1-01-001', 'IVIG', 'RESCUE', 'IVIG', 'bleeding at school', '2024-03-02', ''],
)
const co = table(['STUDYID', 'USUBJID', 'COVAL', 'CODTC'], ['CT1', 'CT1-01-002', 'husband John called', '2024-01-03'])
const adsl = table(
  ['STUDYID', 'USUBJID', 'SITEID', 'AGE', 'SEX', 'TRTSDT', 'LDSTDT', 'BASEPLAT', 'DOSELVL', 'TRTSDTM'],
  ['CT1', 'CT1-01-001', '01', '93', 'F', '2024-02-28', '2024-02-23', '12', 'DL1', '2024-02-28T09:30'],
  ['CT1', 'CT1-02-001', '02', '89', 'F', '2024-03-01', '', '101', 'DL1', ''],
)
const adtte = table(
  ['STUDYID', 'USUBJID', 'PARAMCD', 'PARAM', 'AVAL', 'CNSR', 'STARTDT', 'ADT', 'ADY', 'EVNTDESC'],
  ['CT1', 'CT1-01-001', 'TTR', 'Time to response', '30', '0', '2024-02-28', '2024-03-29', '30', 'RESPONSE'],
)
const OFF = { 'CT1-01-001': 3, 'CT1-01-002': -180, 'CT1-02-001': 1 }
const SITES = { 'CT1-01-001': '01', 'CT1-01-002': '01', 'CT1-02-001': '02' }
const ALL = [dm, lb, ex, ae, ce, cm, co, adsl, adtte]

describe('every dataset of sdtm-adam.md: engine = reference (D1-D5)', () => {
  it('equals the reference table by table, with one shared pseudonym registry', () => {
    for (const { engine, ref } of runBoth(ALL, { offsetDays: offsets(OFF) }, SITES)) expect(engine).toEqual(ref)
  })
  it('shifts every date variable of every dataset by the subject offset, to the day (D1, 45 CFR (b)(2)(i)(C))', () => {
    const [oDm, oLb, oEx, oAe, oCe, oCm, oCo, oAdsl, oAdtte] = runBoth(ALL, { offsetDays: offsets(OFF) }, SITES).map((x) => x.engine)
    expect(col(oDm!, 'RFSTDTC')).toEqual(['2024-03-01', '2023-07-03', '2024-03-02'])
    // date-times keep the time and zone; 2024 is a leap year (02-28 + 3 = 03-02)
    expect(col(oDm!, 'RFXSTDTC')).toEqual(['2024-03-02T09:30', '2023-07-04T23:59:59+08:00', '2024-03-02'])
    expect(col(oDm!, 'RFICDTC')).toEqual(['2024-01-18', '2023-06-04', '2024-02-02'])
    expect(col(oDm!, 'DTHDTC')).toEqual(['', '2024-01-02', ''])
    expect(col(oLb!, 'LBDTC')).toEqual(['2024-02-23T08:00Z', '2024-04-01', '', '2024-03-02T07:05:09.25-05:00'])
    expect(col(oEx!, 'EXSTDTC')).toEqual(['2024-02-26', '2024-03-02T09:30'])
    expect(col(oEx!, 'EXENDTC')).toEqual(['2024-02-28', ''])
    expect(col(oAe!, 'AESTDTC')).toEqual(['2023-07-06'])
    expect(col(oAe!, 'AEENDTC')).toEqual(['2023-07-09'])
    expect(col(oCe!, 'CESTDTC')).toEqual(['2024-03-06'])
    expect(col(oCm!, 'CMSTDTC')).toEqual(['2024-03-05'])
    expect(col(oCo!, 'CODTC')).toEqual(['2023-07-07'])
    expect(col(oAdsl!, 'TRTSDT')).toEqual(['2024-03-02', '2024-03-02'])
    expect(col(oAdsl!, 'LDSTDT')).toEqual(['2024-02-26', ''])
    expect(col(oAdsl!, 'TRTSDTM')).toEqual(['2024-03-02T09:30', ''])
    expect(col(oAdtte!, 'STARTDT')).toEqual(['2024-03-02'])
    expect(col(oAdtte!, 'ADT')).toEqual(['2024-04-01'])
  })
  it('keeps study days, durations, elapsed times and AVAL exactly, and the day relationships with them', () => {
    const [oDm, oLb, oEx, oAe, , , , , oAdtte] = runBoth(ALL, { offsetDays: offsets(OFF) }, SITES).map((x) => x.engine)
    expect(col(oLb!, 'LBDY')).toEqual(col(lb, 'LBDY'))
    expect(col(oEx!, 'EXDUR')).toEqual(['P3D', ''])
    expect(col(oEx!, 'EXELTM')).toEqual(['PT0H', ''])
    expect(col(oAe!, 'AESTDY')).toEqual(['2'])
    expect(oAdtte!.rows[0]).toEqual(['CT1', expect.any(String), 'TTR', 'Time to response', '30', '0', '2024-03-02', '2024-04-01', '30', 'RESPONSE'])
    // LBDY = days from infusion (Day 0) to LBDTC, before and after the shift
    const rfx = new Map(dm.rows.map((r, i) => [r[2]!, oDm!.rows[i]![10]!.slice(0, 10)]))
    lb.rows.forEach((r, i) => {
      const outDate = oLb!.rows[i]![7]!
      if (r[8] === '') return
      expect(refDaysBetween(rfx.get(r[2]!)!, outDate.slice(0, 10))).toBe(Number(r[8]))
    })
    // ADTTE: AVAL = ADT - STARTDT after the shift
    expect(refDaysBetween(oAdtte!.rows[0]![6]!, oAdtte!.rows[0]![7]!)).toBe(30)
  })
  it('removes birth dates, partial dates and free text; caps ages; replaces the ids with one code per subject', () => {
    const [oDm, oLb, , oAe, oCe, oCm, oCo, oAdsl, oAdtte] = runBoth(ALL, { offsetDays: offsets(OFF) }, SITES).map((x) => x.engine)
    expect(col(oDm!, 'BRTHDTC')).toEqual(['', '', ''])
    expect(col(oDm!, 'INVNAM')).toEqual(['', '', ''])
    expect(col(oDm!, 'AGE')).toEqual(['90', '43', '90']) // 1075 months = 89.58 years: over 89 (D3)
    expect(col(oDm!, 'AGEU')).toEqual(['YEARS', 'YEARS', 'YEARS'])
    expect(col(oAdsl!, 'AGE')).toEqual(['90', '89']) // ADSL has no AGEU: years
    expect(col(oLb!, 'LBCOM')).toEqual(['', '', '', ''])
    expect(col(oAe!, 'AETERM')).toEqual([''])
    expect(col(oAe!, 'AEDECOD')).toEqual(['Cytokine release syndrome']) // coded term kept
    expect(col(oCe!, 'CETERM')).toEqual([''])
    expect(col(oCm!, 'CMINDC')).toEqual([''])
    expect(col(oCo!, 'COVAL')).toEqual([''])
    expect(col(oDm!, 'COUNTRY')).toEqual(['CHN', 'CHN', 'CHN']) // a State or larger: allowed by (b)(2)(i)(B)
    const code = new Map(dm.rows.map((r, i) => [r[2]!, oDm!.rows[i]![2]!]))
    expect(new Set(code.values()).size).toBe(3)
    for (const c of code.values()) expect(c).toMatch(/^0[12]-\d{3}$/)
    // SUBJID is the within-site number of the subject's code (the engine's reading of D5; '001' was an old SUBJID
    // too, so the number carries nothing of it: it comes from the registration order)
    expect(col(oDm!, 'SUBJID')).toEqual(col(oDm!, 'USUBJID').map((c) => c.slice(3)))
    for (const [t, o] of [[lb, oLb], [ae, oAe], [ce, oCe], [cm, oCm], [co, oCo], [adsl, oAdsl], [adtte, oAdtte]] as const) {
      expect(col(o!, 'USUBJID')).toEqual(col(t, 'USUBJID').map((u) => code.get(u)))
    }
    // nothing of the original identifiers, names or verbatim texts survives anywhere
    const text = [oDm, oLb, oAe, oCe, oCm, oCo, oAdsl, oAdtte].flatMap((t) => [...t!.rows.flat()]).join('|')
    for (const leak of ['CT1-01', 'CT1-02', 'Dr Li', 'Elm St', 'Shanghai', 'John', 'school', '1934', '1980-07', '2024-01|']) expect(text).not.toContain(leak)
  })
  it('does not change its input tables', () => {
    const copy = JSON.parse(JSON.stringify(ALL)) as TextTable[]
    runBoth(ALL, { offsetDays: offsets(OFF) }, SITES)
    expect(ALL).toEqual(copy)
  })
})

describe('dates (D1, D2): every shape of date and date-time', () => {
  const one = (value: string, off = 10, name = 'LBDTC') =>
    deidentifyTable(table(['USUBJID', name], ['S1', value]), createPseudonyms(), { offsetDays: () => off }).rows[0]![1]
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2100-03-01', -1, '2100-02-28'], // 2100 is not a leap year
    ['2000-03-01', -1, '2000-02-29'], // 2000 is
    ['2023-12-31', 1, '2024-01-01'],
    ['2024-01-01', -1, '2023-12-31'],
    ['2024-06-15', -180, '2023-12-18'],
    ['2024-06-15', 180, '2024-12-12'],
    ['2024-06-15T10', 2, '2024-06-17T10'],
    ['2024-06-15T10:30', 2, '2024-06-17T10:30'],
    ['2024-06-15T10:30:59', 2, '2024-06-17T10:30:59'],
    ['2024-06-15T10:30:59.5', 2, '2024-06-17T10:30:59.5'],
    ['2024-06-15T10:30Z', 2, '2024-06-17T10:30Z'],
    ['2024-06-15T23:30+08:00', 2, '2024-06-17T23:30+08:00'],
    ['2024-06-15T00:30-0530', -2, '2024-06-13T00:30-0530'],
    ['2024-06-15T00:30+08', -2, '2024-06-13T00:30+08'],
  ])('%s shifted by %i is %s', (v, off, want) => {
    expect(one(v, off)).toBe(want)
    expect(refShift(v, off)).toBe(want)
  })
  it.each([
    '2024', '2024-06', '2024---15', '--06-15', '2024-06-15/2024-06-17', '2024-02-30', '2023-02-29', '1900-02-29', '2024-13-01',
    '20240615', '15JUN2024', '2024/06/15', ' 2024-06-15', '2024-06-15 ', '2024-06-15 10:30', '2024-06-15T', '2024-06-15t10:30',
    '2024-06-15T10:30:', 'UNK', 'NA', '45458', '2024-06-15TZ',
  ])('%j cannot be shifted exactly and is removed, never kept (D2)', (v) => {
    expect(one(v)).toBe('')
    expect(refShift(v, 10)).toBe('')
  })
  it.each(['LBDTC', 'ADT', 'TRTSDTM', 'ASTDTM', 'RFPENDTC', 'DTHDTC', 'DCUTDT', 'CMENDTC', 'SVSTDTC', 'DSSTDTC', 'MHSTDTC'])(
    '%s is a date column', (name) => expect(one('2024-06-15', 5, name)).toBe('2024-06-20'))
  it.each(['LBDY', 'ADY', 'AVAL', 'EXDUR', 'AEENRTPT', 'ATM', 'ADTF', 'ATMF', 'VISITNUM', 'EPOCH', 'TPTREF', 'LBSTRESC'])(
    '%s is not a date column and is kept as is', (name) => expect(one('2024-06-15', 5, name)).toBe('2024-06-15'))
  it('a row without USUBJID (or a table without it) loses its dates and SUBJID, and keeps the rest (D2)', () => {
    const t = table(['USUBJID', 'SUBJID', 'LBDTC', 'LBORRES', 'AGE'], ['', '007', '2024-06-15', '42', '95'], ['S1', '001', '2024-06-15', '40', '30'])
    const out = deidentifyTable(t, createPseudonyms(), { offsetDays: offsets({ S1: 1 }) })
    expect(out.rows).toEqual([['', '', '', '42', '90'], ['SITE-001', '001', '2024-06-16', '40', '30']])
    const noId = deidentifyTable(table(['SUBJID', 'ADT', 'AVAL'], ['001', '2024-06-15', '3']), createPseudonyms(), { offsetDays: () => 1 })
    expect(noId.rows).toEqual([['', '', '3']])
  })
})

describe('ages (D3, 45 CFR (b)(2)(i)(C): over 89 becomes one category, 90 or older)', () => {
  const age = (value: string, unit: string | null, maxAge?: number) => {
    const header = unit === null ? ['USUBJID', 'AGE'] : ['USUBJID', 'AGE', 'AGEU']
    const row = unit === null ? ['S1', value] : ['S1', value, unit]
    const o = deidentifyTable(table(header, row), createPseudonyms(), maxAge === undefined ? { offsetDays: () => 1 } : { offsetDays: () => 1, maxAge })
    const r = refDeidentify(table(header, row), refRegistry(), maxAge === undefined ? { offsetDays: () => 1 } : { offsetDays: () => 1, maxAge })
    expect(o).toEqual(r)
    return o.rows[0]!.slice(1).join(' ')
  }
  it.each([
    ['89', 'YEARS', '89 YEARS'],
    ['89.5', 'YEARS', '90 YEARS'],
    ['90', 'YEARS', '90 YEARS'],
    ['104', 'YEARS', '90 YEARS'],
    ['1068', 'MONTHS', '1068 MONTHS'], // exactly 89 years
    ['1069', 'MONTHS', '90 YEARS'],
    ['1080', 'MONTHS', '90 YEARS'],
    ['4643', 'WEEKS', '4643 WEEKS'], // 89 y = 4643.89 weeks
    ['4644', 'WEEKS', '90 YEARS'],
    ['32507', 'DAYS', '32507 DAYS'], // 89 y = 32507.25 days
    ['32508', 'DAYS', '90 YEARS'],
    ['779616', 'HOURS', '779616 HOURS'],
    ['780174', 'HOURS', '780174 HOURS'], // 89 y = 780174 hours (365.25-day years)
    ['780175', 'HOURS', '90 YEARS'],
    ['780181', 'HOURS', '90 YEARS'],
    ['95', '', '90 '], // empty unit: read as years, left as written (checks 1 and 2 agree)
    ['95', 'DECADES', '90 DECADES'], // unknown unit: read as years and left as written (documented; see report)
    ['1100', 'months', '90 YEARS'], // units read trimmed, any case
    ['1068', ' MONTHS ', '1068  MONTHS '],
    ['', 'YEARS', ' YEARS'],
    ['NA', 'YEARS', ' YEARS'], // not a number: cannot be checked against the cap, removed
    ['95 years', 'YEARS', ' YEARS'],
    ['95,5', 'YEARS', ' YEARS'],
    [' 95 ', 'YEARS', '90 YEARS'],
    ['9.5e1', 'YEARS', '90 YEARS'],
    ['45', 'YEARS', '45 YEARS'],
  ])('AGE %j %s -> %s', (v, u, want) => expect(age(v, u)).toBe(want))
  it('caps ages in a table without AGEU as years (ADSL)', () => {
    expect(age('95', null)).toBe('90')
    expect(age('89', null)).toBe('89')
  })
  it('follows a non-default maxAge (a protocol or data agreement may set a lower cap)', () => {
    expect(age('65', 'YEARS', 64)).toBe('65 YEARS')
    expect(age('64', 'YEARS', 64)).toBe('64 YEARS')
    expect(age('65', 'YEARS', 63)).toBe('64 YEARS')
    expect(age('781', 'MONTHS', 64)).toBe('65 YEARS')
  })
  it('removes every birth date column, whatever the free-text list says (D3)', () => {
    const t = table(['USUBJID', 'BRTHDTC', 'BRTHDT', 'BRTHDTM', 'AGE'], ['S1', '1930-01-01', '1930-01-01', '1930-01-01T06:00', '94'])
    for (const freeTextColumns of [[], ['CMTRT'], SDTM_FREE_TEXT_COLUMNS]) {
      expect(deidentifyTable(t, createPseudonyms(), { offsetDays: () => 5, freeTextColumns }).rows).toEqual([['SITE-001', '', '', '', '90']])
    }
  })
})

describe('free text (D4: the documented list, and a configured list)', () => {
  it('empties each listed column of the default list', () => {
    const t = table(['USUBJID', ...SDTM_FREE_TEXT_COLUMNS], ['S1', ...SDTM_FREE_TEXT_COLUMNS.map((c) => `text of ${c}`)])
    const out = deidentifyTable(t, createPseudonyms(), { offsetDays: () => 1 })
    expect(out.rows[0]).toEqual(['SITE-001', ...SDTM_FREE_TEXT_COLUMNS.map(() => '')])
    // the documented categories: verbatim terms, comments, birth dates, investigator name
    expect([...SDTM_FREE_TEXT_COLUMNS]).toEqual(expect.arrayContaining(['AETERM', 'CETERM', 'MHTERM', 'DSTERM', 'COVAL', 'INVNAM', 'BRTHDTC']))
  })
  it('empties exactly the configured columns when a list is given', () => {
    const t = table(['USUBJID', 'AETERM', 'CMTRT', 'LBORRES'], ['S1', 'rash', 'aspirin from neighbour', 'see note'])
    const out = deidentifyTable(t, createPseudonyms(), { offsetDays: () => 1, freeTextColumns: ['CMTRT', 'LBORRES'] })
    expect(out.rows[0]).toEqual(['SITE-001', 'rash', '', ''])
  })
})

describe('pseudonyms (D5, (b)(2)(i)(R), 164.514(c))', () => {
  it('one code per subject across datasets, with or without SITEID in the table, per site numbering', () => {
    const p = createPseudonyms()
    p.siteOf.set('B', 'S2')
    const o = { offsetDays: () => 1 }
    const a = deidentifyTable(table(['USUBJID', 'SITEID'], ['A', 'S1'], ['B', 'S2'], ['C', 'S1']), p, o)
    const b = deidentifyTable(table(['USUBJID', 'LBDTC'], ['C', '2024-01-01'], ['B', '2024-01-01'], ['D', '2024-01-01']), p, o)
    expect(col(a, 'USUBJID')).toEqual(['S1-001', 'S2-001', 'S1-002'])
    expect(col(b, 'USUBJID')).toEqual(['S1-002', 'S2-001', 'SITE-001'])
  })
  it('a subject without a site and a site called SITE do not share a code; 1000 subjects of a site stay distinct', () => {
    const p = createPseudonyms()
    const o = { offsetDays: () => 1 }
    const t = deidentifyTable(table(['USUBJID', 'SITEID'], ['x', ''], ['y', 'SITE'], ...Array.from({ length: 1000 }, (_, i) => [`z${i}`, '9'])), p, o)
    const codes = col(t, 'USUBJID')
    expect(codes.slice(0, 2)).toEqual(['SITE-001', 'SITE-002'])
    expect(codes.at(-1)).toBe('9-1000')
    expect(new Set(codes).size).toBe(codes.length)
  })
})

describe('the secret offset (D1): numberOfShiftDays and the keyed derivation', () => {
  it('matches the documented example and the reference for the edges of the 32-bit range', () => {
    expect(numberOfShiftDays(0, 180)).toBe(-1)
    for (const r of [0, 1, 2, 3, 358, 359, 360, 361, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 2, 2 ** 32 - 1]) {
      for (const maxDays of [1, 2, 7, 180, 365, 1000]) expect(numberOfShiftDays(r, maxDays)).toBe(refMagnitudeSign(r, maxDays))
    }
  })
  it('is never 0, never beyond maxDays, and takes each of the 2 x maxDays values equally often over a period', () => {
    for (const maxDays of [1, 3, 180]) {
      const seen = new Map<number, number>()
      for (let r = 0; r < 2 * maxDays * 4; r++) {
        const d = numberOfShiftDays(r, maxDays)
        expect(d).not.toBe(0)
        expect(Math.abs(d)).toBeLessThanOrEqual(maxDays)
        seen.set(d, (seen.get(d) ?? 0) + 1)
      }
      expect(seen.size).toBe(2 * maxDays)
      expect(new Set(seen.values())).toEqual(new Set([4]))
    }
  })
  it('the same key gives the same export; another key gives another; the offset is in no output cell', () => {
    const K1 = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'
    const K2 = 'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100'
    const run = (key: string) => runBoth(ALL, { offsetDays: keyedOffset(key) }, SITES).map((x) => {
      expect(x.engine).toEqual(x.ref)
      return x.engine
    })
    expect(run(K1)).toEqual(run(K1))
    const a = run(K1)
    const b = run(K2)
    expect(col(a[0]!, 'RFSTDTC')).not.toEqual(col(b[0]!, 'RFSTDTC'))
    const off = keyedOffset(K1)
    for (const u of Object.keys(OFF)) expect(Math.abs(off(u))).toBeGreaterThanOrEqual(1)
    // intervals are the same under both keys
    for (const o of [a, b]) expect(refDaysBetween(col(o[8]!, 'STARTDT')[0]!, col(o[8]!, 'ADT')[0]!)).toBe(30)
  })
})

describe('a table as the SDTM reader reads it (trimmed names and values; a repeated variable is ambiguous)', () => {
  it('a header name with white space is that variable: dates shifted, ids coded, age capped, text removed', () => {
    const t = table([' USUBJID', 'LBDTC ', ' AGE ', 'AGEU', 'AETERM ', ' BRTHDTC', 'SUBJID '], ['A', '2024-01-01T10:00', '95', 'YEARS', 'John Smith', '1930-01-01', '0042'])
    const out = deidentifyTable(t, createPseudonyms(), { offsetDays: () => 10 })
    expect(out.header).toEqual(t.header) // written as it came
    expect(out.rows).toEqual([['SITE-001', '2024-01-11T10:00', '90', 'YEARS', '', '', '001']])
  })
  it('USUBJID / SITEID values with white space are the same subject: one offset and one code in every table', () => {
    const p = createPseudonyms()
    const seen: string[] = []
    const o = { offsetDays: (u: string) => (seen.push(u), u === 'A' ? 10 : 99) }
    const d = deidentifyTable(table(['USUBJID', 'SITEID', 'RFXSTDTC'], ['A', ' 07 ', '2024-01-01']), p, o)
    const l = deidentifyTable(table(['USUBJID', 'LBDTC'], [' A', '2024-01-05'], ['A ', '2024-01-06'], ['\tA', '2024-01-07']), p, o)
    expect(d.rows).toEqual([['07-001', ' 07 ', '2024-01-11']])
    expect(l.rows).toEqual([['07-001', '2024-01-15'], ['07-001', '2024-01-16'], ['07-001', '2024-01-17']])
    expect(new Set(seen)).toEqual(new Set(['A'])) // the offset is asked for the subject, not for a spelling of it
  })
  it('a repeated USUBJID, SUBJID, AGE or AGEU column is emptied, never written as it came', () => {
    const t = table(['USUBJID', 'SUBJID', 'AGE', 'AGEU', 'USUBJID', 'SUBJID ', 'AGE', 'AGEU', 'LBDTC', 'LBDTC'], ['CT-9', '9', '95', 'YEARS', 'CT-9', '9', '95', 'YEARS', '2024-01-01', '2024-01-02'])
    const out = deidentifyTable(t, createPseudonyms(), { offsetDays: () => 1 })
    expect(out.rows).toEqual([['SITE-001', '001', '90', 'YEARS', '', '', '', '', '2024-01-02', '2024-01-03']])
  })
})

describe('--STTPT / --ENTPT: "a description or date/time in ISO 8601" (SDTM model; SDTMIG 3.4 §4.4.7)', () => {
  const tp = (name: string, value: string, id = 'A') =>
    deidentifyTable(table(['USUBJID', name], [id, value]), createPseudonyms(), { offsetDays: () => -3 }).rows[0]![1]
  it.each([
    ['AEENTPT', '2024-03-01', '2024-02-27'],
    ['CMENTPT', '2024-03-01T08:00', '2024-02-27T08:00'],
    ['CMSTTPT', '2024-03-01', '2024-02-27'],
    ['AEENTPT', '2024-03', ''], // partial: cannot be shifted exactly
    ['AEENTPT', '01MAR2024', ''],
    ['AEENTPT', 'END OF STUDY', 'END OF STUDY'], // a description is kept
    ['CMSTTPT', 'VISIT 1', 'VISIT 1'],
    ['AEENRTPT', 'ONGOING', 'ONGOING'], // the relation itself is no time point
    ['LBTPT', '2 HOURS POST DOSE', '2 HOURS POST DOSE'],
  ])('%s %j -> %j', (name, v, want) => expect(tp(name, v)).toBe(want))
  it('a time-point date of a row without USUBJID is removed', () => expect(tp('AEENTPT', '2024-03-01', '')).toBe(''))
})

// ---------------------------------------------------------------- generated tables

const SUBJECTS = ['P-1', 'P-2', 'P-3', 'P-4', 'P-5', '']
const SPELLINGS = [...SUBJECTS, ' P-1', 'P-2 ', ' ']
const dateValue = fc.oneof(
  fc.integer({ min: -200_000, max: 200_000 }).map((d) => refAddDays('2000-01-01', d)),
  fc.tuple(fc.integer({ min: -5000, max: 5000 }), fc.constantFrom('T00', 'T23:59', 'T10:30:00', 'T10:30:00.123', 'Z', 'T08:00Z', 'T08:00+08:00', 'T08:00-0530', 'T08+01', 'T8:00', ' 10:00', 'T10:00/T11:00'))
    .map(([d, t]) => refAddDays('2024-02-29', d) + t),
  fc.constantFrom('', '2024', '2024-02', '2024-02-30', '2023-02-29', '2024---01', 'UNK', '20240101', '2024-1-1'),
  fc.string({ maxLength: 12 }),
)
const COLUMNS = [
  'USUBJID', 'SUBJID', 'SITEID', 'AGE', 'AGEU', 'BRTHDTC', 'RFXSTDTC', 'LBDTC', 'LBDY', 'ADT', 'TRTSDTM', 'AETERM', 'CMTRT', 'COVAL', 'EXDUR',
  'STUDYID', 'AEENTPT', 'CMSTTPT', ' USUBJID', 'AGE ', 'AGEU ', 'SUBJID ', 'LBDTC ', ' SITEID',
]
const cell = (header: string): fc.Arbitrary<string> => {
  const name = header.trim()
  if (name === 'USUBJID') return fc.constantFrom(...SPELLINGS)
  if (name === 'SITEID') return fc.constantFrom('', '01', '02', 'SITE', ' 01')
  if (/(STTPT|ENTPT)$/.test(name)) return fc.oneof(dateValue, fc.constantFrom('END OF STUDY', 'VISIT 1', ' 2024-01-01'))
  if (name === 'AGE') return fc.oneof(fc.integer({ min: 0, max: 1_000_000 }).map(String), fc.double({ min: 80, max: 100, noNaN: true }).map(String), fc.constantFrom('', 'NA', ' 95', '1e2', '-3'))
  if (name === 'AGEU') return fc.constantFrom('YEARS', 'MONTHS', 'WEEKS', 'DAYS', 'HOURS', '', 'years')
  if (/(DTC|DT|DTM)$/.test(name)) return dateValue
  return fc.string({ maxLength: 8 })
}
const tableArb = fc.shuffledSubarray(COLUMNS, { minLength: 1 }).chain((header) =>
  fc.array(fc.tuple(...header.map(cell)), { maxLength: 8 }).map((rows) => ({ header, rows: rows.map((r) => [...r]) })),
)

describe('property: generated tables, engine = reference (seed 20261208)', () => {
  it('a sequence of tables sharing one registry, any offsets, maxAge and free-text list', () => {
    fc.assert(
      fc.property(
        fc.array(tableArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: -400, max: 400 }).filter((x) => x !== 0), { minLength: 6, maxLength: 6 }),
        fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
        fc.option(fc.subarray(['AETERM', 'CMTRT', 'COVAL', 'LBDY']), { nil: undefined }),
        fc.dictionary(fc.constantFrom('P-1', 'P-2', 'P-3'), fc.constantFrom('01', '02', '')),
        (tables, offs, maxAge, freeTextColumns, siteOf) => {
          const o: RefOptions = { offsetDays: (u) => offs[SUBJECTS.indexOf(u)] ?? 0 }
          if (maxAge !== undefined) o.maxAge = maxAge
          if (freeTextColumns !== undefined) o.freeTextColumns = freeTextColumns
          // the engine asks for the offset of a subject (a trimmed, non-empty USUBJID) only
          const asked: string[] = []
          const o2: RefOptions = { ...o, offsetDays: (u) => (asked.push(u), o.offsetDays(u)) }
          const p = createPseudonyms()
          const reg = refRegistry()
          for (const [k, v] of Object.entries(siteOf)) {
            p.siteOf.set(k, v)
            reg.siteOf.set(k, v)
          }
          for (const t of tables) {
            const engine = deidentifyTable(t, p, o2)
            expect(engine).toEqual(refDeidentify(t, reg, o))
            // no column read as USUBJID / SUBJID keeps an original id
            t.header.forEach((h, j) => {
              if (h.trim() !== 'USUBJID' && h.trim() !== 'SUBJID') return
              for (const r of engine.rows) expect(SUBJECTS.filter((x) => x !== '')).not.toContain((r[j] ?? '').trim())
            })
          }
          for (const u of asked) expect(SUBJECTS.filter((x) => x !== '')).toContain(u)
        },
      ),
      { seed: SEED, numRuns: 400 },
    )
  })
  it('any date a subject has keeps its distance to any other date of the same subject, in any table', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('P-1', 'P-2'), fc.integer({ min: -3000, max: 3000 })), { minLength: 2, maxLength: 12 }), fc.integer({ min: 1, max: 365 }), fc.integer({ min: 1, max: 365 }), (rows, a, b) => {
        const dates = rows.map(([u, d]) => [u, refAddDays('2024-01-01', d)])
        const off = { 'P-1': a, 'P-2': -b }
        const p = createPseudonyms()
        const out1 = deidentifyTable(table(['USUBJID', 'LBDTC'], ...dates.map(([u, d]) => [u!, d!])), p, { offsetDays: offsets(off) })
        const out2 = deidentifyTable(table(['USUBJID', 'ADT'], ...dates.map(([u, d]) => [u!, d!])), p, { offsetDays: offsets(off) })
        for (let i = 0; i < rows.length; i++) {
          for (let j = 0; j < rows.length; j++) {
            if (rows[i]![0] !== rows[j]![0]) continue
            expect(refDaysBetween(out1.rows[i]![1]!, out2.rows[j]![1]!)).toBe(rows[j]![1] - rows[i]![1])
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    )
  })
})
