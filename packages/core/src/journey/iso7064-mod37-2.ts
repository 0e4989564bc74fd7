/**
 * ISO/IEC 7064 MOD 37-2 check character, as used for the ISBT 128 Donation Identification Number.
 *
 * Source: regimen-and-dosing.md §5.2 ("map 0-9 -> 0-9, A-Z -> 10-35, * -> 36; weight each value by 2^n where n
 * is the position from the right (rightmost n = 1); sum; checksum = (38 - (sum mod 37)) mod 37"); ISO/IEC
 * 7064:2003 pure system MOD 37-2 (modulus 37, radix 2: the checked string, check character included at
 * position 1 with weight 2^0, has weighted sum = 1 mod 37); ICCBBA ST-001 (ISBT 128 DIN check character).
 */

/** The 37 characters of MOD 37-2, in value order. */
export const MOD37_2_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*'

/**
 * Numeric check value 0-36 of `data` (characters 0-9, A-Z only), computed with the doc's weighted sum; the
 * running value is reduced mod 37 at each step, which leaves the result unchanged and avoids large numbers.
 * @returns the check value, or null when `data` is empty or holds a character outside 0-9, A-Z
 * @example mod37_2CheckValue('G123498654321') // 17 (weighted sum 148354, 148354 mod 37 = 21, (38 - 21) mod 37)
 */
export function mod37_2CheckValue(data: string): number | null {
  if (!/^[0-9A-Z]+$/.test(data)) return null
  let sum = 0
  let weight = 2 // rightmost data character: 2^1
  for (let i = data.length - 1; i >= 0; i--) {
    sum = (sum + MOD37_2_ALPHABET.indexOf(data.charAt(i)) * weight) % 37
    weight = (weight * 2) % 37
  }
  return (38 - sum) % 37
}

/**
 * Check character of `data`: the alphabet character whose value is the check value.
 * @example mod37_2CheckCharacter('G123498654321') // 'H'
 */
export function mod37_2CheckCharacter(data: string): string | null {
  const value = mod37_2CheckValue(data)
  return value === null ? null : MOD37_2_ALPHABET.charAt(value)
}

/**
 * True when the last character of `checked` is the MOD 37-2 check character of the rest.
 * @example isValidMod37_2('G123498654321H') // true
 */
export function isValidMod37_2(checked: string): boolean {
  return checked.length >= 2 && mod37_2CheckCharacter(checked.slice(0, -1)) === checked.slice(-1)
}
