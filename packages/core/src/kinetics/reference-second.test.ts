/**
 * Second, independent reference check of CAR kinetics (regimen-and-dosing.md §7) and B-cell aplasia (§8).
 *
 * The reference functions below were written from the doc prose alone, before reading the engine code.
 * Where the doc leaves a choice open, the reference follows the reading the engine documents in its header
 * (that is a reading, not a rule: the doc ambiguities are listed in the report, not imposed here):
 * - §7 Day <= 0 samples are pre-infusion (their level is replaced by the pre-infusion level), the curve starts
 *   at (Day 0, pre-infusion level);
 * - §7 the AUC ends at the sample closest to Day 28 within +-window (tie -> earlier, as in §6);
 * - §8 a sample is at/above when any configured measure is >= its cutoff, below when every configured
 *   measure is present and < its cutoff, otherwise not evaluable (skipped).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bCellAplasia, carKinetics, type BCellSample, type KineticsSample } from './index.js'

const SEED = 20261207

// ---------------------------------------------------------------------------------------------------------------
// §7 reference
// ---------------------------------------------------------------------------------------------------------------

interface RefKinOpts {
  lloq: number | null
  pre: number
  endDay: number
  endWindow: number
  before: 'zero' | 'exclude'
  after: 'exclude' | 'zero'
}
const KIN_DEFAULTS: RefKinOpts = { lloq: null, pre: 0, endDay: 28, endWindow: 2, before: 'zero', after: 'exclude' }

interface RefKin {
  cmax: number | null
  tmax: number | null
  clast: number | null
  tlast: number | null
  auc: number | null
  aucEndDay: number | null
  points: { day: number; level: number }[]
}

/** §7 "Clast / Tlast = last quantifiable level": a numeric level >= LLOQ (and > 0: 0 copies is not quantified). */
function quantifiable(level: number | 'BLQ', lloq: number | null): level is number {
  if (level === 'BLQ') return false
  if (lloq !== null && level < lloq) return false
  return level > 0
}

function refKinetics(samples: readonly KineticsSample[], o: RefKinOpts = KIN_DEFAULTS): RefKin {
  // stable sort by actual day (§7 "use actual sampling day")
  const post = samples
    .map((s, i) => ({ ...s, i }))
    .filter((s) => s.day > 0)
    .sort((a, b) => a.day - b.day || a.i - b.i)
  // §7 Cmax = maximum observed level after infusion; Tmax = first day of it
  let cmax: number | null = null
  let tmax: number | null = null
  let clast: number | null = null
  let tlast: number | null = null
  for (const s of post) {
    if (!quantifiable(s.level, o.lloq)) continue
    if (cmax === null || s.level > cmax) {
      cmax = s.level
      tmax = s.day
    }
    clast = s.level
    tlast = s.day
  }
  // §7 AUC: needs a sample within endDay +- window; ends at the one closest to endDay (tie -> earlier)
  let end: number | null = null
  for (const s of post) {
    if (Math.abs(s.day - o.endDay) > o.endWindow) continue
    if (end === null || Math.abs(s.day - o.endDay) < Math.abs(end - o.endDay)) end = s.day
  }
  // a Day 0 sample is pre-infusion; the window could in principle reach Day 0 (endDay <= endWindow)
  if (end === null && Math.abs(0 - o.endDay) <= o.endWindow && samples.some((s) => s.day <= 0)) end = 0
  if (end === null) return { cmax, tmax, clast, tlast, auc: null, aucEndDay: null, points: [] }
  const points: { day: number; level: number }[] = [{ day: 0, level: o.pre }]
  for (const s of post) {
    if (s.day > end) break
    if (quantifiable(s.level, o.lloq)) points.push({ day: s.day, level: s.level })
    else {
      const beforeTmax = tmax === null || s.day < tmax
      const rule = beforeTmax ? o.before : o.after
      if (rule === 'zero') points.push({ day: s.day, level: 0 })
    }
  }
  let auc = 0
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k]!
    const b = points[k + 1]!
    auc += ((b.day - a.day) * (a.level + b.level)) / 2
  }
  const last = points[points.length - 1]!
  return { cmax, tmax, clast, tlast, auc, aucEndDay: last.day, points }
}

