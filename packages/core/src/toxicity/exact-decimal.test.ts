import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compareDecimal, compareWithMultiple } from './exact-decimal.js'

describe('exact decimal comparison (README Rounding; LAB-1)', () => {
  it('decides exact multiples that binary floating point gets wrong', () => {
    expect(1.5 * 1.2 < 1.8).toBe(true) // the float trap
    expect(compareWithMultiple(1.8, 1.5, 1.2)).toBe(0)
    expect(compareWithMultiple(120, 3, 40)).toBe(0)
    expect(compareWithMultiple(0.3, 1, 0.1 + 0.2)).toBe(-1)
  })
  it('handles exponents and negatives', () => {
    expect(compareDecimal(1e-7, 2e-7)).toBe(-1)
    expect(compareDecimal(-0.5, -0.25)).toBe(-1)
    expect(compareWithMultiple(2e21, 2, 1e21)).toBe(0)
  })
  it('agrees with float comparison on integers', () => {
    fc.assert(fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -1e6, max: 1e6 }), (a, b) => compareDecimal(a, b) === Math.sign(a - b)))
  })
})
