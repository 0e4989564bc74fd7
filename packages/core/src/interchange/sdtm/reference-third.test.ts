/**
 * Third independent reference check of the SDTM import (interchange/sdtm-adam.md "Input domains",
 * domain/README.md "Cross-cutting conventions", response-itp.md §3.1 inputs).
 *
 * The reference below was written from the doc prose alone, before reading the engine:
 * - sdtm-adam.md intro: CSV, one file per domain, UTF-8, a header row, ISO 8601 dates `YYYY-MM-DD`
 *   or date-times `YYYY-MM-DDThh:mm`; column order does not matter; unknown columns are kept in the
 *   import log, not rejected.
 * - sdtm-adam.md `lb.csv`: platelets LBTESTCD `PLAT`; LBSTRESN/LBSTRESU win when present; otherwise
 *   LBORRES converted from LBORRESU: `10^9/L`, `10^3/uL` ×1; `/uL`, `/mm3` ×0.001; any other unit
 *   is an error, never a guess.
 * - sdtm-adam.md `dm.csv`: RFXSTDTC = infusion = protocol Day 0; `ex.csv`: first LYMPHODEPLETION
 *   EXSTDTC = LD start; `cm.csv`: RESCUE/CMSCAT → rescue type, CMENDTC empty = start day,
 *   NEW ITP THERAPY first CMSTDTC; `ce.csv`: CEENDTC empty = ongoing.
 * - sdtm-adam.md error rule: `file:line: VARIABLE: what is wrong`, all errors together, nothing
 *   written when any error.
 * - domain/README.md: protocol day = date − infusion (Day 0); SDTM --DY has no day 0.
 * - "Variable names follow SDTMIG 3.4": where the platform doc is silent the SDTMIG meaning of a
 *   variable applies (LBSTAT `NOT DONE` = no result, SDTMIG 3.4 LB).
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Issue } from '../../result.js'
import { addDays, protocolDay, sdtmStudyDay } from '../../dates/index.js'
import {
  evaluateResponse,
  parseResponseInput,
  withResponseOverrides,
  DEFAULT_RESPONSE_PARAMS,
} from '../../response/index.js'
import { createResponseInputCollector } from './response-input-collector.js'
import { createSdtmLbByteReader } from './lb-byte-reader.js'
import { readSdtmText } from './sdtm-domain-reader.js'
import { formatSdtmIssue } from './sdtm-issue.js'
import { sdtmDmDomain } from './dm.js'
import { sdtmExDomain } from './ex.js'
import { sdtmLbDomain } from './lb.js'
import { sdtmCmDomain } from './cm.js'
import { sdtmCeDomain } from './ce.js'

const SEED = 20261208

// ---------------------------------------------------------------------------------------------
// Reference implementation (doc prose only)
// ---------------------------------------------------------------------------------------------

/** RFC 4180 CSV with a header row (sdtm-adam.md intro). BOM stripped (UTF-8), CRLF or LF. */
interface RefCsvRow {
  readonly line: number
  readonly cells: readonly string[]
}
function refParseCsv(text: string): { header: string[]; rows: RefCsvRow[] } {
  let s = text.startsWith('\uFEFF') ? text.slice(1) : text
  s = s.replace(/\r\n/g, '\n')
  const records: RefCsvRow[] = []
  let line = 1
  let i = 0
  while (i < s.length) {
    const startLine = line
    const cells: string[] = []
    let cell = ''
    let done = false
    while (!done) {
      if (s[i] === '"') {
        i++
        for (;;) {
          if (i >= s.length) throw new Error('unterminated quote')
          const ch = s[i] as string
          if (ch === '"') {
            if (s[i + 1] === '"') {
              cell += '"'
              i += 2
              continue
            }
            i++
            break
          }
          if (ch === '\n') line++
          cell += ch
          i++
        }
      }
      while (i < s.length && s[i] !== ',' && s[i] !== '\n') {
        cell += s[i] as string
        i++
      }
      cells.push(cell)
      cell = ''
      if (i >= s.length) done = true
      else if (s[i] === ',') i++
      else {
        i++
        line++
        done = true
      }
    }
    const blank = cells.length === 1 && cells[0] === ''
    if (!blank) records.push({ line: startLine, cells })
  }
  const [head, ...rows] = records
  return { header: head ? [...head.cells] : [], rows }
}

/** Calendar day number (days since 1970-01-01) of a valid `YYYY-MM-DD`, else null. */
function refDayNumber(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return null
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  if (mo < 1 || mo > 12 || d < 1) return null
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const dim = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] as number
  if (d > dim) return null
  // setUTCFullYear: Date.UTC maps years 0-99 to 1900-1999
  const t = new Date(0)
  t.setUTCFullYear(y, mo - 1, d)
  return t.getTime() / 86_400_000
}

/** ISO 8601 as the doc allows it: `YYYY-MM-DD` or `YYYY-MM-DDThh:mm` (sdtm-adam.md intro). */
function refParseDtc(v: string): { date: string; time?: string } | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(v)
  if (!m) return null
  const date = m[1] as string
  if (refDayNumber(date) === null) return null
  if (m[2] === undefined) return { date }
  if (Number(m[2]) > 23 || Number(m[3]) > 59) return null
  return { date, time: `${m[2]}:${m[3] as string}` }
}

/** Protocol day: Day 0 = infusion (domain/README.md "Day numbering"). */
function refProtocolDay(date: string, infusion: string): number {
  return (refDayNumber(date) as number) - (refDayNumber(infusion) as number)
}

/** SDTM --DY: no day 0 (domain/README.md "CDISC study day differs"). */
function refSdtmDy(date: string, rfstdtc: string): number {
  const diff = refProtocolDay(date, rfstdtc)
  return diff >= 0 ? diff + 1 : diff
}

/** Decimal exponent shift of each listed platelet unit to ×10⁹/L (sdtm-adam.md `lb.csv`). */
const REF_PLATELET_SHIFT: Readonly<Record<string, number>> = {
  '10^9/L': 0,
  '10^3/uL': 0,
  '/uL': -3,
  '/mm3': -3,
}

const REF_DECIMAL = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?$/

/**
 * A decimal text times 10^shift, rounded once to the nearest double (the value the doc means by
 * "×0.001"), or null when the text is not a plain decimal number.
 */
function refScaledDecimal(text: string, shift: number): number | null {
  const m = REF_DECIMAL.exec(text)
  if (!m) return null
  const v = Number(`${m[1] as string}e${Number(m[2] ?? '0') + shift}`)
  return Number.isFinite(v) ? v : null
}

type RefRow = Readonly<Record<string, string>>
/** A row problem: the variable it names (sdtm-adam.md: `file:line: VARIABLE: what is wrong`). */
type RefOutcome<T> = { ok: T } | { bad: string[] }

/**
 * Platelet value of one LB `PLAT` row, ×10⁹/L (sdtm-adam.md `lb.csv`): LBSTRESN/LBSTRESU win when
 * present, otherwise LBORRES converted from LBORRESU; any other unit is an error. A count is never
 * negative, whichever column it comes from.
 */
function refPlateletValue(row: RefRow): RefOutcome<number> {
  const stresn = row['LBSTRESN'] ?? ''
  const [numVar, unitVar] = stresn !== '' ? ['LBSTRESN', 'LBSTRESU'] : ['LBORRES', 'LBORRESU']
  const text = row[numVar] ?? ''
  const unit = row[unitVar] ?? ''
  const bad: string[] = []
  const shift = REF_PLATELET_SHIFT[unit]
  const v = refScaledDecimal(text, shift ?? 0)
  if (v === null || v < 0) bad.push(numVar)
  if (shift === undefined) bad.push(unitVar)
  return bad.length > 0 || v === null ? { bad } : { ok: v }
}

/** Rows of one domain file by variable name (values trimmed), or the record-level problems. */
interface RefTable {
  rows: { line: number; row: RefRow }[]
  /** `line:VARIABLE` problems of the file structure (missing column, field count) */
  problems: string[]
}
function refTable(text: string, required: readonly string[]): RefTable {
  const { header, rows } = refParseCsv(text)
  const names = header.map((h) => h.trim())
  const problems = required.filter((v) => !names.includes(v)).map((v) => `1:${v}`)
  if (problems.length > 0) return { rows: [], problems }
  const out: RefTable['rows'] = []
  for (const r of rows) {
    if (r.cells.length !== names.length) {
      problems.push(`${r.line}:RECORD`)
      continue
    }
    const row: Record<string, string> = {}
    names.forEach((n, k) => {
      if (!(n in row)) row[n] = (r.cells[k] as string).trim()
    })
    out.push({ line: r.line, row })
  }
  return { rows: out, problems }
}

const REF_RESCUE_TYPES: Readonly<Record<string, string>> = {
  'PLATELET TRANSFUSION': 'PLATELET_TRANSFUSION',
  IVIG: 'IVIG',
  'HIGH DOSE CORTICOSTEROID': 'HIGH_DOSE_CORTICOSTEROID',
  'TPO-RA': 'TPO_RA',
  'OTHER RESCUE': 'OTHER_RESCUE',
}

interface RefSubject {
  infusionDate: string
  ldStartDate: string | null
  plateletCounts: { date: string; time: string | null; value: number }[]
  bleedingEvents: { startDate: string; endDate: string | null; scale: string; grade: number }[]
  rescueEvents: { type: string; startDate: string; startTime: string | null; endDate: string }[]
  newItpTherapyStartDate: string | null
}

