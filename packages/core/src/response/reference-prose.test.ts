/**
 * Second, independent check of the ITP response engine around the episode core: day numbers and the
 * LD-start/infusion anchor, evaluability, baseline, bleeding predicate, classification and outputs.
 * The reference below was written from the PROSE of ../shared/domain/response-itp.md §3.1-§3.7 and
 * §3.11 (conventions: ../shared/domain/README.md) before the engine was read; it does not reuse the
 * §3.12 pseudocode transcription (fixtures/reference-episodes.ts) nor the repo's date helpers.
 * The §4 worked examples are covered by examples.test.ts and are not repeated here.
 */
import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { evaluateResponse } from './evaluate.js'
import { DEFAULT_RESPONSE_PARAMS, withResponseOverrides } from './params.js'
import type { ResponseParams } from './params.js'
import type { ResponseInput, ResponseResult } from './types.js'

// ---------------------------------------------------------------------------
// Reference written from the PROSE of response-itp.md §3.1–§3.7 and §3.11
// (not from the §3.12 pseudocode and not from the engine). Everything is in
// protocol days (Day 0 = infusion, §3.3); the adapter below turns days into
// ISO calendar dates so the engine's own date arithmetic is exercised.
// ---------------------------------------------------------------------------
type Cmp = '>=' | '>'
type RType = 'PLATELET_TRANSFUSION' | 'IVIG' | 'HIGH_DOSE_CORTICOSTEROID' | 'TPO_RA' | 'OTHER_RESCUE'
const RTYPES: RType[] = ['PLATELET_TRANSFUSION', 'IVIG', 'HIGH_DOSE_CORTICOSTEROID', 'TPO_RA', 'OTHER_RESCUE']
// prettier-ignore
interface PSample { day: number; time?: number; value: number } // time = minutes since midnight
// prettier-ignore
interface PRescue { type: RType; start: number; end: number | null; startTime?: number }
// prettier-ignore
interface PBleed { start: number; end: number | null; grade: number }
// prettier-ignore
interface PSubject {
  infusion: string; ld: number | null; counts: PSample[]; rescues: PRescue[]; bleeds: PBleed[]
  newTherapy: number | null; cutoff: number
}
// prettier-ignore
interface RefParams {
  rThreshold: number; rComparator: Cmp; doublingFactor: number; doublingComparator: Cmp
  crThreshold: number; crComparator: Cmp; rLossThreshold: number; crLossThreshold: number
  requireNoBleedingForR: boolean; requireNoBleedingForCR: boolean
  bleedingGradeThreshold: number; bleedingMissingEndDate: 'ONGOING' | 'START_DAY_ONLY'
  confirmMinGapDays: number; lossMinGapDays: number; evalStartDay: number; evalEndDay: number | null
  baselineLookbackDays: number; baselineExcludeRescueAffected: boolean; baselineAnchor: 'LD_START' | 'INFUSION'
  windows: Record<RType, number>
}
// prettier-ignore
const IWG: RefParams = {
  rThreshold: 30, rComparator: '>=', doublingFactor: 2, doublingComparator: '>=',
  crThreshold: 100, crComparator: '>=', rLossThreshold: 30, crLossThreshold: 100,
  requireNoBleedingForR: true, requireNoBleedingForCR: true,
  bleedingGradeThreshold: 2, bleedingMissingEndDate: 'ONGOING',
  confirmMinGapDays: 7, lossMinGapDays: 1, evalStartDay: 14, evalEndDay: null,
  baselineLookbackDays: 30, baselineExcludeRescueAffected: true, baselineAnchor: 'LD_START',
  windows: { PLATELET_TRANSFUSION: 7, IVIG: 14, HIGH_DOSE_CORTICOSTEROID: 14, TPO_RA: 14, OTHER_RESCUE: 14 },
}
type St = 'Q' | 'F' | 'I'
// prettier-ignore
interface REp { start: number; end: number; event: boolean }
// prettier-ignore
interface RefOut {
  baseline: number | null; flags: string[]
  best: 'CR' | 'R' | 'NR' | 'NE'; responseDay: number | null; crDay: number | null
  dor: { days: number; event: boolean } | null; docr: { days: number; event: boolean } | null
  relapse: boolean; cumulative: number; observedDays: number | null; excludedRescue: number
  rEps: REp[]; crEps: REp[]
}
const cmp = (v: number, t: number, c: Cmp): boolean => (c === '>=' ? v >= t : v > t)
// §3.4 rule 3 (also used by §3.5 step 3)
function inRescueWindow(s: PSample, r: PRescue, p: RefParams): boolean {
  if (s.day < r.start || s.day > (r.end ?? r.start) + p.windows[r.type]) return false
  if (s.day === r.start && s.time !== undefined && r.startTime !== undefined && s.time < r.startTime)
    return false
  return true
}
// §3.4 same-date rule: timed samples kept in time order; a date with >= 2 samples
// of which any lacks a time keeps only its lowest value.
function sameDate(samples: PSample[]): PSample[] {
  const byDay = new Map<number, PSample[]>()
  for (const s of samples) byDay.set(s.day, [...(byDay.get(s.day) ?? []), s])
  const out: PSample[] = []
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    const g = byDay.get(day) ?? []
    if (g.length >= 2 && g.some((s) => s.time === undefined))
      out.push(g.reduce((m, s) => (s.value < m.value ? s : m)))
    else out.push(...[...g].sort((a, b) => (a.time ?? 0) - (b.time ?? 0)))
  }
  return out
}
// §3.5 step 4 tie rule
function latest(c: PSample[]): PSample {
  const d = Math.max(...c.map((s) => s.day))
  const g = c.filter((s) => s.day === d)
  if (g.every((s) => s.time !== undefined)) return g.reduce((m, s) => ((s.time ?? 0) > (m.time ?? 0) ? s : m))
  return g.reduce((m, s) => (s.value < m.value ? s : m))
}
function refBaseline(x: PSubject, p: RefParams): { b: number | null; missing: boolean; affected: boolean } {
  const anchor = p.baselineAnchor === 'LD_START' && x.ld !== null ? x.ld : 0 // §3.5.1, §3.3
  const c2 = x.counts.filter((s) => s.day >= anchor - p.baselineLookbackDays && s.day <= anchor)
  if (c2.length === 0) return { b: null, missing: true, affected: false }
  const c3 = p.baselineExcludeRescueAffected
    ? c2.filter((s) => !x.rescues.some((r) => inRescueWindow(s, r, p)))
    : c2
  if (c3.length === 0) return { b: latest(c2).value, missing: false, affected: true }
  return { b: latest(c3).value, missing: false, affected: false }
}
// §3.6
function bleeding(day: number, x: PSubject, p: RefParams): boolean {
  return x.bleeds.some((e) => {
    const end = e.end ?? (p.bleedingMissingEndDate === 'ONGOING' ? x.cutoff : e.start)
    return e.grade >= p.bleedingGradeThreshold && e.start <= day && day <= end
  })
}
// §3.7
function classify(v: number, b: number | null, bl: boolean, p: RefParams): { r: St; cr: St } {
  const crQ = cmp(v, p.crThreshold, p.crComparator) && !(bl && p.requireNoBleedingForCR)
  const crF = v < p.crLossThreshold || bl
  const rQ =
    b !== null &&
    cmp(v, p.rThreshold, p.rComparator) &&
    cmp(v, p.doublingFactor * b, p.doublingComparator) &&
    !(bl && p.requireNoBleedingForR)
  const rF = v < p.rLossThreshold || (b !== null && v < p.doublingFactor * b) || bl
  return { cr: crQ ? 'Q' : crF ? 'F' : 'I', r: rQ || crQ ? 'Q' : rF ? 'F' : 'I' }
}
// §3.8–§3.10 from the prose: runs of Q, earliest start with a partner >= N later in the
// same run; loss = earliest F f1 after the start with an F f2 >= M later and no Q between.
function prosEpisodes(ev: { day: number; s: St }[], N: number, M: number): REp[] {
  const eps: REp[] = []
  let from = 0
  for (;;) {
    let start = -1
    for (let i = from; i < ev.length && start < 0;) {
      if (ev[i]!.s !== 'Q') {
        i++
        continue
      }
      let e = i
      while (e + 1 < ev.length && ev[e + 1]!.s === 'Q') e++
      for (let a = i; a <= e && start < 0; a++) if (ev[e]!.day - ev[a]!.day >= N) start = a
      i = e + 1
    }
    if (start < 0) return eps
    let f1 = -1
    let f2 = -1
    for (let a = start + 1; a < ev.length && f1 < 0; a++) {
      if (ev[a]!.s !== 'F') continue
      for (let b = a + 1; b < ev.length && ev[b]!.s !== 'Q'; b++)
        if (ev[b]!.s === 'F' && ev[b]!.day - ev[a]!.day >= M) {
          f1 = a
          f2 = b
          break
        }
    }
    if (f1 < 0) {
      eps.push({ start: ev[start]!.day, end: ev[ev.length - 1]!.day, event: false })
      return eps
    }
    eps.push({ start: ev[start]!.day, end: ev[f1]!.day, event: true })
    from = f2 + 1
  }
}
function reference(x: PSubject, p: RefParams): RefOut {
  const base = refBaseline(x, p)
  const kept = sameDate(x.counts.filter((s) => s.day <= x.cutoff))
  let excludedRescue = 0
  const ev = kept.filter((s) => {
    if (s.day < p.evalStartDay || (p.evalEndDay !== null && s.day > p.evalEndDay)) return false
    // n of COUNTS_EXCLUDED_RESCUE(n): attributed in the listed rule order 1, 2, 3, 4 (doc silent)
    if (x.rescues.some((r) => inRescueWindow(s, r, p))) {
      excludedRescue++
      return false
    }
    return x.newTherapy === null || s.day < x.newTherapy
  })
  const cls = ev.map((s) => ({ day: s.day, ...classify(s.value, base.b, bleeding(s.day, x, p), p) }))
  const rEps = prosEpisodes(
    cls.map((c) => ({ day: c.day, s: c.r })),
    p.confirmMinGapDays,
    p.lossMinGapDays,
  )
  const crEps = prosEpisodes(
    cls.map((c) => ({ day: c.day, s: c.cr })),
    p.confirmMinGapDays,
    p.lossMinGapDays,
  )
  const dur = (e: REp | undefined) => (e ? { days: e.end - e.start, event: e.event } : null)
  const best = crEps.length ? 'CR' : rEps.length ? 'R' : ev.length > 0 && base.b !== null ? 'NR' : 'NE'
  // §3.11 flags. NEW_THERAPY_CENSORED: new therapy started within the analysed period (on/before cut-off);
  // BLEEDING_EVENT_OPEN_ENDED: some bleeding event has no end date.
  const flags = [
    ...(base.missing ? ['BASELINE_MISSING'] : []),
    ...(base.affected ? ['BASELINE_RESCUE_AFFECTED'] : []),
    ...(x.newTherapy !== null && x.newTherapy <= x.cutoff ? ['NEW_THERAPY_CENSORED'] : []),
    ...(x.bleeds.some((e) => e.end === null) ? ['BLEEDING_EVENT_OPEN_ENDED'] : []),
    ...(excludedRescue > 0 ? [`COUNTS_EXCLUDED_RESCUE(${excludedRescue})`] : []),
  ].sort()
  return {
    baseline: base.b,
    flags,
    best,
    responseDay: rEps[0]?.start ?? null,
    crDay: crEps[0]?.start ?? null,
    dor: dur(rEps[0]),
    docr: dur(crEps[0]),
    relapse: rEps[0]?.event ?? false,
    cumulative: rEps.reduce((s, e) => s + e.end - e.start, 0),
    observedDays: ev.length ? ev[ev.length - 1]!.day : null,
    excludedRescue,
    rEps,
    crEps,
  }
}

