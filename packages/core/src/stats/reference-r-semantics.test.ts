/**
 * R-semantics edge cases of the statistics engine (domain/statistics.md §2–§3.5), complementing reference.test.ts:
 * every survfit row (censoring-only rows, se(S) NaN at S = 0), summary(fit, times =) (survfit0 start row, times
 * before / between / beyond the rows), R's minmin tolerance and midpoint rule on curves and bands, and
 * Clopper–Pearson up to n = 1000 against an exact binomial-sum oracle. References are written from the doc and
 * R's sources (survival 3.5: survfitkm.c, survfit_confint, survfit0, summary.survfit, survmean; binom.test).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  clopperPearson,
  formatPercentLimit,
  formatPercentWithCi,
  kaplanMeier,
  survivalAt,
  survivalMedianCrossing,
  type SurvivalConfType,
} from './index.js'

const FC = { seed: 20261207, numRuns: 200 }
const TOL = Math.sqrt(2.220446049250313e-16) // R .Machine$double.eps^0.5

// ============================ references ============================

/** log k! for k ≤ 2001, by summing logs (independent of any gamma routine). */
const LOG_FACT: number[] = [0]
for (let k = 1; k <= 2001; k++) LOG_FACT.push(LOG_FACT[k - 1]! + Math.log(k))

/** I_x(a, b) for integers a, b ≥ 1: P(Binomial(a + b − 1, x) ≥ a), both tails summed and normalised. */
function refIncBetaInt(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const m = a + b - 1
  const lx = Math.log(x)
  const l1x = Math.log1p(-x)
  let upper = 0
  let lower = 0
  for (let j = 0; j <= m; j++) {
    const term = Math.exp(LOG_FACT[m]! - LOG_FACT[j]! - LOG_FACT[m - j]! + j * lx + (m - j) * l1x)
    if (j >= a) upper += term
    else lower += term
  }
  return upper / (upper + lower)
}

