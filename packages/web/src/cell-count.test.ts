import { describe, expect, it } from 'vitest'
import { cellCount } from './cell-count'

describe('cellCount', () => {
  it('writes the dose levels of the four protocols with a superscript exponent', () => {
    expect(cellCount(150_000)).toBe('1.5×10⁵')
    expect(cellCount(300_000)).toBe('3×10⁵')
    expect(cellCount(1e7)).toBe('1×10⁷')
    expect(cellCount(2e7)).toBe('2×10⁷')
    expect(cellCount(1e9)).toBe('1×10⁹')
  })
  it('keeps three significant digits and carries a rounded mantissa into the exponent', () => {
    expect(cellCount(12_345_678)).toBe('1.23×10⁷')
    expect(cellCount(999_600)).toBe('1×10⁶')
    expect(cellCount(5)).toBe('5×10⁰')
    expect(cellCount(0.05)).toBe('5×10⁻²')
  })
  it('writes zero, negative and non-finite values as they are', () => {
    expect(cellCount(0)).toBe('0')
    expect(cellCount(-3)).toBe('-3')
    expect(cellCount(Number.NaN)).toBe('NaN')
  })
})
