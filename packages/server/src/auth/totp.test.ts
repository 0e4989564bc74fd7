import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { base32Decode, base32Encode, hotp, otpauthUri, totp, totpStep, verifyTotp } from './totp.js'
import { openTotpSecret, parseTotpKey, sealTotpSecret } from './totp-secret.js'

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890"; codes have 8 digits
const RFC6238_SEED = Buffer.from('12345678901234567890', 'ascii')
const RFC6238_SHA1 = [
  { unixTime: 59, step: 0x1, code: '94287082' },
  { unixTime: 1111111109, step: 0x23523ec, code: '07081804' },
  { unixTime: 1111111111, step: 0x23523ed, code: '14050471' },
  { unixTime: 1234567890, step: 0x273ef07, code: '89005924' },
  { unixTime: 2000000000, step: 0x3f940aa, code: '69279037' },
  { unixTime: 20000000000, step: 0x27bc86aa, code: '65353130' },
]

describe('TOTP (RFC 6238, HMAC-SHA-1)', () => {
  it.each(RFC6238_SHA1)('gives the Appendix B code at T = $unixTime', ({ unixTime, step, code }) => {
    expect(totpStep(unixTime * 1000)).toBe(step)
    expect(totp(RFC6238_SEED, unixTime * 1000, { digits: 8 })).toBe(code)
    // 6 digits are the same value modulo 10^6
    expect(totp(RFC6238_SEED, unixTime * 1000)).toBe(code.slice(2))
  })

  it('gives the RFC 4226 Appendix D HOTP values', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ]
    expect(expected.map((_, counter) => hotp(RFC6238_SEED, counter))).toEqual(expected)
  })

  it('accepts the code of the step before and after now, not two steps away', () => {
    const now = 1111111111_000
    const at = (dSteps: number) => totp(RFC6238_SEED, now + dSteps * 30_000)
    expect(verifyTotp(RFC6238_SEED, at(0), now)).toBe(totpStep(now))
    expect(verifyTotp(RFC6238_SEED, at(-1), now)).toBe(totpStep(now) - 1)
    expect(verifyTotp(RFC6238_SEED, at(1), now)).toBe(totpStep(now) + 1)
    expect(verifyTotp(RFC6238_SEED, at(-2), now)).toBeUndefined()
    expect(verifyTotp(RFC6238_SEED, at(2), now)).toBeUndefined()
  })

  it('refuses a step already used, and anything that is not six digits', () => {
    const now = 1234567890_000
    const code = totp(RFC6238_SEED, now)
    expect(verifyTotp(RFC6238_SEED, code, now, { lastUsedStep: totpStep(now) })).toBeUndefined()
    expect(verifyTotp(RFC6238_SEED, code, now, { lastUsedStep: totpStep(now) - 1 })).toBe(totpStep(now))
    expect(verifyTotp(RFC6238_SEED, ` ${code.slice(0, 3)} ${code.slice(3)} `, now)).toBe(totpStep(now))
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code}0`])
      expect(verifyTotp(RFC6238_SEED, bad, now), bad).toBeUndefined()
  })
})

describe('base32 (RFC 4648 §10 test vectors)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ]
  it.each(vectors)('encodes %j as %j and back', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded)
    expect(base32Decode(encoded).toString()).toBe(plain)
    expect(base32Decode(encoded.toLowerCase().replace(/=/g, '')).toString()).toBe(plain)
  })
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect([...base32Decode(base32Encode(bytes, { padding: false }))]).toEqual([...bytes])
      }),
    )
  })
  it('names a character outside the alphabet', () => {
    expect(() => base32Decode('MZ1W')).toThrow('character "1" at position 2')
  })
})

describe('otpauth URI and sealed secrets', () => {
  it('writes the key URI authenticator apps read', () => {
    expect(otpauthUri({ secret: RFC6238_SEED, account: 'li.na' })).toBe(
      'otpauth://totp/CellTrial:li.na?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=CellTrial&algorithm=SHA1&digits=6&period=30',
    )
  })
  it('encrypts with a key, bound to the user, and refuses another key or user', () => {
    const key = parseTotpKey('00'.repeat(32))
    const sealed = sealTotpSecret(RFC6238_SEED, 7, key)
    expect(sealed).toMatch(/^aes256gcm:/)
    expect(sealed).not.toContain(RFC6238_SEED.toString('hex'))
    expect(openTotpSecret(sealed, 7, key)).toEqual(RFC6238_SEED)
    expect(() => openTotpSecret(sealed, 8, key)).toThrow('does not decrypt')
    expect(() => openTotpSecret(sealed, 7, parseTotpKey('11'.repeat(32)))).toThrow('does not decrypt')
    expect(() => openTotpSecret(sealed, 7, undefined)).toThrow('CELLTRIAL_TOTP_KEY is not set')
    expect(openTotpSecret(sealTotpSecret(RFC6238_SEED, 7, undefined), 7, undefined)).toEqual(RFC6238_SEED)
  })
  it('accepts a key as hex or base64 and refuses a short one', () => {
    expect(parseTotpKey(Buffer.alloc(32, 5).toString('base64'))).toEqual(Buffer.alloc(32, 5))
    expect(() => parseTotpKey('abcd')).toThrow('32 bytes')
  })
})