function engineKin(samples: readonly KineticsSample[], o: RefKinOpts = KIN_DEFAULTS) {
  const r = carKinetics(samples, {
    lloq: o.lloq,
    preInfusionLevel: o.pre,
    aucEndDay: o.endDay,
    aucEndWindowDays: o.endWindow,
    blqBeforeTmax: o.before,
    blqAfterTmax: o.after,
  })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.value
}

function expectKinMatch(samples: readonly KineticsSample[], o: RefKinOpts = KIN_DEFAULTS) {
  const e = engineKin(samples, o)
  const r = refKinetics(samples, o)
  expect({ cmax: e.cmax, tmax: e.tmax, clast: e.clast, tlast: e.tlast }).toEqual({
    cmax: r.cmax,
    tmax: r.tmax,
    clast: r.clast,
    tlast: r.tlast,
  })
  if (r.auc === null) expect(e.auc).toBeNull()
  else {
    expect(e.auc).not.toBeNull()
    expect(e.auc!).toBeCloseTo(r.auc, 6)
    expect(e.aucPoints).toEqual(r.points)
    expect(e.aucEndDay).toBe(r.aucEndDay)
  }
}

const DOC_EXAMPLE: KineticsSample[] = [
  { day: 0, level: 0 },
  { day: 4, level: 1200 },
  { day: 7, level: 15000 },
  { day: 10, level: 42000 },
  { day: 14, level: 18000 },
  { day: 21, level: 5000 },
  { day: 28, level: 2100 },
]

