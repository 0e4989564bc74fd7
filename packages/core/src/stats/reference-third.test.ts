/**
 * Third independent reference check of the statistics engine against domain/statistics.md.
 *
 * The reference functions below were written from the doc prose alone (before reading the engine) and are
 * compared with the engine on the doc's worked examples, hand-picked R `survfit` edge cases (ties, time 0,
 * all censored, single subject, S exactly 0.5 from a non-dyadic product, curve ending at 0.5, S = 0 / S = 1
 * bands, confidence levels other than 0.95), Clopper–Pearson at x = 0 / x = n with other levels, and
 * round-half-up display. Property checks use fast-check with the fixed seed 20261208.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  clopperPearson,
  formatPercent,
  formatPercentLimit,
  formatPercentWithCi,
  kaplanMeier,
  reverseKaplanMeier,
  sampleMedianRange,
  survivalAt,
  type KaplanMeierFit,
  type SurvivalConfType,
} from './index.js'

const SEED = 20261208

// ---------------------------------------------------------------------------------------------------------
// Reference implementation (from the doc only)
// ---------------------------------------------------------------------------------------------------------

/** §1 Median: sort; odd n → middle value; even n → mean of the two middle values. */
function refMedian(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** §1 Percent / §2 display: 100·x/n, one decimal, round half up — exact integer arithmetic on tenths. */
function refPercentText(x: number, n: number): string {
  const tenths = Math.floor((2000 * x + n) / (2 * n))
  return `${Math.floor(tenths / 10)}.${tenths % 10}`
}

/** §2 display of a CI limit (0–1 scale) as a percentage, one decimal, round half up. */
function refLimitText(p: number): string {
  const tenths = Math.floor(p * 1000 + 0.5)
  return `${Math.floor(tenths / 10)}.${tenths % 10}`
}

function choose(n: number, k: number): number {
  let r = 1
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i
  return r
}
/** P(X ≥ x) for X ~ Bin(n, p); equals I_p(x, n − x + 1), so BetaInv(q; x, n−x+1) solves it = q. */
function binomUpper(n: number, x: number, p: number): number {
  let s = 0
  for (let k = x; k <= n; k++) s += choose(n, k) * p ** k * (1 - p) ** (n - k)
  return s
}
/** P(X ≤ x) = 1 − I_p(x + 1, n − x), so BetaInv(1 − q; x+1, n−x) solves it = q. */
function binomLower(n: number, x: number, p: number): number {
  let s = 0
  for (let k = 0; k <= x; k++) s += choose(n, k) * p ** k * (1 - p) ** (n - k)
  return s
}
function bisect(f: (p: number) => number, target: number, increasing: boolean): number {
  let lo = 0
  let hi = 1
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2
    if (f(mid) < target === increasing) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}
/** §2: lower = BetaInv(α/2; x, n−x+1), 0 when x = 0; upper = BetaInv(1−α/2; x+1, n−x), 1 when x = n. */
function refClopperPearson(x: number, n: number, alpha: number): { lower: number; upper: number } {
  return {
    lower: x === 0 ? 0 : bisect((p) => binomUpper(n, x, p), alpha / 2, true),
    upper: x === n ? 1 : bisect((p) => binomLower(n, x, p), alpha / 2, false),
  }
}

/** R qnorm(1 − α/2) for the levels used here (full double precision). */
const Z: Record<number, number> = {
  0.8: 1.2815515655446004,
  0.9: 1.6448536269514722,
  0.95: 1.959963984540054,
  0.99: 2.5758293035489004,
}

interface RefStep {
  time: number
  nRisk: number
  nEvent: number
  surv: number
  /** S as an exact fraction, to decide "S(t) = 0.5 exactly" (§3.1) without floating-point noise */
  num: bigint
  den: bigint
  seLog: number
}

/**
 * §3.1: distinct event times t₁ < t₂ < …; nᵢ = #(time ≥ tᵢ) (censored at tᵢ are at risk for events at tᵢ);
 * S = Π(1 − dᵢ/nᵢ); Var[log S] = Σ dᵢ/[nᵢ(nᵢ − dᵢ)] (infinite once dᵢ = nᵢ).
 */
function refKm(times: readonly number[], events: readonly number[]): RefStep[] {
  const eventTimes = [...new Set(times.filter((_, i) => events[i] === 1))].sort((a, b) => a - b)
  const steps: RefStep[] = []
  let surv = 1
  let num = 1n
  let den = 1n
  let gw = 0
  for (const t of eventTimes) {
    const n = times.filter((u) => u >= t).length
    const d = times.filter((u, i) => u === t && events[i] === 1).length
    surv *= 1 - d / n
    num *= BigInt(n - d)
    den *= BigInt(n)
    gw += n === d ? Infinity : d / (n * (n - d))
    steps.push({ time: t, nRisk: n, nEvent: d, surv, num, den, seLog: Math.sqrt(gw) })
  }
  return steps
}

/**
 * §3.1 pointwise CI table. Undefined (NaN) where the doc's formula is undefined: S = 0 (se infinite, as R,
 * which sets the variance to NA there) for every type, and S = 1 for log-log (log(−log 1) = −∞).
 */
function refBand(
  surv: number,
  seLog: number,
  type: SurvivalConfType,
  z: number,
): { lower: number; upper: number } {
  if (surv === 0 || !Number.isFinite(seLog)) return { lower: NaN, upper: NaN }
  if (type === 'plain') {
    const se = surv * seLog
    return { lower: Math.max(0, surv - z * se), upper: Math.min(1, surv + z * se) }
  }
  if (type === 'log') {
    return {
      lower: Math.exp(Math.log(surv) - z * seLog),
      upper: Math.min(1, Math.exp(Math.log(surv) + z * seLog)),
    }
  }
  if (surv === 1) return { lower: NaN, upper: NaN }
  const ll = Math.log(-Math.log(surv))
  const k = (z * seLog) / Math.abs(Math.log(surv))
  return { lower: Math.exp(-Math.exp(ll + k)), upper: Math.exp(-Math.exp(ll - k)) }
}

/**
 * §3.1 median: smallest t with S(t) ≤ 0.5; S(t) = 0.5 exactly → midpoint between t and the next event time,
 * or t when no event follows. null = NR.
 */
function refKmMedian(steps: readonly RefStep[]): number | null {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!
    if (2n * s.num === s.den) {
      const next = steps[i + 1]
      return next === undefined ? s.time : (s.time + next.time) / 2
    }
    if (2n * s.num < s.den) return s.time
  }
  return null
}

