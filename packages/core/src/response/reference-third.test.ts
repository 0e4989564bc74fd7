/**
 * Third independent reference check of the ITP response engine, focused on PROTOCOL DECISION parameters
 * with non-default values and in combination, the seed trials' configurations (packages/protocols), and
 * calendar dates across leap days / month ends.
 *
 * The reference below (`refEvaluate`) was written from ../shared/domain/response-itp.md §3 prose before the
 * engine's code was read; only the public API (index.ts, types.ts, params.ts) was read to call the engine.
 * Parameters the engine adds beyond the doc (`sameDateUntimedPolicy`, `baselineSameDateTie`,
 * `indeterminateBreaksResponseRun`, `indeterminateBreaksLossPair`) follow their TSDoc in params.ts.
 *
 * Source: ../shared/domain/response-itp.md §3.2-§3.12, §4 (E1-E25), §5; ../shared/domain/README.md
 * (conventions: comparators, raw values, calendar dates).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SEED_PROTOCOLS } from '../protocol/fixtures/seed-protocols.js'
import {
  DEFAULT_RESPONSE_PARAMS,
  evaluateResponse,
  responseCountTable,
  ResponseParamsOverrideSchema,
  summariseResponseCohort,
  withResponseOverrides,
} from './index.js'
import type {
  RescueType,
  ResponseInput,
  ResponseParams,
  ResponseParamsOverride,
  ResponseResult,
} from './index.js'

const SEED = 20261208

// ---------------------------------------------------------------------------------------------------------
// Calendar helpers (README.md "Dates"): UTC day numbers, independent of the engine's date module.
// ---------------------------------------------------------------------------------------------------------

function epoch(d: string): number {
  const [y, m, dd] = d.split('-').map(Number) as [number, number, number]
  const t = new Date(0)
  t.setUTCFullYear(y, m - 1, dd)
  t.setUTCHours(0, 0, 0, 0)
  return Math.round(t.getTime() / 86_400_000)
}
function dateOf(e: number): string {
  return new Date(e * 86_400_000).toISOString().slice(0, 10)
}
function plus(d: string, n: number): string {
  return dateOf(epoch(d) + n)
}
/** `HH:MM` or `HH:MM:SS` -> seconds since midnight (so `08:00` equals `08:00:00`). */
function secs(t: string): number {
  const [h, m, s] = t.split(':').map(Number) as [number, number, number | undefined]
  return h * 3600 + m * 60 + (s ?? 0)
}

// ---------------------------------------------------------------------------------------------------------
// Reference implementation (response-itp.md §3)
// ---------------------------------------------------------------------------------------------------------

type Status = 'Q' | 'F' | 'I'
interface RefEpisode {
  start: number
  end: number
  event: boolean
}
interface RefResult {
  best: 'CR' | 'R' | 'NR' | 'NE'
  baseline: number | null
  baselineRule: 'LATEST_CANDIDATE' | 'RESCUE_AFFECTED_FALLBACK' | 'MISSING'
  R: RefEpisode[]
  CR: RefEpisode[]
  ttr: number | null
  ttcr: number | null
  dor: number | null
  docr: number | null
  relapse: boolean
  cumulative: number
  observed: number | null
  rescueExcluded: number
  evaluable: { day: number; value: number; r: Status; cr: Status }[]
  /** per input index: why it is not evaluable (engine reason codes), or its R / CR statuses */
  rows: Map<number, string>
}

const cmp = (v: number, t: number, c: '>=' | '>'): boolean => (c === '>=' ? v >= t : v > t)

function refEvaluate(inp: ResponseInput, p: ResponseParams): RefResult {
  const inf = epoch(inp.infusionDate) // §3.3: protocol day = epoch(date) - inf
  const cutoffDate = inp.dataCutoffDate ?? p.dataCutoffDate
  const cut = cutoffDate === null ? Infinity : epoch(cutoffDate)
  // §3.1: counts after the cut-off are ignored
  const counts = inp.plateletCounts
    .map((c, i) => ({ ...c, i, e: epoch(c.date), t: c.time == null ? null : secs(c.time) }))
    .filter((c) => c.e <= cut)
  type C = (typeof counts)[number]
  const rescues = inp.rescueEvents ?? []
  const bleeds = inp.bleedingEvents ?? []

  // §3.4 rule 3: rescue window start <= date <= (end ?? start) + window; on the start date only a sample
  // whose time precedes a recorded rescue start time escapes.
  const inRescue = (c: C): boolean =>
    rescues.some((r) => {
      const s = epoch(r.startDate)
      const e = epoch(r.endDate ?? r.startDate) + p.rescueWindowDays[r.type]
      if (c.e < s || c.e > e) return false
      if (c.e === s && c.t !== null && r.startTime != null && c.t < secs(r.startTime)) return false
      return true
    })

  // §3.4 preamble: same-date samples
  const groups = new Map<number, C[]>()
  for (const c of counts) groups.set(c.e, [...(groups.get(c.e) ?? []), c])
  const kept: C[] = []
  const rows = new Map<number, string>()
  for (const c of inp.plateletCounts.keys()) rows.set(c, 'AFTER_DATA_CUTOFF')
  for (const e of [...groups.keys()].sort((a, b) => a - b)) {
    const g = groups.get(e) as C[]
    const anyUntimed = g.some((c) => c.t === null)
    if (g.length >= 2 && anyUntimed && p.sameDateUntimedPolicy === 'LOWEST_VALUE') {
      // which of several equal lowest samples is kept is not specified by §3.4; untimed first, then by time
      const order = (c: C): number => c.t ?? -1
      const low = g.reduce((m, c) => (c.value < m.value || (c.value === m.value && order(c) < order(m)) ? c : m))
      for (const c of g) if (c !== low) rows.set(c.i, 'SAME_DATE_NOT_LOWEST')
      kept.push(low)
    } else {
      // timed samples by time; (KEEP_ALL) untimed ones first on that date, by value
      const untimed = g.filter((c) => c.t === null).sort((a, b) => a.value - b.value)
      const timed = g.filter((c) => c.t !== null).sort((a, b) => (a.t as number) - (b.t as number))
      kept.push(...untimed, ...timed)
    }
  }

  // §3.5 baseline
  const anchor = epoch(p.baselineAnchor === 'LD_START' ? (inp.ldStartDate ?? inp.infusionDate) : inp.infusionDate)
  const cand = counts.filter((c) => c.e >= anchor - p.baselineLookbackDays && c.e <= anchor)
  const pick = (xs: C[]): number => {
    const last = Math.max(...xs.map((c) => c.e))
    const g = xs.filter((c) => c.e === last)
    if (p.baselineSameDateTie === 'LATEST_TIME_ELSE_LOWEST_VALUE' && g.every((c) => c.t !== null)) {
      return g.reduce((m, c) => ((c.t as number) > (m.t as number) ? c : m)).value
    }
    return Math.min(...g.map((c) => c.value))
  }
  let baseline: number | null = null
  let baselineRule: RefResult['baselineRule'] = 'MISSING'
  if (cand.length > 0) {
    const clean = p.baselineExcludeRescueAffected ? cand.filter((c) => !inRescue(c)) : cand
    if (clean.length > 0) {
      baseline = pick(clean)
      baselineRule = 'LATEST_CANDIDATE'
    } else {
      baseline = pick(cand)
      baselineRule = 'RESCUE_AFFECTED_FALLBACK'
    }
  }

  // §3.4 rules 1-4 (the rescue tally counts samples whose first failing rule, in the doc's order, is rule 3)
  const nt = inp.newItpTherapyStartDate == null ? Infinity : epoch(inp.newItpTherapyStartDate)
  let rescueExcluded = 0
  const why = (c: C): string | null => {
    const d = c.e - inf
    if (d < p.evalStartDay) return 'BEFORE_EVAL_START'
    if (p.evalEndDay !== null && d > p.evalEndDay) return 'AFTER_EVAL_END'
    if (inRescue(c)) return 'RESCUE_WINDOW'
    return c.e >= nt ? 'NEW_ITP_THERAPY' : null
  }
  const ev = kept.filter((c) => {
    const reason = why(c)
    if (reason === 'RESCUE_WINDOW') rescueExcluded++
    if (reason !== null) rows.set(c.i, reason)
    return reason === null
  })

  // §3.6 bleeding predicate. COUNT_DATES: on the count's date. WHOLE_CONFIRMATION_INTERVAL (§3.2, §5.3; the
  // doc names it without a rule, params.ts defines it): any day after the previous evaluable count up to this one.
  const bleedingOn = (from: number, to: number): boolean =>
    bleeds.some((b) => {
      if (b.grade < p.bleedingGradeThreshold) return false
      const s = epoch(b.startDate)
      const end = b.endDate != null ? epoch(b.endDate) : p.bleedingMissingEndDate === 'ONGOING' ? cut : s
      return s <= to && from <= end
    })

  // §3.7 tri-state classification
  const evaluable = ev.map((c, k) => {
    const v = c.value
    const prev = k > 0 ? (ev[k - 1] as C).e : c.e
    const bl = bleedingOn(p.bleedingCheckScope === 'COUNT_DATES' ? c.e : Math.min(prev + 1, c.e), c.e)
    const crQ = cmp(v, p.crThreshold, p.crComparator) && !(bl && p.requireNoBleedingForCR)
    const crF = v < p.crLossThreshold || bl
    let rQ = false
    let rF: boolean
    if (baseline === null) rF = v < p.rLossThreshold || bl
    else {
      const twice = p.doublingFactor * baseline
      rQ = cmp(v, p.rThreshold, p.rComparator) && cmp(v, twice, p.doublingComparator) && !(bl && p.requireNoBleedingForR)
      rF = v < p.rLossThreshold || v < twice || bl
    }
    const r: Status = rQ || crQ ? 'Q' : rF ? 'F' : 'I'
    const cr: Status = crQ ? 'Q' : crF ? 'F' : 'I'
    rows.set(c.i, `${r}/${cr}`)
    return { day: c.e - inf, value: v, r, cr }
  })

  // §3.8-§3.10: runs, confirmation, loss, episodes (written from the prose)
  const episodes = (st: { day: number; s: Status }[]): RefEpisode[] => {
    const out: RefEpisode[] = []
    const breaksRun = (s: Status): boolean => s === 'F' || (s === 'I' && p.indeterminateBreaksResponseRun)
    const blocksLoss = (s: Status): boolean => s === 'Q' || (s === 'I' && p.indeterminateBreaksLossPair)
    let from = 0
    for (;;) {
      let start = -1
      for (let a = from; a < st.length && start < 0; a++) {
        if ((st[a] as { s: Status }).s !== 'Q') continue
        for (let b = a + 1; b < st.length && !breaksRun((st[b] as { s: Status }).s); b++) {
          const sb = st[b] as { day: number; s: Status }
          if (sb.s === 'Q' && sb.day - (st[a] as { day: number }).day >= p.confirmMinGapDays) {
            start = a
            break
          }
        }
      }
      if (start < 0) return out
      let f1 = -1
      let f2 = -1
      for (let a = start + 1; a < st.length && f1 < 0; a++) {
        const sa = st[a] as { day: number; s: Status }
        if (sa.s !== 'F') continue
        for (let b = a + 1; b < st.length && !blocksLoss((st[b] as { s: Status }).s); b++) {
          const sb = st[b] as { day: number; s: Status }
          if (sb.s === 'F' && sb.day - sa.day >= p.lossMinGapDays) {
            f1 = a
            f2 = b
            break
          }
        }
      }
      const s0 = (st[start] as { day: number }).day
      if (f1 < 0) {
        out.push({ start: s0, end: (st[st.length - 1] as { day: number }).day, event: false })
        return out
      }
      out.push({ start: s0, end: (st[f1] as { day: number }).day, event: true })
      from = f2 + 1
    }
  }
  const R = episodes(evaluable.map((x) => ({ day: x.day, s: x.r })))
  const CR = episodes(evaluable.map((x) => ({ day: x.day, s: x.cr })))
  const r0 = R[0]
  const c0 = CR[0]
  let best: RefResult['best'] = CR.length > 0 ? 'CR' : R.length > 0 ? 'R' : ev.length > 0 && baseline !== null ? 'NR' : 'NE'
  // §3.2 corticosteroidDependenceRule: dependence (>= min days) downgrades a response to NR (IWG)
  const steroid = inp.corticosteroidDependenceDays
  if (
    p.corticosteroidDependenceRule === 'ON' &&
    steroid != null &&
    steroid >= p.corticosteroidDependenceMinDays &&
    (best === 'CR' || best === 'R')
  )
    best = 'NR'
  return {
    best,
    baseline,
    baselineRule,
    R,
    CR,
    ttr: r0?.start ?? null,
    ttcr: c0?.start ?? null,
    dor: r0 ? r0.end - r0.start : null,
    docr: c0 ? c0.end - c0.start : null,
    relapse: r0?.event ?? false,
    cumulative: R.reduce((s, e) => s + e.end - e.start, 0),
    observed: evaluable.length > 0 ? (evaluable[evaluable.length - 1] as { day: number }).day : null,
    rescueExcluded,
    evaluable,
    rows,
  }
}

