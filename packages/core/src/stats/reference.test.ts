/**
 * Independent differential check of the statistics engines against a small reference implementation
 * written from domain/statistics.md alone (and R's documented behaviour where the doc says to match R:
 * binom.test, survival::survfit / print.survfit, quantile type 7). Test-only; nothing here is exported.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  clopperPearson,
  formatPercent,
  formatPercentWithCi,
  kaplanMeier,
  normalQuantile,
  reverseKaplanMeier,
  sampleMedianRange,
  sampleQuantile,
  survivalAt,
  type SurvivalConfType,
} from './index.js'
import { refBetaCdf } from './fixtures/reference-beta.js'

const FC = { seed: 20261207, numRuns: 300 }

// ===================== Reference implementation (from statistics.md only) =====================

/** q-quantile of Beta(a, b) by bisection on the CDF (monotone). */
function refBetaInv(q: number, a: number, b: number): number {
  let lo = 0
  let hi = 1
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2
    if (mid === lo || mid === hi) break
    if (refBetaCdf(mid, a, b) < q) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** §2 Clopper–Pearson (binom.test): lower 0 at x = 0, upper 1 at x = n. */
function refClopperPearson(x: number, n: number, conf = 0.95): { lower: number; upper: number } {
  const alpha = 1 - conf
  return {
    lower: x === 0 ? 0 : refBetaInv(alpha / 2, x, n - x + 1),
    upper: x === n ? 1 : refBetaInv(1 - alpha / 2, x + 1, n - x),
  }
}

/** Standard normal CDF by the everywhere-convergent series Phi(x) = 1/2 + phi(x) sum x^(2k+1)/(2k+1)!!. */
function refPhi(x: number): number {
  let term = x
  let sum = x
  for (let k = 1; k < 500; k++) {
    term *= (x * x) / (2 * k + 1)
    sum += term
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break
  }
  return 0.5 + (Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)) * sum
}

