import { describe, expect, it } from 'vitest'
import { meanOfAnsweredItems, recodeRand36Item, scoreRand36 } from './rand-36.js'
import { ITP_PAQ_SCALES, scoreItpPaq, type ItpPaqScale, type ItpPaqScoringConfig } from './itp-paq.js'

describe('RAND-36 1.0 scoring, bleeding-and-scores.md §9', () => {
  it('worked example: 100, 50, missing → 75', () => expect(meanOfAnsweredItems([100, 50, null])).toBe(75))
  it('recodes 3-choice and 5-choice items to 0/50/100 and 0-100 by 25', () => {
    expect([1, 2, 3].map((c) => recodeRand36Item(3, c))).toEqual([0, 50, 100])
    expect([1, 2, 3, 4, 5].map((c) => recodeRand36Item(1, c))).toEqual([100, 75, 50, 25, 0])
    expect([1, 6].map((c) => recodeRand36Item(24, c))).toEqual([0, 100])
    expect(recodeRand36Item(3, 4)).toBeNull()
  })
  it('scores every scale as the mean of answered items; health transition (item 2) is in no scale', () => {
    const best: Record<number, number> = {}
    for (let i = 1; i <= 36; i++) best[i] = 1
    const r = scoreRand36({ ...best, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3, 9: 3, 10: 3, 11: 3, 12: 3, 13: 2, 14: 2, 15: 2, 16: 2, 17: 2, 18: 2, 19: 2, 24: 6, 25: 6, 28: 6, 29: 6, 31: 6, 32: 5, 33: 5, 35: 5 })
    expect(r).toEqual({ PF: 100, RP: 100, RE: 100, VT: 100, MH: 100, SF: 100, BP: 100, GH: 100 })
    expect(scoreRand36({ 21: 1 }).BP).toBe(100)
    expect(scoreRand36({}).PF).toBeNull()
  })
})

describe('ITP-PAQ structure (licensed scoring is injected)', () => {
  it('has 10 scales and honours applicability', () => {
    expect(ITP_PAQ_SCALES).toHaveLength(10)
    const scales = Object.fromEntries(ITP_PAQ_SCALES.map((s) => [s, { itemIds: [`${s}-1`] }])) as unknown as ItpPaqScoringConfig['scales']
    const config: ItpPaqScoringConfig = {
      source: 'TEST FIXTURE',
      scales: { ...scales, 'womens-reproductive-health': { itemIds: ['w-1'], appliesTo: (r) => (r.sex === null ? null : r.sex === 'female') }, work: { itemIds: ['k-1'], appliesTo: (r) => r.employed } },
      scoreScale: (_s: ItpPaqScale, xs) => (xs.every((x) => x === null) ? null : 50),
    }
    const r = scoreItpPaq({ instrumentVersion: 'fixture', language: 'zh-CN', completedOn: '2025-03-01', respondent: { sex: 'male', employed: null }, items: { 'symptoms-1': 3 } }, config)
    expect(r.symptoms).toEqual({ kind: 'scored', score: 50 })
    expect(r['womens-reproductive-health']).toEqual({ kind: 'not-applicable' })
    expect(r.work.kind).toBe('not-evaluable')
    expect(r.fear.kind).toBe('not-evaluable')
  })
})
