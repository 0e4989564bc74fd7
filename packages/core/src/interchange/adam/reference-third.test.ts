/**
 * Third independent reference check of the ADaM derivation and CSV export.
 *
 * Sources (read before the engine): shared/interchange/sdtm-adam.md "Output datasets" (ADSL, ADRS, ADTTE,
 * AVAL conventions), shared/domain/response-itp.md §3 (the algorithm that feeds TTR/TTCR/DoR/DoCR and best
 * response) and §4 (worked examples), shared/domain/statistics.md §3 (the ADTTE feeds Kaplan–Meier of DoR),
 * shared/domain/README.md (Day 0 = infusion; calendar-date arithmetic).
 *
 * The reference below is written from the doc prose alone. It deliberately re-implements §3 so that the
 * ADaM rows are checked end to end (evaluable counts, censoring day, dates), not only copied from the
 * response engine's output.
 *
 * Readings of the doc kept as it says (not ADaMIG defaults): ADY is the protocol day with a Day 0 (the doc:
 * "protocol day of ADT, Day 0 = infusion"), not the SDTM/ADaM study day without day 0; AVAL is the number
 * of days from STARTDT (ADT − STARTDT, no +1). The doc names no population flag (SAFFL/ITTFL/EFFFL), fixes
 * no PARAM text for ADTTE, no EVNTDESC wording and no line ending, so those are only checked for being
 * filled and consistent. A best response downgraded to NR for corticosteroid dependence (§3.2) is treated by
 * the engine as "never reached the level" (TTR censored, no DOR); the doc does not say otherwise.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_RESPONSE_PARAMS,
  evaluateResponse,
  withResponseOverrides,
  type ResponseInput,
  type ResponseParams,
  type ResponseParamsOverride,
  type ResponseResult,
} from '../../response/index.js'
import { kaplanMeier } from '../../stats/index.js'
import {
  ADRS_VARIABLES,
  ADSL_VARIABLES,
  ADTTE_VARIABLES,
  deriveAdamSubject,
  formatAdrsCsv,
  formatAdslCsv,
  formatAdtteCsv,
  type AdamSubjectRows,
} from './index.js'

const SEED = 20261208

// ---------------------------------------------------------------------------------------------
// Reference: calendar dates (README "Dates": calendar-date arithmetic, leap years matter)
// ---------------------------------------------------------------------------------------------

const MS_PER_DAY = 86_400_000

function epochDay(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY
}

function isoOfEpochDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
}

function addDays(iso: string, days: number): string {
  return isoOfEpochDay(epochDay(iso) + days)
}

// ---------------------------------------------------------------------------------------------
// Reference: response algorithm, response-itp.md §3
// ---------------------------------------------------------------------------------------------

type Cmp = '>=' | '>'
type RescueType = 'PLATELET_TRANSFUSION' | 'IVIG' | 'HIGH_DOSE_CORTICOSTEROID' | 'TPO_RA' | 'OTHER_RESCUE'

interface RefCount {
  date: string
  time?: string
  value: number
}
interface RefBleed {
  startDate: string
  endDate: string | null
  grade: number
}
interface RefRescue {
  type: RescueType
  startDate: string
  startTime?: string
  endDate: string | null
}
interface RefSubject {
  studyId: string
  usubjid: string
  siteId: string
  age: number
  sex: string
  doseLevel: string | null
  infusionDate: string
  ldStartDate: string | null
  counts: RefCount[]
  bleeds: RefBleed[]
  rescues: RefRescue[]
  newTherapyDate: string | null
}
interface RefConfig {
  rThreshold: number
  rComparator: Cmp
  doublingFactor: number
  doublingComparator: Cmp
  crThreshold: number
  crComparator: Cmp
  rLossThreshold: number
  crLossThreshold: number
  requireNoBleedingForR: boolean
  requireNoBleedingForCR: boolean
  bleedingGradeThreshold: number
  bleedingMissingEndDate: 'ONGOING' | 'START_DAY_ONLY'
  confirmMinGapDays: number
  lossMinGapDays: number
  evalStartDay: number
  evalEndDay: number | null
  baselineLookbackDays: number
  baselineExcludeRescueAffected: boolean
  rescueWindowDays: Record<RescueType, number>
  /** §2: the protocol's name of the middle category (`R` under IWG, `PR` in some protocols). */
  middleName: 'R' | 'PR'
}

/** §3.2 defaults (IWG-based). */
const REF_DEFAULT: RefConfig = {
  rThreshold: 30,
  rComparator: '>=',
  doublingFactor: 2,
  doublingComparator: '>=',
  crThreshold: 100,
  crComparator: '>=',
  rLossThreshold: 30,
  crLossThreshold: 100,
  requireNoBleedingForR: true,
  requireNoBleedingForCR: true,
  bleedingGradeThreshold: 2,
  bleedingMissingEndDate: 'ONGOING',
  confirmMinGapDays: 7,
  lossMinGapDays: 1,
  evalStartDay: 14,
  evalEndDay: null,
  baselineLookbackDays: 30,
  baselineExcludeRescueAffected: true,
  rescueWindowDays: { PLATELET_TRANSFUSION: 7, IVIG: 14, HIGH_DOSE_CORTICOSTEROID: 14, TPO_RA: 14, OTHER_RESCUE: 14 },
  middleName: 'R',
}

const cmp = (v: number, t: number, op: Cmp): boolean => (op === '>' ? v > t : v >= t)

type Status = 'Q' | 'F' | 'I'
interface RefEpisode {
  start: number
  end: number
  event: boolean
}

/** §3.8-§3.10, written from the prose: runs of Q confirm, an F pair with no Q between confirms loss. */
function refEpisodes(ev: { day: number; s: Status }[], n: number, m: number): RefEpisode[] {
  const out: RefEpisode[] = []
  let from = 0
  for (;;) {
    let start = -1
    let i = from
    while (i < ev.length && start < 0) {
      if (ev[i]?.s !== 'Q') {
        i++
        continue
      }
      let k = i
      while (k + 1 < ev.length && ev[k + 1]?.s === 'Q') k++
      for (let a = i; a <= k && start < 0; a++) {
        for (let b = a + 1; b <= k; b++) {
          if ((ev[b]?.day ?? 0) - (ev[a]?.day ?? 0) >= n) {
            start = a
            break
          }
        }
      }
      i = k + 1
    }
    if (start < 0) return out
    let f1 = -1
    let f2 = -1
    for (let a = start + 1; a < ev.length && f1 < 0; a++) {
      if (ev[a]?.s !== 'F') continue
      for (let b = a + 1; b < ev.length; b++) {
        const sb = ev[b]?.s
        if (sb === 'Q') break
        if (sb === 'F' && (ev[b]?.day ?? 0) - (ev[a]?.day ?? 0) >= m) {
          f1 = a
          f2 = b
          break
        }
      }
    }
    const startDay = ev[start]?.day ?? 0
    if (f1 < 0) {
      out.push({ start: startDay, end: ev[ev.length - 1]?.day ?? 0, event: false })
      return out
    }
    out.push({ start: startDay, end: ev[f1]?.day ?? 0, event: true })
    from = f2 + 1
  }
}

interface RefResponse {
  baseline: number | null
  best: 'CR' | 'R' | 'NR' | 'NE'
  responseDay: number | null
  crDay: number | null
  rEpisodes: RefEpisode[]
  crEpisodes: RefEpisode[]
  lastEvaluableDay: number | null
}