function refQnorm(p: number): number {
  let lo = -10
  let hi = 10
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2
    if (refPhi(mid) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

// ---------------- §1 descriptive ----------------
function refMedian(v: number[]): number {
  const s = v.slice().sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** §2 display: round half up to one decimal of the percentage (exact rational x/n). */
function refPercentText(x: number, n: number): string {
  // 1000x/n, round half up: floor((2000x + n) / (2n))
  const tenths = Math.floor((2000 * x + n) / (2 * n))
  return `${Math.floor(tenths / 10)}.${tenths % 10}`
}

// ---------------- §3 Kaplan–Meier ----------------
interface RefKmRow {
  time: number
  nRisk: number
  nEvent: number
  surv: number
  seLog: number
  lower: number | null
  upper: number | null
}

type RefConfType = 'plain' | 'log' | 'log-log'

/** §3.1: rows at distinct event times; censorings at a tied time are at risk. CI as R survfit (NA at S = 0; log-log NA at S = 1). */
function refKm(time: number[], event: number[], confType: RefConfType, conf = 0.95): RefKmRow[] {
  const z = refQnorm(1 - (1 - conf) / 2)
  const ts = [...new Set(time.filter((_, i) => event[i] === 1))].sort((a, b) => a - b)
  let s = 1
  let v = 0
  const rows: RefKmRow[] = []
  for (const t of ts) {
    const n = time.filter((u) => u >= t).length
    const d = time.filter((u, i) => u === t && event[i] === 1).length
    s *= 1 - d / n
    v += d / (n * (n - d))
    const se = Math.sqrt(v)
    let lower: number | null = null
    let upper: number | null = null
    if (confType === 'plain') {
      if (Number.isFinite(se)) {
        lower = Math.max(s - z * se * s, 0)
        upper = Math.min(s + z * se * s, 1)
      } else {
        // R: se*p with p = 0, se = Inf -> NaN
        lower = null
        upper = null
      }
    } else if (confType === 'log') {
      if (s > 0) {
        lower = Math.exp(Math.log(s) - z * se)
        upper = Math.min(Math.exp(Math.log(s) + z * se), 1)
      }
    } else {
      if (s > 0 && s < 1) {
        const se2 = (z * se) / Math.log(s)
        lower = Math.exp(-Math.exp(Math.log(-Math.log(s)) - se2))
        upper = Math.exp(-Math.exp(Math.log(-Math.log(s)) + se2))
      }
    }
    rows.push({ time: t, nRisk: n, nEvent: d, surv: s, seLog: se, lower, upper })
  }
  return rows
}

/** R survival:::survmean minmin(): tolerance sqrt(eps); plateau at 0.5 -> midpoint with next drop. x must include all rows. */
function refMinMin(y: (number | null)[], x: number[]): number | null {
  const tol = Math.sqrt(2.220446049250313e-16)
  const keep: number[] = []
  for (let i = 0; i < y.length; i++) if (y[i] !== null && y[i]! < 0.5 + tol) keep.push(i)
  if (keep.length === 0) return null
  const y0 = y[keep[0]!]!
  const x0 = x[keep[0]!]!
  if (Math.abs(y0 - 0.5) < tol) {
    const nxt = keep.find((i) => y[i]! < y0)
    if (nxt !== undefined) return (x0 + x[nxt]!) / 2
  }
  return x0
}

/** §3.1 median and CI (as R print.survfit). null = NR. */
function refKmMedian(time: number[], event: number[], confType: RefConfType, conf = 0.95) {
  const rows = refKm(time, event, confType, conf)
  return {
    median: refMinMin(
      rows.map((r) => r.surv),
      rows.map((r) => r.time),
    ),
    lower: refMinMin(
      rows.map((r) => r.lower),
      rows.map((r) => r.time),
    ),
    upper: refMinMin(
      rows.map((r) => r.upper),
      rows.map((r) => r.time),
    ),
  }
}

/** S(t) step function (right-continuous). */
function refSurvAt(time: number[], event: number[], t: number): number {
  let s = 1
  for (const r of refKm(time, event, 'log')) if (r.time <= t) s = r.surv
  return s
}

/** R quantile(type = 7): index = 1 + (n − 1)p, (1 − h) x[lo] + h x[hi]. */
function refQuantile7(v: number[], p: number): number {
  const s = v.slice().sort((a, b) => a - b)
  const index = (s.length - 1) * p
  const lo = Math.floor(index)
  const hi = Math.ceil(index)
  const h = index - lo
  return h === 0 || s[hi] === s[lo] ? s[lo]! : (1 - h) * s[lo]! + h * s[hi]!
}

// ===================== Tests =====================

const close = (a: number | null, b: number | null, tol: number) => {
  if (a === null || b === null) return expect(a).toBe(b)
  if (!Number.isFinite(b)) return expect(a).toBe(b)
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol)
}

describe('reference model reproduces the doc (validates the reference itself)', () => {
  it('§2 verified Clopper–Pearson table', () => {
    const tab: [number, number, number, number][] = [
      [3, 4, 0.19412, 0.993691],
      [0, 4, 0, 0.602365],
      [4, 4, 0.397635, 1],
      [1, 10, 0.002529, 0.445016],
      [1, 4, 0.006309, 0.80588],
      [2, 4, 0.067586, 0.932414],
      [0, 3, 0, 0.707598],
      [1, 3, 0.008404, 0.905701],
      [1, 6, 0.004211, 0.641235],
      [2, 6, 0.043272, 0.777222],
      [0, 9, 0, 0.336267],
      [3, 9, 0.074855, 0.700705],
      [9, 9, 0.663733, 1],
      [0, 12, 0, 0.264648],
      [3, 12, 0.054861, 0.571858],
    ]
    for (const [x, n, lo, up] of tab) {
      const r = refClopperPearson(x, n)
      expect(Math.abs(r.lower - lo)).toBeLessThanOrEqual(1e-6)
      expect(Math.abs(r.upper - up)).toBeLessThanOrEqual(1e-6)
    }
    expect(refQnorm(0.975)).toBeCloseTo(1.959964, 6)
  })

  it('§3.2-3.4 worked examples A, B, C', () => {
    const a = refKm([30, 45, 60, 90, 120, 200], [1, 0, 1, 0, 1, 0], 'log')
    expect(a.map((r) => +r.surv.toFixed(4))).toEqual([0.8333, 0.625, 0.3125])
    expect(a.map((r) => +r.lower!.toFixed(4))).toEqual([0.5827, 0.32, 0.0671])
    const ll = refKm([30, 45, 60, 90, 120, 200], [1, 0, 1, 0, 1, 0], 'log-log')
    expect(ll.map((r) => +r.lower!.toFixed(4))).toEqual([0.2731, 0.1419, 0.0127])
    expect(ll.map((r) => +r.upper!.toFixed(4))).toEqual([0.9747, 0.8931, 0.7337])
    expect(refKmMedian([30, 45, 60, 90, 120, 200], [1, 0, 1, 0, 1, 0], 'log')).toEqual({
      median: 120,
      lower: 60,
      upper: null,
    })
    expect(refKmMedian([30, 45, 60, 90, 120, 200], [1, 0, 1, 0, 1, 0], 'log-log')).toEqual({
      median: 120,
      lower: 30,
      upper: null,
    })
    expect(refKmMedian([30, 45, 60, 90, 120, 200], [1, 0, 1, 0, 1, 0], 'plain')).toEqual({
      median: 120,
      lower: 60,
      upper: null,
    })
    const bt = [20, 35, 35, 50, 80, 150, 150, 210]
    const be = [1, 1, 0, 1, 1, 0, 1, 0]
    expect(refKm(bt, be, 'log').map((r) => r.nRisk)).toEqual([8, 7, 5, 4, 3])
    expect(refKmMedian(bt, be, 'log')).toEqual({ median: 80, lower: 50, upper: null })
    expect(refKmMedian(bt, be, 'log-log')).toEqual({ median: 80, lower: 20, upper: null })
    expect(refKmMedian([10, 20, 30, 40], [1, 1, 1, 1], 'log')).toEqual({ median: 25, lower: 10, upper: null })
    expect(refSurvAt([30, 45, 60, 90, 120, 200], [1, 0, 1, 0, 1, 0], 182)).toBe(0.3125)
  })
})

describe('engine vs doc worked examples not pinned elsewhere', () => {
  it('§3.4 example C under every CI type (median 25; upper NR because the bands are NA at S = 0)', () => {
    for (const confType of ['log', 'log-log', 'plain'] as const) {
      const fit = kaplanMeier([10, 20, 30, 40], [1, 1, 1, 1], { confType })
      const ref = refKmMedian([10, 20, 30, 40], [1, 1, 1, 1], confType)
      expect(fit.median).toEqual({ estimate: ref.median, lower: ref.lower, upper: ref.upper })
      expect(fit.median.estimate).toBe(25)
    }
  })
  it('§2 display strings of the verified table', () => {
    const disp: [number, number, string][] = [
      [3, 4, '75.0 % (19.4–99.4)'],
      [0, 4, '0.0 % (0.0–60.2)'],
      [4, 4, '100.0 % (39.8–100.0)'],
      [1, 10, '10.0 % (0.3–44.5)'],
      [1, 4, '25.0 % (0.6–80.6)'],
      [2, 4, '50.0 % (6.8–93.2)'],
      [0, 3, '0.0 % (0.0–70.8)'],
      [1, 3, '33.3 % (0.8–90.6)'],
      [1, 6, '16.7 % (0.4–64.1)'],
      [2, 6, '33.3 % (4.3–77.7)'],
      [0, 9, '0.0 % (0.0–33.6)'],
      [3, 9, '33.3 % (7.5–70.1)'],
      [9, 9, '100.0 % (66.4–100.0)'],
      [0, 12, '0.0 % (0.0–26.5)'],
      [3, 12, '25.0 % (5.5–57.2)'],
    ]
    for (const [x, n, s] of disp) expect(formatPercentWithCi(x, n, clopperPearson(x, n))).toBe(s)
  })
})

/** times with many ties (small integer grid) or fractional times; events 0/1 */
const survArb = fc.integer({ min: 1, max: 25 }).chain((n) =>
  fc.record({
    time: fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 400 }).map((k) => k / 4) },
      ),
      { minLength: n, maxLength: n },
    ),
    event: fc.array(fc.oneof(fc.constant(0), fc.constant(1), fc.constant(1)), { minLength: n, maxLength: n }),
  }),
)
const confArb = fc.constantFrom<SurvivalConfType>('log', 'log-log', 'plain')
const levelArb = fc.oneof(
  fc.constant(0.95),
  fc.constantFrom(0.8, 0.9, 0.99),
  fc.double({ min: 0.5, max: 0.999, noNaN: true }),
)