/** BetaInv(q; a, b) by bisection on the monotone CDF, to the last representable bit. */
function refBetaInvInt(q: number, a: number, b: number): number {
  let lo = 0
  let hi = 1
  while (hi - lo > 1e-16) {
    const mid = (lo + hi) / 2
    if (mid === lo || mid === hi) break
    if (refIncBetaInt(mid, a, b) < q) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** §2 / binom.test: alpha = (1 − level)/2; lower 0 at x = 0, upper 1 at x = n. */
function refClopperPearson(x: number, n: number, level: number) {
  const h = (1 - level) / 2
  return {
    lower: x === 0 ? 0 : refBetaInvInt(h, x, n - x + 1),
    upper: x === n ? 1 : refBetaInvInt(1 - h, x + 1, n - x),
  }
}

/** 2Φ(z) − 1 = 2φ(z) Σ z^(2k+1)/(2k+1)!! (all terms positive for z > 0: no cancellation). */
function refCentralMass(z: number): number {
  let term = z
  let sum = z
  for (let k = 1; k < 400 && term > 1e-18 * sum; k++) {
    term *= (z * z) / (2 * k + 1)
    sum += term
  }
  return (2 * Math.exp(-0.5 * z * z) * sum) / Math.sqrt(2 * Math.PI)
}

/** z = qnorm(1 − (1 − level)/2) by bisection. */
function refZ(level: number): number {
  let lo = 0
  let hi = 12
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2
    if (refCentralMass(mid) < level) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

const naToNull = (v: number): number | null => (Number.isNaN(v) ? null : v)

interface RefRow {
  time: number
  nRisk: number
  nEvent: number
  nCensor: number
  surv: number
  seLog: number
  stdErr: number | null
  lower: number | null
  upper: number | null
}

/** R survfit_confint(p, se, logse = TRUE, conf.type, conf.int, selow = se): NA cases kept as null. */
function refConfint(p: number, se: number, confType: SurvivalConfType, z: number) {
  const scale = se === 0 ? 1 : se / se // ifelse(selow == 0, 1, selow/se): NaN when se = Inf (S = 0)
  if (confType === 'plain') {
    const se2 = se * p * z
    return { lower: naToNull(Math.max(p - se2 * scale, 0)), upper: naToNull(Math.min(p + se2, 1)) }
  }
  if (confType === 'log') {
    if (p === 0) return { lower: null, upper: null }
    return {
      lower: naToNull(Math.exp(Math.log(p) - z * se * scale)),
      upper: naToNull(Math.min(Math.exp(Math.log(p) + z * se), 1)),
    }
  }
  if (p === 0 || p === 1) return { lower: null, upper: null }
  const se2 = (z * se) / Math.log(p)
  return {
    lower: naToNull(Math.exp(-Math.exp(Math.log(-Math.log(p)) - se2 * scale))),
    upper: naToNull(Math.exp(-Math.exp(Math.log(-Math.log(p)) + se2))),
  }
}

/** §3.1 / survfit: one row per distinct time (censoring-only rows too); events before censorings at ties. */
function refSurvfit(time: number[], event: number[], confType: SurvivalConfType, level: number): RefRow[] {
  const z = refZ(level)
  let km = 1
  let v = 0
  return [...new Set(time)]
    .sort((a, b) => a - b)
    .map((t) => {
      const nRisk = time.filter((u) => u >= t).length
      const nEvent = time.filter((u, i) => u === t && event[i] === 1).length
      const nCensor = time.filter((u, i) => u === t && event[i] === 0).length
      if (nEvent > 0) {
        km *= (nRisk - nEvent) / nRisk
        v += nEvent / (nRisk * (nRisk - nEvent))
      }
      const seLog = Math.sqrt(v)
      const row = { time: t, nRisk, nEvent, nCensor, surv: km, seLog, stdErr: naToNull(seLog * km) }
      return { ...row, ...refConfint(km, seLog, confType, z) }
    })
}

/**
 * R summary(fit, times = t, extend): survfit0 adds a start row at t0 = min(0, times) (S = 1, se 0, CI 1–1)
 * unless the first time is t0; findrow reads row max(1, #{time ≤ t}) and n.risk = c(n.risk, 0)[1 + #{time < t}].
 * Without extend, t > max(time) is dropped (null here).
 */
function refSummaryAt(rows: RefRow[], t: number, extend: boolean) {
  const r0 = rows[0]!
  const t0 = Math.min(0, r0.time)
  const start = { ...r0, time: t0, nEvent: 0, nCensor: 0, surv: 1, seLog: 0, stdErr: 0, lower: 1, upper: 1 }
  const all = r0.time === t0 ? rows : [start, ...rows]
  if (!extend && t > all[all.length - 1]!.time) return null
  const row = all[Math.max(1, all.filter((r) => r.time <= t).length) - 1]!
  const nRisk = [...all.map((r) => r.nRisk), 0][all.filter((r) => r.time < t).length]!
  return { nRisk, surv: row.surv, stdErr: row.stdErr, lower: row.lower, upper: row.upper }
}

/** R survmean's minmin(y, x): first y < .5 + tol (NA skipped); |y − .5| < tol and a lower y follows → midpoint. */
function refMinmin(y: (number | null)[], x: number[]): number | null {
  const idx = y.flatMap((v, i) => (v !== null && v < 0.5 + TOL ? [i] : []))
  if (idx.length === 0) return null
  const [y1, x1] = [y[idx[0]!]!, x[idx[0]!]!]
  const next = idx.find((i) => y[i]! < y1)
  return Math.abs(y1 - 0.5) < TOL && next !== undefined ? (x1 + x[next]!) / 2 : x1
}

// ============================ helpers ============================

const CONF: SurvivalConfType[] = ['log', 'log-log', 'plain']
const ones = (t: number[]) => t.map(() => 1)
const near = (a: number | null, b: number | null, tol = 1e-9) =>
  a === null || b === null ? a === b : a === b || Math.abs(a - b) <= tol

function expectRowsMatch(time: number[], event: number[], confType: SurvivalConfType, level: number) {
  const fit = kaplanMeier(time, event, { confType, level })
  const ref = refSurvfit(time, event, confType, level)
  expect(fit.rows.map((r) => [r.time, r.nRisk, r.nEvent, r.nCensor])).toEqual(
    ref.map((r) => [r.time, r.nRisk, r.nEvent, r.nCensor]),
  )
  fit.rows.forEach((r, i) => {
    const q = ref[i]!
    const ok =
      near(r.surv, q.surv, 1e-12) &&
      near(r.stdErrLog, q.seLog, 1e-10) &&
      near(r.stdErr, q.stdErr) &&
      near(r.lower, q.lower) &&
      near(r.upper, q.upper)
    if (!ok) expect.fail(`${confType} ${level} row t=${r.time}: ${JSON.stringify(r)} vs ${JSON.stringify(q)}`)
  })
  return fit
}

// ============================ Kaplan–Meier rows (§3.1) ============================

describe('§3.1 survfit rows: explicit edge cases (hand-checked values)', () => {
  it('all censored: every row S = 1, se 0; log/plain CI 1–1, log-log NA (R: p = 1 → NA); no events, median/CI NR', () => {
    for (const confType of CONF) {
      const fit = expectRowsMatch([5, 8, 8, 20], [0, 0, 0, 0], confType, 0.95)
      expect(fit.rows.map((r) => r.nCensor)).toEqual([1, 2, 1])
      expect(fit.rows.every((r) => r.surv === 1 && r.stdErr === 0)).toBe(true)
      expect(fit.rows[0]!.lower).toBe(confType === 'log-log' ? null : 1)
      expect(fit.events).toBe(0)
      expect(fit.median).toEqual({ estimate: null, lower: null, upper: null })
    }
  })

  it('first observation censored: the censoring-only row keeps S = 1 and the full risk set', () => {
    const fit = expectRowsMatch([30, 5, 20, 10], [0, 0, 1, 1], 'log', 0.95)
    expect(fit.rows.map((r) => r.nRisk)).toEqual([4, 3, 2, 1])
    expect(fit.rows[1]!.surv).toBeCloseTo(2 / 3, 15)
    expect(fit.rows[1]!.stdErrLog).toBeCloseTo(Math.sqrt(1 / 6), 15)
    expect(fit.rows[1]!.lower).toBeCloseTo(0.299507, 6) // (2/3)·exp(−1.959964·0.408248)
    expect(fit.rows[2]!.lower).toBeCloseTo(0.067278, 6) // (1/3)·exp(−1.959964·0.816497)
    expect(fit.median).toEqual({ estimate: 20, lower: 10, upper: null })
  })

  it('event and censoring tied at 10 (events first), then S reaches 0: se(S) NaN → null, every band NA', () => {
    const t = [10, 10, 10, 20]
    const e = [1, 0, 1, 1]
    const expected = { log: [0.187659, 1], 'log-log': [0.057847, 0.844861], plain: [0.010009, 0.989991] }
    for (const confType of CONF) {
      const fit = expectRowsMatch(t, e, confType, 0.95)
      const [r10, r20] = fit.rows
      expect([r10!.nRisk, r10!.nEvent, r10!.nCensor, r10!.surv, r10!.stdErrLog]).toEqual([4, 2, 1, 0.5, 0.5])
      expect(r10!.lower).toBeCloseTo(expected[confType][0]!, 6)
      expect(r10!.upper).toBeCloseTo(expected[confType][1]!, 6)
      expect([r20!.nRisk, r20!.surv, r20!.stdErrLog]).toEqual([1, 0, Infinity])
      expect([r20!.stdErr, r20!.lower, r20!.upper]).toEqual([null, null, null])
      // S = 0.5 exactly on [10, 20) → midpoint; the bands are NA at S = 0 so the upper limit is NR
      expect(fit.median).toEqual({ estimate: 15, lower: 10, upper: null })
    }
  })
})

describe('§3.1 survfit rows: generated data, all rows incl. censoring-only ones, se(S), every CI type', () => {
  const dataArb = fc.integer({ min: 1, max: 30 }).chain((n) =>
    fc.record({
      time: fc.array(
        fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: 0, max: 10 }) },
          { weight: 1, arbitrary: fc.integer({ min: 0, max: 80 }).map((k) => k / 8) },
        ),
        { minLength: n, maxLength: n },
      ),
      event: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
    }),
  )
  const levelArb = fc.oneof(fc.constant(0.95), fc.constantFrom(0.5, 0.8, 0.9, 0.99, 0.999))

  it('rows, se and bands equal the survfit reference', () => {
    fc.assert(
      fc.property(dataArb, fc.constantFrom(...CONF), levelArb, ({ time, event }, confType, level) => {
        expectRowsMatch(time, event, confType, level)
      }),
      FC,
    )
  })
})

