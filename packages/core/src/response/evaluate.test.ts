import { describe, it, expect } from 'vitest'
import { addDays } from '../dates/index.js'
import { evaluateResponse } from './evaluate.js'
import { renderResponseExplanation } from './explain.js'
import { DEFAULT_RESPONSE_PARAMS as D, withResponseOverrides } from './params.js'
import type { ResponseInput } from './types.js'

const INF = '2024-06-01'
const d = (n: number) => addDays(INF, n)
const subject = (counts: [number, number][], extra: Partial<ResponseInput> = {}): ResponseInput => ({
  infusionDate: INF,
  ldStartDate: d(-5),
  plateletCounts: counts.map(([n, value]) => ({ date: d(n), value })),
  ...extra,
})

describe('evaluateResponse outputs and flags (response-itp.md §3.11)', () => {
  it('uses the protocol word for the category (PR for NCT05315778 / NCT06826430)', () => {
    const p = withResponseOverrides(D, { categoryNames: { R: 'PR' } })
    const r = evaluateResponse(
      subject([
        [-5, 10],
        [14, 45],
        [21, 50],
      ]),
      p,
    )
    expect(r.bestResponse).toBe('R')
    expect(r.bestResponseLabel).toBe('PR')
  })

  it('NE when there is no evaluable count', () => {
    const r = evaluateResponse(
      subject([
        [-5, 10],
        [7, 80],
      ]),
    )
    expect(r).toMatchObject({
      bestResponse: 'NE',
      observedDays: null,
      cumulativeDaysInResponse: 0,
      relapse: false,
    })
  })

  it('dates of response and loss are the calendar dates of those counts', () => {
    const r = evaluateResponse(
      subject([
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 25],
        [29, 22],
      ]),
    )
    expect(r).toMatchObject({ responseDate: d(14), lossDate: d(28) })
    expect(r.episodes.R[0]).toMatchObject({ startDate: d(14), endDate: d(28) })
  })

  it('data cut-off: later counts ignored, open bleeding active until it, flag BLEEDING_EVENT_OPEN_ENDED', () => {
    const s = subject(
      [
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 25],
        [29, 22],
      ],
      {
        dataCutoffDate: d(27),
        bleedingEvents: [{ startDate: d(21), endDate: null, grade: 2 }],
      },
    )
    const r = evaluateResponse(s)
    expect(r.bestResponse).toBe('NR') // Day 21 bleeding -> F; Day 14 alone cannot confirm
    expect(r.flags).toContain('BLEEDING_EVENT_OPEN_ENDED')
    expect(r.explanation.excluded.filter((x) => x.reason === 'AFTER_DATA_CUTOFF').map((x) => x.day)).toEqual([
      28, 29,
    ])
  })

  it('the parameter dataCutoffDate applies when the input has none', () => {
    const p = withResponseOverrides(D, { dataCutoffDate: d(27) })
    const r = evaluateResponse(
      subject([
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 25],
        [29, 22],
      ]),
      p,
    )
    expect(r).toMatchObject({ DoR: 7, DoREvent: false, observedDays: 21 })
  })

  it('evalEndDay: counts after it are not evaluable', () => {
    const p = withResponseOverrides(D, { evalEndDay: 21 })
    const r = evaluateResponse(
      subject([
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 25],
        [29, 22],
      ]),
      p,
    )
    expect(r).toMatchObject({ DoR: 7, DoREvent: false, relapse: false, observedDays: 21 })
  })

  it('BASELINE_RESCUE_AFFECTED when every candidate lies in a rescue window', () => {
    const r = evaluateResponse(
      subject(
        [
          [-5, 45],
          [14, 95],
          [21, 100],
        ],
        { rescueEvents: [{ type: 'IVIG', startDate: d(-8), endDate: d(-7) }] },
      ),
    )
    expect(r.baseline).toBe(45)
    expect(r.flags).toContain('BASELINE_RESCUE_AFFECTED')
    expect(r.explanation.baseline.rule).toBe('RESCUE_AFFECTED_FALLBACK')
  })

  it('corticosteroid dependence (off by default; ON and >= 60 days -> NR)', () => {
    const s = subject(
      [
        [-5, 10],
        [14, 45],
        [21, 50],
      ],
      { corticosteroidDependenceDays: 60 },
    )
    expect(evaluateResponse(s).bestResponse).toBe('R')
    const on = withResponseOverrides(D, { corticosteroidDependenceRule: 'ON' })
    const r = evaluateResponse(s, on)
    expect(r.bestResponse).toBe('NR')
    expect(r.flags).toContain('CORTICOSTEROID_DEPENDENT')
    expect(evaluateResponse({ ...s, corticosteroidDependenceDays: 59 }, on).bestResponse).toBe('R')
  })

  it('requireNoBleedingForCR false: CR kept on a bleeding day while R fails', () => {
    const p = withResponseOverrides(D, { requireNoBleedingForCR: false })
    const s = subject(
      [
        [-5, 10],
        [14, 150],
        [21, 160],
      ],
      { bleedingEvents: [{ startDate: d(21), endDate: d(21), grade: 3 }] },
    )
    expect(evaluateResponse(s, p)).toMatchObject({ bestResponse: 'CR', TTCR: 14 })
    expect(evaluateResponse(s).bestResponse).toBe('NR')
  })

  it('baselineAnchor INFUSION ignores the LD start (E23 variant)', () => {
    const p = withResponseOverrides(D, { baselineAnchor: 'INFUSION' })
    const r = evaluateResponse(
      subject([
        [-7, 12],
        [-5, 16],
        [0, 14],
        [14, 30],
        [21, 31],
      ]),
      p,
    )
    expect(r).toMatchObject({ baseline: 14, bestResponse: 'R' })
    expect(r.explanation.baseline.anchor).toBe('INFUSION')
  })

  it('the explanation names the counts of the response and of the loss', () => {
    const r = evaluateResponse(
      subject([
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 25],
        [29, 22],
      ]),
    )
    const e = r.episodes.R[0]
    expect(e?.start).toMatchObject({ day: 14, value: 50, status: 'Q', index: 1 })
    expect(e?.confirmedBy).toMatchObject({ day: 21, value: 60 })
    expect(e?.lossPair?.map((c) => c.value)).toEqual([25, 22])
    expect(r.explanation.thresholds.doublingValue).toBe(20)
    expect(r.explanation.lastEvaluable).toMatchObject({ day: 29 })
  })
})

