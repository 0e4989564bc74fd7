/**
 * Independent check of the ISBT 128 DIN / ISO/IEC 7064 MOD 37-2 code, the chain of identity and the chain of
 * custody against small reference implementations written from the domain text alone, on boundary cases and
 * generated inputs (fast-check, fixed seed).
 *
 * Source: ../shared/domain/regimen-and-dosing.md §5.2 (DIN = 13 characters: facility id (uppercase letter + 4
 * characters, currently digits) + 2-digit year + 6-digit sequence; 2 flag characters in bar codes; eye-readable
 * check character; MOD 37-2: 0-9 -> 0-9, A-Z -> 10-35, * -> 36, weights 2^n with rightmost n = 1, checksum =
 * (38 - sum mod 37) mod 37, flag check value = checksum + 60; worked example G123 498 654 321 -> 148 354, 21,
 * 17, H, 77), §5.1 (COI engine rules 1-2: latest verification must be "match", any mismatch blocks and raises
 * a deviation; COC rule 3: each transfer's `from` equals the previous transfer's `to`), §5 (bedside two-person
 * identity verification patient <-> bag label <-> COI).
 *
 * The reference sums use BigInt and the full weighted sum (no running modulus); instants use `Date.parse`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type CustodyHandOff, validateCustodyChain } from './chain-of-custody.js'
import { type BedsideVerification, canRecordInfusion, verifyBedsideIdentity } from './chain-of-identity.js'
import { parseDin } from './isbt128-din.js'
import { isValidMod37_2, mod37_2CheckCharacter, mod37_2CheckValue } from './iso7064-mod37-2.js'

const FC = { seed: 20261207, numRuns: 200 }

// ---------------------------------------------------------------- reference MOD 37-2 (§5.2) ---------------
const refValue = (c: string): number | null => {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55
  if (c === '*') return 36
  return null
}
const refChar = (v: number) => (v < 10 ? String(v) : v < 36 ? String.fromCharCode(v + 55) : '*')
const refWeightedSum = (data: string): bigint | null => {
  let sum = 0n
  for (let i = 0; i < data.length; i++) {
    const v = refValue(data.charAt(i))
    if (v === null) return null
    sum += BigInt(v) * 2n ** BigInt(data.length - i) // position from the right, rightmost n = 1
  }
  return sum
}
/** check value of data characters 0-9 / A-Z (`*` is the supplementary check character only) */
const refCheckValue = (data: string): number | null => {
  if (data === '' || data.includes('*')) return null
  const sum = refWeightedSum(data)
  return sum === null ? null : Number((38n - (sum % 37n)) % 37n)
}

// ---------------------------------------------------------------- reference DIN (§5.2) --------------------
interface RefDin {
  din: string
  check: string
  checkValue: number
  flags: string | null
}
/** null = rejected. Eye-readable spaces removed; no case folding ("uppercase letter"); `=` + DIN + 2 flags. */
const refParseDin = (input: string): RefDin | null => {
  let text = input.trim()
  let flags: string | null = null
  if (text.startsWith('=')) {
    if (text.length !== 16) return null
    flags = text.slice(14)
    text = text.slice(1, 14)
    if (!/^[0-9A-Z]{2}$/.test(flags)) return null
  } else text = text.split(' ').join('')
  const din = text.slice(0, 13)
  const provided = text.length === 14 && flags === null ? text.charAt(13) : null
  if (text.length !== 13 && provided === null) return null
  if (!/^[A-Z][0-9A-Z]{4}[0-9]{2}[0-9]{6}$/.test(din)) return null
  const checkValue = refCheckValue(din)
  if (checkValue === null) return null
  const check = refChar(checkValue)
  if (provided !== null && provided !== check) return null
  if (flags !== null && /^[0-9]{2}$/.test(flags)) {
    const f = Number(flags)
    if (f >= 60 && f <= 96 && f !== checkValue + 60) return null
  }
  return { din, check, checkValue, flags }
}

const DIGIT = fc.constantFrom(...'0123456789')
const UPPER = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
const ALNUM = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ')
const str = (ch: fc.Arbitrary<string>, n: number) => fc.array(ch, { minLength: n, maxLength: n }).map((a) => a.join(''))
const validDin = fc
  .tuple(UPPER, str(fc.oneof(DIGIT, ALNUM), 4), str(DIGIT, 2), str(DIGIT, 6))
  .map(([a, b, c, d]) => a + b + c + d)