describe('§7 worked example and its variants', () => {
  it('reference reproduces the doc: trapezoids 2 400 … 24 850, AUC 337 550, Cmax 42 000 at Day 10, Tlast 28', () => {
    const r = refKinetics(DOC_EXAMPLE)
    expect(r.auc).toBe(337550)
    expect(r.cmax).toBe(42000)
    expect(r.tmax).toBe(10)
    expect(r.tlast).toBe(28)
    const e = engineKin(DOC_EXAMPLE)
    expect(e.trapezoids).toEqual([2400, 24300, 85500, 120000, 80500, 24850])
    expect(e.auc).toBe(337550)
    expect(e.cmax).toBe(42000)
    expect(e.tmax).toBe(10)
    expect(e.clast).toBe(2100)
    expect(e.tlast).toBe(28)
    expect(e.aucEndDay).toBe(28)
  })

  it('"Tlast = Day 28 (if all later samples BLQ)": later BLQ samples (string and below LLOQ) do not move Tlast or the AUC', () => {
    const later: KineticsSample[] = [...DOC_EXAMPLE, { day: 42, level: 'BLQ' }, { day: 56, level: 40 }]
    const e = engineKin(later, { ...KIN_DEFAULTS, lloq: 50 })
    expect(e.tlast).toBe(28)
    expect(e.clast).toBe(2100)
    expect(e.auc).toBe(337550)
    // a quantifiable level after Day 28 moves Tlast but not the AUC0-28d
    const q = engineKin([...DOC_EXAMPLE, { day: 56, level: 60 }], { ...KIN_DEFAULTS, lloq: 50 })
    expect(q.tlast).toBe(56)
    expect(q.clast).toBe(60)
    expect(q.auc).toBe(337550)
    expectKinMatch(later, { ...KIN_DEFAULTS, lloq: 50 })
  })

  it('Day 0 omitted: the curve still starts at (0, pre-infusion level 0), the AUC is unchanged', () => {
    const noDay0 = DOC_EXAMPLE.slice(1)
    expect(engineKin(noDay0).auc).toBe(337550)
    expectKinMatch(noDay0)
  })

  it('pre-infusion level (PROTOCOL DECISION, default 0) with a non-default value and a pre-infusion sample', () => {
    const withPre: KineticsSample[] = [{ day: -6, level: 300 }, ...DOC_EXAMPLE]
    // default: the Day -6 level is not the curve start, the pre-infusion level 0 is
    expect(engineKin(withPre).auc).toBe(337550)
    const o = { ...KIN_DEFAULTS, pre: 100 }
    // first trapezoid becomes 4 x (100 + 1200) / 2 = 2600 (+200)
    expect(engineKin(withPre, o).auc).toBe(337750)
    expect(engineKin(withPre, o).cmax).toBe(42000)
    expectKinMatch(withPre, o)
  })

  it('Tmax tie -> first occurrence', () => {
    const s: KineticsSample[] = [
      { day: 3, level: 500 },
      { day: 9, level: 900 },
      { day: 12, level: 900 },
      { day: 28, level: 100 },
    ]
    expect(engineKin(s).tmax).toBe(9)
    // also when the input is given out of order
    expect(engineKin([...s].reverse()).tmax).toBe(9)
    expectKinMatch([...s].reverse())
  })

  it('BLQ before Tmax = 0 (default) or excluded; after Tmax excluded (default) or 0', () => {
    const s: KineticsSample[] = [
      { day: 0, level: 0 },
      { day: 2, level: 'BLQ' },
      { day: 7, level: 1000 },
      { day: 14, level: 'BLQ' },
      { day: 28, level: 200 },
    ]
    // default: points (0,0) (2,0) (7,1000) (28,200): 0 + 5*500 + 21*600 = 2500 + 12600 = 15100
    expect(engineKin(s).auc).toBe(15100)
    // before excluded: (0,0) (7,1000) (28,200): 3500 + 12600 = 16100
    expect(engineKin(s, { ...KIN_DEFAULTS, before: 'exclude' }).auc).toBe(16100)
    // after as zero: (0,0) (2,0) (7,1000) (14,0) (28,200): 2500 + 3500 + 1400 = 7400
    expect(engineKin(s, { ...KIN_DEFAULTS, after: 'zero' }).auc).toBe(7400)
    for (const before of ['zero', 'exclude'] as const)
      for (const after of ['zero', 'exclude'] as const) expectKinMatch(s, { ...KIN_DEFAULTS, before, after })
  })

  it('LLOQ comparator: a level equal to the LLOQ is quantifiable, just below is BLQ', () => {
    const s: KineticsSample[] = [
      { day: 5, level: 50 },
      { day: 10, level: 400 },
      { day: 20, level: 49.999 },
      { day: 27, level: 50 },
    ]
    const e = engineKin(s, { ...KIN_DEFAULTS, lloq: 50 })
    expect(e.tlast).toBe(27)
    expect(e.clast).toBe(50)
    // Day 20 excluded (after Tmax): (0,0)(5,50)(10,400)(27,50)
    expect(e.aucPoints.map((p) => p.day)).toEqual([0, 5, 10, 27])
    expect(e.auc).toBe(125 + 1125 + 3825)
    expectKinMatch(s, { ...KIN_DEFAULTS, lloq: 50 })
  })

  it('end window: Day 26 and Day 30 qualify, 25 and 31 do not; closest to Day 28 wins, tie -> earlier', () => {
    const base: KineticsSample[] = [
      { day: 7, level: 1000 },
      { day: 14, level: 800 },
    ]
    for (const d of [26, 30]) expect(engineKin([...base, { day: d, level: 100 }]).aucEndDay).toBe(d)
    for (const d of [25, 31]) expect(engineKin([...base, { day: d, level: 100 }]).auc).toBeNull()
    // 27 and 29 equidistant -> earlier (27); 26 and 29 -> 29 is closer
    expect(engineKin([...base, { day: 29, level: 10 }, { day: 27, level: 20 }]).aucEndDay).toBe(27)
    expect(engineKin([...base, { day: 26, level: 10 }, { day: 29, level: 20 }]).aucEndDay).toBe(29)
    // a non-default end day / window (PROTOCOL DECISION parameters)
    const o = { ...KIN_DEFAULTS, endDay: 14, endWindow: 0 }
    expect(engineKin(base, o).aucEndDay).toBe(14)
    expect(engineKin(base, o).auc).toBe(3500 + 6300)
    expect(engineKin([...base.slice(0, 1), { day: 15, level: 5 }], o).auc).toBeNull()
    expectKinMatch([...base, { day: 26, level: 10 }, { day: 29, level: 20 }])
  })

  it('degenerate inputs: no samples, only pre-infusion samples, all BLQ', () => {
    const none = engineKin([])
    expect([none.cmax, none.tmax, none.clast, none.tlast, none.auc]).toEqual([null, null, null, null, null])
    const pre = engineKin([{ day: -3, level: 0 }, { day: 0, level: 12 }])
    expect([pre.cmax, pre.tmax, pre.clast, pre.tlast, pre.auc]).toEqual([null, null, null, null, null])
    const blq: KineticsSample[] = [
      { day: 7, level: 'BLQ' },
      { day: 28, level: 'BLQ' },
    ]
    const b = engineKin(blq)
    expect([b.cmax, b.tmax, b.clast, b.tlast]).toEqual([null, null, null, null])
    expect(b.auc).toBe(0)
    expectKinMatch(blq)
  })
})