/** The engine's result in the reference's shape. */
function project(r: ResponseResult): Omit<RefResult, 'evaluable' | 'rows'> {
  const eps = (xs: ResponseResult['episodes']['R']): RefEpisode[] =>
    xs.map((e) => ({ start: e.startDay, end: e.endDay, event: e.event }))
  return {
    best: r.bestResponse,
    baseline: r.baseline,
    baselineRule: r.explanation.baseline.rule,
    R: eps(r.episodes.R),
    CR: eps(r.episodes.CR),
    ttr: r.TTR,
    ttcr: r.TTCR,
    dor: r.DoR,
    docr: r.DoCR,
    relapse: r.relapse,
    cumulative: r.cumulativeDaysInResponse,
    observed: r.observedDays,
    rescueExcluded: r.countsExcludedRescue,
  }
}
function refProject(r: RefResult): Omit<RefResult, 'evaluable' | 'rows'> {
  const { evaluable: _e, rows: _r, ...rest } = r
  void _e
  void _r
  return rest
}

/** Engine and reference agree, plus internal consistency of the engine's own outputs (§3.11). */
function agree(inp: ResponseInput, p: ResponseParams): { eng: ResponseResult; ref: RefResult } {
  const eng = evaluateResponse(inp, p)
  const ref = refEvaluate(inp, p)
  expect(project(eng)).toEqual(refProject(ref))
  expect(eng.bestResponseLabel).toBe(p.categoryNames[eng.bestResponse])
  expect(eng.responseDay).toBe(eng.TTR)
  expect(eng.crDay).toBe(eng.TTCR)
  expect(eng.lossDay).toBe(eng.episodes.R[0]?.event ? eng.episodes.R[0].endDay : null)
  expect(eng.crLossDay).toBe(eng.episodes.CR[0]?.event ? eng.episodes.CR[0].endDay : null)
  expect(eng.DoREvent).toBe(eng.episodes.R[0]?.event ?? null)
  expect(eng.DoCREvent).toBe(eng.episodes.CR[0]?.event ?? null)
  if (eng.responseDate !== null) expect(epoch(eng.responseDate) - epoch(inp.infusionDate)).toBe(eng.TTR)
  if (eng.crDate !== null) expect(epoch(eng.crDate) - epoch(inp.infusionDate)).toBe(eng.TTCR)
  if (eng.lossDate !== null) expect(epoch(eng.lossDate) - epoch(inp.infusionDate)).toBe(eng.lossDay)
  expect(eng.explanation.evaluableCount).toBe(ref.evaluable.length)
  // per-count exclusion reasons and tri-state statuses (§3.4, §3.7), through the review table
  const table = new Map(
    responseCountTable(inp, p).map((row) => [row.index, row.exclusion ?? `${row.statusR}/${row.statusCR}`]),
  )
  expect(table).toEqual(ref.rows)
  // §3.11 flags
  expect(eng.flags.includes('BASELINE_MISSING')).toBe(ref.baselineRule === 'MISSING')
  expect(eng.flags.includes('BASELINE_RESCUE_AFFECTED')).toBe(ref.baselineRule === 'RESCUE_AFFECTED_FALLBACK')
  expect(eng.flags.includes(`COUNTS_EXCLUDED_RESCUE(${ref.rescueExcluded})`)).toBe(ref.rescueExcluded > 0)
  expect(eng.flags.includes('BLEEDING_EVENT_OPEN_ENDED')).toBe(
    (inp.bleedingEvents ?? []).some((b) => b.endDate === null),
  )
  return { eng, ref }
}

// ---------------------------------------------------------------------------------------------------------
// Builders: a subject described by protocol days, placed on a chosen infusion date
// ---------------------------------------------------------------------------------------------------------

interface DaySubject {
  infusion?: string
  ld?: number | null
  counts: [number, number, string?][]
  bleeds?: [number, number | null, number][]
  rescues?: [RescueType, number, number | null, string?][]
  newTherapy?: number | null
  cutoff?: number | null
  steroidDays?: number | null
}

function subject(s: DaySubject): ResponseInput {
  const inf = s.infusion ?? '2024-03-01'
  const at = (d: number): string => plus(inf, d)
  return {
    infusionDate: inf,
    ldStartDate: s.ld === null ? null : at(s.ld ?? -5),
    plateletCounts: s.counts.map(([d, value, time]) => (time ? { date: at(d), time, value } : { date: at(d), value })),
    bleedingEvents: (s.bleeds ?? []).map(([a, b, grade]) => ({
      startDate: at(a),
      endDate: b === null ? null : at(b),
      scale: 'WHO',
      grade,
    })),
    rescueEvents: (s.rescues ?? []).map(([type, a, b, startTime]) => ({
      type,
      startDate: at(a),
      endDate: b === null ? null : at(b),
      ...(startTime ? { startTime } : {}),
    })),
    newItpTherapyStartDate: s.newTherapy == null ? null : at(s.newTherapy),
    dataCutoffDate: s.cutoff === null ? null : at(s.cutoff ?? 400),
    corticosteroidDependenceDays: s.steroidDays ?? null,
  }
}

