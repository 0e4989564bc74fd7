/**
 * Property tests of the response engine (response-itp.md §3): input order is irrelevant, an excluded
 * count changes nothing, raising a qualifying count never worsens the best response.
 */
import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { addDays } from '../dates/index.js'
import { responseCountTable } from './count-table.js'
import { evaluateResponse } from './evaluate.js'
import { DEFAULT_RESPONSE_PARAMS, RESCUE_TYPES, withResponseOverrides } from './params.js'
import type { ResponseParams } from './params.js'
import type { ResponseCategory, ResponseInput, ResponseResult } from './types.js'

const INF = '2024-06-01'
const d = (n: number) => addDays(INF, n)
const K = withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { rComparator: '>', crComparator: '>' })
const RANK: Record<ResponseCategory, number> = { NE: 0, NR: 1, R: 2, CR: 3 }

const valueArb = fc.oneof(fc.integer({ min: 0, max: 250 }), fc.constantFrom(15, 29, 30, 31, 60, 99, 100, 101))
const countArb = fc.record({
  day: fc.integer({ min: -40, max: 120 }),
  value: valueArb,
  time: fc.option(fc.constantFrom('08:00', '12:30', '16:00'), { nil: undefined }),
})
const rescueArb = fc.record({
  type: fc.constantFrom(...RESCUE_TYPES),
  start: fc.integer({ min: -20, max: 100 }),
  len: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
})
const bleedArb = fc.record({
  start: fc.integer({ min: -5, max: 110 }),
  len: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  grade: fc.integer({ min: 0, max: 4 }),
})
const subjectArb = (countsArb: fc.Arbitrary<{ day: number; value: number; time?: string | undefined }[]>) =>
  fc
    .record({
      counts: countsArb,
      ld: fc.option(fc.integer({ min: -10, max: -1 }), { nil: null }),
      rescues: fc.array(rescueArb, { maxLength: 2 }),
      bleeds: fc.array(bleedArb, { maxLength: 2 }),
      newTherapy: fc.option(fc.integer({ min: 20, max: 130 }), { nil: null }),
      cutoff: fc.option(fc.integer({ min: 60, max: 130 }), { nil: null }),
    })
    .map((s): ResponseInput => ({
      infusionDate: INF,
      ldStartDate: s.ld === null ? null : d(s.ld),
      plateletCounts: s.counts.map((c) => ({ date: d(c.day), value: c.value, time: c.time ?? null })),
      rescueEvents: s.rescues.map((r) => ({
        type: r.type,
        startDate: d(r.start),
        endDate: r.len === null ? null : d(r.start + r.len),
      })),
      bleedingEvents: s.bleeds.map((b) => ({
        startDate: d(b.start),
        endDate: b.len === null ? null : d(b.start + b.len),
        grade: b.grade,
      })),
      newItpTherapyStartDate: s.newTherapy === null ? null : d(s.newTherapy),
      dataCutoffDate: s.cutoff === null ? null : d(s.cutoff),
    }))
const paramsArb: fc.Arbitrary<ResponseParams> = fc.constantFrom(DEFAULT_RESPONSE_PARAMS, K)

/** Drop input positions (they change with order) and sort the excluded list. */
function normalise(r: ResponseResult): unknown {
  const strip = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(strip)
      : x !== null && typeof x === 'object'
        ? Object.fromEntries(
            Object.entries(x)
              .filter(([k]) => k !== 'index')
              .map(([k, v]) => [k, strip(v)]),
          )
        : x
  const out = strip(r) as ResponseResult
  out.explanation.excluded.sort((a, b) =>
    `${a.date}${a.time}${a.value}${a.reason}`.localeCompare(`${b.date}${b.time}${b.value}${b.reason}`),
  )
  return out
}

/** The parts of a result an added excluded count must not change. */
const outcome = (r: ResponseResult) => {
  const { explanation, flags, countsExcludedRescue, episodes, ...rest } = r
  void explanation
  void countsExcludedRescue
  return {
    ...rest,
    flags: flags.filter((f) => !f.startsWith('COUNTS_EXCLUDED_RESCUE')),
    episodes: [...episodes.R, ...episodes.CR].map((e) => [e.level, e.startDay, e.endDay, e.event]),
  }
}

describe('response engine properties (response-itp.md §3)', () => {
  it('input order does not change the result', () => {
    fc.assert(
      fc.property(
        subjectArb(fc.array(countArb, { maxLength: 25 })),
        paramsArb,
        fc.integer(),
        (s, p, seed) => {
          const shuffled = [...s.plateletCounts]
          let x = seed >>> 0
          for (let i = shuffled.length - 1; i > 0; i--) {
            x = (Math.imul(x, 1103515245) + 12345) >>> 0
            const j = x % (i + 1)
            ;[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]
          }
          const reversed = [...s.plateletCounts].reverse()
          const a = normalise(evaluateResponse(s, p))
          expect(normalise(evaluateResponse({ ...s, plateletCounts: shuffled }, p))).toEqual(a)
          expect(normalise(evaluateResponse({ ...s, plateletCounts: reversed }, p))).toEqual(a)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('adding a count inside a rescue window changes nothing', () => {
    const extraArb = fc.record({
      start: fc.integer({ min: 14, max: 100 }),
      len: fc.integer({ min: 0, max: 5 }),
      after: fc.integer({ min: 1, max: 7 }),
      value: valueArb,
    })
    fc.assert(
      fc.property(subjectArb(fc.array(countArb, { maxLength: 25 })), extraArb, paramsArb, (s, x, p) => {
        const rescueEvents = [
          ...(s.rescueEvents ?? []),
          { type: 'PLATELET_TRANSFUSION' as const, startDate: d(x.start), endDate: d(x.start + x.len) },
        ]
        const base = { ...s, rescueEvents }
        // strictly after the rescue start date, so every sample of that date is excluded too
        const added = {
          ...base,
          plateletCounts: [...s.plateletCounts, { date: d(x.start + x.after), value: x.value }],
        }
        expect(outcome(evaluateResponse(added, p))).toEqual(outcome(evaluateResponse(base, p)))
      }),
      { numRuns: 500 },
    )
  })

  it('raising one qualifying count never worsens the best response', () => {
    const distinctDays = fc
      .uniqueArray(fc.integer({ min: -40, max: 120 }), { maxLength: 25 })
      .chain((days) => fc.tuple(...days.map((day) => valueArb.map((value) => ({ day, value })))))
    fc.assert(
      fc.property(
        subjectArb(distinctDays),
        paramsArb,
        fc.nat(),
        fc.integer({ min: 0, max: 200 }),
        (s, p, pick, delta) => {
          const rows = responseCountTable(s, p).filter((r) => r.statusR === 'Q')
          if (rows.length === 0) return
          const row = rows[pick % rows.length]!
          const counts = s.plateletCounts.map((c, i) =>
            i === row.index ? { ...c, value: c.value + delta } : c,
          )
          const before = RANK[evaluateResponse(s, p).bestResponse]
          expect(
            RANK[evaluateResponse({ ...s, plateletCounts: counts }, p).bestResponse],
          ).toBeGreaterThanOrEqual(before)
        },
      ),
      { numRuns: 500 },
    )
  })
})