describe('MOD 37-2 and DIN against the §5.2 reference', () => {
  it('reproduces the worked example G123 498 654 321 -> 148 354, 21, 17, H, 77', () => {
    expect(refWeightedSum('G123498654321')).toBe(148354n)
    expect(148354 % 37).toBe(21)
    expect(refCheckValue('G123498654321')).toBe(17)
    expect(mod37_2CheckValue('G123498654321')).toBe(17)
    expect(mod37_2CheckCharacter('G123498654321')).toBe('H')
    for (const input of ['G123498654321', 'G123 498 654 321', 'G123 498 654 321 H', 'G123498654321H', '=G12349865432177', '=G12349865432100']) {
      const r = parseDin(input)
      expect(r.ok, input).toBe(true)
      expect(r.value?.checkCharacter).toBe('H')
      expect(r.value?.flagCheckValue).toBe(77)
      expect(r.value?.eyeReadable).toBe('G123 498 654 321 H')
    }
    for (const bad of ['G123 498 654 321 G', '=G12349865432176', 'g123 498 654 321', 'G123 498 654 321 h', 'G12349865432', 'G1234986543210', '1123498654321', 'G1234986543*1', 'G123498654321HH', '=G123498654321']) {
      expect(parseDin(bad).ok, bad).toBe(false)
      expect(refParseDin(bad), bad).toBeNull()
    }
  })

  it('every one of the 37 check values (0-9, A-Z, *) is produced, with flag value = check + 60', () => {
    const seen = new Set<string>()
    for (let n = 0; seen.size < 37 && n < 5000; n++) {
      const din = `A0000${String(n).padStart(8, '0')}`
      const ref = refParseDin(din)
      const ours = parseDin(din)
      expect(ref).not.toBeNull()
      expect(ours.value?.checkCharacter).toBe(ref?.check)
      expect(ours.value?.flagCheckValue).toBe((ref?.checkValue ?? -1) + 60)
      expect(isValidMod37_2(din + (ref?.check ?? ''))).toBe(true)
      expect(parseDin(`${din}${ref?.check ?? ''}`).ok).toBe(true)
      seen.add(ref?.check ?? '')
    }
    expect([...seen].sort().join('')).toBe([...'*0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'].sort().join(''))
  })

  it('check value equals the BigInt weighted-sum reference on any 0-9/A-Z string, null otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(ALNUM, { minLength: 1, maxLength: 80 }).map((a) => a.join('')), fc.string({ maxLength: 20 })), (s) => {
        expect(mod37_2CheckValue(s)).toBe(refCheckValue(s))
      }),
      FC,
    )
  })

  it('catches every single substitution and every adjacent transposition (check character included)', () => {
    fc.assert(
      fc.property(validDin, fc.nat(13), fc.nat(36), (din, pos, v) => {
        const checked = din + refChar(refCheckValue(din) ?? 0)
        expect(isValidMod37_2(checked)).toBe(true)
        const sub = checked.slice(0, pos) + refChar(v) + checked.slice(pos + 1)
        expect(isValidMod37_2(sub)).toBe(sub === checked)
        const p = Math.min(pos, 12)
        const tr = checked.slice(0, p) + checked.charAt(p + 1) + checked.charAt(p) + checked.slice(p + 2)
        expect(isValidMod37_2(tr)).toBe(tr === checked)
      }),
      FC,
    )
  })

  it('parseDin agrees with the reference on valid, spaced, checked, bar-code and corrupted inputs', () => {
    const noise = fc.constantFrom(...'aZ9 *=-\tg0')
    const input = fc.oneof(
      validDin,
      validDin.map((d) => `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7, 10)} ${d.slice(10)}`),
      fc.tuple(validDin, fc.boolean()).map(([d, ok]) => d + (ok ? refChar(refCheckValue(d) ?? 0) : 'H')),
      fc.tuple(validDin, fc.integer({ min: 0, max: 99 })).map(([d, f]) => `=${d}${String(f).padStart(2, '0')}`),
      validDin.map((d) => `=${d}${(refCheckValue(d) ?? 0) + 60}`),
      fc.tuple(validDin, fc.nat(14), noise).map(([d, i, c]) => d.slice(0, i) + c + d.slice(i + 1)),
      validDin.map((d) => d.toLowerCase()),
      fc.string({ maxLength: 18 }),
    )
    fc.assert(
      fc.property(input, (s) => {
        const ref = refParseDin(s)
        const ours = parseDin(s)
        expect(ours.ok, s).toBe(ref !== null)
        if (ref && ours.ok) {
          expect(ours.value.din).toBe(ref.din)
          expect(ours.value.checkCharacter).toBe(ref.check)
          expect(ours.value.checkValue).toBe(ref.checkValue)
          expect(ours.value.flags).toBe(ref.flags)
          expect(ours.value.facilityId + ours.value.yearCode + ours.value.sequenceNumber).toBe(ref.din)
          expect(ours.value.yearCode).toBe(ref.din.slice(5, 7))
        }
      }),
      FC,
    )
  })
})

