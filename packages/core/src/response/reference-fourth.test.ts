/**
 * Fourth reference check of the ITP response engine: a line-by-line audit of
 * ../shared/domain/response-itp.md (§2 seed variants, §3.2-§3.11 rules, §4 worked-example tables).
 * Each test names the sentence it checks; expected values are worked out by hand from the doc, not from
 * the engine or an earlier reference. The audit list (statement -> test) is in the round-4 report.
 *
 * Source: ../shared/domain/response-itp.md; ../shared/domain/README.md (comparators, calendar dates).
 */
import { describe, expect, it } from 'vitest'
import { SEED_PROTOCOLS } from '../protocol/fixtures/seed-protocols.js'
import { DEFAULT_RESPONSE_PARAMS, evaluateResponse, responseCountTable, withResponseOverrides } from './index.js'
import type { RescueType, ResponseInput, ResponseParams, ResponseParamsOverride } from './index.js'

// Calendar helpers (README.md "Dates"), independent of the engine's date code.
const INF = '2024-02-20' // a leap-year February, so protocol days cross 29 Feb
function at(d: number): string {
  const [y, m, dd] = INF.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, dd + d)).toISOString().slice(0, 10)
}

type Count = [day: number, value: number, time?: string]
interface Subject {
  counts: Count[]
  ld?: number | null
  bleeds?: [from: number, to: number | null, grade: number][]
  rescues?: [type: RescueType, from: number, to: number | null, startTime?: string][]
  newTherapy?: number
  cutoff?: number
}
function subject(s: Subject): ResponseInput {
  return {
    infusionDate: INF,
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
    newItpTherapyStartDate: s.newTherapy === undefined ? null : at(s.newTherapy),
    dataCutoffDate: at(s.cutoff ?? 400),
  }
}
const P = (o: ResponseParamsOverride = {}): ResponseParams => withResponseOverrides(DEFAULT_RESPONSE_PARAMS, o)
/** §3.2 NCT06352281 preset: `>` 30, `>` 100 */
const K = P({ rComparator: '>', crComparator: '>' })

/** Status row of a §4 table: `X` for a count that is not evaluable, else the R-level status (`R[CR]` with `cr`). */
function statusRow(inp: ResponseInput, p: ResponseParams, cr = false): string[] {
  return responseCountTable(inp, p)
    .filter((r) => r.day >= 0)
    .map((r) => (r.evaluable ? (cr ? `${r.statusR}[${r.statusCR}]` : `${r.statusR}`) : 'X'))
}

// ---------------------------------------------------------------------------------------------------------
// §4: the Status rows of the worked-example tables, count by count
// ---------------------------------------------------------------------------------------------------------

