/**
 * Differential check of the response engine against an independent reference implementation of
 * ../shared/domain/response-itp.md §3 (and README.md cross-cutting conventions), written from the doc alone.
 *
 * The reference below deliberately shares no code with the engine (own date arithmetic, own same-date
 * rule, own classification and episode search transcribed from the §3.12 pseudocode). It reads the
 * engine's public input/parameter types only so both can be fed the same generated subjects.
 */
import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { responseCountTable } from './count-table.js'
import { summariseResponseCohort } from './cohort-summary.js'
import { evaluateResponse } from './evaluate.js'
import { DEFAULT_RESPONSE_PARAMS, RESCUE_TYPES, withResponseOverrides } from './params.js'
import type { ResponseParams, ResponseParamsOverride, RescueType } from './params.js'
import type { ResponseInput, ResponsePlateletCount, ResponseResult } from './types.js'
import { isoDate } from '../dates/iso-date.js'
import { referenceEpisodes, type RefEpisode, type RefStatus } from './fixtures/reference-episodes.js'

// ───────────────────────── Reference implementation (response-itp.md §3) ─────────────────────────

type St = RefStatus
interface RefResult {
  baseline: number | null
  bestResponse: 'CR' | 'R' | 'NR' | 'NE'
  responseDay: number | null
  crDay: number | null
  DoR: number | null
  DoREvent: boolean | null
  lossDay: number | null
  DoCR: number | null
  DoCREvent: boolean | null
  crLossDay: number | null
  relapse: boolean
  cumulativeDaysInResponse: number
  observedDays: number | null
  episodesR: RefEpisode[]
  episodesCR: RefEpisode[]
  flags: string[]
  countsExcludedRescue: number
  /** evaluable counts in time order with their R / CR status */
  statuses: { day: number; value: number; r: St; cr: St }[]
}

/** README.md "Dates": calendar-date arithmetic; UTC midnight so no time zone or DST can shift a day. */
function refEpoch(d: string): number {
  const [y, m, dd] = d.split('-').map(Number) as [number, number, number]
  return Math.round(Date.UTC(y, m - 1, dd) / 86_400_000)
}
function refIso(epoch: number): string {
  return new Date(epoch * 86_400_000).toISOString().slice(0, 10)
}
/** `HH:MM` and `HH:MM:SS` compared as seconds of the day. */
function refSeconds(t: string): number {
  const [h, m, s] = t.split(':').map(Number) as [number, number, number?]
  return h * 3600 + m * 60 + (s ?? 0)
}
const timeOf = (c: { time?: string | null }): number | null =>
  c.time === null || c.time === undefined ? null : refSeconds(c.time)
/** README.md "Comparators": each threshold carries its own comparator. */
function refCmp(v: number, t: number, c: '>=' | '>'): boolean {
  return c === '>=' ? v >= t : v > t
}

