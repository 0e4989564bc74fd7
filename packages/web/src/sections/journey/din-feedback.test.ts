import { describe, expect, it } from 'vitest'
import { dinFeedback } from './din-feedback'

/** Vectors from regimen-and-dosing.md §5.2 and ICCBBA ST-001's example DIN G123 498 654 321 with check character H. */
describe('dinFeedback', () => {
  it('accepts the eye-readable and compact forms with the right check character', () => {
    expect(dinFeedback('G123 498 654 321 H')).toEqual({ state: 'valid', key: 'valid', values: { eyeReadable: 'G123 498 654 321 H' } })
    expect(dinFeedback(' G123498654321H ')).toMatchObject({ state: 'valid' })
  })
  it('names the expected check character when it is wrong or missing', () => {
    expect(dinFeedback('G123 498 654 321 A')).toEqual({ state: 'invalid', key: 'checkMismatch', values: { given: 'A', expected: 'H' } })
    expect(dinFeedback('G123498654321')).toEqual({ state: 'incomplete', key: 'needsCheck', values: { check: 'H' } })
  })
  it('refuses a wrong structure and says nothing for an empty field', () => {
    expect(dinFeedback('G12349865432')).toMatchObject({ state: 'invalid', key: 'structure' })
    expect(dinFeedback('1123498654321H')).toMatchObject({ state: 'invalid', key: 'structure' })
    expect(dinFeedback('  ')).toEqual({ state: 'empty' })
  })
})