describe('§4 worked-example status rows (Status / R [CR] / X rows of the tables)', () => {
  it('E2 and E22 (R [CR] rows)', () => {
    const e2 = subject({ counts: [[-5, 8], [14, 40], [21, 120], [28, 130], [35, 150]] })
    expect(statusRow(e2, P(), true)).toEqual(['Q[F]', 'Q[Q]', 'Q[Q]', 'Q[Q]'])
    const e22 = subject({ counts: [[-5, 8], [14, 60], [21, 120], [28, 130], [35, 90], [36, 85], [42, 70]] })
    expect(statusRow(e22, P(), true)).toEqual(['Q[F]', 'Q[Q]', 'Q[Q]', 'Q[F]', 'Q[F]', 'Q[F]'])
  })

  it('E7, E9, E10, E11, E12, E13, E17, E21 (default)', () => {
    const rows: [Subject, string][] = [
      [{ counts: [[-5, 10], [14, 50], [17, 25], [21, 55], [28, 60]] }, 'QFQQ'],
      [{ counts: [[-5, 10], [14, 80], [21, 90], [28, 60], [35, 55]], rescues: [['IVIG', 10, 11]] }, 'XXQQ'],
      [
        {
          counts: [[-5, 10], [14, 20], [16, 60], [21, 45], [23, 40], [30, 42]],
          rescues: [['PLATELET_TRANSFUSION', 15, null]],
        },
        'FXXQQ',
      ],
      [{ counts: [[-5, 10], [14, 50], [21, 60], [28, 25], [29, 22]] }, 'QQFF'],
      [{ counts: [[-5, 10], [14, 50], [21, 60], [28, 25], [35, 60]] }, 'QQFQ'],
      [{ counts: [[-5, 10], [14, 50], [21, 60], [28, 20], [29, 18], [42, 70], [49, 80]] }, 'QQFFQQ'],
      [{ counts: [[-5, 10], [7, 80], [10, 90], [14, 25], [21, 50], [28, 55]] }, 'XXFQQ'],
      [
        {
          counts: [[-5, 6], [14, 70], [21, 65], [28, 24], [35, 22], [36, 20]],
          rescues: [['HIGH_DOSE_CORTICOSTEROID', 9, 11]],
        },
        'XXFFF',
      ],
    ]
    for (const [s, want] of rows) expect(statusRow(subject(s), P()).join('')).toBe(want)
  })

  it('E16 default and [K] rows; E19 [K] row', () => {
    const e16 = subject({
      counts: [[-5, 8], [30, 28], [60, 31], [90, 32], [120, 30], [150, 33], [180, 31], [210, 30], [240, 29], [241, 28], [282, 210], [289, 220]],
      newTherapy: 275,
    })
    expect(statusRow(e16, P()).join('')).toBe('FQQQQQQFFXX')
    expect(statusRow(e16, K).join('')).toBe('FQQIQQIFFXX')
    const e19 = subject({ counts: [[-5, 10], [14, 50], [21, 60], [28, 25], [29, 30], [30, 24]] })
    expect(statusRow(e19, K).join('')).toBe('QQFIF')
  })

  it('E15b: R-level I, I (doubling not evaluable), CR-level F, F; E20: Days 28 and 29 F (bleeding)', () => {
    const e15b = subject({ counts: [[-60, 5], [14, 50], [21, 60]] })
    expect(statusRow(e15b, P(), true)).toEqual(['I[F]', 'I[F]'])
    const e20 = subject({ counts: [[-5, 10], [14, 50], [21, 60], [28, 55], [29, 58], [40, 62]], bleeds: [[28, 29, 3]] })
    expect(statusRow(e20, P()).join('')).toBe('QQFFQ')
  })

  it('E9: TTR 28 "not 14"; E20: Day 40 (single Q) does not start a new episode; E21: 3 evaluable counts', () => {
    const e9 = evaluateResponse(
      subject({ counts: [[-5, 10], [14, 80], [21, 90], [28, 60], [35, 55]], rescues: [['IVIG', 10, 11]] }),
    )
    expect([e9.TTR, e9.countsExcludedRescue, e9.flags]).toEqual([28, 2, ['COUNTS_EXCLUDED_RESCUE(2)']])
    const e20 = evaluateResponse(
      subject({ counts: [[-5, 10], [14, 50], [21, 60], [28, 55], [29, 58], [40, 62]], bleeds: [[28, 29, 3]] }),
    )
    expect(e20.episodes.R.map((e) => [e.startDay, e.endDay, e.event])).toEqual([[14, 28, true]])
    expect([e20.lossDay, e20.DoR, e20.cumulativeDaysInResponse, e20.observedDays]).toEqual([28, 14, 14, 40])
    const e21 = evaluateResponse(
      subject({
        counts: [[-5, 6], [14, 70], [21, 65], [28, 24], [35, 22], [36, 20]],
        rescues: [['HIGH_DOSE_CORTICOSTEROID', 9, 11]],
      }),
    )
    expect([e21.bestResponse, e21.explanation.evaluableCount, e21.TTR, e21.relapse]).toEqual(['NR', 3, null, false])
  })
})

// ---------------------------------------------------------------------------------------------------------
// §2: the seed trials' protocol configurations, field by field against the variant table
// ---------------------------------------------------------------------------------------------------------

