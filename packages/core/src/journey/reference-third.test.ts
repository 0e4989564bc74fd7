/**
 * Third independent reference check of the journey area: ISO/IEC 7064 MOD 37-2 over all 37 symbols, the ISBT 128
 * DIN structure, bedside chain-of-identity verification, chain-of-custody ordering and continuity, and the subject
 * lifecycle. The reference below was written from ../shared/domain/regimen-and-dosing.md §5, §5.1, §5.2 (and
 * README.md conventions) before the engine was read; the engine is then compared case by case and by property.
 * No ICCBBA table is used: structure and check character only.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  isValidMod37_2,
  MOD37_2_ALPHABET,
  mod37_2CheckCharacter,
  mod37_2CheckValue,
} from './iso7064-mod37-2.js'
import { parseDin } from './isbt128-din.js'
import { instantToEpochMs } from './instant.js'
import {
  canRecordInfusion,
  isValidPlatformCoiIdentifier,
  platformCoiIdentifier,
  verifyBedsideIdentity,
  type BedsideScan,
  type BedsideVerification,
  type CoiExpectation,
} from './chain-of-identity.js'
import {
  validateCustodyChain,
  type CustodyChainExpectations,
  type CustodyHandOff,
} from './chain-of-custody.js'
import {
  allowedJourneyEvents,
  JOURNEY_EVENT_TYPES,
  startJourney,
  SUBJECT_STATUSES,
  transitionJourney,
  type JourneyEventType,
  type SubjectJourney,
  type SubjectStatus,
} from './subject-lifecycle.js'
import { addDays, isoDate } from '../dates/index.js'

const SEED = 20261208

// ---------------------------------------------------------------------------------------------------------------
// Reference: ISO/IEC 7064 MOD 37-2 as §5.2 words it.
// ---------------------------------------------------------------------------------------------------------------

/** §5.2: 0–9 → 0–9, A–Z → 10–35, `*` → 36. */
const REF_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*'

function refValue(ch: string): number {
  const v = REF_ALPHABET.indexOf(ch)
  if (ch.length !== 1 || v < 0) throw new Error(`not a MOD 37-2 symbol: ${ch}`)
  return v
}

/** §5.2: weight 2ⁿ, n = position from the right (rightmost n = 1); the exact weighted sum (BigInt, no reduction). */
function refWeightedSum(data: string): bigint {
  let sum = 0n
  for (let i = 0; i < data.length; i++)
    sum += BigInt(refValue(data.charAt(i))) * 2n ** BigInt(data.length - i)
  return sum
}

/** §5.2: checksum = (38 − (sum mod 37)) mod 37. */
function refChecksum(data: string): number {
  return Number((38n - (refWeightedSum(data) % 37n)) % 37n)
}

const refCheckChar = (data: string): string => REF_ALPHABET.charAt(refChecksum(data))

// ---------------------------------------------------------------------------------------------------------------
// Reference: ISBT 128 DIN, Data Structure 001 (§5.2).
// ---------------------------------------------------------------------------------------------------------------

/** FIN (uppercase letter + 4 characters, "currently digits") + year (2 digits) + sequence (6 digits). */
const REF_DIN = /^([A-Z][0-9A-Z]{4})(\d{2})(\d{6})$/

/** Eye-readable grouping `G123 498 654 321 H` (4-3-3-3 then the check character). */
function refEyeReadable(din: string): string {
  return `${din.slice(0, 4)} ${din.slice(4, 7)} ${din.slice(7, 10)} ${din.slice(10, 13)} ${refCheckChar(din)}`
}

// ---------------------------------------------------------------------------------------------------------------
// Reference: RFC 3339 instant with offset (hand-offs cross time zones: compare instants, never strings).
// ---------------------------------------------------------------------------------------------------------------

function refInstant(s: string): number | null {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(s)
  if (!m) return null
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ]
  const sec = Number(m[6] ?? '0')
  const ms = Number((m[7] ?? '0').padEnd(3, '0'))
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 59) return null
  const local = Date.UTC(y, mo - 1, d, h, mi, sec, ms)
  const back = new Date(local)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null
  if (m[8] === 'Z') return local
  const oh = Number(m[10])
  const om = Number(m[11])
  if (oh > 23 || om > 59) return null
  return local - (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000
}

// ---------------------------------------------------------------------------------------------------------------
// Reference: bedside two-person verification and §5.1 rules 1-2.
// ---------------------------------------------------------------------------------------------------------------

type RefKind = 'patient' | 'product' | 'bag' | 'bag_missing' | 'two_person' | 'time'

function refBedside(
  expected: CoiExpectation,
  scan: BedsideScan,
  verifiers: readonly string[],
  at: string,
): { result: 'match' | 'mismatch' | 'incomplete'; kinds: RefKind[] } {
  const same = (a: string, b: string) => a.trim() !== '' && a.trim() === b.trim()
  const kinds: RefKind[] = []
  // §5 infusion: "patient ↔ bag label ↔ COI"
  if (!same(scan.patientId, expected.subjectId)) kinds.push('patient')
  if (!same(scan.productCoiIdentifier, expected.coiIdentifier)) kinds.push('product')
  // the bag label is one corner of the triangle and rule 1 is per bag: a blank bag id verifies no bag
  if (scan.bagId.trim() === '') kinds.push('bag_missing')
  else if (expected.releasedBagIds !== undefined && !expected.releasedBagIds.some((b) => same(b, scan.bagId)))
    kinds.push('bag')
  // §5 infusion: "bedside two-person identity verification": two different people
  const people = new Set(verifiers.map((v) => v.trim()).filter((v) => v !== ''))
  if (people.size < 2) kinds.push('two_person')
  if (refInstant(at) === null) kinds.push('time')
  const identity = kinds.some((k) => k === 'patient' || k === 'product' || k === 'bag' || k === 'bag_missing')
  return { result: identity ? 'mismatch' : kinds.length > 0 ? 'incomplete' : 'match', kinds }
}

const ENGINE_KIND: Record<string, RefKind> = {
  'coi.patient_mismatch': 'patient',
  'coi.product_mismatch': 'product',
  'coi.bag_not_released': 'bag',
  'coi.bag_missing': 'bag_missing',
  'coi.two_person_check': 'two_person',
  'coi.invalid_time': 'time',
}

/** §5.1 rule 1: the latest verification of the bag (by instant; a tie goes to the later entry) must be a match. */
function refCanRecord(
  vs: readonly Pick<BedsideVerification, 'bagId' | 'at' | 'result'>[],
  bagId: string,
): boolean {
  let latest: (typeof vs)[number] | undefined
  let latestMs = -Infinity
  for (const v of vs) {
    if (v.bagId.trim() !== bagId.trim()) continue
    const ms = refInstant(v.at)
    if (ms === null) return false // an unorderable verification cannot be proved not to be the latest
    if (ms >= latestMs) {
      latest = v
      latestMs = ms
    }
  }
  return latest?.result === 'match'
}