// ---------------------------------------------------------------------------
// Adapter: protocol days -> calendar dates (own UTC arithmetic, not ../dates), RefParams -> engine params
// ---------------------------------------------------------------------------
const plus = (iso: string, d: number): string =>
  new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10) + d)).toISOString().slice(0, 10)
const hhmm = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
function toInput(x: PSubject): ResponseInput {
  const d = (n: number): string => plus(x.infusion, n)
  return {
    infusionDate: x.infusion,
    ldStartDate: x.ld === null ? null : d(x.ld),
    plateletCounts: x.counts.map((s) => ({
      date: d(s.day),
      value: s.value,
      ...(s.time === undefined ? {} : { time: hhmm(s.time) }),
    })),
    bleedingEvents: x.bleeds.map((e) => ({
      startDate: d(e.start),
      endDate: e.end === null ? null : d(e.end),
      scale: 'WHO',
      grade: e.grade,
    })),
    rescueEvents: x.rescues.map((r) => ({
      type: r.type,
      startDate: d(r.start),
      endDate: r.end === null ? null : d(r.end),
      ...(r.startTime === undefined ? {} : { startTime: hhmm(r.startTime) }),
    })),
    newItpTherapyStartDate: x.newTherapy === null ? null : d(x.newTherapy),
    dataCutoffDate: d(x.cutoff),
  }
}
function toParams(p: RefParams): ResponseParams {
  const { windows, ...rest } = p
  return withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { ...rest, rescueWindowDays: windows })
}
/** The engine result in the reference's shape (plus TTR/TTCR and date consistency). */
function project(r: ResponseResult, x: PSubject): RefOut {
  const eps = (l: 'R' | 'CR'): REp[] =>
    r.episodes[l].map((e) => ({ start: e.startDay, end: e.endDay, event: e.event }))
  expect(r.TTR).toBe(r.responseDay)
  expect(r.TTCR).toBe(r.crDay)
  expect(r.responseDate).toBe(r.responseDay === null ? null : plus(x.infusion, r.responseDay))
  expect(r.crDate).toBe(r.crDay === null ? null : plus(x.infusion, r.crDay))
  return {
    baseline: r.baseline,
    flags: [...r.flags].sort(),
    best: r.bestResponse,
    responseDay: r.responseDay,
    crDay: r.crDay,
    dor: r.DoR === null ? null : { days: r.DoR, event: r.DoREvent === true },
    docr: r.DoCR === null ? null : { days: r.DoCR, event: r.DoCREvent === true },
    relapse: r.relapse,
    cumulative: r.cumulativeDaysInResponse,
    observedDays: r.observedDays,
    excludedRescue: r.countsExcludedRescue,
    rEps: eps('R'),
    crEps: eps('CR'),
  }
}
const run = (x: PSubject, p: RefParams = IWG): RefOut => project(evaluateResponse(toInput(x), toParams(p)), x)