// ---------------------------------------------------------------- reference chain of custody (§5.1) --------
const refMs = (at: string): number | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.exec(at)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const day = new Date(Date.UTC(y, mo - 1, d))
  // Date.parse rolls 2024-02-30 over to March 1: reject dates that are not on the calendar
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null
  return Date.parse(at)
}

/** codes of the §5.1 continuity / ordering rules that the reference derives */
const refCustodyCodes = (chain: readonly CustodyHandOff[]): string[] => {
  const codes = new Set<string>()
  if (chain.length === 0) return ['custody.empty']
  let prevMs: number | null = null
  chain.forEach((h, i) => {
    const ms = refMs(h.at)
    if (ms === null) codes.add('custody.invalid_time')
    else {
      if (prevMs !== null && ms < prevMs) codes.add('custody.time_order')
      prevMs = ms
    }
    if (i > 0 && chain[i - 1]?.to !== h.from) codes.add('custody.gap')
    if (i > 0 && chain[i - 1]?.materialId !== h.materialId) codes.add('custody.material_changed')
    if (!h.sealIntact) codes.add('custody.seal_broken')
    if (!h.temperatureInRange) codes.add('custody.temperature_excursion')
  })
  return [...codes].sort()
}

// the same instants written with different offsets (12:00Z = 20:00+08:00 = 07:00-05:00)
const TIMES = [
  '2024-03-01T08:00Z',
  '2024-03-01T12:00:00Z',
  '2024-03-01T20:00+08:00',
  '2024-03-01T07:00-05:00',
  '2024-03-01T12:00:00.001Z',
  '2024-03-02T01:30+05:30',
  '2024-03-01 12:00Z',
  '2024-03-01T12:00',
  '2024-02-30T12:00Z',
]
const HOLDERS = ['apheresis unit', 'courier', 'manufacturer', 'site lab', 'Courier']

describe('chain of custody against the §5.1 reference', () => {
  const handOff = fc.record({
    materialId: fc.constantFrom('W000024000001', 'W000024000001', 'W000024000002'),
    from: fc.constantFrom(...HOLDERS),
    to: fc.constantFrom(...HOLDERS),
    place: fc.constant('Kunming'),
    at: fc.constantFrom(...TIMES),
    temperatureCondition: fc.constant('LN2 vapour <= -150 C'),
    temperatureInRange: fc.constantFrom(true, true, true, true, false),
    sealIntact: fc.constantFrom(true, true, true, true, false),
  })
  // chains built gap-free, then possibly perturbed
  const chain = fc.tuple(fc.array(handOff, { minLength: 1, maxLength: 6 }), fc.boolean()).map(([hs, link]) =>
    link ? hs.map((h, i) => (i > 0 ? { ...h, from: hs[i - 1]?.to ?? h.from } : h)) : hs,
  )

  it('reports exactly the reference rule violations and lists holders in order', () => {
    fc.assert(
      fc.property(chain, (hs) => {
        const ours = validateCustodyChain(hs)
        const ref = refCustodyCodes(hs)
        expect(ours.ok ? [] : [...new Set(ours.issues.map((i) => i.code))].sort()).toEqual(ref)
        if (ours.ok) expect(ours.value.holders).toEqual([hs[0]?.from, ...hs.map((h) => h.to)])
      }),
      FC,
    )
  })

  it('treats equal instants written with different offsets as equal, and a later offset-earlier time as out of order', () => {
    const h = (from: string, to: string, at: string): CustodyHandOff => ({
      materialId: 'W000024000001', from, to, place: 'x', at, temperatureCondition: '2-8 C', temperatureInRange: true, sealIntact: true,
    })
    expect(validateCustodyChain([h('a', 'b', '2024-03-01T20:00+08:00'), h('b', 'c', '2024-03-01T12:00Z')]).ok).toBe(true)
    const r = validateCustodyChain([h('a', 'b', '2024-03-01T20:00+08:00'), h('b', 'c', '2024-03-01T11:59:59.999Z')])
    expect(r.issues?.map((i) => i.code)).toEqual(['custody.time_order'])
    expect(validateCustodyChain([h('a', 'b', '2024-03-01T10:00Z'), h('B', 'c', '2024-03-01T11:00Z')]).issues?.map((i) => i.code)).toEqual(['custody.gap'])
  })
})

