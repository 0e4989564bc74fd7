/**
 * ISBT 128 Donation Identification Number (Data Structure 001): structure and check character only.
 *
 * Source: regimen-and-dosing.md §5.2: 13 characters = Facility Identification Number (5: an uppercase letter,
 * then 4 characters, currently digits) + year code (2 digits) + sequence number (6 digits); in bar codes
 * 2 flag characters follow; printed with an eye-readable ISO/IEC 7064 MOD 37-2 check character; "bar-code
 * flag-position check value = checksum + 60". ICCBBA ST-001 and IG-033. ICCBBA tables (facility ids, product
 * codes) are licensed and are not bundled: the facility id is checked for shape, never looked up.
 *
 * Accepted input forms: `G123498654321`, eye-readable `G123 498 654 321`, either with the check character
 * appended (`G123 498 654 321 H`), or bar-code data `=G12349865432100` (data identifier `=`, DIN, 2 flags).
 */
import { fail, ok, type Issue, type Result } from '../result.js'
import { mod37_2CheckCharacter, mod37_2CheckValue } from './iso7064-mod37-2.js'

export interface ParsedDin {
  /** the 13-character DIN without flags or check character */
  din: string
  facilityId: string
  yearCode: string
  sequenceNumber: string
  /** bar-code flag characters, when read from bar-code data */
  flags: string | null
  /** the MOD 37-2 check character computed from the 13 characters */
  checkCharacter: string
  /** the MOD 37-2 check value 0-36 */
  checkValue: number
  /** bar-code flag-position check value (check value + 60) */
  flagCheckValue: number
  /** eye-readable form `G123 498 654 321 H` */
  eyeReadable: string
}

const SOURCE = 'regimen-and-dosing.md §5.2 (ISBT 128 DIN, ISO/IEC 7064 MOD 37-2)'
const DIN = /^([A-Z][0-9A-Z]{4})(\d{2})(\d{6})$/

/**
 * Parse and check a DIN.
 * @returns the parsed DIN, or issues `isbt128.invalid_din_structure`, `isbt128.check_character_mismatch`,
 *   `isbt128.flag_check_mismatch`
 * @example parseDin('G123 498 654 321 H') // { din: 'G123498654321', facilityId: 'G1234', yearCode: '98', checkCharacter: 'H', ... }
 */
export function parseDin(input: string): Result<ParsedDin> {
  const issues: Issue[] = []
  let text = input.trim()
  let flags: string | null = null
  if (text.startsWith('=')) {
    const m = /^=([0-9A-Z]{13})([0-9A-Z]{2})$/.exec(text)
    if (!m) {
      return fail([
        {
          code: 'isbt128.invalid_din_structure',
          path: [],
          message: `bar-code DIN must be "=" + 13 characters + 2 flag characters, got ${JSON.stringify(input)}`,
          source: SOURCE,
        },
      ])
    }
    text = m[1] ?? ''
    flags = m[2] ?? null
  } else {
    text = text.replace(/ /g, '')
  }
  const provided = text.length === 14 ? text.slice(13) : null
  const din = text.length === 14 ? text.slice(0, 13) : text
  const m = DIN.exec(din)
  const checkValue = mod37_2CheckValue(din)
  if (!m || checkValue === null) {
    return fail([
      {
        code: 'isbt128.invalid_din_structure',
        path: [],
        message: `a DIN is 13 characters: facility id (uppercase letter + 4 characters), 2-digit year, 6-digit sequence; got ${JSON.stringify(input)}`,
        source: SOURCE,
      },
    ])
  }
  const checkCharacter = mod37_2CheckCharacter(din) ?? ''
  if (provided !== null && provided !== checkCharacter) {
    issues.push({
      code: 'isbt128.check_character_mismatch',
      path: ['checkCharacter'],
      message: `check character ${provided} does not match ${checkCharacter} computed for DIN ${din}`,
      source: SOURCE,
    })
  }
  if (
    flags !== null &&
    /^\d{2}$/.test(flags) &&
    Number(flags) >= 60 &&
    Number(flags) <= 96 &&
    Number(flags) !== checkValue + 60
  ) {
    issues.push({
      code: 'isbt128.flag_check_mismatch',
      path: ['flags'],
      message: `flag check value ${flags} does not match ${checkValue + 60} computed for DIN ${din}`,
      source: SOURCE,
    })
  }
  if (issues.length > 0) return fail(issues)
  const [, facilityId = '', yearCode = '', sequenceNumber = ''] = m
  return ok({
    din,
    facilityId,
    yearCode,
    sequenceNumber,
    flags,
    checkCharacter,
    checkValue,
    flagCheckValue: checkValue + 60,
    eyeReadable: `${din.slice(0, 4)} ${din.slice(4, 7)} ${din.slice(7, 10)} ${din.slice(10, 13)} ${checkCharacter}`,
  })
}