// ============================ median and its CI (§3.1, R minmin) ============================

describe('§3.1 median and CI limits: R print.survfit minmin semantics', () => {
  it('flat 0.5 segment followed by a censoring then an event: midpoint with the next EVENT time (25, not 22.5)', () => {
    const fit = kaplanMeier([10, 20, 25, 30], [1, 1, 0, 1], { confType: 'log' })
    expect(fit.rows.map((r) => r.surv)).toEqual([0.75, 0.5, 0.5, 0])
    expect(fit.median.estimate).toBe(25)
  })

  it('curve ends, censored, at exactly 0.5: median = that time (print.survfit; quantile() would differ)', () => {
    for (const confType of CONF) expect(kaplanMeier([10, 20], [1, 0], { confType }).median.estimate).toBe(10)
  })

  it('Surv(1:100): S(50) is 0.5 only up to rounding, still median 50.5 (R survmean comment)', () => {
    const t = Array.from({ length: 100 }, (_, i) => i + 1)
    const fit = kaplanMeier(t, ones(t), { confType: 'log' })
    expect(Math.abs(fit.rows[49]!.surv - 0.5)).toBeLessThan(1e-14)
    expect(fit.median.estimate).toBe(50.5)
  })

  it('median reached only where S = 0: bands NA there, so both limits NR (R gives NA, NA)', () => {
    // 10 at risk, 1 event at day 1 (S = 0.9, log lower band 0.73 > 0.5), the other 9 at day 2
    const t = [1, 2, 2, 2, 2, 2, 2, 2, 2, 2]
    for (const confType of ['log', 'plain'] as const) {
      const fit = kaplanMeier(t, ones(t), { confType })
      expect(fit.rows[0]!.lower!).toBeGreaterThan(0.5)
      expect(fit.median).toEqual({ estimate: 2, lower: null, upper: null })
    }
    // the wider log-log lower band (0.473) does reach 0.5 at day 1
    expect(kaplanMeier(t, ones(t), { confType: 'log-log' }).median).toEqual({
      estimate: 2,
      lower: 1,
      upper: null,
    })
  })

  it('a band equal to 0.5 on a flat segment takes the midpoint too (R applies minmin to the bands)', () => {
    // S(10) = 3/4, se_log = √(1/12); choose the level so that the log lower band at 10 is exactly 0.5
    const level = refCentralMass(Math.log(1.5) / Math.sqrt(1 / 12))
    const fit = kaplanMeier([10, 20, 30, 40], [1, 1, 0, 0], { confType: 'log', level })
    expect(Math.abs(fit.rows[0]!.lower! - 0.5)).toBeLessThan(1e-12)
    expect(fit.rows[1]!.lower!).toBeLessThan(0.5)
    // the doc's bullet reads "smallest t at which the lower band ≤ 0.5" (10 or 20); R print.survfit gives 15
    expect(fit.median.lower).toBe(15)
    expect(fit.median.estimate).toBe(20)
  })

  it('tolerance √ε around 0.5, NA values skipped (synthetic curves)', () => {
    const x = [1, 2, 3, 4]
    expect(survivalMedianCrossing(x, [0.9, 0.5 + 1e-9, 0.5 + 1e-9, 0.2])).toBe(3) // (2 + 4)/2
    expect(survivalMedianCrossing(x, [0.9, 0.5 - 1e-9, 0.3, 0.2])).toBe(2.5)
    expect(survivalMedianCrossing(x, [0.9, 0.5 + 1e-7, 0.3, 0.2])).toBe(3) // not within tol: first < 0.5
    expect(survivalMedianCrossing(x, [0.9, 0.5 - 1e-7, 0.3, 0.2])).toBe(2) // below 0.5: no midpoint
    expect(survivalMedianCrossing(x, [null, 0.5, null, 0.4])).toBe(3)
    expect(survivalMedianCrossing(x, [0.9, 0.5, null, null])).toBe(2)
    expect(survivalMedianCrossing(x, [null, null, null, null])).toBeNull()
  })

  it('generated step curves with values at/near 0.5 and NAs agree with minmin', () => {
    const value = fc.oneof(
      fc.constantFrom(0.5, 0.5 + 1e-9, 0.5 - 1e-9, 0.5 + 1e-7, 0.5 - 1e-7, 0.5 + 1e-16, 0.5 - 1e-16),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constant(null),
    )
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 8 }), (raw) => {
        // non-increasing where known, as a survival curve or band
        let last = 1
        const y = raw.map((v) => (v === null ? null : (last = Math.min(last, v))))
        const x = y.map((_, i) => 10 * (i + 1))
        expect(survivalMedianCrossing(x, y)).toBe(refMinmin(y, x))
      }),
      FC,
    )
  })
})