/** The files of one import (sdtm-adam.md: lower-case domain code + `.csv`). */
interface RefFiles {
  dm: string
  ex: string
  lb: string
  cm?: string
  ce?: string
}

/**
 * The whole SDTM import as the docs describe it: every error as `file:line:VARIABLE`, or (no error)
 * the response engine input of each subject in dm.csv order (response-itp.md §3.1).
 */
function refImport(files: RefFiles): { errors: string[]; subjects: Map<string, RefSubject> } {
  const errors: string[] = []
  const subjects = new Map<string, RefSubject>()
  const req = (file: string, line: number, row: RefRow, vars: readonly string[]): boolean => {
    let good = true
    for (const v of vars)
      if ((row[v] ?? '') === '') {
        errors.push(`${file}:${line}:${v}`)
        good = false
      }
    return good
  }
  const dtc = (file: string, line: number, row: RefRow, v: string, optional = false) => {
    const text = row[v] ?? ''
    if (text === '' && optional) return null
    const d = refParseDtc(text)
    if (d === null && text !== '') errors.push(`${file}:${line}:${v}`)
    return d
  }
  const read = (file: string, text: string | undefined, required: readonly string[]) => {
    if (text === undefined) return []
    const t = refTable(text, required)
    errors.push(...t.problems.map((p) => `${file}:${p}`))
    return t.rows
  }
  const owner = (file: string, line: number, row: RefRow): RefSubject | undefined => {
    const u = row['USUBJID'] ?? ''
    const s = subjects.get(u)
    if (u !== '' && s === undefined) errors.push(`${file}:${line}:USUBJID`)
    return s
  }

  // dm.csv: RFXSTDTC = infusion = Day 0
  for (const { line, row } of read('dm.csv', files.dm, [
    'STUDYID',
    'USUBJID',
    'SITEID',
    'AGE',
    'AGEU',
    'SEX',
    'RFXSTDTC',
  ])) {
    const before = errors.length
    req('dm.csv', line, row, ['STUDYID', 'USUBJID', 'SITEID', 'AGE', 'AGEU', 'SEX'])
    // SDTMIG 3.4 DM: SEX from the CDISC SEX codelist
    if (row['SEX'] !== '' && !['M', 'F', 'U', 'UNDIFFERENTIATED'].includes(row['SEX'] ?? ''))
      errors.push(`dm.csv:${line}:SEX`)
    const inf = dtc('dm.csv', line, row, 'RFXSTDTC')
    if ((row['RFXSTDTC'] ?? '') === '') errors.push(`dm.csv:${line}:RFXSTDTC`)
    dtc('dm.csv', line, row, 'DTHDTC', true)
    const u = row['USUBJID'] ?? ''
    // a row with an error is not a subject (its records elsewhere then name an unknown subject)
    if (errors.length > before) continue
    if (subjects.has(u)) errors.push(`dm.csv:${line}:USUBJID`)
    else if (inf && u !== '')
      subjects.set(u, {
        infusionDate: inf.date,
        ldStartDate: null,
        plateletCounts: [],
        bleedingEvents: [],
        rescueEvents: [],
        newItpTherapyStartDate: null,
      })
  }
  // ex.csv: the first LYMPHODEPLETION EXSTDTC is the LD start
  for (const { line, row } of read('ex.csv', files.ex, [
    'STUDYID',
    'USUBJID',
    'EXTRT',
    'EXCAT',
    'EXDOSE',
    'EXDOSU',
    'EXSTDTC',
  ])) {
    const before = errors.length
    req('ex.csv', line, row, ['STUDYID', 'USUBJID', 'EXTRT', 'EXCAT', 'EXDOSE', 'EXDOSU', 'EXSTDTC'])
    const cat = row['EXCAT'] ?? ''
    const ld = cat === 'LYMPHODEPLETION'
    if (cat !== '' && !ld && cat !== 'CELL THERAPY') errors.push(`ex.csv:${line}:EXCAT`)
    const unit = row['EXDOSU'] ?? ''
    if (
      unit !== '' &&
      (ld ? unit !== 'mg/m2' : cat === 'CELL THERAPY' && unit !== 'cells/kg' && unit !== 'cells')
    )
      errors.push(`ex.csv:${line}:EXDOSU`)
    const start = dtc('ex.csv', line, row, 'EXSTDTC')
    const s = errors.length > before ? undefined : owner('ex.csv', line, row)
    if (s && ld && start && (s.ldStartDate === null || start.date < s.ldStartDate)) s.ldStartDate = start.date
  }
  // cm.csv: RESCUE typed by CMSCAT (empty CMENDTC = start day); first NEW ITP THERAPY start
  for (const { line, row } of read('cm.csv', files.cm, ['STUDYID', 'USUBJID', 'CMTRT', 'CMCAT', 'CMSTDTC'])) {
    const before = errors.length
    req('cm.csv', line, row, ['STUDYID', 'USUBJID', 'CMTRT', 'CMCAT', 'CMSTDTC'])
    const cat = row['CMCAT'] ?? ''
    if (cat !== '' && !['RESCUE', 'NEW ITP THERAPY', 'CONCOMITANT'].includes(cat))
      errors.push(`cm.csv:${line}:CMCAT`)
    const type = REF_RESCUE_TYPES[row['CMSCAT'] ?? '']
    if (cat === 'RESCUE' && type === undefined) errors.push(`cm.csv:${line}:CMSCAT`)
    const start = dtc('cm.csv', line, row, 'CMSTDTC')
    const end = dtc('cm.csv', line, row, 'CMENDTC', true)
    if (start && end && end.date < start.date) errors.push(`cm.csv:${line}:CMENDTC`)
    const s = errors.length > before ? undefined : owner('cm.csv', line, row)
    if (!s || !start) continue
    if (cat === 'RESCUE' && type)
      s.rescueEvents.push({
        type,
        startDate: start.date,
        startTime: start.time ?? null,
        endDate: end?.date ?? start.date,
      })
    if (
      cat === 'NEW ITP THERAPY' &&
      (s.newItpTherapyStartDate === null || start.date < s.newItpTherapyStartDate)
    )
      s.newItpTherapyStartDate = start.date
  }
  // ce.csv: BLEEDING on the WHO scale 0-4; empty CEENDTC = ongoing
  for (const { line, row } of read('ce.csv', files.ce, [
    'STUDYID',
    'USUBJID',
    'CETERM',
    'CECAT',
    'CESTDTC',
    'CETOX',
    'CETOXGR',
  ])) {
    const before = errors.length
    req('ce.csv', line, row, ['STUDYID', 'USUBJID', 'CETERM', 'CECAT', 'CESTDTC', 'CETOX', 'CETOXGR'])
    const bleeding = row['CECAT'] === 'BLEEDING'
    if (bleeding && row['CETOX'] !== 'WHO BLEEDING SCALE' && row['CETOX'] !== '')
      errors.push(`ce.csv:${line}:CETOX`)
    const gr = row['CETOXGR'] ?? ''
    if (bleeding && gr !== '' && !/^[0-4]$/.test(gr)) errors.push(`ce.csv:${line}:CETOXGR`)
    const start = dtc('ce.csv', line, row, 'CESTDTC')
    const end = dtc('ce.csv', line, row, 'CEENDTC', true)
    if (start && end && end.date < start.date) errors.push(`ce.csv:${line}:CEENDTC`)
    const s = errors.length > before ? undefined : owner('ce.csv', line, row)
    // response-itp.md §3.1/§3.2: the grade is on the scale the engine calls `WHO` (bleedingScale default)
    if (s && bleeding && start)
      s.bleedingEvents.push({
        startDate: start.date,
        endDate: end?.date ?? null,
        scale: 'WHO',
        grade: Number(gr),
      })
  }
  // lb.csv: PLAT rows are the platelet counts
  for (const { line, row } of read('lb.csv', files.lb, [
    'STUDYID',
    'USUBJID',
    'LBTESTCD',
    'LBORRES',
    'LBORRESU',
    'LBDTC',
  ])) {
    const before = errors.length
    req('lb.csv', line, row, ['STUDYID', 'USUBJID', 'LBTESTCD', 'LBDTC'])
    const d = dtc('lb.csv', line, row, 'LBDTC')
    let value: number | null = null
    // SDTMIG 3.4 LB: LBSTAT NOT DONE = the test has no result (not a count, not an error)
    const noResult = (row['LBORRES'] ?? '') === '' && (row['LBSTRESN'] ?? '') === ''
    if (noResult && row['LBSTAT'] === 'NOT DONE') continue
    if (row['LBTESTCD'] !== 'PLAT' && noResult) errors.push(`lb.csv:${line}:LBORRES`)
    if (row['LBTESTCD'] === 'PLAT') {
      const v = refPlateletValue(row)
      if ('bad' in v) errors.push(...v.bad.map((b) => `lb.csv:${line}:${b}`))
      else value = v.ok
    }
    const s = errors.length > before ? undefined : owner('lb.csv', line, row)
    if (s && d && value !== null) s.plateletCounts.push({ date: d.date, time: d.time ?? null, value })
  }
  return { errors, subjects }
}