// ---------------------------------------------------------------- reference chain of identity (§5, §5.1) ---
describe('chain of identity against the §5 / §5.1 reference', () => {
  const expected = { subjectId: 'CT-01-007', coiIdentifier: 'NCT06352281-KUN01-0007-X', releasedBagIds: ['BAG-1', 'BAG-2'] }
  const refResult = (patientId: string, coi: string, bagId: string, verifiers: string[], at: string) => {
    const eq = (a: string, b: string) => a.trim() !== '' && a.trim() === b.trim()
    const mismatch = !eq(patientId, expected.subjectId) || !eq(coi, expected.coiIdentifier) || !expected.releasedBagIds.some((b) => eq(b, bagId))
    const twoPeople = new Set(verifiers.map((v) => v.trim()).filter((v) => v !== '')).size >= 2
    return mismatch ? 'mismatch' : twoPeople && refMs(at) !== null ? 'match' : 'incomplete'
  }

  it('classifies bedside checks like the reference; only a match allows infusion; a mismatch is a deviation', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('CT-01-007', ' CT-01-007 ', 'CT-01-008', 'ct-01-007', ''),
        fc.constantFrom(expected.coiIdentifier, `${expected.coiIdentifier}\n`, 'NCT06352281-KUN01-0008-X', ''),
        fc.constantFrom('BAG-1', 'BAG-2 ', 'BAG-3', 'bag-1'),
        fc.array(fc.constantFrom('nurse A', 'nurse B', ' nurse A', ''), { maxLength: 3 }),
        fc.constantFrom(...TIMES),
        (p, c, b, v, at) => {
          const r = verifyBedsideIdentity(expected, { patientId: p, productCoiIdentifier: c, bagId: b }, v, at)
          const ref = refResult(p, c, b, v, at)
          expect(r.result).toBe(ref)
          expect(r.infusionAllowed).toBe(ref === 'match')
          expect(r.deviation).toBe(ref === 'mismatch')
        },
      ),
      FC,
    )
  })

  it('allows recording the infusion only when the latest verification of that bag is a match (§5.1 rule 1)', () => {
    const v = (bagId: string, result: BedsideVerification['result'], at: string): BedsideVerification => ({
      result, infusionAllowed: result === 'match', bagId, at, verifiers: ['a', 'b'], issues: [], deviation: result === 'mismatch',
    })
    /** reference: latest by instant, a tie goes to the later entry; a verification of the bag that cannot be
     *  placed in time cannot be shown to be superseded, so it blocks (rule 2) */
    const refCan = (vs: BedsideVerification[], bag: string): boolean => {
      const mine = vs.filter((x) => x.bagId === bag)
      if (mine.length === 0 || mine.some((x) => refMs(x.at) === null)) return false
      let best = mine[0]!
      for (const x of mine) if ((refMs(x.at) ?? 0) >= (refMs(best.at) ?? 0)) best = x
      return best.result === 'match'
    }
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom('BAG-1', 'BAG-2'), fc.constantFrom<BedsideVerification['result']>('match', 'mismatch', 'incomplete'), fc.constantFrom(...TIMES)),
          { maxLength: 5 },
        ),
        (rows) => {
          const vs = rows.map(([b, r, at]) => v(b, r, at))
          expect(canRecordInfusion(vs, 'BAG-1').ok).toBe(refCan(vs, 'BAG-1'))
          expect(canRecordInfusion(vs, ' BAG-1 ').ok).toBe(refCan(vs, 'BAG-1'))
        },
      ),
      FC,
    )
    // regression (§5.1 rules 1-2): a mismatch whose time cannot be read is not silently skipped
    expect(canRecordInfusion([v('BAG-1', 'match', '2024-03-01T08:00Z'), v('BAG-1', 'mismatch', '2024-03-01T09:00')], 'BAG-1').ok).toBe(false)
    // offsets: 20:00+08:00 (12:00Z) is later than 11:00Z
    expect(canRecordInfusion([v('BAG-1', 'mismatch', '2024-03-01T11:00Z'), v('BAG-1', 'match', '2024-03-01T20:00+08:00')], 'BAG-1').ok).toBe(true)
    expect(canRecordInfusion([v('BAG-1', 'match', '2024-03-01T20:00+08:00'), v('BAG-1', 'mismatch', '2024-03-01T12:00:00.001Z')], 'BAG-1').ok).toBe(false)
  })
})
