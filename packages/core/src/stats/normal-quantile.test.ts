import { describe, expect, it } from 'vitest'
import { normalQuantile } from './normal-quantile.js'
import rFixtures from './fixtures/r/normal-quantile.json' with { type: 'json' }

describe('normalQuantile against R qnorm (fixtures/r/runner.R)', () => {
  it.each(rFixtures as { p: number; q: number }[])('qnorm($p)', ({ p, q }) => {
    expect(Math.abs(normalQuantile(p) - q)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(q)))
  })
  it('gives the z of the doc for a 95 % CI', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6)
  })
  it('has infinite ends and rejects p outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity)
    expect(normalQuantile(1)).toBe(Infinity)
    expect(() => normalQuantile(1.1)).toThrow(RangeError)
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError)
  })
})