/** §3.1 median CI: smallest t at which the lower (upper) band ≤ 0.5; if never, NR (null). */
function refMedianCi(steps: readonly RefStep[], type: SurvivalConfType, z: number) {
  let lower: number | null = null
  let upper: number | null = null
  for (const s of steps) {
    const b = refBand(s.surv, s.seLog, type, z)
    if (lower === null && b.lower <= 0.5) lower = s.time
    if (upper === null && b.upper <= 0.5) upper = s.time
  }
  return { lower, upper }
}

/** §3.5 S(t): the step at the largest event time ≤ t (null = before the first event, S = 1). */
function refStepAt(steps: readonly RefStep[], t: number): RefStep | null {
  let last: RefStep | null = null
  for (const s of steps) if (s.time <= t) last = s
  return last
}

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

const nanToNull = (v: number): number | null => (Number.isNaN(v) ? null : v)

function eventRows(fit: KaplanMeierFit) {
  return fit.rows.filter((r) => r.nEvent > 0)
}

/** Compare every event row of the engine's fit, its censor-only rows and its median with the reference. */
function expectFitMatches(
  times: number[],
  events: number[],
  confType: SurvivalConfType,
  level: number,
): void {
  const fit = kaplanMeier(times, events, { confType, level })
  const ref = refKm(times, events)
  const z = Z[level]!
  const rows = eventRows(fit)
  expect(rows.map((r) => r.time)).toEqual(ref.map((s) => s.time))
  rows.forEach((row, i) => {
    const s = ref[i]!
    expect(row.nRisk).toBe(s.nRisk)
    expect(row.nEvent).toBe(s.nEvent)
    expect(row.surv).toBeCloseTo(s.surv, 12)
    if (Number.isFinite(s.seLog)) expect(row.stdErrLog).toBeCloseTo(s.seLog, 10)
    else expect(row.stdErrLog).toBe(Infinity)
    const b = refBand(s.surv, s.seLog, confType, z)
    for (const side of ['lower', 'upper'] as const) {
      const want = nanToNull(b[side])
      if (want === null) expect(row[side]).toBeNull()
      else expect(row[side]).toBeCloseTo(want, 10)
    }
  })
  // one row per distinct time (R survfit rows), with the censorings at that time counted
  expect(fit.rows.map((r) => r.time)).toEqual([...new Set(times)].sort((a, b) => a - b))
  for (const row of fit.rows) {
    expect(row.nCensor).toBe(times.filter((u, i) => u === row.time && events[i] === 0).length)
    expect(row.nRisk).toBe(times.filter((u) => u >= row.time).length)
    if (row.nEvent > 0) continue
    // censor-only rows carry the current step forward (S and its band); before the first event S = 1, se 0:
    // log/plain give (1, 1) and log-log is undefined there (R: NA)
    const s = refStepAt(ref, row.time)
    const surv = s === null ? 1 : s.surv
    const b = refBand(surv, s === null ? 0 : s.seLog, confType, z)
    expect(row.surv).toBeCloseTo(surv, 12)
    for (const side of ['lower', 'upper'] as const) {
      const want = nanToNull(b[side])
      if (want === null) expect(row[side]).toBeNull()
      else expect(row[side]).toBeCloseTo(want, 10)
    }
  }
  expect(fit.median.estimate).toBe(refKmMedian(ref))
  expect({ lower: fit.median.lower, upper: fit.median.upper }).toEqual(refMedianCi(ref, confType, z))
}

const CONF_TYPES: SurvivalConfType[] = ['log-log', 'log', 'plain']
const LEVELS = [0.8, 0.9, 0.95, 0.99]