// ---------------------------------------------------------------------------
// Generators: values around 29/30/31, 99/100/101 and 2 x baseline; every rescue type; bleeding;
// new therapy; cut-off inside/outside the data; LD start or none; leap-year infusion dates.
// ---------------------------------------------------------------------------
const timeArb = fc.option(fc.constantFrom(480, 600, 720, 960), { nil: undefined, freq: 2 })
const sampleArb = (days: fc.Arbitrary<number>, values: number[]): fc.Arbitrary<PSample> =>
  fc
    .record({ day: days, value: fc.constantFrom(...values), time: timeArb })
    .map(({ time, ...s }) => (time === undefined ? s : { ...s, time }))
// two timed samples at the same clock time on one date are not generated: §3.4 gives them no order
const uniqKey = (s: PSample): string => `${s.day}|${s.time ?? `u${s.value}`}`
const dedupe = (c: PSample[]): PSample[] =>
  c.filter((s, i) => c.findIndex((t) => uniqKey(t) === uniqKey(s)) === i)
const postValue = (w: number): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 1 + 3 * w, arbitrary: fc.constantFrom(45, 60, 100, 101, 150) },
    { weight: 3, arbitrary: fc.constantFrom(28, 29, 29.5, 30, 30.5, 31, 32, 90, 99) },
    { weight: 2, arbitrary: fc.constantFrom(0, 14, 20) },
  )