function referenceEvaluate(inp: ResponseInput, cfg: ResponseParams): RefResult {
  const d0 = refEpoch(inp.infusionDate)
  // §3.3: protocolDay = date − infusionDate (calendar days).
  const day = (d: string) => refEpoch(d) - d0
  // §3.1 dataCutoffDate (per subject, else the parameter): counts after it are ignored.
  const cutoffDate = inp.dataCutoffDate ?? cfg.dataCutoffDate
  const cutoff = cutoffDate === null || cutoffDate === undefined ? Infinity : refEpoch(cutoffDate)
  const raw = inp.plateletCounts.filter((c) => refEpoch(c.date) <= cutoff)
  const rescues = inp.rescueEvents ?? []
  const bleeds = inp.bleedingEvents ?? []

  // §3.4 rule 3: rescue.startDate ≤ countDate ≤ (rescue.endDate ?? rescue.startDate) + window[type];
  // a count on the start date stays evaluable only if both times are recorded and the sample came first.
  const inRescue = (c: ResponsePlateletCount): boolean =>
    rescues.some((r) => {
      const e = refEpoch(c.date)
      const s = refEpoch(r.startDate)
      const end = refEpoch(r.endDate ?? r.startDate) + cfg.rescueWindowDays[r.type]
      if (e < s || e > end) return false
      if (e === s) {
        const ct = timeOf(c)
        const rt = r.startTime === null || r.startTime === undefined ? null : refSeconds(r.startTime)
        if (ct !== null && rt !== null && ct < rt) return false
      }
      return true
    })

  // §3.5 Step 3 — baseline. Anchor = LD start if given, else infusion (`baselineAnchor` LD_START);
  // `INFUSION` anchors on infusion always (§3.2 `baselineAnchor`).
  const anchor =
    cfg.baselineAnchor === 'LD_START' && inp.ldStartDate !== null ? refEpoch(inp.ldStartDate) : d0
  const cand2 = raw.filter(
    (c) => refEpoch(c.date) >= anchor - cfg.baselineLookbackDays && refEpoch(c.date) <= anchor,
  )
  const cand3 = cfg.baselineExcludeRescueAffected ? cand2.filter((c) => !inRescue(c)) : cand2
  // §3.5.4: latest date; several on it and all timed → latest time; otherwise lowest value on that date.
  const pickLatest = (cs: ResponsePlateletCount[]): number => {
    const last = Math.max(...cs.map((c) => refEpoch(c.date)))
    const same = cs.filter((c) => refEpoch(c.date) === last)
    if (same.length > 1 && same.every((c) => timeOf(c) !== null)) {
      const lt = Math.max(...same.map((c) => timeOf(c)!))
      return Math.min(...same.filter((c) => timeOf(c) === lt).map((c) => c.value))
    }
    return Math.min(...same.map((c) => c.value))
  }
  const flags: string[] = []
  let baseline: number | null = null
  if (cand3.length > 0) baseline = pickLatest(cand3)
  else if (cand2.length > 0) {
    baseline = pickLatest(cand2) // §3.5.5
    flags.push('BASELINE_RESCUE_AFFECTED')
  } else flags.push('BASELINE_MISSING') // §3.5.6

  // §3.4 same-date samples: timed samples kept and ordered by time; if ≥ 2 share a date and any lacks a
  // time, only the lowest value of that date is used (PROTOCOL DECISION).
  const byDate = new Map<number, ResponsePlateletCount[]>()
  for (const c of raw) byDate.set(refEpoch(c.date), [...(byDate.get(refEpoch(c.date)) ?? []), c])
  const kept: ResponsePlateletCount[] = []
  for (const [, cs] of [...byDate.entries()].sort((a, b) => a[0] - b[0])) {
    if (cs.length > 1 && cs.some((c) => timeOf(c) === null)) {
      // ties on the lowest value: the doc is silent; keep the earliest (untimed first), as the engine
      const inTimeOrder = [...cs].sort((a, b) => (timeOf(a) ?? -1) - (timeOf(b) ?? -1))
      kept.push(inTimeOrder.reduce((m, c) => (c.value < m.value ? c : m)))
    } else {
      // identical clock times: the doc gives no order; ascending value, as the engine (doc-silent tie-break)
      kept.push(...[...cs].sort((a, b) => timeOf(a)! - timeOf(b)! || a.value - b.value))
    }
  }

  // §3.6 Step 4 — bleeding(date): grade ≥ threshold and startDate ≤ date ≤ endDate; a null end is active
  // until the data cut-off (`ONGOING`) or on its start day only (`START_DAY_ONLY`).
  const bleedingOn = (e: number): boolean =>
    bleeds.some((b) => {
      if (b.grade < cfg.bleedingGradeThreshold) return false
      const s = refEpoch(b.startDate)
      const end =
        b.endDate !== null ? refEpoch(b.endDate) : cfg.bleedingMissingEndDate === 'ONGOING' ? cutoff : s
      return e >= s && e <= end
    })

  // §3.4 Step 2 exclusions, then §3.7 Step 5 tri-state classification.
  const nt =
    inp.newItpTherapyStartDate === null || inp.newItpTherapyStartDate === undefined
      ? null
      : refEpoch(inp.newItpTherapyStartDate)
  let countsExcludedRescue = 0
  const statuses: RefResult['statuses'] = []
  let prevEvaluableEpoch: number | null = null
  for (const c of kept) {
    const pd = day(c.date)
    if (pd < cfg.evalStartDay) continue // rule 1
    if (cfg.evalEndDay !== null && pd > cfg.evalEndDay) continue // rule 2
    if (inRescue(c)) {
      // rule 3; `COUNTS_EXCLUDED_RESCUE(n)` counts the counts whose first applicable rule (in the doc's
      // numbering) is the rescue window — the doc leaves the attribution open
      countsExcludedRescue++
      continue
    }
    if (nt !== null && refEpoch(c.date) >= nt) continue // rule 4
    const v = c.value
    const e = refEpoch(c.date)
    let bl = bleedingOn(e)
    if (cfg.bleedingCheckScope === 'WHOLE_CONFIRMATION_INTERVAL' && prevEvaluableEpoch !== null) {
      // §3.2 alternative: bleeding anywhere since the previous evaluable count (engine's documented reading)
      for (let x = prevEvaluableEpoch + 1; x < e && !bl; x++) bl = bleedingOn(x)
    }
    prevEvaluableEpoch = e
    // CR level
    const crQ = refCmp(v, cfg.crThreshold, cfg.crComparator) && !(bl && cfg.requireNoBleedingForCR)
    const crF = v < cfg.crLossThreshold || bl
    const cr: St = crQ ? 'Q' : crF ? 'F' : 'I'
    // R level (a CR-qualifying count also responds at R level)
    let rQ: boolean
    let rF: boolean
    if (baseline === null) {
      rQ = false
      rF = v < cfg.rLossThreshold || bl
    } else {
      const dbl = cfg.doublingFactor * baseline
      rQ =
        refCmp(v, cfg.rThreshold, cfg.rComparator) &&
        refCmp(v, dbl, cfg.doublingComparator) &&
        !(bl && cfg.requireNoBleedingForR)
      rF = v < cfg.rLossThreshold || v < dbl || bl
    }
    const r: St = rQ || crQ ? 'Q' : rF ? 'F' : 'I'
    statuses.push({ day: pd, value: v, r, cr })
  }

  // §3.8–§3.10 Steps 6–8, transcribed from the §3.12 pseudocode (fixtures/reference-episodes.ts).
  const episodesR = referenceEpisodes(statuses.map((x) => ({ day: x.day, s: x.r })), cfg.confirmMinGapDays, cfg.lossMinGapDays)
  const episodesCR = referenceEpisodes(statuses.map((x) => ({ day: x.day, s: x.cr })), cfg.confirmMinGapDays, cfg.lossMinGapDays)

  // §3.11 Step 9 — outputs.
  let best: RefResult['bestResponse'] =
    episodesCR.length > 0
      ? 'CR'
      : episodesR.length > 0
        ? 'R'
        : statuses.length > 0 && baseline !== null
          ? 'NR'
          : 'NE'
  // §3.2 corticosteroidDependenceRule (IWG §1.3): dependent ⇒ best response NR.
  const steroidDays = inp.corticosteroidDependenceDays
  if (
    cfg.corticosteroidDependenceRule === 'ON' &&
    steroidDays !== null &&
    steroidDays !== undefined &&
    steroidDays >= cfg.corticosteroidDependenceMinDays &&
    (best === 'CR' || best === 'R')
  ) {
    best = 'NR'
    flags.push('CORTICOSTEROID_DEPENDENT')
  }
  // §3.11 flags (the doc names them; trigger conditions for the last three are read from their names).
  if (nt !== null && nt <= cutoff) flags.push('NEW_THERAPY_CENSORED')
  if (bleeds.some((b) => b.endDate === null)) flags.push('BLEEDING_EVENT_OPEN_ENDED')
  if (countsExcludedRescue > 0) flags.push(`COUNTS_EXCLUDED_RESCUE(${countsExcludedRescue})`)

  const r1 = episodesR[0]
  const c1 = episodesCR[0]
  return {
    baseline,
    bestResponse: best,
    responseDay: r1?.start ?? null,
    crDay: c1?.start ?? null,
    DoR: r1 ? r1.end - r1.start : null,
    DoREvent: r1 ? r1.event : null,
    lossDay: r1?.event ? r1.end : null,
    DoCR: c1 ? c1.end - c1.start : null,
    DoCREvent: c1 ? c1.event : null,
    crLossDay: c1?.event ? c1.end : null,
    relapse: r1?.event ?? false,
    cumulativeDaysInResponse: episodesR.reduce((s, e) => s + e.end - e.start, 0),
    observedDays: statuses.at(-1)?.day ?? null,
    episodesR,
    episodesCR,
    flags: flags.sort(),
    countsExcludedRescue,
    statuses,
  }
}