// generated samples: distinct days (fractional allowed), some BLQ / zeros / pre-infusion
const sampleArb = fc
  .uniqueArray(fc.integer({ min: -8, max: 70 }), { minLength: 0, maxLength: 12 })
  .chain((days) =>
    fc.tuple(
      fc.constant(days),
      fc.array(
        fc.oneof(
          { weight: 1, arbitrary: fc.constant<'BLQ'>('BLQ') },
          { weight: 1, arbitrary: fc.constantFrom(0, 49, 50, 51) },
          { weight: 5, arbitrary: fc.integer({ min: 1, max: 60000 }) },
        ),
        { minLength: days.length, maxLength: days.length },
      ),
      fc.boolean(),
    ),
  )
  .map(([days, levels, halves]) =>
    days.map((d, k): KineticsSample => ({ day: halves && d % 3 === 0 ? d + 0.5 : d, level: levels[k]! })),
  )
const optsArb = fc.record({
  lloq: fc.constantFrom(null, 50),
  pre: fc.constantFrom(0, 25),
  endDay: fc.constantFrom(28, 21, 56),
  endWindow: fc.constantFrom(2, 0, 4),
  before: fc.constantFrom<'zero' | 'exclude'>('zero', 'exclude'),
  after: fc.constantFrom<'exclude' | 'zero'>('exclude', 'zero'),
})