// ---------------------------------------------------------------------------------------------
// Engine harness: the same files through the engine's readers and collector
// ---------------------------------------------------------------------------------------------

const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
const decode = (b: Uint8Array) => decoder.decode(b)
const where = (i: Issue) => `${String(i.path[0])}:${String(i.path[1])}:${String(i.path[2])}`

/**
 * Import `files` with the engine: dm.csv → collector, then ex, cm, ce and lb. `lbBytes` reads lb.csv
 * with the byte-level reader (the CLI's path) cut at `cuts`, else with the general text reader.
 */
function engineImport(files: RefFiles, { lbBytes = false, cuts = [] as number[] } = {}) {
  const issues: Issue[] = []
  const dm = readSdtmText(sdtmDmDomain, files.dm)
  issues.push(...dm.issues)
  const c = createResponseInputCollector(dm.records)
  const ex = readSdtmText(sdtmExDomain, files.ex)
  issues.push(...ex.issues)
  ex.records.forEach((r) => c.addEx(r))
  if (files.cm !== undefined) {
    const cm = readSdtmText(sdtmCmDomain, files.cm)
    issues.push(...cm.issues)
    cm.records.forEach((r) => c.addCm(r))
  }
  if (files.ce !== undefined) {
    const ce = readSdtmText(sdtmCeDomain, files.ce)
    issues.push(...ce.issues)
    ce.records.forEach((r) => c.addCe(r))
  }
  let lbLog
  if (lbBytes) {
    const reader = createSdtmLbByteReader({ decode, onValue: (...a) => c.addLbValue(...a) })
    const bytes = new TextEncoder().encode(files.lb)
    let last = 0
    for (const cut of [...cuts].map((k) => Math.min(k, bytes.length)).sort((a, b) => a - b)) {
      reader.push(bytes.subarray(last, cut))
      last = cut
    }
    reader.push(bytes.subarray(last))
    reader.end()
    issues.push(...reader.issues)
    lbLog = reader.log()
  } else {
    const lb = readSdtmText(sdtmLbDomain, files.lb)
    issues.push(...lb.issues)
    lb.records.forEach((r) => c.addLb(r))
    lbLog = lb.log
  }
  issues.push(...c.issues)
  const subjects = new Map(c.subjects(null).map((s) => [s.dm.usubjid, s.input]))
  return { issues, errors: issues.map(where), subjects, lbLog }
}

/** Engine subjects in the reference's shape. */
function asRef(subjects: ReturnType<typeof engineImport>['subjects']): Map<string, RefSubject> {
  const out = new Map<string, RefSubject>()
  for (const [u, s] of subjects)
    out.set(u, {
      infusionDate: s.infusionDate,
      ldStartDate: s.ldStartDate,
      plateletCounts: s.plateletCounts.map((p) => ({ date: p.date, time: p.time ?? null, value: p.value })),
      bleedingEvents: (s.bleedingEvents ?? []).map((b) => ({
        startDate: b.startDate,
        endDate: b.endDate,
        scale: b.scale ?? '',
        grade: b.grade,
      })),
      rescueEvents: (s.rescueEvents ?? []).map((r) => ({
        type: r.type,
        startDate: r.startDate,
        startTime: r.startTime ?? null,
        endDate: r.endDate ?? '',
      })),
      newItpTherapyStartDate: s.newItpTherapyStartDate ?? null,
    })
  return out
}

/** Engine and reference agree on the errors (as `file:line:VARIABLE`) and, without errors, on every subject. */
function expectSameImport(files: RefFiles, opts: { lbBytes?: boolean; cuts?: number[] } = {}) {
  const ref = refImport(files)
  const got = engineImport(files, opts)
  const uniq = (a: string[]) => [...new Set(a)].sort()
  expect(uniq(got.errors)).toEqual(uniq(ref.errors))
  if (ref.errors.length === 0) expect(asRef(got.subjects)).toEqual(ref.subjects)
  return { ref, got }
}

// ---------------------------------------------------------------------------------------------
// Small builders for hand-written files
// ---------------------------------------------------------------------------------------------

const DM_HEAD = 'STUDYID,USUBJID,SITEID,AGE,AGEU,SEX,RFXSTDTC'
const EX_HEAD = 'STUDYID,USUBJID,EXTRT,EXCAT,EXDOSE,EXDOSU,EXSTDTC'
const LB_HEAD = 'STUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC'
const CM_HEAD = 'STUDYID,USUBJID,CMTRT,CMCAT,CMSCAT,CMSTDTC,CMENDTC'
const CE_HEAD = 'STUDYID,USUBJID,CETERM,CECAT,CESTDTC,CEENDTC,CETOX,CETOXGR'
const dmOne = (infusion = '2024-03-01', id = 'S-1') => `${DM_HEAD}\nS,${id},01,30,YEARS,F,${infusion}\n`
const exNone = `${EX_HEAD}\n`
const lbOf = (...rows: string[]) => [LB_HEAD, ...rows].join('\n') + '\n'
/** engine LB reading of rows under a header (general path) */
const lbRead = (head: string, ...rows: string[]) =>
  readSdtmText(sdtmLbDomain, [head, ...rows].join('\n') + '\n')

// ---------------------------------------------------------------------------------------------
// Hand-picked cases
// ---------------------------------------------------------------------------------------------