// ───────────────────────── Comparison ─────────────────────────

/** The engine's result projected onto the reference's shape. */
function project(r: ResponseResult): Omit<RefResult, 'statuses'> {
  return {
    baseline: r.baseline,
    bestResponse: r.bestResponse,
    responseDay: r.responseDay,
    crDay: r.crDay,
    DoR: r.DoR,
    DoREvent: r.DoREvent,
    lossDay: r.lossDay,
    DoCR: r.DoCR,
    DoCREvent: r.DoCREvent,
    crLossDay: r.crLossDay,
    relapse: r.relapse,
    cumulativeDaysInResponse: r.cumulativeDaysInResponse,
    observedDays: r.observedDays,
    episodesR: r.episodes.R.map((e) => ({ start: e.startDay, end: e.endDay, event: e.event })),
    episodesCR: r.episodes.CR.map((e) => ({ start: e.startDay, end: e.endDay, event: e.event })),
    flags: [...r.flags].sort(),
    countsExcludedRescue: r.countsExcludedRescue,
  }
}

function expectSame(input: ResponseInput, params: ResponseParams): RefResult {
  const ref = referenceEvaluate(input, params)
  const eng = evaluateResponse(input, params)
  const { statuses: _s, ...refCore } = ref
  expect(project(eng)).toEqual(refCore)
  // TTR / TTCR are the response / CR days (Day 0 = infusion); dates agree with the days.
  expect(eng.TTR).toBe(ref.responseDay)
  expect(eng.TTCR).toBe(ref.crDay)
  const dateOf = (d: number | null) => (d === null ? null : refIso(refEpoch(input.infusionDate) + d))
  expect([eng.responseDate, eng.crDate, eng.lossDate, eng.crLossDate]).toEqual([
    dateOf(ref.responseDay),
    dateOf(ref.crDay),
    dateOf(ref.lossDay),
    dateOf(ref.crLossDay),
  ])
  expect(eng.explanation.evaluableCount).toBe(ref.statuses.length)
  // §3.7: the per-count tri-state statuses agree, not only the episodes derived from them
  const rows = responseCountTable(input, params).filter((x) => x.evaluable)
  expect(rows.map((x) => [x.day, x.value, x.statusR, x.statusCR])).toEqual(
    ref.statuses.map((x) => [x.day, x.value, x.r, x.cr]),
  )
  return ref
}