// ---------------------------------------------------------------------------------------------------------------
// Reference: chain of custody (§5.1: ordered transfers, timestamps, locations, signatures, temperature;
// rule 3 gap-free: each transfer's `from` equals the previous transfer's `to`).
// ---------------------------------------------------------------------------------------------------------------

function refCustody(hs: readonly CustodyHandOff[], exp: CustodyChainExpectations = {}): string[] {
  if (hs.length === 0) return ['custody.empty']
  const codes: string[] = []
  let prevMs: number | null = null
  hs.forEach((h, i) => {
    const fields = [h.materialId, h.from, h.to, h.place, h.temperatureCondition]
    if (fields.some((f) => f.trim() === ''))
      codes.push(...fields.filter((f) => f.trim() === '').map(() => 'custody.missing_field'))
    const ms = refInstant(h.at)
    if (ms === null) codes.push('custody.invalid_time') // an empty time is an unreadable time
    // equal instants are in order (a hand-off received and passed on in the same minute)
    if (ms !== null && prevMs !== null && ms < prevMs) codes.push('custody.time_order')
    if (ms !== null) prevMs = ms
    const prev = hs[i - 1]
    // rule 3 "each transfer's `from` equals the previous transfer's `to`": equality as written, no trimming
    if (prev && h.from !== prev.to) codes.push('custody.gap')
    // one material throughout: each hand-off carries the material the previous one delivered
    if (prev && h.materialId !== prev.materialId) codes.push('custody.material_changed')
    if (!h.sealIntact) codes.push('custody.seal_broken')
    if (!h.temperatureInRange) codes.push('custody.temperature_excursion')
  })
  if (exp.origin !== undefined && hs[0]?.from !== exp.origin) codes.push('custody.origin')
  if (exp.destination !== undefined && hs[hs.length - 1]?.to !== exp.destination)
    codes.push('custody.destination')
  return codes.sort()
}

// ---------------------------------------------------------------------------------------------------------------
// Reference: the lifecycle, following the §5 workflow order (consent, screening, enrolment & COI, leukapheresis
// "repeat if collection fails", manufacturing, release testing "before shipment", LD, infusion Day 0, follow-up)
// and §3 (a product below target: "infuse as out-of-specification, re-manufacture, or lower dose level").
// ---------------------------------------------------------------------------------------------------------------

const REF_NEXT: Record<string, Partial<Record<SubjectStatus, SubjectStatus>>> = {
  'start-screening': { consented: 'screening' },
  'fail-screening': { screening: 'screen-failed' },
  enrol: { screening: 'enrolled' },
  'start-apheresis': { enrolled: 'apheresis' },
  'repeat-apheresis': { apheresis: 'apheresis' },
  'start-manufacturing': { apheresis: 'manufacturing' },
  release: { manufacturing: 'released' },
  'report-manufacturing-failure': { manufacturing: 'manufacturing-failed' },
  'report-out-of-specification': { manufacturing: 'out-of-specification' },
  're-apheresis': { 'manufacturing-failed': 'apheresis', 'out-of-specification': 'apheresis' },
  're-manufacture': { 'manufacturing-failed': 'manufacturing', 'out-of-specification': 'manufacturing' },
  'release-out-of-specification': { 'out-of-specification': 'released' },
  'start-lymphodepletion': { released: 'lymphodepletion' },
  infuse: { lymphodepletion: 'infused' },
  'start-short-term-follow-up': { infused: 'short-term-follow-up' },
  'start-long-term-follow-up': { 'short-term-follow-up': 'long-term-follow-up' },
  complete: { 'short-term-follow-up': 'completed', 'long-term-follow-up': 'completed' },
}
const REF_TERMINAL: readonly SubjectStatus[] = [
  'screen-failed',
  'completed',
  'withdrawn',
  'lost-to-follow-up',
  'died',
]
const REF_EXIT: Record<string, SubjectStatus> = {
  withdraw: 'withdrawn',
  'lose-to-follow-up': 'lost-to-follow-up',
  die: 'died',
}
/** Events whose record must say why: every failure, repeat, out-of-specification use and exit. */
const REF_REASON = new Set([
  'fail-screening',
  'repeat-apheresis',
  'report-manufacturing-failure',
  'report-out-of-specification',
  're-apheresis',
  're-manufacture',
  'release-out-of-specification',
  'withdraw',
  'lose-to-follow-up',
  'die',
])

function refTarget(status: SubjectStatus, type: string): SubjectStatus | undefined {
  if (REF_TERMINAL.includes(status)) return undefined
  return REF_EXIT[type] ?? REF_NEXT[type]?.[status]
}

// ---------------------------------------------------------------------------------------------------------------
// Tests: MOD 37-2
// ---------------------------------------------------------------------------------------------------------------