const P = (o: ResponseParamsOverride = {}): ResponseParams => withResponseOverrides(DEFAULT_RESPONSE_PARAMS, o)
const K = P({ rComparator: '>', crComparator: '>' }) // §3.2 NCT06352281 preset

// ---------------------------------------------------------------------------------------------------------
// 1. Every worked example of §4, engine and reference side by side with the doc's numbers
// ---------------------------------------------------------------------------------------------------------

describe('§4 worked examples (engine = reference = doc)', () => {
  interface Want {
    best: string
    ttr?: number | null
    ttcr?: number | null
    dor?: number | null
    docr?: number | null
    event?: boolean | null
    relapse?: boolean
    cumulative?: number
    observed?: number | null
    flag?: string
  }
  const cases: [string, DaySubject, ResponseParams, Want][] = [
    ['E1', { counts: [[-5, 10], [14, 45], [21, 50], [28, 60]] }, P(), { best: 'R', ttr: 14, dor: 14, event: false, relapse: false }],
    ['E2', { counts: [[-5, 8], [14, 40], [21, 120], [28, 130], [35, 150]] }, P(), { best: 'CR', ttr: 14, ttcr: 21, dor: 21, docr: 14, event: false }],
    ['E3 default', { counts: [[-5, 15], [14, 30], [21, 30]] }, P(), { best: 'R', ttr: 14, dor: 7, event: false }],
    ['E3 [K]', { counts: [[-5, 15], [14, 30], [21, 30]] }, K, { best: 'NR', ttr: null, relapse: false }],
    ['E4 default', { counts: [[-5, 16], [14, 31], [21, 31]] }, P(), { best: 'NR' }],
    ['E4 [K]', { counts: [[-5, 16], [14, 31], [21, 31]] }, K, { best: 'NR' }],
    ['E5 default', { counts: [[-5, 9], [14, 30], [21, 30], [28, 30]] }, P(), { best: 'R', ttr: 14, dor: 14, event: false }],
    ['E5 [K]', { counts: [[-5, 9], [14, 30], [21, 30], [28, 30]] }, K, { best: 'NR', relapse: false }],
    ['E6a', { counts: [[-5, 10], [14, 50], [20, 55], [27, 20], [28, 18]] }, P(), { best: 'NR' }],
    ['E6b', { counts: [[-5, 10], [14, 50], [21, 55], [27, 20], [28, 18]] }, P(), { best: 'R', ttr: 14, dor: 13, event: true, relapse: true }],
    ['E7', { counts: [[-5, 10], [14, 50], [17, 25], [21, 55], [28, 60]] }, P(), { best: 'R', ttr: 21, dor: 7, event: false }],
    ['E8a', { counts: [[-5, 10], [14, 50], [21, 55], [28, 60]], bleeds: [[14, 14, 2]] }, P(), { best: 'R', ttr: 21, dor: 7, event: false }],
    ['E8b', { counts: [[-5, 10], [14, 50], [21, 55], [28, 60]], bleeds: [[14, 14, 1]] }, P(), { best: 'R', ttr: 14, dor: 14, event: false }],
    ['E9', { counts: [[-5, 10], [14, 80], [21, 90], [28, 60], [35, 55]], rescues: [['IVIG', 10, 11]] }, P(), { best: 'R', ttr: 28, dor: 7, event: false, flag: 'COUNTS_EXCLUDED_RESCUE(2)' }],
    ['E10', { counts: [[-5, 10], [14, 20], [16, 60], [21, 45], [23, 40], [30, 42]], rescues: [['PLATELET_TRANSFUSION', 15, null]] }, P(), { best: 'R', ttr: 23, dor: 7, event: false }],
    ['E11', { counts: [[-5, 10], [14, 50], [21, 60], [28, 25], [29, 22]] }, P(), { best: 'R', ttr: 14, dor: 14, event: true, relapse: true }],
    ['E12', { counts: [[-5, 10], [14, 50], [21, 60], [28, 25], [35, 60]] }, P(), { best: 'R', dor: 21, event: false, relapse: false }],
    ['E13', { counts: [[-5, 10], [14, 50], [21, 60], [28, 20], [29, 18], [42, 70], [49, 80]] }, P(), { best: 'R', ttr: 14, dor: 14, event: true, relapse: true, cumulative: 21, observed: 49 }],
    ['E14 default', { counts: [[-5, 0], [14, 30], [21, 31]] }, P(), { best: 'R', ttr: 14, dor: 7, event: false }],
    ['E14 [K]', { counts: [[-5, 0], [14, 30], [21, 31]] }, K, { best: 'NR' }],
    ['E15a', { counts: [[-60, 5], [14, 150], [21, 160]] }, P(), { best: 'CR', ttcr: 14, ttr: 14, dor: 7, event: false, flag: 'BASELINE_MISSING' }],
    ['E15b', { counts: [[-60, 5], [14, 50], [21, 60]] }, P(), { best: 'NE', flag: 'BASELINE_MISSING' }],
    ...(['default', '[K]'] as const).map((v): [string, DaySubject, ResponseParams, Want] => [
      `E16 ${v}`,
      {
        counts: [[-5, 8], [30, 28], [60, 31], [90, 32], [120, 30], [150, 33], [180, 31], [210, 30], [240, 29], [241, 28], [282, 210], [289, 220]],
        newTherapy: 275,
      },
      v === 'default' ? P() : K,
      { best: 'R', ttr: 60, dor: 180, event: true, relapse: true, ttcr: null, observed: 241, flag: 'NEW_THERAPY_CENSORED' },
    ]),
    ['E17', { counts: [[-5, 10], [7, 80], [10, 90], [14, 25], [21, 50], [28, 55]] }, P(), { best: 'R', ttr: 21, dor: 7, event: false }],
    ['E18a', { counts: [[-5, 10], [14, 50], [21, 60], [28, 25, '08:00'], [28, 22, '16:00'], [35, 60]] }, P(), { best: 'R', dor: 21, event: false }],
    ['E18b', { counts: [[-5, 10], [14, 50], [21, 60], [28, 25], [29, 22]] }, P(), { best: 'R', dor: 14, event: true }],
    ['E19 [K]', { counts: [[-5, 10], [14, 50], [21, 60], [28, 25], [29, 30], [30, 24]] }, K, { best: 'R', dor: 14, event: true }],
    ['E20', { counts: [[-5, 10], [14, 50], [21, 60], [28, 55], [29, 58], [40, 62]], bleeds: [[28, 29, 3]] }, P(), { best: 'R', dor: 14, event: true, relapse: true }],
    ['E21', { counts: [[-5, 6], [14, 70], [21, 65], [28, 24], [35, 22], [36, 20]], rescues: [['HIGH_DOSE_CORTICOSTEROID', 9, 11]] }, P(), { best: 'NR' }],
    ['E22', { counts: [[-5, 8], [14, 60], [21, 120], [28, 130], [35, 90], [36, 85], [42, 70]] }, P(), { best: 'CR', ttcr: 21, docr: 14, dor: 28, event: false, relapse: false }],
    ['E23a', { counts: [[-7, 12], [-5, 16], [0, 14], [14, 30], [21, 31]] }, P(), { best: 'NR' }],
    ['E23b', { ld: null, counts: [[-7, 12], [-5, 16], [0, 14], [14, 30], [21, 31]] }, P(), { best: 'R', ttr: 14, dor: 7, event: false }],
    ['E24a', { counts: [[-10, 9], [-5, 45], [14, 50], [21, 52]], rescues: [['PLATELET_TRANSFUSION', -7, null]] }, P(), { best: 'R', ttr: 14 }],
    ['E24b', { counts: [[-10, 9], [-5, 45], [14, 50], [21, 52]], rescues: [['PLATELET_TRANSFUSION', -7, null]] }, P({ baselineExcludeRescueAffected: false }), { best: 'NR' }],
  ]
  it.each(cases)('%s', (_name, s, p, want) => {
    const { eng } = agree(subject(s), p)
    expect(eng.bestResponse).toBe(want.best)
    if (want.ttr !== undefined) expect(eng.TTR).toBe(want.ttr)
    if (want.ttcr !== undefined) expect(eng.TTCR).toBe(want.ttcr)
    if (want.dor !== undefined) expect(eng.DoR).toBe(want.dor)
    if (want.docr !== undefined) expect(eng.DoCR).toBe(want.docr)
    if (want.event !== undefined) expect(eng.DoREvent).toBe(want.event)
    if (want.relapse !== undefined) expect(eng.relapse).toBe(want.relapse)
    if (want.cumulative !== undefined) expect(eng.cumulativeDaysInResponse).toBe(want.cumulative)
    if (want.observed !== undefined) expect(eng.observedDays).toBe(want.observed)
    if (want.flag !== undefined) expect(eng.flags).toContain(want.flag)
  })

  it('E22 CR loss day 35; E6b loss day 27; E13 episodes [14->28 event], [42->49 censored]', () => {
    expect(evaluateResponse(subject(cases[30]![1])).crLossDay).toBe(35)
    expect(evaluateResponse(subject(cases[9]![1])).lossDay).toBe(27)
    expect(project(evaluateResponse(subject(cases[17]![1]))).R).toEqual([
      { start: 14, end: 28, event: true },
      { start: 42, end: 49, event: false },
    ])
  })

  it('E25: leap day 2024 -> TTR 14; same calendar dates in 2025 -> 13 (evalStartDay 13)', () => {
    const mk = (y: number): ResponseInput => ({
      infusionDate: `${y}-02-20`,
      ldStartDate: `${y}-02-15`,
      plateletCounts: [
        { date: `${y}-02-15`, value: 10 },
        { date: `${y}-03-05`, value: 50 },
        { date: `${y}-03-12`, value: 55 },
      ],
      dataCutoffDate: `${y}-06-30`,
    })
    expect(agree(mk(2024), P()).eng.TTR).toBe(14)
    expect(agree(mk(2025), P({ evalStartDay: 13 })).eng.TTR).toBe(13)
    expect(agree(mk(2025), P()).eng.bestResponse).toBe('NR') // Day 13 is before the default window
  })
})

