/**
 * Worked examples E1-E25 of ../shared/domain/response-itp.md §4, one `it` per example.
 * Default = IWG configuration; [K] = NCT06352281 preset (`>` 30, `>` 100). LD starts Day -5 and the
 * Day -5 count is the baseline unless stated.
 */
import { describe, it, expect } from 'vitest'
import { addDays } from '../dates/index.js'
import { evaluateResponse } from './evaluate.js'
import { DEFAULT_RESPONSE_PARAMS, withResponseOverrides } from './params.js'
import type { ResponseParams } from './params.js'
import type {
  ResponseBleedingEvent,
  ResponsePlateletCount,
  ResponseRescueEvent,
  ResponseInput,
} from './types.js'

const INF = '2024-06-01'
const day = (d: number): string => addDays(INF, d)
const K: ResponseParams = withResponseOverrides(DEFAULT_RESPONSE_PARAMS, {
  rComparator: '>',
  crComparator: '>',
})

function subject(counts: [number, number][], extra: Partial<ResponseInput> = {}): ResponseInput {
  const plateletCounts: ResponsePlateletCount[] = counts.map(([d, value]) => ({ date: day(d), value }))
  return { infusionDate: INF, ldStartDate: day(-5), plateletCounts, ...extra }
}
const bleed = (from: number, to: number | null, grade: number): ResponseBleedingEvent => ({
  startDate: day(from),
  endDate: to === null ? null : day(to),
  scale: 'WHO',
  grade,
})
const rescue = (type: ResponseRescueEvent['type'], from: number, to: number | null): ResponseRescueEvent => ({
  type,
  startDate: day(from),
  endDate: to === null ? null : day(to),
})