describe('S reaching 0.5 only up to floating-point noise (print.survfit compares with tolerance √ε)', () => {
  it('12 subjects, events at 1..7: S(6) = 6/12 computes as 0.4999999999999999, median = (6 + 7) / 2', () => {
    const t = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    const e = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    const fit = kaplanMeier(t, e, { confType: 'log' })
    expect(fit.rows[5]!.surv).not.toBe(0.5)
    expect(fit.median.estimate).toBe(6.5)
    expect(refKmMedian(t, e, 'log').median).toBe(6.5)
  })
  it('9 subjects, events at 1, 2, 3, 6, 7, 8, censored at 4, 5, 9: median 6.5', () => {
    const t = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    const e = [1, 1, 1, 0, 0, 1, 1, 1, 0]
    for (const confType of ['log', 'log-log', 'plain'] as const) {
      const ref = refKmMedian(t, e, confType)
      expect(ref.median).toBe(6.5)
      expect(kaplanMeier(t, e, { confType }).median).toEqual({
        estimate: ref.median,
        lower: ref.lower,
        upper: ref.upper,
      })
    }
  })
})

describe('engine vs reference on generated inputs', () => {
  it('Clopper–Pearson (§2): x = 0 and x = n closed forms, any n ≤ 400, α variations', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 400 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.oneof(fc.constant(0), fc.constant(n), fc.integer({ min: 0, max: n })),
            ),
          ),
        levelArb,
        ([n, x], level) => {
          const e = clopperPearson(x, n, level)
          const r = refClopperPearson(x, n, level)
          close(e.lower, r.lower, 1e-9)
          close(e.upper, r.upper, 1e-9)
          if (x === 0) {
            expect(e.lower).toBe(0)
            close(e.upper, 1 - ((1 - level) / 2) ** (1 / n), 1e-12)
          }
          if (x === n) {
            expect(e.upper).toBe(1)
            close(e.lower, ((1 - level) / 2) ** (1 / n), 1e-12)
          }
        },
      ),
      FC,
    )
  })

  it('Kaplan–Meier rows (§3.1): S, Greenwood se, log / log-log / plain CI, ties, all censored, single subject', () => {
    fc.assert(
      fc.property(survArb, confArb, levelArb, ({ time, event }, confType, level) => {
        const fit = kaplanMeier(time, event, { confType, level })
        const ref = refKm(time, event, confType, level)
        const evRows = fit.rows.filter((r) => r.nEvent > 0)
        expect(evRows.map((r) => [r.time, r.nRisk, r.nEvent])).toEqual(
          ref.map((r) => [r.time, r.nRisk, r.nEvent]),
        )
        evRows.forEach((r, i) => {
          const q = ref[i]!
          close(r.surv, q.surv, 1e-12)
          close(r.stdErrLog, q.seLog, 1e-10)
          close(r.lower, q.lower, 1e-9)
          close(r.upper, q.upper, 1e-9)
          if (r.lower !== null) expect(r.lower).toBeGreaterThanOrEqual(0)
          if (r.upper !== null) expect(r.upper).toBeLessThanOrEqual(1)
        })
        // all distinct observed times appear once, in order
        expect(fit.rows.map((r) => r.time)).toEqual([...new Set(time)].sort((a, b) => a - b))
      }),
      FC,
    )
  })

  it('median and its CI (§3.1, as print.survfit), plateau at exactly 0.5, reverse KM follow-up', () => {
    fc.assert(
      fc.property(survArb, confArb, levelArb, ({ time, event }, confType, level) => {
        const fit = kaplanMeier(time, event, { confType, level })
        const ref = refKmMedian(time, event, confType, level)
        expect(fit.median).toEqual({ estimate: ref.median, lower: ref.lower, upper: ref.upper })
        const rev = reverseKaplanMeier(time, event, { confType, level })
        const rref = refKmMedian(
          time,
          event.map((e) => 1 - e),
          confType,
          level,
        )
        expect(rev.median).toEqual({ estimate: rref.median, lower: rref.lower, upper: rref.upper })
      }),
      FC,
    )
  })

  it('landmark S(t) (§3.5) is the right-continuous step function', () => {
    fc.assert(
      fc.property(
        survArb,
        fc.integer({ min: 0, max: 420 }).map((k) => k / 4),
        ({ time, event }, t) => {
          const fit = kaplanMeier(time, event, { confType: 'log' })
          close(survivalAt(fit, t).surv, refSurvAt(time, event, t), 1e-12)
          const ev = refKm(time, event, 'log').filter((r) => r.time <= t)
          if (ev.length > 0) {
            const last = ev[ev.length - 1]!
            close(survivalAt(fit, t).lower, last.lower, 1e-9)
            close(survivalAt(fit, t).upper, last.upper, 1e-9)
          }
        },
      ),
      FC,
    )
  })

  it('median (range) (§1), quantile type 7, percent display (§1, §2 round half up), normal quantile', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e3, max: 1e3, noNaN: true })),
          { minLength: 1, maxLength: 15 },
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc
          .integer({ min: 1, max: 5000 })
          .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        fc.double({ min: 1e-4, max: 1 - 1e-4, noNaN: true }), // the reference Φ series cancels in the far tails
        (v, p, [x, n], q) => {
          const m = sampleMedianRange(v)
          expect(m.median).toBe(refMedian(v))
          expect(m.min).toBe(Math.min(...v))
          expect(m.max).toBe(Math.max(...v))
          close(sampleQuantile(v, p), refQuantile7(v, p), 1e-9 * (1 + Math.max(...v.map(Math.abs))))
          expect(formatPercent(x, n)).toBe(`${refPercentText(x, n)} %`)
          close(normalQuantile(q), refQnorm(q), 1e-10)
        },
      ),
      FC,
    )
  })
})