// ============================ landmark rates (§3.5) ============================

describe('§3.5 landmark S(t): R summary(fit, times = t) semantics', () => {
  const A = { t: [30, 45, 60, 90, 120, 200], e: [1, 0, 1, 0, 1, 0] }

  it('example A: before the first time (survfit0 start row, CI 1–1 even for log-log), at / between events', () => {
    const fit = kaplanMeier(A.t, A.e) // default log-log
    expect(survivalAt(fit, 10)).toEqual({ time: 10, nRisk: 6, surv: 1, stdErr: 0, lower: 1, upper: 1 })
    expect(survivalAt(fit, -5)).toMatchObject({ nRisk: 6, surv: 1, lower: 1, upper: 1 })
    expect(survivalAt(fit, 30)).toMatchObject({ nRisk: 6, surv: 5 / 6 }) // event at t included
    expect(survivalAt(fit, 31)).toMatchObject({ nRisk: 5, surv: 5 / 6 })
    expect(survivalAt(fit, 182).lower).toBeCloseTo(0.0127, 4)
    expect(survivalAt(fit, 182).upper).toBeCloseTo(0.7337, 4)
    expect(survivalAt(fit, 200)).toMatchObject({ nRisk: 1, surv: 0.3125 })
  })

  it('beyond the last observation the last row is carried forward with n at risk 0 (R extend = TRUE)', () => {
    const fit = kaplanMeier([20, 35, 50, 150], [1, 0, 1, 0], { confType: 'log' })
    const { surv, stdErr, lower, upper } = fit.rows[fit.rows.length - 1]!
    expect(survivalAt(fit, 182)).toEqual({ time: 182, nRisk: 0, surv, stdErr, lower, upper })
    // R's default summary(fit, times = 182) (extend = FALSE) returns no row here: see the report
    expect(refSummaryAt(refSurvfit([20, 35, 50, 150], [1, 0, 1, 0], 'log', 0.95), 182, false)).toBeNull()
  })

  it('censored before the first event: log-log CI is NA at the censoring row but 1–1 on the start row', () => {
    const fit = kaplanMeier([5, 10, 20, 30], [0, 1, 1, 0], { confType: 'log-log' })
    expect(survivalAt(fit, 3)).toMatchObject({ surv: 1, lower: 1, upper: 1, nRisk: 4 })
    expect(survivalAt(fit, 7)).toMatchObject({ surv: 1, lower: null, upper: null, nRisk: 3 })
  })

  it('event at time 0: no start row; t < 0 reads the first row (S after the time-0 event)', () => {
    const fit = kaplanMeier([0, 0, 5, 9], [1, 0, 1, 0], { confType: 'log' })
    expect(survivalAt(fit, -1)).toMatchObject({ surv: 0.75, nRisk: 4 })
    expect(survivalAt(fit, 0)).toMatchObject({ surv: 0.75, nRisk: 4 })
    expect(survivalAt(fit, 3)).toMatchObject({ surv: 0.75, nRisk: 2 })
  })

  it('after S reaches 0: S = 0, se(S) and CI unknown (null), n at risk 0', () => {
    const fit = kaplanMeier([5, 8, 8], [1, 1, 1], { confType: 'plain' })
    expect(survivalAt(fit, 10)).toMatchObject({ nRisk: 0, surv: 0, stdErr: null, lower: null, upper: null })
  })

  it('generated data and times (before, at, between, after the observed times) match summary(extend = TRUE)', () => {
    const dataArb = fc.integer({ min: 1, max: 20 }).chain((n) =>
      fc.record({
        time: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: n, maxLength: n }),
        event: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      }),
    )
    const atArb = fc.array(
      fc.integer({ min: -8, max: 60 }).map((k) => k / 4),
      { minLength: 1, maxLength: 6 },
    )
    fc.assert(
      fc.property(dataArb, fc.constantFrom(...CONF), atArb, ({ time, event }, confType, ats) => {
        const fit = kaplanMeier(time, event, { confType })
        const ref = refSurvfit(time, event, confType, 0.95)
        for (const t of [...ats, ...time]) {
          const got = survivalAt(fit, t)
          const want = refSummaryAt(ref, t, true)!
          expect(got.nRisk).toBe(want.nRisk)
          const ok = (['surv', 'stdErr', 'lower', 'upper'] as const).every((k) => near(got[k], want[k]))
          if (!ok) expect.fail(`t=${t}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`)
        }
      }),
      FC,
    )
  })
})

