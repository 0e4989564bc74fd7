import { describe, expect, it } from 'vitest'
import { sampleMedianRange } from './sample-median-range.js'
import { sampleQuantile } from './sample-quantile.js'
import { formatPercent, formatPercentLimit } from './format-percent.js'
import { timeInResponse } from './time-in-response.js'
import rFixtures from './fixtures/r/quantile-type7.json' with { type: 'json' }

describe('sampleMedianRange: domain/statistics.md §1', () => {
  it('seed abstract ages {8, 12, 13, 25}: median 12.5 (range, 8 to 25)', () => {
    expect(sampleMedianRange([25, 8, 13, 12])).toEqual({ n: 4, median: 12.5, min: 8, max: 25 })
  })
  it('odd n takes the middle value; both range ends reported even if equal', () => {
    expect(sampleMedianRange([9, 2, 24])).toEqual({ n: 3, median: 9, min: 2, max: 24 })
    expect(sampleMedianRange([7])).toEqual({ n: 1, median: 7, min: 7, max: 7 })
  })
  it('rejects empty or non-finite input', () => {
    expect(() => sampleMedianRange([])).toThrow(/at least one/)
    expect(() => sampleMedianRange([1, Number.NaN])).toThrow(/finite/)
  })
})

describe('sampleQuantile and sampleMedianRange against R quantile(type = 7) and median()', () => {
  it.each(rFixtures as { values: number[]; probs: number[]; quantiles: number[]; median: number }[])('$values', (c) => {
    c.probs.forEach((p, i) => expect(Math.abs(sampleQuantile(c.values, p) - c.quantiles[i]!)).toBeLessThan(1e-9))
    expect(Math.abs(sampleMedianRange(c.values).median - c.median)).toBeLessThan(1e-12)
  })
})

describe('formatPercent: 100 × x / n, one decimal, round half up', () => {
  it('seed abstract: 3/4 women = "75.0 %"', () => expect(formatPercent(3, 4)).toBe('75.0 %'))
  it('rounds exact halves up', () => {
    expect(formatPercent(1, 16)).toBe('6.3 %') // 6.25
    expect(formatPercent(1, 8)).toBe('12.5 %')
    expect(formatPercent(1, 3)).toBe('33.3 %')
    expect(formatPercent(2, 3)).toBe('66.7 %')
    expect(formatPercent(0, 9)).toBe('0.0 %')
    expect(formatPercent(9, 9)).toBe('100.0 %')
    expect(formatPercent(1, 400)).toBe('0.3 %') // 0.25
  })
  it('limits print as percentages with one decimal', () => {
    expect(formatPercentLimit(0.002529)).toBe('0.3')
    expect(formatPercentLimit(1)).toBe('100.0')
  })
  it('rejects impossible counts', () => {
    expect(() => formatPercent(5, 4)).toThrow(RangeError)
    expect(() => formatPercent(1, 0)).toThrow(RangeError)
  })
})

describe('timeInResponse: domain/response-itp.md §3.11, worked example E13', () => {
  it('21 of 49 observed days in response = 42.9 %', () => {
    const t = timeInResponse(21, 49)
    expect(t).toEqual({ cumulativeDaysInResponse: 21, observedDays: 49, fraction: 21 / 49 })
    expect(formatPercent(21, 49)).toBe('42.9 %')
  })
  it('nothing observed gives no fraction', () => expect(timeInResponse(0, 0).fraction).toBeNull())
})