describe('§2 seed-trial variants in packages/protocols (parsed, defaults filled)', () => {
  const p = (id: keyof typeof SEED_PROTOCOLS): ResponseParams => SEED_PROTOCOLS[id].endpoints.response
  const pick = (x: ResponseParams): unknown => ({
    names: [x.categoryNames.CR, x.categoryNames.R],
    r: [x.rThreshold, x.rComparator],
    doubling: [x.doublingFactor, x.doublingComparator],
    cr: [x.crThreshold, x.crComparator],
    loss: [x.rLossThreshold, x.crLossThreshold],
    bleeding: [x.requireNoBleedingForR, x.requireNoBleedingForCR],
    gaps: [x.confirmMinGapDays, x.lossMinGapDays],
    window: [x.evalStartDay, x.evalEndDay],
  })

  it('NCT06352281: R > 30, >= 2 x baseline, CR > 100, bleeding clauses, 7 d / 1 d ("approximately 1 day"), from Day 14', () => {
    expect(pick(p('NCT06352281'))).toEqual({
      names: ['CR', 'R'],
      r: [30, '>'],
      doubling: [2, '>='],
      cr: [100, '>'],
      // relapse: "< 30 or < 2-fold baseline or bleeding"
      loss: [30, 100],
      bleeding: [true, true],
      gaps: [7, 1],
      window: [14, null],
    })
  })

  it('NCT05315778 / NCT06826430: PR >= 30, >= 2 x baseline, CR >= 100; CR bleeding clause and 7-day confirmation kept (obs. 2, 3); 6 months', () => {
    for (const id of ['NCT05315778', 'NCT06826430'] as const) {
      expect(pick(p(id))).toEqual({
        names: ['CR', 'PR'],
        r: [30, '>='],
        doubling: [2, '>='],
        cr: [100, '>='],
        loss: [30, 100],
        bleeding: [true, true],
        gaps: [7, 1],
        window: [14, 182],
      })
    }
  })

  it('NCT06337474 (no definitions in the record, obs. 4): IWG defaults', () => {
    expect(pick(p('NCT06337474'))).toEqual(pick(DEFAULT_RESPONSE_PARAMS))
  })
})

// ---------------------------------------------------------------------------------------------------------
// §2 observation 1 and §3.7: strict thresholds and the tri-state R level
// ---------------------------------------------------------------------------------------------------------

describe('§2 obs. 1: under [K] a count of exactly 30 counts toward relapse only if it is below 2 x baseline', () => {
  // response 14 -> 21, then two counts of exactly 30 one day apart
  const course = (baseline: number): ResponseInput =>
    subject({ counts: [[-5, baseline], [14, 50], [21, 50], [28, 30], [29, 30]] })

  it('baseline 16 (> 15): 30 < 32 -> F, F -> relapse on Day 28', () => {
    const r = evaluateResponse(course(16), K)
    expect(statusRow(course(16), K).join('')).toBe('QQFF')
    expect([r.relapse, r.lossDay, r.DoR, r.DoREvent]).toEqual([true, 28, 14, true])
  })

  it('baseline 15.5 (> 15): 30 < 31 -> F, F -> relapse', () => {
    expect(evaluateResponse(course(15.5), K).lossDay).toBe(28)
  })

  it('baseline 15: 30 is neither > 30 nor < 30 nor < 30 -> I, I -> no relapse, DoR censored at Day 29', () => {
    const r = evaluateResponse(course(15), K)
    expect(statusRow(course(15), K).join('')).toBe('QQII')
    expect([r.relapse, r.DoR, r.DoREvent]).toEqual([false, 15, false])
  })

  it('same counts under the default (>= 30): Q, Q -> no relapse', () => {
    expect(statusRow(course(15), P()).join('')).toBe('QQQQ')
  })
})

describe('§3.7 null baseline: R-level I breaks an R-level run; CR level assessed on its own', () => {
  it('no baseline; 150, 50, 150, 160 -> CR Q F Q Q, R Q I Q Q -> CR and R both from Day 28', () => {
    const s = subject({ counts: [[-60, 5], [14, 150], [21, 50], [28, 150], [35, 160]] })
    expect(statusRow(s, P(), true)).toEqual(['Q[Q]', 'I[F]', 'Q[Q]', 'Q[Q]'])
    const r = evaluateResponse(s)
    expect([r.bestResponse, r.TTCR, r.TTR, r.DoR, r.flags]).toEqual(['CR', 28, 28, 7, ['BASELINE_MISSING']])
  })
})

// ---------------------------------------------------------------------------------------------------------
// §3.3: "k days apart" is a calendar-day difference, regardless of clock time
// ---------------------------------------------------------------------------------------------------------

describe('§3.3 calendar days, not elapsed hours', () => {
  it('confirmation: Day 14 23:59 -> Day 21 00:01 is 7 days (confirms); Day 14 00:01 -> Day 20 23:59 is 6 (does not)', () => {
    const seven = subject({ counts: [[-5, 10], [14, 50, '23:59'], [21, 55, '00:01']] })
    expect(evaluateResponse(seven).TTR).toBe(14)
    const six = subject({ counts: [[-5, 10], [14, 50, '00:01'], [20, 55, '23:59']] })
    expect(evaluateResponse(six).bestResponse).toBe('NR')
  })

  it('loss: Day 28 23:59 and Day 29 00:01 are 1 day apart (M = 1, "approximately 1 day") -> loss on Day 28', () => {
    const s = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 20, '23:59'], [29, 20, '00:01'], [35, 50]] })
    const r = evaluateResponse(s)
    expect([r.relapse, r.lossDay, r.DoR]).toEqual([true, 28, 14])
  })

  it('protocol days cross 29 February 2024 (Day 9 = 2024-02-29, Day 10 = 2024-03-01)', () => {
    const s = subject({ counts: [[-5, 10], [14, 50], [21, 50]] })
    const rows = responseCountTable(s)
    expect(rows.map((r) => [r.date, r.day])).toEqual([
      ['2024-02-15', -5],
      ['2024-03-05', 14],
      ['2024-03-12', 21],
    ])
    expect(at(9)).toBe('2024-02-29')
  })
})