// ============================ Clopper–Pearson (§2) ============================

describe('§2 Clopper–Pearson: binom.test semantics against an exact binomial-sum oracle', () => {
  it('oracle vs doc table; n = 1, x = 0 / 1 and closed forms at the ends for large n', () => {
    expect(refClopperPearson(3, 4, 0.95).lower).toBeCloseTo(0.19412, 6)
    expect(refClopperPearson(3, 12, 0.95).upper).toBeCloseTo(0.571858, 6)
    expect(refClopperPearson(1, 10, 0.95).lower).toBeCloseTo(0.002529, 6)
    expect(clopperPearson(0, 1)).toEqual({ lower: 0, upper: expect.closeTo(0.975, 14) as number })
    expect(clopperPearson(1, 1)).toEqual({ lower: expect.closeTo(0.025, 14) as number, upper: 1 })
    const z = clopperPearson(0, 1000)
    expect(z.lower).toBe(0)
    expect(z.upper).toBeCloseTo(0.003682084, 9) // 1 − 0.025^(1/1000)
    expect(clopperPearson(1000, 1000).lower).toBeCloseTo(0.996317916, 9)
    // x = 1: lower = 1 − 0.975^(1/n); x = n − 1: upper = 0.975^(1/n) (Beta(1, n) and Beta(n, 1))
    expect(clopperPearson(1, 1000).lower).toBeCloseTo(1 - 0.975 ** (1 / 1000), 13)
    expect(clopperPearson(999, 1000).upper).toBeCloseTo(0.975 ** (1 / 1000), 13)
    const half = clopperPearson(500, 1000)
    expect(half.lower + half.upper).toBeCloseTo(1, 13)
  })

  it('large n (500, 1000) and levels 0.8 / 0.9 / 0.99 / 0.999: agreement to 1e-9', () => {
    for (const n of [500, 1000]) {
      for (const level of [0.8, 0.9, 0.95, 0.99, 0.999]) {
        for (const x of [0, 1, 2, 7, Math.floor(n / 3), n / 2, n - 2, n - 1, n]) {
          const e = clopperPearson(x, n, level)
          const r = refClopperPearson(x, n, level)
          if (!(near(e.lower, r.lower) && near(e.upper, r.upper)))
            expect.fail(`${x}/${n} @${level}: ${JSON.stringify(e)} vs ${JSON.stringify(r)}`)
        }
      }
    }
  })

  it('generated x/n (n ≤ 1000) and levels: oracle agreement, monotone in x, nested in level', () => {
    const caseArb = fc
      .oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 200, max: 1000 }))
      .chain((n) =>
        fc.tuple(fc.constant(n), fc.oneof(fc.integer({ min: 0, max: n }), fc.constantFrom(0, 1, n - 1, n))),
      )
    const levelArb = fc.oneof(
      fc.constantFrom(0.8, 0.9, 0.95, 0.99),
      fc.double({ min: 0.5, max: 0.999, noNaN: true }),
    )
    fc.assert(
      fc.property(caseArb, levelArb, ([n, x], level) => {
        const e = clopperPearson(x, n, level)
        const r = refClopperPearson(x, n, level)
        expect(Math.abs(e.lower - r.lower)).toBeLessThanOrEqual(1e-9)
        expect(Math.abs(e.upper - r.upper)).toBeLessThanOrEqual(1e-9)
        if (x < n) {
          const nx = clopperPearson(x + 1, n, level)
          expect(nx.lower).toBeGreaterThan(e.lower)
          expect(nx.upper).toBeGreaterThan(e.upper)
        }
        const wide = clopperPearson(x, n, Math.min(0.9999, level + 0.0001))
        expect(wide.lower).toBeLessThanOrEqual(e.lower)
        expect(wide.upper).toBeGreaterThanOrEqual(e.upper)
      }),
      { ...FC, numRuns: 120 },
    )
  })
})

