import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { clopperPearson } from './clopper-pearson.js'
import { formatPercentWithCi } from './format-percent.js'
import rFixtures from './fixtures/r/clopper-pearson.json' with { type: 'json' }

interface CpCase { x: number; n: number; level: number; lower: number; upper: number }

describe('clopperPearson: domain/statistics.md §2 verified table (tolerance 1e-6)', () => {
  const table: [number, number, number, number, string][] = [
    [3, 4, 0.19412, 0.993691, '75.0 % (19.4–99.4)'],
    [0, 4, 0, 0.602365, '0.0 % (0.0–60.2)'],
    [4, 4, 0.397635, 1, '100.0 % (39.8–100.0)'],
    [1, 10, 0.002529, 0.445016, '10.0 % (0.3–44.5)'],
    [1, 4, 0.006309, 0.80588, '25.0 % (0.6–80.6)'],
    [2, 4, 0.067586, 0.932414, '50.0 % (6.8–93.2)'],
    [0, 3, 0, 0.707598, '0.0 % (0.0–70.8)'],
    [1, 3, 0.008404, 0.905701, '33.3 % (0.8–90.6)'],
    [1, 6, 0.004211, 0.641235, '16.7 % (0.4–64.1)'],
    [2, 6, 0.043272, 0.777222, '33.3 % (4.3–77.7)'],
    [0, 9, 0, 0.336267, '0.0 % (0.0–33.6)'],
    [3, 9, 0.074855, 0.700705, '33.3 % (7.5–70.1)'],
    [9, 9, 0.663733, 1, '100.0 % (66.4–100.0)'],
    [0, 12, 0, 0.264648, '0.0 % (0.0–26.5)'],
    [3, 12, 0.054861, 0.571858, '25.0 % (5.5–57.2)'],
  ]
  it.each(table)('%i/%i', (x, n, lower, upper, display) => {
    const ci = clopperPearson(x, n)
    expect(Math.abs(ci.lower - lower)).toBeLessThan(1e-6)
    expect(Math.abs(ci.upper - upper)).toBeLessThan(1e-6)
    expect(formatPercentWithCi(x, n, ci)).toBe(display)
  })
  it('hand check: 4/4 lower = 0.025^(1/4), 0/4 upper = 1 - 0.025^(1/4)', () => {
    expect(clopperPearson(4, 4).lower).toBeCloseTo(Math.pow(0.025, 0.25), 15)
    expect(clopperPearson(0, 4).upper).toBeCloseTo(1 - Math.pow(0.025, 0.25), 15)
  })
})

describe('clopperPearson against R binom.test (fixtures/r/runner.R)', () => {
  it.each(rFixtures as CpCase[])('$x/$n at $level', ({ x, n, level, lower, upper }) => {
    const ci = clopperPearson(x, n, level)
    expect(Math.abs(ci.lower - lower)).toBeLessThan(1e-12)
    expect(Math.abs(ci.upper - upper)).toBeLessThan(1e-12)
  })
})

describe('clopperPearson properties and input checks', () => {
  it('brackets the estimate and narrows with the level', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.round(f * n)
        const ci95 = clopperPearson(x, n)
        const ci80 = clopperPearson(x, n, 0.8)
        return ci95.lower <= x / n && x / n <= ci95.upper && ci95.lower <= ci80.lower && ci80.upper <= ci95.upper
      }),
    )
  })
  it('is symmetric: CI(x, n) = 1 - CI(n - x, n)', () => {
    const a = clopperPearson(2, 7)
    const b = clopperPearson(5, 7)
    expect(a.lower).toBeCloseTo(1 - b.upper, 12)
    expect(a.upper).toBeCloseTo(1 - b.lower, 12)
  })
  it('rejects impossible counts', () => {
    expect(() => clopperPearson(5, 4)).toThrow(RangeError)
    expect(() => clopperPearson(1.5, 4)).toThrow(/integer x/)
    expect(() => clopperPearson(0, 0)).toThrow(/n >= 1/)
    expect(() => clopperPearson(1, 4, 1)).toThrow(/level/)
  })
})