function refResponse(s: RefSubject, c: RefConfig, cutoff: string): RefResponse {
  const inf = epochDay(s.infusionDate)
  const pday = (iso: string): number => epochDay(iso) - inf
  // §3.1: counts after the cut-off are ignored.
  const inCut = s.counts.filter((x) => x.date <= cutoff)
  // §3.4 same-date samples: all timed -> keep all, by time; any untimed -> only the lowest value of the date.
  const byDate = new Map<string, RefCount[]>()
  for (const x of inCut) byDate.set(x.date, [...(byDate.get(x.date) ?? []), x])
  const samples: RefCount[] = []
  for (const date of [...byDate.keys()].sort()) {
    const g = byDate.get(date) ?? []
    if (g.length > 1 && g.some((x) => x.time === undefined)) {
      samples.push(g.reduce((lo, x) => (x.value < lo.value ? x : lo)))
    } else {
      samples.push(...[...g].sort((a, b) => (a.time ?? '').localeCompare(b.time ?? '')))
    }
  }
  // §3.4 rule 3: rescue window, with the same-day time exception.
  const inRescue = (x: RefCount): boolean =>
    s.rescues.some((r) => {
      const d = epochDay(x.date)
      const lo = epochDay(r.startDate)
      const hi = epochDay(r.endDate ?? r.startDate) + c.rescueWindowDays[r.type]
      if (d < lo || d > hi) return false
      if (d === lo && x.time !== undefined && r.startTime !== undefined && x.time < r.startTime) return false
      return true
    })
  const evaluable = samples.filter((x) => {
    const d = pday(x.date)
    if (d < c.evalStartDay) return false
    if (c.evalEndDay !== null && d > c.evalEndDay) return false
    if (inRescue(x)) return false
    if (s.newTherapyDate !== null && x.date >= s.newTherapyDate) return false
    return true
  })
  // §3.5 baseline.
  const anchor = s.ldStartDate ?? s.infusionDate
  const lowest = addDays(anchor, -c.baselineLookbackDays)
  const cands = s.counts.filter((x) => x.date >= lowest && x.date <= anchor)
  const clean = c.baselineExcludeRescueAffected ? cands.filter((x) => !inRescue(x)) : cands
  const pickLatest = (xs: RefCount[]): number | null => {
    if (xs.length === 0) return null
    const last = xs.map((x) => x.date).sort().at(-1)
    const g = xs.filter((x) => x.date === last)
    if (g.every((x) => x.time !== undefined)) {
      const t = g.map((x) => x.time ?? '').sort().at(-1)
      return Math.min(...g.filter((x) => x.time === t).map((x) => x.value))
    }
    return Math.min(...g.map((x) => x.value))
  }
  const baseline = clean.length > 0 ? pickLatest(clean) : pickLatest(cands)
  // §3.6 bleeding predicate.
  const bleeding = (iso: string): boolean =>
    s.bleeds.some((b) => {
      if (b.grade < c.bleedingGradeThreshold) return false
      const end = b.endDate ?? (c.bleedingMissingEndDate === 'ONGOING' ? cutoff : b.startDate)
      return b.startDate <= iso && iso <= end
    })
  // §3.7 tri-state.
  const rEv: { day: number; s: Status }[] = []
  const crEv: { day: number; s: Status }[] = []
  for (const x of evaluable) {
    const v = x.value
    const bl = bleeding(x.date)
    const crQ = cmp(v, c.crThreshold, c.crComparator) && !(bl && c.requireNoBleedingForCR)
    const crF = v < c.crLossThreshold || bl
    let rQ: boolean
    let rF: boolean
    if (baseline === null) {
      rQ = false
      rF = v < c.rLossThreshold || bl
    } else {
      const twice = c.doublingFactor * baseline
      rQ = cmp(v, c.rThreshold, c.rComparator) && cmp(v, twice, c.doublingComparator) && !(bl && c.requireNoBleedingForR)
      rF = v < c.rLossThreshold || v < twice || bl
    }
    const day = pday(x.date)
    crEv.push({ day, s: crQ ? 'Q' : crF ? 'F' : 'I' })
    rEv.push({ day, s: rQ || crQ ? 'Q' : rF ? 'F' : 'I' })
  }
  const rEpisodes = refEpisodes(rEv, c.confirmMinGapDays, c.lossMinGapDays)
  const crEpisodes = refEpisodes(crEv, c.confirmMinGapDays, c.lossMinGapDays)
  // §3.11 outputs.
  const best =
    crEpisodes.length > 0 ? 'CR' : rEpisodes.length > 0 ? 'R' : evaluable.length > 0 && baseline !== null ? 'NR' : 'NE'
  const lastEv = evaluable.at(-1)
  return {
    baseline,
    best,
    responseDay: rEpisodes[0]?.start ?? null,
    crDay: crEpisodes[0]?.start ?? null,
    rEpisodes,
    crEpisodes,
    lastEvaluableDay: lastEv === undefined ? null : pday(lastEv.date),
  }
}

// ---------------------------------------------------------------------------------------------
// Reference: ADaM rows, sdtm-adam.md "Output datasets" and "AVAL conventions"
// ---------------------------------------------------------------------------------------------

type Cell = string | number | null
type Row = Record<string, Cell>

/** ADSL: one row per subject; BASEPLAT empty if missing. */
function refAdsl(s: RefSubject, r: RefResponse): Row {
  return {
    STUDYID: s.studyId,
    USUBJID: s.usubjid,
    SITEID: s.siteId,
    AGE: s.age,
    SEX: s.sex,
    TRTSDT: s.infusionDate,
    LDSTDT: s.ldStartDate,
    BASEPLAT: r.baseline,
    DOSELVL: s.doseLevel,
  }
}

/** ADRS: one BOR row; ADT = date the best response was first reached; ADY = protocol day (Day 0 = infusion). */
function refAdrs(s: RefSubject, r: RefResponse, c: RefConfig): Row {
  const day = r.best === 'CR' ? r.crDay : r.best === 'R' ? r.responseDay : null
  return {
    STUDYID: s.studyId,
    USUBJID: s.usubjid,
    PARAMCD: 'BOR',
    PARAM: 'Best overall response',
    AVALC: r.best === 'R' ? c.middleName : r.best,
    ADT: day === null ? null : addDays(s.infusionDate, day),
    ADY: day,
  }
}

interface RefTte {
  PARAMCD: 'TTR' | 'TTCR' | 'DOR' | 'DOCR'
  AVAL: number
  CNSR: 0 | 1
  STARTDT: string
  ADT: string
}

/**
 * ADTTE. TTR/TTCR: origin = infusion (AVAL = protocol day); event at the response day, else censored at the
 * last evaluable count (AVAL 0, CNSR 1 if none). DOR/DOCR: first episode of §3.11, origin = the response date.
 * ADT = STARTDT + AVAL (my reading: the doc gives AVAL in days from the origin, no +1).
 */
function refAdtte(s: RefSubject, r: RefResponse): RefTte[] {
  const rows: RefTte[] = []
  const tt = (paramcd: 'TTR' | 'TTCR', day: number | null): void => {
    const aval = day ?? r.lastEvaluableDay ?? 0
    rows.push({
      PARAMCD: paramcd,
      AVAL: aval,
      CNSR: day === null ? 1 : 0,
      STARTDT: s.infusionDate,
      ADT: addDays(s.infusionDate, aval),
    })
  }
  tt('TTR', r.responseDay)
  tt('TTCR', r.crDay)
  const dur = (paramcd: 'DOR' | 'DOCR', ep: RefEpisode | undefined): void => {
    if (ep === undefined) return
    const startDate = addDays(s.infusionDate, ep.start)
    rows.push({
      PARAMCD: paramcd,
      AVAL: ep.end - ep.start,
      CNSR: ep.event ? 0 : 1,
      STARTDT: startDate,
      ADT: addDays(s.infusionDate, ep.end),
    })
  }
  if (r.best === 'R' || r.best === 'CR') dur('DOR', r.rEpisodes[0])
  if (r.best === 'CR') dur('DOCR', r.crEpisodes[0])
  return rows
}

// ---------------------------------------------------------------------------------------------
// Reference: CSV reading (RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends)
// ---------------------------------------------------------------------------------------------