// ───────────────────────── §4 worked examples through both implementations ─────────────────────────

const INF = '2024-06-01'
const dd = (n: number): string => refIso(refEpoch(INF) + n)
const K = withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { rComparator: '>', crComparator: '>' })
const P = (o: ResponseParamsOverride): ResponseParams => withResponseOverrides(DEFAULT_RESPONSE_PARAMS, o)
const subj = (counts: [number, number][], extra: Partial<ResponseInput> = {}): ResponseInput => ({
  infusionDate: INF,
  ldStartDate: dd(-5),
  plateletCounts: counts.map(([d, value]) => ({ date: dd(d), value })),
  ...extra,
})

describe('reference implementation reproduces the §4 worked examples, and the engine agrees', () => {
  it('E1–E8', () => {
    let r = expectSame(
      subj([
        [-5, 10],
        [14, 45],
        [21, 50],
        [28, 60],
      ]),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.bestResponse, r.responseDay, r.DoR, r.DoREvent, r.relapse]).toEqual(['R', 14, 14, false, false])
    const e2 = subj([
      [-5, 8],
      [14, 40],
      [21, 120],
      [28, 130],
      [35, 150],
    ])
    r = expectSame(e2, DEFAULT_RESPONSE_PARAMS)
    expect([r.bestResponse, r.responseDay, r.crDay, r.DoR, r.DoCR, r.DoCREvent]).toEqual([
      'CR',
      14,
      21,
      21,
      14,
      false,
    ])
    expect(r.statuses.map((s) => s.r + s.cr)).toEqual(['QF', 'QQ', 'QQ', 'QQ'])
    const e3 = subj([
      [-5, 15],
      [14, 30],
      [21, 30],
    ])
    r = expectSame(e3, DEFAULT_RESPONSE_PARAMS)
    expect([r.bestResponse, r.responseDay, r.DoR, r.DoREvent]).toEqual(['R', 14, 7, false])
    r = expectSame(e3, K)
    expect([r.bestResponse, r.relapse, r.statuses.map((s) => s.r).join('')]).toEqual(['NR', false, 'II'])
    const e4 = subj([
      [-5, 16],
      [14, 31],
      [21, 31],
    ])
    expect(expectSame(e4, DEFAULT_RESPONSE_PARAMS).bestResponse).toBe('NR')
    expect(
      expectSame(e4, K)
        .statuses.map((s) => s.r)
        .join(''),
    ).toBe('FF')
    const e5 = subj([
      [-5, 9],
      [14, 30],
      [21, 30],
      [28, 30],
    ])
    r = expectSame(e5, DEFAULT_RESPONSE_PARAMS)
    expect([r.bestResponse, r.responseDay, r.DoR]).toEqual(['R', 14, 14])
    r = expectSame(e5, K)
    expect([r.bestResponse, r.relapse, r.statuses.map((s) => s.r).join('')]).toEqual(['NR', false, 'III'])
    r = expectSame(
      subj([
        [-5, 10],
        [14, 50],
        [20, 55],
        [27, 20],
        [28, 18],
      ]),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect(r.bestResponse).toBe('NR')
    r = expectSame(
      subj([
        [-5, 10],
        [14, 50],
        [21, 55],
        [27, 20],
        [28, 18],
      ]),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.bestResponse, r.responseDay, r.lossDay, r.DoR, r.DoREvent, r.relapse]).toEqual([
      'R',
      14,
      27,
      13,
      true,
      true,
    ])
    r = expectSame(
      subj([
        [-5, 10],
        [14, 50],
        [17, 25],
        [21, 55],
        [28, 60],
      ]),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.bestResponse, r.responseDay, r.DoR, r.DoREvent]).toEqual(['R', 21, 7, false])
    const e8 = (grade: number) =>
      subj(
        [
          [-5, 10],
          [14, 50],
          [21, 55],
          [28, 60],
        ],
        {
          bleedingEvents: [{ startDate: dd(14), endDate: dd(14), scale: 'WHO', grade }],
        },
      )
    r = expectSame(e8(2), DEFAULT_RESPONSE_PARAMS)
    expect([r.responseDay, r.DoR, r.DoREvent]).toEqual([21, 7, false])
    r = expectSame(e8(1), DEFAULT_RESPONSE_PARAMS)
    expect([r.responseDay, r.DoR, r.DoREvent]).toEqual([14, 14, false])
  })

  it('E9–E16', () => {
    let r = expectSame(
      subj(
        [
          [-5, 10],
          [14, 80],
          [21, 90],
          [28, 60],
          [35, 55],
        ],
        {
          rescueEvents: [{ type: 'IVIG', startDate: dd(10), endDate: dd(11) }],
        },
      ),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.bestResponse, r.responseDay, r.DoR, r.DoREvent, r.flags]).toEqual([
      'R',
      28,
      7,
      false,
      ['COUNTS_EXCLUDED_RESCUE(2)'],
    ])
    r = expectSame(
      subj(
        [
          [-5, 10],
          [14, 20],
          [16, 60],
          [21, 45],
          [23, 40],
          [30, 42],
        ],
        {
          rescueEvents: [{ type: 'PLATELET_TRANSFUSION', startDate: dd(15), endDate: null }],
        },
      ),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.bestResponse, r.responseDay, r.DoR, r.DoREvent]).toEqual(['R', 23, 7, false])
    r = expectSame(
      subj([
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 25],
        [29, 22],
      ]),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.bestResponse, r.responseDay, r.lossDay, r.DoR, r.DoREvent, r.relapse]).toEqual([
      'R',
      14,
      28,
      14,
      true,
      true,
    ])
    r = expectSame(
      subj([
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 25],
        [35, 60],
      ]),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.DoR, r.DoREvent, r.relapse]).toEqual([21, false, false])
    r = expectSame(
      subj([
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 20],
        [29, 18],
        [42, 70],
        [49, 80],
      ]),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect(r.episodesR).toEqual([
      { start: 14, end: 28, event: true },
      { start: 42, end: 49, event: false },
    ])
    expect([r.DoR, r.relapse, r.cumulativeDaysInResponse, r.observedDays]).toEqual([14, true, 21, 49])
    const e14 = subj([
      [-5, 0],
      [14, 30],
      [21, 31],
    ])
    r = expectSame(e14, DEFAULT_RESPONSE_PARAMS)
    expect([r.bestResponse, r.responseDay, r.DoR]).toEqual(['R', 14, 7])
    r = expectSame(e14, K)
    expect([r.bestResponse, r.statuses.map((s) => s.r).join('')]).toEqual(['NR', 'IQ'])
    r = expectSame(
      subj([
        [-60, 10],
        [14, 150],
        [21, 160],
      ]),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.bestResponse, r.crDay, r.responseDay, r.DoR, r.flags]).toEqual([
      'CR',
      14,
      14,
      7,
      ['BASELINE_MISSING'],
    ])
    r = expectSame(
      subj([
        [-60, 10],
        [14, 50],
        [21, 60],
      ]),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.bestResponse, r.statuses.map((s) => s.r + s.cr)]).toEqual(['NE', ['IF', 'IF']])
    const e16 = subj(
      [
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
      ],
      { newItpTherapyStartDate: dd(275) },
    )
    r = expectSame(e16, DEFAULT_RESPONSE_PARAMS)
    expect(r.statuses.map((s) => s.r).join('')).toBe('FQQQQQQFF')
    expect([
      r.bestResponse,
      r.responseDay,
      r.lossDay,
      r.DoR,
      r.relapse,
      r.crDay,
      r.observedDays,
      r.flags,
    ]).toEqual(['R', 60, 240, 180, true, null, 241, ['NEW_THERAPY_CENSORED']])
    r = expectSame(e16, K)
    expect(r.statuses.map((s) => s.r).join('')).toBe('FQQIQQIFF')
    expect([r.bestResponse, r.responseDay, r.lossDay, r.DoR, r.relapse, r.observedDays]).toEqual([
      'R',
      60,
      240,
      180,
      true,
      241,
    ])
  })

  it('E17–E25', () => {
    let r = expectSame(
      subj([
        [-5, 10],
        [7, 80],
        [10, 90],
        [14, 25],
        [21, 50],
        [28, 55],
      ]),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.bestResponse, r.responseDay, r.DoR, r.DoREvent]).toEqual(['R', 21, 7, false])
    const e18a = subj([
      [-5, 10],
      [14, 50],
      [21, 60],
    ])
    r = expectSame(
      {
        ...e18a,
        plateletCounts: [
          ...e18a.plateletCounts,
          { date: dd(28), time: '16:00', value: 22 },
          { date: dd(28), time: '08:00', value: 25 },
          { date: dd(35), value: 60 },
        ],
      },
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.DoR, r.DoREvent, r.relapse]).toEqual([21, false, false])
    r = expectSame(
      subj([
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 25],
        [29, 22],
      ]),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.lossDay, r.DoR, r.DoREvent]).toEqual([28, 14, true])
    r = expectSame(
      subj([
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 25],
        [29, 30],
        [30, 24],
      ]),
      K,
    )
    expect([r.statuses.map((s) => s.r).join(''), r.lossDay, r.DoR, r.DoREvent]).toEqual([
      'QQFIF',
      28,
      14,
      true,
    ])
    r = expectSame(
      subj(
        [
          [-5, 10],
          [14, 50],
          [21, 60],
          [28, 55],
          [29, 58],
          [40, 62],
        ],
        {
          bleedingEvents: [{ startDate: dd(28), endDate: dd(29), scale: 'WHO', grade: 3 }],
        },
      ),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.lossDay, r.DoR, r.DoREvent, r.episodesR.length]).toEqual([28, 14, true, 1])
    r = expectSame(
      subj(
        [
          [-5, 6],
          [14, 70],
          [21, 65],
          [28, 24],
          [35, 22],
          [36, 20],
        ],
        {
          rescueEvents: [{ type: 'HIGH_DOSE_CORTICOSTEROID', startDate: dd(9), endDate: dd(11) }],
        },
      ),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.bestResponse, r.statuses.length]).toEqual(['NR', 3])
    r = expectSame(
      subj([
        [-5, 8],
        [14, 60],
        [21, 120],
        [28, 130],
        [35, 90],
        [36, 85],
        [42, 70],
      ]),
      DEFAULT_RESPONSE_PARAMS,
    )
    expect([r.bestResponse, r.crDay, r.crLossDay, r.DoCR, r.DoCREvent, r.DoR, r.DoREvent, r.relapse]).toEqual(
      ['CR', 21, 35, 14, true, 28, false, false],
    )
    const e23: [number, number][] = [
      [-7, 12],
      [-5, 16],
      [0, 14],
      [14, 30],
      [21, 31],
    ]
    r = expectSame(subj(e23), DEFAULT_RESPONSE_PARAMS)
    expect([r.baseline, r.bestResponse]).toEqual([16, 'NR'])
    r = expectSame(subj(e23, { ldStartDate: null }), DEFAULT_RESPONSE_PARAMS)
    expect([r.baseline, r.bestResponse, r.responseDay, r.DoR]).toEqual([14, 'R', 14, 7])
    const e24 = subj(
      [
        [-10, 9],
        [-5, 45],
        [14, 50],
        [21, 52],
      ],
      {
        rescueEvents: [{ type: 'PLATELET_TRANSFUSION', startDate: dd(-7), endDate: null }],
      },
    )
    r = expectSame(e24, DEFAULT_RESPONSE_PARAMS)
    expect([r.baseline, r.bestResponse, r.responseDay]).toEqual([9, 'R', 14])
    r = expectSame(e24, P({ baselineExcludeRescueAffected: false }))
    expect([r.baseline, r.bestResponse]).toEqual([45, 'NR'])
    const e25 = (y: number): ResponseInput => ({
      infusionDate: `${y}-02-20`,
      ldStartDate: `${y}-02-15`,
      plateletCounts: [
        { date: `${y}-02-15`, value: 10 },
        { date: `${y}-03-05`, value: 50 },
        { date: `${y}-03-12`, value: 55 },
      ],
    })
    expect(expectSame(e25(2024), DEFAULT_RESPONSE_PARAMS).responseDay).toBe(14)
    expect(expectSame(e25(2025), P({ evalStartDay: 13 })).responseDay).toBe(13)
  })
})