// ---------------------------------------------------------------------------------------------------------
// §1 descriptive summaries
// ---------------------------------------------------------------------------------------------------------

describe('§1 median (range) and percent', () => {
  it('seed abstract: {8, 12, 13, 25} → median 12.5 (range 8 to 25); both ends reported when equal', () => {
    expect(sampleMedianRange([25, 8, 13, 12])).toEqual({ n: 4, median: 12.5, min: 8, max: 25 })
    expect(sampleMedianRange([7])).toEqual({ n: 1, median: 7, min: 7, max: 7 })
    expect(sampleMedianRange([3, 3])).toEqual({ n: 2, median: 3, min: 3, max: 3 })
    expect(sampleMedianRange([-1, 0, 10])).toEqual({ n: 3, median: 0, min: -1, max: 10 })
  })

  it('median/range match the reference on random samples (numeric, not lexicographic, sort)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 400 }), { minLength: 1, maxLength: 13 }), (xs) => {
        const r = sampleMedianRange(xs)
        expect(r.median).toBe(refMedian(xs))
        expect(r.min).toBe(Math.min(...xs))
        expect(r.max).toBe(Math.max(...xs))
        expect(r.n).toBe(xs.length)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('percent rounds half UP on exact ties (R sprintf/round would give half-even)', () => {
    expect(formatPercent(3, 4)).toBe('75.0 %')
    expect(formatPercent(1, 16)).toBe('6.3 %') // 6.25
    expect(formatPercent(3, 16)).toBe('18.8 %') // 18.75
    expect(formatPercent(5, 16)).toBe('31.3 %') // 31.25 (half-even → 31.2)
    expect(formatPercent(1, 80)).toBe('1.3 %') // 1.25 (0.0125·100 is 1.2500000000000002 in floats)
    expect(formatPercent(3, 80)).toBe('3.8 %')
    expect(formatPercent(1, 3)).toBe('33.3 %')
    expect(formatPercent(2, 3)).toBe('66.7 %')
    expect(formatPercent(0, 9)).toBe('0.0 %')
    expect(formatPercent(9, 9)).toBe('100.0 %')
  })

  it('percent text matches exact integer round-half-up for all x ≤ n ≤ 400', () => {
    for (let n = 1; n <= 400; n++)
      for (let x = 0; x <= n; x++) expect(formatPercent(x, n)).toBe(`${refPercentText(x, n)} %`)
  })

  it('CI limit display rounds half up on dyadic ties', () => {
    expect(formatPercentLimit(0.0625)).toBe('6.3')
    expect(formatPercentLimit(0.3125)).toBe('31.3') // sprintf('%.1f', 31.25) = "31.2"
    expect(formatPercentLimit(0.6875)).toBe('68.8')
    expect(formatPercentLimit(0)).toBe('0.0')
    expect(formatPercentLimit(1)).toBe('100.0')
  })
})

// ---------------------------------------------------------------------------------------------------------
// §2 Clopper–Pearson
// ---------------------------------------------------------------------------------------------------------

const CP_TABLE: [number, number, number, number, string][] = [
  [3, 4, 0.19412, 0.993691, '75.0 % (19.4–99.4)'],
  [0, 4, 0, 0.602365, '0.0 % (0.0–60.2)'],
  [4, 4, 0.397635, 1, '100.0 % (39.8–100.0)'],
  [1, 10, 0.002529, 0.445016, '10.0 % (0.3–44.5)'],
  [1, 4, 0.006309, 0.80588, '25.0 % (0.6–80.6)'],
  [2, 4, 0.067586, 0.932414, '50.0 % (6.8–93.2)'],
  [0, 3, 0, 0.707598, '0.0 % (0.0–70.8)'],
  [1, 3, 0.008404, 0.905701, '33.3 % (0.8–90.6)'],
  [1, 6, 0.004211, 0.641235, '16.7 % (0.4–64.1)'],
  [2, 6, 0.043272, 0.777222, '33.3 % (4.3–77.7)'],
  [0, 9, 0, 0.336267, '0.0 % (0.0–33.6)'],
  [3, 9, 0.074855, 0.700705, '33.3 % (7.5–70.1)'],
  [9, 9, 0.663733, 1, '100.0 % (66.4–100.0)'],
  [0, 12, 0, 0.264648, '0.0 % (0.0–26.5)'],
  [3, 12, 0.054861, 0.571858, '25.0 % (5.5–57.2)'],
]

describe('§2 Clopper–Pearson exact CI', () => {
  it.each(CP_TABLE)('doc table %i/%i', (x, n, lo, hi, display) => {
    const ci = clopperPearson(x, n)
    expect(Math.abs(ci.lower - lo)).toBeLessThan(1e-6)
    expect(Math.abs(ci.upper - hi)).toBeLessThan(1e-6)
    const ref = refClopperPearson(x, n, 0.05)
    expect(Math.abs(ref.lower - lo)).toBeLessThan(1e-6) // the reference itself reproduces the oracle
    expect(Math.abs(ref.upper - hi)).toBeLessThan(1e-6)
    expect(formatPercentWithCi(x, n, ci)).toBe(display)
  })

  it('x = 0 and x = n are exact (0 / 1) and follow the closed forms at other levels', () => {
    for (const level of [0.8, 0.9, 0.95, 0.99]) {
      const a = 1 - level
      for (let n = 1; n <= 30; n++) {
        const zero = clopperPearson(0, n, level)
        const all = clopperPearson(n, n, level)
        expect(zero.lower).toBe(0)
        expect(all.upper).toBe(1)
        expect(zero.upper).toBeCloseTo(1 - (a / 2) ** (1 / n), 10)
        expect(all.lower).toBeCloseTo((a / 2) ** (1 / n), 10)
      }
    }
    // hand values: n = 1 → lower(1/1) = α/2, upper(0/1) = 1 − α/2
    expect(clopperPearson(1, 1).lower).toBeCloseTo(0.025, 12)
    expect(clopperPearson(0, 1, 0.9).upper).toBeCloseTo(0.95, 12)
    // 0/4 at 90 %: 1 − 0.05^(1/4) = 0.527129...
    expect(clopperPearson(0, 4, 0.9).upper).toBeCloseTo(1 - 0.05 ** 0.25, 10)
  })

  it('matches the bisection reference for all x ≤ n ≤ 24 at levels 0.80/0.90/0.95/0.99', () => {
    for (const level of [0.8, 0.9, 0.95, 0.99])
      for (let n = 1; n <= 24; n++)
        for (let x = 0; x <= n; x++) {
          const ci = clopperPearson(x, n, level)
          const ref = refClopperPearson(x, n, 1 - level)
          expect(Math.abs(ci.lower - ref.lower)).toBeLessThan(1e-9)
          expect(Math.abs(ci.upper - ref.upper)).toBeLessThan(1e-9)
          // symmetry: CI(x) = 1 − reversed CI(n − x)
          expect(formatPercentWithCi(x, n, ci)).toBe(
            `${refPercentText(x, n)} % (${refLimitText(ref.lower)}–${refLimitText(ref.upper)})`,
          )
          const mirror = clopperPearson(n - x, n, level)
          expect(ci.lower).toBeCloseTo(1 - mirror.upper, 10)
        }
  })

  it('wider at a higher level, and always contains x/n', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 40 })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))),
        ([n, x]) => {
          const a = clopperPearson(x, n, 0.9)
          const b = clopperPearson(x, n, 0.99)
          expect(b.lower).toBeLessThanOrEqual(a.lower)
          expect(b.upper).toBeGreaterThanOrEqual(a.upper)
          expect(a.lower).toBeLessThanOrEqual(x / n)
          expect(a.upper).toBeGreaterThanOrEqual(x / n)
        },
      ),
      { seed: SEED, numRuns: 200 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------
// §3 Kaplan–Meier: worked examples
// ---------------------------------------------------------------------------------------------------------

const EX_A = { times: [30, 45, 60, 90, 120, 200], events: [1, 0, 1, 0, 1, 0] }
const EX_B = { times: [20, 35, 35, 50, 80, 150, 150, 210], events: [1, 1, 0, 1, 1, 0, 1, 0] }
const EX_C = { times: [10, 20, 30, 40], events: [1, 1, 1, 1] }

describe('§3.2 worked example A', () => {
  // columns: t, n, d, S, Σ, se(S), log CI, log-log CI, plain CI (doc table, 4 d.p.)
  const table: [
    number,
    number,
    number,
    number,
    number,
    number,
    [number, number],
    [number, number],
    [number, number],
  ][] = [
    [30, 6, 1, 0.8333, 0.03333, 0.1521, [0.5827, 1], [0.2731, 0.9747], [0.5351, 1]],
    [60, 4, 1, 0.625, 0.11667, 0.2135, [0.32, 1], [0.1419, 0.8931], [0.2066, 1]],
    [120, 2, 1, 0.3125, 0.61667, 0.2454, [0.0671, 1], [0.0127, 0.7337], [0, 0.7935]],
  ]
  it('rows match the doc table for every CI type', () => {
    const fits = {
      log: kaplanMeier(EX_A.times, EX_A.events, { confType: 'log' }),
      'log-log': kaplanMeier(EX_A.times, EX_A.events, { confType: 'log-log' }),
      plain: kaplanMeier(EX_A.times, EX_A.events, { confType: 'plain' }),
    }
    table.forEach(([t, n, d, s, sum, se, logCi, llCi, plainCi], i) => {
      const row = eventRows(fits.log)[i]!
      expect([row.time, row.nRisk, row.nEvent]).toEqual([t, n, d])
      expect(Math.abs(row.surv - s)).toBeLessThan(5e-5)
      expect(Math.abs(row.stdErrLog ** 2 - sum)).toBeLessThan(5e-6)
      expect(Math.abs(row.stdErr! - se)).toBeLessThan(5e-5)
      const check = (fit: KaplanMeierFit, [lo, hi]: [number, number]) => {
        const r = eventRows(fit)[i]!
        expect(Math.abs(r.lower! - lo)).toBeLessThan(5e-5)
        expect(Math.abs(r.upper! - hi)).toBeLessThan(5e-5)
      }
      check(fits.log, logCi)
      check(fits['log-log'], llCi)
      check(fits.plain, plainCi)
    })
  })
  it('median 120; CI log 60–NR, log-log 30–NR, plain 60–NR', () => {
    expect(kaplanMeier(EX_A.times, EX_A.events, { confType: 'log' }).median).toEqual({
      estimate: 120,
      lower: 60,
      upper: null,
    })
    expect(kaplanMeier(EX_A.times, EX_A.events).median).toEqual({ estimate: 120, lower: 30, upper: null })
    expect(kaplanMeier(EX_A.times, EX_A.events, { confType: 'plain' }).median).toEqual({
      estimate: 120,
      lower: 60,
      upper: null,
    })
  })
  it('default is log-log at 95 % and the fit records it (§3.1 PROTOCOL DECISION)', () => {
    const fit = kaplanMeier(EX_A.times, EX_A.events)
    expect(fit.confType).toBe('log-log')
    expect(fit.level).toBe(0.95)
    expect(fit.n).toBe(6)
    expect(fit.events).toBe(3)
  })
  it('§3.5 landmark S(182) = 0.3125 with the CI of the step at 120', () => {
    for (const confType of CONF_TYPES) {
      const fit = kaplanMeier(EX_A.times, EX_A.events, { confType })
      const at = survivalAt(fit, 182)
      const row = eventRows(fit)[2]!
      expect(at.surv).toBe(0.3125)
      expect([at.lower, at.upper]).toEqual([row.lower, row.upper])
      expect(survivalAt(fit).surv).toBe(0.3125) // default landmark Day 182
    }
  })
  for (const confType of CONF_TYPES)
    for (const level of LEVELS)
      it(`matches reference (${confType}, ${level})`, () =>
        expectFitMatches(EX_A.times, EX_A.events, confType, level))
})

describe('§3.3 worked example B (tied event/censor times)', () => {
  const table: [number, number, number, number, [number, number], [number, number]][] = [
    [20, 8, 1, 0.875, [0.6734, 1], [0.387, 0.981]],
    [35, 7, 1, 0.75, [0.5027, 1], [0.3148, 0.931]],
    [50, 5, 1, 0.6, [0.3315, 1], [0.1955, 0.852]],
    [80, 4, 1, 0.45, [0.1982, 1], [0.1076, 0.751]],
    [150, 3, 1, 0.3, [0.0954, 0.943], [0.0442, 0.628]],
  ]
  it('rows match the doc table', () => {
    const log = eventRows(kaplanMeier(EX_B.times, EX_B.events, { confType: 'log' }))
    const ll = eventRows(kaplanMeier(EX_B.times, EX_B.events, { confType: 'log-log' }))
    table.forEach(([t, n, d, s, logCi, llCi], i) => {
      expect([log[i]!.time, log[i]!.nRisk, log[i]!.nEvent]).toEqual([t, n, d])
      expect(log[i]!.surv).toBeCloseTo(s, 12)
      expect(Math.abs(log[i]!.lower! - logCi[0])).toBeLessThan(5e-5)
      expect(Math.abs(log[i]!.upper! - logCi[1])).toBeLessThan(5e-4)
      expect(Math.abs(ll[i]!.lower! - llCi[0])).toBeLessThan(5e-5)
      expect(Math.abs(ll[i]!.upper! - llCi[1])).toBeLessThan(5e-4)
    })
  })
  it('median 80; CI log 50–NR, log-log 20–NR', () => {
    expect(kaplanMeier(EX_B.times, EX_B.events, { confType: 'log' }).median).toEqual({
      estimate: 80,
      lower: 50,
      upper: null,
    })
    expect(kaplanMeier(EX_B.times, EX_B.events, { confType: 'log-log' }).median).toEqual({
      estimate: 80,
      lower: 20,
      upper: null,
    })
  })
  it('the censoring at 35 is listed with the event (one row per distinct time) and leaves after it', () => {
    const fit = kaplanMeier(EX_B.times, EX_B.events)
    const r35 = fit.rows.find((r) => r.time === 35)!
    expect([r35.nRisk, r35.nEvent, r35.nCensor]).toEqual([7, 1, 1])
    const r150 = fit.rows.find((r) => r.time === 150)!
    expect([r150.nRisk, r150.nEvent, r150.nCensor]).toEqual([3, 1, 1])
    expect(fit.rows.map((r) => r.time)).toEqual([20, 35, 50, 80, 150, 210])
  })
  for (const confType of CONF_TYPES)
    for (const level of LEVELS)
      it(`matches reference (${confType}, ${level})`, () =>
        expectFitMatches(EX_B.times, EX_B.events, confType, level))
})

describe('§3.4 worked example C (S = 0.5 on a flat segment)', () => {
  it('median 25; log CI 10–NR (the S = 0 row has no band, so the upper limit is not 40)', () => {
    expect(kaplanMeier(EX_C.times, EX_C.events, { confType: 'log' }).median).toEqual({
      estimate: 25,
      lower: 10,
      upper: null,
    })
  })
  it('the S = 0 row has NA band and NaN se(S), infinite se_log', () => {
    for (const confType of CONF_TYPES) {
      const last = kaplanMeier(EX_C.times, EX_C.events, { confType }).rows[3]!
      expect(last.surv).toBe(0)
      expect(last.stdErrLog).toBe(Infinity)
      expect(last.stdErr).toBeNull()
      expect([last.lower, last.upper]).toEqual([null, null])
    }
  })
  for (const confType of CONF_TYPES)
    for (const level of LEVELS)
      it(`matches reference (${confType}, ${level})`, () =>
        expectFitMatches(EX_C.times, EX_C.events, confType, level))
})

// ---------------------------------------------------------------------------------------------------------
// §3 Kaplan–Meier: R survfit edge cases
// ---------------------------------------------------------------------------------------------------------

describe('§3.1 median when S is exactly 0.5 from a non-dyadic product', () => {
  // 3/4 × 2/3 = 1/2; 5/6 × 4/5 × 3/4 = 1/2; 4/6 × 3/4 = 1/2 — floating products may be 0.5 ± 1 ulp
  const cases: [string, number[], number[], number][] = [
    ['3/4 × 2/3', [10, 20, 30, 40], [1, 1, 0, 1], 30], // flat from 20 to the next event 40 → 30
    ['5/6 × 4/5 × 3/4', [5, 6, 7, 8, 9, 11], [1, 1, 1, 1, 1, 1], 7.5],
    ['4/6 × 3/4 (tied events d = 2)', [5, 5, 7, 9, 10, 12], [1, 1, 1, 0, 1, 1], 8.5],
    // products whose floating-point value is NOT 0.5 (R compares with a tolerance, aeqSurv/sqrt(eps)):
    [
      '9/10 × 8/9 × 5/8 (float 0.49999999999999994)',
      [1, 2, 3, 3, 3, 7, 8, 9, 10, 11],
      [1, 1, 1, 1, 1, 1, 0, 0, 0, 0],
      5,
    ],
    [
      '8/10 × 6/8 × 5/6 (float 0.5000000000000001)',
      [1, 1, 2, 2, 3, 9, 10, 11, 12, 13],
      [1, 1, 1, 1, 1, 1, 0, 0, 0, 0],
      6,
    ],
    [
      '11/12 × 6/11 (float 0.49999999999999994)',
      [1, 2, 2, 2, 2, 2, 5, 6, 7, 8, 9, 10],
      [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0],
      3.5,
    ],
    [
      '7/9 × 6/7 × 3/4 (d = 2 at t = 1, censorings between, censoring tied at 6)',
      [1, 1, 3, 4, 5, 6, 6, 10, 12],
      [1, 1, 1, 0, 0, 1, 0, 1, 0],
      8,
    ],
  ]
  it.each(cases)('%s', (_label, times, events, expected) => {
    const ref = refKm(times, events)
    expect(refKmMedian(ref)).toBe(expected)
    expect(kaplanMeier(times, events).median.estimate).toBe(expected)
  })
  it('midpoint skips censoring-only rows (next EVENT time), and the curve ending at 0.5 gives t', () => {
    // 10E 20E 25C 30E: S = 3/4, 1/2 (flat through the 25 censoring) → (20 + 30)/2, not (20 + 25)/2
    expect(kaplanMeier([10, 20, 25, 30], [1, 1, 0, 1]).median.estimate).toBe(25)
    // ends censored at exactly 0.5: median = 20 (print.survfit)
    expect(kaplanMeier([10, 20, 30, 40], [1, 1, 0, 0]).median.estimate).toBe(20)
    // 3/4 × 2/3 then only censorings: median = 20
    expect(kaplanMeier([10, 20, 30, 40, 50], [1, 1, 0, 0, 0]).median.estimate).toBeNull() // S = 4/5·3/4 = 0.6
    expect(kaplanMeier([10, 20, 30, 40], [1, 1, 0, 0]).median.estimate).toBe(20)
    expect(kaplanMeier([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 0, 0]).median.estimate).toBe(3)
  })
})

describe('§3.1 degenerate and boundary inputs', () => {
  it('all censored: S = 1 everywhere, no events, median and CI NR', () => {
    for (const confType of CONF_TYPES) {
      const fit = kaplanMeier([5, 10, 10, 40], [0, 0, 0, 0], { confType })
      expect(fit.events).toBe(0)
      expect(fit.rows.every((r) => r.surv === 1 && r.nEvent === 0)).toBe(true)
      expect(fit.median).toEqual({ estimate: null, lower: null, upper: null })
      expect(survivalAt(fit, 182).surv).toBe(1)
    }
  })
  it('single subject with an event: S = 0, median = t, no CI limits', () => {
    for (const confType of CONF_TYPES) {
      const fit = kaplanMeier([17], [1], { confType })
      expect(fit.rows).toHaveLength(1)
      expect(fit.rows[0]!.surv).toBe(0)
      expect(fit.median).toEqual({ estimate: 17, lower: null, upper: null })
    }
  })
  it('single subject censored: NR', () => {
    expect(kaplanMeier([17], [0]).median).toEqual({ estimate: null, lower: null, upper: null })
  })
  it('time 0: an event at 0 counts the censoring at 0 at risk; censoring at 0 alone leaves before later events', () => {
    const fit = kaplanMeier([0, 0, 0, 10, 20], [1, 0, 0, 1, 0], { confType: 'log' })
    const r0 = fit.rows[0]!
    expect([r0.time, r0.nRisk, r0.nEvent, r0.nCensor]).toEqual([0, 5, 1, 2])
    expect(r0.surv).toBeCloseTo(0.8, 14)
    const r10 = fit.rows.find((r) => r.time === 10)!
    expect(r10.nRisk).toBe(2)
    expect(r10.surv).toBeCloseTo(0.4, 14)
    const fit2 = kaplanMeier([0, 0, 10, 20], [0, 0, 1, 1])
    expect(fit2.rows.find((r) => r.time === 10)!.nRisk).toBe(2)
    expect(fit2.rows.find((r) => r.time === 10)!.surv).toBe(0.5)
    expect(fit2.median.estimate).toBe(15)
    expectFitMatches([0, 0, 0, 10, 20], [1, 0, 0, 1, 0], 'log-log', 0.95)
    expectFitMatches([0, 0, 10, 20], [0, 0, 1, 1], 'plain', 0.9)
  })
  it('all subjects fail at one tied time: S drops straight to 0', () => {
    const fit = kaplanMeier([30, 30, 30], [1, 1, 1], { confType: 'log' })
    expect(fit.rows).toHaveLength(1)
    expect([fit.rows[0]!.nRisk, fit.rows[0]!.nEvent, fit.rows[0]!.surv]).toEqual([3, 3, 0])
    expect(fit.median).toEqual({ estimate: 30, lower: null, upper: null })
  })
  it('input order does not matter', () => {
    const a = kaplanMeier(EX_B.times, EX_B.events)
    const idx = [7, 2, 5, 0, 6, 3, 1, 4]
    const b = kaplanMeier(
      idx.map((i) => EX_B.times[i]!),
      idx.map((i) => EX_B.events[i]!),
    )
    expect(b).toEqual(a)
  })
  it('rejects empty and malformed input', () => {
    expect(() => kaplanMeier([], [])).toThrow(RangeError)
    expect(() => kaplanMeier([1, 2], [1])).toThrow(RangeError)
    expect(() => kaplanMeier([1], [2])).toThrow(RangeError)
    expect(() => kaplanMeier([NaN], [1])).toThrow(RangeError)
    expect(() => kaplanMeier([1], [1], { level: 1 })).toThrow(RangeError)
  })
})

describe('§3.1 CI at other confidence levels (hand values)', () => {
  it('example A at 90 %: t = 30 log band lower = S·exp(−1.6449·se_log)', () => {
    const fit = kaplanMeier(EX_A.times, EX_A.events, { confType: 'log', level: 0.9 })
    const r = eventRows(fit)[0]!
    expect(r.lower).toBeCloseTo((5 / 6) * Math.exp(-1.6448536269514722 * Math.sqrt(1 / 30)), 12)
    expect(fit.level).toBe(0.9)
  })
  it('a narrower level can reach the median upper limit where 95 % does not', () => {
    // 12 subjects, 10 events: the upper band crosses 0.5 at 80 % but later (or never) at 99 %
    const times = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    const events = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]
    const m80 = kaplanMeier(times, events, { level: 0.8, confType: 'log' }).median
    const m99 = kaplanMeier(times, events, { level: 0.99, confType: 'log' }).median
    expect(m80.estimate).toBe(6.5) // S(6) = 6/12 exactly → midpoint (6 + 7)/2
    expect(m80.upper).not.toBeNull()
    expect(m80.upper!).toBeLessThan(m99.upper ?? Infinity)
    for (const level of LEVELS)
      for (const confType of CONF_TYPES) expectFitMatches(times, events, confType, level)
  })
})

