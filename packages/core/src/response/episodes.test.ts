import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { findConfirmedResponse } from './confirm.js'
import { findResponseEpisodes } from './episodes.js'
import { findConfirmedResponseLoss } from './loss.js'
import type { ResponseCountStatus } from './types.js'
// the literal transcription of response-itp.md §3.12 is the reference for the linear-time version
import { referenceEpisodes } from './fixtures/reference-episodes.js'

const S = (s: string) => s.split('') as ResponseCountStatus[]

describe('findConfirmedResponse (response-itp.md §3.8)', () => {
  it('E6a/E6b: 6 days does not confirm, 7 days does', () => {
    expect(findConfirmedResponse([14, 20], S('QQ'), 0, 7)).toBeNull()
    expect(findConfirmedResponse([14, 21], S('QQ'), 0, 7)).toEqual({ start: 0, confirmedBy: 1 })
  })
  it('E7: an F count breaks the run; the later run confirms', () => {
    expect(findConfirmedResponse([14, 17, 21, 28], S('QFQQ'), 0, 7)).toEqual({ start: 2, confirmedBy: 3 })
  })
  it('an I count breaks a run too', () => {
    expect(findConfirmedResponse([14, 17, 21], S('QIQ'), 0, 7)).toBeNull()
  })
  it('confirmedBy is the earliest count >= N days after the start', () => {
    expect(findConfirmedResponse([14, 16, 21, 25], S('QQQQ'), 0, 7)).toEqual({ start: 0, confirmedBy: 2 })
  })
  it('a single count never confirms, even with N = 0', () => {
    expect(findConfirmedResponse([14], S('Q'), 0, 0)).toBeNull()
    expect(findConfirmedResponse([14, 14], S('QQ'), 0, 0)).toEqual({ start: 0, confirmedBy: 1 })
  })
})

describe('findConfirmedResponseLoss (response-itp.md §3.9)', () => {
  it('E11: two F counts 1 day apart', () => {
    expect(findConfirmedResponseLoss([14, 21, 28, 29], S('QQFF'), 1, 1)).toEqual({ f1: 2, f2: 3 })
  })
  it('E12: a Q count after the only F blocks the loss', () => {
    expect(findConfirmedResponseLoss([14, 21, 28, 35], S('QQFQ'), 1, 1)).toBeNull()
  })
  it('E18a: two F samples on the same day are 0 days apart', () => {
    expect(findConfirmedResponseLoss([28, 28, 35], S('FFQ'), 0, 1)).toBeNull()
  })
  it('E19: an I count between the F counts does not block', () => {
    expect(findConfirmedResponseLoss([14, 21, 28, 29, 30], S('QQFIF'), 1, 1)).toEqual({ f1: 2, f2: 4 })
  })
  it('same-day F then a later F: f1 is the earliest F', () => {
    expect(findConfirmedResponseLoss([28, 28, 29], S('FFF'), 0, 1)).toEqual({ f1: 0, f2: 2 })
  })
})

describe('findResponseEpisodes (response-itp.md §3.10, §3.12)', () => {
  it('E13: relapse then re-response', () => {
    const eps = findResponseEpisodes([14, 21, 28, 29, 42, 49], S('QQFFQQ'), 7, 1)
    expect(eps.map((e) => [e.startDay, e.endDay, e.event])).toEqual([
      [14, 28, true],
      [42, 49, false],
    ])
  })
  it('E20: a single Q after the loss starts no new episode', () => {
    expect(findResponseEpisodes([14, 21, 28, 29, 40], S('QQFFQ'), 7, 1)).toHaveLength(1)
  })
  it('equals the literal §3.12 pseudocode on random status sequences', () => {
    const arb = fc.record({
      steps: fc.array(
        fc.record({
          gap: fc.integer({ min: 0, max: 9 }),
          s: fc.constantFrom<ResponseCountStatus>('Q', 'F', 'I'),
        }),
        {
          maxLength: 40,
        },
      ),
      N: fc.integer({ min: 0, max: 10 }),
      M: fc.integer({ min: 0, max: 3 }),
    })
    fc.assert(
      fc.property(arb, ({ steps, N, M }) => {
        let d = 14
        const ev = steps.map((x) => ({ day: (d += x.gap), s: x.s }))
        const mine = findResponseEpisodes(
          ev.map((e) => e.day),
          ev.map((e) => e.s),
          N,
          M,
        ).map((e) => ({ start: e.startDay, end: e.endDay, event: e.event }))
        expect(mine).toEqual(referenceEpisodes(ev, N, M))
      }),
      { numRuns: 2000 },
    )
  })
})