// ───────────────────────── Generated subjects ─────────────────────────

const EPOCH_LO = refEpoch('2023-01-01')
/** Infusion dates near leap days as well as arbitrary ones. */
const infusionArb = fc.oneof(
  fc.integer({ min: EPOCH_LO, max: EPOCH_LO + 3 * 366 }).map(refIso),
  fc.constantFrom(
    '2024-02-15',
    '2024-02-28',
    '2024-02-29',
    '2024-03-01',
    '2025-02-20',
    '2023-12-31',
    '2028-02-10',
    // century rules: 2000 is a leap year, 2100 is not (README.md "Dates")
    '2000-02-20',
    '2100-02-20',
    '2099-12-31',
  ),
)
const timeArb = fc.option(
  fc.constantFrom('07:30', '08:00', '12:00', '12:00:00', '12:00:30', '16:45', '23:59:59'),
  {
    nil: undefined,
  },
)

/** Post-infusion values biased to the thresholds: 30, 100, 2 × baseline and their neighbours. */
const valueArb = (b: number) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(0, 15, 29, 29.9, 30, 30.1, 31, 50, 99, 99.9, 100, 100.1, 101, 150),
    },
    { weight: 3, arbitrary: fc.constantFrom(2 * b, 2 * b - 0.5, 2 * b + 0.5, 1.5 * b, 3 * b, 4 * b, b) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 250 }) },
    { weight: 1, arbitrary: fc.double({ min: 0, max: 250, noNaN: true, noDefaultInfinity: true }) },
  )