// ---------------------------------------------------------------------------------------------------------
// §3.4 evaluability
// ---------------------------------------------------------------------------------------------------------

describe('§3.4 rule 3 rescue window: start <= date <= (end ?? start) + window, both ends inclusive', () => {
  it('IVIG Days 10-11 (window 14): Day 9 evaluable, Days 10 and 25 excluded, Day 26 evaluable', () => {
    const s = subject({
      counts: [[-5, 10], [9, 50], [10, 50], [25, 50], [26, 50], [33, 50]],
      rescues: [['IVIG', 10, 11]],
    })
    const p = P({ evalStartDay: 0 })
    const rows = responseCountTable(s, p).filter((r) => r.day >= 0)
    expect(rows.map((r) => [r.day, r.exclusion])).toEqual([
      [9, null],
      [10, 'RESCUE_WINDOW'],
      [25, 'RESCUE_WINDOW'],
      [26, null],
      [33, null],
    ])
    expect(evaluateResponse(s, p).countsExcludedRescue).toBe(2)
  })

  it('platelet transfusion Days 15-16 (window 7): Day 23 excluded, Day 24 evaluable', () => {
    const s = subject({ counts: [[-5, 10], [23, 50], [24, 50], [31, 50]], rescues: [['PLATELET_TRANSFUSION', 15, 16]] })
    const r = evaluateResponse(s)
    expect([r.TTR, r.countsExcludedRescue]).toEqual([24, 1])
  })
})

describe('§3.4 "Excluded counts ... neither qualify, fail, nor break a run"', () => {
  it('an excluded low count between two qualifying counts does not break the run', () => {
    // OTHER_RESCUE Day 17 with window 0 excludes Day 17 only
    const counts: Count[] = [[-5, 10], [14, 50], [17, 5], [21, 50]]
    expect(evaluateResponse(subject({ counts })).bestResponse).toBe('NR') // Day 17 F breaks 14 -> 21
    const r = evaluateResponse(
      subject({ counts, rescues: [['OTHER_RESCUE', 17, null]] }),
      P({ rescueWindowDays: { OTHER_RESCUE: 0 } }),
    )
    expect([r.bestResponse, r.TTR, r.DoR]).toEqual(['R', 14, 7])
  })

  it('an excluded low count does not fail: it cannot be half of a loss pair', () => {
    const counts: Count[] = [[-5, 10], [14, 50], [21, 50], [28, 20], [29, 20], [35, 50]]
    expect(evaluateResponse(subject({ counts })).lossDay).toBe(28)
    const r = evaluateResponse(
      subject({ counts, rescues: [['OTHER_RESCUE', 29, null]] }),
      P({ rescueWindowDays: { OTHER_RESCUE: 0 } }),
    )
    expect([r.relapse, r.DoR]).toEqual([false, 21])
  })

  it('an excluded high count does not qualify: it cannot block a loss pair', () => {
    const counts: Count[] = [[-5, 10], [14, 50], [21, 50], [28, 20], [29, 80], [30, 20]]
    expect(evaluateResponse(subject({ counts })).relapse).toBe(false) // the Q on Day 29 blocks 28/30
    const r = evaluateResponse(
      subject({ counts, rescues: [['PLATELET_TRANSFUSION', 29, null]] }),
      P({ rescueWindowDays: { PLATELET_TRANSFUSION: 0 } }),
    )
    expect([r.relapse, r.lossDay, r.DoR]).toEqual([true, 28, 14])
  })
})

// ---------------------------------------------------------------------------------------------------------
// §3.5 baseline
// ---------------------------------------------------------------------------------------------------------