// prettier-ignore
const subjectArb: fc.Arbitrary<PSubject> = fc.constantFrom(0, 1, 2, 3, 4).chain((w) => fc.record({
  infusion: fc.constantFrom('2024-02-20', '2025-02-20', '2023-12-20', '2024-12-31', '2100-02-20', '2000-02-20'),
  ld: fc.option(fc.integer({ min: -8, max: -1 }), { nil: null, freq: 3 }),
  pre: fc.array(sampleArb(fc.oneof(fc.integer({ min: -45, max: 0 }), fc.constantFrom(-31, -30, -8, -5, -3, 0)),
    [0, 9, 10, 14, 15, 15, 16, 45, 50, 50.5]), { minLength: 1, maxLength: 4 }),
  first: fc.integer({ min: 8, max: 16 }),
  sorted: fc.boolean(), // input order: sorted (engine fast path) or reversed
  drop: fc.option(fc.integer({ min: 2, max: 8 }), { nil: null }), // relapse: low counts from this index on
  post: fc.array(fc.record({ gap: fc.constantFrom(0, 1, 1, 2, 6, 7, 7, 8, 14), value: postValue(w), time: timeArb,
    lo: fc.constantFrom(0, 20, 28, 29, 99) }), { minLength: 3, maxLength: 12, size: 'max' }),
  rescues: fc.array(fc.record({
    type: fc.constantFrom(...RTYPES), start: fc.oneof(fc.integer({ min: -40, max: 50 }), fc.constantFrom(-20, -12, -7, -5, 0)),
    len: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }), startTime: timeArb,
  }), { maxLength: 2 }),
  bleeds: fc.array(fc.record({
    start: fc.integer({ min: 5, max: 60 }), len: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    grade: fc.integer({ min: 0, max: 4 }),
  }), { maxLength: 2 }),
  newTherapy: fc.option(fc.integer({ min: 5, max: 90 }), { nil: null, freq: 2 }),
  cutoff: fc.oneof(fc.integer({ min: 20, max: 120 }), fc.constant(200)),
}).map(({ pre, first, drop, post, rescues, bleeds, sorted, ...x }) => ({
  ...x,
  counts: dedupe([...post.map(({ time, value, lo }, i) => ({
    day: first + post.slice(0, i + 1).reduce((a, q) => a + q.gap, 0), value: drop !== null && i >= drop ? lo : value,
    ...(time === undefined ? {} : { time }),
  })), ...pre]).sort((a, b) => (sorted ? 1 : -1) * (a.day - b.day || (a.time ?? -1) - (b.time ?? -1) || a.value - b.value)),
  rescues: rescues.map(({ len, startTime, ...r }) => ({
    ...r, end: len === null ? null : r.start + len, ...(startTime === undefined ? {} : { startTime }),
  })),
  bleeds: bleeds.map(({ len, ...e }) => ({ ...e, end: len === null ? null : e.start + len })),
})))
// bleedingCheckScope stays COUNT_DATES: §3.2 names WHOLE_CONFIRMATION_INTERVAL without defining it (see report)
// prettier-ignore
const paramsArb: fc.Arbitrary<RefParams> = fc.record({
  k: fc.boolean(), dbl: fc.constantFrom<Cmp>('>=', '>=', '>'),
  evalEndDay: fc.option(fc.constantFrom(30, 45), { nil: null, freq: 2 }),
  evalStartDay: fc.constantFrom(14, 14, 10),
  bleedingMissingEndDate: fc.constantFrom<RefParams['bleedingMissingEndDate']>('ONGOING', 'START_DAY_ONLY'),
  bleedingGradeThreshold: fc.constantFrom(2, 2, 3),
  requireNoBleedingForR: fc.boolean(), requireNoBleedingForCR: fc.boolean(),
  baselineExcludeRescueAffected: fc.boolean(), baselineLookbackDays: fc.constantFrom(30, 30, 14),
  baselineAnchor: fc.constantFrom<RefParams['baselineAnchor']>('LD_START', 'LD_START', 'INFUSION'),
  windows: fc.oneof(fc.constant(IWG.windows), fc.record({
    PLATELET_TRANSFUSION: fc.nat(14), IVIG: fc.nat(14), HIGH_DOSE_CORTICOSTEROID: fc.nat(14), TPO_RA: fc.nat(14), OTHER_RESCUE: fc.nat(14),
  })),
}).map(({ k, dbl, ...p }) => ({
  ...IWG, ...p, doublingComparator: dbl, rComparator: k ? '>' : '>=', crComparator: k ? '>' : '>=',
}))
const SEED = 20261207

