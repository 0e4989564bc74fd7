import { describe, expect, it } from 'vitest'
import { kaplanMeier, type KaplanMeierRow } from './kaplan-meier.js'
import type { SurvivalConfType } from './survival-confidence-band.js'
import rFixtures from './fixtures/r/kaplan-meier.json' with { type: 'json' }

interface KmCase {
  name: string
  confType: SurvivalConfType
  level: number
  times: number[]
  events: number[]
  time: number[]
  nRisk: number[]
  nEvent: number[]
  nCensor: number[]
  surv: number[]
  stdErrLog: number[]
  stdErr: (number | null)[]
  lower: (number | null)[]
  upper: (number | null)[]
  median: number | null
  medianLower: number | null
  medianUpper: number | null
}

const TOL = 1e-9
function close(actual: number | null, expected: number | null): boolean {
  if (expected === null || actual === null) return actual === expected
  if (!Number.isFinite(expected)) return actual === expected
  return Math.abs(actual - expected) <= TOL
}

describe('kaplanMeier against R survival::survfit / print.survfit (fixtures/r/runner.R, tolerance 1e-9)', () => {
  it.each(rFixtures as KmCase[])('$name, $confType, $level', (c) => {
    const fit = kaplanMeier(c.times, c.events, { confType: c.confType, level: c.level })
    const col = <K extends keyof KaplanMeierRow>(k: K) => fit.rows.map((r) => r[k])
    expect(col('time')).toEqual(c.time)
    expect(col('nRisk')).toEqual(c.nRisk)
    expect(col('nEvent')).toEqual(c.nEvent)
    expect(col('nCensor')).toEqual(c.nCensor)
    const numeric = ['surv', 'stdErrLog', 'stdErr', 'lower', 'upper'] as const
    for (const k of numeric) {
      const got: (number | null)[] = col(k)
      const want = c[k]
      got.forEach((v, i) => {
        if (!close(v, want[i]!)) expect.fail(`${k}[${i}] = ${v}, R ${want[i]}`)
      })
    }
    expect(fit.median).toEqual({ estimate: c.median, lower: c.medianLower, upper: c.medianUpper })
    expect(fit.n).toBe(c.times.length)
    expect(fit.events).toBe(c.events.filter((e) => e === 1).length)
  })
})

const round4 = (v: number | null) => (v === null ? null : Math.round(v * 1e4) / 1e4)
const eventRows = (rows: KaplanMeierRow[]) => rows.filter((r) => r.nEvent > 0)

describe('domain/statistics.md §3.2 worked example A (6 responders)', () => {
  const times = [30, 45, 60, 90, 120, 200]
  const events = [1, 0, 1, 0, 1, 0]
  it('S, Greenwood se_log and se(S) at the event times', () => {
    const rows = eventRows(kaplanMeier(times, events).rows)
    expect(rows.map((r) => [r.time, r.nRisk, r.nEvent])).toEqual([[30, 6, 1], [60, 4, 1], [120, 2, 1]])
    expect(rows.map((r) => round4(r.surv))).toEqual([0.8333, 0.625, 0.3125])
    expect(rows.map((r) => Math.round(r.stdErrLog * 1e5) / 1e5)).toEqual([0.18257, 0.34157, 0.78528])
    expect(rows.map((r) => round4(r.stdErr))).toEqual([0.1521, 0.2135, 0.2454])
  })
  it('log, log-log and plain CIs and the median with its CI', () => {
    const log = kaplanMeier(times, events, { confType: 'log' })
    expect(eventRows(log.rows).map((r) => [round4(r.lower), round4(r.upper)])).toEqual([[0.5827, 1], [0.32, 1], [0.0671, 1]])
    expect(log.median).toEqual({ estimate: 120, lower: 60, upper: null })
    const loglog = kaplanMeier(times, events)
    expect(loglog.confType).toBe('log-log')
    expect(eventRows(loglog.rows).map((r) => [round4(r.lower), round4(r.upper)])).toEqual([
      [0.2731, 0.9747], [0.1419, 0.8931], [0.0127, 0.7337],
    ])
    expect(loglog.median).toEqual({ estimate: 120, lower: 30, upper: null })
    const plain = kaplanMeier(times, events, { confType: 'plain' })
    expect(eventRows(plain.rows).map((r) => [round4(r.lower), round4(r.upper)])).toEqual([[0.5351, 1], [0.2066, 1], [0, 0.7935]])
    expect(plain.median).toEqual({ estimate: 120, lower: 60, upper: null })
  })
})