describe('§3 property: engine = reference on random small data (ties forced)', () => {
  const data = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.constantFrom(0, 1, 1)), {
      minLength: 1,
      maxLength: 12,
    })
    .map((pairs) => ({ times: pairs.map((p) => p[0] * 10), events: pairs.map((p) => p[1]) }))
  it('rows, bands and median/CI for every CI type and level', () => {
    fc.assert(
      fc.property(
        data,
        fc.constantFrom(...CONF_TYPES),
        fc.constantFrom(...LEVELS),
        ({ times, events }, confType, level) => {
          expectFitMatches(times, events, confType, level)
        },
      ),
      { seed: SEED, numRuns: 600 },
    )
  })
  it('survivalAt reads the step at the largest event time ≤ t (§3.5)', () => {
    fc.assert(
      fc.property(
        data,
        fc.integer({ min: 0, max: 140 }),
        fc.constantFrom(...CONF_TYPES),
        ({ times, events }, t, confType) => {
          const fit = kaplanMeier(times, events, { confType })
          const ref = refKm(times, events)
          const step = refStepAt(ref, t)
          const at = survivalAt(fit, t)
          expect(at.time).toBe(t)
          expect(at.nRisk).toBe(times.filter((u) => u >= t).length)
          expect(at.surv).toBeCloseTo(step === null ? 1 : step.surv, 12)
          if (step !== null && step.surv > 0 && step.surv < 1) {
            const b = refBand(step.surv, step.seLog, confType, Z[0.95]!)
            expect(at.lower).toBeCloseTo(b.lower, 10)
            expect(at.upper).toBeCloseTo(b.upper, 10)
          }
        },
      ),
      { seed: SEED, numRuns: 400 },
    )
  })
  it('reverse Kaplan–Meier = Kaplan–Meier with event indicators swapped (§1 Time variables)', () => {
    fc.assert(
      fc.property(data, fc.constantFrom(...CONF_TYPES), ({ times, events }, confType) => {
        const flipped = events.map((e) => 1 - e)
        const ref = refKm(times, flipped)
        const fit = reverseKaplanMeier(times, events, { confType })
        expect(fit.median.estimate).toBe(refKmMedian(ref))
        expect({ lower: fit.median.lower, upper: fit.median.upper }).toEqual(
          refMedianCi(ref, confType, Z[0.95]!),
        )
        expect(eventRows(fit).map((r) => [r.time, r.nRisk, r.nEvent])).toEqual(
          ref.map((s) => [s.time, s.nRisk, s.nEvent]),
        )
      }),
      { seed: SEED, numRuns: 300 },
    )
  })
})

