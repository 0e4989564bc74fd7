import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  isValidMod37_2,
  MOD37_2_ALPHABET,
  mod37_2CheckCharacter,
  mod37_2CheckValue,
} from './iso7064-mod37-2.js'
import { parseDin } from './isbt128-din.js'

/**
 * Vectors derived by hand from the ISO/IEC 7064 MOD 37-2 definition in regimen-and-dosing.md §5.2
 * (weighted sum with weights 2^n, rightmost n = 1; checksum = (38 - sum mod 37) mod 37), cross-checked with
 * the recursive ISO 7064 pure-system form P = ((P + a) x 2) mod 37, check = (38 - P) mod 37.
 * Columns: DIN, weighted sum, sum mod 37, check value, check character, bar-code flag value.
 */
const VECTORS: [string, number, number, number, string, number][] = [
  ['G123498654321', 148354, 21, 17, 'H', 77], // §5.2 worked example (UK transfusion guidelines)
  ['A999912123456', 151792, 18, 20, 'K', 80],
  ['W000024000001', 263170, 26, 12, 'C', 72],
  ['B123400000000', 103424, 9, 29, 'T', 89],
  ['Z999999999999', 360430, 13, 25, 'P', 85],
  ['A000000000000', 81920, 2, 36, '*', 96], // check value 36 -> '*'
]

const weightedSum = (s: string) =>
  [...s].reduce((acc, c, i) => acc + MOD37_2_ALPHABET.indexOf(c) * 2 ** (s.length - i), 0)

describe('ISO/IEC 7064 MOD 37-2 (regimen-and-dosing.md §5.2)', () => {
  it.each(VECTORS)('%s: sum %d, mod 37 = %d, check %d = %s, flag %d', (din, sum, mod, value, char, flag) => {
    expect(weightedSum(din)).toBe(sum)
    expect(sum % 37).toBe(mod)
    expect(mod37_2CheckValue(din)).toBe(value)
    expect(mod37_2CheckCharacter(din)).toBe(char)
    expect(value + 60).toBe(flag)
    expect(isValidMod37_2(din + char)).toBe(true)
  })

  it('agrees with the recursive ISO 7064 form and satisfies sum = 1 (mod 37) with the check at weight 1', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
          minLength: 1,
          maxLength: 30,
        }),
        (s) => {
          let p = 0
          for (const c of s) p = ((p + MOD37_2_ALPHABET.indexOf(c)) * 2) % 37
          const value = mod37_2CheckValue(s) ?? -1
          const full = [...s, MOD37_2_ALPHABET.charAt(value)]
          const total = full.reduce(
            (acc, c, i) => (acc + MOD37_2_ALPHABET.indexOf(c) * 2 ** (full.length - 1 - i)) % 37,
            0,
          )
          return value === (38 - p) % 37 && total === 1
        },
      ),
    )
  })

  it('detects every single-character substitution and adjacent transposition', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VECTORS.map((v) => v[0] + v[4])),
        fc.nat(12),
        fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
        (checked, i, c) => {
          const sub = checked.slice(0, i) + c + checked.slice(i + 1)
          const swapped =
            checked.slice(0, i) + checked.charAt(i + 1) + checked.charAt(i) + checked.slice(i + 2)
          return (
            (sub === checked || !isValidMod37_2(sub)) && (swapped === checked || !isValidMod37_2(swapped))
          )
        },
      ),
    )
  })

  it('refuses characters outside the alphabet', () => {
    expect(mod37_2CheckValue('g123')).toBeNull()
    expect(mod37_2CheckValue('')).toBeNull()
  })
})

describe('ISBT 128 DIN structure (regimen-and-dosing.md §5.2)', () => {
  it('parses the eye-readable worked example with its check character', () => {
    const r = parseDin('G123 498 654 321 H')
    expect(r.value).toMatchObject({
      din: 'G123498654321',
      facilityId: 'G1234',
      yearCode: '98',
      sequenceNumber: '654321',
      checkCharacter: 'H',
      checkValue: 17,
      flagCheckValue: 77,
      eyeReadable: 'G123 498 654 321 H',
      flags: null,
    })
    expect(parseDin('G123498654321').value?.checkCharacter).toBe('H')
  })
  it('reads bar-code data with flags and checks a flag check value', () => {
    expect(parseDin('=G12349865432100').value?.flags).toBe('00')
    expect(parseDin('=G12349865432177').ok).toBe(true)
    expect(parseDin('=G12349865432178').issues?.[0]?.code).toBe('isbt128.flag_check_mismatch')
  })
  it('refuses a wrong check character and a malformed DIN', () => {
    expect(parseDin('G123 498 654 321 J').issues?.[0]).toMatchObject({
      code: 'isbt128.check_character_mismatch',
    })
    for (const bad of ['1123498654321', 'G12349865432', 'G1234AB654321', 'g123498654321', '=G123498654321']) {
      expect(parseDin(bad).issues?.[0]?.code).toBe('isbt128.invalid_din_structure')
    }
  })
})