describe('response engine vs prose reference (§3.1-§3.7, §3.11)', () => {
  it('generated subjects: baseline, evaluability, classification and outputs agree', () => {
    fc.assert(
      fc.property(subjectArb, paramsArb, (x, p) => {
        expect(run(x, p)).toEqual(reference(x, p))
      }),
      { seed: SEED, numRuns: 3000 },
    )
  })
})

// ---------------------------------------------------------------------------
// Explicit edge cases (hand-derived from the prose; not the §4 examples). Each is checked against the
// engine AND the reference, so the reference itself is pinned to hand-computed answers.
// ---------------------------------------------------------------------------
const S = (counts: [number, number, number?][], extra: Partial<PSubject> = {}): PSubject => ({
  infusion: '2024-06-01',
  ld: -5,
  rescues: [],
  bleeds: [],
  newTherapy: null,
  cutoff: 200,
  ...extra,
  counts: counts.map(([day, value, time]) => (time === undefined ? { day, value } : { day, value, time })),
})
const P = (o: Partial<RefParams> = {}): RefParams => ({ ...IWG, ...o })
const H9 = 540 // 09:00
const ev = (start: number, end: number, event: boolean): REp => ({ start, end, event })
type Case = [string, PSubject, RefParams, Partial<RefOut>]
const resp14 = S([
  [-5, 10],
  [14, 50],
  [34, 60],
  [35, 60],
  [42, 60],
])
const startTime = (t: number | undefined): PSubject =>
  S(
    [
      [-5, 10],
      [14, 50],
      [21, 55, t],
      [28, 60],
      [36, 20],
      [37, 20],
    ],
    { rescues: [{ type: 'IVIG', start: 21, end: null, startTime: H9 }] },
  )