// ---------------------------------------------------------------------------------------------------------
// 2. Non-default PROTOCOL DECISION parameters, hand-picked boundaries
// ---------------------------------------------------------------------------------------------------------

describe('§3.2 thresholds and comparators, non-default', () => {
  it('doublingComparator ">" makes v = factor x baseline indeterminate (neither Q nor F)', () => {
    // baseline 20, factor 2 -> 40: '>=' qualifies, '>' is I (not < 40 and not > 40)
    const s = subject({ counts: [[-5, 20], [14, 40], [21, 40], [28, 40]] })
    expect(agree(s, P()).eng.bestResponse).toBe('R')
    const { eng, ref } = agree(s, P({ doublingComparator: '>' }))
    expect(eng.bestResponse).toBe('NR')
    expect(ref.evaluable.map((x) => x.r)).toEqual(['I', 'I', 'I'])
  })

  it('doublingFactor 1.5 and 3, raw decimals, no rounding (README "Rounding")', () => {
    // 1.5 x 20.2 = 30.3 (in binary 30.299999999999997): 30.3 qualifies, 30.29 fails
    const a = subject({ counts: [[-5, 20.2], [14, 30.3], [21, 30.3]] })
    expect(agree(a, P({ doublingFactor: 1.5 })).eng.bestResponse).toBe('R')
    const b = subject({ counts: [[-5, 20.2], [14, 30.29], [21, 30.29]] })
    expect(agree(b, P({ doublingFactor: 1.5 })).eng.bestResponse).toBe('NR')
    // factor 3 x 0.1 = 0.30000000000000004 > 0.3 (and rThreshold 0.2): the literal product decides
    const c = subject({ counts: [[-5, 0.1], [14, 0.3], [21, 0.3]] })
    const { ref } = agree(c, P({ doublingFactor: 3, rThreshold: 0.2, rLossThreshold: 0.2 }))
    expect(ref.evaluable.map((x) => x.r)).toEqual(['F', 'F'])
  })

  it('rLossThreshold below rThreshold opens an I band at R level; crLossThreshold below crThreshold at CR level', () => {
    // rThreshold 50 (>=), loss < 40: 45 is I (not qualifying, not failing); baseline 5
    const s = subject({ counts: [[-5, 5], [14, 60], [21, 60], [28, 45], [29, 45], [30, 35], [31, 35]] })
    const { eng, ref } = agree(s, P({ rThreshold: 50, rLossThreshold: 40 }))
    expect(ref.evaluable.map((x) => x.r)).toEqual(['Q', 'Q', 'I', 'I', 'F', 'F'])
    expect([eng.bestResponse, eng.lossDay, eng.DoR]).toEqual(['R', 30, 16])
    const c = subject({ counts: [[-5, 5], [14, 150], [21, 150], [28, 90], [35, 90], [36, 70], [37, 70]] })
    const r2 = agree(c, P({ crThreshold: 120, crLossThreshold: 80 }))
    expect(r2.ref.evaluable.map((x) => x.cr)).toEqual(['Q', 'Q', 'I', 'I', 'F', 'F'])
    expect([r2.eng.crLossDay, r2.eng.DoCR]).toEqual([36, 22])
  })

  it('rLossThreshold above rThreshold: a count can qualify and fail at once -> Q wins (§3.7 order)', () => {
    const s = subject({ counts: [[-5, 5], [14, 35], [21, 35]] })
    const { eng, ref } = agree(s, P({ rLossThreshold: 40 }))
    expect(ref.evaluable.map((x) => x.r)).toEqual(['Q', 'Q'])
    expect(eng.bestResponse).toBe('R')
  })

  it('strict CR comparator at exactly 100 is I at CR level but Q at R level', () => {
    const s = subject({ counts: [[-5, 10], [14, 100], [21, 100], [28, 100]] })
    const { eng, ref } = agree(s, K)
    expect(ref.evaluable.map((x) => `${x.r}${x.cr}`)).toEqual(['QI', 'QI', 'QI'])
    expect([eng.bestResponse, eng.TTR, eng.TTCR]).toEqual(['R', 14, null])
  })
})

describe('§3.2 bleeding parameters', () => {
  const counts: [number, number][] = [[-5, 10], [14, 150], [21, 150], [28, 150]]
  it('requireNoBleedingForCR false: a bleeding CR-level count still qualifies, and so at R level too', () => {
    const s = subject({ counts, bleeds: [[14, 14, 3]] })
    expect(agree(s, P()).eng.TTCR).toBe(21)
    const { eng, ref } = agree(s, P({ requireNoBleedingForCR: false }))
    expect(ref.evaluable[0]).toMatchObject({ r: 'Q', cr: 'Q' })
    expect([eng.TTCR, eng.TTR]).toEqual([14, 14])
  })

  it('requireNoBleedingForR false with a bleeding R-only count', () => {
    const s = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 50]], bleeds: [[14, 14, 2]] })
    expect(agree(s, P()).eng.TTR).toBe(21)
    expect(agree(s, P({ requireNoBleedingForR: false })).eng.TTR).toBe(14)
  })

  it('bleeding still fails a count for loss even when it is not required to be absent for response (§3.7 crFail / rFail)', () => {
    // requireNoBleedingForR false: a bleeding 50 is Q (qualifying wins). A bleeding 25 is F
    const s = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 50], [29, 50]], bleeds: [[28, 29, 4]] })
    const { eng } = agree(s, P({ requireNoBleedingForR: false }))
    expect([eng.relapse, eng.DoR]).toEqual([false, 15])
    expect(agree(s, P()).eng.lossDay).toBe(28)
  })

  it('bleedingGradeThreshold 3: grade 2 is no longer bleeding, grade 3 is; threshold 0 makes every event bleeding', () => {
    const s2 = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 50]], bleeds: [[14, 14, 2]] })
    expect(agree(s2, P({ bleedingGradeThreshold: 3 })).eng.TTR).toBe(14)
    const s3 = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 50]], bleeds: [[14, 14, 3]] })
    expect(agree(s3, P({ bleedingGradeThreshold: 3 })).eng.TTR).toBe(21)
    const s0 = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 50]], bleeds: [[14, 14, 0]] })
    expect(agree(s0, P({ bleedingGradeThreshold: 0 })).eng.TTR).toBe(21)
    expect(agree(s0, P()).eng.TTR).toBe(14)
  })

  it('bleedingMissingEndDate: ONGOING runs to the cut-off (inclusive); START_DAY_ONLY is the start day only', () => {
    // response 14..28, open-ended grade 2 bleed from Day 35; counts 35, 36, 50 (cut-off Day 50)
    const s = subject({
      counts: [[-5, 10], [14, 50], [21, 50], [28, 50], [35, 50], [36, 50], [50, 50]],
      bleeds: [[35, null, 2]],
      cutoff: 50,
    })
    const on = agree(s, P())
    expect([on.eng.lossDay, on.eng.DoR]).toEqual([35, 21])
    expect(on.eng.flags).toContain('BLEEDING_EVENT_OPEN_ENDED')
    const start = agree(s, P({ bleedingMissingEndDate: 'START_DAY_ONLY' }))
    expect([start.eng.relapse, start.eng.DoR]).toEqual([false, 36])
    // a cut-off before the start: the open-ended event covers nothing in ONGOING mode
    const early = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 50]], bleeds: [[28, null, 2]], cutoff: 27 })
    expect(agree(early, P()).eng.DoR).toBe(7)
  })

  it('per-subject dataCutoffDate overrides the parameter; the parameter applies when the subject has none', () => {
    const base = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 20], [29, 20]] })
    const noCut: ResponseInput = { ...base, dataCutoffDate: null }
    expect(agree(noCut, P()).eng.relapse).toBe(true)
    const paramCut = P({ dataCutoffDate: plus(base.infusionDate, 28) as ResponseParams['dataCutoffDate'] })
    expect(agree(noCut, paramCut).eng.relapse).toBe(false) // Day 29 is after the cut-off
    expect(agree({ ...base, dataCutoffDate: plus(base.infusionDate, 29) }, paramCut).eng.relapse).toBe(true)
  })

  it('WHOLE_CONFIRMATION_INTERVAL: a bleed between two confirming counts stops that pair confirming (§5.3)', () => {
    // bleed Day 17 only; qualifying counts on 14 and 21 and 28 are bleed-free on their own dates
    const s = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 50], [35, 50]], bleeds: [[17, 17, 3]] })
    expect(agree(s, P()).eng.TTR).toBe(14)
    const whole = agree(s, P({ bleedingCheckScope: 'WHOLE_CONFIRMATION_INTERVAL' })).eng
    expect(whole.bestResponse).toBe('R')
    expect(whole.TTR).toBe(28) // Day 21 carries the Day 17 bleed (interval 15..21) and fails
    // no bleeding at all: the scope makes no difference
    const quiet = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 50]] })
    expect(project(evaluateResponse(quiet, P({ bleedingCheckScope: 'WHOLE_CONFIRMATION_INTERVAL' })))).toEqual(
      project(evaluateResponse(quiet, P())),
    )
  })
})

