import { describe, it, expect } from 'vitest'
import { classifyResponseCr, classifyResponseR } from './classify.js'
import { DEFAULT_RESPONSE_PARAMS as D, withResponseOverrides } from './params.js'

const K = withResponseOverrides(D, { rComparator: '>', crComparator: '>' })

describe('classifyResponseR (response-itp.md §3.7)', () => {
  it('E3: exactly 30 = 2 × 15 qualifies with >=, is indeterminate with >', () => {
    expect(classifyResponseR(30, false, 15, D)).toBe('Q')
    expect(classifyResponseR(30, false, 15, K)).toBe('I')
  })
  it('E4: 31 < 2 × 16 fails under both', () => {
    expect(classifyResponseR(31, false, 16, D)).toBe('F')
    expect(classifyResponseR(31, false, 16, K)).toBe('F')
  })
  it('§2 obs. 1: [K] 30 counts toward relapse only when also below 2 × baseline', () => {
    expect(classifyResponseR(30, false, 16, K)).toBe('F')
    expect(classifyResponseR(30, false, 15, K)).toBe('I')
  })
  it('E14: baseline 0 — every count doubles it', () => {
    expect(classifyResponseR(30, false, 0, D)).toBe('Q')
    expect(classifyResponseR(30, false, 0, K)).toBe('I')
    expect(classifyResponseR(31, false, 0, K)).toBe('Q')
  })
  it('E15: baseline missing — R-level Q only through CR, otherwise F below 30 or I', () => {
    expect(classifyResponseR(150, false, null, D)).toBe('Q')
    expect(classifyResponseR(50, false, null, D)).toBe('I')
    expect(classifyResponseR(20, false, null, D)).toBe('F')
    expect(classifyResponseR(50, true, null, D)).toBe('F')
  })
  it('E8a: bleeding turns a qualifying count into F', () => {
    expect(classifyResponseR(50, true, 10, D)).toBe('F')
  })
  it('bleeding without the R bleeding clause still fails (loss includes bleeding)', () => {
    const p = withResponseOverrides(D, { requireNoBleedingForR: false })
    expect(classifyResponseR(50, true, 10, p)).toBe('Q')
    expect(classifyResponseR(20, true, 10, p)).toBe('F')
  })
  it('a CR-qualifying count is Q at R level even when it misses the doubling', () => {
    expect(classifyResponseR(120, false, 70, D)).toBe('Q')
  })
  it('doublingComparator > makes v = 2b indeterminate', () => {
    expect(classifyResponseR(40, false, 20, withResponseOverrides(D, { doublingComparator: '>' }))).toBe('I')
  })
})

describe('classifyResponseCr (response-itp.md §3.7)', () => {
  it('threshold and comparator', () => {
    expect(classifyResponseCr(100, false, D)).toBe('Q')
    expect(classifyResponseCr(100, false, K)).toBe('I')
    expect(classifyResponseCr(99.9, false, D)).toBe('F')
  })
  it('bleeding: F when required absent; with requireNoBleedingForCR false, Q (the fail test never runs)', () => {
    expect(classifyResponseCr(150, true, D)).toBe('F')
    expect(classifyResponseCr(150, true, withResponseOverrides(D, { requireNoBleedingForCR: false }))).toBe(
      'Q',
    )
  })
})
