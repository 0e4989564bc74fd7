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
  it('indeterminateBreaksResponseRun (§3.9 PROTOCOL DECISION): default true breaks the run; false skips I', () => {
    // default: Q I Q -> the I breaks the 14 -> 21 pair
    expect(findConfirmedResponse([14, 17, 21], S('QIQ'), 0, 7, true)).toBeNull()
    // non-default: the I is skipped, 14 -> 21 confirms; the confirming count is the Q, not the I
    expect(findConfirmedResponse([14, 17, 21], S('QIQ'), 0, 7, false)).toEqual({ start: 0, confirmedBy: 2 })
    expect(findConfirmedResponse([14, 21, 22], S('QIQ'), 0, 7, false)).toEqual({ start: 0, confirmedBy: 2 })
    // an F still breaks the run; a trailing I confirms nothing
    expect(findConfirmedResponse([14, 17, 21], S('QFQ'), 0, 7, false)).toBeNull()
    expect(findConfirmedResponse([14, 21], S('QI'), 0, 7, false)).toBeNull()
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
  it('indeterminateBreaksLossPair (§3.9 PROTOCOL DECISION): default false (E19); true blocks the pair', () => {
    expect(findConfirmedResponseLoss([14, 21, 28, 29, 30], S('QQFIF'), 1, 1, false)).toEqual({ f1: 2, f2: 4 })
    expect(findConfirmedResponseLoss([14, 21, 28, 29, 30], S('QQFIF'), 1, 1, true)).toBeNull()
    // a later pair without an I between still confirms
    expect(findConfirmedResponseLoss([28, 29, 30, 31], S('FIFF'), 0, 1, true)).toEqual({ f1: 2, f2: 3 })
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
  it('E19 course under both settings of indeterminateBreaksLossPair', () => {
    const days = [14, 21, 28, 29, 30]
    const dflt = findResponseEpisodes(days, S('QQFIF'), 7, 1)
    expect(dflt.map((e) => [e.startDay, e.endDay, e.event])).toEqual([[14, 28, true]])
    const off = findResponseEpisodes(days, S('QQFIF'), 7, 1, {
      breaksResponseRun: true,
      breaksLossPair: true,
    })
    expect(off.map((e) => [e.startDay, e.endDay, e.event])).toEqual([[14, 30, false]])
  })
  it('with either §3.9 choice, equals a naive double loop on random status sequences', () => {
    // naive: earliest Q a with a later Q b >= N days on, no blocker between (F, or I when it breaks runs);
    // loss: earliest F f1 after the start with a later F f2 >= M days on, no blocker between (Q, or I)
    const naive = (
      ev: { day: number; s: ResponseCountStatus }[],
      N: number,
      M: number,
      iRun: boolean,
      iLoss: boolean,
    ) => {
      const out: { start: number; end: number; event: boolean }[] = []
      let i = 0
      while (i < ev.length) {
        let start = -1
        for (let a = i; a < ev.length && start < 0; a++) {
          if (ev[a]!.s !== 'Q') continue
          for (let b = a + 1; b < ev.length; b++) {
            const s = ev[b]!.s
            if (s === 'F' || (iRun && s === 'I')) break
            if (s === 'Q' && ev[b]!.day - ev[a]!.day >= N) {
              start = a
              break
            }
          }
        }
        if (start < 0) break
        let f1 = -1
        let f2 = -1
        for (let a = start + 1; a < ev.length && f1 < 0; a++) {
          if (ev[a]!.s !== 'F') continue
          for (let b = a + 1; b < ev.length; b++) {
            const s = ev[b]!.s
            if (s === 'Q' || (iLoss && s === 'I')) break
            if (s === 'F' && ev[b]!.day - ev[a]!.day >= M) {
              f1 = a
              f2 = b
              break
            }
          }
        }
        if (f1 < 0) {
          out.push({ start: ev[start]!.day, end: ev[ev.length - 1]!.day, event: false })
          break
        }
        out.push({ start: ev[start]!.day, end: ev[f1]!.day, event: true })
        i = f2 + 1
      }
      return out
    }
    const arb = fc.record({
      steps: fc.array(
        fc.record({
          gap: fc.integer({ min: 0, max: 9 }),
          s: fc.constantFrom<ResponseCountStatus>('Q', 'F', 'I'),
        }),
        { maxLength: 40 },
      ),
      N: fc.integer({ min: 0, max: 10 }),
      M: fc.integer({ min: 0, max: 3 }),
      iRun: fc.boolean(),
      iLoss: fc.boolean(),
    })
    fc.assert(
      fc.property(arb, ({ steps, N, M, iRun, iLoss }) => {
        let d = 14
        const ev = steps.map((x) => ({ day: (d += x.gap), s: x.s }))
        const mine = findResponseEpisodes(
          ev.map((e) => e.day),
          ev.map((e) => e.s),
          N,
          M,
          { breaksResponseRun: iRun, breaksLossPair: iLoss },
        ).map((e) => ({ start: e.startDay, end: e.endDay, event: e.event }))
        expect(mine).toEqual(naive(ev, N, M, iRun, iLoss))
      }),
      { numRuns: 1000 },
    )
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