describe('§3.2 confirmation and loss gaps', () => {
  it('confirmMinGapDays 14: 13 days is not enough, 14 is; 0 lets a single-day pair confirm', () => {
    const s13 = subject({ counts: [[-5, 10], [14, 50], [27, 50]] })
    const s14 = subject({ counts: [[-5, 10], [14, 50], [28, 50]] })
    expect(agree(s13, P({ confirmMinGapDays: 14 })).eng.bestResponse).toBe('NR')
    expect(agree(s14, P({ confirmMinGapDays: 14 })).eng.TTR).toBe(14)
    // N = 0: two qualifying samples on the same date (timed) confirm (0 >= 0)
    const same = subject({ counts: [[-5, 10], [14, 50, '08:00'], [14, 55, '09:00']] })
    expect(agree(same, P({ confirmMinGapDays: 0 })).eng.TTR).toBe(14)
    expect(agree(same, P()).eng.bestResponse).toBe('NR')
  })

  it('confirmMinGapDays: response date is the earliest start of a confirming pair, not the earliest Q of the run', () => {
    // run 14, 16, 25 with N = 10: 14->25 = 11 confirms -> start 14; with N = 11 still 14; N = 12 none
    const s = subject({ counts: [[-5, 10], [14, 50], [16, 50], [25, 50]] })
    expect(agree(s, P({ confirmMinGapDays: 11 })).eng.TTR).toBe(14)
    expect(agree(s, P({ confirmMinGapDays: 12 })).eng.bestResponse).toBe('NR')
    // 14 then 16 then 26 with N = 10: 14->26 = 12, 16->26 = 10 -> start 14
    const t = subject({ counts: [[-5, 10], [14, 50], [16, 50], [26, 50]] })
    expect(agree(t, P({ confirmMinGapDays: 10 })).eng.TTR).toBe(14)
  })

  it('lossMinGapDays 0 confirms a loss by two same-day timed samples; 3 needs a wider pair', () => {
    const s = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 20, '08:00'], [28, 20, '18:00'], [30, 20], [31, 20], [40, 50]] })
    expect(agree(s, P({ lossMinGapDays: 0 })).eng.lossDay).toBe(28)
    expect(agree(s, P()).eng.lossDay).toBe(28) // 28 -> 30 >= 1
    const w = agree(s, P({ lossMinGapDays: 3 }))
    expect([w.eng.lossDay, w.eng.DoR]).toEqual([28, 14]) // 28 -> 31 = 3
    const w4 = agree(s, P({ lossMinGapDays: 4 }))
    expect([w4.eng.relapse, w4.eng.DoR]).toEqual([false, 26]) // no pair >= 4 before the Q on Day 40
  })

  it('indeterminateBreaksResponseRun false: an I between two Q counts no longer breaks the run', () => {
    // [K]: 30 is I. 14 (Q), 17 (I: 30), 21 (Q)
    const s = subject({ counts: [[-5, 10], [14, 50], [17, 30], [21, 50]] })
    expect(agree(s, K).eng.bestResponse).toBe('NR')
    const r = agree(s, withResponseOverrides(K, { indeterminateBreaksResponseRun: false }))
    expect([r.eng.bestResponse, r.eng.TTR]).toEqual(['R', 14])
  })

  it('indeterminateBreaksLossPair true: E19 no longer loses at Day 28', () => {
    const s = subject({ counts: [[-5, 10], [14, 50], [21, 60], [28, 25], [29, 30], [30, 24]] })
    const r = agree(s, withResponseOverrides(K, { indeterminateBreaksLossPair: true }))
    expect([r.eng.relapse, r.eng.DoR]).toEqual([false, 16])
  })

  it('re-response after a loss resumes after f2, not after f1 (§3.10)', () => {
    // loss pair 28/35 (I's between under [K] do not block). f1=28, f2=35; a Q at 30 would block so use I.
    // After f2 (35): Q 42, Q 49 -> second episode 42
    const s = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 20], [30, 30], [35, 20], [42, 50], [49, 50]] })
    const { eng } = agree(s, K)
    expect(project(eng).R).toEqual([
      { start: 14, end: 28, event: true },
      { start: 42, end: 49, event: false },
    ])
  })
})

describe('§3.4 evaluability parameters', () => {
  it('evalStartDay 0 and negative, evalEndDay inclusive', () => {
    const s = subject({ counts: [[-5, 10], [0, 50], [7, 50], [14, 20], [15, 20]] })
    const r0 = agree(s, P({ evalStartDay: 0 }))
    expect([r0.eng.TTR, r0.eng.lossDay]).toEqual([0, 14])
    // evalEndDay 14: Day 14 is evaluable, Day 15 is not -> no loss pair
    const r1 = agree(s, P({ evalStartDay: 0, evalEndDay: 14 }))
    expect([r1.eng.relapse, r1.eng.DoR, r1.eng.observedDays]).toEqual([false, 14, 14])
    // evalStartDay -5: the baseline day itself becomes an evaluable count (10 < 2 x 10 -> F)
    const r2 = agree(s, P({ evalStartDay: -5 }))
    expect(r2.ref.evaluable[0]).toMatchObject({ day: -5, r: 'F' })
  })

  it('each rescue type uses its own window; window 0 excludes only start..end', () => {
    for (const type of ['PLATELET_TRANSFUSION', 'IVIG', 'HIGH_DOSE_CORTICOSTEROID', 'TPO_RA', 'OTHER_RESCUE'] as const) {
      const s = subject({ counts: [[-5, 10], [20, 60], [21, 60], [22, 60], [30, 60], [37, 60]], rescues: [[type, 18, 20]] })
      for (const w of [0, 1, 2, 10, 21]) agree(s, P({ rescueWindowDays: { [type]: w } }))
      const zero = agree(s, P({ rescueWindowDays: { [type]: 0 } }))
      expect(zero.eng.countsExcludedRescue).toBe(1) // Day 20 only
      expect(zero.eng.TTR).toBe(21)
    }
  })

  it('rescue start time: a sample earlier the same day stays evaluable; equal time (HH:MM vs HH:MM:SS) does not', () => {
    const mk = (sample: string, rescue?: string): ResponseInput =>
      subject({
        counts: [[-5, 10], [14, 50, sample], [21, 50], [28, 50]],
        rescues: [['PLATELET_TRANSFUSION', 14, null, rescue] as [RescueType, number, null, string?]],
        cutoff: 60,
      })
    // sample 07:59 before rescue 08:00 -> Day 14 evaluable, the window (14..21) still excludes Day 21
    expect(agree(mk('07:59', '08:00'), P()).eng.countsExcludedRescue).toBe(1)
    expect(agree(mk('08:00:00', '08:00'), P()).eng.countsExcludedRescue).toBe(2)
    expect(agree(mk('08:00', '08:00:00'), P()).eng.countsExcludedRescue).toBe(2)
    expect(agree(mk('07:59:59', '08:00'), P()).eng.countsExcludedRescue).toBe(1)
    expect(agree(mk('07:00'), P()).eng.countsExcludedRescue).toBe(2) // no rescue time recorded
  })

  it('new ITP therapy: the start day itself is excluded, the day before is not', () => {
    const s = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 20], [29, 20]], newTherapy: 29 })
    const r = agree(s, P())
    expect([r.eng.relapse, r.eng.DoR, r.eng.observedDays]).toEqual([false, 14, 28])
    expect(r.eng.flags).toContain('NEW_THERAPY_CENSORED')
    const r2 = agree({ ...s, newItpTherapyStartDate: plus(s.infusionDate, 30) }, P())
    expect(r2.eng.relapse).toBe(true)
  })

  it('same-date untimed samples: LOWEST_VALUE keeps only the lowest; KEEP_ALL keeps every sample', () => {
    // Day 21 has 50 (untimed) and 20 (timed): default keeps 20 -> breaks 14->21
    const s = subject({ counts: [[-5, 10], [14, 50], [21, 50], [21, 20, '09:00'], [28, 50], [35, 50]] })
    expect(agree(s, P()).eng.TTR).toBe(28)
    agree(s, P({ sameDateUntimedPolicy: 'KEEP_ALL' }))
  })

  it('counts after the data cut-off take no part in the same-date rule', () => {
    const s = subject({ counts: [[-5, 10], [14, 50], [21, 50], [22, 60], [22, 5]], cutoff: 21 })
    expect(agree(s, P()).eng.observedDays).toBe(21)
  })
})