describe('protocol decisions of §3.4, §3.5 step 4 and §3.9 end to end (defaults vs alternatives)', () => {
  const K = withResponseOverrides(D, { rComparator: '>', crComparator: '>' })

  it('sameDateUntimedPolicy (§3.4): LOWEST_VALUE keeps only Day 21 = 25; KEEP_ALL also keeps the untimed 60', () => {
    const input: ResponseInput = {
      infusionDate: INF,
      ldStartDate: d(-5),
      plateletCounts: [
        { date: d(-5), value: 10 },
        { date: d(14), value: 50 },
        { date: d(21), time: '08:00', value: 25 },
        { date: d(21), value: 60 },
        { date: d(28), value: 55 },
        { date: d(35), value: 60 },
      ],
    }
    const dflt = evaluateResponse(input, D)
    expect(dflt).toMatchObject({ bestResponse: 'R', TTR: 28, DoR: 7, DoREvent: false })
    expect(dflt.explanation.excluded.map((x) => x.reason)).toEqual([
      'BEFORE_EVAL_START',
      'SAME_DATE_NOT_LOWEST',
    ])
    expect(
      evaluateResponse(input, withResponseOverrides(D, { sameDateUntimedPolicy: 'LOWEST_VALUE' })),
    ).toEqual(dflt)
    // untimed 60 sorts before the 08:00 sample: Q(14) Q(21) F(21) Q(28) Q(35) -> 14 -> 21 confirms
    const all = evaluateResponse(input, withResponseOverrides(D, { sameDateUntimedPolicy: 'KEEP_ALL' }))
    expect(all).toMatchObject({ bestResponse: 'R', TTR: 14, DoR: 21, DoREvent: false })
    expect(all.explanation.excluded.map((x) => x.reason)).toEqual(['BEFORE_EVAL_START'])
  })

  it('baselineSameDateTie (§3.5 step 4): latest time (20) by default; LOWEST_VALUE takes 10', () => {
    const input: ResponseInput = {
      infusionDate: INF,
      ldStartDate: d(-5),
      plateletCounts: [
        { date: d(-5), time: '08:00', value: 10 },
        { date: d(-5), time: '16:00', value: 20 },
        { date: d(14), value: 30 },
        { date: d(21), value: 35 },
      ],
    }
    expect(evaluateResponse(input, D)).toMatchObject({ baseline: 20, bestResponse: 'NR' })
    const low = evaluateResponse(input, withResponseOverrides(D, { baselineSameDateTie: 'LOWEST_VALUE' }))
    expect(low).toMatchObject({ baseline: 10, bestResponse: 'R', TTR: 14, DoR: 7 })
  })

  it('indeterminateBreaksLossPair (§3.9): E19 loss on Day 28 by default; with true the I blocks it', () => {
    const e19 = subject([
      [-5, 10],
      [14, 50],
      [21, 60],
      [28, 25],
      [29, 30],
      [30, 24],
    ])
    const dflt = evaluateResponse(e19, K)
    expect(dflt).toMatchObject({ bestResponse: 'R', lossDay: 28, DoR: 14, DoREvent: true, relapse: true })
    expect(dflt.explanation.thresholds).not.toHaveProperty('indeterminateBreaksLossPair')
    expect(renderResponseExplanation(dflt).join('\n')).toContain('with no qualifying count between them')
    const blocked = evaluateResponse(e19, withResponseOverrides(K, { indeterminateBreaksLossPair: true }))
    expect(blocked).toMatchObject({
      bestResponse: 'R',
      lossDay: null,
      DoR: 16,
      DoREvent: false,
      relapse: false,
    })
  })

  it('indeterminateBreaksResponseRun (§3.9): default I breaks 14 -> 21; with false it confirms on Day 14', () => {
    const input = subject([
      [-5, 10],
      [14, 50],
      [17, 30],
      [21, 55],
      [28, 60],
    ])
    const dflt = evaluateResponse(input, K)
    expect(dflt).toMatchObject({ bestResponse: 'R', TTR: 21, DoR: 7 })
    expect(dflt.explanation.thresholds).not.toHaveProperty('indeterminateBreaksResponseRun')
    const skip = evaluateResponse(input, withResponseOverrides(K, { indeterminateBreaksResponseRun: false }))
    expect(skip).toMatchObject({ bestResponse: 'R', TTR: 14, DoR: 14 })
    expect(skip.episodes.R[0]?.confirmedBy.day).toBe(21)
    expect(renderResponseExplanation(skip).join('\n')).toContain('indeterminate counts do not break a run')
  })
})