describe('§3.5 survivalAt boundaries', () => {
  it('before the first event S = 1 with CI (1, 1); exactly at an event time the drop is included', () => {
    for (const confType of CONF_TYPES) {
      const fit = kaplanMeier(EX_A.times, EX_A.events, { confType })
      const before = survivalAt(fit, 29)
      expect([before.surv, before.lower, before.upper]).toEqual([1, 1, 1])
      expect(before.nRisk).toBe(6)
      expect(survivalAt(fit, 30).surv).toBeCloseTo(5 / 6, 14)
      expect(survivalAt(fit, 59).surv).toBeCloseTo(5 / 6, 14)
      expect(survivalAt(fit, 60).surv).toBeCloseTo(0.625, 14)
      // after the last observation: carried forward, nobody at risk
      const after = survivalAt(fit, 365)
      expect(after.surv).toBe(0.3125)
      expect(after.nRisk).toBe(0)
    }
  })
  it('after the curve reached 0 the landmark is 0 with no CI', () => {
    const at = survivalAt(kaplanMeier(EX_C.times, EX_C.events, { confType: 'log' }), 182)
    expect(at.surv).toBe(0)
    expect([at.lower, at.upper]).toEqual([null, null])
  })
})

describe('§1 reverse Kaplan–Meier follow-up: hand example', () => {
  it('10E 20C 30C 40E 50C → censorings become events: S = 3/4 at 20, 1/2 at 30 (flat to 50) → median 40', () => {
    const fit = reverseKaplanMeier([10, 20, 30, 40, 50], [1, 0, 0, 1, 0], { confType: 'log' })
    expect(eventRows(fit).map((r) => [r.time, r.nRisk, r.nEvent])).toEqual([
      [20, 4, 1],
      [30, 3, 1],
      [50, 1, 1],
    ])
    expect(fit.median.estimate).toBe(40)
    expect(fit.confType).toBe('log')
  })
  it('a loss of response tied with a censoring: the original event (now censored) stays at risk', () => {
    // original: 10E, 10C, 20C → reversed: 10C, 10E, 20E: n = 3 at 10 → S = 2/3, then 0 at 20
    const fit = reverseKaplanMeier([10, 10, 20], [1, 0, 0])
    expect(eventRows(fit).map((r) => [r.time, r.nRisk, r.nEvent])).toEqual([
      [10, 3, 1],
      [20, 1, 1],
    ])
    expect(fit.median.estimate).toBe(20)
  })
})

describe('timefix option (R survfit timefix = TRUE default)', () => {
  it('0.1 + 0.2 and 0.3 are one time by default, two times with timefix = false', () => {
    const times = [0.1 + 0.2, 0.3, 1]
    const events = [1, 0, 1]
    const merged = kaplanMeier(times, events)
    expect(merged.rows.map((r) => [r.nRisk, r.nEvent, r.nCensor])).toEqual([
      [3, 1, 1],
      [1, 1, 0],
    ])
    expect(merged.rows[0]!.surv).toBeCloseTo(2 / 3, 14)
    const raw = kaplanMeier(times, events, { timefix: false })
    // censoring at 0.3 now precedes the event at 0.30000000000000004
    expect(raw.rows.map((r) => [r.nRisk, r.nEvent, r.nCensor])).toEqual([
      [3, 0, 1],
      [2, 1, 0],
      [1, 1, 0],
    ])
    expect(raw.rows[1]!.surv).toBe(0.5)
  })
})