describe('§3.5 baseline variants', () => {
  it('baselineAnchor INFUSION ignores the LD date', () => {
    // LD Day -5 = 16, Day 0 = 14 -> E23 under anchor INFUSION behaves as E23b
    const s = subject({ counts: [[-7, 12], [-5, 16], [0, 14], [14, 30], [21, 31]] })
    expect(agree(s, P({ baselineAnchor: 'INFUSION' })).eng.baseline).toBe(14)
    expect(agree(s, P()).eng.baseline).toBe(16)
  })

  it('lookback boundary: exactly anchor - lookback is a candidate, one day earlier is not', () => {
    const s = subject({ counts: [[-15, 10], [14, 50], [21, 50]] })
    expect(agree(s, P({ baselineLookbackDays: 10 })).eng.baseline).toBe(10)
    expect(agree(s, P({ baselineLookbackDays: 9 })).eng.bestResponse).toBe('NE')
    expect(agree(s, P({ baselineLookbackDays: 0 })).eng.baseline).toBeNull()
    const same = subject({ counts: [[-5, 10], [14, 50], [21, 50]] })
    expect(agree(same, P({ baselineLookbackDays: 0 })).eng.baseline).toBe(10)
  })

  it('a count after the anchor is never baseline, even before infusion', () => {
    const s = subject({ counts: [[-4, 5], [14, 50], [21, 50]] })
    expect(agree(s, P()).eng.baseline).toBeNull()
  })

  it('rescue-affected fallback picks the latest step-2 candidate and flags it', () => {
    const s = subject({ counts: [[-20, 9], [-5, 45], [14, 100], [21, 100]], rescues: [['IVIG', -25, -20]] })
    const { eng } = agree(s, P())
    expect(eng.baseline).toBe(45) // Day -20 is in IVIG window (-25..-6), Day -5 is not
    const all = subject({ counts: [[-20, 9], [-8, 45], [14, 100], [21, 100]], rescues: [['IVIG', -25, -20]] })
    const r = agree(all, P())
    expect([r.eng.baseline, r.eng.flags.includes('BASELINE_RESCUE_AFFECTED')]).toEqual([45, true])
  })

  it('baseline same-date tie: all timed -> latest time; any untimed -> lowest; LOWEST_VALUE -> lowest', () => {
    const timed = subject({ counts: [[-5, 12, '07:00'], [-5, 8, '18:00'], [-5, 20, '12:00'], [14, 50], [21, 50]] })
    expect(agree(timed, P()).eng.baseline).toBe(8)
    const timed2 = subject({ counts: [[-5, 8, '07:00'], [-5, 12, '18:00'], [14, 50], [21, 50]] })
    expect(agree(timed2, P()).eng.baseline).toBe(12)
    expect(agree(timed2, P({ baselineSameDateTie: 'LOWEST_VALUE' })).eng.baseline).toBe(8)
    const mixed = subject({ counts: [[-5, 8, '07:00'], [-5, 12], [14, 50], [21, 50]] })
    expect(agree(mixed, P()).eng.baseline).toBe(8)
  })
})

describe('§3.2 corticosteroid dependence and category names', () => {
  it('ON: >= min days downgrades CR/R to NR; 59 days does not; OFF ignores it; NR/NE untouched', () => {
    const s = (d: number | null): ResponseInput => subject({ counts: [[-5, 10], [14, 150], [21, 150]], steroidDays: d })
    const on = P({ corticosteroidDependenceRule: 'ON' })
    expect(agree(s(60), on).eng.bestResponse).toBe('NR')
    expect(agree(s(59), on).eng.bestResponse).toBe('CR')
    expect(agree(s(null), on).eng.bestResponse).toBe('CR')
    expect(agree(s(90), P()).eng.bestResponse).toBe('CR')
    expect(agree(s(30), P({ corticosteroidDependenceRule: 'ON', corticosteroidDependenceMinDays: 30 })).eng.bestResponse).toBe('NR')
    const ne = subject({ counts: [[-60, 10], [14, 50], [21, 50]], steroidDays: 100 })
    expect(agree(ne, on).eng.bestResponse).toBe('NE')
  })
})

// ---------------------------------------------------------------------------------------------------------
// 3. Seed trials' configurations (packages/protocols) through the engine
// ---------------------------------------------------------------------------------------------------------