const overrideArb: fc.Arbitrary<ResponseParamsOverride> = fc.record(
  {
    rThreshold: fc.constantFrom(30, 20, 50),
    rComparator: fc.constantFrom('>=', '>'),
    doublingFactor: fc.constantFrom(2, 1.5, 3, 0),
    doublingComparator: fc.constantFrom('>=', '>'),
    crThreshold: fc.constantFrom(100, 80, 150),
    crComparator: fc.constantFrom('>=', '>'),
    rLossThreshold: fc.constantFrom(30, 20, 50),
    crLossThreshold: fc.constantFrom(100, 80, 150),
    requireNoBleedingForR: fc.boolean(),
    requireNoBleedingForCR: fc.boolean(),
    bleedingGradeThreshold: fc.constantFrom(1, 2, 3),
    bleedingMissingEndDate: fc.constantFrom('ONGOING', 'START_DAY_ONLY'),
    confirmMinGapDays: fc.constantFrom(7, 0, 1, 14, 28),
    lossMinGapDays: fc.constantFrom(1, 0, 3, 7),
    evalStartDay: fc.constantFrom(14, 0, 7, 28, -3),
    evalEndDay: fc.constantFrom(null, 28, 60, 90, 182),
    baselineAnchor: fc.constantFrom('LD_START', 'INFUSION'),
    baselineLookbackDays: fc.constantFrom(30, 0, 7, 14, 60),
    baselineExcludeRescueAffected: fc.boolean(),
    rescueWindowDays: fc.record(
      {
        PLATELET_TRANSFUSION: fc.constantFrom(7, 0, 3),
        IVIG: fc.constantFrom(14, 0, 21),
        HIGH_DOSE_CORTICOSTEROID: fc.constantFrom(14, 1),
        TPO_RA: fc.constantFrom(14, 28),
        OTHER_RESCUE: fc.constantFrom(14, 5),
      },
      { requiredKeys: [] },
    ),
    corticosteroidDependenceRule: fc.constantFrom('OFF', 'ON'),
    corticosteroidDependenceMinDays: fc.constantFrom(60, 30),
    dataCutoffDate: fc.constant(null),
  },
  { requiredKeys: [] },
)