describe('response-itp.md §4 worked examples', () => {
  it('E1 — simple response', () => {
    const r = evaluateResponse(
      subject([
        [-5, 10],
        [14, 45],
        [21, 50],
        [28, 60],
      ]),
    )
    expect(r).toMatchObject({
      bestResponse: 'R',
      responseDay: 14,
      TTR: 14,
      DoR: 14,
      DoREvent: false,
      relapse: false,
    })
    expect(r.observedDays).toBe(28)
    expect(r.baseline).toBe(10)
    expect(r.flags).toEqual([])
  })

  it('E2 — CR after R', () => {
    const r = evaluateResponse(
      subject([
        [-5, 8],
        [14, 40],
        [21, 120],
        [28, 130],
        [35, 150],
      ]),
    )
    expect(r).toMatchObject({
      bestResponse: 'CR',
      TTR: 14,
      TTCR: 21,
      DoR: 21,
      DoREvent: false,
      DoCR: 14,
      DoCREvent: false,
    })
  })

  it('E3 — exactly 2 × baseline', () => {
    const s = subject([
      [-5, 15],
      [14, 30],
      [21, 30],
    ])
    expect(evaluateResponse(s)).toMatchObject({ bestResponse: 'R', TTR: 14, DoR: 7, DoREvent: false })
    const k = evaluateResponse(s, K)
    expect(k).toMatchObject({ bestResponse: 'NR', TTR: null, DoR: null, relapse: false })
  })

  it('E4 — doubling just missed', () => {
    const s = subject([
      [-5, 16],
      [14, 31],
      [21, 31],
    ])
    expect(evaluateResponse(s).bestResponse).toBe('NR')
    expect(evaluateResponse(s, K).bestResponse).toBe('NR')
  })

  it('E5 — exactly 30, three times (abstract-like "around 30")', () => {
    const s = subject([
      [-5, 9],
      [14, 30],
      [21, 30],
      [28, 30],
    ])
    expect(evaluateResponse(s)).toMatchObject({ bestResponse: 'R', TTR: 14, DoR: 14, DoREvent: false })
    expect(evaluateResponse(s, K)).toMatchObject({
      bestResponse: 'NR',
      relapse: false,
      DoR: null,
      DoREvent: null,
    })
  })

  it('E6 — confirmation gap 6 vs 7 days', () => {
    const a = evaluateResponse(
      subject([
        [-5, 10],
        [14, 50],
        [20, 55],
        [27, 20],
        [28, 18],
      ]),
    )
    expect(a.bestResponse).toBe('NR')
    const b = evaluateResponse(
      subject([
        [-5, 10],
        [14, 50],
        [21, 55],
        [27, 20],
        [28, 18],
      ]),
    )
    expect(b).toMatchObject({
      bestResponse: 'R',
      responseDay: 14,
      lossDay: 27,
      DoR: 13,
      DoREvent: true,
      relapse: true,
    })
  })

  it('E7 — non-qualifying count between two qualifying counts', () => {
    const r = evaluateResponse(
      subject([
        [-5, 10],
        [14, 50],
        [17, 25],
        [21, 55],
        [28, 60],
      ]),
    )
    expect(r).toMatchObject({ bestResponse: 'R', TTR: 21, DoR: 7, DoREvent: false })
  })

  it('E8 — bleeding on a qualifying day', () => {
    const counts: [number, number][] = [
      [-5, 10],
      [14, 50],
      [21, 55],
      [28, 60],
    ]
    const a = evaluateResponse(subject(counts, { bleedingEvents: [bleed(14, 14, 2)] }))
    expect(a).toMatchObject({ bestResponse: 'R', TTR: 21, DoR: 7, DoREvent: false })
    const b = evaluateResponse(subject(counts, { bleedingEvents: [bleed(14, 14, 1)] }))
    expect(b).toMatchObject({ bestResponse: 'R', TTR: 14, DoR: 14, DoREvent: false })
  })

  it('E9 — IVIG rescue inside the evaluation window', () => {
    const r = evaluateResponse(
      subject(
        [
          [-5, 10],
          [14, 80],
          [21, 90],
          [28, 60],
          [35, 55],
        ],
        { rescueEvents: [rescue('IVIG', 10, 11)] },
      ),
    )
    expect(r).toMatchObject({ bestResponse: 'R', TTR: 28, DoR: 7, DoREvent: false, countsExcludedRescue: 2 })
    expect(r.flags).toEqual(['COUNTS_EXCLUDED_RESCUE(2)'])
    expect(r.explanation.excluded.filter((x) => x.reason === 'RESCUE_WINDOW').map((x) => x.day)).toEqual([
      14, 21,
    ])
  })

  it('E10 — platelet transfusion', () => {
    const r = evaluateResponse(
      subject(
        [
          [-5, 10],
          [14, 20],
          [16, 60],
          [21, 45],
          [23, 40],
          [30, 42],
        ],
        {
          rescueEvents: [rescue('PLATELET_TRANSFUSION', 15, null)],
        },
      ),
    )
    expect(r).toMatchObject({ bestResponse: 'R', TTR: 23, DoR: 7, DoREvent: false, countsExcludedRescue: 2 })
  })

  it('E11 — confirmed loss', () => {
    const r = evaluateResponse(
      subject([
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 25],
        [29, 22],
      ]),
    )
    expect(r).toMatchObject({
      bestResponse: 'R',
      TTR: 14,
      lossDay: 28,
      DoR: 14,
      DoREvent: true,
      relapse: true,
    })
    expect(r.episodes.R[0]?.lossPair?.map((c) => c.day)).toEqual([28, 29])
  })

  it('E12 — single low count, then recovery (no loss)', () => {
    const r = evaluateResponse(
      subject([
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 25],
        [35, 60],
      ]),
    )
    expect(r).toMatchObject({ bestResponse: 'R', DoR: 21, DoREvent: false, relapse: false, lossDay: null })
  })

  it('E13 — relapse then re-response', () => {
    const r = evaluateResponse(
      subject([
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 20],
        [29, 18],
        [42, 70],
        [49, 80],
      ]),
    )
    expect(r.episodes.R.map((e) => [e.startDay, e.endDay, e.event])).toEqual([
      [14, 28, true],
      [42, 49, false],
    ])
    expect(r).toMatchObject({ bestResponse: 'R', TTR: 14, DoR: 14, DoREvent: true, relapse: true })
    expect(r.cumulativeDaysInResponse).toBe(21)
    expect(r.observedDays).toBe(49)
  })

  it('E14 — baseline 0', () => {
    const s = subject([
      [-5, 0],
      [14, 30],
      [21, 31],
    ])
    expect(evaluateResponse(s)).toMatchObject({
      bestResponse: 'R',
      baseline: 0,
      TTR: 14,
      DoR: 7,
      DoREvent: false,
    })
    expect(evaluateResponse(s, K).bestResponse).toBe('NR')
  })

  it('E15 — baseline missing', () => {
    const a = evaluateResponse(
      subject([
        [-60, 10],
        [14, 150],
        [21, 160],
      ]),
    )
    expect(a).toMatchObject({
      bestResponse: 'CR',
      baseline: null,
      TTCR: 14,
      TTR: 14,
      DoR: 7,
      DoREvent: false,
    })
    expect(a.flags).toContain('BASELINE_MISSING')
    const b = evaluateResponse(
      subject([
        [-60, 10],
        [14, 50],
        [21, 60],
      ]),
    )
    expect(b.bestResponse).toBe('NE')
    expect(b.flags).toContain('BASELINE_MISSING')
  })

  it('E16 — abstract-like course with daratumumab (new ITP therapy) on Day 275', () => {
    const s = subject(
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
      { newItpTherapyStartDate: day(275) },
    )
    for (const p of [DEFAULT_RESPONSE_PARAMS, K]) {
      const r = evaluateResponse(s, p)
      expect(r).toMatchObject({
        bestResponse: 'R',
        TTR: 60,
        lossDay: 240,
        DoR: 180,
        DoREvent: true,
        relapse: true,
      })
      expect(r.crDay).toBeNull()
      expect(r.observedDays).toBe(241)
      expect(r.flags).toEqual(['NEW_THERAPY_CENSORED'])
      expect(r.explanation.excluded.filter((x) => x.reason === 'NEW_ITP_THERAPY').map((x) => x.day)).toEqual([
        282, 289,
      ])
    }
  })

  it('E17 — counts before the evaluation window', () => {
    const r = evaluateResponse(
      subject([
        [-5, 10],
        [7, 80],
        [10, 90],
        [14, 25],
        [21, 50],
        [28, 55],
      ]),
    )
    expect(r).toMatchObject({ bestResponse: 'R', TTR: 21, DoR: 7, DoREvent: false })
  })

  it('E18 — two failing samples on the same calendar day', () => {
    const base = subject([
      [-5, 10],
      [14, 50],
      [21, 60],
    ])
    const a = evaluateResponse({
      ...base,
      plateletCounts: [
        ...base.plateletCounts,
        { date: day(28), time: '08:00', value: 25 },
        { date: day(28), time: '16:00', value: 22 },
        { date: day(35), value: 60 },
      ],
    })
    expect(a).toMatchObject({ bestResponse: 'R', DoR: 21, DoREvent: false, relapse: false })
    const b = evaluateResponse(
      subject([
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 25],
        [29, 22],
      ]),
    )
    expect(b).toMatchObject({ lossDay: 28, DoR: 14, DoREvent: true })
  })

  it('E19 — [K] indeterminate count inside a loss pair', () => {
    const r = evaluateResponse(
      subject([
        [-5, 10],
        [14, 50],
        [21, 60],
        [28, 25],
        [29, 30],
        [30, 24],
      ]),
      K,
    )
    expect(r).toMatchObject({ bestResponse: 'R', lossDay: 28, DoR: 14, DoREvent: true })
    expect(r.episodes.R[0]?.lossPair?.map((c) => [c.day, c.status])).toEqual([
      [28, 'F'],
      [30, 'F'],
    ])
  })

  it('E20 — bleeding-driven loss', () => {
    const r = evaluateResponse(
      subject(
        [
          [-5, 10],
          [14, 50],
          [21, 60],
          [28, 55],
          [29, 58],
          [40, 62],
        ],
        { bleedingEvents: [bleed(28, 29, 3)] },
      ),
    )
    expect(r).toMatchObject({ bestResponse: 'R', lossDay: 28, DoR: 14, DoREvent: true, relapse: true })
    expect(r.episodes.R).toHaveLength(1)
  })

  it('E21 — high-dose steroids for ICANS mask the platelet effect', () => {
    const r = evaluateResponse(
      subject(
        [
          [-5, 6],
          [14, 70],
          [21, 65],
          [28, 24],
          [35, 22],
          [36, 20],
        ],
        {
          rescueEvents: [rescue('HIGH_DOSE_CORTICOSTEROID', 9, 11)],
        },
      ),
    )
    expect(r.bestResponse).toBe('NR')
    expect(r.explanation.evaluableCount).toBe(3)
    expect(r.countsExcludedRescue).toBe(2)
  })

  it('E22 — CR lost while R is kept', () => {
    const r = evaluateResponse(
      subject([
        [-5, 8],
        [14, 60],
        [21, 120],
        [28, 130],
        [35, 90],
        [36, 85],
        [42, 70],
      ]),
    )
    expect(r).toMatchObject({
      bestResponse: 'CR',
      TTCR: 21,
      crLossDay: 35,
      DoCR: 14,
      DoCREvent: true,
      DoR: 28,
      DoREvent: false,
      relapse: false,
    })
  })

  it('E23 — baseline anchor: LD start vs infusion', () => {
    const counts: [number, number][] = [
      [-7, 12],
      [-5, 16],
      [0, 14],
      [14, 30],
      [21, 31],
    ]
    const a = evaluateResponse(subject(counts))
    expect(a).toMatchObject({ baseline: 16, bestResponse: 'NR' })
    const b = evaluateResponse(subject(counts, { ldStartDate: null }))
    expect(b).toMatchObject({ baseline: 14, bestResponse: 'R', TTR: 14, DoR: 7, DoREvent: false })
  })

  it('E24 — baseline affected by a transfusion', () => {
    const s = subject(
      [
        [-10, 9],
        [-5, 45],
        [14, 50],
        [21, 52],
      ],
      {
        rescueEvents: [rescue('PLATELET_TRANSFUSION', -7, null)],
      },
    )
    const a = evaluateResponse(s)
    expect(a).toMatchObject({ baseline: 9, bestResponse: 'R', TTR: 14 })
    expect(a.explanation.baseline.droppedRescueAffected.map((c) => c.day)).toEqual([-5])
    const b = evaluateResponse(
      s,
      withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { baselineExcludeRescueAffected: false }),
    )
    expect(b).toMatchObject({ baseline: 45, bestResponse: 'NR' })
  })

  it('E25 — calendar dates across a leap day', () => {
    const leap = evaluateResponse({
      infusionDate: '2024-02-20',
      ldStartDate: '2024-02-15',
      plateletCounts: [
        { date: '2024-02-15', value: 10 },
        { date: '2024-03-05', value: 50 },
        { date: '2024-03-12', value: 55 },
      ],
    })
    expect(leap).toMatchObject({ bestResponse: 'R', TTR: 14, responseDate: '2024-03-05' })
    const plain = evaluateResponse(
      {
        infusionDate: '2025-02-20',
        ldStartDate: '2025-02-15',
        plateletCounts: [
          { date: '2025-02-15', value: 10 },
          { date: '2025-03-05', value: 50 },
          { date: '2025-03-12', value: 55 },
        ],
      },
      withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { evalStartDay: 13 }),
    )
    expect(plain).toMatchObject({ bestResponse: 'R', TTR: 13, responseDate: '2025-03-05' })
  })
})