// ============================ display rounding (§2) ============================

/** Exact half-up of 100·p to one decimal, from the exact binary value of p (BigInt), in tenths. */
function refTenths(p: number): number {
  const bits = new BigUint64Array(new Float64Array([p]).buffer)[0]!
  const exp = Number((bits >> 52n) & 0x7ffn)
  const frac = bits & ((1n << 52n) - 1n)
  const [m, e] = exp === 0 ? [frac, -1074] : [frac | (1n << 52n), exp - 1075]
  // tenths = floor(1000 p + 1/2) = floor((2000 m 2^e + 1) / 2)
  const num = e >= 0 ? 2000n * m * (1n << BigInt(e)) + 1n : 2000n * m + (1n << BigInt(-e))
  const den = e >= 0 ? 2n : 2n * (1n << BigInt(-e))
  return Number(num / den)
}

describe('§2 display: CI limits as percentages rounded half up to one decimal', () => {
  it('exactly representable halves round up (6.25 → 6.3); CI strings for n = 1 and n = 1000', () => {
    expect(formatPercentLimit(0.0625)).toBe('6.3')
    expect(formatPercentLimit(0.3125)).toBe('31.3')
    expect(formatPercentLimit(0.9375)).toBe('93.8')
    expect(formatPercentLimit(0)).toBe('0.0')
    expect(formatPercentLimit(1)).toBe('100.0')
    expect(formatPercentWithCi(0, 1, clopperPearson(0, 1))).toBe('0.0 % (0.0–97.5)')
    expect(formatPercentWithCi(1, 1, clopperPearson(1, 1))).toBe('100.0 % (2.5–100.0)')
    expect(formatPercentWithCi(0, 1000, clopperPearson(0, 1000))).toBe('0.0 % (0.0–0.4)')
  })

  it('random limits (and engine CI limits) round as the exact value does', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 60 }), (p, n) => {
        expect(Math.round(Number(formatPercentLimit(p)) * 10)).toBe(refTenths(p))
        const ci = clopperPearson(Math.min(n, Math.floor(p * (n + 1))), n)
        for (const v of [ci.lower, ci.upper])
          expect(Math.round(Number(formatPercentLimit(v)) * 10)).toBe(refTenths(v))
      }),
      FC,
    )
  })
})