describe('reference-third: lb.csv platelet value (sdtm-adam.md row lb.csv)', () => {
  it('the four listed units; /uL and /mm3 are ×0.001 with whole thousands exact at the thresholds', () => {
    const cases: [string, string, number][] = [
      ['45', '10^9/L', 45],
      ['45', '10^3/uL', 45],
      ['30000', '/uL', 30],
      ['100000', '/mm3', 100],
      ['15000', '/uL', 15],
      ['29999', '/mm3', 29.999],
      ['0', '/uL', 0],
      ['12.5', '10^9/L', 12.5],
      ['1.5E5', '/uL', 150],
      ['+45', '10^9/L', 45],
    ]
    for (const [res, unit, want] of cases) {
      const ref = refImport({ dm: dmOne(), ex: exNone, lb: lbOf(`S,S-1,PLAT,${res},${unit},2024-03-20`) })
      expect(ref.subjects.get('S-1')?.plateletCounts[0]?.value).toBe(want)
      expectSameImport({ dm: dmOne(), ex: exNone, lb: lbOf(`S,S-1,PLAT,${res},${unit},2024-03-20`) })
      expectSameImport(
        { dm: dmOne(), ex: exNone, lb: lbOf(`S,S-1,PLAT,${res},${unit},2024-03-20`) },
        { lbBytes: true },
      )
    }
  })

  it('any other unit is an error naming line, LBORRESU and the unit; never a guess (GI/L, x10E9/L, UCUM 10*9/L, µ, case)', () => {
    const others = [
      'GI/L',
      'G/L',
      'x10E9/L',
      'x10^9/L',
      '10E9/L',
      '10^9/l',
      '10*9/L',
      '10*3/uL',
      'K/uL',
      '10^3/µL',
      '/µL',
      '/ul',
      '/MM3',
      'cells/uL',
      '10^9 /L',
      'thou/uL',
    ]
    const lb = lbOf(...others.map((u) => `S,S-1,PLAT,45,${u},2024-03-20`))
    for (const lbBytes of [false, true]) {
      const { got } = expectSameImport({ dm: dmOne(), ex: exNone, lb }, { lbBytes })
      const msgs = got.issues.map(formatSdtmIssue)
      others.forEach((u, k) =>
        expect(msgs[k]).toMatch(
          new RegExp(
            `^lb\\.csv:${k + 2}: LBORRESU: .*${JSON.stringify(u).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
          ),
        ),
      )
      expect(got.subjects.get('S-1')?.plateletCounts).toEqual([])
    }
  })

  it('LBSTRESN/LBSTRESU win when present (LBORRES may then be text or a foreign unit); an empty LBSTRESN falls back to LBORRES', () => {
    const head = `${LB_HEAD},LBSTRESC,LBSTRESN,LBSTRESU`
    const lb = [
      head,
      'S,S-1,PLAT,<20,GI/L,2024-03-20,15,15,10^9/L',
      'S,S-1,PLAT,45000,/uL,2024-03-21,45,45,10^9/L',
      'S,S-1,PLAT,,,2024-03-22,62,62,10^3/uL',
      'S,S-1,PLAT,33000,/mm3,2024-03-23,<20,,10^9/L',
      'S,S-1,PLAT,50,10^9/L,2024-03-24,,70000,/uL',
    ].join('\r\n')
    for (const lbBytes of [false, true]) {
      const { got } = expectSameImport({ dm: dmOne(), ex: exNone, lb }, { lbBytes })
      expect(got.subjects.get('S-1')?.plateletCounts.map((p) => p.value)).toEqual([15, 45, 62, 33, 70])
    }
  })

  it('a negative count is an error whichever column carries it (LBORRES or LBSTRESN), never a platelet count', () => {
    const head = `${LB_HEAD},LBSTRESN,LBSTRESU`
    const lb = [
      head,
      'S,S-1,PLAT,,,2024-03-20,-5,10^9/L',
      'S,S-1,PLAT,-5,10^9/L,2024-03-21,,',
      'S,S-1,PLAT,,,2024-03-22,-0.001,10^9/L',
      'S,S-1,PLAT,,,2024-03-23,0,10^9/L',
    ].join('\n')
    for (const lbBytes of [false, true]) {
      const { got } = expectSameImport({ dm: dmOne(), ex: exNone, lb }, { lbBytes })
      expect(got.errors).toEqual(['lb.csv:2:LBSTRESN', 'lb.csv:3:LBORRES', 'lb.csv:4:LBSTRESN'])
    }
  })

  it('non-numbers are errors: "<10", "1,000" (quoted), "NaN", "Infinity", "45 x10^9/L", "0x2D", "" without LBSTRESN', () => {
    const bad = ['<10', '"1,000"', 'NaN', 'Infinity', '45 x10^9/L', '0x2D', '', '4 5', '1e', '.']
    const lb = lbOf(...bad.map((v) => `S,S-1,PLAT,${v},10^9/L,2024-03-20`))
    for (const lbBytes of [false, true]) {
      const { got } = expectSameImport({ dm: dmOne(), ex: exNone, lb }, { lbBytes })
      expect(got.errors).toEqual(bad.map((_, k) => `lb.csv:${k + 2}:LBORRES`))
    }
  })

  it('SDTMIG LBSTAT "NOT DONE" with no result is no count and no error (noted in the import log)', () => {
    const head = `${LB_HEAD},LBSTRESN,LBSTRESU,LBSTAT,LBREASND`
    const lb = [
      head,
      'S,S-1,PLAT,,,2024-03-20,,,NOT DONE,SAMPLE CLOTTED',
      'S,S-1,PLAT,45,10^9/L,2024-03-21,,,,',
      'S,S-1,HGB,,,2024-03-21,,,NOT DONE,',
      'S,S-1,PLAT,,,2024-03-22,,,,',
      'S,S-1,PLAT,,,2024-03,,,NOT DONE,',
      'S,S-1,PLAT,,,2024-03-23,,,not done,',
    ].join('\n')
    for (const lbBytes of [false, true]) {
      const { got } = expectSameImport({ dm: dmOne(), ex: exNone, lb }, { lbBytes })
      // no result without NOT DONE (or with another spelling) is still an error; a NOT DONE row still needs a real date
      expect(got.errors).toEqual([
        'lb.csv:5:LBORRES',
        'lb.csv:5:LBORRESU',
        'lb.csv:6:LBDTC',
        'lb.csv:7:LBORRES',
        'lb.csv:7:LBORRESU',
      ])
      expect(got.subjects.get('S-1')?.plateletCounts).toEqual([{ date: '2024-03-21', time: null, value: 45 }])
      expect(got.lbLog.notes.join('\n')).toMatch(/NOT DONE/)
    }
  })
})

describe('reference-third: ISO 8601 dates, partial dates, times and zones (sdtm-adam.md intro)', () => {
  it('full dates and YYYY-MM-DDThh:mm are read as the calendar date of the site and the clock time (no zone shift)', () => {
    const lb = lbOf(
      'S,S-1,PLAT,45,10^9/L,2024-03-20T23:59',
      'S,S-1,PLAT,46,10^9/L,2024-03-21T00:00',
      'S,S-1,PLAT,47,10^9/L,2024-02-29',
      'S,S-1,PLAT,48,10^9/L,2024-12-31T12:05',
    )
    for (const lbBytes of [false, true]) {
      const { got } = expectSameImport({ dm: dmOne('2024-03-01T10:30'), ex: exNone, lb }, { lbBytes })
      const s = got.subjects.get('S-1')
      expect(s?.infusionDate).toBe('2024-03-01')
      expect(s?.plateletCounts.map((p) => [p.date, p.time])).toEqual([
        ['2024-03-20', '23:59'],
        ['2024-03-21', '00:00'],
        ['2024-02-29', null],
        ['2024-12-31', '12:05'],
      ])
    }
  })

  it('partial dates (YYYY-MM, YYYY), zones, impossible dates and other layouts are errors naming file, line, variable and value', () => {
    const bad = [
      '2024-03',
      '2024',
      '2024-03-20T08:30+08:00',
      '2024-03-20T08:30Z',
      '2023-02-29',
      '2024-04-31',
      '2024-03-20T24:00',
      '2024-03-20T08:60',
      '2024/03/20',
      '20-03-2024',
      '2024-03-20 08:30',
      '2024-3-20',
      '2024-03-20T8:30',
      'UN-UNK-2024',
    ]
    const lb = lbOf(...bad.map((d) => `S,S-1,PLAT,45,10^9/L,${d}`))
    for (const lbBytes of [false, true]) {
      const { got } = expectSameImport({ dm: dmOne(), ex: exNone, lb }, { lbBytes })
      const msgs = got.issues.map(formatSdtmIssue)
      expect(msgs).toHaveLength(bad.length)
      bad.forEach((d, k) => {
        expect(msgs[k]?.startsWith(`lb.csv:${k + 2}: LBDTC: `)).toBe(true)
        expect(msgs[k]).toContain(JSON.stringify(d))
      })
    }
    // the same rule in every domain
    const files: RefFiles = {
      dm: `${DM_HEAD},DTHDTC\nS,S-1,01,30,YEARS,F,2024-03-01,2025-06\nS,S-2,01,30,YEARS,F,2024-03,\n`,
      ex: `${EX_HEAD}\nS,S-1,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2024-02\n`,
      lb: lbOf('S,S-1,PLAT,45,10^9/L,2024-03-20'),
      cm: `${CM_HEAD}\nS,S-1,IVIG,RESCUE,IVIG,2024-03-10,2024\n`,
      ce: `${CE_HEAD}\nS,S-1,EPISTAXIS,BLEEDING,2024-03,,WHO BLEEDING SCALE,2\n`,
    }
    // dm rows with an error are no subjects: the valid lb row then names an unknown subject
    expect(expectSameImport(files).got.errors).toEqual([
      'dm.csv:2:DTHDTC',
      'dm.csv:3:RFXSTDTC',
      'ex.csv:2:EXSTDTC',
      'cm.csv:2:CMENDTC',
      'ce.csv:2:CESTDTC',
      'lb.csv:2:USUBJID',
    ])
  })

  it('protocol day (Day 0 = infusion) and SDTM --DY (no day 0) around the reference date and across leap days', () => {
    const cases: [string, string, number, number][] = [
      ['2024-03-01', '2024-03-01', 0, 1],
      ['2024-02-29', '2024-03-01', -1, -1],
      ['2024-03-02', '2024-03-01', 1, 2],
      ['2024-03-05', '2024-02-20', 14, 15],
      ['2025-03-05', '2025-02-20', 13, 14],
      ['2024-02-24', '2024-03-01', -6, -6],
      ['2025-03-01', '2024-03-01', 365, 366],
      ['2024-03-01', '2023-03-01', 366, 367],
    ]
    for (const [date, ref, day, dy] of cases) {
      expect([refProtocolDay(date, ref), refSdtmDy(date, ref)]).toEqual([day, dy])
      expect([protocolDay(date, ref), sdtmStudyDay(date, ref)]).toEqual([day, dy])
    }
    const date = fc
      .integer({ min: refDayNumber('1901-01-01') as number, max: refDayNumber('2099-12-31') as number })
      .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10))
    fc.assert(
      fc.property(date, date, (a, b) => {
        expect(protocolDay(a, b)).toBe(refProtocolDay(a, b))
        expect(sdtmStudyDay(a, b)).toBe(refSdtmDy(a, b))
        expect(sdtmStudyDay(a, b)).not.toBe(0)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('LBDY / EXSTDY in the file are not used: the day comes from the --DTC date (a --DY mistaken for a protocol day changes nothing)', () => {
    const lb = [
      `${LB_HEAD},LBDY`,
      'S,S-1,PLAT,45,10^9/L,2024-03-15,14',
      'S,S-1,PLAT,50,10^9/L,2024-03-22,999',
    ].join('\n')
    const ex = `${EX_HEAD},EXSTDY\nS,S-1,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2024-02-25,-5\n`
    const { got } = expectSameImport({ dm: dmOne(), ex, lb })
    expect(got.subjects.get('S-1')).toMatchObject({
      ldStartDate: '2024-02-25',
      plateletCounts: [{ date: '2024-03-15' }, { date: '2024-03-22' }],
    })
  })
})

describe('reference-third: SDTM rows → response engine input (response-itp.md §3.1)', () => {
  it('several results on one date are all kept, in file order, with their times (the engine applies §3.4 same-date rules)', () => {
    const lb = lbOf(
      'S,S-1,PLAT,25,10^9/L,2024-03-29T16:00',
      'S,S-1,PLAT,22000,/uL,2024-03-29T08:00',
      'S,S-1,PLAT,30,10^9/L,2024-03-30',
      'S,S-1,PLAT,30,10^9/L,2024-03-30',
      'S,S-1,PLAT,31,10^9/L,2024-03-30T07:00',
    )
    for (const lbBytes of [false, true]) {
      const { got } = expectSameImport({ dm: dmOne(), ex: exNone, lb }, { lbBytes })
      expect(got.subjects.get('S-1')?.plateletCounts).toEqual([
        { date: '2024-03-29', time: '16:00', value: 25 },
        { date: '2024-03-29', time: '08:00', value: 22 },
        { date: '2024-03-30', time: null, value: 30 },
        { date: '2024-03-30', time: null, value: 30 },
        { date: '2024-03-30', time: '07:00', value: 31 },
      ])
    }
  })

  it('EX: LD start = the earliest LYMPHODEPLETION EXSTDTC in any row order (a time is dropped, the cell infusion is not LD); none → null', () => {
    const dm = `${DM_HEAD}\nS,S-1,01,30,YEARS,F,2024-03-01\nS,S-2,01,30,YEARS,F,2024-03-08T09:00\nS,S-3,01,30,YEARS,M,2024-03-08\n`
    const ex = [
      EX_HEAD,
      'S,S-1,CYCLOPHOSPHAMIDE,LYMPHODEPLETION,300,mg/m2,2024-02-26',
      'S,S-2,CAR-T,CELL THERAPY,1000000,cells/kg,2024-02-01',
      'S,S-1,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2024-02-24T15:30',
      'S,S-2,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2024-03-03',
      'S,S-1,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2024-02-25',
      'S,S-3,CAR-T,CELL THERAPY,50000000,cells,2024-03-08',
    ].join('\n')
    const { got } = expectSameImport({ dm, ex, lb: lbOf() })
    expect([...got.subjects.values()].map((s) => [s.infusionDate, s.ldStartDate])).toEqual([
      ['2024-03-01', '2024-02-24'],
      ['2024-03-08', '2024-03-03'],
      ['2024-03-08', null],
    ])
  })

  it('CM: RESCUE typed by CMSCAT, empty CMENDTC = the start day, start time kept; first NEW ITP THERAPY; CONCOMITANT ignored', () => {
    const cm = [
      `${CM_HEAD},CMINDC`,
      'S,S-1,PLATELETS,RESCUE,PLATELET TRANSFUSION,2024-03-15T14:00,,BLEEDING',
      'S,S-1,IVIG,RESCUE,IVIG,2024-03-10,2024-03-11,',
      'S,S-1,METHYLPREDNISOLONE,RESCUE,HIGH DOSE CORTICOSTEROID,2024-03-09,2024-03-11T08:00,ICANS',
      'S,S-1,ELTROMBOPAG,RESCUE,TPO-RA,2024-04-01,,',
      'S,S-1,DANAZOL,RESCUE,OTHER RESCUE,2024-04-02,,',
      'S,S-1,RITUXIMAB,NEW ITP THERAPY,,2024-06-20,,',
      'S,S-1,DARATUMUMAB,NEW ITP THERAPY,ANTI-CD38,2024-06-10T09:00,2024-06-10,',
      'S,S-1,"PREDNISONE 5 MG, STABLE",CONCOMITANT,,2024-01-01,,"ITP, chronic"',
    ].join('\n')
    const { got } = expectSameImport({ dm: dmOne(), ex: exNone, lb: lbOf(), cm })
    expect(got.subjects.get('S-1')).toMatchObject({
      rescueEvents: [
        { type: 'PLATELET_TRANSFUSION', startDate: '2024-03-15', startTime: '14:00', endDate: '2024-03-15' },
        { type: 'IVIG', startDate: '2024-03-10', startTime: null, endDate: '2024-03-11' },
        { type: 'HIGH_DOSE_CORTICOSTEROID', startDate: '2024-03-09', startTime: null, endDate: '2024-03-11' },
        { type: 'TPO_RA', startDate: '2024-04-01', startTime: null, endDate: '2024-04-01' },
        { type: 'OTHER_RESCUE', startDate: '2024-04-02', startTime: null, endDate: '2024-04-02' },
      ],
      newItpTherapyStartDate: '2024-06-10',
    })
    const bad = [
      CM_HEAD,
      'S,S-1,IVIG,RESCUE,ivig,2024-03-10,',
      'S,S-1,IVIG,RESCUE,,2024-03-10,',
      'S,S-1,IVIG,Rescue,IVIG,2024-03-10,',
      'S,S-1,IVIG,RESCUE,IVIG,2024-03-10,2024-03-09',
    ].join('\n')
    expect(expectSameImport({ dm: dmOne(), ex: exNone, lb: lbOf(), cm: bad }).got.errors).toEqual([
      'cm.csv:2:CMSCAT',
      'cm.csv:3:CMSCAT',
      'cm.csv:4:CMCAT',
      'cm.csv:5:CMENDTC',
    ])
  })

  it('CE: BLEEDING on the WHO scale; empty CEENDTC = ongoing (null); other categories are not bleeding events', () => {
    const ce = [
      CE_HEAD,
      'S,S-1,EPISTAXIS,BLEEDING,2024-03-15,,WHO BLEEDING SCALE,2',
      'S,S-1,PETECHIAE,BLEEDING,2024-03-16T10:00,2024-03-18T09:00,WHO BLEEDING SCALE,0',
      'S,S-1,PNEUMONIA,INFECTION,2024-03-17,,CTCAE,3',
    ].join('\n')
    const { got } = expectSameImport({ dm: dmOne(), ex: exNone, lb: lbOf(), ce })
    expect(got.subjects.get('S-1')?.bleedingEvents).toEqual([
      { startDate: '2024-03-15', endDate: null, scale: 'WHO', grade: 2 },
      { startDate: '2024-03-16', endDate: '2024-03-18', scale: 'WHO', grade: 0 },
    ])
    const bad = [
      CE_HEAD,
      'S,S-1,X,BLEEDING,2024-03-15,,WHO BLEEDING SCALE,5',
      'S,S-1,X,BLEEDING,2024-03-15,,WHO BLEEDING SCALE,Grade 2',
      'S,S-1,X,BLEEDING,2024-03-15,,ITP-BAT,2',
      'S,S-1,X,BLEEDING,2024-03-15,2024-03-14,WHO BLEEDING SCALE,1',
    ].join('\n')
    expect(expectSameImport({ dm: dmOne(), ex: exNone, lb: lbOf(), ce: bad }).got.errors).toEqual([
      'ce.csv:2:CETOXGR',
      'ce.csv:3:CETOXGR',
      'ce.csv:4:CETOX',
      'ce.csv:5:CEENDTC',
    ])
  })

  it('records of a subject not in dm.csv (or whose dm row is broken) are errors at their own file and line', () => {
    const dm = `${DM_HEAD}\nS,S-1,01,30,YEARS,F,2024-03-01\nS,S-2,01,30,YEARS,F,2024-03\nS,S-1,01,31,YEARS,F,2024-03-02\n`
    const files: RefFiles = {
      dm,
      ex: `${EX_HEAD}\nS,S-2,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2024-02-25\n`,
      lb: lbOf(
        'S,S-1,PLAT,45,10^9/L,2024-03-20',
        'S,s-1,PLAT,45,10^9/L,2024-03-20',
        'S,S-9,PLAT,45,10^9/L,2024-03-20',
      ),
      cm: `${CM_HEAD}\nS,S-2,IVIG,RESCUE,IVIG,2024-03-10,\n`,
    }
    for (const lbBytes of [false, true])
      expect(expectSameImport(files, { lbBytes }).got.errors).toEqual([
        'dm.csv:3:RFXSTDTC',
        'dm.csv:4:USUBJID',
        'ex.csv:2:USUBJID',
        'cm.csv:2:USUBJID',
        'lb.csv:3:USUBJID',
        'lb.csv:4:USUBJID',
      ])
  })
})

describe('reference-third: CSV and header quirks of real exports (sdtm-adam.md intro)', () => {
  it('BOM, CRLF, quoted header names, any column order, extra columns with commas, quotes and line breaks; lines stay physical', () => {
    const lb =
      '\uFEFF"LBDTC","COMMENT","LBORRESU","USUBJID","LBTESTCD","STUDYID","LBORRES","LBTEST"\r\n' +
      '2024-03-20,"clotted, redrawn ""stat""\r\nsee note",10^9/L,S-1,PLAT,S,45,"Platelets, blood"\r\n' +
      '\r\n' +
      '2024-03-21,,/uL,S-1,PLAT,S,"32,000",Platelets\r\n' +
      '2024-03-22,"a\nb\nc",/mm3,S-1,PLAT,S,28000,Platelets\r\n' +
      '2024-03-23, ,GI/L,S-1,PLAT,S,40,Platelets'
    for (const lbBytes of [false, true])
      for (const cuts of [[], [1, 2, 3, 50, 51, 120]]) {
        const { got } = expectSameImport({ dm: dmOne(), ex: exNone, lb }, { lbBytes, cuts })
        // "32,000" is not a number; the GI/L row is on physical line 9 (line 2's quoted line break, line 4 blank, line 6's two breaks)
        expect(got.errors).toEqual(['lb.csv:5:LBORRES', 'lb.csv:9:LBORRESU'])
        expect(got.lbLog.unknownColumns).toEqual(['COMMENT'])
      }
    const fixed = lb.replace('"32,000"', '32000').replace('GI/L', '10^9/L')
    for (const lbBytes of [false, true]) {
      const { got } = expectSameImport({ dm: dmOne(), ex: exNone, lb: fixed }, { lbBytes })
      expect(got.subjects.get('S-1')?.plateletCounts.map((p) => p.value)).toEqual([45, 32, 28, 40])
    }
  })

  it('an unknown column is kept in the log, not rejected, even when it appears twice (Excel trailing empty columns, two COMMENT columns)', () => {
    const variants = [
      `${LB_HEAD},,\nS,S-1,PLAT,45,10^9/L,2024-03-20,,\n`,
      `${LB_HEAD},COMMENT,COMMENT\nS,S-1,PLAT,45,10^9/L,2024-03-20,a,b\n`,
      `${LB_HEAD},,,\r\nS,S-1,PLAT,45,10^9/L,2024-03-20,,,\r\n`,
    ]
    for (const lb of variants)
      for (const lbBytes of [false, true]) {
        const { got } = expectSameImport({ dm: dmOne(), ex: exNone, lb }, { lbBytes })
        expect(got.subjects.get('S-1')?.plateletCounts).toEqual([
          { date: '2024-03-20', time: null, value: 45 },
        ])
        expect(got.lbLog.unknownColumns.length).toBeGreaterThan(0)
      }
    // a known variable twice is ambiguous: an error at line 1 naming it
    const twice = readSdtmText(sdtmLbDomain, `${LB_HEAD},LBORRES\nS,S-1,PLAT,45,10^9/L,2024-03-20,46\n`)
    expect(twice.issues.map(formatSdtmIssue)).toEqual([expect.stringMatching(/^lb\.csv:1: LBORRES: /)])
    expect(twice.records).toEqual([])
  })

  it('variable names are the SDTMIG upper-case names: a lower-case or missing required column is one error at line 1, no row read', () => {
    const r = lbRead('studyid,usubjid,lbtestcd,lborres,lborresu,lbdtc', 'S,S-1,PLAT,45,10^9/L,2024-03-20')
    expect(r.records).toEqual([])
    expect(r.issues.map(where)).toEqual([
      'lb.csv:1:STUDYID',
      'lb.csv:1:USUBJID',
      'lb.csv:1:LBTESTCD',
      'lb.csv:1:LBORRES',
      'lb.csv:1:LBORRESU',
      'lb.csv:1:LBDTC',
    ])
    const noUnit = lbRead(
      'STUDYID,USUBJID,LBTESTCD,LBORRES,LBDTC,LBSTRESN,LBSTRESU',
      'S,S-1,PLAT,45,2024-03-20,45,10^9/L',
    )
    expect(noUnit.issues.map(where)).toEqual(['lb.csv:1:LBORRESU'])
  })

  it('empty vs missing optional columns: no LBSTRESN column and an empty LBSTRESN both fall back to LBORRES', () => {
    const a = lbRead(LB_HEAD, 'S,S-1,PLAT,45000,/uL,2024-03-20')
    const b = lbRead(`${LB_HEAD},LBSTRESN,LBSTRESU`, 'S,S-1,PLAT,45000,/uL,2024-03-20,,')
    const c = lbRead(`LBSTRESU,${LB_HEAD},LBSTRESN`, '10^9/L,S,S-1,PLAT,45000,/uL,2024-03-20,')
    for (const r of [a, b, c]) expect([r.issues, r.records.map((x) => x.value)]).toEqual([[], [45]])
  })

  it('RFC 4180 breaks are RECORD errors at the line the record starts: a quote inside an unquoted field, text after a closing quote, an unterminated quote', () => {
    const lb =
      lbOf(
        'S,S-1,PLAT,45,10^9/L,2024-03-20',
        'S,S-1,PLAT,45,10^9/L",2024-03-21',
        'S,S-1,PLAT,"45" ,10^9/L,2024-03-22',
        'S,S-1,PLAT,46,10^9/L,2024-03-23',
      ) + 'S,S-1,PLAT,"47,10^9/L,2024-03-24\nS,S-1,PLAT,48,10^9/L,2024-03-25\n'
    for (const lbBytes of [false, true]) {
      const got = engineImport({ dm: dmOne(), ex: exNone, lb }, { lbBytes })
      expect(got.errors).toEqual(['lb.csv:3:RECORD', 'lb.csv:4:RECORD', 'lb.csv:6:RECORD'])
    }
  })

  it('a short or long row is a RECORD error at its line; every error of every file is reported together', () => {
    const files: RefFiles = {
      dm: `${DM_HEAD}\nS,S-1,01,30,YEARS,F,2024-03-01\nS,S-2,01,30,YEARS,X,2024-03-01\n`,
      ex: `${EX_HEAD}\nS,S-1,FLUDARABINE,LYMPHODEPLETION,30,mg/kg,2024-02-25\n`,
      lb: lbOf(
        'S,S-1,PLAT,45,10^9/L',
        'S,S-1,PLAT,45,10^9/L,2024-03-20,extra',
        'S,S-1,PLAT,45,x10E9/L,2024-03-21',
        'S,S-1,PLAT,45,10^9/L,2024-03',
      ),
      cm: `${CM_HEAD}\nS,S-1,IVIG,RESCUE,IVIG INFUSION,2024-03-10,\n`,
      ce: `${CE_HEAD}\nS,S-1,EPISTAXIS,BLEEDING,2024-03-15,,WHO BLEEDING SCALE,5\n`,
    }
    for (const lbBytes of [false, true]) {
      const { got } = expectSameImport(files, { lbBytes })
      expect(got.errors).toEqual([
        'dm.csv:3:SEX',
        'ex.csv:2:EXDOSU',
        'cm.csv:2:CMSCAT',
        'ce.csv:2:CETOXGR',
        'lb.csv:2:RECORD',
        'lb.csv:3:RECORD',
        'lb.csv:4:LBORRESU',
        'lb.csv:5:LBDTC',
      ])
      expect(got.issues.map(formatSdtmIssue).every((m) => /^[a-z]+\.csv:\d+: [A-Z]+: \S/.test(m))).toBe(true)
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Property: random site-like studies, engine (text and byte paths) vs reference
// ---------------------------------------------------------------------------------------------

const SUBJECT = (k: number) => `CT01-${String(k + 1).padStart(3, '0')}`
const UNKNOWN_SUBJECT = 'CT01-999'
const dateOf = (epochDay: number) => new Date(epochDay * 86_400_000).toISOString().slice(0, 10)
const hhmm = (t: [number, number] | undefined) =>
  t === undefined ? '' : `T${String(t[0]).padStart(2, '0')}:${String(t[1]).padStart(2, '0')}`
const BAD_DATES = [
  '2024-03',
  '2024',
  '2024-02-30',
  '2023-02-29',
  '2024-03-05T25:00',
  '2024-03-05T08:30+08:00',
  '2024-03-05T08:30Z',
  '2024/03/05',
  '05-03-2024',
  '2024-03-05 08:30',
]
const BAD_UNITS = ['GI/L', 'G/L', 'x10E9/L', 'x10^9/L', '10^9/l', '10*9/L', 'K/uL', '/µL', 'cells/uL', '']
const BAD_NUMBERS = ['<10', '1,000', 'NaN', 'abc', '45 x', '-5', '-0.5', '1e', '--1']
const COMMENTS = ['', 'ok', 'a, b', 'say "hi"', 'line1\nline2', 'l1\r\nl2', 'é中', ' lead', '"', ',']

/** How a site writes one file (sdtm-adam.md intro: column order free, unknown columns kept; RFC 4180). */
const styleArb = fc.record({
  bom: fc.boolean(),
  crlf: fc.boolean(),
  finalBreak: fc.boolean(),
  order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 16, maxLength: 16 }),
  quote: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
  pad: fc.array(fc.constantFrom('', '', '', ' ', '\t'), { minLength: 5, maxLength: 5 }),
  blank: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
})
type Style = typeof styleArb extends fc.Arbitrary<infer S> ? S : never

function writeCsv(
  cols: readonly string[],
  rows: readonly Readonly<Record<string, string>>[],
  st: Style,
): string {
  const order = cols
    .map((c, k) => ({ c, key: st.order[k % 16] as number }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.c)
  const eol = st.crlf ? '\r\n' : '\n'
  let n = 0
  const cell = (v: string) => {
    n++
    const pad = v === '' ? '' : (st.pad[n % 5] as string)
    const w = `${pad}${v}${pad}`
    return /[",\r\n]/.test(w) || st.quote[n % 7] ? `"${w.replaceAll('"', '""')}"` : w
  }
  const lines = [order.map(cell).join(',')]
  rows.forEach((r, k) => {
    lines.push(order.map((c) => cell(r[c] ?? '')).join(','))
    if (st.blank[k % 3] && k % 4 === 1) lines.push('')
  })
  return (st.bom ? '\uFEFF' : '') + lines.join(eol) + (st.finalBreak ? eol : '')
}

const studyArb = fc.integer({ min: 1, max: 3 }).chain((nSubj) => {
  const subj = fc.integer({ min: 0, max: nSubj - 1 })
  const day = fc.integer({ min: -40, max: 400 })
  const time = fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })), {
    nil: undefined,
  })
  const fault = <T extends string>(...rare: T[]) =>
    fc.oneof(
      { weight: 12, arbitrary: fc.constant('none' as const) },
      { weight: 1, arbitrary: fc.constantFrom(...rare) },
    )
  const comment = fc.constantFrom(...COMMENTS)
  const dm = fc.array(
    fc.record({
      epoch: fc.integer({ min: 19_358, max: 20_453 }),
      time,
      fault: fault('partial', 'sex'),
      comment,
    }),
    { minLength: nSubj, maxLength: nSubj },
  )
  const ex = fc.array(
    fc.record({
      s: subj,
      day: fc.integer({ min: -8, max: 0 }),
      time,
      ld: fc.boolean(),
      agent: fc.constantFrom('FLUDARABINE', 'CYCLOPHOSPHAMIDE'),
      fault: fault('unit', 'date', 'subject'),
    }),
    { maxLength: 8 },
  )
  const cm = fc.array(
    fc.record({
      s: subj,
      day,
      time,
      cat: fc.constantFrom('RESCUE', 'RESCUE', 'NEW ITP THERAPY', 'CONCOMITANT'),
      scat: fc.constantFrom(
        'PLATELET TRANSFUSION',
        'IVIG',
        'HIGH DOSE CORTICOSTEROID',
        'TPO-RA',
        'OTHER RESCUE',
      ),
      len: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
      fault: fault('scat', 'endBefore', 'partialEnd', 'subject'),
      comment,
    }),
    { maxLength: 6 },
  )
  const ce = fc.array(
    fc.record({
      s: subj,
      day,
      bleeding: fc.boolean(),
      grade: fc.integer({ min: 0, max: 4 }),
      len: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
      fault: fault('grade', 'scale', 'subject'),
    }),
    { maxLength: 4 },
  )
  const lb = fc.array(
    fc.record({
      s: subj,
      day,
      time,
      test: fc.constantFrom('PLAT', 'PLAT', 'PLAT', 'PLAT', 'PLAT', 'HGB', 'HBA1C'),
      std: fc.boolean(),
      unit: fc.constantFrom('10^9/L', '10^3/uL', '/uL', '/mm3'),
      num: fc.integer({ min: 0, max: 600 }),
      frac: fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
      orJunk: fc.constantFrom('', '<20', 'see comment', '45', '1,5'),
      orUnitJunk: fc.constantFrom('', 'GI/L', '10^9/L'),
      fault: fault('unitOr', 'unitStd', 'numOr', 'numStd', 'date', 'notDone', 'subject'),
      badUnit: fc.constantFrom(...BAD_UNITS),
      badNum: fc.constantFrom(...BAD_NUMBERS),
      badDate: fc.constantFrom(...BAD_DATES),
      comment,
    }),
    { maxLength: 40 },
  )
  const styles = fc.array(styleArb, { minLength: 5, maxLength: 5 })
  return fc.record({ dm, ex, cm, ce, lb, styles, cuts: fc.array(fc.nat(3000), { maxLength: 5 }) })
})
type Study = typeof studyArb extends fc.Arbitrary<infer S> ? S : never

/** Write a generated study as the five CSV files. */
function studyFiles(st: Study): RefFiles {
  const inf = st.dm.map((d) => d.epoch)
  const at = (s: number, day: number, t?: [number, number]) => `${dateOf((inf[s] as number) + day)}${hhmm(t)}`
  const who = (s: number, f: string) => (f === 'subject' ? UNKNOWN_SUBJECT : SUBJECT(s))
  const [dmSt, exSt, cmSt, ceSt, lbSt] = st.styles as [Style, Style, Style, Style, Style]
  const dm = writeCsv(
    ['STUDYID', 'USUBJID', 'SITEID', 'AGE', 'AGEU', 'SEX', 'RFXSTDTC', 'ARM', 'EXTRA'],
    st.dm.map((d, k) => ({
      STUDYID: 'CT01',
      USUBJID: SUBJECT(k),
      SITEID: '01',
      AGE: String(20 + k),
      AGEU: 'YEARS',
      SEX: d.fault === 'sex' ? 'Female' : 'F',
      RFXSTDTC: d.fault === 'partial' ? dateOf(d.epoch).slice(0, 7) : at(k, 0, d.time),
      ARM: 'Dose level 1, 1e6 cells/kg',
      EXTRA: d.comment,
    })),
    dmSt,
  )
  const ex = writeCsv(
    ['STUDYID', 'USUBJID', 'EXTRT', 'EXCAT', 'EXDOSE', 'EXDOSU', 'EXSTDTC', 'EXSTDY'],
    st.ex.map((e) => ({
      STUDYID: 'CT01',
      USUBJID: who(e.s, e.fault),
      EXTRT: e.ld ? e.agent : 'CD19 CAR-T',
      EXCAT: e.ld ? 'LYMPHODEPLETION' : 'CELL THERAPY',
      EXDOSE: e.ld ? '30' : '1000000',
      EXDOSU: e.fault === 'unit' ? 'mg/kg' : e.ld ? 'mg/m2' : 'cells/kg',
      EXSTDTC: e.fault === 'date' ? '2024-02' : at(e.s, e.ld ? e.day : 0, e.time),
      EXSTDY: String(e.day),
    })),
    exSt,
  )
  const cm = writeCsv(
    ['STUDYID', 'USUBJID', 'CMTRT', 'CMCAT', 'CMSCAT', 'CMSTDTC', 'CMENDTC', 'CMINDC'],
    st.cm.map((c) => ({
      STUDYID: 'CT01',
      USUBJID: who(c.s, c.fault),
      CMTRT: c.cat === 'CONCOMITANT' ? 'PREDNISONE 5 MG, STABLE' : 'DRUG',
      CMCAT: c.cat,
      CMSCAT: c.fault === 'scat' && c.cat === 'RESCUE' ? 'IVIG INFUSION' : c.cat === 'RESCUE' ? c.scat : '',
      CMSTDTC: at(c.s, c.day, c.time),
      CMENDTC:
        c.fault === 'endBefore'
          ? at(c.s, c.day - 1)
          : c.fault === 'partialEnd'
            ? at(c.s, c.day).slice(0, 4)
            : c.len === undefined
              ? ''
              : at(c.s, c.day + c.len),
      CMINDC: c.comment,
    })),
    cmSt,
  )
  const ce = writeCsv(
    ['STUDYID', 'USUBJID', 'CETERM', 'CECAT', 'CESTDTC', 'CEENDTC', 'CETOX', 'CETOXGR'],
    st.ce.map((c) => ({
      STUDYID: 'CT01',
      USUBJID: who(c.s, c.fault),
      CETERM: c.bleeding ? 'EPISTAXIS' : 'PNEUMONIA',
      CECAT: c.bleeding ? 'BLEEDING' : 'INFECTION',
      CESTDTC: at(c.s, c.day),
      CEENDTC: c.len === undefined ? '' : at(c.s, c.day + c.len),
      CETOX: c.fault === 'scale' && c.bleeding ? 'ITP-BAT' : c.bleeding ? 'WHO BLEEDING SCALE' : 'CTCAE',
      CETOXGR: c.fault === 'grade' && c.bleeding ? '5' : String(c.grade),
    })),
    ceSt,
  )
  const lb = writeCsv(
    [
      'STUDYID',
      'USUBJID',
      'LBTESTCD',
      'LBTEST',
      'LBORRES',
      'LBORRESU',
      'LBSTRESC',
      'LBSTRESN',
      'LBSTRESU',
      'LBDTC',
      'LBDY',
      'LBSTAT',
      'COMMENT',
    ],
    st.lb.map((l) => {
      const thousand = l.unit === '/uL' || l.unit === '/mm3'
      let value = thousand
        ? String(l.num * 1000 + (l.frac ?? 0))
        : l.frac === undefined
          ? String(l.num)
          : `${l.num}.${String(l.frac).padStart(3, '0')}`
      let unit: string = l.unit
      let dtc = at(l.s, l.day, l.time)
      if (l.fault === 'date') dtc = l.badDate
      if (l.fault === 'unitOr' || l.fault === 'unitStd') unit = l.badUnit
      if (l.fault === 'numOr' || l.fault === 'numStd') value = l.badNum
      const std =
        l.test === 'PLAT' &&
        (l.fault === 'unitStd' ||
          l.fault === 'numStd' ||
          (l.std && l.fault !== 'unitOr' && l.fault !== 'numOr'))
      const row: Record<string, string> = {
        STUDYID: 'CT01',
        USUBJID: who(l.s, l.fault),
        LBTESTCD: l.test,
        LBTEST: l.test === 'PLAT' ? 'Platelets, blood' : 'Other',
        LBDTC: dtc,
        LBDY: String(l.day),
        COMMENT: l.comment,
      }
      if (l.test !== 'PLAT')
        Object.assign(row, { LBORRES: l.fault === 'numOr' ? l.badNum : '120', LBORRESU: 'g/L' })
      else if (std)
        Object.assign(row, {
          LBORRES: l.orJunk,
          LBORRESU: l.orUnitJunk,
          LBSTRESC: value,
          LBSTRESN: value,
          LBSTRESU: unit,
        })
      else Object.assign(row, { LBORRES: value, LBORRESU: unit, LBSTRESU: l.std ? '10^9/L' : '' })
      if (l.fault === 'notDone')
        Object.assign(row, { LBORRES: '', LBORRESU: '', LBSTRESC: '', LBSTRESN: '', LBSTAT: 'NOT DONE' })
      return row
    }),
    lbSt,
  )
  return { dm, ex, lb, cm, ce }
}

describe('reference-third: random site-like studies (property, seed 20261208)', () => {
  it('engine = reference: the same errors (file:line:VARIABLE) or the same response inputs, on the text and byte paths', () => {
    let clean = 0
    let failed = 0
    fc.assert(
      fc.property(studyArb, (st) => {
        const files = studyFiles(st)
        const { ref } = expectSameImport(files)
        expectSameImport(files, { lbBytes: true, cuts: st.cuts })
        if (ref.errors.length === 0) clean++
        else failed++
      }),
      { seed: SEED, numRuns: 250 },
    )
    // both kinds of study were exercised
    expect(clean).toBeGreaterThan(20)
    expect(failed).toBeGreaterThan(20)
  })
})

// ---------------------------------------------------------------------------------------------
// SDTM files → engine input → response engine (response-itp.md §3.1 and the §4 worked examples)
// ---------------------------------------------------------------------------------------------

describe('reference-third: SDTM rows feed the response engine unchanged in meaning (response-itp.md §3.1, §4)', () => {
  const INF = '2024-03-01'
  const d = (day: number) => addDays(INF, day)
  /** evaluate subject S-1 of the files after the engine's own input check (the validated path) */
  function evaluate(files: Omit<RefFiles, 'dm'>, params = DEFAULT_RESPONSE_PARAMS) {
    const all: RefFiles = { dm: dmOne(INF), ...files }
    const { got } = expectSameImport(all)
    expect(got.errors).toEqual([])
    const checked = parseResponseInput(got.subjects.get('S-1'), params.bleedingScale)
    expect(checked.issues ?? []).toEqual([])
    return evaluateResponse(checked.value!, params)
  }
  const K = withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { rComparator: '>', crComparator: '>' })
  const ldEx = `${EX_HEAD}\nS,S-1,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,${d(-5)}\nS,S-1,CYCLOPHOSPHAMIDE,LYMPHODEPLETION,300,mg/m2,${d(-5)}\n`

  it('E8a from ce.csv: a WHO grade-2 epistaxis on Day 14 passes the engine input check and makes Day 14 fail → TTR 21, DoR 7 censored', () => {
    const lb = lbOf(
      `S,S-1,PLAT,10,10^9/L,${d(-5)}`,
      `S,S-1,PLAT,50,10^9/L,${d(14)}`,
      `S,S-1,PLAT,55,10^9/L,${d(21)}`,
      `S,S-1,PLAT,60,10^9/L,${d(28)}`,
    )
    const ce = `${CE_HEAD}\nS,S-1,EPISTAXIS,BLEEDING,${d(14)},${d(14)},WHO BLEEDING SCALE,2\n`
    expect(evaluate({ ex: ldEx, lb, ce })).toMatchObject({
      bestResponse: 'R',
      TTR: 21,
      DoR: 7,
      DoREvent: false,
    })
    // E8b: grade 1 is below the threshold 2
    expect(evaluate({ ex: ldEx, lb, ce: ce.replace(',2\n', ',1\n') })).toMatchObject({
      bestResponse: 'R',
      TTR: 14,
      DoR: 14,
    })
  })

  it('E3 in /uL and /mm3: 15000/uL baseline, 30000/mm3 twice is exactly 2× and exactly 30 → default R (TTR 14, DoR 7), [K] NR', () => {
    const lb = lbOf(
      `S,S-1,PLAT,15000,/uL,${d(-5)}`,
      `S,S-1,PLAT,30000,/mm3,${d(14)}`,
      `S,S-1,PLAT,30000,/uL,${d(21)}`,
    )
    expect(evaluate({ ex: ldEx, lb })).toMatchObject({
      baseline: 15,
      bestResponse: 'R',
      TTR: 14,
      DoR: 7,
      DoREvent: false,
    })
    expect(evaluate({ ex: ldEx, lb }, K)).toMatchObject({ bestResponse: 'NR', TTR: null })
    // E4: 16 ×10^9/L baseline (via LBSTRESN), 31000/uL → 31 < 32 → NR
    const e4 = [
      `${LB_HEAD},LBSTRESN,LBSTRESU`,
      `S,S-1,PLAT,16000,/uL,${d(-5)},16,10^9/L`,
      `S,S-1,PLAT,31000,/uL,${d(14)},,`,
      `S,S-1,PLAT,31,10^3/uL,${d(21)},,`,
    ].join('\n')
    expect(evaluate({ ex: ldEx, lb: e4 })).toMatchObject({ baseline: 16, bestResponse: 'NR' })
  })

  it('E9 / E10 from cm.csv: IVIG Days 10–11 excludes Days 10–25; a transfusion with empty CMENDTC excludes Days 15–22', () => {
    const e9lb = lbOf(
      `S,S-1,PLAT,10,10^9/L,${d(-5)}`,
      `S,S-1,PLAT,80,10^9/L,${d(14)}`,
      `S,S-1,PLAT,90,10^9/L,${d(21)}`,
      `S,S-1,PLAT,60,10^9/L,${d(28)}`,
      `S,S-1,PLAT,55,10^9/L,${d(35)}`,
    )
    const e9cm = `${CM_HEAD}\nS,S-1,IVIG,RESCUE,IVIG,${d(10)},${d(11)}\n`
    const e9 = evaluate({ ex: ldEx, lb: e9lb, cm: e9cm })
    expect(e9).toMatchObject({ bestResponse: 'R', TTR: 28, DoR: 7, countsExcludedRescue: 2 })
    expect(e9.flags).toContain('COUNTS_EXCLUDED_RESCUE(2)')
    const e10lb = lbOf(
      `S,S-1,PLAT,10,10^9/L,${d(-5)}`,
      `S,S-1,PLAT,20,10^9/L,${d(14)}`,
      `S,S-1,PLAT,60,10^9/L,${d(16)}`,
      `S,S-1,PLAT,45,10^9/L,${d(21)}`,
      `S,S-1,PLAT,40,10^9/L,${d(23)}`,
      `S,S-1,PLAT,42,10^9/L,${d(30)}`,
    )
    const e10cm = `${CM_HEAD}\nS,S-1,PLATELETS,RESCUE,PLATELET TRANSFUSION,${d(15)},\n`
    expect(evaluate({ ex: ldEx, lb: e10lb, cm: e10cm })).toMatchObject({ bestResponse: 'R', TTR: 23, DoR: 7 })
  })

  it('E16 from cm.csv: daratumumab (NEW ITP THERAPY) on Day 275 censors the later counts; the earliest of two starts is used', () => {
    const days: [number, number][] = [
      [-5, 8],
      [30, 28],
      [60, 31],
      [90, 32],
      [120, 30],
      [150, 33],
      [180, 31],
      [210, 30],
      [240, 29],
      [241, 28],
      [282, 210],
      [289, 220],
    ]
    const lb = lbOf(...days.map(([day, v]) => `S,S-1,PLAT,${v * 1000},/uL,${d(day)}`))
    const cm = `${CM_HEAD}\nS,S-1,RITUXIMAB,NEW ITP THERAPY,,${d(300)},\nS,S-1,DARATUMUMAB,NEW ITP THERAPY,,${d(275)},\n`
    for (const params of [DEFAULT_RESPONSE_PARAMS, K]) {
      const r = evaluate({ ex: ldEx, lb, cm }, params)
      expect(r).toMatchObject({
        bestResponse: 'R',
        TTR: 60,
        lossDay: 240,
        DoR: 180,
        DoREvent: true,
        relapse: true,
        crDay: null,
        observedDays: 241,
      })
      expect(r.flags).toContain('NEW_THERAPY_CENSORED')
    }
  })

  it('E18a: two timed samples on one date (LBDTC with times) are 0 days apart → no loss; a NOT DONE row in between changes nothing', () => {
    const lb = [
      `${LB_HEAD},LBSTAT`,
      `S,S-1,PLAT,10,10^9/L,${d(-5)},`,
      `S,S-1,PLAT,50,10^9/L,${d(14)},`,
      `S,S-1,PLAT,60,10^9/L,${d(21)},`,
      `S,S-1,PLAT,25,10^9/L,${d(28)}T08:00,`,
      `S,S-1,PLAT,,,${d(28)}T12:00,NOT DONE`,
      `S,S-1,PLAT,22,10^9/L,${d(28)}T16:00,`,
      `S,S-1,PLAT,60,10^9/L,${d(35)},`,
    ].join('\n')
    expect(evaluate({ ex: ldEx, lb })).toMatchObject({
      bestResponse: 'R',
      TTR: 14,
      DoR: 21,
      DoREvent: false,
      relapse: false,
    })
  })

  it('E23 from ex.csv: LD on Day −5 anchors the baseline (16 → NR); no LD rows → infusion anchor (14 → R)', () => {
    const lb = lbOf(
      `S,S-1,PLAT,12,10^9/L,${d(-7)}`,
      `S,S-1,PLAT,16,10^9/L,${d(-5)}`,
      `S,S-1,PLAT,14,10^9/L,${d(0)}`,
      `S,S-1,PLAT,30,10^9/L,${d(14)}`,
      `S,S-1,PLAT,31,10^9/L,${d(21)}`,
    )
    expect(evaluate({ ex: ldEx, lb })).toMatchObject({ baseline: 16, bestResponse: 'NR' })
    const cellOnly = `${EX_HEAD}\nS,S-1,CAR-T,CELL THERAPY,1000000,cells/kg,${d(0)}\n`
    expect(evaluate({ ex: cellOnly, lb })).toMatchObject({ baseline: 14, bestResponse: 'R', TTR: 14, DoR: 7 })
  })
})