describe('§7 property comparison', () => {
  it('generated sample sets and all parameter variants agree with the reference', () => {
    fc.assert(
      fc.property(sampleArb, optsArb, (s, o) => {
        expectKinMatch(s, o)
      }),
      { seed: SEED, numRuns: 1500 },
    )
  })
  it('the order of the input does not matter', () => {
    fc.assert(
      fc.property(sampleArb, (s) => {
        const a = engineKin(s)
        const b = engineKin([...s].reverse())
        expect(b).toEqual(a)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §8 reference
// ---------------------------------------------------------------------------------------------------------------

interface RefBOpts {
  pct: number | null
  abs: number | null
  n: number
}
type Cls = 'below' | 'at-or-above' | 'not-evaluable'

function refClass(s: BCellSample, o: RefBOpts): Cls {
  const measures: [number | null | undefined, number][] = []
  if (o.pct !== null) measures.push([s.cd19PercentOfLymphocytes, o.pct])
  if (o.abs !== null) measures.push([s.cd19PerUl, o.abs])
  // §8 recovery = "at/above cutoff" (>=); aplasia = "below" (<); README "Comparators"
  if (measures.some(([v, c]) => v !== null && v !== undefined && v >= c)) return 'at-or-above'
  if (measures.length > 0 && measures.every(([v, c]) => v !== null && v !== undefined && v < c)) return 'below'
  return 'not-evaluable'
}

function refAplasia(samples: readonly BCellSample[], o: RefBOpts) {
  const ev = samples
    .map((s, i) => ({ day: s.day, cls: refClass(s, o), i }))
    .sort((a, b) => a.day - b.day || a.i - b.i)
    .filter((s) => s.cls !== 'not-evaluable')
  // §8 onset = first of n consecutive (evaluable) samples below cutoff
  const firstRun = (from: number, cls: Cls): number | null => {
    for (let k = from; k + o.n <= ev.length; k++) {
      let all = true
      for (let j = k; j < k + o.n; j++) if (ev[j]!.cls !== cls) all = false
      if (all) return k
    }
    return null
  }
  const on = firstRun(0, 'below')
  if (on === null) return { onsetDay: null, recoveryDay: null, durationDays: null, censored: false }
  const rec = firstRun(on, 'at-or-above')
  const onsetDay = ev[on]!.day
  if (rec === null) {
    const last = ev[ev.length - 1]!.day
    return { onsetDay, recoveryDay: null, durationDays: last - onsetDay, censored: true }
  }
  const recoveryDay = ev[rec]!.day
  return { onsetDay, recoveryDay, durationDays: recoveryDay - onsetDay, censored: false }
}

function engineB(samples: readonly BCellSample[], o: RefBOpts) {
  const r = bCellAplasia(samples, { percentCutoff: o.pct, absoluteCutoff: o.abs, confirmations: o.n })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.value
}
const B_DEFAULTS: RefBOpts = { pct: 1, abs: 100, n: 2 }

const DOC_B: BCellSample[] = [
  [0, 12, 150],
  [7, 0.1, 2],
  [14, 0.0, 0],
  [28, 0.0, 0],
  [56, 0.4, 5],
  [84, 1.8, 40],
  [112, 3.5, 110],
].map(([day, p, a]) => ({ day: day!, cd19PercentOfLymphocytes: p!, cd19PerUl: a! }))

describe('§8 B-cell aplasia', () => {
  it('worked example: below column no,yes,yes,yes,yes,no,no; onset 7; recovery 84 (via %); duration 77', () => {
    const e = engineB(DOC_B, B_DEFAULTS)
    expect(e.classified.map((c) => c.class)).toEqual([
      'at-or-above',
      'below',
      'below',
      'below',
      'below',
      'at-or-above',
      'at-or-above',
    ])
    expect([e.onsetDay, e.recoveryDay, e.durationDays, e.censored]).toEqual([7, 84, 77, false])
    expect(refAplasia(DOC_B, B_DEFAULTS)).toEqual({ onsetDay: 7, recoveryDay: 84, durationDays: 77, censored: false })
  })

  it('the % criterion alone: with the absolute cutoff disabled the example is unchanged; with % disabled recovery is Day 112', () => {
    const noAbs = engineB(DOC_B, { ...B_DEFAULTS, abs: null })
    expect([noAbs.onsetDay, noAbs.recoveryDay, noAbs.durationDays]).toEqual([7, 84, 77])
    // absolute only: Day 84 (40) is below, Day 112 (110) at/above but unconfirmed -> censored at Day 112
    const noPct = engineB(DOC_B, { ...B_DEFAULTS, pct: null })
    expect([noPct.onsetDay, noPct.recoveryDay, noPct.durationDays, noPct.censored]).toEqual([7, null, 105, true])
  })

  it('one unconfirmed rise does not end aplasia; an isolated low does not start it', () => {
    const s: BCellSample[] = [
      [0, 5],
      [3, 0.5],
      [5, 4],
      [7, 0.2],
      [10, 0.1],
      [14, 2],
      [21, 0.3],
      [28, 1.0],
      [35, 1.5],
    ].map(([day, p]) => ({ day: day!, cd19PercentOfLymphocytes: p!, cd19PerUl: 0 }))
    const e = engineB(s, B_DEFAULTS)
    expect([e.onsetDay, e.recoveryDay, e.durationDays, e.censored]).toEqual([7, 28, 21, false])
  })

  it('censored at the last evaluable sample when no recovery; no onset without two consecutive lows', () => {
    const s: BCellSample[] = [
      { day: 0, cd19PercentOfLymphocytes: 10, cd19PerUl: 200 },
      { day: 7, cd19PercentOfLymphocytes: 0.1, cd19PerUl: 1 },
      { day: 14, cd19PercentOfLymphocytes: 0.1, cd19PerUl: 1 },
      { day: 28, cd19PercentOfLymphocytes: 3, cd19PerUl: 150 },
      { day: 40, cd19PercentOfLymphocytes: null, cd19PerUl: null },
    ]
    const e = engineB(s, B_DEFAULTS)
    expect([e.onsetDay, e.recoveryDay, e.durationDays, e.censored]).toEqual([7, null, 21, true])
    const one = engineB(s.slice(0, 2), B_DEFAULTS)
    expect([one.onsetDay, one.recoveryDay, one.durationDays, one.censored]).toEqual([null, null, null, false])
    const empty = engineB([], B_DEFAULTS)
    expect([empty.onsetDay, empty.durationDays]).toEqual([null, null])
  })

  it('a value that is not a measurement (NaN, negative, Infinity, NaN day) is an input error, never "below cutoff"', () => {
    // before the fix NaN >= 1 was false, so two NaN samples made an aplasia onset on Day 7
    const nan: BCellSample[] = [
      { day: 7, cd19PercentOfLymphocytes: Number.NaN },
      { day: 14, cd19PercentOfLymphocytes: Number.NaN },
    ]
    const r = bCellAplasia(nan, { absoluteCutoff: null })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.issues.map((i) => i.path)).toEqual([
      [0, 'cd19PercentOfLymphocytes'],
      [1, 'cd19PercentOfLymphocytes'],
    ])
    expect(bCellAplasia([{ day: 7, cd19PercentOfLymphocytes: 0.1, cd19PerUl: -1 }]).ok).toBe(false)
    expect(bCellAplasia([{ day: 7, cd19PercentOfLymphocytes: Number.POSITIVE_INFINITY, cd19PerUl: 1 }]).ok).toBe(false)
    expect(bCellAplasia([{ day: Number.NaN, cd19PercentOfLymphocytes: 0.1, cd19PerUl: 1 }]).ok).toBe(false)
    // missing (null / absent) stays "not evaluable", not an error
    expect(bCellAplasia([{ day: 7, cd19PercentOfLymphocytes: null }, { day: 8 }]).ok).toBe(true)
  })

  it('confirmations (PROTOCOL DECISION, default 2) = 1 and 3', () => {
    expect(engineB(DOC_B, { ...B_DEFAULTS, n: 1 }).recoveryDay).toBe(84)
    const three = engineB(DOC_B, { ...B_DEFAULTS, n: 3 })
    expect([three.onsetDay, three.recoveryDay, three.censored, three.durationDays]).toEqual([7, null, true, 105])
  })
})

const bSampleArb = fc
  .uniqueArray(fc.integer({ min: -10, max: 200 }), { maxLength: 14 })
  .chain((days) =>
    fc.tuple(
      fc.constant(days),
      fc.array(
        fc.record({
          p: fc.oneof(fc.constant(null), fc.constantFrom(0, 0.5, 0.99, 1, 1.01, 4)),
          a: fc.oneof(fc.constant(null), fc.constantFrom(0, 40, 99.9, 100, 150)),
        }),
        { minLength: days.length, maxLength: days.length },
      ),
    ),
  )
  .map(([days, v]) =>
    days.map((day, k): BCellSample => ({ day, cd19PercentOfLymphocytes: v[k]!.p, cd19PerUl: v[k]!.a })),
  )

describe('§8 property comparison', () => {
  it('generated series (unsorted, missing measures, cutoff equality, parameter variants) agree with the reference', () => {
    fc.assert(
      fc.property(
        bSampleArb,
        fc.record({
          pct: fc.constantFrom<number | null>(1, null, 0.5),
          abs: fc.constantFrom<number | null>(100, null, 40),
          n: fc.constantFrom(2, 1, 3),
        }),
        (s, o) => {
          if (o.pct === null && o.abs === null) {
            // at least one cutoff is needed to classify anything
            expect(bCellAplasia(s, { percentCutoff: null, absoluteCutoff: null }).ok).toBe(false)
            return
          }
          const e = engineB(s, o)
          const r = refAplasia(s, o)
          expect({ onsetDay: e.onsetDay, recoveryDay: e.recoveryDay, durationDays: e.durationDays, censored: e.censored }).toEqual(r)
          for (const c of e.classified) {
            const src = s.find((x) => x.day === c.day)!
            expect(c.class).toBe(refClass(src, o))
          }
        },
      ),
      { seed: SEED, numRuns: 1500 },
    )
  })
})