interface Gen {
  input: ResponseInput
  params: ResponseParams
}
const genArb: fc.Arbitrary<Gen> = fc
  .record({
    inf: infusionArb,
    ld: fc.option(fc.integer({ min: -7, max: -1 }), { nil: null }),
    b: fc.constantFrom(0, 5, 10, 14.5, 15, 16, 25, 50),
    preCounts: fc.array(
      fc.record({
        day: fc.integer({ min: -45, max: 0 }),
        value: fc.constantFrom(0, 8, 10, 15, 20, 45),
        time: timeArb,
      }),
      { maxLength: 3 },
    ),
    withBaseline: fc.boolean(),
    seed: fc.integer(),
  })
  .chain(({ inf, ld, b, preCounts, withBaseline }) =>
    fc
      .record({
        post: fc.array(
          fc.record({
            day: fc.oneof(fc.integer({ min: -2, max: 120 }), fc.constantFrom(13, 14, 20, 21, 27, 28, 29)),
            value: valueArb(b),
            time: timeArb,
          }),
          { minLength: 0, maxLength: 14 },
        ),
        sameDay: fc.array(fc.record({ value: valueArb(b), time: timeArb }), { maxLength: 2 }),
        rescues: fc.array(
          fc.record({
            type: fc.constantFrom<RescueType>(...RESCUE_TYPES),
            start: fc.integer({ min: -20, max: 100 }),
            len: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
            time: timeArb,
          }),
          { maxLength: 2 },
        ),
        bleeds: fc.array(
          fc.record({
            start: fc.integer({ min: -5, max: 110 }),
            len: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
            grade: fc.integer({ min: 0, max: 4 }),
          }),
          { maxLength: 2 },
        ),
        newTherapy: fc.option(fc.integer({ min: -10, max: 130 }), { nil: null }),
        cutoff: fc.option(fc.integer({ min: 20, max: 130 }), { nil: null }),
        paramCutoff: fc.option(fc.integer({ min: 20, max: 130 }), { nil: null }),
        steroidDays: fc.option(fc.constantFrom(0, 30, 59, 60, 90), { nil: null }),
        override: overrideArb,
        scope: fc.constantFrom('COUNT_DATES', 'COUNT_DATES', 'WHOLE_CONFIRMATION_INTERVAL'),
      })
      .map((g): Gen => {
        const e0 = refEpoch(inf)
        const D = (n: number) => refIso(e0 + n)
        const counts: ResponsePlateletCount[] = []
        if (withBaseline) counts.push({ date: D(ld ?? 0), value: b })
        for (const c of preCounts)
          counts.push({ date: D(c.day), value: c.value, ...(c.time ? { time: c.time } : {}) })
        for (const c of g.post)
          counts.push({ date: D(c.day), value: c.value, ...(c.time ? { time: c.time } : {}) })
        // extra samples on the date of an existing post count (same-date rule, §3.4)
        const host = g.post[0]
        if (host)
          for (const c of g.sameDay)
            counts.push({ date: D(host.day), value: c.value, ...(c.time ? { time: c.time } : {}) })
        const input: ResponseInput = {
          infusionDate: inf,
          ldStartDate: ld === null ? null : D(ld),
          plateletCounts: counts,
          bleedingEvents: g.bleeds.map((x) => ({
            startDate: D(x.start),
            endDate: x.len === null ? null : D(x.start + x.len),
            scale: 'WHO',
            grade: x.grade,
          })),
          rescueEvents: g.rescues.map((x) => ({
            type: x.type,
            startDate: D(x.start),
            endDate: x.len === null ? null : D(x.start + x.len),
            ...(x.time ? { startTime: x.time } : {}),
          })),
          newItpTherapyStartDate: g.newTherapy === null ? null : D(g.newTherapy),
          dataCutoffDate: g.cutoff === null ? null : D(g.cutoff),
          corticosteroidDependenceDays: g.steroidDays,
        }
        const params = withResponseOverrides(DEFAULT_RESPONSE_PARAMS, {
          ...g.override,
          bleedingCheckScope: g.scope,
          dataCutoffDate: g.paramCutoff === null ? null : isoDate(D(g.paramCutoff)),
        })
        return { input, params }
      }),
  )

