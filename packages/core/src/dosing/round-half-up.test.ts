import { describe, expect, it } from 'vitest'
import { formatHalfUp, roundHalfUp, roundToIncrement } from './round-half-up.js'

describe('round half up (regimen-and-dosing.md §1 rounding decisions)', () => {
  it('rounds written ties up despite binary representation', () => {
    expect(roundHalfUp(1.665, 2)).toBe(1.67)
    expect(roundHalfUp(1.005, 2)).toBe(1.01)
    expect(roundHalfUp(49.5, 0)).toBe(50)
    expect(roundHalfUp(30 * 1.65, 0)).toBe(50)
    expect(roundHalfUp(1.6583, 2)).toBe(1.66)
    expect(roundHalfUp(0.9428, 2)).toBe(0.94)
  })
  it('rounds to an increment', () => {
    expect(roundToIncrement(49.8, 1)).toBe(50)
    expect(roundToIncrement(28.2, 1)).toBe(28)
    expect(roundToIncrement(41.25, 0.5)).toBe(41.5)
    expect(roundToIncrement(0.25, 0.1)).toBe(0.3)
  })
  it('formats for display', () => {
    expect(formatHalfUp(88.541666, 2)).toBe('88.54')
    expect(formatHalfUp(2, 4)).toBe('2.0000')
  })
})