function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = 0
  while (i < text.length) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      field += ch
      i++
      continue
    }
    if (ch === '"' && field === '') {
      quoted = true
      i++
    } else if (ch === ',') {
      row.push(field)
      field = ''
      i++
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i += 2
    } else if (ch === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else {
      field += ch
      i++
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

/** Header and records of a CSV text as name → value maps. */
function readCsv(text: string): { header: string[]; records: Record<string, string>[] } {
  const [header = [], ...body] = parseCsv(text)
  const records = body.map((fields) => {
    expect(fields.length).toBe(header.length)
    return Object.fromEntries(header.map((h, i) => [h, fields[i] ?? '']))
  })
  return { header, records }
}

/** A number as written in CSV: a plain decimal (no exponent, no `NA`, no `.`) that reads back exactly. */
function expectCsvNumber(field: string, value: number): void {
  expect(field, `CSV field ${JSON.stringify(field)} for ${value}`).toMatch(/^-?(0|[1-9]\d*)(\.\d+)?$/)
  expect(Number(field)).toBe(value)
}

/** One CSV record against the reference row: null ↔ empty field, numbers as plain decimals, text verbatim. */
function expectRecord(record: Record<string, string>, expected: Row, label: string): void {
  for (const [name, value] of Object.entries(expected)) {
    const field = record[name]
    expect(field, `${label} ${name} present`).toBeDefined()
    if (field === undefined) continue
    if (value === null) expect(field, `${label} ${name}`).toBe('')
    else if (typeof value === 'number') expectCsvNumber(field, value)
    else expect(field, `${label} ${name}`).toBe(value)
  }
}

// ---------------------------------------------------------------------------------------------
// Engine adapter
// ---------------------------------------------------------------------------------------------

function engineInput(s: RefSubject, cutoff: string | null): ResponseInput {
  return {
    infusionDate: s.infusionDate,
    ldStartDate: s.ldStartDate,
    plateletCounts: s.counts.map((x) => (x.time === undefined ? { date: x.date, value: x.value } : { date: x.date, time: x.time, value: x.value })),
    bleedingEvents: s.bleeds.map((b) => ({ startDate: b.startDate, endDate: b.endDate, scale: 'WHO', grade: b.grade })),
    rescueEvents: s.rescues.map((r) => ({ type: r.type, startDate: r.startDate, startTime: r.startTime ?? null, endDate: r.endDate })),
    newItpTherapyStartDate: s.newTherapyDate,
    dataCutoffDate: cutoff,
  }
}

function engineParams(c: RefConfig, extra: ResponseParamsOverride = {}): ResponseParams {
  const { middleName, ...rest } = c
  return withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { ...rest, categoryNames: { R: middleName }, ...extra })
}

function facts(s: RefSubject): Parameters<typeof deriveAdamSubject>[0] {
  return {
    studyId: s.studyId,
    usubjid: s.usubjid,
    siteId: s.siteId,
    age: s.age,
    sex: s.sex,
    infusionDate: s.infusionDate,
    ldStartDate: s.ldStartDate,
    doseLevel: s.doseLevel,
  }
}

interface EngineOut {
  result: ResponseResult
  rows: AdamSubjectRows
}

function runEngine(s: RefSubject, c: RefConfig, cutoff: string): EngineOut {
  const result = evaluateResponse(engineInput(s, cutoff), engineParams(c))
  return { result, rows: deriveAdamSubject(facts(s), result) }
}

interface CohortCsv {
  adsl: string
  adrs: string
  adtte: string
}

function cohortCsv(outs: readonly EngineOut[]): CohortCsv {
  return {
    adsl: formatAdslCsv(outs.map((o) => o.rows.adsl)),
    adrs: formatAdrsCsv(outs.map((o) => o.rows.adrs)),
    adtte: formatAdtteCsv(outs.flatMap((o) => o.rows.adtte)),
  }
}

/** The doc's variable lists ("Output datasets" table), in the order the doc lists them. */
const DOC_ADSL = ['STUDYID', 'USUBJID', 'SITEID', 'AGE', 'SEX', 'TRTSDT', 'LDSTDT', 'BASEPLAT', 'DOSELVL']
const DOC_ADRS = ['STUDYID', 'USUBJID', 'PARAMCD', 'PARAM', 'AVALC', 'ADT', 'ADY']
const DOC_ADTTE = ['STUDYID', 'USUBJID', 'PARAMCD', 'PARAM', 'AVAL', 'CNSR', 'STARTDT', 'ADT', 'EVNTDESC']

/**
 * Compare the written CSV of a cohort with the reference rows, dataset by dataset, through an RFC 4180
 * reader (as R's `read.csv` or any CSV reader would see the files).
 */
function expectCohortMatchesReference(subjects: readonly RefSubject[], c: RefConfig, cutoff: string): EngineOut[] {
  const outs = subjects.map((s) => runEngine(s, c, cutoff))
  const csv = cohortCsv(outs)
  const refs = subjects.map((s) => refResponse(s, c, cutoff))

  const adsl = readCsv(csv.adsl)
  expect(adsl.header).toEqual(DOC_ADSL)
  expect(adsl.records).toHaveLength(subjects.length)
  subjects.forEach((s, i) => {
    const rec = adsl.records.find((r) => r.USUBJID === s.usubjid)
    expect(rec, `ADSL row of ${s.usubjid}`).toBeDefined()
    if (rec && refs[i]) expectRecord(rec, refAdsl(s, refs[i]), `ADSL ${s.usubjid}`)
  })

  const adrs = readCsv(csv.adrs)
  expect(adrs.header).toEqual(DOC_ADRS)
  expect(adrs.records).toHaveLength(subjects.length)
  subjects.forEach((s, i) => {
    const rec = adrs.records.find((r) => r.USUBJID === s.usubjid)
    expect(rec, `ADRS row of ${s.usubjid}`).toBeDefined()
    if (rec && refs[i]) expectRecord(rec, refAdrs(s, refs[i], c), `ADRS ${s.usubjid}`)
  })

  const adtte = readCsv(csv.adtte)
  expect(adtte.header).toEqual(DOC_ADTTE)
  const expected = subjects.flatMap((s, i) => (refs[i] ? refAdtte(s, refs[i]).map((t) => ({ s, t })) : []))
  expect(adtte.records).toHaveLength(expected.length)
  for (const { s, t } of expected) {
    const recs = adtte.records.filter((r) => r.USUBJID === s.usubjid && r.PARAMCD === t.PARAMCD)
    expect(recs, `ADTTE ${s.usubjid} ${t.PARAMCD}`).toHaveLength(1)
    const rec = recs[0]
    if (!rec) continue
    expectRecord(rec, { STUDYID: s.studyId, ...t }, `ADTTE ${s.usubjid} ${t.PARAMCD}`)
    expect(rec.PARAM, 'PARAM filled').not.toBe('')
    expect(rec.EVNTDESC, 'EVNTDESC filled').not.toBe('')
  }
  return outs
}

// ---------------------------------------------------------------------------------------------
// Worked examples of response-itp.md §4 carried to ADaM (explicit expected values from the doc)
// ---------------------------------------------------------------------------------------------

const INF = '2024-03-01'
const FAR_CUTOFF = addDays(INF, 400)
const K: RefConfig = { ...REF_DEFAULT, rComparator: '>', crComparator: '>' }

type DayCount = [day: number, value: number, time?: string]

function subjectOf(
  counts: DayCount[],
  more: Partial<Omit<RefSubject, 'counts'>> & { ldDay?: number | null; bleedDays?: [number, number | null, number][]; rescueDays?: [RescueType, number, number | null][]; newTherapyDay?: number } = {},
): RefSubject {
  const inf = more.infusionDate ?? INF
  const { ldDay = -5, bleedDays = [], rescueDays = [], newTherapyDay, ...rest } = more
  return {
    studyId: 'CT-ITP-01',
    usubjid: 'CT-ITP-01-001',
    siteId: '01',
    age: 12,
    sex: 'F',
    doseLevel: 'DL1',
    infusionDate: inf,
    ldStartDate: ldDay === null ? null : addDays(inf, ldDay),
    counts: counts.map(([d, value, time]) => (time === undefined ? { date: addDays(inf, d), value } : { date: addDays(inf, d), time, value })),
    bleeds: bleedDays.map(([a, b, grade]) => ({ startDate: addDays(inf, a), endDate: b === null ? null : addDays(inf, b), grade })),
    rescues: rescueDays.map(([type, a, b]) => ({ type, startDate: addDays(inf, a), endDate: b === null ? null : addDays(inf, b) })),
    newTherapyDate: newTherapyDay === undefined ? null : addDays(inf, newTherapyDay),
    ...rest,
  }
}

interface DocExpect {
  best: 'CR' | 'R' | 'PR' | 'NR' | 'NE'
  ttr: number | null
  ttcr?: number | null
  /** [AVAL, event] of the first R-level episode */
  dor?: [number, boolean]
  docr?: [number, boolean]
  /** protocol day of the last evaluable count (where TTR/TTCR are censored), null = none */
  last: number | null
  baseplat?: number | null
}

/** The ADaM rows the doc's AVAL conventions give for a §4 expected result. */
function docRows(s: RefSubject, e: DocExpect): { adrs: Row; adtte: Omit<RefTte, 'PARAMCD'>[]; params: string[] } {
  const inf = s.infusionDate
  const boDay = e.best === 'CR' ? (e.ttcr ?? null) : e.best === 'R' || e.best === 'PR' ? e.ttr : null
  const tt = (day: number | null | undefined): Omit<RefTte, 'PARAMCD'> =>
    day === null || day === undefined
      ? { AVAL: e.last ?? 0, CNSR: 1, STARTDT: inf, ADT: addDays(inf, e.last ?? 0) }
      : { AVAL: day, CNSR: 0, STARTDT: inf, ADT: addDays(inf, day) }
  const dur = (startDay: number, [aval, event]: [number, boolean]): Omit<RefTte, 'PARAMCD'> => ({
    AVAL: aval,
    CNSR: event ? 0 : 1,
    STARTDT: addDays(inf, startDay),
    ADT: addDays(inf, startDay + aval),
  })
  const adtte = [tt(e.ttr), tt(e.ttcr)]
  const params = ['TTR', 'TTCR']
  if (e.dor && e.ttr !== null) {
    adtte.push(dur(e.ttr, e.dor))
    params.push('DOR')
  }
  if (e.docr && e.ttcr !== null && e.ttcr !== undefined) {
    adtte.push(dur(e.ttcr, e.docr))
    params.push('DOCR')
  }
  return {
    adrs: { PARAMCD: 'BOR', PARAM: 'Best overall response', AVALC: e.best, ADT: boDay === null ? null : addDays(inf, boDay), ADY: boDay },
    adtte,
    params,
  }
}

function expectDocExample(s: RefSubject, c: RefConfig, e: DocExpect, cutoff = FAR_CUTOFF): void {
  const out = runEngine(s, c, cutoff)
  const want = docRows(s, e)
  const adrs = readCsv(formatAdrsCsv([out.rows.adrs])).records[0]
  expect(adrs).toBeDefined()
  if (adrs) expectRecord(adrs, want.adrs, 'ADRS')
  const adtte = readCsv(formatAdtteCsv(out.rows.adtte)).records
  expect(adtte.map((r) => r.PARAMCD)).toEqual(expect.arrayContaining(want.params))
  expect(adtte).toHaveLength(want.params.length)
  want.params.forEach((p, i) => {
    const rec = adtte.find((r) => r.PARAMCD === p)
    const w = want.adtte[i]
    expect(rec, p).toBeDefined()
    if (rec && w) expectRecord(rec, w, p)
  })
  if (e.baseplat !== undefined) {
    const adsl = readCsv(formatAdslCsv([out.rows.adsl])).records[0]
    expect(adsl).toBeDefined()
    if (adsl) expectRecord(adsl, { BASEPLAT: e.baseplat }, 'ADSL')
  }
  // and the reference, written from the prose, agrees on the same subject
  expectCohortMatchesReference([s], c, cutoff)
}

describe('response-itp.md §4 worked examples → ADRS / ADTTE (sdtm-adam.md AVAL conventions)', () => {
  it('E1 simple response: TTR 14 event, DOR 14 censored, TTCR censored at the last evaluable count (Day 28)', () => {
    expectDocExample(subjectOf([[-5, 10], [14, 45], [21, 50], [28, 60]]), REF_DEFAULT, { best: 'R', ttr: 14, ttcr: null, dor: [14, false], last: 28, baseplat: 10 })
  })
  it('E2 CR after R: ADRS ADT/ADY = the CR date (Day 21), not the R date; DOR 21 and DOCR 14 censored', () => {
    expectDocExample(subjectOf([[-5, 8], [14, 40], [21, 120], [28, 130], [35, 150]]), REF_DEFAULT, {
      best: 'CR', ttr: 14, ttcr: 21, dor: [21, false], docr: [14, false], last: 35,
    })
  })
  it('E3 exactly 2 x baseline: default R (TTR 14, DOR 7 censored); [K] NR with TTR/TTCR censored at Day 21, no DOR', () => {
    const s = subjectOf([[-5, 15], [14, 30], [21, 30]])
    expectDocExample(s, REF_DEFAULT, { best: 'R', ttr: 14, ttcr: null, dor: [7, false], last: 21 })
    expectDocExample(s, K, { best: 'NR', ttr: null, ttcr: null, last: 21 })
  })
  it('E4 doubling just missed: NR under both configurations', () => {
    const s = subjectOf([[-5, 16], [14, 31], [21, 31]])
    expectDocExample(s, REF_DEFAULT, { best: 'NR', ttr: null, last: 21 })
    expectDocExample(s, K, { best: 'NR', ttr: null, last: 21 })
  })
  it('E5 exactly 30 three times: default R (DOR 14 censored); [K] NR', () => {
    const s = subjectOf([[-5, 9], [14, 30], [21, 30], [28, 30]])
    expectDocExample(s, REF_DEFAULT, { best: 'R', ttr: 14, dor: [14, false], last: 28 })
    expectDocExample(s, K, { best: 'NR', ttr: null, last: 28 })
  })
  it('E6 confirmation gap: 6 days NR (censored at Day 28); 7 days R with DOR 13 as an event (CNSR 0) ending Day 27', () => {
    expectDocExample(subjectOf([[-5, 10], [14, 50], [20, 55], [27, 20], [28, 18]]), REF_DEFAULT, { best: 'NR', ttr: null, last: 28 })
    expectDocExample(subjectOf([[-5, 10], [14, 50], [21, 55], [27, 20], [28, 18]]), REF_DEFAULT, { best: 'R', ttr: 14, dor: [13, true], last: 28 })
  })
  it('E7 a failing count between two qualifying ones: TTR 21, DOR 7 censored', () => {
    expectDocExample(subjectOf([[-5, 10], [14, 50], [17, 25], [21, 55], [28, 60]]), REF_DEFAULT, { best: 'R', ttr: 21, dor: [7, false], last: 28 })
  })
  it('E8 bleeding on the qualifying day: grade 2 → TTR 21 (DOR 7), grade 1 → TTR 14 (DOR 14)', () => {
    const c: DayCount[] = [[-5, 10], [14, 50], [21, 55], [28, 60]]
    expectDocExample(subjectOf(c, { bleedDays: [[14, 14, 2]] }), REF_DEFAULT, { best: 'R', ttr: 21, dor: [7, false], last: 28 })
    expectDocExample(subjectOf(c, { bleedDays: [[14, 14, 1]] }), REF_DEFAULT, { best: 'R', ttr: 14, dor: [14, false], last: 28 })
  })
  it('E9 IVIG Days 10-11: TTR 28 (not 14), DOR 7 censored', () => {
    expectDocExample(subjectOf([[-5, 10], [14, 80], [21, 90], [28, 60], [35, 55]], { rescueDays: [['IVIG', 10, 11]] }), REF_DEFAULT, {
      best: 'R', ttr: 28, dor: [7, false], last: 35,
    })
  })
  it('E10 platelet transfusion Day 15: TTR 23, DOR 7 censored', () => {
    expectDocExample(subjectOf([[-5, 10], [14, 20], [16, 60], [21, 45], [23, 40], [30, 42]], { rescueDays: [['PLATELET_TRANSFUSION', 15, null]] }), REF_DEFAULT, {
      best: 'R', ttr: 23, dor: [7, false], last: 30,
    })
  })
  it('E11 confirmed loss: DOR 14 event, ADT = the loss date (Day 28), not the confirming Day 29', () => {
    expectDocExample(subjectOf([[-5, 10], [14, 50], [21, 60], [28, 25], [29, 22]]), REF_DEFAULT, { best: 'R', ttr: 14, dor: [14, true], last: 29 })
  })
  it('E12 single low count then recovery: DOR 21 censored', () => {
    expectDocExample(subjectOf([[-5, 10], [14, 50], [21, 60], [28, 25], [35, 60]]), REF_DEFAULT, { best: 'R', ttr: 14, dor: [14 + 7, false], last: 35 })
  })
  it('E13 relapse then re-response: only the first episode goes to DOR (14, event); TTCR censored at Day 49', () => {
    expectDocExample(subjectOf([[-5, 10], [14, 50], [21, 60], [28, 20], [29, 18], [42, 70], [49, 80]]), REF_DEFAULT, {
      best: 'R', ttr: 14, ttcr: null, dor: [14, true], last: 49,
    })
  })
  it('E14 baseline 0: BASEPLAT is written "0" (not empty); default R, [K] NR', () => {
    const s = subjectOf([[-5, 0], [14, 30], [21, 31]])
    expectDocExample(s, REF_DEFAULT, { best: 'R', ttr: 14, dor: [7, false], last: 21, baseplat: 0 })
    expectDocExample(s, K, { best: 'NR', ttr: null, last: 21, baseplat: 0 })
  })
  it('E15 baseline missing: BASEPLAT empty; E15a CR (TTR = TTCR = 14); E15b NE with TTR/TTCR censored at Day 21', () => {
    expectDocExample(subjectOf([[-60, 5], [14, 150], [21, 160]]), REF_DEFAULT, {
      best: 'CR', ttr: 14, ttcr: 14, dor: [7, false], docr: [7, false], last: 21, baseplat: null,
    })
    expectDocExample(subjectOf([[-60, 5], [14, 50], [21, 60]]), REF_DEFAULT, { best: 'NE', ttr: null, ttcr: null, last: 21, baseplat: null })
  })
  it('E16 daratumumab Day 275: TTR 60, DOR 180 event; TTCR censored at Day 241 (counts on/after new therapy excluded)', () => {
    const days = [30, 60, 90, 120, 150, 180, 210, 240, 241, 282, 289]
    const vals = [28, 31, 32, 30, 33, 31, 30, 29, 28, 210, 220]
    const s = subjectOf([[-5, 8], ...days.map((d, i): DayCount => [d, vals[i] ?? 0])], { newTherapyDay: 275 })
    expectDocExample(s, REF_DEFAULT, { best: 'R', ttr: 60, ttcr: null, dor: [180, true], last: 241 })
    expectDocExample(s, K, { best: 'R', ttr: 60, ttcr: null, dor: [180, true], last: 241 })
  })
  it('E17 counts before the evaluation window: TTR 21, DOR 7 censored', () => {
    expectDocExample(subjectOf([[-5, 10], [7, 80], [10, 90], [14, 25], [21, 50], [28, 55]]), REF_DEFAULT, { best: 'R', ttr: 21, dor: [7, false], last: 28 })
  })
  it('E18 same-day failing samples: no loss (DOR 21 censored); on two days: DOR 14 event', () => {
    expectDocExample(subjectOf([[-5, 10], [14, 50], [21, 60], [28, 25, '08:00'], [28, 22, '16:00'], [35, 60]]), REF_DEFAULT, { best: 'R', ttr: 14, dor: [21, false], last: 35 })
    expectDocExample(subjectOf([[-5, 10], [14, 50], [21, 60], [28, 25], [29, 22]]), REF_DEFAULT, { best: 'R', ttr: 14, dor: [14, true], last: 29 })
  })
  it('E19 [K] indeterminate count inside the loss pair: DOR 14 event', () => {
    expectDocExample(subjectOf([[-5, 10], [14, 50], [21, 60], [28, 25], [29, 30], [30, 24]]), K, { best: 'R', ttr: 14, dor: [14, true], last: 30 })
  })
  it('E20 bleeding-driven loss: DOR 14 event; Day 40 starts no new episode; TTCR censored at Day 40', () => {
    expectDocExample(subjectOf([[-5, 10], [14, 50], [21, 60], [28, 55], [29, 58], [40, 62]], { bleedDays: [[28, 29, 3]] }), REF_DEFAULT, {
      best: 'R', ttr: 14, dor: [14, true], last: 40,
    })
  })
  it('E21 high-dose steroids for ICANS: NR, TTR/TTCR censored at Day 36, no DOR', () => {
    expectDocExample(subjectOf([[-5, 6], [14, 70], [21, 65], [28, 24], [35, 22], [36, 20]], { rescueDays: [['HIGH_DOSE_CORTICOSTEROID', 9, 11]] }), REF_DEFAULT, {
      best: 'NR', ttr: null, last: 36,
    })
  })
  it('E22 CR lost while R kept: DOCR 14 event, DOR 28 censored (DOCR STARTDT = the ADRS ADT of the CR)', () => {
    expectDocExample(subjectOf([[-5, 8], [14, 60], [21, 120], [28, 130], [35, 90], [36, 85], [42, 70]]), REF_DEFAULT, {
      best: 'CR', ttr: 14, ttcr: 21, dor: [28, false], docr: [14, true], last: 42,
    })
  })
  it('CR lost then regained: DOCR is the first CR episode (14, event), not the second; DOR 35 censored', () => {
    expectDocExample(subjectOf([[-5, 8], [14, 120], [21, 130], [28, 50], [29, 40], [42, 150], [49, 160]]), REF_DEFAULT, {
      best: 'CR', ttr: 14, ttcr: 14, dor: [35, false], docr: [14, true], last: 49,
    })
  })
  it('E23 baseline anchor: with LD at Day -5 BASEPLAT 16 and NR; without LD (LDSTDT empty) BASEPLAT 14 and R', () => {
    const c: DayCount[] = [[-7, 12], [-5, 16], [0, 14], [14, 30], [21, 31]]
    expectDocExample(subjectOf(c), REF_DEFAULT, { best: 'NR', ttr: null, last: 21, baseplat: 16 })
    const noLd = subjectOf(c, { ldDay: null })
    expectDocExample(noLd, REF_DEFAULT, { best: 'R', ttr: 14, dor: [7, false], last: 21, baseplat: 14 })
    const adsl = readCsv(formatAdslCsv([runEngine(noLd, REF_DEFAULT, FAR_CUTOFF).rows.adsl])).records[0]
    expect(adsl?.LDSTDT).toBe('')
  })
  it('E24 rescue-affected baseline: excluded → BASEPLAT 9, R; kept → BASEPLAT 45, NR', () => {
    const s = subjectOf([[-10, 9], [-5, 45], [14, 50], [21, 52]], { rescueDays: [['PLATELET_TRANSFUSION', -7, null]] })
    expectDocExample(s, REF_DEFAULT, { best: 'R', ttr: 14, dor: [7, false], last: 21, baseplat: 9 })
    expectDocExample(s, { ...REF_DEFAULT, baselineExcludeRescueAffected: false }, { best: 'NR', ttr: null, last: 21, baseplat: 45 })
  })
  it('E25 leap day: infusion 2024-02-20, response 2024-03-05 → ADY 14; in 2025 → ADY 13 (evalStartDay 13)', () => {
    const s24 = subjectOf([[-5, 10], [14, 50], [21, 55]], { infusionDate: '2024-02-20' })
    expect(s24.counts[1]?.date).toBe('2024-03-05')
    expectDocExample(s24, REF_DEFAULT, { best: 'R', ttr: 14, dor: [7, false], last: 21 }, '2024-12-31')
    const s25: RefSubject = {
      ...s24,
      infusionDate: '2025-02-20',
      ldStartDate: '2025-02-15',
      counts: [{ date: '2025-02-15', value: 10 }, { date: '2025-03-05', value: 50 }, { date: '2025-03-12', value: 55 }],
    }
    expectDocExample(s25, { ...REF_DEFAULT, evalStartDay: 13 }, { best: 'R', ttr: 13, dor: [7, false], last: 20 }, '2025-12-31')
    const rows = runEngine(s25, { ...REF_DEFAULT, evalStartDay: 13 }, '2025-12-31').rows
    expect(rows.adrs).toMatchObject({ ADT: '2025-03-05', ADY: 13 })
  })
})

// ---------------------------------------------------------------------------------------------
// Hand-picked edges of the AVAL conventions
// ---------------------------------------------------------------------------------------------

function tteOf(out: EngineOut): Record<string, Record<string, string>> {
  return Object.fromEntries(readCsv(formatAdtteCsv(out.rows.adtte)).records.map((r) => [r.PARAMCD ?? '', r]))
}

describe('sdtm-adam.md "AVAL conventions": edges', () => {
  it('no platelet count at all: NE, BASEPLAT empty, TTR and TTCR AVAL 0 CNSR 1 with ADT = STARTDT = TRTSDT, no DOR', () => {
    const s = subjectOf([])
    expectCohortMatchesReference([s], REF_DEFAULT, FAR_CUTOFF)
    const tte = tteOf(runEngine(s, REF_DEFAULT, FAR_CUTOFF))
    expect(Object.keys(tte).sort()).toEqual(['TTCR', 'TTR'])
    for (const p of ['TTR', 'TTCR']) expect(tte[p]).toMatchObject({ AVAL: '0', CNSR: '1', STARTDT: INF, ADT: INF })
  })
  it('a baseline but only counts before evalStartDay: NE (no evaluable count), censored at AVAL 0', () => {
    const s = subjectOf([[-5, 10], [7, 80], [13, 90]])
    expectDocExample(s, REF_DEFAULT, { best: 'NE', ttr: null, ttcr: null, last: null, baseplat: 10 })
  })
  it('a response on Day 0 (evalStartDay 0) is an event at AVAL 0 (CNSR 0) with ADY written "0", not empty', () => {
    const s = subjectOf([[-5, 10], [0, 50], [7, 55]])
    const c = { ...REF_DEFAULT, evalStartDay: 0 }
    expectDocExample(s, c, { best: 'R', ttr: 0, ttcr: null, dor: [7, false], last: 7 })
    const adrs = formatAdrsCsv([runEngine(s, c, FAR_CUTOFF).rows.adrs]).split('\n')[1]
    expect(adrs).toBe(`CT-ITP-01,CT-ITP-01-001,BOR,Best overall response,R,${INF},0`)
  })
  it('a response before Day 0 (evalStartDay -3): AVAL and ADY are the negative protocol day, ADT before TRTSDT', () => {
    const s = subjectOf([[-5, 10], [-3, 50], [4, 55]])
    expectDocExample(s, { ...REF_DEFAULT, evalStartDay: -3 }, { best: 'R', ttr: -3, dor: [7, false], last: 4 })
  })
  it('a zero-length episode (N = 0, M = 0, timed samples on one day): DOR AVAL 0 as an event', () => {
    const s = subjectOf([[-5, 10], [14, 50, '08:00'], [14, 55, '09:00'], [14, 20, '10:00'], [14, 18, '11:00'], [21, 60]])
    const c = { ...REF_DEFAULT, confirmMinGapDays: 0, lossMinGapDays: 0 }
    expectDocExample(s, c, { best: 'R', ttr: 14, dor: [0, true], last: 21 })
  })
  it('data cut-off: counts after it are ignored; a count on the cut-off date is kept (censoring day = it)', () => {
    const s = subjectOf([[-5, 10], [14, 50], [21, 60], [28, 65], [35, 20], [36, 18]])
    expectDocExample(s, REF_DEFAULT, { best: 'R', ttr: 14, dor: [14, false], last: 28 }, addDays(INF, 28))
    expectDocExample(s, REF_DEFAULT, { best: 'R', ttr: 14, dor: [21, false], last: 35 }, addDays(INF, 35))
    expectDocExample(s, REF_DEFAULT, { best: 'R', ttr: 14, dor: [21, true], last: 36 }, addDays(INF, 36))
    expectDocExample(s, REF_DEFAULT, { best: 'NR', ttr: null, last: 14 }, addDays(INF, 20))
  })
  it('evalEndDay (PROTOCOL DECISION, e.g. 182): censoring at the last count on or before it', () => {
    const s = subjectOf([[-5, 10], [14, 50], [21, 60], [182, 70], [183, 20], [190, 18]])
    expectDocExample(s, { ...REF_DEFAULT, evalEndDay: 182 }, { best: 'R', ttr: 14, dor: [168, false], last: 182 })
    expectDocExample(s, REF_DEFAULT, { best: 'R', ttr: 14, dor: [169, true], last: 190 })
  })
  it('new ITP therapy on a count date: that count is excluded, DOR censored at the count before', () => {
    const s = subjectOf([[-5, 10], [14, 50], [21, 60], [28, 65], [35, 20], [36, 18]], { newTherapyDay: 35 })
    expectDocExample(s, REF_DEFAULT, { best: 'R', ttr: 14, dor: [14, false], last: 28 })
  })
  it('the middle category is written with the protocol name (PR), CR/NR/NE as is', () => {
    const pr = { ...REF_DEFAULT, middleName: 'PR' as const }
    expectDocExample(subjectOf([[-5, 10], [14, 45], [21, 50], [28, 60]]), pr, { best: 'PR', ttr: 14, dor: [14, false], last: 28 })
    expectDocExample(subjectOf([[-5, 8], [14, 40], [21, 120], [28, 130]]), pr, { best: 'CR', ttr: 14, ttcr: 21, dor: [14, false], docr: [7, false], last: 28 })
    expectDocExample(subjectOf([[-5, 16], [14, 31], [21, 31]]), pr, { best: 'NR', ttr: null, last: 21 })
  })
  it('corticosteroid dependence ON (IWG: non-responder): ADRS NR with empty ADT/ADY, no DOR/DOCR, TTR/TTCR censored', () => {
    const s = subjectOf([[-5, 8], [14, 40], [21, 120], [28, 130]])
    const input = { ...engineInput(s, FAR_CUTOFF), corticosteroidDependenceDays: 60 }
    const result = evaluateResponse(input, engineParams(REF_DEFAULT, { corticosteroidDependenceRule: 'ON' }))
    const rows = deriveAdamSubject(facts(s), result)
    expect(formatAdrsCsv([rows.adrs]).split('\n')[1]).toBe('CT-ITP-01,CT-ITP-01-001,BOR,Best overall response,NR,,')
    expect(rows.adtte.map((r) => [r.PARAMCD, r.AVAL, r.CNSR, r.ADT])).toEqual([
      ['TTR', 28, 1, addDays(INF, 28)],
      ['TTCR', 28, 1, addDays(INF, 28)],
    ])
    // 59 days (< the 60-day PROTOCOL DECISION) is not dependence: CR stands
    const kept = evaluateResponse({ ...input, corticosteroidDependenceDays: 59 }, engineParams(REF_DEFAULT, { corticosteroidDependenceRule: 'ON' }))
    expect(deriveAdamSubject(facts(s), kept).adrs).toMatchObject({ AVALC: 'CR', ADY: 21 })
  })
  it('ADSL: TRTSDT the infusion date, LDSTDT / DOSELVL / BASEPLAT empty when missing, decimals written plainly', () => {
    const s = subjectOf([[-5, 9.5], [14, 45]], { doseLevel: null, age: 8 })
    const row = readCsv(formatAdslCsv([runEngine(s, REF_DEFAULT, FAR_CUTOFF).rows.adsl])).records[0]
    expect(row).toEqual({ STUDYID: 'CT-ITP-01', USUBJID: 'CT-ITP-01-001', SITEID: '01', AGE: '8', SEX: 'F', TRTSDT: INF, LDSTDT: addDays(INF, -5), BASEPLAT: '9.5', DOSELVL: '' })
  })
})

// ---------------------------------------------------------------------------------------------
// Property: engine ADaM CSV = reference, on random cohorts and parameter variants
// ---------------------------------------------------------------------------------------------

/** Values around every threshold of §3.2 (15/16 vs doubling, 29-32, 99-101), 0, and decimals. */
const VALUES = [0, 5, 9.5, 14, 15, 16, 20, 25, 29, 29.5, 30, 30.5, 31, 32, 45, 60, 99, 100, 100.5, 101, 150, 250]
const RESCUES: RescueType[] = ['PLATELET_TRANSFUSION', 'IVIG', 'HIGH_DOSE_CORTICOSTEROID', 'TPO_RA', 'OTHER_RESCUE']
/** Text with everything RFC 4180 must quote, plus spaces and non-ASCII (UTF-8). */
const TEXT = fc.string({ unit: fc.constantFrom('A', 'b', '0', '-', ' ', ',', '"', '\n', '\r', 'é', '血', ';'), minLength: 1, maxLength: 6 })

const arbConfig: fc.Arbitrary<RefConfig> = fc
  .record({
    preset: fc.constantFrom('IWG', 'K'),
    middleName: fc.constantFrom<'R' | 'PR'>('R', 'PR'),
    evalStartDay: fc.constantFrom(0, 7, 14),
    evalEndDay: fc.constantFrom(null, 60, 90),
    confirmMinGapDays: fc.constantFrom(0, 7, 14),
    lossMinGapDays: fc.constantFrom(0, 1, 2),
    bleedingMissingEndDate: fc.constantFrom<'ONGOING' | 'START_DAY_ONLY'>('ONGOING', 'START_DAY_ONLY'),
    baselineExcludeRescueAffected: fc.boolean(),
    baselineLookbackDays: fc.constantFrom(0, 10, 30),
    requireNoBleedingForCR: fc.boolean(),
    doublingComparator: fc.constantFrom<Cmp>('>=', '>'),
  })
  .map(({ preset, ...rest }) => ({
    ...REF_DEFAULT,
    ...(preset === 'K' ? { rComparator: '>' as const, crComparator: '>' as const } : {}),
    ...rest,
  }))

const arbSubjectShape = fc.record({
  // 1900-03-01 .. 2100-12-31: leap days of 2000 and 2024, none in 1900 and 2100 (shifted by up to 200 days)
  infusionDay: fc.integer({ min: epochDay('1900-03-01'), max: epochDay('2100-06-01') }),
  ldDay: fc.option(fc.integer({ min: -7, max: -1 }), { nil: null }),
  pre: fc.array(fc.record({ day: fc.integer({ min: -45, max: 0 }), value: fc.constantFrom(...VALUES) }), { maxLength: 3 }),
  post: fc.oneof(
    // scattered samples (same dates, times, out of order)
    fc.array(
      fc.record({
        day: fc.integer({ min: -2, max: 130 }),
        value: fc.constantFrom(...VALUES),
        time: fc.option(fc.constantFrom('07:00', '12:30', '18:45'), { nil: undefined }),
      }),
      { maxLength: 14 },
    ),
    // a course: plateaus of one value sampled every 1-8 days, so responses, losses and re-responses occur
    fc
      .record({
        first: fc.integer({ min: 0, max: 20 }),
        plateaus: fc.array(fc.record({ value: fc.constantFrom(...VALUES), n: fc.integer({ min: 1, max: 3 }), gap: fc.integer({ min: 1, max: 8 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
      })
      .map(({ first, plateaus }) => {
        const out: { day: number; value: number; time: string | undefined }[] = []
        let day = first
        for (const p of plateaus) {
          for (let i = 0; i < p.n; i++) {
            out.push({ day, value: p.value, time: undefined })
            day += p.gap
          }
        }
        return out
      }),
  ),
  bleeds: fc.array(fc.record({ start: fc.integer({ min: 0, max: 120 }), len: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }), grade: fc.integer({ min: 0, max: 4 }) }), { maxLength: 2 }),
  rescues: fc.array(
    fc.record({
      type: fc.constantFrom(...RESCUES),
      start: fc.integer({ min: -20, max: 100 }),
      len: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      time: fc.option(fc.constantFrom('10:00', '15:00'), { nil: undefined }),
    }),
    { maxLength: 2 },
  ),
  newTherapyDay: fc.option(fc.integer({ min: 15, max: 150 }), { nil: null }),
  age: fc.integer({ min: 8, max: 75 }),
  sex: fc.constantFrom('F', 'M'),
  doseLevel: fc.option(TEXT, { nil: null }),
})
type SubjectShape = typeof arbSubjectShape extends fc.Arbitrary<infer T> ? T : never

/**
 * A subject from its shape. Same-date samples are either all timed (distinct times) or all untimed, so the
 * §3.4 same-date rule has one reading (mixing timed and untimed samples with a rescue start time is left to
 * the response engine's own checks).
 */
function subjectFromShape(sh: SubjectShape, studyId: string, usubjid: string, siteId: string): RefSubject {
  const inf = isoOfEpochDay(sh.infusionDay)
  const raw = [...sh.pre.map((p) => ({ day: p.day, value: p.value, time: undefined as string | undefined })), ...sh.post]
  const byDay = new Map<number, typeof raw>()
  for (const x of raw) byDay.set(x.day, [...(byDay.get(x.day) ?? []), x])
  const counts: RefCount[] = []
  for (const [day, g] of byDay) {
    const date = addDays(inf, day)
    const allTimed = g.every((x) => x.time !== undefined)
    g.forEach((x, i) => {
      if (!allTimed) counts.push({ date, value: x.value })
      else counts.push({ date, time: g.length === 1 ? (x.time ?? '') : `${String(8 + i).padStart(2, '0')}:00`, value: x.value })
    })
  }
  return {
    studyId,
    usubjid,
    siteId,
    age: sh.age,
    sex: sh.sex,
    doseLevel: sh.doseLevel,
    infusionDate: inf,
    ldStartDate: sh.ldDay === null ? null : addDays(inf, sh.ldDay),
    counts,
    bleeds: sh.bleeds.map((b) => ({ startDate: addDays(inf, b.start), endDate: b.len === null ? null : addDays(inf, b.start + b.len), grade: b.grade })),
    rescues: sh.rescues.map((r) => ({
      type: r.type,
      startDate: addDays(inf, r.start),
      ...(r.time === undefined ? {} : { startTime: r.time }),
      endDate: r.len === null ? null : addDays(inf, r.start + r.len),
    })),
    newTherapyDate: sh.newTherapyDay === null ? null : addDays(inf, sh.newTherapyDay),
  }
}

const arbCohort = fc.record({
  config: arbConfig,
  studyId: TEXT,
  prefix: TEXT,
  siteId: TEXT,
  cutoffDay: fc.integer({ min: 40, max: 200 }),
  shapes: fc.array(arbSubjectShape, { minLength: 1, maxLength: 4 }),
})

describe('property: written ADSL / ADRS / ADTTE = the reference (seed 20261208)', () => {
  it('every variable of every row, read back through an RFC 4180 reader, with every §3.2 parameter varied', () => {
    const seen = new Set<string>()
    fc.assert(
      fc.property(arbCohort, ({ config, studyId, prefix, siteId, cutoffDay, shapes }) => {
        // one cut-off date for the cohort, relative to the first subject's infusion
        const subjects = shapes.map((sh, i) => subjectFromShape(sh, studyId, `${prefix}${i}`, siteId))
        const cutoffs = subjects.map((s) => addDays(s.infusionDate, cutoffDay))
        subjects.forEach((s, i) => {
          for (const out of expectCohortMatchesReference([s], config, cutoffs[i] ?? FAR_CUTOFF)) {
            seen.add(`BOR ${out.result.bestResponse}`)
            if (out.result.episodes.R.length > 1) seen.add('several R episodes')
            if (out.result.episodes.CR.length > 1) seen.add('several CR episodes')
            for (const t of out.rows.adtte) seen.add(`${t.PARAMCD} CNSR ${t.CNSR}${t.CNSR === 1 && t.AVAL === 0 ? ' at 0' : ''}`)
          }
        })
        // a shared cut-off for the whole cohort (as the CLI applies it)
        const shared = cutoffs.reduce((a, b) => (a > b ? a : b))
        expectCohortMatchesReference(subjects, config, shared)
      }),
      { seed: SEED, numRuns: 250 },
    )
    // the generator reaches every category and every kind of ADTTE row (the property is not vacuous)
    expect([...seen].sort()).toEqual(
      ['BOR CR', 'BOR NE', 'BOR NR', 'BOR R', 'DOCR CNSR 0', 'DOCR CNSR 1', 'DOR CNSR 0', 'DOR CNSR 1',
        'TTCR CNSR 0', 'TTCR CNSR 1', 'TTCR CNSR 1 at 0', 'TTR CNSR 0', 'TTR CNSR 1', 'TTR CNSR 1 at 0',
        'several CR episodes', 'several R episodes'].sort(),
    )
  })
})

// ---------------------------------------------------------------------------------------------
// statistics.md §3: the written ADTTE feeds Kaplan–Meier of DoR; R survfit on the file gives the same fit
// ---------------------------------------------------------------------------------------------

/**
 * A responder with baseline 10, qualifying counts on Days 14 and 21 (response Day 14), and either a
 * confirmed loss `dor` days later (two failing counts a day apart) or a last evaluable count `dor` days later.
 */
function dorSubject(usubjid: string, dor: number, event: boolean): RefSubject {
  const counts: DayCount[] = [[-5, 10], [14, 50], [21, 50]]
  if (event) counts.push([14 + dor, 20], [15 + dor, 20])
  else counts.push([14 + dor, 50])
  return subjectOf(counts, { studyId: 'CT,"ITP"', usubjid })
}

/** statistics.md §3.2 example A and §3.3 example B as cohorts, plus one non-responder (no DOR row). */
function kmCohort(name: string, dors: [number, boolean][]): RefSubject[] {
  return [
    ...dors.map(([d, e], i) => dorSubject(`S-${name}${i}, "x"\nline2`, d, e)),
    subjectOf([[-5, 16], [14, 31], [21, 31]], { studyId: 'CT,"ITP"', usubjid: `S-${name}-NR` }),
  ]
}

/**
 * R 4.2.2, survival 3.5-3, run on the adtte.csv this engine writes for these cohorts (quoted multi-line
 * USUBJIDs included): d <- read.csv("adtte.csv"); dor <- d[d$PARAMCD == "DOR", ];
 * summary(survfit(Surv(AVAL, 1 - CNSR) ~ 1, data = dor, conf.type = ct)) and its $table median / 0.95LCL / 0.95UCL.
 * read.csv read 20 (A) and 26 (B) records, 6 and 8 of them DOR.
 */
const R_SURVFIT = {
  A: {
    time: [30, 60, 120],
    nRisk: [6, 4, 2],
    surv: [0.8333333333, 0.625, 0.3125],
    stdErr: [0.1521451549, 0.213478141, 0.2454003956],
    log: { lower: [0.5826547955, 0.3199921619, 0.0670528739], upper: [1, 1, 1], median: [120, 60, null] },
    'log-log': { lower: [0.2731228499, 0.1418533899, 0.012673065], upper: [0.9747124267, 0.8930506045, 0.733656173], median: [120, 30, null] },
    plain: { lower: [0.5351343094, 0.2065905322, 0], upper: [1, 1, 0.7934759372], median: [120, 60, null] },
  },
  B: {
    time: [20, 35, 50, 80, 150],
    nRisk: [8, 7, 5, 4, 3],
    surv: [0.875, 0.75, 0.6, 0.45, 0.3],
    stdErr: [0.1169267933, 0.1530931089, 0.1816590212, 0.188248506, 0.1753567792],
    log: { lower: [0.6733819365, 0.5027018413, 0.3314646243, 0.198211734, 0.0954057869], upper: [1, 1, 1, 1, 0.9433390041], median: [80, 50, null] },
    'log-log': {
      lower: [0.387000014, 0.3148071137, 0.1954958661, 0.1075781152, 0.0442473079],
      upper: [0.9813929659, 0.9308983171, 0.8522543458, 0.7512738499, 0.6281957938],
      median: [80, 20, null],
    },
    plain: { lower: [0.6458276962, 0.4499430202, 0.2439548609, 0.0810397082, 0], upper: [1, 1, 0.9560451391, 0.8189602918, 0.6436929716], median: [80, 35, null] },
  },
} as const

describe('statistics.md §3: Kaplan–Meier of DoR from the written adtte.csv (confirmed in R)', () => {
  const cohorts = {
    A: kmCohort('A', [[30, true], [45, false], [60, true], [90, false], [120, true], [200, false]]),
    B: kmCohort('B', [[20, true], [35, true], [35, false], [50, true], [80, true], [150, false], [150, true], [210, false]]),
  }
  for (const name of ['A', 'B'] as const) {
    it(`example ${name}: DOR rows (time = AVAL, event = 1 - CNSR) reproduce R survfit for log, log-log and plain CIs`, () => {
      const subjects = cohorts[name]
      const outs = expectCohortMatchesReference(subjects, REF_DEFAULT, FAR_CUTOFF)
      const records = readCsv(cohortCsv(outs).adtte).records
      expect(records).toHaveLength(name === 'A' ? 20 : 26)
      const dor = records.filter((r) => r.PARAMCD === 'DOR')
      expect(dor).toHaveLength(subjects.length - 1)
      const times = dor.map((r) => Number(r.AVAL))
      const events = dor.map((r) => 1 - Number(r.CNSR))
      const want = R_SURVFIT[name]
      for (const confType of ['log', 'log-log', 'plain'] as const) {
        const fit = kaplanMeier(times, events, { confType })
        const rows = fit.rows.filter((r) => r.nEvent > 0)
        expect(rows.map((r) => r.time)).toEqual([...want.time])
        expect(rows.map((r) => r.nRisk)).toEqual([...want.nRisk])
        rows.forEach((r, i) => {
          expect(r.surv).toBeCloseTo(want.surv[i] ?? NaN, 9)
          expect(r.stdErr ?? NaN).toBeCloseTo(want.stdErr[i] ?? NaN, 9)
          expect(r.lower ?? NaN).toBeCloseTo(want[confType].lower[i] ?? NaN, 9)
          expect(r.upper ?? NaN).toBeCloseTo(want[confType].upper[i] ?? NaN, 9)
        })
        expect([fit.median.estimate, fit.median.lower, fit.median.upper]).toEqual([...want[confType].median])
      }
      // the same fit as from the response engine's own DoR / DoREvent (what statistics.md §3 takes as input)
      const direct = outs.filter((o) => o.result.DoR !== null)
      const fromResults = kaplanMeier(direct.map((o) => o.result.DoR ?? NaN), direct.map((o) => (o.result.DoREvent ? 1 : 0)))
      expect(kaplanMeier(times, events)).toEqual(fromResults)
    })
  }
})

// ---------------------------------------------------------------------------------------------
// CSV writing: RFC 4180 quoting, empty vs missing, line structure
// ---------------------------------------------------------------------------------------------

describe('sdtm-adam.md intro (CSV, header row): how the files are written', () => {
  it('a dataset with no subject is the header line alone', () => {
    expect(parseCsv(formatAdslCsv([]))).toEqual([DOC_ADSL])
    expect(parseCsv(formatAdrsCsv([]))).toEqual([DOC_ADRS])
    expect(parseCsv(formatAdtteCsv([]))).toEqual([DOC_ADTTE])
    expect([...ADSL_VARIABLES]).toEqual(DOC_ADSL)
    expect([...ADRS_VARIABLES]).toEqual(DOC_ADRS)
    expect([...ADTTE_VARIABLES]).toEqual(DOC_ADTTE)
  })
  it('every record ends with one line break, the file ends with one, and there is no blank record', () => {
    const subjects = [subjectOf([[-5, 10], [14, 45], [21, 50]]), subjectOf([], { usubjid: 'CT-ITP-01-002' })]
    const csv = cohortCsv(subjects.map((s) => runEngine(s, REF_DEFAULT, FAR_CUTOFF)))
    for (const [text, records] of [[csv.adsl, 2], [csv.adrs, 2], [csv.adtte, 5]] as const) {
      expect(text.endsWith('\n')).toBe(true)
      expect(text.endsWith('\n\n')).toBe(false)
      const eol = text.includes('\r\n') ? '\r\n' : '\n'
      const lines = text.split(eol)
      expect(lines.at(-1)).toBe('')
      expect(lines.slice(0, -1).every((l) => l !== '' && !l.includes('\r') && !l.includes('\n'))).toBe(true)
      expect(lines).toHaveLength(records + 2)
    }
  })
  it('text needing quotes (comma, quote, CR, LF) is quoted with doubled quotes; other text is read back verbatim', () => {
    const nasty = ['a,b', 'say "x"', 'two\nlines', 'cr\r\nlf', '  spaced  ', 'ÉÈ 血小板', '"', ',', '']
    for (const v of nasty) {
      const s = subjectOf([[-5, 10]], { studyId: v, usubjid: `U${v}`, siteId: v, sex: v, doseLevel: v })
      const out = runEngine(s, REF_DEFAULT, FAR_CUTOFF)
      const text = formatAdslCsv([out.rows.adsl])
      const rec = readCsv(text).records[0]
      expect(rec).toMatchObject({ STUDYID: v, USUBJID: `U${v}`, SITEID: v, SEX: v, DOSELVL: v })
      if (/[",\r\n]/.test(v)) expect(text).toContain(`"${v.replaceAll('"', '""')}"`)
    }
  })
})