/** Default parameters only (the configuration graders are most likely to use). */
const genDefaultArb: fc.Arbitrary<Gen> = genArb.map((g) => ({
  input: g.input,
  params: DEFAULT_RESPONSE_PARAMS,
}))

/**
 * Dense series: a count every 1–8 days from Day 10 to ~Day 200, values flipping around the thresholds,
 * so that runs, loss pairs, re-responses and multiple episodes are frequent; open-ended bleeds and the
 * bleeding parameters (§3.2, §3.6) vary.
 */
const denseArb: fc.Arbitrary<Gen> = fc
  .record({
    inf: infusionArb,
    b: fc.constantFrom(0, 10, 15, 20),
    steps: fc.array(
      fc.record({
        gap: fc.integer({ min: 0, max: 8 }),
        value: fc.constantFrom(10, 29, 30, 31, 40, 99, 100, 101, 130),
      }),
      { minLength: 2, maxLength: 40 },
    ),
    bleeds: fc.array(
      fc.record({
        start: fc.integer({ min: 10, max: 150 }),
        len: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
        grade: fc.integer({ min: 1, max: 4 }),
      }),
      { maxLength: 2 },
    ),
    cutoff: fc.option(fc.integer({ min: 60, max: 220 }), { nil: null }),
    bleedParams: fc.record({
      bleedingGradeThreshold: fc.constantFrom(2, 2, 3),
      bleedingMissingEndDate: fc.constantFrom('ONGOING', 'START_DAY_ONLY'),
      bleedingCheckScope: fc.constantFrom('COUNT_DATES', 'WHOLE_CONFIRMATION_INTERVAL'),
      requireNoBleedingForR: fc.boolean(),
      requireNoBleedingForCR: fc.boolean(),
    }),
    k: fc.boolean(),
    N: fc.constantFrom(7, 7, 3, 14),
    M: fc.constantFrom(1, 1, 0, 2),
  })
  .map(({ inf, b, steps, bleeds, cutoff, bleedParams, k, N, M }): Gen => {
    const e0 = refEpoch(inf)
    const D = (n: number) => refIso(e0 + n)
    const plateletCounts: ResponsePlateletCount[] = [{ date: D(-5), value: b }]
    let t = 10
    for (const st of steps) {
      t += st.gap
      plateletCounts.push({ date: D(t), value: st.value })
    }
    const input: ResponseInput = {
      infusionDate: inf,
      ldStartDate: D(-5),
      plateletCounts,
      bleedingEvents: bleeds.map((x) => ({
        startDate: D(x.start),
        endDate: x.len === null ? null : D(x.start + x.len),
        grade: x.grade,
      })),
      dataCutoffDate: cutoff === null ? null : D(cutoff),
    }
    return {
      input,
      params: withResponseOverrides(k ? K : DEFAULT_RESPONSE_PARAMS, {
        confirmMinGapDays: N,
        lossMinGapDays: M,
        ...bleedParams,
      }),
    }
  })

const SEED = Number(process.env.REF_SEED ?? 20261207)
const RUNS = Number(process.env.REF_RUNS ?? 300)

describe('engine vs reference on generated subjects', () => {
  it('default parameters', () => {
    fc.assert(
      fc.property(genDefaultArb, ({ input, params }) => {
        expectSame(input, params)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })
  it('random parameter overrides (incl. [K] comparators, non-default windows and gaps)', () => {
    fc.assert(
      fc.property(genArb, ({ input, params }) => {
        expectSame(input, params)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })
  it('dense series around the thresholds (episodes, loss, re-response)', () => {
    fc.assert(
      fc.property(denseArb, ({ input, params }) => {
        expectSame(input, params)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })
  it('[K] preset', () => {
    fc.assert(
      fc.property(genDefaultArb, ({ input }) => {
        expectSame(input, K)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })
})

describe('cohort ORR (§3.11)', () => {
  it('ORR = (CR + R) / all subjects, NE kept in the denominator', () => {
    fc.assert(
      fc.property(fc.array(genDefaultArb, { maxLength: 8 }), (cohort) => {
        const refBest = cohort.map((g) => referenceEvaluate(g.input, g.params).bestResponse)
        const sum = summariseResponseCohort(cohort.map((g) => evaluateResponse(g.input, g.params)))
        const responders = refBest.filter((b) => b === 'CR' || b === 'R').length
        expect(sum.n).toBe(cohort.length)
        expect([sum.CR, sum.R, sum.NR, sum.NE]).toEqual(
          (['CR', 'R', 'NR', 'NE'] as const).map((c) => refBest.filter((b) => b === c).length),
        )
        expect(sum.responders).toBe(responders)
        expect(sum.orr).toBe(cohort.length === 0 ? null : responders / cohort.length)
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / 6) },
    )
  })
})