describe('ISO/IEC 7064 MOD 37-2 (§5.2)', () => {
  it('reproduces the §5.2 worked example G123 498 654 321 -> 148 354, mod 37 = 21, 17, H, bar-code 77', () => {
    expect(refWeightedSum('G123498654321')).toBe(148354n)
    expect(refChecksum('G123498654321')).toBe(17)
    expect(mod37_2CheckValue('G123498654321')).toBe(17)
    expect(mod37_2CheckCharacter('G123498654321')).toBe('H')
    expect(isValidMod37_2('G123498654321H')).toBe(true)
  })

  it('maps the 37 symbols to 0..36 in the §5.2 order', () => {
    expect(MOD37_2_ALPHABET).toBe(REF_ALPHABET)
    expect(MOD37_2_ALPHABET).toHaveLength(37)
  })

  // Hand-computed: one character has weight 2¹, so checksum = (38 − 2v mod 37) mod 37.
  it.each([
    ['0', '1'], // 0 -> (38 - 0) mod 37 = 1
    ['1', '*'], // 2 -> 36: the only value that needs the 37th symbol
    ['9', 'K'], // 18 -> 20
    ['A', 'I'], // 20 -> 18
    ['I', '2'], // 36 -> 2
    ['J', '0'], // 38 mod 37 = 1 -> 37 mod 37 = 0
    ['Z', '5'], // 70 mod 37 = 33 -> 5
  ])('single character %s has check character %s', (data, check) => {
    expect(mod37_2CheckCharacter(data)).toBe(check)
    expect(refCheckChar(data)).toBe(check)
    expect(isValidMod37_2(`${data}${check}`)).toBe(true)
  })

  it('every one of the 37 symbols occurs as a check character and validates, including *', () => {
    // one data character c at weight 2: the check values 2c mod 37 for c = 0..35 cover 36 residues; the 37th
    // comes from a two-character prefix. Each target is reached and checked both ways.
    const seen = new Set<string>()
    for (const a of REF_ALPHABET.slice(0, 36)) {
      for (const b of REF_ALPHABET.slice(0, 36)) {
        const data = `${a}${b}`
        const c = mod37_2CheckCharacter(data)
        expect(c).toBe(refCheckChar(data))
        expect(isValidMod37_2(`${data}${c ?? ''}`)).toBe(true)
        seen.add(c ?? '')
      }
    }
    expect([...seen].sort().join('')).toBe([...REF_ALPHABET].sort().join(''))
  })

  it('all-zero data has check character 1 (weighted sum 0); one more leading zero changes nothing', () => {
    expect(mod37_2CheckCharacter('0000000000000')).toBe('1')
    expect(mod37_2CheckCharacter('0G123498654321')).toBe('H')
  })

  it('refuses empty data, lowercase and characters outside the alphabet (no guessing)', () => {
    expect(mod37_2CheckValue('')).toBeNull()
    expect(mod37_2CheckValue('g123498654321')).toBeNull()
    expect(mod37_2CheckValue('G123 498')).toBeNull()
    expect(mod37_2CheckValue('G-1')).toBeNull()
    expect(isValidMod37_2('g123498654321H')).toBe(false)
    expect(isValidMod37_2('G123498654321h')).toBe(false)
    expect(isValidMod37_2('')).toBe(false)
  })

  it('a trailing * is a check character, never data to be skipped', () => {
    expect(isValidMod37_2('1*')).toBe(true)
    expect(isValidMod37_2('2*')).toBe(false)
    expect(isValidMod37_2('A000000000000*')).toBe(true)
    // A00000000000 + 0 is itself valid (10 x 2^12 = 40 960, mod 37 = 1, check 0), so change the last digit
    expect(isValidMod37_2('A000000000001')).toBe(false)
  })

  const alnum = fc.constantFrom(...REF_ALPHABET.slice(0, 36).split(''))
  const data = fc.array(alnum, { minLength: 1, maxLength: 60 }).map((a) => a.join(''))

  it('property: engine check value equals the exact (BigInt) weighted-sum reference for lengths 1..60', () => {
    fc.assert(
      fc.property(data, (d) => {
        expect(mod37_2CheckValue(d)).toBe(refChecksum(d))
        expect(mod37_2CheckCharacter(d)).toBe(refCheckChar(d))
        expect(isValidMod37_2(d + refCheckChar(d))).toBe(true)
      }),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('property: every single substitution (check character included) is detected', () => {
    fc.assert(
      fc.property(data, fc.nat(), fc.constantFrom(...REF_ALPHABET.split('')), (d, pos, ch) => {
        const checked = d + refCheckChar(d)
        const i = pos % checked.length
        fc.pre(checked.charAt(i) !== ch)
        // '*' is only a check symbol: in a data position it makes the string invalid as well
        const changed = checked.slice(0, i) + ch + checked.slice(i + 1)
        expect(isValidMod37_2(changed)).toBe(false)
      }),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('property: every adjacent transposition of different characters (check character included) is detected', () => {
    fc.assert(
      fc.property(data, fc.nat(), (d, pos) => {
        const checked = d + refCheckChar(d)
        const i = pos % (checked.length - 1)
        const a = checked.charAt(i)
        const b = checked.charAt(i + 1)
        fc.pre(a !== b)
        const swapped = checked.slice(0, i) + b + a + checked.slice(i + 2)
        expect(isValidMod37_2(swapped)).toBe(false)
      }),
      { seed: SEED, numRuns: 500 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Tests: DIN
// ---------------------------------------------------------------------------------------------------------------

const codesOf = (r: { ok: boolean; issues?: { code: string }[] }) =>
  r.ok ? [] : (r.issues ?? []).map((i) => i.code)

describe('ISBT 128 DIN structure (§5.2)', () => {
  it('parses the worked example into FIN, year, sequence, check H, value 17, flag value 77', () => {
    for (const input of ['G123 498 654 321', 'G123498654321', 'G123 498 654 321 H', 'G123498654321H']) {
      const r = parseDin(input)
      expect(r.ok, input).toBe(true)
      if (!r.ok) continue
      expect(r.value).toMatchObject({
        din: 'G123498654321',
        facilityId: 'G1234',
        yearCode: '98',
        sequenceNumber: '654321',
        checkCharacter: 'H',
        checkValue: 17,
        flagCheckValue: 77,
        eyeReadable: 'G123 498 654 321 H',
      })
    }
  })

  it('a DIN whose check character is * (A000 000 000 000: 10 x 2^13 = 81 920, mod 37 = 2, 36)', () => {
    expect(refWeightedSum('A000000000000')).toBe(81920n)
    const r = parseDin('A000 000 000 000 *')
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.value.checkCharacter).toBe('*')
      expect(r.value.checkValue).toBe(36)
      expect(r.value.flagCheckValue).toBe(96)
      expect(r.value.eyeReadable).toBe('A000 000 000 000 *')
    }
    expect(parseDin('=A00000000000096').ok).toBe(true)
    expect(codesOf(parseDin('=A00000000000095'))).toEqual(['isbt128.flag_check_mismatch'])
  })

  it('a DIN whose check character is 0 has flag check value 60, the lowest check flag', () => {
    // the reference picks a year code whose DIN has check value 0; the engine must agree on character and flag
    let din = ''
    for (let y = 0; y < 100 && din === ''; y++) {
      const candidate = `B0000${String(y).padStart(2, '0')}000000`
      if (refChecksum(candidate) === 0) din = candidate
    }
    expect(din).not.toBe('')
    const r = parseDin(din)
    expect(r.ok && r.value.checkCharacter).toBe('0')
    expect(r.ok && r.value.flagCheckValue).toBe(60)
    expect(parseDin(`=${din}60`).ok).toBe(true)
    expect(codesOf(parseDin(`=${din}61`))).toEqual(['isbt128.flag_check_mismatch'])
  })

  it('bar-code data: flags 00 carry no check; 77 is the worked example; 60..96 other than 77 disagree', () => {
    expect(parseDin('=G12349865432100').ok).toBe(true)
    const r = parseDin('=G12349865432177')
    expect(r.ok && r.value.flags).toBe('77')
    expect(codesOf(parseDin('=G12349865432176'))).toEqual(['isbt128.flag_check_mismatch'])
    expect(codesOf(parseDin('=G12349865432178'))).toEqual(['isbt128.flag_check_mismatch'])
    expect(codesOf(parseDin('=G12349865432160'))).toEqual(['isbt128.flag_check_mismatch'])
    expect(codesOf(parseDin('=G12349865432196'))).toEqual(['isbt128.flag_check_mismatch'])
  })

  it('a wrong eye-readable check character is refused, including a * where H belongs', () => {
    expect(codesOf(parseDin('G123 498 654 321 J'))).toEqual(['isbt128.check_character_mismatch'])
    expect(codesOf(parseDin('G123 498 654 321 *'))).toEqual(['isbt128.check_character_mismatch'])
    expect(codesOf(parseDin('A000 000 000 000 H'))).toEqual(['isbt128.check_character_mismatch'])
  })

  it.each([
    ['g123498654321', 'FIN must start with an uppercase letter'],
    ['1123498654321', 'FIN must start with a letter'],
    ['*123498654321', '* is never a DIN data character'],
    ['G12349865432', '12 characters'],
    ['G1234986543210', '14 characters whose last is not the check character: wrong check'],
    ['G1234A8654321', 'year code must be 2 digits'],
    ['G12349865432A', 'sequence number must be 6 digits'],
    ['G123498654A21', 'sequence number must be 6 digits'],
    ['', 'empty'],
    ['=G123498654321', 'bar-code data without its 2 flags'],
  ])('refuses %j (%s)', (input) => {
    const r = parseDin(input)
    expect(r.ok).toBe(false)
  })

  const digits = (n: number) =>
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''))
  const din = fc
    .tuple(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')), digits(4), digits(2), digits(6))
    .map(([a, b, c, d]) => `${a}${b}${c}${d}`)

  it('property: every well-formed DIN parses to the reference structure, check value and flag value', () => {
    fc.assert(
      fc.property(din, (d) => {
        const m = REF_DIN.exec(d)
        const r = parseDin(d)
        expect(r.ok).toBe(true)
        if (!r.ok || !m) return
        expect(r.value).toMatchObject({
          din: d,
          facilityId: m[1],
          yearCode: m[2],
          sequenceNumber: m[3],
          checkCharacter: refCheckChar(d),
          checkValue: refChecksum(d),
          flagCheckValue: refChecksum(d) + 60,
          eyeReadable: refEyeReadable(d),
        })
        // the eye-readable form and the bar-code form with the check flag read back to the same DIN
        const back = parseDin(refEyeReadable(d))
        expect(back.ok && back.value.din).toBe(d)
        const bar = parseDin(`=${d}${refChecksum(d) + 60}`)
        expect(bar.ok && bar.value.din).toBe(d)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('property: any other appended check character or check flag is refused', () => {
    fc.assert(
      fc.property(din, fc.constantFrom(...REF_ALPHABET.split('')), (d, c) => {
        fc.pre(c !== refCheckChar(d))
        expect(codesOf(parseDin(`${d}${c}`))).toEqual(['isbt128.check_character_mismatch'])
        expect(codesOf(parseDin(`=${d}${refValue(c) + 60}`))).toEqual(['isbt128.flag_check_mismatch'])
      }),
      { seed: SEED, numRuns: 300 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Tests: instants
// ---------------------------------------------------------------------------------------------------------------

describe('instants with offsets (hand-offs across time zones)', () => {
  it.each([
    ['2024-03-01T09:00+08:00', '2024-03-01T01:00Z'],
    ['2024-03-01T00:30+05:30', '2024-02-29T19:00Z'], // leap day
    ['2025-03-01T00:30+05:30', '2025-02-28T19:00Z'],
    ['2023-12-31T20:00-05:00', '2024-01-01T01:00Z'], // year boundary
    ['2024-03-01T01:00:00.5Z', '2024-03-01T01:00:00.500Z'],
  ])('%s is the same instant as %s', (a, b) => {
    expect(instantToEpochMs(a)).not.toBeNull()
    expect(instantToEpochMs(a)).toBe(instantToEpochMs(b))
    expect(instantToEpochMs(a)).toBe(refInstant(a))
  })

  it.each([
    '2024-03-01T09:00',
    '2024-03-01',
    '2025-02-29T09:00Z',
    '2024-13-01T09:00Z',
    '2024-03-01T24:00Z',
    '2024-03-01 09:00Z',
    '',
  ])('%j is not an instant (no offset, impossible date or time)', (s) => {
    expect(instantToEpochMs(s)).toBeNull()
    expect(refInstant(s)).toBeNull()
  })

  it('property: engine instant equals the Date.UTC reference across offsets and leap years', () => {
    const inst = fc
      .tuple(
        fc.integer({ min: 1999, max: 2031 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
      )
      .map(([y, mo, d, h, mi, off]) => {
        const p = (n: number) => String(n).padStart(2, '0')
        const sign = off < 0 ? '-' : '+'
        const a = Math.abs(off)
        return `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}${sign}${p(Math.floor(a / 60))}:${p(a % 60)}`
      })
    fc.assert(
      fc.property(inst, (s) => {
        expect(instantToEpochMs(s)).toBe(refInstant(s))
      }),
      { seed: SEED, numRuns: 500 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Tests: bedside chain-of-identity verification
// ---------------------------------------------------------------------------------------------------------------

const EXPECTED: CoiExpectation = {
  subjectId: 'ITP-001',
  coiIdentifier: 'NCT05315778-S01-0007-X',
  releasedBagIds: ['BAG-1', 'BAG-2'],
}
const GOOD_SCAN: BedsideScan = {
  patientId: 'ITP-001',
  productCoiIdentifier: 'NCT05315778-S01-0007-X',
  bagId: 'BAG-1',
}
const AT = '2024-03-01T09:00+08:00'

function engineKinds(v: BedsideVerification): RefKind[] {
  return v.issues.map((i) => ENGINE_KIND[i.code] ?? (i.code as RefKind)).sort()
}

describe('bedside two-person identity verification (§5 infusion, §5.1 rules 1-2)', () => {
  it('everything agrees and two people check: match, infusion allowed, no deviation', () => {
    const v = verifyBedsideIdentity(EXPECTED, GOOD_SCAN, ['nurse A', 'nurse B'], AT)
    expect(v).toMatchObject({
      result: 'match',
      infusionAllowed: true,
      deviation: false,
      bagId: 'BAG-1',
      at: AT,
    })
    expect(v.issues).toEqual([])
  })

  it.each<[string, Partial<BedsideScan>, RefKind[]]>([
    ['patient (wrong wristband)', { patientId: 'ITP-002' }, ['patient']],
    [
      'product (bag label COI of another therapy)',
      { productCoiIdentifier: 'NCT05315778-S01-0008-Y' },
      ['product'],
    ],
    ['bag not released for the subject', { bagId: 'BAG-9' }, ['bag']],
    ['patient and product', { patientId: 'ITP-002', productCoiIdentifier: 'X' }, ['patient', 'product']],
    [
      'all three',
      { patientId: 'ITP-002', productCoiIdentifier: 'X', bagId: 'BAG-9' },
      ['bag', 'patient', 'product'],
    ],
    ['case differs (identity is never guessed)', { patientId: 'itp-001' }, ['patient']],
    ['empty patient id', { patientId: '' }, ['patient']],
    ['whitespace-only COI', { productCoiIdentifier: '   ' }, ['product']],
  ])('mismatch of %s: result mismatch, deviation, infusion blocked', (_name, change, kinds) => {
    const scan = { ...GOOD_SCAN, ...change }
    const v = verifyBedsideIdentity(EXPECTED, scan, ['nurse A', 'nurse B'], AT)
    const ref = refBedside(EXPECTED, scan, ['nurse A', 'nurse B'], AT)
    expect(ref.result).toBe('mismatch')
    expect([...ref.kinds].sort()).toEqual(kinds)
    expect(v.result).toBe('mismatch')
    expect(v.infusionAllowed).toBe(false)
    expect(v.deviation).toBe(true)
    expect(engineKinds(v)).toEqual(kinds)
  })

  it('scanner whitespace around identifiers is not a mismatch', () => {
    const v = verifyBedsideIdentity(
      EXPECTED,
      { patientId: ' ITP-001\n', productCoiIdentifier: 'NCT05315778-S01-0007-X ', bagId: '\tBAG-2' },
      ['nurse A', 'nurse B'],
      AT,
    )
    expect(v.result).toBe('match')
  })

  it('without a released-bag list any bag label passes the bag check (only patient and COI are compared)', () => {
    const exp: CoiExpectation = { subjectId: 'ITP-001', coiIdentifier: 'C-1' }
    const v = verifyBedsideIdentity(
      exp,
      { patientId: 'ITP-001', productCoiIdentifier: 'C-1', bagId: 'ANY' },
      ['a', 'b'],
      AT,
    )
    expect(v.result).toBe('match')
  })

  it('a blank bag id verifies no bag: mismatch and deviation, with or without a released-bag list', () => {
    // regression: without a released-bag list a blank bag id was a "match" for bag "", so rule 1 could pass
    const exp: CoiExpectation = { subjectId: 'ITP-001', coiIdentifier: 'C-1' }
    for (const bagId of ['', '  ']) {
      const v = verifyBedsideIdentity(
        exp,
        { patientId: 'ITP-001', productCoiIdentifier: 'C-1', bagId },
        ['a', 'b'],
        AT,
      )
      expect(v.result).toBe('mismatch')
      expect(v.infusionAllowed).toBe(false)
      expect(v.deviation).toBe(true)
      expect(engineKinds(v)).toEqual(['bag_missing'])
      expect(canRecordInfusion([v], bagId).ok).toBe(false)
      const listed = verifyBedsideIdentity(EXPECTED, { ...GOOD_SCAN, bagId }, ['a', 'b'], AT)
      expect(engineKinds(listed)).toEqual(['bag_missing'])
    }
  })

  it('an empty released-bag list releases nothing', () => {
    const exp: CoiExpectation = { ...EXPECTED, releasedBagIds: [] }
    const v = verifyBedsideIdentity(exp, GOOD_SCAN, ['a', 'b'], AT)
    expect(v.result).toBe('mismatch')
    expect(engineKinds(v)).toEqual(['bag'])
  })

  it.each<[string, string[]]>([
    ['nobody', []],
    ['one person', ['nurse A']],
    ['the same person twice', ['nurse A', 'nurse A']],
    ['the same person with scanner whitespace', ['nurse A', ' nurse A ']],
    ['one person and an empty name', ['nurse A', '']],
    ['two blank names', [' ', '']],
  ])('two-person rule: %s is incomplete, not a match, and not a deviation', (_n, verifiers) => {
    const v = verifyBedsideIdentity(EXPECTED, GOOD_SCAN, verifiers, AT)
    expect(refBedside(EXPECTED, GOOD_SCAN, verifiers, AT).result).toBe('incomplete')
    expect(v.result).toBe('incomplete')
    expect(v.infusionAllowed).toBe(false)
    expect(v.deviation).toBe(false)
    expect(engineKinds(v)).toEqual(['two_person'])
  })

  it('three different people satisfy the two-person rule', () => {
    expect(verifyBedsideIdentity(EXPECTED, GOOD_SCAN, ['a', 'b', 'c'], AT).result).toBe('match')
  })

  it('an identity mismatch outranks a missing second person (still a deviation)', () => {
    const v = verifyBedsideIdentity(EXPECTED, { ...GOOD_SCAN, patientId: 'ITP-002' }, ['nurse A'], AT)
    expect(v.result).toBe('mismatch')
    expect(v.deviation).toBe(true)
    expect(engineKinds(v)).toEqual(['patient', 'two_person'])
  })

  it.each(['2024-03-01T09:00', 'yesterday', '2024-02-30T09:00+08:00', ''])(
    'a check without a usable instant (%j) never allows infusion',
    (at) => {
      const v = verifyBedsideIdentity(EXPECTED, GOOD_SCAN, ['a', 'b'], at)
      expect(v.result).not.toBe('match')
      expect(v.infusionAllowed).toBe(false)
      expect(engineKinds(v)).toContain('time')
    },
  )

  it('property: result, deviation, infusionAllowed and issue kinds equal the reference', () => {
    const id = fc.constantFrom('ITP-001', 'ITP-002', ' ITP-001', '', 'itp-001')
    const coi = fc.constantFrom('C-1', 'C-2', 'C-1 ', '')
    const bag = fc.constantFrom('BAG-1', 'BAG-2', 'BAG-9', ' BAG-1', '')
    const people = fc.array(fc.constantFrom('a', 'b', 'a ', '', 'c'), { maxLength: 4 })
    const when = fc.constantFrom(AT, '2024-03-01T01:00Z', '2024-03-01T09:00', '2024-02-30T01:00Z')
    const released = fc.option(fc.subarray(['BAG-1', 'BAG-2', ' BAG-9']), { nil: undefined })
    fc.assert(
      fc.property(id, coi, bag, people, when, released, (p, c, b, vs, at, rel) => {
        const exp: CoiExpectation = {
          subjectId: 'ITP-001',
          coiIdentifier: 'C-1',
          ...(rel ? { releasedBagIds: rel } : {}),
        }
        const scan = { patientId: p, productCoiIdentifier: c, bagId: b }
        const ref = refBedside(exp, scan, vs, at)
        const v = verifyBedsideIdentity(exp, scan, vs, at)
        expect(v.result).toBe(ref.result)
        expect(v.infusionAllowed).toBe(ref.result === 'match')
        expect(v.deviation).toBe(ref.result === 'mismatch')
        expect(engineKinds(v)).toEqual([...ref.kinds].sort())
      }),
      { seed: SEED, numRuns: 600 },
    )
  })
})

describe('platform COI identifier (check character over the identifier without hyphens)', () => {
  it('hand-checked: NCT05315778-S01-0007 gets the reference check character and validates', () => {
    const r = platformCoiIdentifier({ registryId: 'NCT05315778', siteCode: 'S01', subjectNumber: 7 })
    expect(r.ok && r.value).toBe(`NCT05315778-S01-0007-${refCheckChar('NCT05315778S010007')}`)
    expect(r.ok && isValidPlatformCoiIdentifier(r.value)).toBe(true)
  })

  it('a mistyped subject number or a transposition is caught', () => {
    const r = platformCoiIdentifier({ registryId: 'NCT05315778', siteCode: 'S01', subjectNumber: 7 })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(isValidPlatformCoiIdentifier(r.value.replace('-0007-', '-0008-'))).toBe(false)
    expect(isValidPlatformCoiIdentifier(r.value.replace('S01', 'S10'))).toBe(false)
  })

  it.each([
    { registryId: '', siteCode: 'S01', subjectNumber: 7 },
    { registryId: 'NCT05315778', siteCode: '', subjectNumber: 7 },
    { registryId: 'nct05315778', siteCode: 'S01', subjectNumber: 7 },
    { registryId: 'NCT05315778', siteCode: 'S-1', subjectNumber: 7 },
    { registryId: 'NCT05315778', siteCode: 'S01', subjectNumber: -1 },
    { registryId: 'NCT05315778', siteCode: 'S01', subjectNumber: 1.5 },
  ])('refuses parts that cannot make a valid identifier: %j', (parts) => {
    const r = platformCoiIdentifier(parts)
    expect(r.ok).toBe(false)
  })

  it('property: every identifier the platform issues is accepted by its own validator', () => {
    const part = fc
      .array(fc.constantFrom(...REF_ALPHABET.slice(0, 36).split('')), { minLength: 0, maxLength: 12 })
      .map((a) => a.join(''))
    fc.assert(
      fc.property(part, part, fc.integer({ min: 0, max: 123456 }), (registryId, siteCode, subjectNumber) => {
        const r = platformCoiIdentifier({ registryId, siteCode, subjectNumber })
        if (r.ok) expect(isValidPlatformCoiIdentifier(r.value)).toBe(true)
        expect(r.ok).toBe(registryId !== '' && siteCode !== '')
      }),
      { seed: SEED, numRuns: 300 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Tests: §5.1 rule 1 (latest verification of the bag must be a match)
// ---------------------------------------------------------------------------------------------------------------

function verification(
  result: BedsideVerification['result'],
  at: string,
  bagId = 'BAG-1',
): BedsideVerification {
  return {
    result,
    infusionAllowed: result === 'match',
    bagId,
    at,
    verifiers: ['a', 'b'],
    issues: [],
    deviation: result === 'mismatch',
  }
}

describe('§5.1 rule 1: infusion record only after a matching latest verification', () => {
  it('no verification of the bag: refused (infusion before a bedside check)', () => {
    expect(codesOf(canRecordInfusion([], 'BAG-1'))).toEqual(['coi.not_verified'])
    expect(codesOf(canRecordInfusion([verification('match', AT, 'BAG-2')], 'BAG-1'))).toEqual([
      'coi.not_verified',
    ])
  })

  it('mismatch, then a later match: allowed; match, then a later mismatch: refused', () => {
    expect(
      canRecordInfusion(
        [verification('mismatch', '2024-03-01T08:00+08:00'), verification('match', AT)],
        'BAG-1',
      ).ok,
    ).toBe(true)
    expect(
      codesOf(
        canRecordInfusion(
          [verification('match', '2024-03-01T08:00+08:00'), verification('mismatch', AT)],
          'BAG-1',
        ),
      ),
    ).toEqual(['coi.latest_not_match'])
  })

  it('an incomplete (one-person) latest check refuses the infusion', () => {
    expect(
      codesOf(
        canRecordInfusion(
          [verification('match', '2024-03-01T08:00+08:00'), verification('incomplete', AT)],
          'BAG-1',
        ),
      ),
    ).toEqual(['coi.latest_not_match'])
  })

  it('latest means latest instant, not latest string or list position, across time zones', () => {
    // 02:00Z is later than 09:00+08:00 (= 01:00Z) although "02" < "09" as text
    const later = verification('match', '2024-03-01T02:00Z')
    const earlier = verification('mismatch', '2024-03-01T09:00+08:00')
    expect(canRecordInfusion([later, earlier], 'BAG-1').ok).toBe(true)
    const laterBad = verification('mismatch', '2024-03-01T02:00Z')
    const earlierGood = verification('match', '2024-03-01T09:00+08:00')
    expect(canRecordInfusion([laterBad, earlierGood], 'BAG-1').ok).toBe(false)
  })

  it('equal instants written in different zones: the later entry wins the tie', () => {
    expect(
      canRecordInfusion([verification('match', AT), verification('mismatch', '2024-03-01T01:00Z')], 'BAG-1')
        .ok,
    ).toBe(false)
    expect(
      canRecordInfusion([verification('mismatch', AT), verification('match', '2024-03-01T01:00Z')], 'BAG-1')
        .ok,
    ).toBe(true)
  })

  it('a stored verification whose bag id carries scanner whitespace still counts for that bag', () => {
    // regression: the stored bag id was compared untrimmed, so a later mismatch of ' BAG-1 ' was skipped
    const vs = [verification('match', '2024-03-01T08:00+08:00'), verification('mismatch', AT, ' BAG-1 ')]
    expect(codesOf(canRecordInfusion(vs, 'BAG-1'))).toEqual(['coi.latest_not_match'])
    expect(canRecordInfusion([verification('match', AT, 'BAG-1\t')], 'BAG-1').ok).toBe(true)
  })

  it('a verification of another bag never counts for this one', () => {
    const vs = [verification('match', '2024-03-01T08:00+08:00'), verification('mismatch', AT, 'BAG-2')]
    expect(canRecordInfusion(vs, 'BAG-1').ok).toBe(true)
    expect(canRecordInfusion(vs, 'BAG-2').ok).toBe(false)
  })

  it('a stored verification whose time cannot be read refuses the infusion (it might be the latest)', () => {
    const vs = [verification('match', AT), verification('mismatch', '2024-03-01 10:00')]
    const r = canRecordInfusion(vs, 'BAG-1')
    expect(r.ok).toBe(false)
    expect(refCanRecord(vs, 'BAG-1')).toBe(false)
  })

  it('property: allowed exactly when the reference says so', () => {
    const when = fc.constantFrom(
      '2024-03-01T09:00+08:00',
      '2024-03-01T01:00Z',
      '2024-03-01T01:00:00.001Z',
      '2024-03-01T00:59:59.999Z',
      '2024-02-29T20:00-05:00',
      '2024-03-01T02:00+01:00',
    )
    const v = fc
      .tuple(
        fc.constantFrom<BedsideVerification['result']>('match', 'mismatch', 'incomplete'),
        when,
        fc.constantFrom('BAG-1', 'BAG-2', ' BAG-1', 'BAG-1 '),
      )
      .map(([r, at, b]) => verification(r, at, b))
    fc.assert(
      fc.property(fc.array(v, { maxLength: 6 }), (vs) => {
        const r = canRecordInfusion(vs, 'BAG-1')
        expect(r.ok).toBe(refCanRecord(vs, 'BAG-1'))
      }),
      { seed: SEED, numRuns: 600 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Tests: chain of custody
// ---------------------------------------------------------------------------------------------------------------

function hand(from: string, to: string, at: string, extra: Partial<CustodyHandOff> = {}): CustodyHandOff {
  return {
    materialId: 'G123498654321',
    from,
    to,
    place: 'site',
    at,
    temperatureCondition: 'LN2 vapour <= -150 C',
    temperatureInRange: true,
    sealIntact: true,
    ...extra,
  }
}

const CHAIN: CustodyHandOff[] = [
  hand('apheresis unit', 'courier', '2024-01-10T10:00+08:00'),
  hand('courier', 'manufacturer', '2024-01-10T20:00+01:00'), // 03:00Z next day
  hand('manufacturer', 'courier', '2024-02-10T08:00Z'),
  hand('courier', 'cell lab', '2024-02-11T09:00+08:00'),
]

describe('chain of custody (§5.1: ordered, gap-free, sealed, in temperature)', () => {
  it('a clean chain across three time zones validates and lists the holders in order', () => {
    const r = validateCustodyChain(CHAIN, { origin: 'apheresis unit', destination: 'cell lab' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.holders).toEqual(['apheresis unit', 'courier', 'manufacturer', 'courier', 'cell lab'])
    expect(r.value.startedAt).toBe('2024-01-10T10:00+08:00')
    expect(r.value.endedAt).toBe('2024-02-11T09:00+08:00')
    expect(r.value.materialId).toBe('G123498654321')
  })

  it('empty chain is refused', () => {
    expect(codesOf(validateCustodyChain([]))).toEqual(['custody.empty'])
  })

  it('equal instants are in order, even written in different zones', () => {
    const hs = [hand('a', 'b', '2024-03-01T09:00+08:00'), hand('b', 'c', '2024-03-01T01:00Z')]
    expect(validateCustodyChain(hs).ok).toBe(true)
  })

  it('one millisecond earlier is out of order; the text order of the strings does not matter', () => {
    const hs = [hand('a', 'b', '2024-03-01T09:00+08:00'), hand('b', 'c', '2024-03-01T00:59:59.999Z')]
    expect(codesOf(validateCustodyChain(hs))).toEqual(['custody.time_order'])
    // "2024-03-01T02:00Z" < "2024-03-01T09:00+08:00" as text, but it is one hour later
    expect(
      validateCustodyChain([hand('a', 'b', '2024-03-01T09:00+08:00'), hand('b', 'c', '2024-03-01T02:00Z')])
        .ok,
    ).toBe(true)
  })

  it('gap: a transfer whose from is not the previous to; a reordered pair is a gap and an order error', () => {
    expect(codesOf(validateCustodyChain([CHAIN[0]!, CHAIN[2]!, CHAIN[3]!]))).toEqual(['custody.gap'])
    const swapped = [CHAIN[1]!, CHAIN[0]!]
    expect(codesOf(validateCustodyChain(swapped)).sort()).toEqual(refCustody(swapped))
  })

  it('temperature excursion and broken seal are each reported on the hand-off where they happened', () => {
    const hs = CHAIN.map((h, i) =>
      i === 2 ? { ...h, temperatureInRange: false } : i === 3 ? { ...h, sealIntact: false } : h,
    )
    const r = validateCustodyChain(hs)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.issues.map((i) => [i.code, i.path[0]])).toEqual([
      ['custody.temperature_excursion', 2],
      ['custody.seal_broken', 3],
    ])
  })

  it('origin and destination expectations', () => {
    expect(codesOf(validateCustodyChain(CHAIN, { origin: 'manufacturer' }))).toEqual(['custody.origin'])
    expect(codesOf(validateCustodyChain(CHAIN, { destination: 'ward' }))).toEqual(['custody.destination'])
  })

  it('a different material in the middle of the chain is reported where it enters and where it leaves', () => {
    const hs = CHAIN.map((h, i) => (i === 1 ? { ...h, materialId: 'G123498654322' } : h))
    const r = validateCustodyChain(hs)
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.issues.map((i) => [i.code, i.path[0]])).toEqual([
        ['custody.material_changed', 1],
        ['custody.material_changed', 2],
      ])
  })

  it('a single hand-off is a chain; its own from and to are its holders', () => {
    const r = validateCustodyChain([CHAIN[0]!])
    expect(r.ok && r.value.holders).toEqual(['apheresis unit', 'courier'])
  })

  it('property: issue codes equal the reference on perturbed chains', () => {
    const who = fc.constantFrom('a', 'b', 'c', ' a', '')
    const when = fc.constantFrom(
      '2024-03-01T09:00+08:00',
      '2024-03-01T01:00Z',
      '2024-03-01T00:59Z',
      '2024-03-01T02:00+00:00',
      '2024-02-29T21:00-04:00',
      '2024-03-01T09:00',
      '',
    )
    const h = fc.record({
      materialId: fc.constantFrom('M1', 'M1', 'M2', ''),
      from: who,
      to: who,
      place: fc.constantFrom('lab', '', ' '),
      at: when,
      temperatureCondition: fc.constantFrom('2-8 C', ''),
      temperatureInRange: fc.boolean(),
      sealIntact: fc.boolean(),
    })
    const exp = fc.record({
      origin: fc.option(who, { nil: undefined }),
      destination: fc.option(who, { nil: undefined }),
    })
    fc.assert(
      fc.property(fc.array(h, { maxLength: 5 }), exp, (hs, e) => {
        const ex: CustodyChainExpectations = {
          ...(e.origin !== undefined ? { origin: e.origin } : {}),
          ...(e.destination !== undefined ? { destination: e.destination } : {}),
        }
        expect(codesOf(validateCustodyChain(hs, ex)).sort()).toEqual(refCustody(hs, ex))
      }),
      { seed: SEED, numRuns: 800 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Tests: subject lifecycle
// ---------------------------------------------------------------------------------------------------------------

function run(events: [JourneyEventType, string, string?][], start = '2024-01-02'): SubjectJourney {
  let j = startJourney(isoDate(start))
  for (const [type, on, reason] of events) {
    const r = transitionJourney(j, { type, on, ...(reason !== undefined ? { reason } : {}) })
    if (!r.ok) throw new Error(`${type}: ${r.issues.map((i) => i.message).join('; ')}`)
    j = r.value
  }
  return j
}

const TO_RELEASED: [JourneyEventType, string, string?][] = [
  ['start-screening', '2024-01-02'],
  ['enrol', '2024-01-09'],
  ['start-apheresis', '2024-01-10'],
  ['start-manufacturing', '2024-01-11'],
  ['release', '2024-02-01'],
]

describe('subject lifecycle (§5 workflow)', () => {
  it('allowed events from every status equal the reference (table order aside)', () => {
    for (const status of SUBJECT_STATUSES) {
      const expected = JOURNEY_EVENT_TYPES.filter((t) => refTarget(status, t) !== undefined).sort()
      expect([...allowedJourneyEvents({ status })].sort(), status).toEqual(expected)
    }
  })

  it.each([
    'consented',
    'screening',
    'enrolled',
    'apheresis',
    'manufacturing',
    'manufacturing-failed',
    'out-of-specification',
    'released',
  ] as const)(
    'infusion before lymphodepletion of a released product is refused from %s, naming the status and the allowed events',
    (status) => {
      const j = { ...startJourney(isoDate('2024-01-02')), status }
      const r = transitionJourney(j, { type: 'infuse', on: '2024-03-01' })
      expect(r.ok).toBe(false)
      if (r.ok) return
      expect(r.issues.map((i) => i.code)).toEqual(['journey.illegal_transition'])
      const msg = r.issues[0]?.message ?? ''
      expect(msg).toContain(`"${status}"`)
      expect(msg).toContain('infuse')
      for (const e of allowedJourneyEvents({ status })) expect(msg).toContain(e)
    },
  )

  it('lymphodepletion cannot start before release (out-of-specification needs its own release with a reason)', () => {
    const oos = run([
      ...TO_RELEASED.slice(0, 4),
      ['report-out-of-specification', '2024-02-01', 'CAR+ cells 60 % of target'],
    ])
    expect(codesOf(transitionJourney(oos, { type: 'start-lymphodepletion', on: '2024-02-02' }))).toEqual([
      'journey.illegal_transition',
    ])
    expect(
      codesOf(transitionJourney(oos, { type: 'release-out-of-specification', on: '2024-02-02' })),
    ).toEqual(['journey.reason_required'])
    const rel = transitionJourney(oos, {
      type: 'release-out-of-specification',
      on: '2024-02-02',
      reason: 'PI accepts per protocol',
    })
    expect(rel.ok && rel.value.status).toBe('released')
    expect(rel.ok && rel.value.releasedOutOfSpecification).toBe(true)
  })

  it('the full path: LD, infusion on Day 0, follow-up, completion', () => {
    const j = run([
      ...TO_RELEASED,
      ['start-lymphodepletion', '2024-02-05'],
      ['infuse', '2024-02-10'],
      ['start-short-term-follow-up', '2024-02-10'],
      ['start-long-term-follow-up', '2024-05-04'],
      ['complete', '2025-05-04'],
    ])
    expect(j.status).toBe('completed')
    expect(j.infusionDate).toBe('2024-02-10')
    expect(j.since).toBe('2025-05-04')
    expect(j.history).toHaveLength(10)
    expect(j.apheresisCount).toBe(1)
    expect(j.manufacturingCount).toBe(1)
    expect(j.releasedOutOfSpecification).toBe(false)
    expect(allowedJourneyEvents(j)).toEqual([])
  })

  it('every terminal state refuses every event, exits included', () => {
    for (const status of REF_TERMINAL) {
      for (const type of JOURNEY_EVENT_TYPES) {
        const r = transitionJourney(
          { ...startJourney(isoDate('2024-01-02')), status },
          { type, on: '2024-02-01', reason: 'x' },
        )
        expect(codesOf(r), `${status} ${type}`).toEqual(['journey.illegal_transition'])
        if (!r.ok) expect(r.issues[0]?.message).toContain('none (final state)')
      }
    }
  })

  it('an exit needs a reason, including a blank one, and keeps it', () => {
    const j = run(TO_RELEASED)
    expect(codesOf(transitionJourney(j, { type: 'withdraw', on: '2024-02-02' }))).toEqual([
      'journey.reason_required',
    ])
    expect(codesOf(transitionJourney(j, { type: 'die', on: '2024-02-02', reason: '  ' }))).toEqual([
      'journey.reason_required',
    ])
    const r = transitionJourney(j, { type: 'lose-to-follow-up', on: '2024-02-02', reason: ' no contact ' })
    expect(r.ok && r.value.status).toBe('lost-to-follow-up')
    expect(r.ok && r.value.exitReason).toBe('no contact')
  })

  it('same-day events are allowed; a date before the previous step is refused; impossible dates are refused', () => {
    const j = run(TO_RELEASED)
    expect(transitionJourney(j, { type: 'start-lymphodepletion', on: '2024-02-01' }).ok).toBe(true)
    expect(codesOf(transitionJourney(j, { type: 'start-lymphodepletion', on: '2024-01-31' }))).toEqual([
      'journey.date_before_previous',
    ])
    expect(codesOf(transitionJourney(j, { type: 'start-lymphodepletion', on: '2025-02-29' }))).toEqual([
      'journey.invalid_date',
    ])
    expect(transitionJourney(j, { type: 'start-lymphodepletion', on: '2024-02-29' }).ok).toBe(true)
  })

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'unknown-event'])(
    'an event name read from data that is not an event (%j) is refused, never a move to a non-status',
    (type) => {
      // regression: `type in EXITS` found inherited names and moved the subject into a function
      const r = transitionJourney(startJourney(isoDate('2024-01-02')), {
        type: type as JourneyEventType,
        on: '2024-01-03',
        reason: 'x',
      })
      expect(codesOf(r)).toEqual(['journey.illegal_transition'])
    },
  )

  it('a status that is not a lifecycle status allows no event', () => {
    expect(allowedJourneyEvents({ status: 'toString' as SubjectStatus })).toEqual([])
  })

  it('a refused event leaves the journey unchanged (no partial step)', () => {
    const j = run(TO_RELEASED)
    const before = JSON.stringify(j)
    transitionJourney(j, { type: 'infuse', on: '2024-02-02' })
    transitionJourney(j, { type: 'withdraw', on: '2024-02-02' })
    expect(JSON.stringify(j)).toBe(before)
  })

  it('property: random event sequences follow the reference machine, counts, dates and reasons', () => {
    const ev = fc.record({
      type: fc.constantFrom(...JOURNEY_EVENT_TYPES),
      step: fc.integer({ min: -2, max: 30 }),
      reason: fc.constantFrom(undefined, '', ' ', 'why'),
    })
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 30 }), (events) => {
        let j = startJourney(isoDate('2024-01-02'))
        let status: SubjectStatus = 'consented'
        let since = '2024-01-02'
        let apheresis = 0
        let manufacturing = 0
        let oos = false
        let infusion: string | null = null
        let steps = 0
        for (const e of events) {
          const on = addDays(since, e.step)
          const r = transitionJourney(j, {
            type: e.type,
            on,
            ...(e.reason !== undefined ? { reason: e.reason } : {}),
          })
          const to = refTarget(status, e.type)
          const reasonOk = !REF_REASON.has(e.type) || (e.reason ?? '').trim() !== ''
          const allowed = to !== undefined && reasonOk && e.step >= 0
          expect(r.ok, `${status} --${e.type}@${on} (${String(e.reason)})`).toBe(allowed)
          if (!r.ok || to === undefined) continue
          if (to === 'apheresis') apheresis++
          if (to === 'manufacturing') manufacturing++
          if (e.type === 'release-out-of-specification') oos = true
          if (to === 'infused') infusion = on
          status = to
          since = on
          steps++
          j = r.value
          expect(j.status).toBe(status)
          expect(j.since).toBe(since)
          expect(j.apheresisCount).toBe(apheresis)
          expect(j.manufacturingCount).toBe(manufacturing)
          expect(j.releasedOutOfSpecification).toBe(oos)
          expect(j.infusionDate).toBe(infusion)
          expect(j.history).toHaveLength(steps)
          // infusion is only ever reached after a release and a lymphodepletion (§5 order)
          if (status === 'infused') {
            const path = j.history.map((s) => s.to)
            const lastRelease = path.lastIndexOf('released')
            expect(lastRelease).toBeGreaterThanOrEqual(0)
            expect(path.indexOf('lymphodepletion', lastRelease)).toBeGreaterThan(lastRelease)
          }
        }
      }),
      { seed: SEED, numRuns: 400 },
    )
  })
})