describe('domain/statistics.md §3.3 worked example B (8 responders, tied times)', () => {
  const times = [20, 35, 35, 50, 80, 150, 150, 210]
  const events = [1, 1, 0, 1, 1, 0, 1, 0]
  it('at-risk counts keep tied censorings in the risk set', () => {
    const rows = eventRows(kaplanMeier(times, events).rows)
    expect(rows.map((r) => [r.time, r.nRisk, r.nEvent, round4(r.surv)])).toEqual([
      [20, 8, 1, 0.875], [35, 7, 1, 0.75], [50, 5, 1, 0.6], [80, 4, 1, 0.45], [150, 3, 1, 0.3],
    ])
  })
  it('log and log-log CIs (4 decimals as in the doc; log-log upper to 3) and the median', () => {
    const log = kaplanMeier(times, events, { confType: 'log' })
    expect(eventRows(log.rows).map((r) => [round4(r.lower), Math.round(r.upper! * 1000) / 1000])).toEqual([
      [0.6734, 1], [0.5027, 1], [0.3315, 1], [0.1982, 1], [0.0954, 0.943],
    ])
    expect(log.median).toEqual({ estimate: 80, lower: 50, upper: null })
    const loglog = kaplanMeier(times, events)
    expect(eventRows(loglog.rows).map((r) => [round4(r.lower), Math.round(r.upper! * 1000) / 1000])).toEqual([
      [0.387, 0.981], [0.3148, 0.931], [0.1955, 0.852], [0.1076, 0.751], [0.0442, 0.628],
    ])
    expect(loglog.median).toEqual({ estimate: 80, lower: 20, upper: null })
  })
})

describe('domain/statistics.md §3.4 worked example C (median exactly at S = 0.5)', () => {
  it('median is the midpoint of the flat segment at 0.5; log CI 10 to NR', () => {
    const fit = kaplanMeier([10, 20, 30, 40], [1, 1, 1, 1], { confType: 'log' })
    expect(fit.rows.map((r) => r.surv)).toEqual([0.75, 0.5, 0.25, 0])
    expect(fit.median).toEqual({ estimate: 25, lower: 10, upper: null })
  })
  it('a curve ending censored at exactly 0.5 has median at that time (print.survfit)', () => {
    expect(kaplanMeier([10, 20, 30, 40], [1, 1, 0, 0]).median.estimate).toBe(20)
  })
})

describe('kaplanMeier edge cases and input checks', () => {
  it('all censored: S = 1, median not reached', () => {
    const fit = kaplanMeier([5, 8], [0, 0], { confType: 'log' })
    expect(fit.rows.map((r) => [r.surv, r.stdErr, r.lower, r.upper])).toEqual([[1, 0, 1, 1], [1, 0, 1, 1]])
    expect(fit.median).toEqual({ estimate: null, lower: null, upper: null })
    expect(kaplanMeier([5], [0]).rows[0]).toMatchObject({ lower: null, upper: null })
  })
  it('S = 0 gives an infinite se_log and unknown (null) se(S) and CI, as R', () => {
    const row = kaplanMeier([3], [1]).rows[0]!
    expect(row).toMatchObject({ surv: 0, stdErrLog: Infinity, stdErr: null, lower: null, upper: null })
  })
  it('rejects malformed input', () => {
    expect(() => kaplanMeier([], [])).toThrow(/at least one/)
    expect(() => kaplanMeier([1, 2], [1])).toThrow(/equal length/)
    expect(() => kaplanMeier([1], [2])).toThrow(/0 or 1/)
    expect(() => kaplanMeier([Number.NaN], [1])).toThrow(/finite/)
    expect(() => kaplanMeier([1], [1], { level: 95 })).toThrow(/level/)
    expect(() => kaplanMeier([1], [1], { confType: 'logit' as SurvivalConfType })).toThrow(/confType/)
  })
})