describe('seed protocol configurations (§2 variants)', () => {
  const ids = ['NCT06352281', 'NCT05315778', 'NCT06826430', 'NCT06337474'] as const
  const params = (id: (typeof ids)[number]): ResponseParams => SEED_PROTOCOLS[id].endpoints.response

  it('NCT06352281 is the [K] preset (> 30, > 100) with everything else at the IWG default', () => {
    const k = params('NCT06352281')
    expect({ ...k, categoryNames: DEFAULT_RESPONSE_PARAMS.categoryNames }).toEqual(K)
    // E3, E5, E14 under the protocol file's own parameters
    expect(agree(subject({ counts: [[-5, 15], [14, 30], [21, 30]] }), k).eng.bestResponse).toBe('NR')
    expect(agree(subject({ counts: [[-5, 9], [14, 30], [21, 30], [28, 30]] }), k).eng.bestResponse).toBe('NR')
    expect(agree(subject({ counts: [[-5, 9], [14, 31], [21, 31]] }), k).eng.bestResponse).toBe('R')
    expect(agree(subject({ counts: [[-5, 9], [14, 100.5], [21, 101]] }), k).eng.bestResponse).toBe('CR')
  })

  it('NCT05315778 / NCT06826430: IWG thresholds, PR label, evaluation ends Day 182 (inclusive)', () => {
    for (const id of ['NCT05315778', 'NCT06826430'] as const) {
      const p = params(id)
      const s = subject({ counts: [[-5, 10], [175, 50], [182, 50], [183, 5], [184, 5]] })
      const { eng } = agree(s, p)
      expect([eng.bestResponse, eng.bestResponseLabel, eng.TTR, eng.DoR, eng.relapse]).toEqual(['R', 'PR', 175, 7, false])
      const six = subject({ counts: [[-5, 10], [176, 50], [183, 50]] })
      expect(agree(six, p).eng.bestResponseLabel).toBe('NR')
      expect(agree(subject({ counts: [[-5, 15], [14, 30], [21, 30]] }), p).eng.bestResponseLabel).toBe('PR')
    }
  })

  it('NCT06352281 Week-12 measure window (R: Day 14-84) as evalEndDay: a pair completed after Day 84 does not count', () => {
    const k = params('NCT06352281')
    const window = SEED_PROTOCOLS.NCT06352281.endpoints.measures.find((m) => m.id === 'R')?.window
    expect(window).toEqual({ startDay: 14, endDay: 84 })
    const wk12 = withResponseOverrides(k, { evalStartDay: window?.startDay, evalEndDay: window?.endDay ?? null })
    const late = subject({ counts: [[-5, 10], [80, 50], [87, 50]] })
    expect(agree(late, k).eng.TTR).toBe(80)
    expect(agree(late, wk12).eng.bestResponse).toBe('NR')
    expect(agree(subject({ counts: [[-5, 10], [77, 50], [84, 50]] }), wk12).eng.TTR).toBe(77)
  })

  it('NCT06337474: IWG defaults', () => {
    const p = params('NCT06337474')
    expect({ ...p, categoryNames: DEFAULT_RESPONSE_PARAMS.categoryNames }).toEqual(DEFAULT_RESPONSE_PARAMS)
  })

  it('every seed configuration agrees with the reference on random subjects', () => {
    fc.assert(
      fc.property(subjectArb, fc.constantFrom(...ids), (s, id) => {
        agree(s, params(id))
      }),
      { seed: SEED, numRuns: 200 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------
// 4. Property-based comparison over parameter combinations and calendar edges
// ---------------------------------------------------------------------------------------------------------

// infusion dates at leap days, month ends, year ends, and a non-leap century year (2100)
const INFUSIONS = ['1900-02-20', '1969-12-25', '2024-02-20', '2025-02-20', '2024-02-29', '2024-01-31', '2023-12-31', '2024-12-31', '2025-02-28', '2100-02-27', '2000-02-28', '2024-03-01']
const VALUES = [0, 5, 7.5, 10, 14.9, 15, 15.1, 20, 29, 29.9, 30, 30.1, 31, 40, 45, 50, 60, 99, 99.9, 100, 100.1, 120, 200]
const TIMES = ['06:00', '08:00', '08:00:00', '12:30', '18:00:01']

const bleedsArb = fc.array(
  fc.record({ start: fc.integer({ min: -10, max: 120 }), len: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }), grade: fc.integer({ min: 0, max: 4 }) }),
  { maxLength: 3 },
)
const rescuesArb = fc.array(
  fc.record({
    type: fc.constantFrom<RescueType>('PLATELET_TRANSFUSION', 'IVIG', 'HIGH_DOSE_CORTICOSTEROID', 'TPO_RA', 'OTHER_RESCUE'),
    start: fc.integer({ min: -40, max: 100 }),
    len: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    time: fc.option(fc.constantFrom(...TIMES), { nil: undefined }),
  }),
  { maxLength: 2 },
)

interface RawSubject {
  infusion: string
  ld: number | null
  counts: { day: number; value: number; time: string | undefined }[]
  bleeds: { start: number; len: number | null; grade: number }[]
  rescues: { type: RescueType; start: number; len: number | null; time: string | undefined }[]
  newTherapy: number | null
  cutoff: number
  steroid: number | null
}

function toSubject(g: RawSubject): ResponseInput {
  // timed samples of one date have distinct times (the order of equal times is not specified by §3.4)
  const seen = new Set<string>()
  const counts = g.counts
    .filter((c) => {
      if (c.time === undefined) return true
      const key = `${c.day}@${secs(c.time)}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    .map((c): [number, number, string?] => (c.time ? [c.day, c.value, c.time] : [c.day, c.value]))
  return subject({
    infusion: g.infusion,
    ld: g.ld,
    counts,
    bleeds: g.bleeds.map((b): [number, number | null, number] => [b.start, b.len === null ? null : b.start + b.len, b.grade]),
    rescues: g.rescues.map((r): [RescueType, number, number | null, string?] =>
      r.time ? [r.type, r.start, r.len === null ? null : r.start + r.len, r.time] : [r.type, r.start, r.len === null ? null : r.start + r.len],
    ),
    newTherapy: g.newTherapy,
    cutoff: g.cutoff,
    steroidDays: g.steroid,
  })
}

/** Unstructured: counts anywhere from Day -45 to 120. */
const looseArb: fc.Arbitrary<ResponseInput> = fc
  .record({
    infusion: fc.constantFrom(...INFUSIONS),
    ld: fc.option(fc.integer({ min: -10, max: -1 }), { nil: null }),
    counts: fc.array(
      fc.record({
        day: fc.oneof(fc.integer({ min: -45, max: 0 }), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 10, max: 40 })),
        value: fc.oneof(fc.constantFrom(...VALUES), fc.integer({ min: 0, max: 250 })),
        time: fc.option(fc.constantFrom(...TIMES), { nil: undefined }),
      }),
      { maxLength: 22 },
    ),
    bleeds: bleedsArb,
    rescues: rescuesArb,
    newTherapy: fc.option(fc.integer({ min: 1, max: 130 }), { nil: null }),
    cutoff: fc.integer({ min: 40, max: 150 }),
    steroid: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
  })
  .map(toSubject)

/**
 * Structured: a baseline count near the anchor, then a visit schedule from about Day 10 with steps of
 * 0-21 days and values drawn around every threshold (30, 100, exactly 1.5x / 2x baseline).
 */
const courseArb: fc.Arbitrary<ResponseInput> = fc
  .record({
    infusion: fc.constantFrom(...INFUSIONS),
    ld: fc.option(fc.integer({ min: -7, max: -1 }), { nil: null }),
    baseBack: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null, freq: 8 }),
    baseline: fc.constantFrom(0, 5, 9, 10, 14.9, 15, 15.1, 20, 20.2, 40),
    firstDay: fc.integer({ min: 8, max: 22 }),
    visits: fc.array(
      fc.record({
        step: fc.constantFrom(0, 1, 1, 2, 3, 6, 7, 7, 7, 8, 13, 14, 21),
        // -1 = same kind of value as the previous visit (plateaus make runs and loss pairs likely)
        kind: fc.oneof({ arbitrary: fc.constant(-1), weight: 2 }, { arbitrary: fc.integer({ min: 0, max: 7 }), weight: 1 }),
        x: fc.integer({ min: 0, max: 250 }),
        time: fc.option(fc.constantFrom(...TIMES), { nil: undefined, freq: 4 }),
      }),
      { minLength: 1, maxLength: 16 },
    ),
    bleeds: bleedsArb,
    rescues: rescuesArb,
    newTherapy: fc.option(fc.integer({ min: 15, max: 130 }), { nil: null }),
    cutoff: fc.integer({ min: 60, max: 200 }),
    steroid: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
  })
  .map((g): RawSubject => {
    let day = g.firstDay
    const counts: RawSubject['counts'] =
      g.baseBack === null ? [] : [{ day: (g.ld ?? 0) - g.baseBack, value: g.baseline, time: undefined }]
    let kind = 4
    for (const v of g.visits) {
      day += v.step
      const b = g.baseline
      if (v.kind >= 0) kind = v.kind
      const value = [v.x % 30, 30, 2 * b, 1.5 * b, 31 + (v.x % 69), 100, 101 + (v.x % 120), VALUES[v.x % VALUES.length] as number][kind] as number
      counts.push({ day, value, time: v.time })
    }
    return { ...g, counts }
  })
  .map(toSubject)

const subjectArb: fc.Arbitrary<ResponseInput> = fc.oneof({ arbitrary: courseArb, weight: 4 }, { arbitrary: looseArb, weight: 1 })

const paramsArb: fc.Arbitrary<ResponseParams> = fc
  .record({
    rThreshold: fc.constantFrom(20, 30, 30.1, 50),
    rComparator: fc.constantFrom<'>=' | '>'>('>=', '>'),
    doublingFactor: fc.constantFrom(0, 1, 1.5, 2, 3),
    doublingComparator: fc.constantFrom<'>=' | '>'>('>=', '>'),
    crThreshold: fc.constantFrom(80, 100, 150),
    crComparator: fc.constantFrom<'>=' | '>'>('>=', '>'),
    rLossThreshold: fc.constantFrom(20, 30, 40),
    crLossThreshold: fc.constantFrom(50, 100, 120),
    requireNoBleedingForR: fc.boolean(),
    requireNoBleedingForCR: fc.boolean(),
    bleedingGradeThreshold: fc.constantFrom(0, 1, 2, 3, 5),
    bleedingMissingEndDate: fc.constantFrom<'ONGOING' | 'START_DAY_ONLY'>('ONGOING', 'START_DAY_ONLY'),
    bleedingCheckScope: fc.constantFrom<'COUNT_DATES' | 'WHOLE_CONFIRMATION_INTERVAL'>('COUNT_DATES', 'WHOLE_CONFIRMATION_INTERVAL'),
    confirmMinGapDays: fc.constantFrom(0, 1, 6, 7, 14, 28),
    lossMinGapDays: fc.constantFrom(0, 1, 2, 7),
    evalStartDay: fc.constantFrom(-3, 0, 13, 14, 28),
    evalEndDay: fc.constantFrom(null, 35, 84, 182),
    baselineAnchor: fc.constantFrom<'LD_START' | 'INFUSION'>('LD_START', 'INFUSION'),
    baselineLookbackDays: fc.constantFrom(0, 7, 30, 45),
    baselineExcludeRescueAffected: fc.boolean(),
    baselineSameDateTie: fc.constantFrom<'LATEST_TIME_ELSE_LOWEST_VALUE' | 'LOWEST_VALUE'>('LATEST_TIME_ELSE_LOWEST_VALUE', 'LOWEST_VALUE'),
    sameDateUntimedPolicy: fc.constantFrom<'LOWEST_VALUE' | 'KEEP_ALL'>('LOWEST_VALUE', 'KEEP_ALL'),
    indeterminateBreaksResponseRun: fc.boolean(),
    indeterminateBreaksLossPair: fc.boolean(),
    rescueWindowDays: fc.record({
      PLATELET_TRANSFUSION: fc.constantFrom(0, 3, 7),
      IVIG: fc.constantFrom(0, 14, 21),
      HIGH_DOSE_CORTICOSTEROID: fc.constantFrom(0, 14, 28),
      TPO_RA: fc.constantFrom(0, 14, 30),
      OTHER_RESCUE: fc.constantFrom(0, 1, 14),
    }),
    corticosteroidDependenceRule: fc.constantFrom<'OFF' | 'ON'>('OFF', 'ON'),
    corticosteroidDependenceMinDays: fc.constantFrom(0, 60, 61),
    categoryNames: fc.constantFrom({ CR: 'CR', R: 'R', NR: 'NR', NE: 'NE' }, { CR: 'CR', R: 'PR', NR: 'NR', NE: 'NE' }),
  })
  .map((o) => withResponseOverrides(DEFAULT_RESPONSE_PARAMS, o))

describe('property: engine = reference', () => {
  it('default parameters, random subjects across leap years and month ends', () => {
    fc.assert(
      fc.property(subjectArb, (s) => {
        agree(s, DEFAULT_RESPONSE_PARAMS)
      }),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('random combinations of non-default PROTOCOL DECISION parameters', () => {
    fc.assert(
      fc.property(subjectArb, paramsArb, (s, p) => {
        agree(s, p)
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })

  it('input order does not matter (counts, bleeds and rescues shuffled)', () => {
    fc.assert(
      fc.property(subjectArb, paramsArb, fc.integer({ min: 1, max: 1000 }), (s, p, k) => {
        const rot = <T>(xs: readonly T[]): T[] => xs.map((_, i) => xs[(i * 7 + k) % xs.length] as T)
        const shuffled: ResponseInput = {
          ...s,
          plateletCounts: [...s.plateletCounts].reverse(),
          bleedingEvents: rot(s.bleedingEvents ?? []),
          rescueEvents: rot(s.rescueEvents ?? []),
        }
        expect(project(evaluateResponse(shuffled, p))).toEqual(project(evaluateResponse(s, p)))
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('WHOLE_CONFIRMATION_INTERVAL is never more lenient than COUNT_DATES, and equal without bleeding', () => {
    fc.assert(
      fc.property(subjectArb, paramsArb, (s, p) => {
        const whole = evaluateResponse(s, { ...p, bleedingCheckScope: 'WHOLE_CONFIRMATION_INTERVAL' })
        const dates = evaluateResponse(s, { ...p, bleedingCheckScope: 'COUNT_DATES' })
        const noBleeding = (s.bleedingEvents ?? []).every((b) => b.grade < p.bleedingGradeThreshold)
        if (noBleeding) expect(project(whole)).toEqual(project(dates))
        if (dates.episodes.R.length === 0) expect(whole.episodes.R).toEqual([])
        if (dates.episodes.CR.length === 0) expect(whole.episodes.CR).toEqual([])
      }),
      { seed: SEED, numRuns: 300 },
    )
  })
})

describe('§3.3 protocol days on real calendars (README.md "Dates")', () => {
  it('protocol day = calendar difference for any infusion date 1900-2400 and offsets -60..400', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: epoch('1900-01-01'), max: epoch('2400-12-31') }),
        fc.array(fc.integer({ min: -60, max: 400 }), { minLength: 1, maxLength: 8 }),
        (inf, offsets) => {
          const infusionDate = dateOf(inf)
          const input: ResponseInput = {
            infusionDate,
            ldStartDate: null,
            plateletCounts: offsets.map((k, i) => ({ date: dateOf(inf + k), time: `0${i}:00`, value: 10 })),
          }
          const rows = responseCountTable(input, P({ evalStartDay: -100 }))
          for (const r of rows) expect(r.day).toBe(offsets[r.index])
        },
      ),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('month ends and leap days: Jan 31 -> Mar 1 is 30 days in 2024, 29 in 2023; 2100 is not a leap year', () => {
    const ttr = (inf: string, first: string, p = P({ evalStartDay: 0 })): number | null =>
      evaluateResponse(
        {
          infusionDate: inf,
          ldStartDate: null,
          plateletCounts: [
            { date: inf, value: 10 },
            { date: first, value: 50 },
            { date: plus(first, 7), value: 50 },
          ],
        },
        p,
      ).TTR
    expect(ttr('2024-01-31', '2024-03-01')).toBe(30)
    expect(ttr('2023-01-31', '2023-03-01')).toBe(29)
    expect(ttr('2100-02-28', '2100-03-01')).toBe(1)
    expect(ttr('2000-02-28', '2000-03-01')).toBe(2)
    expect(ttr('2024-12-31', '2025-01-14')).toBe(14)
  })
})

describe('§3.2 parameter overrides', () => {
  it('a key present with an undefined value (a parsed partial keeps it) does not override the default', () => {
    const o = ResponseParamsOverrideSchema.parse({ rThreshold: undefined, evalStartDay: undefined, rescueWindowDays: { IVIG: undefined } })
    const p = withResponseOverrides(DEFAULT_RESPONSE_PARAMS, o)
    expect(p).toEqual(DEFAULT_RESPONSE_PARAMS)
    // E9 under these parameters still excludes the IVIG window and still responds (rThreshold 30)
    const e9 = subject({ counts: [[-5, 10], [14, 80], [21, 90], [28, 60], [35, 55]], rescues: [['IVIG', 10, 11]] })
    expect([evaluateResponse(e9, p).bestResponse, evaluateResponse(e9, p).TTR]).toEqual(['R', 28])
    // explicit values still override, nested ones key by key
    const q = withResponseOverrides(K, { rescueWindowDays: { IVIG: 21 }, evalEndDay: 182 })
    expect([q.rComparator, q.rescueWindowDays.IVIG, q.rescueWindowDays.TPO_RA, q.evalEndDay]).toEqual(['>', 21, 14, 182])
  })
})

// ---------------------------------------------------------------------------------------------------------
// 5. Cohort summary (§3.11 ORR)
// ---------------------------------------------------------------------------------------------------------

describe('§3.11 cohort summary', () => {
  it('ORR = (CR + R) / all infused; NE stays in the denominator by default', () => {
    const cats = ['CR', 'R', 'R', 'NR', 'NE'] as const
    const s = summariseResponseCohort(cats.map((bestResponse) => ({ bestResponse })))
    expect(s).toEqual({ n: 5, CR: 1, R: 2, NR: 1, NE: 1, responders: 3, orr: 0.6 })
    expect(summariseResponseCohort(cats.map((bestResponse) => ({ bestResponse })), { notEvaluableInDenominator: false }).orr).toBe(0.75)
    expect(summariseResponseCohort([]).orr).toBeNull()
    expect(summariseResponseCohort([{ bestResponse: 'NE' }], { notEvaluableInDenominator: false }).orr).toBeNull()
    expect(summariseResponseCohort([{ bestResponse: 'NE' }]).orr).toBe(0)
  })

  it('abstract-like cohort under NCT06352281: 3/4 objective response, 1 CR (§2 obs. 5)', () => {
    const k = SEED_PROTOCOLS.NCT06352281.endpoints.response
    const pts = [
      subject({ counts: [[-5, 8], [14, 120], [21, 130], [28, 140]] }),
      subject({ counts: [[-5, 8], [30, 28], [60, 31], [90, 32], [120, 30], [150, 33], [180, 31], [210, 30], [240, 29], [241, 28], [282, 210], [289, 220]], newTherapy: 275 }),
      subject({ counts: [[-5, 10], [14, 50], [21, 60]] }),
      subject({ counts: [[-5, 9], [14, 30], [21, 30], [28, 30]] }),
    ]
    const summary = summariseResponseCohort(pts.map((x) => agree(x, k).eng))
    expect(summary).toEqual({ n: 4, CR: 1, R: 2, NR: 1, NE: 0, responders: 3, orr: 0.75 })
  })

  it('property: tallies match the categories and ORR matches the definition', () => {
    const cat = fc.constantFrom<'CR' | 'R' | 'NR' | 'NE'>('CR', 'R', 'NR', 'NE')
    fc.assert(
      fc.property(fc.array(cat, { maxLength: 30 }), fc.boolean(), (xs, ne) => {
        const s = summariseResponseCohort(xs.map((bestResponse) => ({ bestResponse })), { notEvaluableInDenominator: ne })
        const n = (c: string) => xs.filter((x) => x === c).length
        expect([s.n, s.CR, s.R, s.NR, s.NE]).toEqual([xs.length, n('CR'), n('R'), n('NR'), n('NE')])
        const den = ne ? xs.length : xs.length - n('NE')
        expect(s.orr).toBe(den === 0 ? null : (n('CR') + n('R')) / den)
      }),
      { seed: SEED, numRuns: 200 },
    )
  })
})