describe('§3.5 baseline', () => {
  it('step 3 uses rule 3 of Step 2 with its start-time exception: a sample before the rescue start time stays a candidate', () => {
    // transfusion on the LD day (Day -5) at 10:00; an earlier candidate on Day -10 = 40
    const mk = (time?: string): ResponseInput =>
      subject({
        counts: [[-10, 40], time ? [-5, 10, time] : [-5, 10], [14, 50], [21, 50]],
        rescues: [['PLATELET_TRANSFUSION', -5, null, '10:00']],
      })
    const before = evaluateResponse(mk('08:00'))
    expect([before.baseline, before.bestResponse, before.flags]).toEqual([10, 'R', []])
    const after = evaluateResponse(mk('12:00'))
    expect([after.baseline, after.bestResponse]).toEqual([40, 'NR']) // 50 < 80
    expect(evaluateResponse(mk()).baseline).toBe(40) // untimed sample on the rescue start date
  })

  it('baseline uses its own window: a new ITP therapy started before LD does not remove the baseline count', () => {
    const s = subject({ counts: [[-5, 10], [14, 50], [21, 50]], newTherapy: -20 })
    const r = evaluateResponse(s)
    expect(r.baseline).toBe(10)
    // every post-infusion count is on/after the new therapy -> no evaluable count -> NE (§3.11)
    expect([r.bestResponse, r.explanation.evaluableCount, r.flags]).toEqual(['NE', 0, ['NEW_THERAPY_CENSORED']])
  })
})

// ---------------------------------------------------------------------------------------------------------
// §3.9 - §3.11
// ---------------------------------------------------------------------------------------------------------

describe('§3.9 loss date = day of the earliest f1 that has a partner', () => {
  it('an F with no partner before a Q is not f1; the later pair is', () => {
    const s = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 20], [30, 50], [35, 20], [36, 20], [37, 20]] })
    const r = evaluateResponse(s)
    expect([r.lossDay, r.DoR, r.episodes.R[0]?.lossPair?.map((c) => c.day)]).toEqual([35, 21, [35, 36]])
  })

  it('of two same-day F samples followed by an F the next day, the earlier sample is f1', () => {
    const s = subject({ counts: [[-5, 10], [14, 50], [21, 50], [28, 22, '08:00'], [28, 25, '16:00'], [29, 20]] })
    const r = evaluateResponse(s)
    expect(r.episodes.R[0]?.lossPair?.map((c) => [c.day, c.time])).toEqual([
      [28, '08:00'],
      [29, null],
    ])
  })
})

describe('§3.11 outputs', () => {
  it('NE when the baseline exists but no count is evaluable; TTR, DoR, observedDays null; relapse false', () => {
    const r = evaluateResponse(subject({ counts: [[-5, 10], [7, 50], [10, 60]] }))
    expect(r).toMatchObject({
      bestResponse: 'NE',
      baseline: 10,
      TTR: null,
      TTCR: null,
      DoR: null,
      DoREvent: null,
      DoCR: null,
      relapse: false,
      cumulativeDaysInResponse: 0,
      observedDays: null,
    })
  })

  it('NR with one evaluable count and a baseline', () => {
    expect(evaluateResponse(subject({ counts: [[-5, 10], [14, 50]] })).bestResponse).toBe('NR')
  })

  it('three R-level episodes: cumulativeDaysInResponse sums all, DoR and relapse describe the first only', () => {
    const s = subject({
      counts: [
        [-5, 10],
        [14, 50], [21, 50], [28, 20], [29, 20], // 14 -> 28 event
        [35, 50], [42, 50], [49, 20], [50, 20], // 35 -> 49 event
        [56, 50], [63, 50], [70, 50], // 56 -> 70 censored
      ],
    })
    const r = evaluateResponse(s)
    expect(r.episodes.R.map((e) => [e.startDay, e.endDay, e.event])).toEqual([
      [14, 28, true],
      [35, 49, true],
      [56, 70, false],
    ])
    expect([r.TTR, r.DoR, r.DoREvent, r.relapse, r.cumulativeDaysInResponse, r.observedDays]).toEqual([
      14, 14, true, true, 42, 70,
    ])
  })

  it('NEW_THERAPY_CENSORED only when a new ITP therapy is recorded; DoR censored at the last count before it', () => {
    const counts: Count[] = [[-5, 10], [14, 50], [21, 50], [28, 50], [35, 20], [36, 20]]
    expect(evaluateResponse(subject({ counts })).flags).toEqual([])
    const r = evaluateResponse(subject({ counts, newTherapy: 30 }))
    expect([r.flags, r.relapse, r.DoR, r.DoREvent, r.observedDays]).toEqual([['NEW_THERAPY_CENSORED'], false, 14, false, 28])
  })
})
