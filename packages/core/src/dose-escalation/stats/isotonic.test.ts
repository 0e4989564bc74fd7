import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isotonicRegression } from './isotonic.js'

describe('isotonicRegression (PAVA as in BOIN select.mtd)', () => {
  it('leaves a monotone sequence alone', () => {
    expect(isotonicRegression([0.1, 0.2, 0.2, 0.5], [1, 1, 1, 1])).toEqual([0.1, 0.2, 0.2, 0.5])
  })

  it('pools the first violating pair with its weighted mean', () => {
    expect(isotonicRegression([1, 3, 2], [1, 1, 3])).toEqual([1, 2.25, 2.25])
    expect(isotonicRegression([3, 2, 1], [1, 1, 1])).toEqual([2, 2, 2])
  })

  it('reproduces M2 of dose-escalation.md §2.7 (0.0161, 0.3361, 0.0161 → 0.0161, 0.0512, 0.0512)', () => {
    const est = (y: number, n: number) => (y + 0.05) / (n + 0.1)
    const w = (y: number, n: number) =>
      1 / (((y + 0.05) * (n - y + 0.05)) / ((n + 0.1) * (n + 0.1) * (n + 0.1 + 1)))
    const fit = isotonicRegression([est(0, 3), est(2, 6), est(0, 3)], [w(0, 3), w(2, 6), w(0, 3)])
    expect(fit.map((v) => Number(v.toFixed(4)))).toEqual([0.0161, 0.0512, 0.0512])
  })

  it('returns a non-decreasing fit that keeps the weighted total', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0.1, max: 100, noNaN: true }),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        (pairs) => {
          const x = pairs.map((p) => p[0])
          const w = pairs.map((p) => p[1])
          const fit = isotonicRegression(x, w)
          for (let i = 1; i < fit.length; i++) expect(fit[i]!).toBeGreaterThanOrEqual(fit[i - 1]! - 1e-12)
          const total = (v: number[]) => v.reduce((s, vi, i) => s + vi * w[i]!, 0)
          expect(total(fit)).toBeCloseTo(total(x), 9)
        },
      ),
      { seed: 7, numRuns: 300 },
    )
  })

  it('refuses mismatched or non-finite input', () => {
    expect(() => isotonicRegression([1, 2], [1])).toThrow(RangeError)
    expect(() => isotonicRegression([1, Number.NaN], [1, 1])).toThrow(RangeError)
  })
})
