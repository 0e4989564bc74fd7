import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { fromEpochDay, toEpochDay } from '../dates/index.js'
import { responseEpochDay } from './epoch-day.js'

describe('responseEpochDay', () => {
  it('README.md "Dates": 2024-02-20 -> 2024-03-05 is 14 days, 2025 is 13', () => {
    expect(responseEpochDay('2024-03-05') - responseEpochDay('2024-02-20')).toBe(14)
    expect(responseEpochDay('2025-03-05') - responseEpochDay('2025-02-20')).toBe(13)
  })
  it('agrees with toEpochDay on every day from 1900 to 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: toEpochDay('1900-01-01'), max: toEpochDay('2200-12-31') }), (n) => {
        expect(responseEpochDay(fromEpochDay(n))).toBe(n)
      }),
      { numRuns: 5000 },
    )
  })
  it('throws on non-dates', () => {
    for (const bad of [
      '2025-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-1-01',
      '2024/01/01',
      'abcd-ef-gh',
      '2024-01-32',
      '',
    ]) {
      expect(() => responseEpochDay(bad)).toThrow(RangeError)
    }
  })
})