const bleed21 = S(
  [
    [-5, 10],
    [14, 50],
    [21, 55],
    [28, 60],
    [35, 65],
  ],
  { bleeds: [{ start: 21, end: null, grade: 2 }] },
)
const bleed150 = S(
  [
    [-5, 10],
    [14, 150],
    [21, 150],
  ],
  { bleeds: [{ start: 14, end: 21, grade: 3 }] },
)
const censor = (extra: Partial<PSubject>): PSubject =>
  S(
    [
      [-5, 10],
      [14, 50],
      [21, 55],
      [28, 60],
      [35, 20],
      [36, 20],
    ],
    extra,
  )
const anchor = (ld: number | null): PSubject =>
  S(
    [
      [-10, 10],
      [-2, 100],
      [14, 40],
      [21, 45],
    ],
    { ld },
  )
// prettier-ignore
const CASES: Case[] = [
  // §3.4 rule 3: window = (endDate ?? startDate) + window[type], closed at both ends; excluded counts do not break a run
  ['rescue without end date: last excluded day = start + window', { ...resp14, rescues: [{ type: 'TPO_RA', start: 20, end: null }] }, IWG,
    { responseDay: 14, dor: { days: 28, event: false }, flags: ['COUNTS_EXCLUDED_RESCUE(1)'] }],
  ['rescue with end date: window counted from the end date', { ...resp14, rescues: [{ type: 'TPO_RA', start: 20, end: 21 }] }, IWG,
    { responseDay: 14, dor: { days: 28, event: false }, flags: ['COUNTS_EXCLUDED_RESCUE(2)'] }],
  ['transfusion window 7', { ...resp14, rescues: [{ type: 'PLATELET_TRANSFUSION', start: 28, end: null }] }, IWG,
    { responseDay: 14, flags: ['COUNTS_EXCLUDED_RESCUE(2)'] }],
  ['OTHER_RESCUE window 14', { ...resp14, rescues: [{ type: 'OTHER_RESCUE', start: 28, end: null }] }, IWG,
    { responseDay: null, best: 'NR', flags: ['COUNTS_EXCLUDED_RESCUE(3)'] }],
  ['window set to 0: only the rescue days', { ...resp14, rescues: [{ type: 'HIGH_DOSE_CORTICOSTEROID', start: 34, end: 35 }] },
    P({ windows: { ...IWG.windows, HIGH_DOSE_CORTICOSTEROID: 0 } }), { responseDay: 14, flags: ['COUNTS_EXCLUDED_RESCUE(2)'] }],
  // §3.4 rule 3, start-date clause
  ['count timed before the rescue start time stays evaluable', startTime(480), IWG,
    { responseDay: 14, dor: { days: 22, event: true }, relapse: true, flags: ['COUNTS_EXCLUDED_RESCUE(1)'] }],
  ['count at the rescue start time is excluded (not "precedes")', startTime(H9), IWG, { best: 'NR', flags: ['COUNTS_EXCLUDED_RESCUE(2)'] }],
  ['untimed count on the rescue start date is excluded', startTime(undefined), IWG, { best: 'NR', flags: ['COUNTS_EXCLUDED_RESCUE(2)'] }],
  // §3.4 rules 1, 2, 4 and the cut-off (§3.1)
  ['evalEndDay: the end day itself is evaluable', censor({}), P({ evalEndDay: 28 }), { responseDay: 14, dor: { days: 14, event: false }, observedDays: 28 }],
  ['new therapy censors DoR at the last evaluable count', censor({ newTherapy: 30 }), IWG,
    { dor: { days: 14, event: false }, relapse: false, observedDays: 28, flags: ['NEW_THERAPY_CENSORED'] }],
  ['new therapy on a count date excludes that count', censor({ newTherapy: 35 }), IWG, { dor: { days: 14, event: false }, observedDays: 28 }],
  ['no new therapy: loss confirmed', censor({}), IWG, { dor: { days: 21, event: true }, relapse: true, observedDays: 36 }],
  ['cut-off between the two low counts: censored at the cut-off count', censor({ cutoff: 35 }), IWG,
    { dor: { days: 21, event: false }, relapse: false, observedDays: 35 }],
  ['new therapy after the cut-off: no censoring flag', censor({ cutoff: 36, newTherapy: 40 }), IWG, { dor: { days: 21, event: true }, flags: [] }],
  ['evalStartDay 10 admits Day 10', S([[-5, 10], [10, 50], [17, 50], [24, 50]]), P({ evalStartDay: 10 }), { responseDay: 10, dor: { days: 14, event: false } }],
  // §3.4 same-date rule
  ['untimed + timed on one date: only the lowest is used', S([[-5, 10], [14, 50], [21, 55], [21, 20, 480], [28, 60], [35, 60]]), IWG,
    { responseDay: 28, dor: { days: 7, event: false } }],
  ['all timed on one date: both kept in time order', S([[-5, 10], [14, 50], [21, 55, 960], [21, 20, 480], [28, 60], [35, 60]]), IWG,
    { responseDay: 21, dor: { days: 14, event: false } }],
  // §3.5 baseline
  ['lookback boundary: anchor - 30 is a candidate', S([[-35, 10], [14, 40], [21, 45]]), IWG, { baseline: 10, best: 'R' }],
  ['lookback boundary: anchor - 31 is not (R not evaluable -> NE)', S([[-36, 10], [14, 40], [21, 45]]), IWG,
    { baseline: null, best: 'NE', flags: ['BASELINE_MISSING'] }],
  ['LD anchor: counts between LD start and infusion are not candidates', anchor(-5), IWG, { baseline: 10, best: 'R', responseDay: 14 }],
  ['no LD: infusion anchor', anchor(null), IWG, { baseline: 100, best: 'NR' }],
  ['baselineAnchor INFUSION ignores the LD start', anchor(-5), P({ baselineAnchor: 'INFUSION' }), { baseline: 100, best: 'NR' }],
  ['tie, all timed: latest time', S([[-5, 12, 420], [-5, 20, 900], [14, 30], [21, 30]]), IWG, { baseline: 20, best: 'NR' }],
  ['tie, one untimed: lowest value', S([[-5, 12, 420], [-5, 20], [14, 30], [21, 30]]), IWG, { baseline: 12, best: 'R' }],
  ['rescue-affected candidates all dropped: latest one used, flagged', S([[-10, 9], [-5, 45], [14, 50], [21, 52]],
    { rescues: [{ type: 'IVIG', start: -12, end: -11 }] }), IWG, { baseline: 45, best: 'NR', flags: ['BASELINE_RESCUE_AFFECTED'] }],
  // §3.5 step 6 + §3.7: missing baseline -> R-level I above rLossThreshold, CR still assessed
  ['missing baseline: CR lost (F,F) while R-level counts are I, then R lost below 30',
    S([[-60, 5], [14, 150], [21, 160], [28, 50], [29, 40], [35, 20], [36, 10]]), IWG,
    { best: 'CR', crDay: 14, docr: { days: 14, event: true }, dor: { days: 21, event: true }, relapse: true,
      rEps: [ev(14, 35, true)], crEps: [ev(14, 28, true)], cumulative: 21, flags: ['BASELINE_MISSING'] }],
  // §3.6 bleeding: missing end date policy, threshold equality, blocking CR / R
  ['open-ended bleed ONGOING: every later count is F', bleed21, IWG, { best: 'NR', flags: ['BLEEDING_EVENT_OPEN_ENDED'] }],
  ['open-ended bleed START_DAY_ONLY: only its start day', bleed21, P({ bleedingMissingEndDate: 'START_DAY_ONLY' }),
    { responseDay: 28, dor: { days: 7, event: false } }],
  ['grade below the threshold is not bleeding', bleed21, P({ bleedingGradeThreshold: 3 }), { responseDay: 14, dor: { days: 21, event: false } }],
  ['bleeding with a high count: no CR and no R by default', bleed150, IWG, { best: 'NR' }],
  ['requireNoBleedingForCR false: CR (and R via CR) despite bleeding', bleed150, P({ requireNoBleedingForCR: false }),
    { best: 'CR', crDay: 14, responseDay: 14 }],
  ['requireNoBleedingForR false only: R but not CR', bleed150, P({ requireNoBleedingForR: false }), { best: 'R', crDay: null, responseDay: 14 }],
  // §3.7 comparators
  ['doubling comparator ">": exactly 2 x baseline is I, so it neither confirms nor confirms a loss',
    S([[-5, 15], [14, 30], [21, 30], [28, 40], [35, 40], [42, 30], [43, 30]]), P({ doublingComparator: '>' }),
    { responseDay: 28, dor: { days: 15, event: false }, relapse: false }],
  ['count 29.5 fails R even with baseline 0', S([[-5, 0], [14, 29.5], [21, 29.5]]), IWG, { best: 'NR' }],
  ['CR ">" preset: 100 is CR-I but R-Q; 101 is CR-Q', S([[-5, 10], [14, 100], [21, 101], [28, 101]]), P({ crComparator: '>' }),
    { responseDay: 14, crDay: 21, docr: { days: 7, event: false } }],
]

describe('explicit edge cases (§3.4-§3.7, §3.11)', () => {
  it.each(CASES)('%s', (_name, x, p, expected) => {
    const got = run(x, p)
    expect(got).toMatchObject(expected)
    expect(got).toEqual(reference(x, p))
  })

  it('§3.2 corticosteroidDependenceRule ON: >= 60 days downgrades R to NR; off by default', () => {
    const input = { ...toInput(resp14), corticosteroidDependenceDays: 60 }
    const on = withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { corticosteroidDependenceRule: 'ON' })
    expect(evaluateResponse(input, on).bestResponse).toBe('NR')
    expect(evaluateResponse({ ...input, corticosteroidDependenceDays: 59 }, on).bestResponse).toBe('R')
    expect(evaluateResponse(input).bestResponse).toBe('R')
  })
})
